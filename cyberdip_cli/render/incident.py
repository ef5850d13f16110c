"""Drawing `cyberdip incident`: the table of incidents and one incident as a dated story."""

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..runtime import Look
from .common import MUTED, box_style, heading, label, panel, spaced, t, unverified_mark

NARROW = 70  # below this width the table becomes a stacked list


def span_text(span: dict | None) -> str:
    if not span:
        return "none"
    if span.get("days") is not None:
        n = span["days"]
        return f"{n} day" if n == 1 else f"{n} days"
    if span.get("months") is not None:
        n = span["months"]
        return f"about {n} month" if n == 1 else f"about {n} months"
    return "-"


def _response_text(row: dict) -> str:
    response = row["first_eu_response"]
    if not response:
        return "none"
    return f"{response['date']} {response['measure'] or ''}".strip()


def render_incidents(look: Look, rows: list[dict[str, Any]], width: int) -> RenderableType:
    footer = t(f"{len(rows)} incidents. One in full: cyberdip incident NAME", MUTED)
    if look.plain or width < NARROW:
        items = [
            Group(
                Text(f"{r['name']} ({r['year']})", style="bold"),
                t(f"  attributed to: {r['attributed_to'] or 'no public attribution'}"),
                t(f"  first EU response: {_response_text(r)}"),
                t(f"  time to it: {span_text(r['to_eu_response'])}"),
            )
            for r in rows
        ]
        return Group(*items, footer)
    table = Table(box=box_style(look), header_style="bold")
    table.add_column("Incident")
    table.add_column("Year", no_wrap=True)
    table.add_column("Attributed to")
    table.add_column("First EU response")
    table.add_column("Time to it", no_wrap=True)
    for r in rows:
        table.add_row(
            t(r["name"], "bold"),
            t(r["year"]),
            t(r["attributed_to"] or "none public"),
            t(_response_text(r)),
            t(span_text(r["to_eu_response"])),
        )
    return Group(table, footer)


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
