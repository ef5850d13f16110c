"""`cyberdip export --format json`: the whole knowledge base as one JSON document.

The shape is documented in docs/EXPORT.md. Flat entries (topics, sources, terms, events,
discrepancies, questions) always carry every field of their kind, in a fixed order, with
null or [] for what the content leaves out; the toolbox and axes sections are exported as
written in content (docs/CONTENT.md). Lists keep the content order, so the same content
always gives the same bytes.
"""

import json
from typing import Any

from ..kb.store import Store

FORMAT = "cyberdip-export"
VERSION = 2  # 2: incidents and drills, defaults filled, blog_says/blog_note (docs/EXPORT.md)


def _entry(item: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Every field of the kind's schema, in schema order (defaults are filled at load)."""
    return {name: item.get(name) for name in fields}


def _section(store: Store, name: str) -> dict[str, Any] | None:
    section = store.section(name)
    if section is None:
        return None
    return {k: v for k, v in section.items() if k != "id"}


def build_export(store: Store, topic: str | None = None) -> dict[str, Any]:
    """The export document: every kind that opts into "json" in the registry, under its key.

    With `topic`, entries that have a topic are limited to it; the rest are kept whole."""

    def keep(kind: str, item: dict) -> bool:
        if topic is None:
            return True
        if kind == "topic":
            return item["id"] == topic
        return item.get("topic", topic) == topic

    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for kind in store.registry:
        if "json" not in kind.exports:
            continue
        fields = (*kind.schema, *(("generated",) if kind.name == "question" else ()))
        items = store.all(kind.name)
        doc[kind.json_key] = [_entry(i, fields) for i in items if keep(kind.name, i)]
    for name in ("toolbox", "axes"):
        doc[name] = _section(store, name)
    return doc


def render_json(store: Store, topic: str | None = None) -> tuple[str, str]:
    """The JSON text and a short description of what it holds."""
    doc = build_export(store, topic)
    from ..textsafe import escape_json

    text = escape_json(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
    counts = len(doc["terms"]), len(doc["timeline"]), len(doc["questions"])
    what = "{} terms, {} events and {} questions".format(*counts)
    return text, what
