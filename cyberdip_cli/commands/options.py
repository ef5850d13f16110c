"""Options and helpers every command shares, declared once."""

from typing import Annotated

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of the view.")]


def _set_plain(ctx: typer.Context, value: bool) -> bool:
    """`cyberdip define gge --plain` means what `cyberdip --plain define gge` does: the
    runtime is plain before the command draws anything."""
    if value:
        from ..runtime import runtime

        runtime(ctx).plain = True
    return value


PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        callback=_set_plain,
        help="No boxes or colour: stable lines for screen readers and grep.",
    ),
]


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
