"""Options and helpers every command shares, declared once."""

from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of the view.")]


def check_topics(store, names: list[str] | None) -> list[str]:
    """The topic ids the names mean, by the one matcher; a usage error for a name that is
    no topic (quiz, export and timeline share it)."""
    from ..errors import CyberdipError, UsageError
    from ..kb.find import find_one

    out = []
    for name in names or []:
        try:
            out.append(find_one(store, name, ("topic",), "topic", "cyberdip define"))
        except CyberdipError:
            raise UsageError(
                f"unknown topic '{name}'", hint="topics: " + ", ".join(store.ids("topic"))
            ) from None
    return out
