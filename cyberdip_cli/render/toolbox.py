"""Views of `cyberdip toolbox`: overview tree, category, measure, sanctions regime, ladder."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

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
    sources_block,
    spaced,
    t,
    table_fits,
    unverified_mark,
)

DRILL_DOWN = (
    "Drill down: cyberdip toolbox CATEGORY | MEASURE | sanctions, "
    "or cyberdip toolbox --ladder for the escalation ladder"
)


class _Outline:
    """The toolbox as a tree; where the tree's guides leave too little room for an id (and in
    --plain mode), plain indentation instead, with any id that does not fit beside its name on
    a line of its own, moved left as far as it must be to stay whole."""

    def __init__(self, label: Text, depth: int = 0, tag: str | None = None, detail=None):
        self.label, self.depth, self.children = label, depth, []
        self.tag, self.detail = tag, detail

    def add(self, label: Text, tag: str | None = None, detail: Text | None = None) -> _Outline:
        child = _Outline(label, self.depth + 1, tag, detail)
        self.children.append(child)
        return child

    def _nodes(self):
        yield self
        for child in self.children:
            yield from child._nodes()

    def renderable(self, look: Look) -> RenderableType:
        def build(width: int) -> RenderableType:
            tree_fits = all(
                not n.tag or 4 * n.depth + cell_len(f"[{n.tag}]") <= width for n in self._nodes()
            )
            if tree_fits and not look.plain:
                tree = Tree(self._tree_label(), guide_style=MUTED)
                self._fill(tree)
                return tree
            lines: list[RenderableType] = []
            self._indent(lines, width)
            return Group(*lines)

        return ByWidth(build)

    def _tree_label(self) -> Text:
        label = self.label.copy()
        if self.tag:
            label.append(f"  [{clean(self.tag)}]", style=MUTED)
        if self.detail is not None:
            label.append("\n")
            label.append_text(self.detail)
        return label

    def _fill(self, tree: Tree) -> None:
        for child in self.children:
            child._fill(tree.add(child._tree_label()))

    def _indent(self, lines: list, width: int) -> None:
        from rich.padding import Padding

        pad = 2 * self.depth
        tag = f"[{clean(self.tag)}]" if self.tag else ""
        if tag and pad + self.label.cell_len + 2 + cell_len(tag) <= width:
            lines.append(Padding(self.label + Text(f"  {tag}", style=MUTED), (0, 0, 0, pad)))
        else:
            lines.append(Padding(self.label, (0, 0, 0, pad)))
            if tag:
                shift = max(0, min(pad, width - cell_len(tag)))
                lines.append(Padding(Text(tag, style=MUTED), (0, 0, 0, shift)))
        if self.detail is not None:
            lines.append(Padding(self.detail, (0, 0, 0, pad)))
        for child in self.children:
            child._indent(lines, width)


def render_overview(look: Look, view: dict[str, Any]) -> RenderableType:
    tree = _Outline(t(view["name"] or "Toolbox", "bold"))
    framework = tree.add(t("Framework", "bold"))
    for doc in view["documents"]:
        framework.add(t(f"{doc['date']}  {doc['name']}"))
    for cat in view["categories"]:
        label = t(cat["name"], "bold cyan")
        if cat["status"] == "unverified":
            label.append("  (unverified name)", style=MUTED)
        branch = tree.add(label, tag=cat["id"])
        branch.add(t(cat["summary"], MUTED))
        for m in cat["measures"]:
            branch.add(t(m["name"], "bold"), tag=m["id"], detail=t(m["purpose"]))
        if cat["id"] == view["sanctions"]["category"] and view["sanctions"]["name"]:
            branch.add(t(view["sanctions"]["name"], "bold"), tag="sanctions")
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
        *(
            Group(heading(title), t(view[key]))
            for key, title in (
                ("when_used", "When it is used"),
                ("who_decides", "Who decides, and how"),
                ("legal_basis", "Legal basis"),
            )
            if view.get(key)
        ),
        _uses(view["uses"]) if view["uses"] else None,
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
    listings = _listings(look, view["listings"], view["totals"])
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
        Group(
            heading(f"Listings tied to {view['state']}" if view.get("state") else "Listings"),
            listings,
        ),
        listing_notes,
        sources_block(view["sources"]),
        _other_regimes(view["other_regimes"]),
    )
    subtitle = "Filter by state: --state NAME; incidents: cyberdip incident NAME"
    return panel(look, body, title=view["name"], subtitle=subtitle)


def _other_regimes(regimes: list[dict]) -> RenderableType | None:
    if not regimes:
        return None
    return Group(
        heading("Other sanctions regimes"),
        *(t(f"{r['name']}: cyberdip toolbox {r['id']}", MUTED) for r in regimes),
    )


def _listings(look: Look, listings: list[dict], totals: dict) -> RenderableType:
    """The sanctions rounds: a table where dates, counts and incident ids fit whole; else (and
    in --plain mode) one record per round."""
    rounds = plural(totals["rounds"], "round")
    date_w = longest((x["date"] for x in listings), len("Total"))
    incident_w = longest((i["name"] + "," for x in listings for i in x["incidents"]), len(rounds))
    incident_w = max(incident_w, len("Incidents"))

    def acts(x: dict) -> str:
        return "; ".join(x["legal_acts"]) or "-"

    def table() -> Table:
        out = Table(box=box_style(look), show_lines=False, expand=False, header_style="bold")
        out.add_column("Date", width=date_w, no_wrap=True)
        out.add_column("Persons", justify="right", no_wrap=True)
        out.add_column("Entities", justify="right", no_wrap=True)
        out.add_column("Incidents", width=incident_w)
        out.add_column("Legal acts", min_width=MIN_PROSE)
        for x in listings:
            incidents = ", ".join(i["name"] for i in x["incidents"])
            out.add_row(
                t(x["date"]), str(x["persons"]), str(x["entities"]), t(incidents), t(acts(x))
            )
        out.add_section()
        out.add_row(
            Text("Total", style="bold"), str(totals["persons"]), str(totals["entities"]), rounds, ""
        )
        return out

    def stacked() -> RenderableType:
        from rich.padding import Padding

        items: list[RenderableType] = []
        for x in listings:
            counts = (
                f"{plural(x['persons'], 'person')}, {plural(x['entities'], 'entity', 'entities')}"
            )
            lines: list[RenderableType] = [Text.assemble((x["date"], "bold"), "  ", counts)]
            if x["incidents"]:
                ids = ", ".join(i["name"] for i in x["incidents"])
                lines.append(Padding(t(f"incidents: {ids}"), (0, 0, 0, 2)))
            lines.append(Padding(t(f"legal acts: {acts(x)}", MUTED), (0, 0, 0, 2)))
            items.append(Group(*lines))
        persons = plural(totals["persons"], "person")
        entities = plural(totals["entities"], "entity", "entities")
        items.append(Text(f"Total: {persons} and {entities} in {rounds}", style="bold"))
        return Group(*items)

    def build(width: int) -> RenderableType:
        counts = [date_w, len("Persons"), len("Entities"), incident_w]
        return table() if not look.plain and table_fits(width, counts, MIN_PROSE) else stacked()

    return ByWidth(build)


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
