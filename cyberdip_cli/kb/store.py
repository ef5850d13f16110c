"""Read access to the compiled content cache (kb/cache.py builds it, kb/compile.py fills it)."""

import json
import sqlite3
from typing import Any

from .match import key, name_words, stem_key
from .registry import Registry


class Store:
    """Read access to compiled content. Entries come back as the plain dicts of the schema."""

    def __init__(self, conn: sqlite3.Connection, registry: Registry):
        self.conn = conn
        self.registry = registry

    def get(self, kind: str, entry_id: str) -> dict | None:
        row = self.conn.execute(
            "SELECT data FROM entries WHERE kind = ? AND id = ?", (kind, entry_id)
        ).fetchone()
        return _decode(row[0]) if row else None

    def all(self, kind: str) -> list[dict]:
        rows = self.conn.execute("SELECT data FROM entries WHERE kind = ? ORDER BY ord", (kind,))
        return [_decode(r[0]) for r in rows]

    def ids(self, kind: str) -> list[str]:
        rows = self.conn.execute("SELECT id FROM entries WHERE kind = ? ORDER BY ord", (kind,))
        return [r[0] for r in rows]

    def count(self, kind: str) -> int:
        return self.conn.execute("SELECT count(*) FROM entries WHERE kind = ?", (kind,)).fetchone()[
            0
        ]

    def origins(self, kind: str) -> dict[str, str]:
        """Entry id -> the content it came from ("builtin", or a pack's name as a slug)."""
        rows = self.conn.execute("SELECT id, pack FROM origins WHERE kind = ?", (kind,))
        return dict(rows.fetchall())

    def section(self, name: str) -> dict | None:
        return self.get("section", name)

    def _kinds(self, kinds: tuple[str, ...]) -> str:
        return ",".join("?" * len(kinds))

    def lookup(self, query: str, kinds: tuple[str, ...]) -> tuple[str, str] | None:
        """Exact match of a name, acronym, alias or id; best weight first, then the kind
        that comes first in `kinds`."""
        row = self.conn.execute(
            f"SELECT kind, id FROM names WHERE key = ? AND kind IN ({self._kinds(kinds)}) "
            "ORDER BY weight DESC, instr(?, ',' || kind || ',') LIMIT 1",
            (key(query), *kinds, "," + ",".join(kinds) + ","),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def entries_by_stem(self, query: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        rows = self.conn.execute(
            f"SELECT DISTINCT kind, id FROM names WHERE stem = ? AND kind IN ({self._kinds(kinds)})",
            (stem_key(query), *kinds),
        )
        return [(k, i) for k, i in rows]

    def entries_by_prefix(self, query: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        wanted = key(query)
        if not wanted:
            return []
        rows = self.conn.execute(
            f"SELECT DISTINCT kind, id FROM names WHERE key >= ? AND key < ? "
            f"AND weight > 1 AND kind IN ({self._kinds(kinds)}) LIMIT 3",
            (wanted, wanted + "\uffff", *kinds),
        )
        return [(k, i) for k, i in rows]

    def entries_by_words(self, query: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        """Entries whose names hold every word of the query (at most three, to tell one)."""
        words = sorted(name_words(query))
        if not words:
            return []
        marks = ",".join("?" * len(words))
        rows = self.conn.execute(
            f"SELECT kind, id FROM words WHERE word IN ({marks}) AND kind IN ({self._kinds(kinds)}) "
            "GROUP BY kind, id HAVING count(DISTINCT word) = ? LIMIT 3",
            (*words, *kinds, len(words)),
        )
        return [(k, i) for k, i in rows]

    def name_candidates(self, kinds: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
        """Lookup key -> (kind, id, label), for typos and "did you mean"."""
        rows = self.conn.execute(
            f"SELECT key, kind, id, label FROM names WHERE kind IN ({self._kinds(kinds)}) "
            "ORDER BY weight DESC",
            kinds,
        )
        out: dict[str, tuple[str, str, str]] = {}
        for k, kind, entry_id, label in rows:
            out.setdefault(k, (kind, entry_id, label))
        return out

    def label_of(self, kind: str, entry_id: str) -> str:
        row = self.conn.execute(
            "SELECT label FROM names WHERE kind = ? AND id = ? ORDER BY weight DESC LIMIT 1",
            (kind, entry_id),
        ).fetchone()
        return row[0] if row else entry_id

    def search(
        self, match: str, limit: int, kinds: tuple[str, ...] | None = None
    ) -> list[dict[str, Any]]:
        """Full-text hits: main entries first, then parts of entries, then questions and
        sources (the registry's tiers); by relevance within a tier, titles weighing most."""
        where = f" AND kind IN ({self._kinds(kinds)})" if kinds else ""
        rows = self.conn.execute(
            "SELECT kind, id, title, snippet(docs, 4, char(1), char(2), ' … ', 14) "
            f"FROM docs WHERE docs MATCH ?{where} "
            "ORDER BY tier, bm25(docs, 0, 0, 0, 8.0, 1.0) LIMIT ?",
            (match, *(kinds or ()), limit),
        )
        return [{"kind": k, "id": i, "title": t, "snippet": s} for k, i, t, s in rows]

    def named(self, query: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        """Entries whose name, acronym or alias matches the query, best first: the whole
        name (plural folded), then a name that starts with it, then one holding its words."""
        wanted, marks = key(query), self._kinds(kinds)
        if not wanted:
            return []
        rows = self.conn.execute(
            "SELECT kind, id, min(CASE WHEN key = ? OR stem = ? THEN 0 ELSE 1 END), "
            f"max(weight) FROM names WHERE key >= ? AND key < ? AND weight > 1 "
            f"AND kind IN ({marks}) GROUP BY kind, id ORDER BY 3, 4 DESC LIMIT 5",
            (wanted, stem_key(query), stem_key(query), wanted + "\uffff", *kinds),
        )
        out = [(k, i) for k, i, _r, _w in rows]
        for entry in self.entries_by_words(query, kinds):
            if entry not in out and len(out) < 5:
                out.append(entry)
        return out

    def doc(self, kind: str, entry_id: str) -> dict[str, Any] | None:
        """The search document of one entry, its body's start as the snippet."""
        row = self.conn.execute(
            "SELECT title, substr(body, 1, 160) FROM docs WHERE kind = ? AND id = ?",
            (kind, entry_id),
        ).fetchone()
        if row is None:
            return None
        return {"kind": kind, "id": entry_id, "title": row[0], "snippet": row[1]}

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
        packs: list[str] | None = None,
    ) -> list[str]:
        """Ids of the questions that pass the filters, in bank order, without loading them.
        Topics and packs widen each other: `--topic sanctions --topic my-course`."""
        where, args = [], []
        groups = []
        if topics:
            groups.append(f"topic IN ({','.join('?' * len(topics))})")
            args += topics
        if packs:
            groups.append(f"pack IN ({','.join('?' * len(packs))})")
            args += packs
        if groups:
            where.append("(" + " OR ".join(groups) + ")")
        if difficulty is not None:
            where.append("difficulty = ?")
            args.append(difficulty)
        if not include_generated:
            where.append("generated = 0")
        sql = "SELECT id FROM quiz" + (" WHERE " + " AND ".join(where) if where else "")
        return [r[0] for r in self.conn.execute(sql + " ORDER BY ord", args)]

    def fingerprints(self, ids: list[str]) -> dict[str, str]:
        """The content fingerprint of each question, as compiled."""
        out: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.conn.execute(
                f"SELECT id, fingerprint FROM quiz WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            out.update(rows)
        return out

    def renames(self) -> dict[str, str]:
        """Old question id -> new id, from the questions' `renamed_from` lists."""
        return dict(self.conn.execute("SELECT old, new FROM renames"))

    def pack_names(self) -> list[str]:
        return [
            r[0] for r in self.conn.execute("SELECT DISTINCT pack FROM quiz WHERE pack IS NOT NULL")
        ]

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
            found.update((i, _decode(d)) for i, d in rows)
        return [found[i] for i in ids if i in found]


def _decode(data: Any) -> Any:
    """An entry's JSON. A row that does not decode (one flipped byte on disk) is damage to
    the cache, which holds nothing the YAML cannot rebuild: discard it and say so in one
    line; the next run compiles it again."""
    try:
        return json.loads(data)
    except (ValueError, TypeError) as exc:  # JSONDecodeError, bad UTF-8 bytes, NULL
        from ..errors import ContentCacheDamaged
        from .cache import discard_caches

        discard_caches()
        raise ContentCacheDamaged(f"an entry does not decode: {exc}") from None
