"""Options and helpers every command shares, declared once."""

from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of the view.")]


def check_topics(store, names: list[str] | None) -> None:
    """A usage error for any name that is not a topic (quiz, export, timeline share it)."""
    from ..errors import UsageError

    for name in names or []:
        if store.get("topic", name) is None:
            raise UsageError(
                f"unknown topic '{name}'", hint="topics: " + ", ".join(store.ids("topic"))
            )
