"""Saved progress: every answer committed to SQLite the moment it is given.

The schema is built by the named migrations in `migrations.py`. WAL mode and an immediate
transaction per answer let two quizzes run at once without losing an answer, and a killed
process loses at most the question being answered. Each open store holds the shared
progress lock (`lock.py`), so `--repair` and `--restore` never swap the file under it.

Every SQLite failure leaves this module as a ProgressError that says which of disk full,
read-only, locked, damaged... it is, so the entry point never mistakes it for the content
cache, and only real damage is answered with "run --repair".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, TypedDict, TypeVar, cast

from ..errors import CyberdipError, Fault, ProgressError
from ..records import record
from ..sqlite_paths import sqlite_uri
from . import migrations
from .lock import ProgressLock
from .migrations import LATEST, SchemaTooNew

BUSY_TIMEOUT_MS = 10_000
LEECH_MISSES = 8  # Anki's default leech threshold: missed this often, the card needs rewriting
BACKUP_GLOB = ".bak-*"
# The copy a restore keeps of the database it replaced: the learner chose to go back, so a
# larger copy is no reason to suggest restoring it again.
BEFORE_RESTORE = "-before-restore"


class Kind(StrEnum):
    QUESTION = "question"
    DRILL = "drill"


@record(frozen=True)
class Answer:
    """One answer to save. `score` 0..1 defaults to 1.0 if correct else 0.0."""

    question_id: str
    topic: str
    correct: bool
    seconds: float
    given: str
    score: float | None = None
    fingerprint: str = ""  # the card's content fingerprint when it was answered
    practice: bool = False  # saved, but never changes the schedule
    kind: str = Kind.QUESTION

    def __post_init__(self) -> None:
        if self.score is None:
            object.__setattr__(self, "score", 1.0 if self.correct else 0.0)
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be between 0 and 1, not {self.score!r}")
        Kind(self.kind)  # ValueError for a kind the schema does not know


@record(frozen=True)
class DrillChoice:
    step: str
    choice: int
    score: float


@record(frozen=True)
class DrillRun:
    id: int
    drill_id: str
    started_at: str
    finished_at: str
    score: float
    choices: tuple[DrillChoice, ...]
    practice: bool


class AnswerRow(TypedDict):
    question_id: str
    answered_at: str
    correct: int
    topic: str
    seconds: float
    rating: int
    given: str
    score: float
    fingerprint: str
    practice: int
    kind: str


class CardRow(TypedDict):
    card: dict[str, Any]
    due: str
    fingerprint: str


ANSWER_COLUMNS = tuple(AnswerRow.__annotations__)


# --------------------------------------------------------------------------- errors

_PRIMARY_FAULTS = {
    5: Fault.LOCKED,  # SQLITE_BUSY
    6: Fault.LOCKED,  # SQLITE_LOCKED
    8: Fault.READ_ONLY,  # SQLITE_READONLY
    10: Fault.IO,  # SQLITE_IOERR
    11: Fault.CORRUPT,  # SQLITE_CORRUPT
    13: Fault.DISK_FULL,  # SQLITE_FULL
    14: Fault.CANNOT_OPEN,  # SQLITE_CANTOPEN
    26: Fault.CORRUPT,  # SQLITE_NOTADB
}
_IOERR_SHORT_READ = 10 | (2 << 8)  # the file ends before its pages do: truncated
_MIN_FREE_BYTES = 64 * 1024  # less than this and SQLite cannot grow its WAL or -shm file


def classify(exc: sqlite3.Error, path: Path) -> Fault:
    """Which fault an SQLite error is: its result code first, then the filesystem.

    SQLite reports a full disk or a read-only mount as SQLITE_FULL / SQLITE_READONLY only
    sometimes; just as often it is CANTOPEN (no -shm file can be created) or IOERR_SHMSIZE
    (the -shm file cannot grow), so those are checked against statvfs and access().
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # an error not raised by SQLite itself: only its words are left
        return _classify_text(str(exc).lower())
    if code == _IOERR_SHORT_READ:
        return Fault.CORRUPT
    fault = _PRIMARY_FAULTS.get(code & 0xFF, Fault.CORRUPT)
    if fault in (Fault.IO, Fault.CANNOT_OPEN, Fault.READ_ONLY):
        return _filesystem_fault(path) or fault
    return fault


def _classify_text(text: str) -> Fault:
    if "readonly" in text or "read-only" in text:
        return Fault.READ_ONLY
    if "full" in text:
        return Fault.DISK_FULL
    if "locked" in text or "busy" in text:
        return Fault.LOCKED
    if "unable to open" in text:
        return Fault.CANNOT_OPEN
    return Fault.CORRUPT


def _filesystem_fault(path: Path) -> Fault | None:
    """Disk full or read-only, asked of the filesystem; None when it looks fine."""
    folder = path.parent
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):  # no such folder, or no statvfs (Windows)
        return None
    if st.f_flag & os.ST_RDONLY:
        return Fault.READ_ONLY
    root = getattr(os, "geteuid", lambda: -1)() == 0
    free = st.f_bfree if root else st.f_bavail  # root may use the reserved blocks
    if free * st.f_frsize < _MIN_FREE_BYTES:
        return Fault.DISK_FULL
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return Fault.READ_ONLY
    return None


def explain(exc: sqlite3.Error, path: Path) -> ProgressError:
    """An SQLite error as the one clear line (and hint) that fits its fault."""
    fault = classify(exc, path)
    if fault is Fault.DISK_FULL:
        return ProgressError(
            fault,
            f"cannot save progress: the disk holding {path} is full",
            hint="free some space and try again; the progress saved so far is intact",
        )
    if fault is Fault.READ_ONLY:
        return ProgressError(
            fault,
            f"cannot save progress: {path} is read-only",
            hint="fix the file's permissions, or set CYBERDIP_HOME to a writable folder",
        )
    if fault is Fault.LOCKED:
        return ProgressError(
            fault,
            "the progress database is locked by another cyberdip for too long",
            hint="try again in a moment",
        )
    if fault is Fault.CANNOT_OPEN:
        return ProgressError(
            fault,
            f"cannot open the progress database at {path}",
            hint="check the folder exists and is writable, or set CYBERDIP_HOME",
        )
    if fault is Fault.IO:
        return ProgressError(
            fault,
            f"cannot read or write the progress database at {path} ({exc})",
            hint="check the disk, then try again",
        )
    return damaged(path, str(exc))


def damaged(path: Path, detail: str) -> ProgressError:
    return ProgressError(
        Fault.CORRUPT,
        f"the progress database at {path} is damaged ({detail})",
        hint="run `cyberdip progress --repair`: it keeps a backup and recovers what it can",
    )


def newer_schema(version: int, repairing: bool = False) -> ProgressError:
    note = "; it is not damaged, so it was not repaired" if repairing else ""
    return ProgressError(
        Fault.NEWER_SCHEMA,
        f"the progress database was written by a newer cyberdip "
        f"(schema {version}, this one knows {LATEST}){note}",
        hint="upgrade cyberdip (pip install -U cyberdip); your progress is untouched",
    )


T = TypeVar("T")


def _explained(method: Callable[..., T]) -> Callable[..., T]:
    """Turn any SQLite error raised by a store method into its ProgressError."""

    @functools.wraps(method)
    def wrapper(self: ProgressStore, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise explain(exc, self.path) from None

    return wrapper


# --------------------------------------------------------------------------- the store


class ProgressStore:
    """The progress database of one learner. Use it as a context manager (or call close)."""

    def __init__(self, path: Path):
        self.path = path
        self.conn: sqlite3.Connection | None = None
        self._lock = ProgressLock(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CyberdipError(
                f"cannot create {path.parent}: {exc.strerror}",
                hint="set CYBERDIP_HOME to a writable folder",
            ) from None
        try:
            self._lock.acquire_shared()
            self.conn = connect(path)
            self._migrate()
        except sqlite3.Error as exc:
            self.close()
            raise explain(exc, path) from None
        except BaseException:
            self.close()  # e.g. a newer schema: leave the file exactly as it was
            raise

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.close()
            self.conn = None
        self._lock.release()

    # ------------------------------------------------------------ schema

    def _migrate(self) -> None:
        try:
            migrations.migrate(self.conn)
        except SchemaTooNew as exc:
            raise newer_schema(exc.version) from None
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("SELECT count(*) FROM answers").fetchone()  # proves the file is readable

    @property
    def version(self) -> int:
        """How many named migrations the file has (LATEST once opened)."""
        return len(self.applied_migrations())

    @_explained
    def applied_migrations(self) -> list[str]:
        """The names recorded in `_migrations`, in the order they were applied."""
        return migrations.applied(self.conn)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):  # keep the first error, not ROLLBACK's
                self.conn.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ writes

    @_explained
    def record(self, answer: Answer, now: dt.datetime) -> dict[str, Any] | None:
        """Save one answer and, unless it is practice, reschedule its card, atomically.

        Returns the card after the answer (practice: the card as it was, or None).
        """
        with self._transaction() as db:
            card, rating = self._card_after(answer, now)
            _insert_answer(db, answer, now, rating)
            if not answer.practice:
                _save_card(db, answer, card)
        return card

    def _card_after(self, answer: Answer, now: dt.datetime) -> tuple[dict[str, Any] | None, int]:
        from . import scheduler

        row = self.conn.execute(
            "SELECT card FROM cards WHERE kind = ? AND question_id = ?",
            (_kind(answer.kind), answer.question_id),
        ).fetchone()
        card = _read_card(row[0]) if row else None
        if answer.practice:
            return card, 0
        rating = scheduler.rating_for(answer.score, answer.seconds, seen_before=row is not None)
        if card is not None:
            try:
                return scheduler.review(card, rating, now, answer.seconds), rating
            except (KeyError, TypeError, ValueError):
                pass  # a card fsrs cannot read (damaged, or foreign): schedule it afresh
        fresh = scheduler.new_card(answer.question_id, now)
        return scheduler.review(fresh, rating, now, answer.seconds), rating

    @_explained
    def record_drill_run(
        self,
        drill_id: str,
        started_at: dt.datetime,
        finished_at: dt.datetime,
        choices: Sequence[DrillChoice],
        *,
        score: float | None = None,
        practice: bool = False,
        fingerprint: str = "",
        topic: str = "",
    ) -> DrillRun:
        """Save a finished drill and (unless practice) review the drill's card (kind drill).

        `score` defaults to the mean of the step scores. The run is also one answer of kind
        'drill', so streaks, leeches and fingerprints see drills like questions. Its time is
        the mean per step, so a long drill done well is not rated Hard for its length.
        """
        from .scheduler import as_utc

        if score is None:
            score = sum(c.score for c in choices) / len(choices) if choices else 0.0
        steps = max(1, len(choices))
        seconds = max(0.0, (as_utc(finished_at) - as_utc(started_at)).total_seconds())
        answer = Answer(
            drill_id,
            topic,
            score >= 1.0,
            seconds / steps,
            " ".join(f"{c.step}:{c.choice}" for c in choices),
            score=score,
            fingerprint=fingerprint,
            practice=practice,
            kind=Kind.DRILL,
        )
        encoded = json.dumps(
            [{"step": c.step, "choice": c.choice, "score": c.score} for c in choices]
        )
        with self._transaction() as db:
            card, rating = self._card_after(answer, finished_at)
            _insert_answer(db, answer, finished_at, rating)
            if not practice:
                _save_card(db, answer, card)
            cursor = db.execute(
                "INSERT INTO drill_runs (drill_id, started_at, finished_at, score, choices, practice) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    drill_id,
                    as_utc(started_at).isoformat(),
                    as_utc(finished_at).isoformat(),
                    score,
                    encoded,
                    int(practice),
                ),
            )
        return DrillRun(
            cursor.lastrowid,
            drill_id,
            as_utc(started_at).isoformat(),
            as_utc(finished_at).isoformat(),
            score,
            tuple(choices),
            practice,
        )

    @_explained
    def set_learner(self, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            raise CyberdipError("the learner's name is empty", hint="give a name, e.g. 'Ana'")
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('learner', ?)", (name,))

    @_explained
    def apply_renames(self, mapping: Mapping[str, str], kind: str = Kind.QUESTION) -> int:
        """Move the answers and card of each old id to its new id; the rows moved.

        Idempotent (a second run finds nothing left under the old ids) and in one
        transaction. Chains (a->b, b->c) end at the last id. When the new id already has a
        card, the one reviewed most recently is kept.
        """
        targets = _resolve_chains(mapping)
        kind = _kind(kind)
        moved = 0
        with self._transaction() as db:
            for old, new in targets.items():
                moved += db.execute(
                    "UPDATE answers SET question_id = ? WHERE kind = ? AND question_id = ?",
                    (new, kind, old),
                ).rowcount
                moved += _move_card(db, kind, old, new)
                if kind == Kind.DRILL:
                    db.execute("UPDATE drill_runs SET drill_id = ? WHERE drill_id = ?", (new, old))
        return moved

    @_explained
    def reset(self) -> int:
        """Delete every answer, card and drill run (the learner's name stays); answers deleted."""
        with self._transaction() as db:
            count = db.execute("SELECT count(*) FROM answers").fetchone()[0]
            for table in ("answers", "cards", "drill_runs"):
                db.execute(f"DELETE FROM {table}")
        return count

    # ------------------------------------------------------------ reads

    @_explained
    def learner(self) -> str | None:
        row = self.conn.execute("SELECT v FROM meta WHERE k = 'learner'").fetchone()
        return row[0] if row else None

    @_explained
    def answer_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM answers").fetchone()[0]

    @_explained
    def due_before(self, when: dt.datetime, kind: str = Kind.QUESTION) -> list[str]:
        """Ids whose card is due at or before `when` (naive means UTC), soonest first."""
        from .scheduler import as_utc, parse_utc

        limit = as_utc(when)
        rows = self.conn.execute(
            "SELECT question_id, due FROM cards WHERE kind = ?", (_kind(kind),)
        )
        due = []
        for qid, text in rows:
            with contextlib.suppress(ValueError):  # a damaged due date: rescheduled on answer
                at = parse_utc(text)
                if at <= limit:
                    due.append((at, qid))
        return [qid for _at, qid in sorted(due)]

    def due_today(
        self, now: dt.datetime, tz: dt.tzinfo | None = None, kind: str = Kind.QUESTION
    ) -> list[str]:
        """Ids due before the learner's next local midnight (tz None: the system's zone)."""
        from .scheduler import next_local_midnight

        limit = next_local_midnight(now, tz) - dt.timedelta(microseconds=1)
        return self.due_before(limit, kind)

    @_explained
    def seen(self, kind: str = Kind.QUESTION) -> set[str]:
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT question_id FROM cards WHERE kind = ?", (_kind(kind),)
            )
        }

    @_explained
    def missed(self, kind: str = Kind.QUESTION) -> list[str]:
        """Ids whose latest scheduled (non-practice) answer was wrong, most recent first."""
        rows = self.conn.execute(
            "SELECT question_id, correct, max(id) AS last FROM answers "
            "WHERE kind = ? AND practice = 0 GROUP BY question_id ORDER BY last DESC",
            (_kind(kind),),
        )
        return [qid for qid, correct, _last in rows if not correct]

    @_explained
    def answers(self, kind: str = Kind.QUESTION) -> list[AnswerRow]:
        """Every answer of this kind, oldest first; a row whose time is not a date is damage."""
        from .scheduler import parse_utc

        rows = self.conn.execute(
            f"SELECT id, {', '.join(ANSWER_COLUMNS)} FROM answers WHERE kind = ? ORDER BY id",
            (_kind(kind),),
        )
        out: list[AnswerRow] = []
        for number, *values in rows:
            row = cast(AnswerRow, dict(zip(ANSWER_COLUMNS, values, strict=True)))
            try:
                parse_utc(row["answered_at"])
            except ValueError:
                raise damaged(
                    self.path, f"answer {number} has answered_at {row['answered_at']!r}, not a date"
                ) from None
            out.append(row)
        return out

    @_explained
    def cards(self, kind: str = Kind.QUESTION) -> dict[str, CardRow]:
        rows = self.conn.execute(
            "SELECT question_id, card, due, fingerprint FROM cards WHERE kind = ?", (_kind(kind),)
        )
        out: dict[str, CardRow] = {}
        for qid, text, due, fingerprint in rows:
            card = _read_card(text)
            if card is not None:
                out[qid] = CardRow(card=card, due=due, fingerprint=fingerprint)
        return out

    @_explained
    def drill_runs(self, drill_id: str | None = None) -> list[DrillRun]:
        query = (
            "SELECT id, drill_id, started_at, finished_at, score, choices, practice FROM drill_runs"
        )
        args: tuple = ()
        if drill_id is not None:
            query += " WHERE drill_id = ?"
            args = (drill_id,)
        return [_drill_run(row) for row in self.conn.execute(query + " ORDER BY id", args)]

    @_explained
    def leeches(self, threshold: int = LEECH_MISSES, kind: str = Kind.QUESTION) -> list[str]:
        """Ids missed (a scheduled answer rated Again) `threshold` times or more, worst first."""
        rows = self.conn.execute(
            "SELECT question_id, count(*) AS misses FROM answers "
            "WHERE kind = ? AND practice = 0 AND score < 0.5 "
            "GROUP BY question_id HAVING misses >= ? ORDER BY misses DESC, question_id",
            (_kind(kind), threshold),
        )
        return [r[0] for r in rows]

    @_explained
    def fingerprints(self, kind: str = Kind.QUESTION) -> dict[str, str]:
        """Id -> the content fingerprint of its latest non-practice answer."""
        rows = self.conn.execute(
            "SELECT question_id, fingerprint, max(id) FROM answers "
            "WHERE kind = ? AND practice = 0 GROUP BY question_id",
            (_kind(kind),),
        )
        return {qid: fingerprint for qid, fingerprint, _last in rows}


def _kind(kind: str) -> str:
    return Kind(kind).value  # ValueError for a kind the schema does not know


def connect(path: Path, mode: str = "rwc") -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) with the busy timeout."""
    conn = sqlite3.connect(
        sqlite_uri(path, mode), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _insert_answer(db: sqlite3.Connection, answer: Answer, now: dt.datetime, rating: int) -> None:
    from .scheduler import as_utc

    db.execute(
        "INSERT INTO answers (question_id, answered_at, correct, topic, seconds, rating, given, "
        "score, fingerprint, practice, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            answer.question_id,
            as_utc(now).isoformat(),
            int(answer.correct),
            answer.topic,
            answer.seconds,
            int(rating),
            answer.given,
            answer.score,
            answer.fingerprint,
            int(answer.practice),
            _kind(answer.kind),
        ),
    )


def _save_card(db: sqlite3.Connection, answer: Answer, card: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO cards (question_id, kind, card, due, fingerprint) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, question_id) DO UPDATE SET card = excluded.card, due = excluded.due, "
        "fingerprint = excluded.fingerprint",
        (answer.question_id, _kind(answer.kind), json.dumps(card), card["due"], answer.fingerprint),
    )


def _resolve_chains(mapping: Mapping[str, str]) -> dict[str, str]:
    """old -> final new id, following renames of renames; ValueError on a cycle."""
    renames = {old: new for old, new in mapping.items() if old != new}
    out = {}
    for old, new in renames.items():
        seen = {old}
        while new in renames:
            if new in seen:
                raise ValueError(f"renames form a cycle through {new!r}")
            seen.add(new)
            new = renames[new]
        out[old] = new
    return out


def _move_card(db: sqlite3.Connection, kind: str, old: str, new: str) -> int:
    """Move old's card to new, keeping the more recently reviewed one if both exist."""
    query = "SELECT card FROM cards WHERE kind = ? AND question_id = ?"
    old_row = db.execute(query, (kind, old)).fetchone()
    if old_row is None:
        return 0
    new_row = db.execute(query, (kind, new)).fetchone()
    if new_row is not None and _last_review(new_row[0]) >= _last_review(old_row[0]):
        db.execute("DELETE FROM cards WHERE kind = ? AND question_id = ?", (kind, old))
        return 1
    db.execute("DELETE FROM cards WHERE kind = ? AND question_id = ?", (kind, new))
    db.execute(
        "UPDATE cards SET question_id = ? WHERE kind = ? AND question_id = ?", (new, kind, old)
    )
    return 1


def _last_review(text: Any) -> dt.datetime:
    from .scheduler import parse_utc

    card = _read_card(text) or {}
    try:
        return parse_utc(card.get("last_review"))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)  # never reviewed, or unreadable


def _drill_run(row: tuple) -> DrillRun:
    number, drill_id, started, finished, score, choices, practice = row
    try:
        steps = tuple(
            DrillChoice(str(c["step"]), int(c["choice"]), float(c["score"]))
            for c in json.loads(choices)
        )
    except (TypeError, ValueError, KeyError):
        steps = ()  # the run's total still counts; its step detail is unreadable
    return DrillRun(number, drill_id, started, finished, score, steps, bool(practice))


def _read_card(text: Any) -> dict[str, Any] | None:
    """A saved card, or None when the stored JSON is not one (a damaged or foreign row)."""
    try:
        card = json.loads(text)
    except (TypeError, ValueError):
        return None
    return card if isinstance(card, dict) and "due" in card else None


# --------------------------------------------------------------------------- opening


def open_progress(path: Path | None = None) -> ProgressStore:
    """The learner's store, for a command: warns about a backup that holds more answers."""
    from ..paths import progress_db_path

    store = ProgressStore(path or progress_db_path())
    try:
        live = store.answer_count()
        for backup, count in richer_backups(store.path, live):
            _warn(
                f"the backup {backup} holds {count} answers, more than your progress ({live})",
                f"to restore it: cyberdip progress --restore '{backup}'",
            )
    except BaseException:
        store.close()
        raise
    return store


def _warn(message: str, hint: str) -> None:
    from ..textsafe import clean

    sys.stderr.write(f"warning: {clean(message)}\nhint: {clean(hint)}\n")


def backups(path: Path) -> list[Path]:
    """Backups left by repair and restore, oldest first (their -wal/-shm files excluded)."""
    # A prefix test rather than Path.glob, which compiles a pattern through fnmatch and re
    # on every quiz start (and would read a '[' in the file name as a pattern).
    prefix = path.name + BACKUP_GLOB.rstrip("*")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    found = [
        path.parent / name
        for name in names
        if name.startswith(prefix) and not name.endswith(("-wal", "-shm", ".tmp"))
    ]
    return sorted(found)


def richer_backups(path: Path, live: int) -> list[tuple[Path, int]]:
    """Sound backups with more answers than the live database's `live`."""
    out = []
    for backup in backups(path):
        if backup.name.endswith(BEFORE_RESTORE):
            continue
        count = readable_answers(backup, more_than=live)
        if count is not None:
            out.append((backup, count))
    return out


def readable_answers(path: Path, more_than: int = -1) -> int | None:
    """How many answers a sound database file holds; None when it is damaged, foreign, or
    holds no more than `more_than` (then the costlier integrity check is skipped)."""
    # Immutable unless it has a -wal to read: opening a WAL-mode copy read-only would
    # otherwise leave -shm and -wal files beside every backup.
    immutable = not path.with_name(path.name + "-wal").exists()
    try:
        conn = sqlite3.connect(sqlite_uri(path, "ro", immutable=immutable), uri=True)
    except sqlite3.Error:
        return None
    try:
        count = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
        if count <= more_than or conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
            return None
        return count
    except sqlite3.Error:
        return None
    finally:
        conn.close()
