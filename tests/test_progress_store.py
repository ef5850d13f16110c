"""The progress store's schema and API: named migrations, kinds, practice, drills, renames,
leeches, fingerprints, the one score-to-rating rule, and the learner's local calendar day."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from zoneinfo import ZoneInfo

import pytest

from cyberdip_cli.quiz import migrations, scheduler
from cyberdip_cli.quiz.progress import (
    LATEST,
    Answer,
    DrillChoice,
    Kind,
    ProgressStore,
)
from cyberdip_cli.quiz.scheduler import Rating, rating_for

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path):
    with ProgressStore(tmp_path / "progress.sqlite3") as s:
        yield s


def answer(qid: str, correct: bool = True, **kw) -> Answer:
    return Answer(qid, kw.pop("topic", "toolbox"), correct, kw.pop("seconds", 20.0), "A", **kw)


# --------------------------------------------------------------------------- migrations


def test_migrations_are_named_in_order_and_recorded():
    assert [m.name for m in migrations.MIGRATIONS] == [
        "m001_answers_and_cards",
        "m002_answer_details",
        "m003_answer_score_practice_kind",
        "m004_card_kinds",
        "m005_meta",
        "m006_drill_runs",
    ]
    assert LATEST == 6


def test_a_new_database_records_every_migration(tmp_path):
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as s:
        assert s.applied_migrations() == list(migrations.NAMES)
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT name, applied_at FROM _migrations").fetchall()
    assert [r[0] for r in rows] == list(migrations.NAMES)
    assert all(dt.datetime.fromisoformat(r[1]) for r in rows)
    conn.close()
    with ProgressStore(path) as s:  # reopening applies nothing again
        assert s.applied_migrations() == list(migrations.NAMES)


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    """All pending migrations run in one transaction: a failure in the last rolls back all."""
    path = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE answers (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL,"
        " answered_at TEXT NOT NULL, correct INTEGER NOT NULL);"
        "CREATE TABLE cards (question_id TEXT PRIMARY KEY, card TEXT NOT NULL, due TEXT NOT NULL);"
        "INSERT INTO answers (question_id, answered_at, correct)"
        " VALUES ('q', '2024-01-01T00:00:00+00:00', 1);"
        "PRAGMA user_version = 1;"
    )
    conn.close()
    before = path.read_bytes()

    def boom(db):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, migrations.Migration("m999_boom", boom)]
    )
    with pytest.raises(Exception, match="disk I/O error"):
        ProgressStore(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    assert [r[1] for r in conn.execute("PRAGMA table_info(answers)")] == [
        "id",
        "question_id",
        "answered_at",
        "correct",
    ]
    assert (
        conn.execute("SELECT name FROM sqlite_master WHERE name = '_migrations'").fetchone() is None
    )
    conn.close()
    assert path.read_bytes() == before


def test_a_migration_this_version_does_not_know_is_a_newer_schema(tmp_path):
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _migrations VALUES ('m007_from_the_future', 'x')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(Exception, match="newer cyberdip") as caught:
        ProgressStore(path)
    assert "untouched" in caught.value.hint
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- writes


def test_score_is_stored_and_rates_the_card(store):
    store.record(answer("q1", False, score=0.5, seconds=5.0), T0)
    store.record(answer("q2", False, score=0.25), T0)
    store.record(answer("q3", True), T0)
    rows = {a["question_id"]: a for a in store.answers()}
    assert (rows["q1"]["score"], rows["q1"]["rating"]) == (0.5, Rating.HARD)
    assert (rows["q2"]["score"], rows["q2"]["rating"]) == (0.25, Rating.AGAIN)
    assert (rows["q3"]["score"], rows["q3"]["rating"]) == (1.0, Rating.GOOD)
    assert Answer("q", "t", False, 1.0, "").score == 0.0
    with pytest.raises(ValueError):
        Answer("q", "t", True, 1.0, "", score=1.5)


def test_practice_answers_are_saved_but_never_change_a_schedule(store):
    first = store.record(answer("q1"), T0)
    before = store.cards()["q1"]
    assert store.record(answer("q1", False, practice=True), T0 + dt.timedelta(hours=1)) == first
    assert store.record(answer("q-new", practice=True), T0) is None
    assert store.cards() == {"q1": before}
    assert store.seen() == {"q1"}
    assert [a["practice"] for a in store.answers()] == [0, 1, 1]
    assert store.missed() == []  # the practice miss does not count as the latest result


def test_drill_runs_are_stored_and_review_the_drill_card_only(store):
    start, end = T0, T0 + dt.timedelta(minutes=4)
    choices = [DrillChoice("s1", 0, 1.0), DrillChoice("s2", 2, 0.5)]
    run = store.record_drill_run("d-wannacry", start, end, choices, fingerprint="abc")
    assert run.score == 0.75 and run.choices == tuple(choices)
    [saved] = store.drill_runs("d-wannacry")
    assert saved == run
    assert json.loads(store.conn.execute("SELECT choices FROM drill_runs").fetchone()[0]) == [
        {"step": "s1", "choice": 0, "score": 1.0},
        {"step": "s2", "choice": 2, "score": 0.5},
    ]
    assert store.seen(Kind.DRILL) == {"d-wannacry"} and store.seen() == set()
    assert store.answers() == [] and len(store.answers(Kind.DRILL)) == 1
    assert store.answers(Kind.DRILL)[0]["rating"] == Rating.HARD  # 0.75: partial credit
    assert store.fingerprints(Kind.DRILL) == {"d-wannacry": "abc"}
    store.record_drill_run("d-other", start, end, choices, practice=True)
    assert store.seen(Kind.DRILL) == {"d-wannacry"} and len(store.drill_runs()) == 2


def test_a_question_and_a_drill_with_the_same_id_have_separate_cards(store):
    store.record(answer("x1"), T0)
    store.record_drill_run("x1", T0, T0, [DrillChoice("s", 0, 0.0)])
    assert set(store.cards()) == {"x1"} and set(store.cards(Kind.DRILL)) == {"x1"}
    assert store.due_before(T0 + dt.timedelta(days=400), Kind.DRILL) == ["x1"]
    assert store.cards()["x1"]["card"] != store.cards(Kind.DRILL)["x1"]["card"]


def test_learner_name(store):
    assert store.learner() is None
    store.set_learner("  Ana   Lopez ")
    assert store.learner() == "Ana Lopez"
    with pytest.raises(Exception, match="empty"):
        store.set_learner("   ")


def test_renames_move_answers_and_card_and_are_idempotent(store):
    store.record(answer("old-a"), T0)
    store.record(answer("old-a", False), T0 + dt.timedelta(minutes=1))
    store.record(answer("keep"), T0)
    assert store.apply_renames({"old-a": "new-a"}) == 3  # two answers and the card
    assert store.apply_renames({"old-a": "new-a"}) == 0
    assert [a["question_id"] for a in store.answers()] == ["new-a", "new-a", "keep"]
    assert set(store.cards()) == {"new-a", "keep"}
    assert store.missed() == ["new-a"]


def test_rename_onto_an_existing_card_keeps_the_most_recently_reviewed(store):
    store.record(answer("old"), T0 + dt.timedelta(days=3))  # reviewed last
    store.record(answer("new"), T0)
    recent = store.cards()["old"]["card"]
    store.apply_renames({"old": "new"})
    assert store.cards() == {"new": {"card": recent, "due": recent["due"], "fingerprint": ""}}

    store.record(answer("older"), T0 - dt.timedelta(days=9))
    store.apply_renames({"older": "new"})  # the new id's card is the more recent: kept
    assert store.cards()["new"]["card"] == recent
    assert len(store.answers()) == 3


def test_rename_chains_and_cycles(store):
    store.record(answer("a"), T0)
    store.apply_renames({"b": "c", "a": "b"})  # a -> b -> c, whatever the order given
    assert set(store.cards()) == {"c"}
    with pytest.raises(ValueError, match="cycle"):
        store.apply_renames({"c": "d", "d": "c"})
    assert set(store.cards()) == {"c"}


def test_leeches_are_ids_missed_eight_times_or_more(store):
    for i in range(8):
        store.record(answer("leech", False), T0 + dt.timedelta(days=i))
    for i in range(7):
        store.record(answer("almost", False), T0 + dt.timedelta(days=i))
    for _ in range(5):
        store.record(answer("almost", False, practice=True), T0)  # practice misses do not count
    store.record(answer("almost", False, score=0.5), T0)  # half right is not a miss
    assert store.leeches() == ["leech"]
    assert store.leeches(threshold=7) == ["leech", "almost"]


def test_fingerprints_are_those_of_the_latest_scheduled_answer(store):
    store.record(answer("q1", fingerprint="v1"), T0)
    store.record(answer("q1", fingerprint="v2"), T0 + dt.timedelta(days=1))
    store.record(answer("q1", fingerprint="v3", practice=True), T0 + dt.timedelta(days=2))
    store.record(answer("q2", fingerprint="w1"), T0)
    assert store.fingerprints() == {"q1": "v2", "q2": "w1"}
    assert store.cards()["q1"]["fingerprint"] == "v2"


def test_the_store_closes_and_releases_its_lock_on_every_path(tmp_path):
    from cyberdip_cli.quiz.lock import exclusive

    path = tmp_path / "p.sqlite3"
    with pytest.raises(RuntimeError), ProgressStore(path) as s:
        raise RuntimeError("a failure mid-session")
    assert s.conn is None
    with exclusive(path):  # would refuse if the shared lock were still held
        pass
    s.close()  # a second close is harmless


# --------------------------------------------------------------------------- scheduler


@pytest.mark.parametrize(
    ("score", "seconds", "seen", "expected"),
    [
        (0.0, 3, True, Rating.AGAIN),
        (0.49, 3, True, Rating.AGAIN),
        (0.5, 3, True, Rating.HARD),
        (0.99, 3, False, Rating.HARD),
        (1.0, 60, True, Rating.HARD),
        (1.0, 45, False, Rating.HARD),
        (1.0, 20, False, Rating.GOOD),
        (1.0, 5, False, Rating.GOOD),  # a first quick answer may be a guess
        (1.0, 5, True, Rating.EASY),
        (True, 5, True, Rating.EASY),
        (False, 5, True, Rating.AGAIN),
    ],
)
def test_rating_for_is_the_one_score_to_rating_rule(score, seconds, seen, expected):
    assert rating_for(score, seconds, seen) is expected


def test_rating_for_rejects_a_score_outside_zero_to_one():
    with pytest.raises(ValueError):
        rating_for(1.2, 5, True)


def test_hashlib_is_imported_only_when_a_card_is_made():
    assert "hashlib" not in vars(scheduler)


# --------------------------------------------------------------------------- local days

BRUSSELS = ZoneInfo("Europe/Brussels")
TOKYO = dt.timezone(dt.timedelta(hours=9))


def test_local_day_and_next_midnight_follow_the_learners_zone():
    late = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert scheduler.local_day(late, dt.UTC) == dt.date(2026, 3, 1)
    assert scheduler.local_day(late, TOKYO) == dt.date(2026, 3, 2)
    assert scheduler.next_local_midnight(late, TOKYO) == dt.datetime(2026, 3, 2, 15, tzinfo=dt.UTC)
    # The night summer time starts in Brussels, the next midnight is still 23:00 UTC;
    # the one after it is 22:00 UTC.
    saturday = dt.datetime(2026, 3, 28, 12, tzinfo=dt.UTC)
    assert scheduler.next_local_midnight(saturday, BRUSSELS) == dt.datetime(
        2026, 3, 28, 23, tzinfo=dt.UTC
    )
    sunday = dt.datetime(2026, 3, 29, 12, tzinfo=dt.UTC)
    assert scheduler.next_local_midnight(sunday, BRUSSELS) == dt.datetime(
        2026, 3, 29, 22, tzinfo=dt.UTC
    )


NEW_YORK = dt.timezone(-dt.timedelta(hours=5))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_due_today_uses_the_local_calendar_day(store):
    store.record(answer("q1"), T0)
    store.conn.execute("UPDATE cards SET due = '2026-01-06T04:00:00+00:00'")
    now = at("2026-01-05T22:00:00+00:00")  # 17:00 in New York, where the card is due at 23:00
    assert store.due_today(now, dt.UTC) == []  # in UTC it is due tomorrow
    assert store.due_today(now, NEW_YORK) == ["q1"]
    store.conn.execute("UPDATE cards SET due = '2026-01-06T20:00:00+00:00'")
    now = at("2026-01-06T00:30:00+00:00")  # 09:30 in Tokyo, where the card is due tomorrow 05:00
    assert store.due_today(now, dt.UTC) == ["q1"]
    assert store.due_today(now, TOKYO) == []


def test_stats_streak_and_due_today_on_local_days():
    from cyberdip_cli.quiz.stats import compute

    # New York evenings cross UTC midnight: local days 3, 4, 5 are UTC days 4, 4, 6.
    times = ["2026-01-04T01:00:00+00:00", "2026-01-04T15:00:00+00:00", "2026-01-06T01:00:00+00:00"]
    answers = [{"question_id": "q", "answered_at": t, "correct": 1, "topic": "x"} for t in times]
    now = at("2026-01-06T02:00:00+00:00")  # 21:00 on the 5th in New York
    assert compute(answers, {}, {}, now, tz=NEW_YORK)["streak_days"] == 3
    assert compute(answers, {}, {}, now, tz=dt.UTC)["streak_days"] == 1

    cards = {"q": {"card": {}, "due": "2026-01-06T04:00:00+00:00"}}
    evening = at("2026-01-05T22:00:00+00:00")
    assert compute([], cards, {}, evening, tz=NEW_YORK)["due_today"] == 1
    assert compute([], cards, {}, evening, tz=dt.UTC)["due_today"] == 0
