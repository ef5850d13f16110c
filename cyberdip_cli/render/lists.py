"""List views: the timeline, the bibliography and one source with what cites it.

Each is a table where the width holds its columns whole and a stacked list below that (and
always in --plain mode): one record is a few whole lines, so an id, a date or a title is never
split by a cell and grep finds it.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..console import clean
from ..runtime import Look
from .common import (
    MIN_PROSE,
    MUTED,
    WARN,
    ByWidth,
    box_style,
    heading,
    label,
    longest,
    panel,
    plural,
    prose,
    spaced,
    t,
    table_fits,
    url_text,
    urls_in,
)


def _indented(text: Text) -> Padding:
    return Padding(text, (0, 0, 0, 2))


def _head(key: str, title: Text, width: int) -> RenderableType:
    """`key  title` on one line where it fits; else the key over the title, so that the title
    stays one line for grep wherever it can."""
    if cell_len(clean(key)) + 2 + title.cell_len <= width:
        return Text.assemble((clean(key), "bold"), "  ", title)
    return Group(t(key, "bold"), title)


def _event_title(e: dict) -> Text:
    title = t(e["title"], "bold")
    if e.get("status") == "unverified":
        title.append(" (unverified)", style=WARN)
    return title


def render_timeline(look: Look, events: list[dict]) -> RenderableType:
    footer = t(f"{plural(len(events), 'event')}. Look a term up with: cyberdip define ID", MUTED)
    date_w = longest((e["date"] for e in events), len("Date"))
    axis_w = longest((e["axis"] for e in events), len("Axis"))
    terms_w = longest((x + "," for e in events for x in e["terms"]), len("Look up"))
    event_w = longest((e["id"] for e in events), MIN_PROSE)

    def table() -> Table:
        out = Table(box=box_style(look), header_style="bold", expand=False)
        out.add_column("Date", width=date_w, no_wrap=True)
        out.add_column("Event", min_width=event_w)
        out.add_column("Axis", width=axis_w, no_wrap=True)
        out.add_column("Look up", width=terms_w)
        for e in events:
            out.add_row(
                t(e["date"]),
                Group(_event_title(e), t(e["text"], MUTED), t(e["id"], MUTED)),
                t(e["axis"]),
                t(", ".join(e["terms"])),
            )
        return out

    def stacked(width: int) -> RenderableType:
        items = []
        for e in events:
            facts = f"event: {e['id']}; axis: {e['axis']}"
            if e["terms"]:
                facts += f"; look up: {', '.join(e['terms'])}"
            items.append(
                Group(
                    _head(e["date"], _event_title(e), width),
                    _indented(t(e["text"])),
                    _indented(t(facts, MUTED)),
                )
            )
        return spaced(*items)

    def build(width: int) -> RenderableType:
        wide = not look.plain and table_fits(width, [date_w, axis_w, terms_w], event_w)
        return Group(table(), footer) if wide else spaced(stacked(width), footer)

    return ByWidth(build)


def render_sources(look: Look, items: list[dict]) -> RenderableType:
    """Always a stacked list: a URL is never cut by a cell, it gets a line of its own."""

    def record(s: dict, width: int) -> RenderableType:
        about = s["issuer"] + (f"; {s['identifier']}" if s.get("identifier") else "")
        lines: list[RenderableType] = [
            _head(s["id"], t(s["title"], "bold"), width),
            _indented(t(about)),
            _indented(t(f"{s.get('date') or 'n.d.'}; {s['type']}", MUTED)),
        ]
        if s.get("url"):
            lines.append(url_text(s["url"], prefix="  ", style=MUTED))
        return Group(*lines)

    primary = sum(1 for s in items if s["type"] == "primary")
    note = (
        f"{plural(len(items), 'source')}, {primary} primary. "
        "Detail and citations: cyberdip sources ID"
    )
    return ByWidth(lambda width: spaced(*(record(s, width) for s in items), t(note, MUTED)))


def render_source(look: Look, view: dict[str, Any]) -> RenderableType:
    """One source and what cites it: in a frame where every URL (its link and any in its note)
    fits inside; else unframed, so that each long URL can have a whole line of its own."""
    rows = [
        Group(t(f"{c.get('kind_label') or c['kind']}: {c['label']}"), t(f"  {c['open']}", MUTED))
        for c in view["cited_by"]
    ]
    cited = (
        Group(heading(f"Cited by ({len(rows)})"), *rows)
        if rows
        else t("Not cited by any entry.", MUTED)
    )
    title = f"[{view['id']}] {view['title']}"
    urls = ([view["url"]] if view.get("url") else []) + urls_in(view.get("note") or "")

    def facts(framed: bool) -> Group:
        lines: list[RenderableType] = [label("Issuer", view["issuer"]), label("Type", view["type"])]
        for key, name in (("date", "Date"), ("identifier", "Identifier")):
            if view.get(key):
                lines.append(label(name, view[key]))
        if view.get("url"):
            lines.append(label("URL", view["url"]) if framed else url_text(view["url"], "URL: "))
        if view.get("note"):
            lines.append(
                label("Note", view["note"]) if framed else prose(view["note"], prefix="Note: ")
            )
        return Group(*lines)

    def build(width: int) -> RenderableType:
        if look.plain or any(cell_len(u) > width - 4 for u in urls):
            return Group(Text(clean(title), style="bold"), spaced(facts(False), cited))
        return panel(look, spaced(facts(True), cited), title=title)

    return ByWidth(build)
