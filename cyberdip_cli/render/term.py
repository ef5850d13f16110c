"""The term view of `define`: one JSON-ready dict, rendered for humans or printed as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text

from .common import MUTED, heading, label, panel, sources_block, spaced, t, unverified_mark

if TYPE_CHECKING:
    from ..kb.store import Store


def display_name(term: dict) -> str:
    """The term with its acronym in brackets, unless the acronym is the name itself."""
    acronym = term.get("acronym")
    if acronym and acronym.casefold() != term["term"].casefold():
        return f"{term['term']} ({acronym})"
    return term["term"]


SOURCE_FIELDS = ("id", "title", "issuer", "date", "identifier", "url", "type", "note")


def source_refs(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for sid in ids:
        src = store.get("source", sid) or {"id": sid, "title": "(missing source)"}
        out.append({k: src.get(k) for k in SOURCE_FIELDS})
    return out


def term_refs(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for tid in ids:
        term = store.get("term", tid)
        if term:
            out.append({"id": tid, "term": term["term"], "summary": term["summary"]})
    return out


def term_view(store: Store, term: dict) -> dict[str, Any]:
    """The stable JSON object for a term (documented in docs/CONTENT.md)."""
    notes = [
        {
            "id": d["id"],
            "seed_says": d["seed_says"],
            "correction": d["correction"],
            "sources": d["sources"],
        }
        for d in store.all("discrepancy")
        if term["id"] in d.get("terms", [])
    ]
    return {
        "id": term["id"],
        "term": term["term"],
        "acronym": term.get("acronym"),
        "aliases": term.get("aliases") or [],
        "topic": term["topic"],
        "axis": term["axis"],
        "summary": term["summary"],
        "definition": term["definition"],
        "eu_context": term["eu_context"],
        "since": term.get("since"),
        "status": term.get("status") or "verified",
        "note": term.get("note"),
        "as_of": term.get("as_of"),
        "seed_notes": notes,
        "see_also": term_refs(store, term.get("see_also") or []),
        "sources": source_refs(store, term.get("sources") or []),
    }


def render_term(view: dict[str, Any]) -> RenderableType:
    title = display_name(view)
    facts = [f"topic: {view['topic']}", f"axis: {view['axis']}"]
    if view.get("since"):
        facts.append(f"since: {view['since']}")
    if view.get("as_of"):
        facts.append(f"as of: {view['as_of']}")
    seed = None
    if view["seed_notes"]:
        seed = Group(
            heading("Where the 2021 seed blog differs"),
            *(
                Group(
                    label("The blog says", n["seed_says"], MUTED), label("In fact", n["correction"])
                )
                for n in view["seed_notes"]
            ),
        )
    related = Group(
        heading("Related terms"),
        *(t(f"{r['id']}: {r['summary']}") for r in view["see_also"]),
    )
    body = spaced(
        t(view["summary"], "bold"),
        unverified_mark(view),
        Group(heading("Definition"), t(view["definition"])),
        Group(heading("In the EU context"), t(view["eu_context"])),
        seed,
        sources_block(view["sources"]),
        related,
    )
    return panel(body, title=title, subtitle="  ".join(facts))


def render_term_list(groups: list[tuple[dict, list[dict]]]) -> RenderableType:
    """All terms grouped by topic."""
    from rich.table import Table

    parts: list[RenderableType] = []
    for topic, terms in groups:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for term in terms:
            name = display_name(term)
            table.add_row(t(term["id"]), t(name))
        parts.append(Group(heading(f"{topic['title']} ({len(terms)})"), table))
    count = sum(len(ts) for _, ts in groups)
    parts.append(Text(f"{count} terms. Look one up with: cyberdip define TERM", style=MUTED))
    return spaced(*parts)
