"""`cyberdip help`: the same help text as `--help`, as pages or as a man page."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def _complete_command(incomplete: str) -> list[str]:
    from ..app import command

    return [name for name in command().commands if name.startswith(incomplete)]


HELP = """Show the help page of a command, list them all, or print a man page built from the
same help text.

Examples:

  cyberdip help quiz

  cyberdip help --man > cyberdip.1
"""


def register(app: typer.Typer) -> None:
    app.command("help", help=HELP, short_help="Help pages, or a man page (--man).")(help_command)


def help_command(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[COMMAND]", help="A command name.", autocompletion=_complete_command
        ),
    ] = None,
    man: Annotated[
        bool, typer.Option("--man", help="Print a man page (roff) for all commands.")
    ] = False,
) -> None:
    from ..errors import UsageError

    root = ctx.find_root()
    group = root.command
    if man:
        sys.stdout.write(man_page(root))
        return
    if topic is None:
        sys.stdout.write(root.get_help() + "\n")
        return
    sub = group.get_command(root, topic)
    if sub is None:
        names = ", ".join(sorted(group.list_commands(root)))
        raise UsageError(f"no command named '{topic}'", hint=f"commands: {names}")
    with typer.Context(sub, info_name=topic, parent=root) as sub_ctx:
        sys.stdout.write(sub.get_help(sub_ctx) + "\n")


def _roff(text: str) -> str:
    lines = []
    for line in text.splitlines():
        line = line.replace("\\", "\\\\")
        lines.append(("\\&" + line) if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def man_page(root) -> str:
    from .. import __version__

    group = root.command
    out = [
        f'.TH CYBERDIP 1 "" "cyberdip {__version__}" "User Commands"',
        ".SH NAME",
        "cyberdip \\- learn EU cyber diplomacy in the terminal",
        ".SH SYNOPSIS",
        ".B cyberdip",
        "[OPTIONS] COMMAND [ARGS]...",
        ".SH DESCRIPTION",
        _roff(group.help or ""),
        ".SH COMMANDS",
    ]
    for name in group.list_commands(root):
        sub = group.get_command(root, name)
        if sub is None or sub.hidden:
            continue
        with typer.Context(sub, info_name=name, parent=root) as sub_ctx:
            out += [f".SS {name}", ".nf", _roff(sub.get_help(sub_ctx)), ".fi"]
    out += [".SH ENVIRONMENT", "CYBERDIP_HOME, CYBERDIP_CONTENT, NO_COLOR, FORCE_COLOR, PAGER"]
    return "\n".join(out) + "\n"
