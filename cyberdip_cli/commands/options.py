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


def check_topics(store, names: list[str] | None) -> None:
    """A usage error for any name that is not a topic (quiz, export, timeline share it)."""
    from ..errors import UsageError

    for name in names or []:
        if store.get("topic", name) is None:
            raise UsageError(
                f"unknown topic '{name}'", hint="topics: " + ", ".join(store.ids("topic"))
            )
