"""The one console factory, and the one place content text is made safe to print."""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Any

from . import textsafe as _textsafe

if TYPE_CHECKING:
    from rich.console import Console

MIN_WIDTH = 20  # columns: COLUMNS=0 or a sliver of a pane still gets a readable view


def clean(text: Any) -> str:
    """Content or user input as inert text: unsafe characters become U+FFFD."""
    return _textsafe.clean(text)  # the one rule, derived from unicodedata: see textsafe.py


def _force_color() -> bool:
    return os.environ.get("FORCE_COLOR") not in (None, "", "0")


def plain_by_default() -> bool:
    """Output to a pipe or a file is plain (stable lines for grep) unless FORCE_COLOR is set."""
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdout
        terminal = False
    return not terminal and not _force_color()


def make_console(plain: bool = False, stderr: bool = False) -> Console:
    from rich.console import Console

    # rich reads FORCE_COLOR itself: a --plain run says no to it explicitly.
    force = (not plain) if _force_color() else None
    console = Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        markup=False,
        no_color=plain or bool(os.environ.get("NO_COLOR")),
        force_terminal=force,
        soft_wrap=False,
    )
    if console.width < MIN_WIDTH:
        console.width = MIN_WIDTH
    return console


def print_json(data: Any) -> None:
    """JSON on stdout; the unsafe characters JSON itself leaves raw are written as \\u escapes."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_textsafe.escape_json(text) + "\n")


def error_line(message: str, hint: str | None = None) -> None:
    """One clear line on stderr (and a hint line when there is something to do)."""
    out = f"error: {clean(message)}"
    if hint:
        out += f"\nhint: {clean(hint)}"
    sys.stderr.write(out + "\n")
    sys.stderr.flush()


def show(console: Console, *renderables: Any, long: bool = False, plain: bool = False) -> None:
    """Print renderables; long output goes through a pager in an interactive terminal."""
    use_pager = (
        long
        and not plain
        and console.is_terminal
        and sys.stdin.isatty()
        and console.height < _estimated_lines(console, renderables)
    )
    pager = pager_for() if use_pager else None
    if pager is not None:
        with console.pager(pager=pager, styles=pager.styles):
            _print(console, renderables)
        return
    if plain:
        # Stable lines for grep and screen readers: no padding at line ends.
        with console.capture() as captured:
            _print(console, renderables)
        sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
        return
    _print(console, renderables)


def _print(console: Console, renderables: tuple) -> None:
    # Not cropped: every view fits its lines to the width itself, except a URL longer than
    # the width, which is printed whole on its own line for the terminal to wrap.
    for r in renderables:
        console.print(r, crop=False)


def _estimated_lines(console: Console, renderables: tuple) -> int:
    options = console.options
    return sum(len(console.render_lines(r, options, pad=False)) for r in renderables)


# Colour goes only to a pager known to show it: less with -R or -r (git's default LESS=FRX).
_LESS_RAW = re.compile(r"(?:^|\s)-[^-\s]*[Rr]|--raw-control-chars|--RAW-CONTROL-CHARS")


class CommandPager:
    """A pager program run through the shell, as git runs $PAGER, with its own environment.

    `styles` says whether it is sent colour and bold: only less reading raw control codes is;
    `more` and unknown programs get plain text (they would show the codes as text)."""

    def __init__(self, command: str, env: dict[str, str]):
        import shlex

        self.command, self.env = command, env
        try:
            words = shlex.split(command)
        except ValueError:
            words = []
        is_less = bool(words) and os.path.basename(words[0]) == "less"
        flags = " ".join(["-" + env.get("LESS", "").lstrip("-"), *words[1:]])
        self.styles = is_less and bool(_LESS_RAW.search(flags))

    def show(self, content: str) -> None:  # what rich's console.pager() calls
        import subprocess

        try:
            proc = subprocess.Popen(self.command, shell=True, stdin=subprocess.PIPE, env=self.env)
        except OSError:
            sys.stdout.write(content)
            return
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        try:
            with proc.stdin:
                proc.stdin.write(content.encode(encoding, errors="replace"))
        except KeyboardInterrupt:
            pass  # the pager has it too, and decides
        except OSError:
            pass  # the pager was quit before it read everything
        while True:
            try:
                proc.wait()
                break
            except KeyboardInterrupt:
                pass  # Ctrl-C is for the pager (less stops a search on it): keep waiting


def pager_for(environ: dict[str, str] | None = None) -> CommandPager | None:
    """The pager git would choose: $PAGER (empty or `cat`: none), else less, else more, else
    none. When LESS is unset, the pager's environment (only its own) gets LESS=FRX: quit if
    one screen, show colour codes raw, leave the text on the screen; and LV=-c likewise."""
    environ = dict(os.environ if environ is None else environ)
    command = environ.get("PAGER")
    if command is not None:
        command = command.strip()
        if command in ("", "cat"):
            return None
    else:
        import shutil

        command = next((p for p in ("less", "more") if shutil.which(p)), None)
        if command is None:
            return None
    environ.setdefault("LESS", "FRX")
    environ.setdefault("LV", "-c")
    return CommandPager(command, environ)
