"""Views of `cyberdip toolbox`: overview tree, category, measure, sanctions regime, ladder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..runtime import Look
from .common import (
    MUTED,
    WARN,
    box_style,
    heading,
    label,
    panel,
    sources_block,
    spaced,
    t,
    unverified_mark,
)

DRILL_DOWN = (
    "Drill down: cyberdip toolbox CATEGORY | MEASURE | sanctions, "
    "or cyberdip toolbox --ladder for the escalation ladder"
)

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- views (JSON-ready)


# ---------------------------------------------------------------- renderers


class _Outline:
    """Tree-like outline; in --plain mode plain indentation instead of box-drawing guides."""

    def __init__(self, label: Text, depth: int = 0):
        self.label, self.depth, self.children = label, depth, []

    def add(self, label: Text) -> _Outline:
        child = _Outline(label, self.depth + 1)
        self.children.append(child)
        return child

    def renderable(self, look: Look) -> RenderableType:
        if not look.plain:
            tree = Tree(self.label, guide_style=MUTED)
            self._fill(tree)
            return tree
        lines: list[RenderableType] = []
        self._indent(lines)
        return Group(*lines)

    def _fill(self, tree: Tree) -> None:
        for child in self.children:
            child._fill(tree.add(child.label))

    def _indent(self, lines: list) -> None:
        from rich.padding import Padding

        lines.append(Padding(self.label, (0, 0, 0, 2 * self.depth)))
        for child in self.children:
            child._indent(lines)


def render_overview(look: Look, view: dict[str, Any]) -> RenderableType:
    tree = _Outline(t(view["name"] or "Toolbox", "bold"))
    framework = tree.add(t("Framework", "bold"))
    for doc in view["documents"]:
        framework.add(t(f"{doc['date']}  {doc['name']}"))
    for cat in view["categories"]:
        mark = "  (unverified name)" if cat["status"] == "unverified" else ""
        branch = tree.add(
            Text.assemble((cat["name"], "bold cyan"), (f"  [{cat['id']}]{mark}", MUTED))
        )
        branch.add(t(cat["summary"], MUTED))
        for m in cat["measures"]:
            branch.add(
                Text.assemble((m["name"], "bold"), (f"  [{m['id']}]", MUTED), "\n", m["purpose"])
            )
        if cat["id"] == view["sanctions"]["category"] and view["sanctions"]["name"]:
            branch.add(Text.assemble((view["sanctions"]["name"], "bold"), ("  [sanctions]", MUTED)))
    body = spaced(t(view["description"]), tree.renderable(look), t(DRILL_DOWN, MUTED))
    return panel(look, body, title=view["name"], subtitle=view["summary"])


def render_category(look: Look, view: dict[str, Any]) -> RenderableType:
    measures = Group(
        heading("Measures in this category"),
        *(Text.assemble((f"{m['id']}: ", "bold"), m["purpose"]) for m in view["measures"]),
    )
    body = spaced(
        t(view["summary"], "bold"),
        unverified_mark(view),
        t(view["description"]),
        t(f"Note: {view['note']}", MUTED)
        if view.get("note") and view["status"] != "unverified"
        else None,
        measures if view["measures"] else None,
        sources_block(view["sources"]),
    )
    return panel(look, body, title=f"{view['name']} (toolbox category)", subtitle=DRILL_DOWN)


def _uses(uses: list[dict]) -> RenderableType:
    return Group(
        heading("Real uses"),
        *(label(u["date"], u["text"]) for u in uses),
    )


def render_measure(look: Look, view: dict[str, Any]) -> RenderableType:
    related = Group(
        heading("Related terms"), *(t(f"{r['id']}: {r['summary']}") for r in view["terms"])
    )
    body = spaced(
        t(view["purpose"], "bold"),
        unverified_mark(view),
        t(view["description"]),
        Group(heading("When it is used"), t(view["when_used"])),
        Group(heading("Who decides, and how"), t(view["who_decides"])),
        Group(heading("Legal basis"), t(view["legal_basis"])),
        _uses(view["uses"])
        if view["uses"]
        else t("No documented use in the stored sources.", MUTED),
        sources_block(view["sources"]),
        related if view["terms"] else None,
    )
    title = f"{view['name']}  ({view['category']['name']})"
    return panel(look, body, title=title, subtitle="cyberdip toolbox --ladder shows where it sits")


def _point_lines(title: str, points: list[dict]) -> RenderableType:
    rows = []
    for p in points:
        prefix = f"{p['date']}: " if p.get("date") else "- "
        line = Text(prefix, style="bold")
        line.append(t(p["text"]))
        line.append(f"  [{', '.join(p['sources'])}]", style=MUTED)
        if p.get("status") == "unverified":
            line.append(f"  (unverified: {p.get('note', '')})", style=WARN)
        rows.append(line)
    return Group(heading(title), *rows)


def render_sanctions(look: Look, view: dict[str, Any]) -> RenderableType:
    acts = Group(
        heading("Legal acts"),
        *(
            Group(
                Text.assemble((f"{a['date']}  ", "bold"), a["name"]),
                t(f"  {a.get('identifier') or ''}  basis: {a.get('legal_basis') or 'n/a'}", MUTED),
            )
            for a in view["acts"]
        ),
    )
    table = Table(box=box_style(look), show_lines=False, expand=False, header_style="bold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Persons", justify="right")
    table.add_column("Entities", justify="right")
    table.add_column("Incidents", overflow="fold")
    table.add_column("Legal acts")
    for x in view["listings"]:
        incidents = ", ".join(i["term"] for i in x["incidents"])
        acts_text = "; ".join(x["legal_acts"]) or "not confirmed"
        table.add_row(
            t(x["date"]), str(x["persons"]), str(x["entities"]), t(incidents), t(acts_text)
        )
    totals = view["totals"]
    table.add_section()
    table.add_row(
        Text("Total", style="bold"),
        str(totals["persons"]),
        str(totals["entities"]),
        f"{totals['rounds']} rounds",
        "",
    )
    listing_notes = Group(
        heading("The listings"),
        *(
            Group(
                Text(x["date"], style="bold"),
                t(x["text"]),
                t("Listed: " + "; ".join(x["names"]), MUTED) if x["names"] else Text(""),
            )
            for x in view["listings"]
        ),
    )
    body = spaced(
        t(view["summary"], "bold"),
        t(view["description"]),
        acts,
        _point_lines("What it allows", view["allows"]),
        _point_lines("Criteria", view["criteria"]),
        _point_lines("Renewals", view["renewals"]),
        Group(heading("Listings"), table),
        listing_notes,
        sources_block(view["sources"]),
    )
    return panel(look, body, title=view["name"], subtitle="An incident: cyberdip define NAME")


def render_ladder(look: Look, view: dict[str, Any]) -> RenderableType:
    rows = []
    last = len(view["rungs"])
    for rung in view["rungs"]:
        outside = rung["outside_toolbox"]
        head = Text(f"{rung['rung']:>2}. ", style="bold")
        head.append(t(rung["name"], "bold yellow" if outside else "bold"))
        if outside:
            head.append("  (outside the toolbox)", style=WARN)
        opens = rung["opens"]
        if opens:
            cmd = "define" if opens["kind"] == "term" else "toolbox"
            head.append(f"  cyberdip {cmd} {opens['id']}", style=MUTED)
        rows.append(Group(head, t(f"    {rung['text']}")))
    intro = t(f"From the softest response (1) to the hardest ({last}).", "bold")
    return panel(look, spaced(intro, *rows), title="Response ladder", subtitle=DRILL_DOWN)
