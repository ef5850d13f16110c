"""Drawing `cyberdip incident`: the table of incidents and one incident as a dated story."""

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..runtime import Look
from .common import (
    MIN_PROSE,
    MUTED,
    ByWidth,
    box_style,
    heading,
    label,
    longest,
    panel,
    plural,
    spaced,
    t,
    table_fits,
    unverified_mark,
)


def span_text(span: dict | None) -> str:
    if not span:
        return "none"
    if span.get("days") is not None:
        return plural(span["days"], "day")
    if span.get("months") is not None:
        return "about " + plural(span["months"], "month")
    return "-"


def _response_text(row: dict) -> str:
    response = row["first_eu_response"]
    if not response:
        return "none"
    return f"{response['date']} {response['measure'] or ''}".strip()


def render_incidents(look: Look, rows: list[dict[str, Any]]) -> RenderableType:
    """A table where names, years, responses and spans fit whole; else (and in --plain mode)
    one record of a few lines per incident."""
    footer = t(f"{plural(len(rows), 'incident')}. One in full: cyberdip incident NAME", MUTED)
    name_w = longest((r["name"] for r in rows), len("Incident"))
    response_w = longest((_response_text(r) for r in rows), len("First EU response"))
    span_w = longest((span_text(r["to_eu_response"]) for r in rows), len("Time to it"))

    def stacked() -> RenderableType:
        return Group(
            *(
                Group(
                    t(f"{r['name']} ({r['year']})", "bold"),
                    t(f"  attributed to: {r['attributed_to'] or 'no public attribution'}"),
                    t(f"  first EU response: {_response_text(r)}"),
                    t(f"  time to it: {span_text(r['to_eu_response'])}"),
                )
                for r in rows
            )
        )

    def table() -> Table:
        out = Table(box=box_style(look), header_style="bold")
        out.add_column("Incident", width=name_w)
        out.add_column("Year", no_wrap=True)
        out.add_column("Attributed to", min_width=MIN_PROSE // 2)
        out.add_column("First EU response", width=response_w)
        out.add_column("Time to it", width=span_w, no_wrap=True)
        for r in rows:
            out.add_row(
                t(r["name"], "bold"),
                t(r["year"]),
                t(r["attributed_to"] or "none public"),
                t(_response_text(r)),
                t(span_text(r["to_eu_response"])),
            )
        return out

    def build(width: int) -> RenderableType:
        fixed = [name_w, 4, response_w, span_w]
        wide = not look.plain and table_fits(width, fixed, MIN_PROSE // 2)
        return Group(table() if wide else stacked(), footer)

    return ByWidth(build)


def _story_line(item: dict) -> RenderableType:
    head = Text(f"{item['date']}  ", style="bold")
    what = item["what"]
    if what == "attribution":
        head.append(t(f"{item['actor']} attributes it to {item['attributed_to']}", "bold"))
        head.append(f"  ({item['basis']})", style=MUTED)
    elif what == "response":
        head.append(t(item["actor"], "bold"))
        if item.get("measure_name"):
            head.append(t(f": {item['measure_name']}"))
        if item.get("eu"):
            head.append("  [EU]", style="cyan")
    else:
        head.append(t(what.capitalize(), "bold"))
    lines: list[RenderableType] = [head]
    if item.get("text"):
        lines.append(t("  " + item["text"]))
    if item.get("legal_act"):
        lines.append(t(f"  act: {item['legal_act']}", MUTED))
    if item.get("sources"):
        lines.append(t(f"  sources: {', '.join(item['sources'])}", MUTED))
    return Group(*lines)


def render_incident(look: Look, view: dict[str, Any]) -> RenderableType:
    targets = "; ".join(
        ", ".join(x for x in (tg.get("country"), tg.get("sector")) if x) for tg in view["targets"]
    )
    operators = "; ".join(
        o["name"] + (f" ({o['state']})" if o.get("state") else "") for o in view["operators"]
    )
    facts = [label("Targets", targets or "-")]
    if operators:
        facts.append(label("Operators", operators))
    facts.append(label("Time to first official attribution", span_text(view["to_attribution"])))
    facts.append(label("Time to first EU response", span_text(view["to_eu_response"])))
    follow = []
    if view["drills"]:
        follow.append(
            t("Drill on it: " + ", ".join(f"cyberdip drill {d}" for d in view["drills"]), MUTED)
        )
    if view["terms"]:
        follow.append(t("Look up: " + ", ".join(r["id"] for r in view["terms"]), MUTED))
    body = spaced(
        t(view["summary"], "bold"),
        unverified_mark(view),
        t(view["account"]),
        Group(*facts),
        Group(heading("What happened when"), *(_story_line(s) for s in view["story"])),
        t(
            "Sources: " + ", ".join(s["id"] for s in view["sources"]) + "  (cyberdip sources ID)",
            MUTED,
        ),
        Group(*follow) if follow else None,
    )
    return panel(look, body, title=view["name"], subtitle=f"incident, from {view['started']}")
