"""The command tree. Each command lives in its own module under commands/; this file only
composes them, so importing it costs Typer and nothing else."""

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from . import __version__

HELP = (
    "Learn EU cyber diplomacy in the terminal: terms, the Cyber Diplomacy Toolbox, "
    "the two axes, a timeline and a spaced-repetition quiz. Offline, and every fact cited.\n\n"
    "Run `cyberdip` alone for a short tour."
)


def _version(value: bool) -> None:
    if value:
        print(f"cyberdip {__version__}")
        raise typer.Exit()


def main_callback(
    ctx: typer.Context,
    content: Annotated[
        list[str] | None,
        typer.Option(
            "--content",
            metavar="DIR",
            help="Load a content pack beside the built-in content (repeatable; "
            "CYBERDIP_CONTENT takes a path list too).",
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="No boxes or colour: stable lines for screen readers and grep (the default "
            "when output goes to a pipe or a file; FORCE_COLOR keeps the boxes).",
        ),
    ] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never page long output.")] = False,
    no_builtin: Annotated[
        bool,
        typer.Option(
            "--no-builtin", help="Leave the built-in content out: only the --content packs."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    from .console import plain_by_default
    from .runtime import Runtime

    ctx.obj = Runtime(
        content=list(content or []),
        plain=plain or plain_by_default(),
        no_pager=no_pager,
        builtin=not no_builtin,
    )
    if ctx.invoked_subcommand is None:
        from .commands.tour import tour

        tour(ctx)


class CyberdipGroup(TyperGroup):
    """Turns a CyberdipError from any command into one clear line and its exit code, and
    Ctrl-C into one line too (Typer would exit 130 without a word)."""

    def invoke(self, ctx):
        from .errors import EXIT_INTERRUPTED, INTERRUPTED, CyberdipError

        try:
            return super().invoke(ctx)
        except CyberdipError as exc:
            from .console import error_line

            error_line(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write(f"\n{INTERRUPTED}\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None


# Command name -> module under commands/, in the order `--help` lists them.
COMMAND_MODULES = {
    "tour": "tour",
    "define": "define",
    "toolbox": "toolbox",
    "axes": "axes",
    "timeline": "timeline",
    "sources": "sources",
    "incident": "incident",
    "drill": "drill",
    "search": "search",
    "compare": "compare",
    "quiz": "quiz",
    "progress": "progress",
    "changes": "changes",
    "report": "report",
    "export": "export",
    "check": "check",
    "new-pack": "new_pack",
    "help": "help_pages",
}
# Commands that need the whole tree built (they describe the other commands).
_NEEDS_ALL = {"help"}
# Global options that take a value, so the command name is found after them.
_VALUE_OPTIONS = {"--content"}


def invoked_command(args: list[str]) -> str | None:
    """The subcommand named on the command line, if any (skipping the global options)."""
    it = iter(args)
    for arg in it:
        if arg in _VALUE_OPTIONS:
            next(it, None)
        elif not arg.startswith("-"):
            return arg if arg in COMMAND_MODULES and arg not in _NEEDS_ALL else None
        elif arg == "--":
            return None
    return None


def build_app(args: list[str] | None = None) -> typer.Typer:
    """The app with every command, or only the invoked one.

    Typer inspects each command's signature when it builds the Click command; building only
    the command being run saves that work for the twelve others on every start.
    """
    from importlib import import_module

    app = typer.Typer(
        name="cyberdip",
        cls=CyberdipGroup,
        help=HELP,
        invoke_without_command=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(main_callback)
    name = invoked_command(args) if args is not None else None
    for command_name, module in COMMAND_MODULES.items():
        if name is None or command_name == name:
            import_module(f".commands.{module}", __package__).register(app)
    return app


def command():
    """The Click command behind the app (for completion and docs)."""
    return typer.main.get_command(build_app())
