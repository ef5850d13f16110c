"""Compiled content: a SQLite cache built from the YAML once, then only queried.

The cache file name carries a signature of every content file (path, size, mtime), so an
edit makes a new cache on the next run. It is written to a temporary file and renamed into
place, so two processes building at once both succeed and a crash leaves no broken cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import CyberdipError
from .match import key

CACHE_FORMAT = 6  # bump when the tables below change
KEEP_CACHES = 3  # other content sets (packs on and off) kept compiled besides the current one

SCHEMA = """
CREATE TABLE entries (kind TEXT, id TEXT, ord INTEGER, data TEXT, PRIMARY KEY (kind, id));
CREATE TABLE names (key TEXT, kind TEXT, id TEXT, label TEXT, weight INTEGER);
CREATE INDEX names_key ON names (key);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE cites (source TEXT, kind TEXT, id TEXT, label TEXT);
CREATE TABLE quiz (ord INTEGER PRIMARY KEY, id TEXT UNIQUE, topic TEXT, difficulty INTEGER, generated INTEGER);
CREATE INDEX cites_source ON cites (source);
CREATE VIRTUAL TABLE docs USING fts5 (
    kind UNINDEXED, id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE vocab USING fts5vocab (docs, row);
"""


class ContentInvalid(CyberdipError):
    def __init__(self, problems: list, directories: list[Path]):
        first = problems[0].format()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        where = "".join(f" {d}" for d in directories[1:])
        super().__init__(
            f"content is invalid: {first}{more}",
            hint=f"run `cyberdip check{where}` to see every problem",
        )
        self.problems = problems


def signature(directories: list[Path]) -> str:
    """Identity of the content files (paths, sizes, mtimes) as a short hex string.

    zlib's checksums rather than hashlib: importing hashlib costs more than the whole lookup.
    """
    parts = [f"{__version__}:{CACHE_FORMAT}"]
    for directory in directories:
        parts.append(str(directory.resolve()))
        if not directory.is_dir():
            raise CyberdipError(
                f"content directory not found: {directory}",
                hint="check the --content option or the CYBERDIP_CONTENT variable",
            )
        for root, dirnames, filenames in os.walk(directory):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".yaml"):
                    st = os.stat(os.path.join(root, name))
                    parts.append(f"{root}/{name}:{st.st_size}:{st.st_mtime_ns}")
    blob = "\n".join(parts).encode()
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}{len(parts):x}"


class Store:
    """Read access to compiled content. Entries come back as the plain dicts of the schema."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def get(self, kind: str, entry_id: str) -> dict | None:
        row = self.conn.execute(
            "SELECT data FROM entries WHERE kind = ? AND id = ?", (kind, entry_id)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def all(self, kind: str) -> list[dict]:
        rows = self.conn.execute("SELECT data FROM entries WHERE kind = ? ORDER BY ord", (kind,))
        return [json.loads(r[0]) for r in rows]

    def ids(self, kind: str) -> list[str]:
        rows = self.conn.execute("SELECT id FROM entries WHERE kind = ? ORDER BY ord", (kind,))
        return [r[0] for r in rows]

    def count(self, kind: str) -> int:
        return self.conn.execute("SELECT count(*) FROM entries WHERE kind = ?", (kind,)).fetchone()[
            0
        ]

    def section(self, name: str) -> dict | None:
        return self.get("section", name)

    def lookup(self, query: str, kinds: tuple[str, ...]) -> tuple[str, str] | None:
        """Exact match of a name, acronym, alias or id; best weight first."""
        marks = ",".join("?" * len(kinds))
        row = self.conn.execute(
            f"SELECT kind, id FROM names WHERE key = ? AND kind IN ({marks}) "
            "ORDER BY weight DESC LIMIT 1",
            (key(query), *kinds),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def name_candidates(self, kinds: tuple[str, ...]) -> dict[str, str]:
        """Lookup key -> label to suggest, for "did you mean"."""
        marks = ",".join("?" * len(kinds))
        rows = self.conn.execute(
            f"SELECT key, label FROM names WHERE kind IN ({marks}) ORDER BY weight DESC", kinds
        )
        out: dict[str, str] = {}
        for k, label in rows:
            out.setdefault(k, label)
        return out

    def search(self, match: str, limit: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT kind, id, title, snippet(docs, 3, char(1), char(2), ' … ', 14) "
            "FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 0, 8.0, 1.0) LIMIT ?",
            (match, limit),
        )
        return [{"kind": k, "id": i, "title": t, "snippet": s} for k, i, t, s in rows]

    def cited_by(self, source_id: str) -> list[dict[str, str]]:
        rows = self.conn.execute(
            "SELECT kind, id, label FROM cites WHERE source = ? ORDER BY kind, id", (source_id,)
        )
        return [{"kind": k, "id": i, "label": label} for k, i, label in rows]

    def vocabulary(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT term FROM vocab")]

    def quiz_ids(
        self,
        topics: list[str] | None = None,
        difficulty: int | None = None,
        include_generated: bool = True,
    ) -> list[str]:
        """Ids of the questions that pass the filters, in bank order, without loading them."""
        where, args = [], []
        if topics:
            where.append(f"topic IN ({','.join('?' * len(topics))})")
            args += topics
        if difficulty is not None:
            where.append("difficulty = ?")
            args.append(difficulty)
        if not include_generated:
            where.append("generated = 0")
        sql = "SELECT id FROM quiz" + (" WHERE " + " AND ".join(where) if where else "")
        return [r[0] for r in self.conn.execute(sql + " ORDER BY ord", args)]

    def question_counts(self) -> dict[str, int]:
        hand, made = self.conn.execute(
            "SELECT count(*) - coalesce(sum(generated), 0), coalesce(sum(generated), 0) FROM quiz"
        ).fetchone()
        return {"questions": hand, "generated_questions": made}

    def get_many(self, kind: str, ids: list[str]) -> list[dict]:
        """Entries by id, in the order of `ids` (missing ones skipped)."""
        found: dict[str, dict] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT id, data FROM entries WHERE kind = ? AND id IN ({marks})", (kind, *chunk)
            )
            found.update((i, json.loads(d)) for i, d in rows)
        return [found[i] for i in ids if i in found]


def open_store(directories: list[Path]) -> Store:
    """Open the compiled cache for these directories, building it first when needed."""
    sig = signature(directories)
    from ..paths import cache_dir

    folder = cache_dir()
    path = folder / f"kb-{sig}.sqlite"
    if path.exists():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            if conn.execute("SELECT v FROM meta WHERE k = 'signature'").fetchone() == (sig,):
                return Store(conn)
        except sqlite3.DatabaseError:
            pass  # corrupt or foreign file: rebuild below, replacing it
    kb = _load_valid(directories)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _build_file(kb, sig, folder, path)
        _remove_stale(folder, keep=path, keep_recent=KEEP_CACHES)
        return Store(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    except OSError:
        # Read-only or full disk: work from memory this time rather than fail.
        conn = sqlite3.connect(":memory:")
        compile_into(conn, kb, sig)
        return Store(conn)


def _load_valid(directories: list[Path]):
    from .loader import load

    result = load(directories)
    if result.problems:
        raise ContentInvalid(sorted(result.problems, key=lambda p: (p.path, p.line)), directories)
    return result.kb


def _build_file(kb, sig: str, folder: Path, path: Path) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            compile_into(conn, kb, sig)
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def discard_caches() -> None:
    from ..paths import cache_dir

    _remove_stale(cache_dir(), keep=None)


def _remove_stale(folder: Path, keep: Path | None, keep_recent: int = 0) -> None:
    """Delete caches other than `keep`, sparing the `keep_recent` most recently built."""

    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    others = sorted((p for p in folder.glob("kb-*.sqlite") if p != keep), key=mtime, reverse=True)
    for old in others[keep_recent:]:
        with contextlib.suppress(OSError):
            old.unlink()


def compile_into(conn: sqlite3.Connection, kb, sig: str) -> None:
    conn.executescript(SCHEMA)
    entries, names, docs = [], [], []
    for kind, items in _entry_lists(kb):
        for ord_, item in enumerate(items):
            entries.append((kind, item["id"], ord_, json.dumps(item, ensure_ascii=False)))
    for kind, entry_id, label, aliases in _named(kb):
        names.append((key(entry_id), kind, entry_id, label, 1))
        names.append((key(label), kind, entry_id, label, 3))
        names.extend((key(a), kind, entry_id, label, 2) for a in aliases if key(a))
    for kind, entry_id, title, body in _documents(kb):
        docs.append((kind, entry_id, title, body))
    conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", entries)
    conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", names)
    conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", docs)
    conn.executemany("INSERT INTO cites VALUES (?, ?, ?, ?)", _citations(kb))
    conn.executemany(
        "INSERT INTO quiz VALUES (?, ?, ?, ?, ?)",
        [
            (n, q["id"], q["topic"], q["difficulty"], int(q["generated"]))
            for n, q in enumerate(_questions(kb))
        ],
    )
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("signature", sig)],
    )
    conn.commit()


def _questions(kb) -> list[dict]:
    """Hand-written and generated questions, computed once per compile."""
    cached = getattr(kb, "_compiled_questions", None)
    if cached is None:
        from ..quiz.bank import compiled

        cached = compiled(kb.questions, kb.terms)
        kb._compiled_questions = cached
    return cached


def _entry_lists(kb) -> Iterator[tuple[str, list[dict]]]:
    yield "topic", kb.topics
    yield "source", kb.sources
    yield "term", kb.terms
    yield "event", sorted(kb.timeline, key=lambda e: e["date"])
    yield "discrepancy", kb.discrepancies
    yield "question", _questions(kb)
    sections = [{"id": n, **getattr(kb, n)} for n in ("toolbox", "axes") if getattr(kb, n)]
    yield "section", sections
    toolbox = kb.toolbox or {}
    yield "category", toolbox.get("categories") or []
    yield "measure", toolbox.get("measures") or []
    yield "listing", (toolbox.get("sanctions") or {}).get("listings") or []


def _named(kb) -> Iterator[tuple[str, str, str, list[str]]]:
    for t in kb.terms:
        yield "term", t["id"], t["term"], [t.get("acronym") or "", *(t.get("aliases") or [])]
    toolbox = kb.toolbox or {}
    for c in toolbox.get("categories") or []:
        yield "category", c["id"], c["name"], []
    for m in toolbox.get("measures") or []:
        yield "measure", m["id"], m["name"], []
    if toolbox.get("sanctions"):
        yield "sanctions", "sanctions", toolbox["sanctions"]["name"], ["sanctions"]
    for s in kb.sources:
        yield "source", s["id"], s["title"], [s.get("identifier") or ""]
    for t in kb.topics:
        yield "topic", t["id"], t["title"], []


def _documents(kb) -> Iterator[tuple[str, str, str, str]]:
    def join(*parts: Any) -> str:
        return " ".join(str(p) for p in parts if p)

    for t in kb.terms:
        yield (
            "term",
            t["id"],
            t["term"],
            join(
                t.get("acronym"),
                *(t.get("aliases") or []),
                t["summary"],
                t["definition"],
                t["eu_context"],
            ),
        )
    toolbox = kb.toolbox or {}
    for c in toolbox.get("categories") or []:
        yield "category", c["id"], c["name"], join(c["summary"], c["description"])
    for m in toolbox.get("measures") or []:
        uses = " ".join(u["text"] for u in m.get("uses") or [])
        yield (
            "measure",
            m["id"],
            m["name"],
            join(m["purpose"], m["description"], m["when_used"], uses),
        )
    sanctions = toolbox.get("sanctions")
    if sanctions:
        yield (
            "sanctions",
            "sanctions",
            sanctions["name"],
            join(sanctions["summary"], sanctions["description"]),
        )
        for listing in sanctions.get("listings") or []:
            title = f"Listing of {listing['date']}"
            yield (
                "listing",
                listing["id"],
                title,
                join(", ".join(listing.get("names") or []), listing["text"]),
            )
    for axis in (kb.axes or {}).get("axes") or []:
        points = " ".join(
            p["text"] for k in ("goals", "instruments", "features") for p in axis.get(k) or []
        )
        yield "axis", axis["id"], axis["name"], join(axis["focus"], points)
    for group, kind in (("drivers", "driver"), ("priorities", "priority")):
        for p in (kb.axes or {}).get(group) or []:
            yield kind, p["id"], p["name"], p["text"]
    for e in kb.timeline:
        yield "event", e["id"], f"{e['date']} {e['title']}", e["text"]
    for d in kb.discrepancies:
        yield (
            "discrepancy",
            d["id"],
            "The seed says: " + d["seed_says"][:70],
            join(d["seed_says"], d["correction"]),
        )
    for q in kb.questions:
        yield (
            "question",
            q["id"],
            q["prompt"],
            join(q.get("explanation"), *(q.get("choices") or [])),
        )
    for s in kb.sources:
        yield "source", s["id"], s["title"], join(s["issuer"], s.get("identifier"), s.get("note"))


def _citations(kb) -> Iterator[tuple[str, str, str, str]]:
    """(source, kind, id, label) for every entry whose tree cites a source anywhere."""

    def cited(node: Any) -> set[str]:
        found: set[str] = set()
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                found.update(item.get("sources") or [])
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
            elif isinstance(item, list):
                stack.extend(v for v in item if isinstance(v, (dict, list)))
        return found

    toolbox = kb.toolbox or {}
    groups: list[tuple[str, list[dict], str]] = [
        ("term", kb.terms, "term"),
        ("question", kb.questions, "prompt"),
        ("event", kb.timeline, "title"),
        ("discrepancy", kb.discrepancies, "seed_says"),
        ("measure", toolbox.get("measures") or [], "name"),
        ("category", toolbox.get("categories") or [], "name"),
        ("listing", (toolbox.get("sanctions") or {}).get("listings") or [], "date"),
    ]
    for kind, items, field in groups:
        for item in items:
            for source in cited(item):
                yield source, kind, item["id"], str(item.get(field, ""))[:100]
    if toolbox:
        for source in cited(toolbox.get("framework") or {}):
            yield source, "toolbox", "framework", "Toolbox framework"
        sanctions = {k: v for k, v in (toolbox.get("sanctions") or {}).items() if k != "listings"}
        for source in cited(sanctions):
            yield source, "toolbox", "sanctions", "Sanctions regime"
    for source in cited(kb.axes or {}):
        yield source, "axes", "axes", "The two axes"
