"""The quiz: answer parsing, selection, FSRS scheduling on a fixed clock, saved progress,
scripted stdin sessions and a real terminal (pexpect)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sys

import pytest

from cyberdip_cli.quiz import scheduler
from cyberdip_cli.quiz.answers import parse
from cyberdip_cli.quiz.progress import LATEST, Answer, ProgressStore
from cyberdip_cli.quiz.scoring import grade
from cyberdip_cli.quiz.select import choose, present
from cyberdip_cli.quiz.stats import compute, streak

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def _question(qtype, **kw):
    base = {
        "id": "q1",
        "type": qtype,
        "topic": "toolbox",
        "difficulty": 1,
        "prompt": "p",
        "explanation": "e",
        "terms": ["attribution"],
        "sources": ["s3"],
    }
    return {**base, **kw}


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "qtype", "count", "picks"),
    [
        ("b", "single", 4, (1,)),
        ("2", "single", 4, (1,)),
        (" B ", "single", 4, (1,)),
        ("a,c", "multi", 4, (0, 2)),
        ("ac", "multi", 4, (0, 2)),
        ("c a b", "order", 3, (2, 0, 1)),
        ("t", "true_false", 2, (0,)),
        ("false", "true_false", 2, (1,)),
    ],
)
def test_parse_accepts_letters_numbers_and_lists(text, qtype, count, picks):
    assert parse(text, qtype, count).picks == picks


@pytest.mark.parametrize(
    ("text", "qtype", "count"),
    [
        ("", "single", 4),
        ("e", "single", 4),
        ("9", "single", 4),
        ("a b", "single", 4),
        ("x", "true_false", 2),
        ("a a b", "order", 3),
        ("a b", "order", 3),
        ("zzz", "multi", 3),
    ],
)
def test_parse_rejects_invalid_answers_with_a_message(text, qtype, count):
    parsed = parse(text, qtype, count)
    assert parsed.error and not parsed.picks and parsed.command is None


def test_parse_commands():
    assert parse("?", "single", 3).command == "hint"
    assert parse("hint", "single", 3).command == "hint"
    assert parse("q", "single", 3).command == "quit"


# ---------------------------------------------------------------- presenting and grading


def test_present_keeps_the_right_answer_reachable_for_every_type():
    rng = random.Random(1)
    single = present(_question("single", choices=["A", "B", "C"], answer="B"), rng)
    assert single.shown[single.correct[0]] == "B"
    multi = present(_question("multi", choices=["A", "B", "C", "D"], answer=["A", "D"]), rng)
    assert {multi.shown[i] for i in multi.correct} == {"A", "D"}
    assert grade(multi, tuple(reversed(multi.correct))).correct
    order = present(_question("order", choices=["1st", "2nd", "3rd"]), rng)
    assert [order.shown[i] for i in order.correct] == ["1st", "2nd", "3rd"]
    assert list(order.shown) != ["1st", "2nd", "3rd"]  # never shown already solved
    tf = present(_question("true_false", answer=False), rng)
    assert tf.shown == ("True", "False") and grade(tf, (1,)).correct and not grade(tf, (0,)).correct


def test_same_seed_same_questions_and_order():
    pool = [f"q{i}" for i in range(30)]
    args = {"mode": "due", "count": 5, "due_ids": [], "seen_ids": set(), "missed_ids": []}
    first = choose(pool, seed=42, **args)
    assert first == choose(pool, seed=42, **args) and len(first) == 5
    assert first != choose(pool, seed=43, **args)


def test_due_questions_come_first_then_new_and_modes():
    pool = [f"q{i}" for i in range(10)]
    seen = {"q7", "q3", "q1"}
    picked = choose(
        pool,
        mode="due",
        count=3,
        seed=1,
        due_ids=["q7", "q3", "gone"],
        seen_ids=seen,
        missed_ids=[],
    )
    assert picked[:2] == ["q7", "q3"] and picked[2] not in seen
    new = choose(pool, mode="new", count=10, seed=1, due_ids=[], seen_ids=seen, missed_ids=[])
    assert set(new) == set(pool) - seen
    assert choose(
        pool, mode="missed", count=10, seed=1, due_ids=[], seen_ids=set(), missed_ids=["q4", "x"]
    ) == ["q4"]
    assert sorted(
        choose(pool, mode="all", count=99, seed=1, due_ids=[], seen_ids=set(), missed_ids=[])
    ) == sorted(pool)


def test_quiz_filters_run_in_the_store(cli):
    from cyberdip_cli.runtime import Runtime

    cli("tour")  # compile the content
    st = Runtime().store()
    ids = st.quiz_ids(["sanctions"], 2, include_generated=False)
    assert ids and all(
        q["topic"] == "sanctions" and q["difficulty"] == 2 and not q["generated"]
        for q in st.get_many("question", ids)
    )
    assert len(st.quiz_ids()) > len(st.quiz_ids(include_generated=False))


# ---------------------------------------------------------------- FSRS on a fixed clock


def test_rating_from_correctness_and_time():
    assert scheduler.rating_for(False, 3, True) == 1
    assert scheduler.rating_for(True, 60, True) == 2
    assert scheduler.rating_for(True, 20, False) == 3
    assert scheduler.rating_for(True, 5, True) == 4
    assert scheduler.rating_for(True, 5, False) == 3  # a first quick answer may be a guess


def test_fsrs_is_deterministic_and_spaces_good_answers_further():
    card = scheduler.new_card("q1", T0)
    assert card == json.loads(json.dumps(card))  # state round-trips through JSON
    again = scheduler.review(card, 1, T0, 5)
    good = scheduler.review(card, 3, T0, 5)
    assert scheduler.review(card, 3, T0, 5) == good
    due = lambda c: dt.datetime.fromisoformat(c["due"])  # noqa: E731
    assert T0 < due(again) <= due(good)
    later = T0 + dt.timedelta(days=1)
    second = scheduler.review(good, 3, later, 5)
    assert due(second) - later > due(good) - T0


def test_progress_store_records_and_schedules(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    assert store.version == LATEST
    store.record(Answer("q1", "toolbox", True, 12.0, "A"), T0)
    store.record(Answer("q2", "sanctions", False, 4.0, "B"), T0)
    assert [a["question_id"] for a in store.answers()] == ["q1", "q2"]
    assert store.missed() == ["q2"]
    assert store.seen() == {"q1", "q2"}
    assert set(store.due_before(T0 + dt.timedelta(hours=1))) == {"q1", "q2"}
    assert store.due_before(T0) == []
    store.close()
    reopened = ProgressStore(tmp_path / "p.sqlite3")  # survives a restart
    assert len(reopened.answers()) == 2


def test_stats_streak_accuracy_and_weakest_terms():
    days = {dt.date(2026, 1, d) for d in (1, 3, 4, 5)}
    assert streak(days, dt.date(2026, 1, 5)) == 3
    assert streak(days, dt.date(2026, 1, 6)) == 3
    assert streak(days, dt.date(2026, 1, 8)) == 0
    answers = [
        {"question_id": "q1", "answered_at": T0.isoformat(), "correct": 1, "topic": "toolbox"},
        {"question_id": "q2", "answered_at": T0.isoformat(), "correct": 0, "topic": "sanctions"},
    ]
    cards = {
        "q1": {"card": {"stability": 30}, "due": (T0 + dt.timedelta(days=30)).isoformat()},
        "q2": {"card": {"stability": 1}, "due": T0.isoformat()},
    }
    questions = {
        "q1": {"terms": ["attribution"], "topic": "toolbox"},
        "q2": {"terms": ["asset-freeze"], "topic": "sanctions"},
    }
    stats = compute(answers, cards, questions, T0)
    assert stats["accuracy"] == 0.5 and stats["mastered"] == 1 and stats["due_today"] == 1
    assert stats["weakest_terms"][0]["term"] == "asset-freeze"


# ---------------------------------------------------------------- whole sessions through stdin


def _known(kind):
    from cyberdip_cli.kb.loader import load
    from cyberdip_cli.paths import builtin_content_dir

    return next(q for q in load([builtin_content_dir()]).kb.questions if q["type"] == kind)


def test_scripted_quiz_right_wrong_invalid_hint_and_summary(cli):
    tf = _known("true_false")
    right, wrong = ("t", "f") if tf["answer"] else ("f", "t")
    code, out, _ = cli("quiz", "--question", tf["id"], input=f"zz\n?\n{right}\n")
    assert code == 0
    assert "answer t (true) or f (false)" in out and "Hint:" in out
    assert "Correct." in out and "Score: 1/1" in out
    code, out, _ = cli("quiz", "--question", tf["id"], input=f"{wrong}\n")
    assert "Not right." in out and "Score: 0/1" in out and "To review" in out
    code, out, _ = cli("progress", "--json")
    data = json.loads(out)
    assert data["answered"] == 2 and data["correct"] == 1


def test_end_of_input_and_quit_end_with_a_summary(cli):
    code, out, _ = cli("quiz", "--count", "3", "--seed", "5", input="")
    assert code == 0 and "end of input" in out and "nothing was saved" in out
    code, out, _ = cli("quiz", "--count", "3", "--seed", "5", input="a\nq\n")
    assert code == 0 and "you quit" in out and "Score:" in out


def test_same_seed_asks_the_same_questions(cli):
    first = cli("quiz", "--count", "3", "--seed", "11", "--mode", "all", input="")[1]
    second = cli("quiz", "--count", "3", "--seed", "11", "--mode", "all", input="")[1]
    assert first == second and "Question 1 of 3" in first


def test_modes_and_filters(cli):
    code, _, err = cli("quiz", "--mode", "missed")
    assert code == 1 and "no missed question" in err
    assert cli("quiz", "--mode", "sideways")[0] == 2
    assert cli("quiz", "--topic", "nope")[0] == 2
    code, out, _ = cli(
        "quiz", "--topic", "sanctions", "--count", "1", "--no-generated", input="q\n"
    )
    assert code == 0 and "topic: sanctions" in out


def test_progress_reset_needs_confirmation_and_export(cli, tmp_path):
    tf = _known("true_false")
    cli("quiz", "--question", tf["id"], input="t\n")
    code, _, err = cli("progress", "--reset")
    assert code == 1 and "--yes" in err
    code, out, _ = cli("progress", "--export", "csv")
    assert code == 0 and out.splitlines()[0].startswith("question_id,topic,attempts")
    assert tf["id"] in out
    target = tmp_path / "p.json"
    assert cli("progress", "--export", "json", "--out", str(target))[0] == 0
    assert json.loads(target.read_text())["questions"][0]["question_id"] == tf["id"]
    assert cli("progress", "--export", "json", "--out", str(target))[0] == 1  # no silent overwrite
    assert cli("progress", "--reset", "--yes")[0] == 0
    assert json.loads(cli("progress", "--json")[1])["answered"] == 0


@pytest.mark.slow
def test_interactive_quiz_in_a_real_terminal(isolated_home):
    pexpect = pytest.importorskip("pexpect")
    tf = _known("true_false")
    right, wrong = ("t", "f") if tf["answer"] else ("f", "t")
    env = {**os.environ, "CYBERDIP_HOME": str(isolated_home), "COLUMNS": "80", "TERM": "xterm"}

    def quiz(*args):
        child = pexpect.spawn(
            sys.executable,
            ["-m", "cyberdip_cli", "quiz", *args],
            env=env,
            encoding="utf-8",
            timeout=30,
            dimensions=(40, 80),
        )
        child.expect("answer> ")
        return child

    def finish(child, status):
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == status

    child = quiz("--question", tf["id"])  # invalid, hint, right
    child.sendline("7")
    child.expect("answer t")
    child.sendline("?")
    child.expect("Hint:")
    child.sendline(right)
    child.expect("Correct.")
    child.expect("Score: 1/1")
    finish(child, 0)
    child = quiz("--count", "3", "--mode", "all", "--seed", "3")  # quit
    child.sendline("q")
    child.expect("you quit")
    finish(child, 0)
    child = quiz("--question", tf["id"])  # wrong
    child.sendline(wrong)
    child.expect("Not right.")
    finish(child, 0)
    child = quiz("--count", "2", "--mode", "all")
    child.sendintr()  # Ctrl-C: summary, saved answers kept, exit 130
    child.expect("Quiz summary")
    finish(child, 130)
    progress = ProgressStore(isolated_home / "progress.sqlite3")
    assert len(progress.answers()) == 2


def test_python_m_entry_point_runs():
    import subprocess

    exe = shutil.which("cyberdip")
    result = subprocess.run(
        [sys.executable, "-m", "cyberdip_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("cyberdip ")
    assert exe is None or os.access(exe, os.X_OK)
