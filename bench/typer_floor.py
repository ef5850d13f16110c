"""The Typer floor: the same Panel as floor_app.py, printed by a Typer app.

One group (a callback), one command, one Panel, with the Typer and rich that cyberdip
runs on and the same Typer settings as cyberdip's app (no rich help formatting, no pretty
exceptions). It is the plainest way to write a Typer command: no lazy imports, no tricks.
A cyberdip command pays at least this for its argument parsing and its rich output, so
bench/run.py reports every command as a ratio to it too.

    python bench/typer_floor.py define cyber diplomacy
"""

import os
from typing import Annotated

import typer
from floor_panel import build

app = typer.Typer(
    name="typer_floor",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main() -> None:
    """Print one rich Panel."""


@app.command()
def define(
    words: Annotated[list[str] | None, typer.Argument(metavar="TERM...")] = None,
) -> None:
    """Print the Panel for TERM."""
    from rich.console import Console

    console = Console(
        highlight=False,
        emoji=False,
        markup=False,
        no_color=bool(os.environ.get("NO_COLOR")),
        soft_wrap=False,
    )
    console.print(build(" ".join(words or ["cyber", "diplomacy"])))


if __name__ == "__main__":
    app()
