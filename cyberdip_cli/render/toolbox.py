"""Views of `cyberdip toolbox`: overview tree, category, measure, sanctions regime, ladder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..console import settings
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
from .term import source_refs, term_refs

DRILL_DOWN = (
    "Drill down: cyberdip toolbox CATEGORY | MEASURE | sanctions, "
    "or cyberdip toolbox --ladder for the escalation ladder"
)

if TYPE_CHECKING:
    from ..kb.store import Store


def _points(store: Store, points: list[dict]) -> list[dict]:
    out = []
    for p in points or []:
        view = {
            k: p.get(k)
            for k in ("id", "name", "date", "text", "status", "note", "as_of", "seed_note")
        }
        view = {k: v for k, v in view.items() if v is not None}
        view["terms"] = p.get("terms") or []
        view["sources"] = p.get("sources") or []
        out.append(view)
    return out


# ---------------------------------------------------------------- views (JSON-ready)


def overview_view(store: Store) -> dict[str, Any]:
    toolbox = store.section("toolbox") or {}
    framework = toolbox.get("framework", {})
    measures = store.all("measure")
    categories = []
    for c in store.all("category"):
        categories.append(
            {
                "id": c["id"],
                "name": c["name"],
                "summary": c["summary"],
                "status": c.get("status") or "verified",
                "measures": [
                    {"id": m["id"], "name": m["name"], "purpose": m["purpose"]}
                    for m in measures
                    if m["category"] == c["id"]
                ],
            }
        )
    return {
        "name": framework.get("name"),
        "summary": framework.get("summary"),
        "description": framework.get("description"),
        "documents": [
            {k: d.get(k) for k in ("id", "name", "date", "identifier", "text", "sources")}
            for d in framework.get("documents") or []
        ],
        "principles": [
            {k: p.get(k) for k in ("id", "name", "text", "sources")}
            for p in framework.get("principles") or []
        ],
        "categories": categories,
        "sanctions": {"name": (toolbox.get("sanctions") or {}).get("name")},
        "sources": source_refs(store, framework.get("sources") or []),
    }


def category_view(store: Store, category: dict) -> dict[str, Any]:
    return {
        "kind": "category",
        "id": category["id"],
        "name": category["name"],
        "summary": category["summary"],
        "description": category["description"],
        "status": category.get("status") or "verified",
        "note": category.get("note"),
        "measures": [
            {"id": m["id"], "name": m["name"], "purpose": m["purpose"]}
            for m in store.all("measure")
            if m["category"] == category["id"]
        ],
        "sources": source_refs(store, category["sources"]),
    }


def measure_view(store: Store, measure: dict) -> dict[str, Any]:
    category = store.get("category", measure["category"]) or {}
    return {
        "kind": "measure",
        "id": measure["id"],
        "name": measure["name"],
        "category": {"id": measure["category"], "name": category.get("name")},
        "purpose": measure["purpose"],
        "description": measure["description"],
        "when_used": measure["when_used"],
        "who_decides": measure["who_decides"],
        "legal_basis": measure["legal_basis"],
        "status": measure.get("status") or "verified",
        "note": measure.get("note"),
        "uses": _points(store, measure.get("uses") or []),
        "terms": term_refs(store, measure.get("terms") or []),
        "sources": source_refs(store, measure["sources"]),
    }


def sanctions_view(store: Store) -> dict[str, Any]:
    regime = (store.section("toolbox") or {}).get("sanctions") or {}
    listings = []
    for item in regime.get("listings") or []:
        listings.append(
            {
                "id": item["id"],
                "date": item["date"],
                "persons": item["persons"],
                "entities": item["entities"],
                "names": item.get("names") or [],
                "incidents": term_refs(store, item.get("incidents") or []),
                "legal_acts": item.get("legal_acts") or [],
                "text": item["text"],
                "status": item.get("status") or "verified",
                "note": item.get("note"),
                "as_of": item.get("as_of"),
                "sources": item["sources"],
            }
        )
    return {
        "kind": "sanctions",
        "name": regime.get("name"),
        "summary": regime.get("summary"),
        "description": regime.get("description"),
        "acts": [
            {
                k: a.get(k)
                for k in ("id", "name", "date", "identifier", "legal_basis", "text", "sources")
            }
            for a in regime.get("acts") or []
        ],
        "allows": _points(store, regime.get("allows")),
        "criteria": _points(store, regime.get("criteria")),
        "renewals": _points(store, regime.get("renewals")),
        "listings": listings,
        "totals": {
            "rounds": len(listings),
            "persons": sum(x["persons"] for x in listings),
            "entities": sum(x["entities"] for x in listings),
        },
        "sources": source_refs(store, regime.get("sources") or []),
    }


def ladder_view(store: Store) -> dict[str, Any]:
    toolbox = store.section("toolbox") or {}
    rungs = []
    for n, rung in enumerate(toolbox.get("ladder") or [], 1):
        target = None
        if rung.get("measure"):
            target = {"kind": "measure", "id": rung["measure"]}
        elif rung.get("term"):
            target = {"kind": "term", "id": rung["term"]}
        rungs.append(
            {
                "rung": n,
                "id": rung["id"],
                "name": rung["name"],
                "outside_toolbox": bool(rung.get("outside_toolbox")),
                "opens": target,
                "text": rung["text"],
                "status": rung.get("status") or "verified",
                "sources": rung["sources"],
            }
        )
    return {"kind": "ladder", "rungs": rungs}


# ---------------------------------------------------------------- renderers


class _Outline:
    """Tree-like outline; in --plain mode plain indentation instead of box-drawing guides."""

    def __init__(self, label: Text, depth: int = 0):
        self.label, self.depth, self.children = label, depth, []

    def add(self, label: Text) -> _Outline:
        child = _Outline(label, self.depth + 1)
        self.children.append(child)
        return child

    def renderable(self) -> RenderableType:
        if not settings.plain:
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


def render_overview(view: dict[str, Any]) -> RenderableType:
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
        if cat["id"] == "restrictive" and view["sanctions"]["name"]:
            branch.add(Text.assemble((view["sanctions"]["name"], "bold"), ("  [sanctions]", MUTED)))
    body = spaced(t(view["description"]), tree.renderable(), t(DRILL_DOWN, MUTED))
    return panel(body, title=view["name"], subtitle=view["summary"])


def render_category(view: dict[str, Any]) -> RenderableType:
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
    return panel(body, title=f"{view['name']} (toolbox category)", subtitle=DRILL_DOWN)


def _uses(uses: list[dict]) -> RenderableType:
    return Group(
        heading("Real uses"),
        *(label(u["date"], u["text"]) for u in uses),
    )


def render_measure(view: dict[str, Any]) -> RenderableType:
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
    return panel(body, title=title, subtitle="cyberdip toolbox --ladder shows where it sits")


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


def render_sanctions(view: dict[str, Any]) -> RenderableType:
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
    table = Table(box=box_style(), show_lines=False, expand=False, header_style="bold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Persons", justify="right")
    table.add_column("Entities", justify="right")
    table.add_column("Incidents", overflow="fold")
    table.add_column("Legal acts")
    for x in view["listings"]:
        incidents = ", ".join(i["id"] for i in x["incidents"])
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
    return panel(body, title=view["name"], subtitle="Incidents: cyberdip define ID")


def render_ladder(view: dict[str, Any]) -> RenderableType:
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
    return panel(spaced(intro, *rows), title="Response ladder", subtitle=DRILL_DOWN)
