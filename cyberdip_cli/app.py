"""The command tree. Each command lives in its own module under commands/; this file only
composes them, so importing it costs Typer and nothing else."""

from __future__ import annotations

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
        bool, typer.Option("--plain", help="No boxes or colour: stable lines for screen readers and grep.")
    ] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never page long output.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    from .console import settings

    settings.content = list(content or [])
    settings.plain = plain
    settings.no_pager = no_pager
    if ctx.invoked_subcommand is None:
        from .commands.tour import tour

        tour()


class CyberdipGroup(TyperGroup):
    """Turns a CyberdipError from any command into one clear line and its exit code."""

    def invoke(self, ctx):
        from .errors import CyberdipError

        try:
            return super().invoke(ctx)
        except CyberdipError as exc:
            from .console import error_line

            error_line(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None


def build_app() -> typer.Typer:
    from .commands import (
        axes,
        check,
        define,
        help_pages,
        new_pack,
        progress,
        quiz,
        search,
        sources,
        timeline,
        toolbox,
        tour,
    )

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
    for module in (tour, define, toolbox, axes, timeline, sources, search, quiz, progress):
        module.register(app)
    for module in (check, new_pack, help_pages):
        module.register(app)
    return app


def command():
    """The Click command behind the app (for completion and docs)."""
    return typer.main.get_command(build_app())
