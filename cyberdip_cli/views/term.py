"""View records for term: the store turned into the JSON-ready dicts that --json prints and render/ draws."""

from typing import Any

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
            "blog_says": d["blog_says"],
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
        "blog_notes": notes,
        "labels": _blog_labels(store),
        "see_also": term_refs(store, term.get("see_also") or []),
        "sources": source_refs(store, term.get("sources") or []),
    }


def _blog_labels(store: Store) -> dict[str, str]:
    labels = store.section("labels") or {}
    return {
        "blog_differs": labels.get("blog_differs") or "Corrections",
        "blog_says": labels.get("blog_says") or "It said",
    }
