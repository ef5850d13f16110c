"""`cyberdip export --format json`: the whole knowledge base as one JSON document.

The shape is documented in docs/EXPORT.md. Flat entries (topics, sources, terms, events,
discrepancies, questions) always carry every field of their kind, in a fixed order, with
null or [] for what the content leaves out; the toolbox and axes sections are exported as
written in content (docs/CONTENT.md). Lists keep the content order, so the same content
always gives the same bytes.

The document is written as it is made, one entry per line: `json.dumps(indent=2)` of the
whole document held it all in memory twice and used the pure-Python encoder (indentation
is not in the C one), 2.4 s and 300 MB for a 10,000-term pack. Each list entry is one
`json.dumps(entry, ensure_ascii=False)` line, made by the C encoder; the rest of the
layout is indent=2 as before (docs/EXPORT.md).
"""

import json
from collections.abc import Callable
from typing import Any

from ..kb.store import Store

FORMAT = "cyberdip-export"
VERSION = 2  # 2: incidents and drills, defaults filled, blog_says/blog_note (docs/EXPORT.md)


def _entry(item: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Every field of the kind's schema, in schema order (defaults are filled at load)."""
    if len(item) == len(fields) and tuple(item) == fields:
        return item  # already so: the loader writes records in schema order
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
        return _keep(topic, kind, item)

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
    parts: list[str] = []
    what = write_json(parts.append, store, topic)
    return "".join(parts), what


_COMPACT = json.JSONEncoder(ensure_ascii=False)  # json.dumps(x, ensure_ascii=False)


def write_json(write: Callable[[str], Any], store: Store, topic: str | None = None) -> str:
    """Write the export document through `write` (text, in pieces of about a megabyte) as
    it is built; returns a short description of what it holds."""
    from ..progress_bar import work_bar
    from ..textsafe import escape_json

    out = _Buffered(write, escape_json)
    counts: dict[str, int] = {}
    kinds = [k for k in store.registry if "json" in k.exports]
    total = sum(store.count(k.name) for k in kinds)
    out.add('{\n  "format": ' + _COMPACT.encode(FORMAT) + f',\n  "version": {VERSION},\n')
    with work_bar("Exporting JSON", total) as step:
        for kind in kinds:
            fields = (*kind.schema, *(("generated",) if kind.name == "question" else ()))
            out.add(f"  {_COMPACT.encode(kind.json_key)}: [")
            n = 0
            for item in store.iter_all(kind.name):
                step()
                if not _keep(topic, kind.name, item):
                    continue
                out.add("\n    " if n == 0 else ",\n    ", safe=True)
                out.add(_COMPACT.encode(_entry(item, fields)))
                n += 1
            out.add("\n  ],\n" if n else "],\n")
            counts[kind.json_key] = n
    for name in ("toolbox", "axes"):
        section = json.dumps(_section(store, name), ensure_ascii=False, indent=2)
        out.add(f"  {_COMPACT.encode(name)}: " + section.replace("\n", "\n  "))
        out.add(",\n" if name == "toolbox" else "\n}\n")
    out.flush()
    found = counts.get("terms", 0), counts.get("timeline", 0), counts.get("questions", 0)
    return "{} terms, {} events and {} questions".format(*found)


def _keep(topic: str | None, kind: str, item: dict) -> bool:
    if topic is None:
        return True
    if kind == "topic":
        return item["id"] == topic
    return item.get("topic", topic) == topic


class _Buffered:
    """Pieces of JSON text gathered and written about a megabyte at a time, each made safe
    on its own (textsafe.escape_json: unsafe characters only occur inside strings, so any
    piece made of whole tokens can be escaped alone, and a piece without the layout's line
    breaks passes its quick printable test)."""

    LIMIT = 1 << 20

    def __init__(self, write: Callable[[str], Any], escape: Callable[[str], str]):
        self.write, self.escape = write, escape
        self.parts: list[str] = []
        self.size = 0

    def add(self, text: str, safe: bool = False) -> None:
        if not safe:
            text = self.escape(text)
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.write("".join(self.parts))
            self.parts, self.size = [], 0
