"""`progress --repair` and `progress --restore`: replace the database whole or not at all.

Both build the new database in a temporary file beside the live one and swap it in with
one os.replace, holding the progress lock exclusive throughout (a quiz that is open makes
them refuse, see lock.py). Until the swap the live file is untouched, so a failure or a
kill -9 at any step leaves either the old database or the new one, never neither: the old
code moved the live file aside first, and a crash then lost every answer.

Steps, in order (`STEPS`), each a point where a fault can be injected for the tests with
`fail_at` or the environment variable CYBERDIP_REPAIR_FAIL_AT=STEP (raise an exception)
or STEP:kill (SIGKILL, no clean-up at all):

  lock        the exclusive lock is held
  checkpoint  the WAL is checkpointed into the main file (when SQLite can still read it)
  backup      a timestamped copy of the original bytes is complete (progress.sqlite3.bak-...)
  salvage     the rows that still read are in memory (repair only)
  build       the new database is complete in the temporary file and synced
  swap        the old -wal/-shm are gone; the next thing is os.replace
  done        the new file is in place; the lock is about to be released
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shutil
import signal
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CyberdipError, Fault, ProgressError
from ..sqlite_paths import sqlite_uri
from . import migrations
from .lock import exclusive
from .progress import (
    ANSWER_COLUMNS,
    BEFORE_RESTORE,
    Kind,
    _read_card,
    classify,
    newer_schema,
    readable_answers,
)
from .scheduler import parse_utc

STEPS = ("lock", "checkpoint", "backup", "salvage", "build", "swap", "done")
FAIL_ENV = "CYBERDIP_REPAIR_FAIL_AT"
_KINDS = frozenset(k.value for k in Kind)


class InjectedFault(RuntimeError):
    """Raised at a step named by `fail_at` (tests only)."""


@dataclass(frozen=True)
class RepairResult:
    backup: Path | None  # None: there was no database to repair
    recovered: int  # answers in the new database
    skipped: int = 0  # answers that could be read but were not valid (kept in the backup)
    cards: int = 0


@dataclass(frozen=True)
class RestoreResult:
    restored: Path
    answers: int
    kept_as: Path | None  # the copy of the database the restore replaced


@dataclass
class Salvage:
    answers: list[tuple] = field(default_factory=list)
    cards: list[tuple] = field(default_factory=list)
    meta: list[tuple] = field(default_factory=list)
    drill_runs: list[tuple] = field(default_factory=list)
    skipped: int = 0


class _Faults:
    def __init__(self, fail_at: str | None):
        spec = fail_at if fail_at is not None else os.environ.get(FAIL_ENV, "")
        self.step_name, _, self.mode = spec.partition(":")

    def step(self, name: str) -> None:
        if name != self.step_name:
            return
        if self.mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise InjectedFault(f"fault injected at step {name!r}")


# --------------------------------------------------------------------------- repair


def repair(path: Path, *, fail_at: str | None = None) -> RepairResult:
    """Rebuild `path` from the rows that still read, keeping the original as a backup."""
    if not path.exists():
        return RepairResult(None, 0)
    faults = _Faults(fail_at)
    try:
        with exclusive(path):
            faults.step("lock")
            _refuse_newer(path)
            _remove_leftovers(path)
            _checkpoint(path)
            faults.step("checkpoint")
            backup = _backup_copy(path)
            faults.step("backup")
            rows = salvage(path)
            faults.step("salvage")
            with _temporary(path, "repair") as tmp:
                _build(tmp, rows)
                faults.step("build")
                _swap(tmp, path, faults)
            faults.step("done")
    except OSError as exc:
        raise _os_failure(exc, path, "repair") from None
    except sqlite3.Error as exc:
        raise _sqlite_failure(exc, path, "repair") from None
    return RepairResult(backup, len(rows.answers), rows.skipped, len(rows.cards))


def _refuse_newer(path: Path) -> None:
    try:
        conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    except sqlite3.Error:
        return  # unreadable: that is what repair is for
    try:
        migrations.applied(conn)
    except migrations.SchemaTooNew as exc:
        raise newer_schema(exc.version, repairing=True) from None
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so the backup and the copy are one file each."""
    try:
        conn = sqlite3.connect(sqlite_uri(path, "rw"), uri=True)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error:
        pass  # damaged: the -wal file is backed up as it is
    finally:
        conn.close()


def _backup_copy(path: Path, suffix: str = "") -> Path:
    """A copy of the live bytes (and of a -wal that is left) beside it, complete or absent."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.bak-{stamp}{suffix}")
    number = 1
    while backup.exists():  # a second repair within the same second must not overwrite
        number += 1
        backup = path.with_name(f"{path.name}.bak-{stamp}-{number}{suffix}")
    wal = _sidecar(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        _copy_atomic(wal, _sidecar(backup, "-wal"))
    _copy_atomic(path, backup)  # last: the backup's name appears only when it is whole
    return backup


def salvage(path: Path) -> Salvage:
    """Every valid row that still reads from `path`, table by table (read-only)."""
    out = Salvage()
    for raw in _read_rows(path, "answers", ("id", *ANSWER_COLUMNS)):
        row = _valid_answer(raw)
        if row is None:
            out.skipped += 1
        else:
            out.answers.append(row)
    columns = ("question_id", "kind", "card", "due", "fingerprint")
    out.cards = [r for r in map(_valid_card, _read_rows(path, "cards", columns)) if r]
    out.meta = [
        (r["k"], r["v"])
        for r in _read_rows(path, "meta", ("k", "v"))
        if isinstance(r["k"], str) and (r["v"] is None or isinstance(r["v"], str))
    ]
    columns = ("drill_id", "started_at", "finished_at", "score", "choices", "practice")
    out.drill_runs = [r for r in map(_valid_run, _read_rows(path, "drill_runs", columns)) if r]
    return out


def _read_rows(path: Path, table: str, wanted: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows of `table` that read before any damage; columns it lacks come back None."""
    rows: list[dict[str, Any]] = []
    try:
        conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    except sqlite3.Error:
        return rows
    try:
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if not have:
            return rows
        select = ", ".join(c if c in have else "NULL" for c in wanted)
        order = " ORDER BY rowid"
        for values in conn.execute(f"SELECT {select} FROM {table}{order}"):
            rows.append(dict(zip(wanted, values, strict=True)))
    except sqlite3.Error:
        pass  # nothing more reads; the backup keeps the original bytes
    finally:
        conn.close()
    return rows


def _is_time(value: Any) -> bool:
    try:
        parse_utc(value)
    except ValueError:
        return False
    return True


def _number(value: Any, default: float) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _valid_answer(r: dict[str, Any]) -> tuple | None:
    """The row to insert (in ANSWER_COLUMNS order), or None for a row that cannot be kept."""
    if (
        not isinstance(r["question_id"], str)
        or not r["question_id"]
        or not _is_time(r["answered_at"])
    ):
        return None
    if r["correct"] not in (0, 1):
        return None
    kind = r["kind"] if r["kind"] is not None else Kind.QUESTION.value
    if kind not in _KINDS:
        return None
    score = _number(r["score"], -1.0)
    if not 0.0 <= score <= 1.0:  # missing (an old file) or out of range: from `correct`
        score = float(r["correct"])
    rating = r["rating"] if isinstance(r["rating"], int) and 0 <= r["rating"] <= 4 else 0
    values = {
        **r,
        "correct": int(r["correct"]),
        "topic": _text(r["topic"]),
        "seconds": max(0.0, _number(r["seconds"], 0.0)),
        "rating": rating,
        "given": _text(r["given"]),
        "score": score,
        "fingerprint": _text(r["fingerprint"]),
        "practice": 1 if r["practice"] == 1 else 0,
        "kind": kind,
    }
    return tuple(values[c] for c in ANSWER_COLUMNS)


def _valid_card(r: dict[str, Any]) -> tuple | None:
    kind = r["kind"] if r["kind"] is not None else Kind.QUESTION.value
    if not isinstance(r["question_id"], str) or kind not in _KINDS or not _is_time(r["due"]):
        return None
    if _read_card(r["card"]) is None:
        return None  # rescheduled afresh at the next answer, as a new card would be
    return (r["question_id"], kind, r["card"], r["due"], _text(r["fingerprint"]))


def _valid_run(r: dict[str, Any]) -> tuple | None:
    if not isinstance(r["drill_id"], str) or not all(
        map(_is_time, (r["started_at"], r["finished_at"]))
    ):
        return None
    score = _number(r["score"], -1.0)
    if not 0.0 <= score <= 1.0:
        return None
    try:
        choices = r["choices"] if isinstance(json.loads(r["choices"]), list) else "[]"
    except (TypeError, ValueError):
        choices = "[]"
    practice = 1 if r["practice"] == 1 else 0
    return (r["drill_id"], r["started_at"], r["finished_at"], score, choices, practice)


def _build(tmp: Path, rows: Salvage) -> None:
    """The repaired database, complete and synced, in `tmp` (rollback journal, one file)."""
    conn = sqlite3.connect(sqlite_uri(tmp, "rw"), uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        migrations.migrate(conn)
        conn.execute("BEGIN IMMEDIATE")
        marks = ", ".join("?" * len(ANSWER_COLUMNS))
        conn.executemany(
            f"INSERT INTO answers ({', '.join(ANSWER_COLUMNS)}) VALUES ({marks})", rows.answers
        )
        # The schedule too: without it every recovered question would count as new again.
        conn.executemany(
            "INSERT OR REPLACE INTO cards (question_id, kind, card, due, fingerprint) "
            "VALUES (?, ?, ?, ?, ?)",
            rows.cards,
        )
        conn.executemany("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", rows.meta)
        conn.executemany(
            "INSERT INTO drill_runs (drill_id, started_at, finished_at, score, choices, practice) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows.drill_runs,
        )
        conn.execute("COMMIT")
        _verify(conn, tmp)
    finally:
        conn.close()
    _fsync(tmp)


# --------------------------------------------------------------------------- restore


def restore(path: Path, backup: Path, *, fail_at: str | None = None) -> RestoreResult:
    """Make `backup` the live database again, atomically; the replaced one is kept as a copy."""
    faults = _Faults(fail_at)
    backup = backup.expanduser()
    count = _check_restorable(path, backup)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with exclusive(path):
            faults.step("lock")
            _remove_leftovers(path)
            kept = None
            if path.exists():
                _checkpoint(path)
                faults.step("checkpoint")
                kept = _backup_copy(path, BEFORE_RESTORE)
            faults.step("backup")
            with _temporary(path, "restore") as tmp:
                _copy_database(backup, tmp)
                faults.step("build")
                _swap(tmp, path, faults)
            faults.step("done")
    except OSError as exc:
        raise _os_failure(exc, path, "restore") from None
    except sqlite3.Error as exc:
        raise _sqlite_failure(exc, path, "restore") from None
    return RestoreResult(path, count, kept)


def _check_restorable(path: Path, backup: Path) -> int:
    """The backup's answer count; a clear refusal when it is not a sound progress database."""
    if not backup.is_file():
        raise CyberdipError(
            f"no backup file at {backup}",
            hint=f"backups are named {path.name}.bak-... in {path.parent}",
        )
    with contextlib.suppress(OSError):
        if path.exists() and backup.samefile(path):
            raise CyberdipError(f"{backup} is the live database itself", hint="name a backup")
    _refuse_newer(backup)
    count = readable_answers(backup)
    if count is None:
        raise CyberdipError(
            f"{backup} is not a sound cyberdip progress database, so it was not restored",
            hint="choose another backup; `cyberdip progress --repair` recovers a damaged live one",
        )
    return count


def _copy_database(source: Path, tmp: Path) -> None:
    """A consistent copy of `source` (with its WAL) in `tmp`, migrated, in one file, synced."""
    src = sqlite3.connect(sqlite_uri(source, "ro"), uri=True)
    dst = sqlite3.connect(sqlite_uri(tmp, "rw"), uri=True, isolation_level=None)
    try:
        src.backup(dst)
        # The copy inherits the source's WAL mode; a -wal beside the temporary file would not
        # move with it in the swap, so it goes back to one file before anything is written.
        dst.execute("PRAGMA journal_mode = DELETE")
        migrations.migrate(dst)
        _verify(dst, tmp)
    finally:
        src.close()
        dst.close()
    _fsync(tmp)


# --------------------------------------------------------------------------- shared steps


def _verify(conn: sqlite3.Connection, tmp: Path) -> None:
    check = conn.execute("PRAGMA quick_check").fetchone()
    if check != ("ok",):
        raise sqlite3.DatabaseError(f"the new database failed its check: {check}")
    if _sidecar(tmp, "-wal").exists():
        raise sqlite3.DatabaseError("the new database is not in one file")


def _swap(tmp: Path, path: Path, faults: _Faults) -> None:
    """Put `tmp` in place of `path`. The old -wal and -shm go first: SQLite would replay an
    old WAL into the new file. Their content is in the backup and, checkpointed, in `tmp`."""
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(_sidecar(path, suffix))
    faults.step("swap")
    with contextlib.suppress(FileNotFoundError):
        shutil.copymode(path, tmp)  # the file keeps its mode (mkstemp made the copy 0600)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


@contextlib.contextmanager
def _temporary(path: Path, purpose: str):
    """A temporary file beside `path`, removed unless it was swapped in."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.{purpose}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        for leftover in (
            tmp,
            _sidecar(tmp, "-journal"),
            _sidecar(tmp, "-wal"),
            _sidecar(tmp, "-shm"),
        ):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)


def _remove_leftovers(path: Path) -> None:
    """Temporary files of a repair or restore that was killed (only ever under the lock)."""
    for pattern in (f".{path.name}.repair-*", f".{path.name}.restore-*", f".{path.name}.bak-*.tmp"):
        for leftover in path.parent.glob(pattern):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _copy_atomic(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        shutil.copyfile(source, tmp)
        shutil.copymode(source, tmp)  # progress is personal: a backup is no more readable
        _fsync(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible on every platform."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------- failures


def _failure(fault: Fault, path: Path, action: str, detail: str) -> ProgressError:
    unchanged = f"your progress at {path} is unchanged"
    if fault is Fault.DISK_FULL:
        return ProgressError(
            fault,
            f"cannot {action}: the disk holding {path.parent} is full",
            hint=f"free some space and run it again; {unchanged}",
        )
    if fault is Fault.READ_ONLY:
        return ProgressError(
            fault,
            f"cannot {action}: {path.parent} is read-only",
            hint=f"it needs a writable folder for the new file; {unchanged}",
        )
    return ProgressError(fault, f"cannot {action} {path}: {detail}", hint=unchanged)


def _os_failure(exc: OSError, path: Path, action: str) -> ProgressError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fault = Fault.DISK_FULL
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        fault = Fault.READ_ONLY
    else:
        fault = Fault.IO
    return _failure(fault, path, action, exc.strerror or str(exc))


def _sqlite_failure(exc: sqlite3.Error, path: Path, action: str) -> ProgressError:
    return _failure(classify(exc, path), path, action, str(exc))
