"""`cyberdip timeline`: dated events from 2001 on, filtered by year, axis or topic."""

from typing import Annotated

import typer

from ..complete import complete_axes, complete_topics
from .options import PlainOption

HELP = """Dated events of EU cyber diplomacy, oldest first; each row names the terms to look up.

Examples:

  cyberdip timeline

  cyberdip timeline --from 2019 --to 2021

  cyberdip timeline --axis internal --topic legislation --json
"""


def register(app: typer.Typer) -> None:
    app.command("timeline", help=HELP, short_help="Dated events, filtered by year, axis or topic.")(
        timeline
    )


def timeline(
    ctx: typer.Context,
    from_year: Annotated[
        int | None, typer.Option("--from", metavar="YEAR", help="First year.", min=1900, max=2100)
    ] = None,
    to_year: Annotated[
        int | None, typer.Option("--to", metavar="YEAR", help="Last year.", min=1900, max=2100)
    ] = None,
    axis: Annotated[
        str | None,
        typer.Option(
            "--axis",
            metavar="AXIS",
            help="international, internal or both.",
            autocompletion=complete_axes,
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic", metavar="TOPIC", help="A topic id.", autocompletion=complete_topics
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plain: PlainOption = False,
) -> None:
    from ..errors import CyberdipError, UsageError
    from ..runtime import runtime

    rt = runtime(ctx)
    st = rt.store()
    from ..kb.schema import AXES
    from .options import check_topics

    if axis:
        from ..kb.find import find_choice

        axis = find_choice(axis, list(AXES), "axis")
    topic = (check_topics(st, [topic]) or [None])[0] if topic else None
    if from_year and to_year and from_year > to_year:
        raise UsageError(f"--from {from_year} is after --to {to_year}")
    events = [
        e
        for e in st.all("event")
        if (from_year is None or int(e["date"][:4]) >= from_year)
        and (to_year is None or int(e["date"][:4]) <= to_year)
        and (axis is None or e["axis"] == axis or (axis != "both" and e["axis"] == "both"))
        and (topic is None or e["topic"] == topic)
    ]
    if not events:
        raise CyberdipError(
            "no event matches these filters", hint="widen --from/--to or drop --axis/--topic"
        )
    from ..render.lists import render_timeline

    rt.emit(events, render_timeline, json_out, long=True)
