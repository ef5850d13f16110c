"""`progress --repair` and `--restore` under fault: an exception or a kill -9 at every step of
a repair of a 10,000-answer database loses no answer; a leftover backup is reported with the
command that restores it; a quiz that is open makes both refuse (a real second process)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cyberdip_cli.errors import Fault, ProgressError
from cyberdip_cli.quiz import migrations, repair, scheduler
from cyberdip_cli.quiz.lock import ProgressLock, exclusive
from cyberdip_cli.quiz.progress import ANSWER_COLUMNS, ProgressStore

REPO = Path(__file__).resolve().parent.parent
QUIZPACK = REPO / "tests" / "fixtures" / "quizpack"
BIG = 10_000
CARDS = 500
T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
RESTORE_STEPS = tuple(s for s in repair.STEPS if s != "salvage")


def count(path: Path, table: str = "answers") -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def _answer_row(i: int, cards: int) -> tuple:
    """Values in ANSWER_COLUMNS order: every third answer right."""
    right = i % 3 == 0
    at = (T0 + dt.timedelta(minutes=i)).isoformat()
    return (
        f"q-{i % cards}",
        at,
        int(right),
        "t",
        5.0,
        3,
        "x" * 30,
        float(right),
        "fp",
        0,
        "question",
    )


def build_database(path: Path, answers: int, cards: int = CARDS) -> None:
    """A database of the current schema filled in bulk (recording 10,000 answers one by one
    through FSRS would take most of a minute)."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn)
    rows = [_answer_row(i, cards) for i in range(answers)]
    marks = ", ".join("?" * len(ANSWER_COLUMNS))
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO answers ({', '.join(ANSWER_COLUMNS)}) VALUES ({marks})", rows)
    card = scheduler.new_card("q", T0)
    conn.executemany(
        "INSERT INTO cards (question_id, card, due) VALUES (?, ?, ?)",
        [(f"q-{i}", json.dumps(card), card["due"]) for i in range(min(cards, answers))],
    )
    conn.execute("COMMIT")
    conn.close()


@pytest.fixture(scope="module")
def big_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "progress.sqlite3"
    build_database(path, BIG)
    return path


@pytest.fixture
def big(isolated_home, big_template) -> Path:
    path = isolated_home / "progress.sqlite3"
    shutil.copyfile(big_template, path)
    return path


def run_cyberdip(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cyberdip_cli", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kwargs,
    )


# --------------------------------------------------------------------------- repair


@pytest.mark.parametrize("step", repair.STEPS)
def test_exception_at_every_repair_step_loses_no_answer(big, step):
    with pytest.raises(repair.InjectedFault):
        repair.repair(big, fail_at=step)
    assert count(big) == BIG
    assert count(big, "cards") == CARDS
    assert leftovers(big.parent) == []  # the temporary file went with the failure
    result = repair.repair(big)
    assert (result.recovered, result.cards, result.skipped) == (BIG, CARDS, 0)
    assert count(big) == BIG


@pytest.mark.parametrize("step", repair.STEPS)
def test_kill_9_at_every_repair_step_loses_no_answer(cli, big, step):
    killed = run_cyberdip("progress", "--repair", env={repair.FAIL_ENV: f"{step}:kill"})
    assert killed.returncode == -9, killed.stderr
    assert count(big) == BIG  # whole, readable, and every answer there
    with ProgressStore(big) as store:  # opens normally: no stray WAL replayed into it
        assert len(store.answers()) == BIG
    status, out, err = cli("progress", "--repair")
    assert status == 0, err
    assert f"with {BIG} recovered answer(s)" in out
    assert leftovers(big.parent) == []  # the killed run's temporary file is cleared


def test_repair_folds_the_wal_into_a_one_file_backup(isolated_home):
    """Answers still in the -wal file (a process killed before any checkpoint) are in the
    repaired database and in the backup, which is complete without any -wal of its own."""
    path = isolated_home / "progress.sqlite3"
    build_database(path, 100)
    writer = (
        "import os, signal, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode = WAL')\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "for i in range(50):\n"
        '    c.execute("INSERT INTO answers (question_id, answered_at, correct) '
        "VALUES ('w', '2025-02-01T00:00:00+00:00', 1)\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", writer, str(path)], check=False, timeout=60)
    assert Path(str(path) + "-wal").stat().st_size > 0
    result = repair.repair(path)
    assert result.recovered == 150
    assert not Path(str(result.backup) + "-wal").exists()
    assert count(result.backup) == 150


def test_repair_keeps_the_mode_and_reading_a_backup_leaves_no_files(cli, isolated_home):
    path = isolated_home / "progress.sqlite3"
    build_database(path, 30, cards=5)
    path.chmod(0o640)
    result = repair.repair(path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert result.backup.stat().st_mode & 0o777 == 0o640
    assert cli("progress", "--json")[0] == 0  # reads the backup's answer count
    names = sorted(p.name for p in isolated_home.iterdir())
    assert names == ["cache", path.name, result.backup.name, path.name + ".lock"]


def test_repair_of_a_missing_database_does_nothing(isolated_home):
    assert repair.repair(isolated_home / "progress.sqlite3") == repair.RepairResult(None, 0)


def test_invalid_answered_at_is_damage_and_repair_leaves_the_row_out(cli, isolated_home):
    path = isolated_home / "progress.sqlite3"
    build_database(path, 20, cards=5)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE answers SET answered_at = 'yesterday' WHERE id = 7")
    conn.commit()
    conn.close()
    status, _, err = cli("progress")
    assert status == 1 and "Traceback" not in err
    [line] = error_lines(err)
    assert "damaged" in line and "answer 7" in line and "--repair" in err

    status, out, err = cli("progress", "--repair")
    assert status == 0, err
    assert "with 19 recovered answer(s)" in out and "Left out 1 invalid answer row(s)" in out
    status, out, err = cli("progress", "--json")
    assert status == 0, err
    assert json.loads(out)["answered"] == 19


# --------------------------------------------------------------------------- leftover backups, restore


def old_code_crash(path: Path) -> Path:
    """What the old repair left when killed between moving the database aside and rebuilding
    it: every answer in the backup, an empty database in its place."""
    backup = path.with_name(path.name + ".bak-20250101-120000")
    os.replace(path, backup)
    ProgressStore(path).close()
    return backup


def test_a_leftover_backup_is_reported_and_restored(cli, big):
    backup = old_code_crash(big)
    status, _, err = cli("progress", "--json")
    assert status == 0
    assert f"warning: the backup {backup} holds {BIG} answers, more than your progress (0)" in err
    assert f"hint: to restore it: cyberdip progress --restore '{backup}'" in err

    status, out, err = cli("progress", "--restore", str(backup))
    assert status == 0, err
    assert f"Restored {big} from {backup}: {BIG} answer(s)." in out
    assert "Kept the replaced database as" in out
    assert count(big) == BIG
    status, _, err = cli("progress", "--json")
    assert (status, err) == (0, "")  # the copy kept before the restore is no reason to warn


def test_going_back_to_a_smaller_backup_is_not_nagged_about(cli, big):
    older = big.with_name(big.name + ".bak-20240101-000000")
    build_database(older, 10, cards=5)
    status, _out, err = cli("progress", "--restore", str(older))
    assert status == 0, err
    [kept] = big.parent.glob("*-before-restore")
    assert count(kept) == BIG and count(big) == 10
    status, _, err = cli("progress", "--json")
    assert (status, err) == (0, "")


@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_exception_at_every_restore_step_leaves_one_whole_database(big, step):
    backup = old_code_crash(big)
    with pytest.raises(repair.InjectedFault):
        repair.restore(big, backup, fail_at=step)
    assert count(big) == (BIG if step == "done" else 0)  # before the swap: the old one
    assert count(backup) == BIG
    assert leftovers(big.parent) == []
    assert repair.restore(big, backup).answers == BIG
    assert count(big) == BIG


@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_kill_9_at_every_restore_step_leaves_one_whole_database(big, step):
    backup = old_code_crash(big)
    killed = run_cyberdip(
        "progress", "--restore", str(backup), env={repair.FAIL_ENV: f"{step}:kill"}
    )
    assert killed.returncode == -9, killed.stderr
    assert count(big) == (BIG if step == "done" else 0)
    assert repair.restore(big, backup).answers == BIG
    assert leftovers(big.parent) == []


def test_restore_refuses_what_is_not_a_sound_backup(cli, isolated_home, big):
    garbage = isolated_home / "progress.sqlite3.bak-garbage"
    garbage.write_bytes(b"\x00not a database" * 512)
    before = hashlib.sha256(big.read_bytes()).digest()
    for target, words in (
        (garbage, "is not a sound cyberdip progress database"),
        (isolated_home / "missing.sqlite3", "no backup file at"),
        (big, "is the live database itself"),
    ):
        status, _, err = cli("progress", "--restore", str(target))
        assert status == 1 and "Traceback" not in err
        [line] = error_lines(err)
        assert words in line
    assert hashlib.sha256(big.read_bytes()).digest() == before


# --------------------------------------------------------------------------- the lock


def test_the_shared_lock_blocks_exclusive_and_back(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path), pytest.raises(ProgressError) as caught:
        exclusive(path).__enter__()
    assert caught.value.fault is Fault.IN_USE
    with exclusive(path):
        with pytest.raises(ProgressError) as caught:
            ProgressLock(path).acquire_shared(wait=0)
        assert caught.value.fault is Fault.IN_USE
    with ProgressStore(path) as store:  # free again
        assert store.answers() == []


def spawn_quiz() -> subprocess.Popen:
    args = ["--content", str(QUIZPACK), "quiz", "--topic", "reliability", "--mode", "all"]
    return subprocess.Popen(
        [sys.executable, "-m", "cyberdip_cli", *args, "--no-generated", "--count", "3"],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_answers(path: Path, wanted: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            if count(path) >= wanted:
                return
        except sqlite3.Error:
            pass  # not created yet
        time.sleep(0.02)
    raise AssertionError(f"never saw {wanted} saved answers")


def test_repair_and_restore_refuse_while_a_quiz_is_open(cli, isolated_home):
    """The old repair moved the database aside under an open quiz, whose later answers then
    went into the backup: the live progress lost them."""
    path = isolated_home / "progress.sqlite3"
    backup = isolated_home / "progress.sqlite3.bak-20240101-000000"
    build_database(backup, 5, cards=5)
    quiz = spawn_quiz()
    try:
        quiz.stdin.write("a\n")
        quiz.stdin.flush()
        wait_for_answers(path, 1, quiz)
        inode = path.stat().st_ino
        for argv in (("progress", "--repair"), ("progress", "--restore", str(backup))):
            status, out, err = cli(*argv)
            assert status == 1 and "Traceback" not in err, argv
            [line] = error_lines(err)
            assert "in use by another cyberdip (is a quiz open?)" in line
        assert path.stat().st_ino == inode  # nothing was swapped
        out, err = quiz.communicate("a\na\n", timeout=60)
    finally:
        if quiz.poll() is None:
            quiz.kill()
            quiz.communicate()
    assert quiz.returncode == 0, err
    assert count(path) == 3  # every answer of the quiz is in the live database
    status, out, err = cli("progress", "--repair")  # and with the quiz closed, repair runs
    assert status == 0 and "with 3 recovered answer(s)" in out, err
