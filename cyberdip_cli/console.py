"""The one console factory, and the one place content text is made safe to print."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from . import textsafe as _textsafe

if TYPE_CHECKING:
    from rich.console import Console


def clean(text: Any) -> str:
    """Content or user input as inert text: unsafe characters become U+FFFD."""
    return _textsafe.clean(text)  # the one rule, derived from unicodedata: see textsafe.py


def make_console(plain: bool = False, stderr: bool = False) -> Console:
    from rich.console import Console

    force = os.environ.get("FORCE_COLOR") not in (None, "", "0") and not plain
    return Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        markup=False,
        no_color=plain or bool(os.environ.get("NO_COLOR")),
        force_terminal=True if force else None,
        soft_wrap=False,
    )


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
    if use_pager:
        with console.pager(styles=not console.no_color):
            for r in renderables:
                console.print(r)
        return
    if plain:
        # Stable lines for grep and screen readers: no padding at line ends.
        with console.capture() as captured:
            for r in renderables:
                console.print(r)
        sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
        return
    for r in renderables:
        console.print(r)


def _estimated_lines(console: Console, renderables: tuple) -> int:
    options = console.options
    return sum(len(console.render_lines(r, options, pad=False)) for r in renderables)
