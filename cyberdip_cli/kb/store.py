"""Read access to the compiled content cache (kb/cache.py builds it, kb/compile.py fills it)."""

import json
import sqlite3
from typing import Any

from .match import key
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

    def origins(self, kind: str) -> dict[str, str]:
        """Entry id -> the content it came from ("builtin", or a pack's name as a slug)."""
        rows = self.conn.execute("SELECT id, pack FROM origins WHERE kind = ?", (kind,))
        return dict(rows.fetchall())

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
            "SELECT kind, id, title, snippet(docs, 4, char(1), char(2), ' … ', 14) "
            "FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 0, 0, 8.0, 1.0) LIMIT ?",
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
