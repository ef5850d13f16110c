"""Table views: the timeline, the bibliography and one source with what cites it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table

from ..runtime import Look
from .common import MUTED, WARN, box_style, heading, label, panel, spaced, t

if TYPE_CHECKING:
    pass


def render_timeline(look: Look, events: list[dict]) -> RenderableType:
    table = Table(box=box_style(look), header_style="bold", expand=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Event")
    table.add_column("Axis", no_wrap=True)
    table.add_column("Look up", overflow="fold")
    for e in events:
        title = t(e["title"], "bold")
        if e.get("status") == "unverified":
            title.append(" (unverified)", style=WARN)
        table.add_row(
            t(e["date"]), Group(title, t(e["text"], MUTED)), t(e["axis"]), t(", ".join(e["terms"]))
        )
    return Group(table, t(f"{len(events)} events. Look a term up with: cyberdip define ID", MUTED))


def render_sources(look: Look, items: list[dict]) -> RenderableType:
    table = Table(box=box_style(look), header_style="bold")
    table.add_column("Id", no_wrap=True)
    table.add_column("Source")
    table.add_column("Date", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    for s in items:
        detail = Group(
            t(s["title"], "bold"),
            t(s["issuer"] + (f"; {s['identifier']}" if s.get("identifier") else ""), MUTED),
            t(s.get("url") or "", MUTED),
        )
        table.add_row(t(s["id"]), detail, t(s.get("date") or "n.d."), t(s["type"]))
    primary = sum(1 for s in items if s["type"] == "primary")
    note = f"{len(items)} sources, {primary} primary. Detail and citations: cyberdip sources ID"
    return Group(table, t(note, MUTED))


def render_source(look: Look, view: dict[str, Any]) -> RenderableType:
    facts = [label("Issuer", view["issuer"]), label("Type", view["type"])]
    for key, name in (
        ("date", "Date"),
        ("identifier", "Identifier"),
        ("url", "URL"),
        ("note", "Note"),
    ):
        if view.get(key):
            facts.append(label(name, view[key]))
    rows = [t(f"{c['kind']:<12} {c['id']}: {c['label']}") for c in view["cited_by"]]
    cited = (
        Group(heading(f"Cited by ({len(rows)})"), *rows)
        if rows
        else t("Not cited by any entry.", MUTED)
    )
    return panel(look, spaced(Group(*facts), cited), title=f"[{view['id']}] {view['title']}")
