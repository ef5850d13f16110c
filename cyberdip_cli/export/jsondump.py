"""`cyberdip export --format json`: the whole knowledge base as one JSON document.

The shape is documented in docs/EXPORT.md. Flat entries (topics, sources, terms, events,
discrepancies, questions) always carry every field of their kind, in a fixed order, with
null or [] for what the content leaves out; the toolbox and axes sections are exported as
written in content (docs/CONTENT.md). Lists keep the content order, so the same content
always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from ..kb.store import Store

FORMAT = "cyberdip-export"
VERSION = 1

# Field order of each flat kind; a missing list field becomes [], anything else None.
TOPIC_FIELDS = ("id", "title", "description")
SOURCE_FIELDS = ("id", "title", "issuer", "date", "identifier", "url", "type", "note")
TERM_FIELDS = (
    "id",
    "term",
    "acronym",
    "aliases",
    "topic",
    "axis",
    "summary",
    "definition",
    "eu_context",
    "see_also",
    "sources",
    "since",
    "status",
    "note",
    "as_of",
)
EVENT_FIELDS = (
    "id",
    "date",
    "title",
    "text",
    "axis",
    "topic",
    "terms",
    "sources",
    "status",
    "note",
    "as_of",
)
DISCREPANCY_FIELDS = (
    "id",
    "seed_says",
    "correction",
    "terms",
    "sources",
    "status",
    "note",
    "as_of",
)
QUESTION_FIELDS = (
    "id",
    "type",
    "topic",
    "difficulty",
    "prompt",
    "choices",
    "answer",
    "explanation",
    "hint",
    "terms",
    "sources",
    "status",
    "note",
    "as_of",
    "generated",
)
LIST_FIELDS = frozenset({"aliases", "see_also", "sources", "terms"})
HAS_STATUS = frozenset({"term", "event", "discrepancy", "question"})


def _entry(item: dict[str, Any], fields: tuple[str, ...], with_status: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = item.get(name)
        if value is None and name in LIST_FIELDS:
            value = []
        out[name] = value
    if with_status and not out.get("status"):
        out["status"] = "verified"
    return out


def _section(store: Store, name: str) -> dict[str, Any] | None:
    section = store.section(name)
    if section is None:
        return None
    return {k: v for k, v in section.items() if k != "id"}


def build_export(store: Store, topic: str | None = None) -> dict[str, Any]:
    """The export document. With `topic`, topics, terms, timeline and questions are limited
    to it; sources, toolbox, axes and discrepancies have no topic and are kept whole."""
    from ..quiz.bank import all_questions

    def keep(item: dict) -> bool:
        return topic is None or item.get("topic") == topic

    topics = [t for t in store.all("topic") if topic is None or t["id"] == topic]
    return {
        "format": FORMAT,
        "version": VERSION,
        "topics": [_entry(t, TOPIC_FIELDS, False) for t in topics],
        "sources": [_entry(s, SOURCE_FIELDS, False) for s in store.all("source")],
        "terms": [_entry(t, TERM_FIELDS, True) for t in store.all("term") if keep(t)],
        "toolbox": _section(store, "toolbox"),
        "axes": _section(store, "axes"),
        "timeline": [_entry(e, EVENT_FIELDS, True) for e in store.all("event") if keep(e)],
        "discrepancies": [_entry(d, DISCREPANCY_FIELDS, True) for d in store.all("discrepancy")],
        "questions": [_entry(q, QUESTION_FIELDS, True) for q in all_questions(store) if keep(q)],
    }


def render_json(store: Store, topic: str | None = None) -> tuple[str, str]:
    """The JSON text and a short description of what it holds."""
    doc = build_export(store, topic)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    counts = len(doc["terms"]), len(doc["timeline"]), len(doc["questions"])
    what = "{} terms, {} events and {} questions".format(*counts)
    return text, what
