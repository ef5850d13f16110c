"""Saved progress: every answer committed to SQLite the moment it is given.

Schema changes are forward migrations keyed by `PRAGMA user_version`. WAL mode and an
immediate transaction per answer let two quizzes run at once without losing an answer, and
a killed process loses at most the question being answered.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CyberdipError

MIGRATIONS: list[str] = [
    # v1: answers and per-question scheduling state
    """
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        question_id TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        correct INTEGER NOT NULL
    );
    CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        card TEXT NOT NULL,
        due TEXT NOT NULL
    );
    """,
    # v2: what a trainer's export needs (topic, time taken, rating, the answer given)
    """
    ALTER TABLE answers ADD COLUMN topic TEXT NOT NULL DEFAULT '';
    ALTER TABLE answers ADD COLUMN seconds REAL NOT NULL DEFAULT 0;
    ALTER TABLE answers ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE answers ADD COLUMN given TEXT NOT NULL DEFAULT '';
    CREATE INDEX answers_question ON answers (question_id, answered_at);
    CREATE INDEX cards_due ON cards (due);
    """,
]
LATEST = len(MIGRATIONS)
BUSY_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Answer:
    question_id: str
    topic: str
    correct: bool
    seconds: float
    given: str


def _explain(exc: sqlite3.Error, path: Path) -> CyberdipError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return CyberdipError(
            f"cannot save progress: {path} is read-only",
            hint="fix the file's permissions, or set CYBERDIP_HOME to a writable folder",
        )
    if "full" in text:
        return CyberdipError(
            f"cannot save progress: the disk holding {path} is full",
            hint="free some space and try again",
        )
    if "locked" in text or "busy" in text:
        return CyberdipError(
            "the progress database is locked by another cyberdip for too long",
            hint="try again in a moment",
        )
    if "unable to open" in text:
        return CyberdipError(
            f"cannot open the progress database at {path}",
            hint="check the folder exists and is writable, or set CYBERDIP_HOME",
        )
    return CyberdipError(
        f"the progress database at {path} is damaged ({exc})",
        hint="run `cyberdip progress --repair`: it keeps a backup and recovers what it can",
    )


class ProgressStore:
    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CyberdipError(
                f"cannot create {path.parent}: {exc.strerror}",
                hint="set CYBERDIP_HOME to a writable folder",
            ) from None
        self.conn: sqlite3.Connection | None = None
        try:
            self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._migrate()
        except sqlite3.Error as exc:
            self._close_quietly()
            raise _explain(exc, path) from None
        except BaseException:
            self._close_quietly()  # e.g. a newer schema: leave the file exactly as it was
            raise

    def _close_quietly(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.close()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------ schema

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise CyberdipError(
                f"the progress database was written by a newer cyberdip (schema {version}, this one knows {LATEST})",
                hint="upgrade cyberdip (pip install -U cyberdip); your progress is untouched",
            )
        if version < LATEST:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                # Re-read under the lock: another process may have migrated meanwhile.
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                for number in range(version, LATEST):
                    for statement in MIGRATIONS[number].split(";"):
                        if statement.strip():
                            self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version = {number + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # keep the first error, not ROLLBACK's
                    self.conn.execute("ROLLBACK")
                raise
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("SELECT count(*) FROM answers").fetchone()  # proves the file is readable

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # ------------------------------------------------------------ writes

    def record(self, answer: Answer, now: dt.datetime) -> dict[str, Any]:
        """Save one answer and reschedule its question, atomically. Returns the new card."""
        from . import scheduler

        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                row = self.conn.execute(
                    "SELECT card FROM cards WHERE question_id = ?", (answer.question_id,)
                ).fetchone()
                seen = row is not None
                card = _read_card(row[0]) if row else None
                if card is None:  # never seen, or a damaged card: schedule it afresh
                    card = scheduler.new_card(answer.question_id, now)
                rating = scheduler.rating_for(answer.correct, answer.seconds, seen)
                card = scheduler.review(card, rating, now, answer.seconds)
                self.conn.execute(
                    "INSERT INTO answers (question_id, answered_at, correct, topic, seconds, rating, given) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        answer.question_id,
                        now.isoformat(),
                        int(answer.correct),
                        answer.topic,
                        answer.seconds,
                        rating,
                        answer.given,
                    ),
                )
                self.conn.execute(
                    "INSERT INTO cards (question_id, card, due) VALUES (?, ?, ?) "
                    "ON CONFLICT (question_id) DO UPDATE SET card = excluded.card, due = excluded.due",
                    (answer.question_id, json.dumps(card), card["due"]),
                )
                self.conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from None
        return card

    def reset(self) -> int:
        try:
            count = self.conn.execute("SELECT count(*) FROM answers").fetchone()[0]
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("DELETE FROM answers")
            self.conn.execute("DELETE FROM cards")
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from None
        return count

    # ------------------------------------------------------------ reads

    def due_before(self, when: dt.datetime) -> list[str]:
        rows = self.conn.execute(
            "SELECT question_id FROM cards WHERE due <= ? ORDER BY due", (when.isoformat(),)
        )
        return [r[0] for r in rows]

    def seen(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT question_id FROM cards")}

    def missed(self) -> list[str]:
        """Questions whose latest answer was wrong, most recent first."""
        rows = self.conn.execute(
            "SELECT question_id FROM answers a WHERE id = "
            "(SELECT max(id) FROM answers b WHERE b.question_id = a.question_id) AND correct = 0 "
            "ORDER BY id DESC"
        )
        return [r[0] for r in rows]

    def answers(self) -> list[dict[str, Any]]:
        cols = ("question_id", "answered_at", "correct", "topic", "seconds", "rating", "given")
        rows = self.conn.execute(f"SELECT {', '.join(cols)} FROM answers ORDER BY id")
        return [dict(zip(cols, r, strict=True)) for r in rows]

    def cards(self) -> dict[str, dict[str, Any]]:
        rows = self.conn.execute("SELECT question_id, card, due FROM cards")
        out = {}
        for q, text, due in rows:
            card = _read_card(text)
            if card is not None:
                out[q] = {"card": card, "due": due}
        return out


def _read_card(text: Any) -> dict[str, Any] | None:
    """A saved card, or None when the stored JSON is not one (a damaged or foreign row)."""
    try:
        card = json.loads(text)
    except (TypeError, ValueError):
        return None
    return card if isinstance(card, dict) and "due" in card else None


def open_progress(path: Path | None = None) -> ProgressStore:
    from ..paths import progress_db_path

    return ProgressStore(path or progress_db_path())


def repair(path: Path) -> tuple[Path | None, int]:
    """Move a damaged database aside (kept as a backup) and rebuild from the rows that read.

    Returns the backup path (None when there was nothing to repair) and rows recovered.
    """
    if not path.exists():
        return None, 0
    version = _readable_version(path)
    if version is not None and version > LATEST:
        raise CyberdipError(
            f"the progress database was written by a newer cyberdip (schema {version}, "
            f"this one knows {LATEST}); it is not damaged, so it was not repaired",
            hint="upgrade cyberdip (pip install -U cyberdip); your progress is untouched",
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.bak-{stamp}")
    number = 1
    while backup.exists():  # a second repair within the same second must not overwrite
        number += 1
        backup = path.with_name(f"{path.name}.bak-{stamp}-{number}")
    os.replace(path, backup)
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, Path(str(backup) + suffix))
    recovered = _salvage(backup)
    cards = _salvage_cards(backup)
    fresh = ProgressStore(path)
    try:
        fresh.conn.execute("BEGIN IMMEDIATE")
        for row in recovered:
            fresh.conn.execute(
                "INSERT INTO answers (question_id, answered_at, correct, topic, seconds, rating, given) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        # The schedule too: without it every recovered question would count as new again.
        fresh.conn.executemany(
            "INSERT OR REPLACE INTO cards (question_id, card, due) VALUES (?, ?, ?)", cards
        )
        fresh.conn.execute("COMMIT")
    finally:
        fresh.close()
    return backup, len(recovered)


def _readable_version(path: Path) -> int | None:
    """PRAGMA user_version read without writing anything; None when the file cannot say."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _salvage_cards(backup: Path) -> list[tuple]:
    rows: list[tuple] = []
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            for q, card, due in conn.execute("SELECT question_id, card, due FROM cards"):
                if isinstance(q, str) and isinstance(due, str) and _read_card(card) is not None:
                    rows.append((q, card, due))
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # what could not be read stays in the backup
    return rows


def _salvage(backup: Path) -> list[tuple]:
    rows: list[tuple] = []
    conn = None
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        cols = [r[1] for r in conn.execute("PRAGMA table_info(answers)")]
        wanted = ["question_id", "answered_at", "correct", "topic", "seconds", "rating", "given"]
        select = ", ".join(c if c in cols else "NULL" for c in wanted)
        for row in conn.execute(f"SELECT {select} FROM answers ORDER BY id"):
            q, at, ok, topic, secs, rating, given = row
            if q is None or at is None:
                continue  # NOT NULL in the fresh table: a row without them cannot be kept
            try:
                ok = int(ok or 0)
            except (TypeError, ValueError):
                continue
            rows.append((q, at, ok, topic or "", secs or 0, rating or 0, given or ""))
    except sqlite3.Error:
        pass  # nothing more can be read; the backup keeps the original bytes
    finally:
        if conn is not None:
            conn.close()
    return rows
