"""The progress schema as named migrations, applied in order and recorded in `_migrations`.

Each migration is a function that receives the connection inside the one transaction that
applies every pending migration, so a database is either fully migrated or untouched. A
migration is never edited once released; a change to the schema is a new function at the
end of the list.

Databases from before named migrations counted their schema in `PRAGMA user_version`
(0, 1 or 2): version N had exactly the first N migrations below, so they are taken over in
place. `user_version` is still set to the number of migrations applied, because that is
what an older cyberdip checks before it touches a file: it then refuses a newer database
instead of writing rows without the new columns.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable

from ..records import record
from .scheduler import utcnow

Apply = Callable[[sqlite3.Connection], None]


@record(frozen=True)
class Migration:
    name: str
    apply: Apply


MIGRATIONS: list[Migration] = []
LEGACY_VERSIONS = 2  # user_version 1 and 2 were written before `_migrations` existed


class SchemaTooNew(Exception):
    """The file was written by a newer cyberdip: it has migrations this one does not know."""

    def __init__(self, version: int, unknown: tuple[str, ...] = ()):
        super().__init__(f"schema {version}, this one knows {len(MIGRATIONS)}")
        self.version = version
        self.unknown = unknown


def migration(function: Apply) -> Apply:
    """Register `function` as the next migration, named after the function."""
    MIGRATIONS.append(Migration(function.__name__, function))
    return function


# --------------------------------------------------------------------------- the migrations


@migration
def m001_answers_and_cards(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE answers ("
        " id INTEGER PRIMARY KEY,"
        " question_id TEXT NOT NULL,"
        " answered_at TEXT NOT NULL,"
        " correct INTEGER NOT NULL)"
    )
    db.execute(
        "CREATE TABLE cards (question_id TEXT PRIMARY KEY, card TEXT NOT NULL, due TEXT NOT NULL)"
    )


@migration
def m002_answer_details(db: sqlite3.Connection) -> None:
    """What a trainer's export needs: topic, time taken, rating, the answer given."""
    db.execute("ALTER TABLE answers ADD COLUMN topic TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE answers ADD COLUMN seconds REAL NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE answers ADD COLUMN rating INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE answers ADD COLUMN given TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX answers_question ON answers (question_id, answered_at)")
    db.execute("CREATE INDEX cards_due ON cards (due)")


@migration
def m003_answer_score_practice_kind(db: sqlite3.Connection) -> None:
    """Partial credit (score 0..1), the card's content fingerprint, practice answers, kinds."""
    db.execute(
        "ALTER TABLE answers ADD COLUMN score REAL NOT NULL DEFAULT 0"
        " CHECK (score >= 0 AND score <= 1)"
    )
    db.execute("UPDATE answers SET score = CASE WHEN correct THEN 1.0 ELSE 0.0 END")
    db.execute("ALTER TABLE answers ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE answers ADD COLUMN practice INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE answers ADD COLUMN kind TEXT NOT NULL DEFAULT 'question'")
    db.execute("CREATE INDEX answers_kind ON answers (kind, question_id)")


@migration
def m004_card_kinds(db: sqlite3.Connection) -> None:
    """Cards of questions and drills: the key becomes (kind, id), since ids are unique only
    within their kind. SQLite cannot change a primary key in place, so the table is rebuilt."""
    db.execute(
        "CREATE TABLE cards_new ("
        " question_id TEXT NOT NULL,"
        " kind TEXT NOT NULL DEFAULT 'question',"
        " card TEXT NOT NULL,"
        " due TEXT NOT NULL,"
        " fingerprint TEXT NOT NULL DEFAULT '',"
        " PRIMARY KEY (kind, question_id))"
    )
    db.execute(
        "INSERT INTO cards_new (question_id, card, due) SELECT question_id, card, due FROM cards"
    )
    db.execute("DROP TABLE cards")
    db.execute("ALTER TABLE cards_new RENAME TO cards")
    db.execute("CREATE INDEX cards_due ON cards (kind, due)")


@migration
def m005_meta(db: sqlite3.Connection) -> None:
    """Small settings that belong with the progress (the learner's name)."""
    db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")


@migration
def m006_drill_runs(db: sqlite3.Connection) -> None:
    """One row per finished drill; `choices` is a JSON list of {step, choice, score}."""
    db.execute(
        "CREATE TABLE drill_runs ("
        " id INTEGER PRIMARY KEY,"
        " drill_id TEXT NOT NULL,"
        " started_at TEXT NOT NULL,"
        " finished_at TEXT NOT NULL,"
        " score REAL NOT NULL CHECK (score >= 0 AND score <= 1),"
        " choices TEXT NOT NULL DEFAULT '[]',"
        " practice INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute("CREATE INDEX drill_runs_drill ON drill_runs (drill_id, finished_at)")


LATEST = len(MIGRATIONS)
NAMES = tuple(m.name for m in MIGRATIONS)


# --------------------------------------------------------------------------- applying them


def _has_table(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'")
    return row.fetchone() is not None


def applied(db: sqlite3.Connection) -> list[str]:
    """Names of the migrations the file has, reading only; SchemaTooNew for a newer file."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST:  # numbered by a cyberdip that knows more than this one
        raise SchemaTooNew(version)
    if _has_table(db):
        names = [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY rowid")]
        unknown = tuple(n for n in names if n not in NAMES)
        if unknown:
            raise SchemaTooNew(len(names), unknown)
        return names
    if version > LEGACY_VERSIONS:  # a count without names: not written by any cyberdip
        raise SchemaTooNew(version)
    return list(NAMES[:version])


def pending(db: sqlite3.Connection) -> list[Migration]:
    done = set(applied(db))
    return [m for m in MIGRATIONS if m.name not in done]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply every pending migration in one immediate transaction; the names applied.

    `db` must be in autocommit mode (isolation_level=None). Nothing is written when nothing
    is pending, so a file this version cannot use is left byte-for-byte as it was.
    """
    if not pending(db):
        return []
    db.execute("BEGIN IMMEDIATE")
    try:
        done = applied(db)  # again under the write lock: another process may have migrated
        db.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        db.executemany(  # a legacy file's migrations, recorded as taken over
            "INSERT OR IGNORE INTO _migrations (name, applied_at) VALUES (?, 'before-named-migrations')",
            [(name,) for name in done],
        )
        todo = [m for m in MIGRATIONS if m.name not in set(done)]
        for step in todo:
            step.apply(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (step.name, utcnow().isoformat()),
            )
        db.execute(f"PRAGMA user_version = {LATEST}")
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # keep the first error, not ROLLBACK's
            db.execute("ROLLBACK")
        raise
    return [m.name for m in todo]
