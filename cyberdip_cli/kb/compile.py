"""Compile merged content into the SQLite cache's tables, one loop over the registry."""

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from .match import key, name_words, stem_key
from .registry import Kind, Registry, join_fields

CACHE_FORMAT = 15  # bump when the tables below change

SCHEMA = """
CREATE TABLE entries (kind TEXT, id TEXT, ord INTEGER, data TEXT, PRIMARY KEY (kind, id));
CREATE TABLE names (key TEXT, stem TEXT, kind TEXT, id TEXT, label TEXT, weight INTEGER);
CREATE INDEX names_key ON names (key);
CREATE INDEX names_stem ON names (stem);
CREATE TABLE words (word TEXT, kind TEXT, id TEXT, PRIMARY KEY (word, kind, id)) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE cites (source TEXT, kind TEXT, id TEXT, label TEXT);
CREATE TABLE quiz (ord INTEGER PRIMARY KEY, id TEXT UNIQUE, topic TEXT, difficulty INTEGER, generated INTEGER, pack TEXT, fingerprint TEXT);
CREATE INDEX cites_source ON cites (source);
CREATE TABLE renames (old TEXT PRIMARY KEY, new TEXT) WITHOUT ROWID;
CREATE TABLE origins (kind TEXT, id TEXT, pack TEXT, PRIMARY KEY (kind, id));
CREATE VIRTUAL TABLE docs USING fts5 (
    kind UNINDEXED, id UNINDEXED, tier UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE vocab USING fts5vocab (docs, row);
"""

# Weights in the names index: the name beats an alias, which beats the bare id.
WEIGHT_NAME, WEIGHT_ALIAS, WEIGHT_ID = 3, 2, 1


def entry_id(kind: Kind, item: dict) -> str:
    """Items without an id of their own (the framework, the cyber regime) take the kind's."""
    return item.get("id") or kind.name


def compile_into(conn: sqlite3.Connection, kb: Any, registry: Registry, sig: str) -> None:
    conn.executescript(SCHEMA)
    entries, names, docs, cites = [], [], [], []
    questions: list[dict] = []
    for kind in registry:
        items = registry.items(kind, kb)
        if kind.name == "question":
            questions = items
        for ord_, item in enumerate(items):
            eid = entry_id(kind, item)
            data = item if "id" in item else {"id": eid, **item}
            if kind.fingerprint:
                data = {**data, "fingerprint": fingerprint(item, kind.fingerprint)}
            entries.append((kind.name, eid, ord_, json.dumps(data, ensure_ascii=False)))
            title = kind.title(item)
            if kind.named:
                names.extend(_names(kind, eid, title, item))
            if kind.searchable:
                # A row derived from another record (an incident's timeline row) ranks
                # below the record itself.
                tier = kind.tier + (1 if item.get("derived") else 0)
                docs.append((kind.name, eid, tier, title, join_fields(item, kind.body)))
            if kind.cites:
                label = title[:100]
                cites.extend(
                    (s, kind.name, eid, label) for s in sorted(cited(item, kind.cite_skip))
                )
    conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", entries)
    conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?)", (n[:6] for n in names))
    conn.executemany("INSERT OR IGNORE INTO words VALUES (?, ?, ?)", _words(names))
    conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", docs)
    conn.executemany("INSERT INTO cites VALUES (?, ?, ?, ?)", cites)
    origins = dict(((kind, eid), pack) for kind, eid, pack in _origins(kb, questions))
    conn.executemany(
        "INSERT INTO quiz VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                n,
                q["id"],
                q["topic"],
                q["difficulty"],
                int(q["generated"]),
                _pack_of(origins.get(("question", q["id"]))),
                fingerprint(q, registry.get("question").fingerprint),
            )
            for n, q in enumerate(questions)
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO renames VALUES (?, ?)",
        ((old, q["id"]) for q in questions for old in q.get("renamed_from") or []),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO origins VALUES (?, ?, ?)",
        ((kind, eid, pack) for (kind, eid), pack in origins.items()),
    )
    conn.execute("INSERT INTO meta VALUES ('signature', ?)", (sig,))
    conn.commit()


def _pack_of(origin: str | None) -> str | None:
    """The pack a question came from (None for the built-in content)."""
    return None if origin in (None, "builtin") else origin


def _origins(kb: Any, questions: list[dict]) -> Iterator[tuple[str, str, str]]:
    """Which content directory each list entry came from; a generated question comes from
    the term it was made from."""
    origins = getattr(kb, "origins", {}) or {}
    for (kind, eid), pack in origins.items():
        yield kind, eid, pack
    for q in questions:
        if q.get("generated") and q.get("terms"):
            pack = origins.get(("term", q["terms"][0]))
            if pack:
                yield "question", q["id"], pack


def _names(kind: Kind, eid: str, title: str, item: dict) -> Iterator[tuple]:
    """(key, stem, kind, id, label, weight, the name as written) for every way to name it."""
    yield key(eid), stem_key(eid), kind.name, eid, title, WEIGHT_ID, eid
    yield key(title), stem_key(title), kind.name, eid, title, WEIGHT_NAME, title
    for alias in kind.aliases(item):
        if key(alias):
            yield key(alias), stem_key(alias), kind.name, eid, title, WEIGHT_ALIAS, alias


def _words(names: list[tuple]) -> Iterator[tuple[str, str, str]]:
    """Each word of a name or alias (not of the id), for the matcher's whole-word rule."""
    for _key, _stem, kind, eid, _label, weight, written in names:
        if weight != WEIGHT_ID:
            for word in name_words(written):
                yield word, kind, eid


def fingerprint(item: dict, fields: tuple[str, ...]) -> str:
    """A short checksum of what a card tests. A generated question's prompt and choices are
    made from its term, so a change to the term changes it too. zlib, not hashlib: hashlib
    costs more to import than the whole compile of a small pack."""
    import zlib

    blob = json.dumps([item.get(f) for f in fields], ensure_ascii=False, sort_keys=True)
    return f"{zlib.crc32(blob.encode()):08x}"


def cited(node: Any, skip: tuple[str, ...] = ()) -> set[str]:
    """Every source id cited anywhere in an item's tree, except under `skip` keys."""
    found: set[str] = set()
    stack = [node]
    top = True
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.update(item.get("sources") or [])
            stack.extend(
                v
                for k, v in item.items()
                if isinstance(v, (dict, list)) and not (top and k in skip)
            )
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))
        top = False
    return found
