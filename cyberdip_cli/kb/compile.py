"""Compile merged content into the SQLite cache's tables, one streaming loop over the registry.

Rows go to SQLite in batches as the items are walked, so the compile holds one batch, not
the whole knowledge base a second time (a 100,000-term pack is hundreds of megabytes of
rows). Secondary indexes are built once the rows are in, which is faster than keeping them
up to date row by row, and the full-text index is merged into one segment at the end
instead of after every flush.

Entries are stored as `marshal` data, not JSON: decoding is several times faster, and a
warm command then never imports `json` (docs/PERFORMANCE.md). The format is marshal
version 4, which every Python from 3.4 on reads.
"""

import marshal
import sqlite3
import zlib
from collections.abc import Callable
from typing import Any

from .match import STOPWORDS as _STOPWORDS
from .match import name_forms, singular
from .registry import Kind, Registry, join_fields

CACHE_FORMAT = 16  # bump when the tables below change

SCHEMA = """
CREATE TABLE entries (kind TEXT, id TEXT, ord INTEGER, data BLOB, doc INTEGER, pack TEXT, PRIMARY KEY (kind, id));
CREATE TABLE names (key TEXT, stem TEXT, kind TEXT, id TEXT, label TEXT, weight INTEGER);
CREATE TABLE words_raw (word TEXT, kind TEXT, id TEXT);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE cites (source TEXT, kind TEXT, id TEXT, label TEXT);
CREATE TABLE quiz (ord INTEGER PRIMARY KEY, id TEXT, topic TEXT, difficulty INTEGER, generated INTEGER, pack TEXT, fingerprint TEXT);
CREATE TABLE renames (old TEXT PRIMARY KEY, new TEXT) WITHOUT ROWID;
CREATE VIRTUAL TABLE docs USING fts5 (
    kind UNINDEXED, id UNINDEXED, tier UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE vocab USING fts5vocab (docs, row);
"""

# Built after the rows: one sort per index instead of a B-tree update per row.
INDEXES = """
CREATE INDEX names_key ON names (key);
CREATE INDEX names_stem ON names (stem);
CREATE INDEX names_entry ON names (kind, id);
CREATE TABLE words (word TEXT, kind TEXT, id TEXT, PRIMARY KEY (word, kind, id)) WITHOUT ROWID;
INSERT OR IGNORE INTO words SELECT word, kind, id FROM words_raw ORDER BY word, kind, id;
DROP TABLE words_raw;
CREATE INDEX cites_source ON cites (source);
CREATE UNIQUE INDEX quiz_id ON quiz (id);
"""

# After the full-text index is complete: its tokens as a plain table, which search reads to
# tell a whole word from a prefix and typo correction reads whole (fts5vocab would count
# every token's rows to list it: 1 s at 100,000 terms, against a B-tree range read).
TOKENS = """
CREATE TABLE tokens (term TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO tokens SELECT term FROM vocab;
"""

# Weights in the names index: the name beats an alias, which beats the bare id.
WEIGHT_NAME, WEIGHT_ALIAS, WEIGHT_ID = 3, 2, 1

# A search document's rowid carries its tier in the high bits, so the index itself keeps
# the documents in tier order: search ranks the first matches in that order without
# reading every match's row (kb/store.py, Store.search).
TIER_SHIFT = 32

BATCH = 2000  # rows per executemany


def entry_id(kind: Kind, item: dict) -> str:
    """Items without an id of their own (the framework, the cyber regime) take the kind's."""
    return item.get("id") or kind.name


def encode(data: Any) -> bytes:
    """An entry as stored in the cache (Store decodes it with marshal.loads)."""
    try:
        return marshal.dumps(data, 4)
    except ValueError:  # a dict or list subclass (a raw YAML node) somewhere inside
        return marshal.dumps(_plain(data), 4)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def compile_into(conn: sqlite3.Connection, kb: Any, registry: Registry, sig: str) -> None:
    """Fill an empty database with the compiled content (with a progress bar on a terminal
    when the content is large: progress_bar.py)."""
    from ..progress_bar import work_bar

    prepare(conn)
    with work_bar("Compiling the content cache", count_items(kb, registry)) as step:
        packs = fill(lambda table, batch: write_rows(conn, table, batch), kb, registry, step)
        finish(conn, sorted(packs), sig)


def prepare(conn: sqlite3.Connection) -> None:
    """The empty tables. A cache file is built in a temporary file and renamed into place
    when complete, so it needs no rollback journal; a larger page cache keeps the index
    builds in memory."""
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA cache_size=-32768")
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO docs (docs, rank) VALUES ('automerge', 0)")


def write_rows(conn: sqlite3.Connection, table: str, batch: list[tuple]) -> None:
    conn.executemany(_INSERTS[table], batch)


def finish(conn: sqlite3.Connection, packs: list[str], sig: str) -> None:
    """The indexes, once every row is in, and the signature that makes the cache valid."""
    # One segment: quick queries, and much cheaper than merging after every flush.
    conn.execute("INSERT INTO docs (docs) VALUES ('optimize')")
    conn.executescript(INDEXES)
    conn.executescript(TOKENS)
    conn.execute("INSERT INTO meta VALUES ('packs', ?)", ("\n".join(packs),))
    conn.execute("INSERT INTO meta VALUES ('signature', ?)", (sig,))
    conn.commit()


def limit_size(conn: sqlite3.Connection, max_bytes: int) -> None:
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {max(1, max_bytes // page_size)}")


_INSERTS = {
    "entries": "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
    "names": "INSERT INTO names VALUES (?, ?, ?, ?, ?, ?)",
    "words": "INSERT INTO words_raw VALUES (?, ?, ?)",
    "docs": "INSERT INTO docs (rowid, kind, id, tier, title, body) VALUES (?, ?, ?, ?, ?, ?)",
    "cites": "INSERT INTO cites VALUES (?, ?, ?, ?)",
    "quiz": "INSERT INTO quiz VALUES (?, ?, ?, ?, ?, ?, ?)",
    "renames": "INSERT OR IGNORE INTO renames VALUES (?, ?)",
}


def fill(write: Callable, kb: Any, registry: Registry, step: Callable) -> set[str]:
    """Make every item's rows and hand them to `write(table, batch)` a batch at a time;
    returns the packs the questions come from."""
    rows: dict[str, list[tuple]] = {table: [] for table in _INSERTS}
    entries, names, words, docs = rows["entries"], rows["names"], rows["words"], rows["docs"]
    cites, quiz, renames = rows["cites"], rows["quiz"], rows["renames"]

    def flush() -> None:
        for table, batch in rows.items():
            if batch:
                write(table, batch)
                batch.clear()

    # Where each list entry came from ("builtin" or a pack's slug), for the Anki tags.
    origins = getattr(kb, "origins", {}) or {}
    packs: set[str] = set()
    doc_seq = 0
    for kind in registry:
        is_question = kind.name == "question"
        name = kind.name
        nested = _nested_fields(kind)
        for ord_, item in enumerate(registry.iter_items(kind, kb)):
            eid = item.get("id") or name  # entry_id()
            data = item if "id" in item else {"id": eid, **item}
            card_print = None
            if kind.fingerprint:
                card_print = fingerprint(item, kind.fingerprint)
                data = {**data, "fingerprint": card_print}
            title = kind.title(item)
            doc = None
            if kind.searchable:
                # A row derived from another record (an incident's timeline row) ranks
                # below the record itself.
                tier = kind.tier + (1 if item.get("derived") else 0)
                doc_seq += 1
                doc = (tier << TIER_SHIFT) | doc_seq
                docs.append((doc, name, eid, tier, title, join_fields(item, kind.body)))
            pack = origins.get((name, eid))
            if pack is None and is_question and item.get("generated") and item.get("terms"):
                # A generated question comes from the pack of the term it was made from.
                pack = origins.get(("term", item["terms"][0]))
            entries.append((name, eid, ord_, encode(data), doc, pack))
            if kind.named:
                _names(kind, eid, title, item, names, words)
            if kind.cites:
                label = title[:100]
                found = cited_by_schema(item, nested) if nested is not None else None
                if found is None:
                    found = cited(item, kind.cite_skip)
                cites.extend((s, name, eid, label) for s in sorted(found))
            if is_question:
                if pack not in (None, "builtin"):
                    packs.add(pack)
                quiz.append(
                    (
                        ord_,
                        eid,
                        item["topic"],
                        item["difficulty"],
                        int(item["generated"]),
                        _pack_of(pack),
                        card_print,
                    )
                )
                renames.extend((old, eid) for old in item.get("renamed_from") or [])
            if len(entries) >= BATCH:
                flush()
            step()
    flush()
    return packs


def _pack_of(origin: str | None) -> str | None:
    """The pack a question came from (None for the built-in content)."""
    return None if origin in (None, "builtin") else origin


def _names(kind: Kind, eid: str, title: str, item: dict, names: list, words: list) -> None:
    """A names row for every way to name the entry (id, name, aliases), and a words row for
    each word of a name or alias (not of the id), for the matcher's whole-word rule."""
    key_, stem, _ = name_forms(eid)
    names.append((key_, stem, kind.name, eid, title, WEIGHT_ID))
    for written, weight in ((title, WEIGHT_NAME), *((a, WEIGHT_ALIAS) for a in kind.aliases(item))):
        key_, stem, folded = name_forms(written)
        if weight == WEIGHT_ALIAS and not key_:
            continue
        names.append((key_, stem, kind.name, eid, title, weight))
        words.extend(
            (word, kind.name, eid) for word in {singular(w) for w in folded if w not in _STOPWORDS}
        )


_ENCODER = None  # json.JSONEncoder(ensure_ascii=False, sort_keys=True), made on first use


def fingerprint(item: dict, fields: tuple[str, ...]) -> str:
    """A short checksum of what a card tests. A generated question's prompt and choices are
    made from its term, so a change to the term changes it too. zlib, not hashlib: hashlib
    costs more to import than the whole compile of a small pack.

    Saved with every answer, so it must never change for the same content: it is the CRC-32
    of json.dumps([values], ensure_ascii=False, sort_keys=True), from one encoder reused
    (json.dumps would build the same encoder for every call)."""
    global _ENCODER
    if _ENCODER is None:
        import json

        _ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
    blob = _ENCODER.encode([item.get(f) for f in fields])
    return f"{zlib.crc32(blob.encode()):08x}"


def _nested_fields(kind: Kind) -> tuple[str, ...] | None:
    """The fields of a kind's schema that hold records (the only places, besides its own
    `sources`, where a validated entry can cite), or None for a kind without a schema."""
    if not kind.schema or kind.cite_skip:
        return None
    return tuple(n for n, f in kind.schema.items() if f.kind in ("record", "records"))


def cited_by_schema(item: dict, nested: tuple[str, ...]) -> set[str] | None:
    """`cited(item)` for an item shaped by its schema: its `sources` and those under its
    record fields. None when the item holds a mapping elsewhere (not a validated entry:
    content built in code), so the caller walks it all."""
    found = set(item.get("sources") or ())
    for key, value in item.items():
        if key in nested:
            if value:
                found |= cited(value)
        elif isinstance(value, dict) or (
            isinstance(value, list) and value and not isinstance(value[0], str)
        ):
            return None
    return found


def cited(node: Any, skip: tuple[str, ...] = ()) -> set[str]:
    """Every source id cited anywhere in an item's tree, except under `skip` keys (of the
    item itself)."""
    found: set[str] = set()
    _cite(node, skip, found)
    return found


def _cite(node: Any, skip: tuple[str, ...], found: set[str]) -> None:
    # Recursive (content is at most 40 levels deep: kb/yamlsafe.py); lists of text, the
    # common case, are scanned without being pushed anywhere.
    if isinstance(node, dict):
        sources = node.get("sources")
        if sources:
            found.update(sources)
        for k, v in node.items():
            if isinstance(v, list):
                if skip and k in skip:
                    continue
                for x in v:
                    if isinstance(x, (dict, list)):
                        _cite(x, (), found)
            elif isinstance(v, dict) and not (skip and k in skip):
                _cite(v, (), found)
    elif isinstance(node, list):
        for x in node:
            if isinstance(x, (dict, list)):
                _cite(x, (), found)


def count_items(kb: Any, registry: Registry) -> int:
    """About how many items a compile writes (for its progress bar): the list sections'
    entries, plus a question per term for the generated ones."""
    total = 0
    for kind in registry:
        if kind.section:
            total += len(kb.section(kind.section) or [])
    return total + len(kb.section("terms") or [])
