"""`cyberdip tour` (and `cyberdip` alone): a first screen for a newcomer."""

from typing import Annotated

import typer

from .options import PlainOption

HELP = """A short guided first screen: what cyber diplomacy is, the two axes, the toolbox in
one line, and the commands to try next.

Examples:

  cyberdip

  cyberdip tour --json
"""

NEXT_STEPS = (
    ("cyberdip define cyber diplomacy", "what a term means, with sources"),
    ("cyberdip toolbox", "the Cyber Diplomacy Toolbox, up to sanctions"),
    ("cyberdip axes", "the international and internal axes side by side"),
    ("cyberdip timeline --from 2017", "what happened when"),
    ("cyberdip quiz --count 5", "test yourself; progress is saved"),
    ("cyberdip search ransomware", "find anything"),
)


def register(app: typer.Typer) -> None:
    app.command("tour", help=HELP, short_help="A guided first screen (also: cyberdip alone).")(tour)


def tour(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plain: PlainOption = False,
) -> None:
    from ..runtime import runtime

    rt = runtime(ctx)
    st = rt.store()
    intro_id = (st.section("labels") or {}).get("intro_term")
    intro = st.get("term", intro_id) if intro_id else None
    toolbox = (st.section("toolbox") or {}).get("framework") or {}
    axes = (st.section("axes") or {}).get("axes") or []
    view = {
        "intro": {"term": intro["term"], "summary": intro["summary"]} if intro else None,
        "axes": [{"id": a["id"], "name": a["name"], "focus": a["focus"]} for a in axes],
        "toolbox": {"name": toolbox.get("name"), "summary": toolbox.get("summary")}
        if toolbox
        else None,
        "counts": {
            "terms": st.count("term"),
            **st.question_counts(),
            "events": st.count("event"),
            "sources": st.count("source"),
        },
        "next": [{"command": c, "what": w} for c, w in NEXT_STEPS],
    }
    from ..render.tour import render_tour

    rt.emit(view, render_tour, json_out)
