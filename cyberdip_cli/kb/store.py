"""Read access to the compiled content cache (kb/cache.py builds it, kb/compile.py fills it)."""

import sqlite3
from marshal import loads as _unmarshal  # entries are marshal data (kb/compile.py)
from typing import Any

from .compile import TIER_SHIFT
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

    def iter_all(self, kind: str):
        """`all(kind)`, one entry at a time (an export of a large pack holds one)."""
        rows = self.conn.execute("SELECT data FROM entries WHERE kind = ? ORDER BY ord", (kind,))
        for (data,) in rows:
            yield _decode(data)

    def ids(self, kind: str) -> list[str]:
        rows = self.conn.execute("SELECT id FROM entries WHERE kind = ? ORDER BY ord", (kind,))
        return [r[0] for r in rows]

    def count(self, kind: str) -> int:
        return self.conn.execute("SELECT count(*) FROM entries WHERE kind = ?", (kind,)).fetchone()[
            0
        ]

    def origins(self, kind: str) -> dict[str, str]:
        """Entry id -> the content it came from ("builtin", or a pack's name as a slug)."""
        rows = self.conn.execute(
            "SELECT id, pack FROM entries WHERE kind = ? AND pack IS NOT NULL", (kind,)
        )
        return dict(rows.fetchall())

    def section(self, name: str) -> dict | None:
        return self.get("section", name)

    def _kinds(self, kinds: tuple[str, ...]) -> str:
        # Used as `+kind IN (...)` where a name key narrows the rows: the unary + keeps
        # SQLite from choosing the (kind, id) index instead, a scan of every term of a
        # large pack (48 ms at 100,000 terms against 0.02).
        return ",".join("?" * len(kinds))

    def lookup(self, query: str, kinds: tuple[str, ...]) -> tuple[str, str] | None:
        """Exact match of a name, acronym, alias or id; best weight first, then the kind
        that comes first in `kinds`."""
        row = self.conn.execute(
            f"SELECT kind, id FROM names WHERE key = ? AND +kind IN ({self._kinds(kinds)}) "
            "ORDER BY weight DESC, instr(?, ',' || kind || ',') LIMIT 1",
            (key(query), *kinds, "," + ",".join(kinds) + ","),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def entries_by_stem(self, query: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        rows = self.conn.execute(
            f"SELECT DISTINCT kind, id FROM names WHERE stem = ? AND +kind IN ({self._kinds(kinds)})",
            (stem_key(query), *kinds),
        )
        return [(k, i) for k, i in rows]

    def entries_by_prefix(self, query: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        wanted = key(query)
        if not wanted:
            return []
        rows = self.conn.execute(
            f"SELECT DISTINCT kind, id FROM names WHERE key >= ? AND key < ? "
            f"AND weight > 1 AND +kind IN ({self._kinds(kinds)}) LIMIT 3",
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

    # Full-text ranking looks at the first RANK_BOUND matches in index order (which is
    # tier order, then content order: kb/compile.py), not at every match: a common word in
    # a 100,000-entry pack matches tens of thousands of documents, and ranking them all cost
    # about 200 ms. Content with fewer matches is ranked exactly as before.
    RANK_BOUND = 400

    def search(
        self, match: str, limit: int, kinds: tuple[str, ...] | None = None
    ) -> list[dict[str, Any]]:
        """Full-text hits: main entries first, then parts of entries, then questions and
        sources (the registry's tiers); by relevance within a tier, titles weighing most."""
        where, args = "", [match]
        if kinds:
            where = f" AND kind IN ({self._kinds(kinds)})"
            args += kinds
        # The last rowid among the first RANK_BOUND matches: the rowids carry the tier, so
        # this walks the index only, reading no row.
        bound = self.conn.execute(
            f"SELECT rowid FROM docs WHERE docs MATCH ?{where} ORDER BY rowid LIMIT 1 OFFSET ?",
            (*args, max(self.RANK_BOUND, limit) - 1),
        ).fetchone()
        upto = " AND rowid <= ?" if bound else ""
        rows = self.conn.execute(
            "SELECT kind, id, title, snippet(docs, 4, char(1), char(2), ' … ', 14) "
            f"FROM docs WHERE docs MATCH ?{where}{upto} "
            f"ORDER BY rowid >> {TIER_SHIFT}, bm25(docs, 0, 0, 0, 8.0, 1.0) LIMIT ?",
            (*args, *((bound[0],) if bound else ()), limit),
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
            f"AND +kind IN ({marks}) GROUP BY kind, id ORDER BY 3, 4 DESC LIMIT 5",
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
            "SELECT d.title, substr(d.body, 1, 160) FROM entries AS e "
            "JOIN docs AS d ON d.rowid = e.doc WHERE e.kind = ? AND e.id = ?",
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
        """Every token of the full-text index, sorted."""
        return [r[0] for r in self.conn.execute("SELECT term FROM tokens")]

    def whole_token(self, word: str) -> bool:
        """Whether `word` is a token of the index and no other token starts with it: then
        the prefix query "word"* finds exactly what "word" does, and "word" is much cheaper
        (a prefix query merges the match lists of every token it covers)."""
        rows = self.conn.execute(
            "SELECT term FROM tokens WHERE term >= ? ORDER BY term LIMIT 2", (word,)
        ).fetchall()
        return (
            bool(rows) and rows[0][0] == word and (len(rows) < 2 or not rows[1][0].startswith(word))
        )

    def quiz_ids(
        self,
        topics: list[str] | None = None,
        difficulty: int | None = None,
        include_generated: bool = True,
        packs: list[str] | None = None,
    ) -> list[str]:
        """Ids of the questions that pass the filters, in bank order, without loading them.
        Topics and packs widen each other: `--topic sanctions --topic my-course`."""
        return self.quiz_pool(topics, difficulty, include_generated, packs).ids()

    def quiz_pool(
        self,
        topics: list[str] | None = None,
        difficulty: int | None = None,
        include_generated: bool = True,
        packs: list[str] | None = None,
    ) -> "QuizPool":
        """The questions that pass the filters, as a query: the quiz asks it for a few
        (QuizPool.sample) instead of fetching every id of a large bank."""
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
        return QuizPool(self.conn, " AND ".join(where) or "1", args)

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
        """The packs questions come from, as listed when the cache was compiled (reading them
        off the quiz table scans every question of a large bank)."""
        row = self.conn.execute("SELECT v FROM meta WHERE k = 'packs'").fetchone()
        if row is not None:
            return row[0].split("\n") if row[0] else []
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
    """An entry as compiled (marshal data). A row that does not decode (one flipped byte on
    disk) is damage to the cache, which holds nothing the YAML cannot rebuild: discard it
    and say so in one line; the next run compiles it again."""
    try:
        return _unmarshal(data)
    except (ValueError, EOFError, TypeError) as exc:
        from ..errors import ContentCacheDamaged
        from .cache import discard_caches

        discard_caches()
        raise ContentCacheDamaged(f"an entry does not decode: {exc}") from None


class QuizPool:
    """The quiz questions that pass some filters (an SQL condition on the quiz table)."""

    def __init__(self, conn: sqlite3.Connection, where: str, args: list):
        self.conn, self.where, self.args = conn, where, list(args)

    def ids(self) -> list[str]:
        """Every id in the pool, in bank order."""
        sql = f"SELECT id FROM quiz WHERE {self.where} ORDER BY ord"
        return [r[0] for r in self.conn.execute(sql, self.args)]

    def __bool__(self) -> bool:
        sql = f"SELECT 1 FROM quiz WHERE {self.where} LIMIT 1"
        return self.conn.execute(sql, self.args).fetchone() is not None

    def within(self, ids: list[str]) -> list[str]:
        """Those of `ids` that are in the pool, in the order given."""
        inside: set[str] = set()
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT id FROM quiz WHERE id IN ({marks}) AND {self.where}"
            inside.update(r[0] for r in self.conn.execute(sql, [*chunk, *self.args]))
        return [i for i in ids if i in inside]

    def sample(
        self, count: int, rng: Any, exclude: set[str] | frozenset = frozenset()
    ) -> list[str]:
        """Up to `count` ids drawn at random from the pool, leaving out `exclude`.

        Draws positions in the bank (the quiz table's `ord`, 0..N-1) from a random
        permutation, a batch at a time, and keeps those in the pool: the cost follows
        `count`, not the size of the bank. When the pool is a small part of the bank (a
        narrow filter, or most questions seen) and the draws keep missing, it reads the
        pool's ids once and samples those instead. The same rng state gives the same ids.
        """
        if count <= 0:
            return []
        top = self.conn.execute("SELECT max(ord) FROM quiz").fetchone()[0]
        if top is None:
            return []
        size = top + 1
        order = _permutation(size, rng)
        picked: list[str] = []
        drawn, batch = 0, max(16, 2 * count)
        while len(picked) < count and drawn < size:
            if drawn >= 4096 and drawn >= size // 4:
                # Few draws land in the pool: sample the pool's remaining ids directly.
                chosen = set(picked)
                rest = [i for i in self.ids() if i not in exclude and i not in chosen]
                return picked + rng.sample(rest, min(count - len(picked), len(rest)))
            ords = [next(order) for _ in range(min(batch, size - drawn))]
            drawn += len(ords)
            found: dict[int, str] = {}
            for start in range(0, len(ords), 500):
                chunk = ords[start : start + 500]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT ord, id FROM quiz WHERE ord IN ({marks}) AND {self.where}"
                found.update(self.conn.execute(sql, [*chunk, *self.args]))
            picked += [found[o] for o in ords if o in found and found[o] not in exclude]
            batch = min(2 * batch, 4096)
        return picked[:count]


def _permutation(size: int, rng: Any):
    """The numbers 0..size-1 in a random order, produced one at a time (a Fisher-Yates
    shuffle that only remembers the positions it has swapped)."""
    swapped: dict[int, int] = {}
    for i in range(size):
        j = rng.randrange(i, size)
        at_i, at_j = swapped.get(i, i), swapped.get(j, j)
        swapped[j] = at_i
        yield at_j
