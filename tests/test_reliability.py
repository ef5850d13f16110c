"""Hostile content, hostile input, and a progress database under fault.

Each test states the input or fault and the behaviour promised for it; docs/RELIABILITY.md
lists them in one table.
"""

from __future__ import annotations

import io
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import private_mount

from cyberdip_cli.quiz.progress import LATEST, ProgressStore

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
QUIZPACK = FIXTURES / "quizpack"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+): .+ \[(?P<code>E\d{3})\]$")
UNSAFE_OUTPUT = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")

ESC_RED = "\x1b[31m"
OSC_TITLE = "\x1b]0;pwned\x07"
BIDI = "\u202e"
MARKUP = "[red]markup[/red]"


def problems(stdout: str) -> list[tuple[int, str]]:
    return [(int(m["line"]), m["code"]) for m in map(PROBLEM_LINE.match, stdout.splitlines()) if m]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def db_path(home: Path) -> Path:
    return home / "progress.sqlite3"


def count_rows(path: Path, table: str = "answers") -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# --------------------------------------------------------------------------- hostile content

BILLION_LAUGHS = "\n".join(
    [f"a: &a [{', '.join(['lol'] * 9)}]"]
    + [
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)
DEEP_BLOCK = "".join(f"{'  ' * i}k:\n" for i in range(100)) + "  " * 100 + "k: v\n"
HOSTILE_FILES = {
    # name: (bytes, code, line): line 0 only where the problem has no line
    "six-megabytes": (b"# filler line of a huge file\n" * 220_000, "E101", 0),
    "nesting-100-flow": (b"topics: " + b"[" * 100 + b"]" * 100 + b"\n", "E101", 1),
    "nesting-100-block": (DEEP_BLOCK.encode(), "E101", 41),
    "billion-laughs": (BILLION_LAUGHS.encode(), "E101", 7),
    "duplicate-key": (b"topics:\n  - id: a\n    title: A\ntopics: []\n", "E105", 4),
    "not-utf8": (b"topics:\n  - id: a\n    title: caf\xe9\n", "E102", 3),
    "bom": (b"\xef\xbb\xbftopics:\n  - id: a\n    title: A\n", "E102", 1),
    "tab-indent": (b"topics:\n  - id: a\n\t  title: A\n", "E102", 3),
    "empty": (b"", "E103", 1),
    "comments-only": (b"# nothing but a comment\n", "E103", 1),
    "list-not-mapping": (b"- id: a\n  title: A\n", "E103", 1),
    "two-documents": (b"topics: []\n---\ntopics: []\n", "E103", 2),
    "raw-escape-byte": (b"topics:\n  - id: a\n    title: A \x1b[31mred\n", "E110", 3),
    "python-tag": (b"topics: !!python/object/apply:os.system [echo pwned]\n", "E100", 1),
    "unknown-alias": (b"topics: *nowhere\n", "E100", 1),
    "huge-integer": (b"topics:\n  - id: " + b"9" * 5000 + b"\n    title: A\n", "E205", 2),
    "impossible-date": (
        b"sources:\n  - {id: s, title: T, issuer: I, type: primary,\n     date: 2019-13-45}\n",
        "E210",
        3,
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_content_file_is_one_problem_not_a_crash(cli, tmp_path, name):
    data, code, line = HOSTILE_FILES[name]
    (tmp_path / "content.yaml").write_bytes(data)
    status, out, err = cli("check", str(tmp_path))
    assert status == 1, out + err
    assert "Traceback" not in err
    assert problems(out) == [(line, code)], out
    assert all(len(row) < 300 for row in out.splitlines())


def test_alias_bomb_is_refused_as_a_problem_by_the_loader(tmp_path):
    from cyberdip_cli.kb.loader import load

    (tmp_path / "bomb.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    result = load([tmp_path])
    [problem] = result.problems
    assert problem.code == "E101" and "alias bomb" in problem.message


def test_field_typo_is_caught_with_did_you_mean(cli, tmp_path):
    text = (FIXTURES / "valid" / "terms.yaml").read_text(encoding="utf-8")
    (tmp_path / "terms.yaml").write_text(text.replace("definition:", "defintion:", 1), "utf-8")
    for name in ("topics.yaml", "sources.yaml"):
        (tmp_path / name).write_bytes((FIXTURES / "valid" / name).read_bytes())
    status, out, _ = cli("check", str(tmp_path))
    assert status == 1
    assert "unknown field 'defintion' (did you mean 'definition'?) [E204]" in out
    assert "missing required field 'definition' [E201]" in out


def test_yes_no_choices_get_a_quoting_hint(cli, tmp_path):
    src = (FIXTURES / "codes" / "E212" / "content.yaml").read_text(encoding="utf-8")
    src = src.replace("[Red, Blue]", "[Yes, No]").replace("answer: Green", "answer: 'Yes'")
    (tmp_path / "c.yaml").write_text(src, encoding="utf-8")
    _, out, _ = cli("check", str(tmp_path))
    assert "YAML read it as true; put the text in quotes" in out


# --------------------------------------------------------------------------- terminal safety

HOSTILE_SUMMARIES = {
    "hostile-esc": "Red \\e[31malert",
    "hostile-osc": "Title \\e]0;pwned\\a set",
    "hostile-bidi": "abc \\u202e cba",
    "hostile-markup": MARKUP + " stays literal",
}
DEFINITION = " ".join(["word"] * 45)


def write_hostile_pack(directory: Path) -> None:
    terms = "".join(
        f"  - id: {tid}\n    term: {tid}\n    topic: concepts\n    axis: both\n"
        f'    summary: "{summary}"\n    definition: {DEFINITION}\n    eu_context: none\n'
        "    see_also: [cyber-diplomacy]\n    sources: [s1]\n"
        for tid, summary in HOSTILE_SUMMARIES.items()
    )
    (directory / "pack.yaml").write_text(
        f"pack:\n  name: Hostile pack\nterms:\n{terms}", encoding="utf-8"
    )


def test_check_refuses_escape_sequences_and_bidi_in_a_pack(cli, tmp_path):
    write_hostile_pack(tmp_path)
    status, out, _ = cli("check", str(tmp_path))
    assert status == 1
    flagged = re.findall(
        r": (hostile-[a-z]+): 'summary' contains a control or bidi character \[E110\]", out
    )
    assert sorted(flagged) == ["hostile-bidi", "hostile-esc", "hostile-osc"]
    assert "hostile-markup" not in out  # markup is plain text, not a problem
    assert not any(ch in out for ch in UNSAFE_OUTPUT)


def test_raw_bidi_character_in_a_file_is_e110_with_its_line(cli, tmp_path):
    (tmp_path / "t.yaml").write_text(f"topics:\n  - id: a\n    title: a{BIDI}b\n", "utf-8")
    status, out, _ = cli("check", str(tmp_path))
    assert (status, problems(out)) == (1, [(3, "E110")])


def test_clean_neutralises_control_and_bidi_characters():
    from cyberdip_cli.console import clean

    text = f"{ESC_RED}red {OSC_TITLE} {BIDI}evil \u2066iso\u2069 \x9b2J {MARKUP}\tkept\nline"
    out = clean(text)
    assert not any(ch in out for ch in (*UNSAFE_OUTPUT, "\u2069"))
    assert MARKUP in out and "\tkept\nline" in out
    assert out.count("\ufffd") == 7
    assert clean(12) == "12"


def hostile_store():
    """A compiled store holding hostile text: what a display would get if check were skipped."""
    from cyberdip_cli.kb.compile import compile_into
    from cyberdip_cli.kb.loader import KnowledgeBase
    from cyberdip_cli.kb.registry import default_registry
    from cyberdip_cli.kb.store import Store

    nasty = f"{ESC_RED}red {OSC_TITLE} {BIDI}evil {MARKUP}"
    registry = default_registry()
    kb = KnowledgeBase.of(
        registry,
        topics=[{"id": "concepts", "title": "Concepts " + nasty}],
        sources=[{"id": "s1", "title": nasty, "issuer": nasty, "type": "primary"}],
        terms=[
            {
                "id": "hostile-term",
                "term": "Hostile " + nasty,
                "acronym": BIDI + "HT",
                "aliases": [],
                "topic": "concepts",
                "axis": "both",
                "summary": nasty,
                "definition": nasty + " " + DEFINITION,
                "eu_context": nasty,
                "see_also": ["hostile-term"],
                "sources": ["s1"],
                "status": "unverified",
                "note": nasty,
            }
        ],
        discrepancies=[
            {
                "id": "d1",
                "blog_says": nasty,
                "correction": nasty,
                "terms": ["hostile-term"],
                "sources": ["s1"],
            }
        ],
    )
    conn = sqlite3.connect(":memory:")
    compile_into(conn, kb, registry, "hostile")
    return Store(conn, registry)


@pytest.mark.parametrize("color", [False, True])
def test_render_term_prints_hostile_text_inert(color):
    from rich.console import Console

    from cyberdip_cli.render.term import render_term
    from cyberdip_cli.runtime import Look
    from cyberdip_cli.views.term import term_view

    store = hostile_store()
    view = term_view(store, store.get("term", "hostile-term"))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=100,
        force_terminal=color,
        color_system="truecolor" if color else None,
        markup=False,
        highlight=False,
        emoji=False,
    )
    console.print(render_term(Look(), view))
    out = buffer.getvalue()
    assert MARKUP in out  # shown literally, never read as markup
    assert OSC_TITLE not in out and "\x1b]" not in out and "\x07" not in out
    assert ESC_RED not in out and BIDI not in out
    if not color:
        assert "\x1b" not in out


@pytest.mark.parametrize(
    "env", [{}, {"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm-256color"}]
)
def test_define_and_search_print_hostile_store_inert(cli, monkeypatch, env):
    """End to end through `define` and `search`, with check bypassed by a prepared store."""
    from cyberdip_cli.runtime import Runtime

    store = hostile_store()
    monkeypatch.setattr(Runtime, "store", lambda self: store)
    commands = [
        ("define", "hostile-term"),
        ("--plain", "define", "hostile-term"),
        ("search", "evil"),
    ]
    for args in commands:
        status, out, err = cli(*args, env=env)
        assert status == 0, (args, err)
        assert MARKUP in out
        assert "\x1b]" not in out and "\x07" not in out and ESC_RED not in out and BIDI not in out
        if not env:
            assert "\x1b" not in out


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "argv",
    [
        ["--bogus"],
        ["define", "--bogus"],
        ["quiz", "--count", "abc"],
        ["search", "sanctions", "--limit", "0"],
        ["progress", "--export", "xml"],
    ],
)
def test_usage_error_is_one_error_line_and_exit_2(cli, argv):
    status, out, err = cli(*argv)
    assert status == 2
    assert "Traceback" not in err and out == ""
    assert len(error_lines(err)) == 1
    assert all(line.startswith(("error:", "hint:")) for line in err.splitlines())


@pytest.mark.parametrize("command", ["define", "search"])
def test_ten_thousand_character_argument(cli, command):
    status, out, err = cli(command, "x" * 10_000)
    assert status == 1
    assert "Traceback" not in err and out == ""
    assert len(error_lines(err)) == 1
    assert len(err) < 400  # the argument is not echoed back in full


HOSTILE_QUERIES = [
    f"{ESC_RED}sanctions",
    f"toolbox{OSC_TITLE}",
    f"{BIDI}sanctions",
    "\x00nul \x7fdel \x9bcsi",
    "😀 🔥 cyber",
    "sanctio\u0301\u0301\u0301ns",
    "e\u0301" * 50,
    "دبلوماسية سيبرانية",
    "שלום sanctions",
    "ﷺ ﷽ ꧅",
    MARKUP,
    "\"' OR 1=1 -- ; DROP TABLE names; NEAR( * ^ :",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
@pytest.mark.parametrize("command", ["define", "search"])
def test_hostile_query_is_handled(cli, command, query):
    status, out, err = cli(command, query)
    assert status in (0, 1), err
    assert "Traceback" not in err
    if status == 1:
        assert len(error_lines(err)) == 1
    for text in (out, err):
        assert not any(ch in text for ch in UNSAFE_OUTPUT), repr(text[:200])


# --------------------------------------------------------------------------- quiz answers


def quiz(cli, *args, input: str):
    return cli("--content", str(QUIZPACK), "quiz", *args, input=input)


def test_invalid_answers_reprompt_and_never_count(cli, isolated_home):
    script = "e\n\n%%%\n9\n0\n\u00b2\nb c\nzzzzzzzz\n" + "x" * 500 + "\na\n"
    status, out, err = quiz(cli, "--question", "q-rel-single-1", input=script)
    assert (status, err) == (0, "")
    assert out.count("answer> ") == 10
    assert out.count("answer with a letter from a to d (or a number from 1 to 4)") == 6
    assert "type an answer, ? for a hint, or q to quit" in out
    assert "pick exactly one letter from a to d" in out
    assert "that answer is too long" in out
    assert "Quiz summary" in out and "Score: " in out
    assert count_rows(db_path(isolated_home)) == 1


def test_true_false_accepts_words_and_rejects_letters_beyond_b(cli, isolated_home):
    status, out, _ = quiz(cli, "--question", "q-rel-true-false", input="c\nmaybe\nyes\n")
    assert status == 0
    assert out.count("answer t (true) or f (false)") == 2
    assert "Correct." in out
    assert count_rows(db_path(isolated_home)) == 1


def test_end_of_input_ends_the_quiz_with_the_summary(cli, isolated_home):
    args = ("--topic", "reliability", "--mode", "all", "--no-generated", "--seed", "3")
    status, out, err = quiz(cli, *args, input="")
    assert (status, err) == (0, "")
    assert "Quiz summary" in out and "(end of input)" in out
    assert "No question was answered; nothing was saved." in out

    status, out, _ = quiz(cli, *args, input="a\n")
    assert status == 0
    assert "Score: " in out and "/1" in out and "(end of input)" in out
    assert count_rows(db_path(isolated_home)) == 1


def test_quit_ends_the_quiz_with_the_summary(cli):
    status, out, _ = quiz(cli, "--question", "q-rel-single-2", input="q\n")
    assert status == 0 and "(you quit)" in out


# --------------------------------------------------------------------------- progress database


def seed_answers(path: Path, count: int) -> None:
    import datetime as dt

    from cyberdip_cli.quiz.progress import Answer

    store = ProgressStore(path)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    try:
        for i in range(count):
            answer = Answer(f"q-{i % 40}", "topic", i % 3 == 0, 5.0, "x" * 40)
            store.record(answer, now + dt.timedelta(minutes=i))
    finally:
        store.close()


def test_corrupt_database_says_repair_and_repair_keeps_a_backup(cli, isolated_home):
    path = db_path(isolated_home)
    garbage = random.Random(1).randbytes(16_384)
    path.write_bytes(garbage)
    for argv in (("progress",), ("quiz", "--count", "1")):
        status, out, err = cli(*argv)
        assert status == 1 and "Traceback" not in err
        [line] = error_lines(err)
        assert "damaged" in line and "--repair" in err

    status, out, err = cli("progress", "--repair")
    assert status == 0, err
    backups = list(isolated_home.glob("progress.sqlite3.bak-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == garbage
    assert f"Kept the old database as {backups[0]}" in out
    assert "0 recovered answer(s)" in out

    status, out, err = cli("progress", "--json")
    assert status == 0, err
    status, _, err = quiz(cli, "--question", "q-rel-single-1", input="a\n")
    assert status == 0, err
    assert count_rows(path) == 1


def test_repeated_repair_never_overwrites_the_first_backup(cli, isolated_home):
    """Backups are named by the second; two repairs in one second used to share a name."""
    garbage = random.Random(2).randbytes(4096)
    db_path(isolated_home).write_bytes(garbage)
    assert cli("progress", "--repair")[0] == 0
    assert cli("progress", "--repair")[0] == 0
    found = isolated_home.glob("progress.sqlite3.bak-*")
    backups = [p for p in found if not p.name.endswith(("-wal", "-shm"))]
    assert len(backups) == 2
    assert garbage in [b.read_bytes() for b in backups]


def test_truncated_database_is_reported_and_repair_recovers_rows(cli, isolated_home):
    path = db_path(isolated_home)
    seed_answers(path, 400)
    size = path.stat().st_size
    assert size > 20_000  # several pages, so the cut below loses some of them
    with path.open("r+b") as handle:
        handle.truncate(size // 2)
    status, _, err = cli("progress")
    assert status == 1 and "Traceback" not in err
    assert "--repair" in err

    status, out, err = cli("progress", "--repair")
    assert status == 0, err
    recovered = int(re.search(r"with (\d+) recovered answer", out)[1])
    assert recovered < 400
    assert count_rows(path) == recovered
    assert cli("progress")[0] == 0


def test_repair_keeps_answers_and_schedule_of_a_healthy_database(cli, isolated_home):
    path = db_path(isolated_home)
    seed_answers(path, 50)
    status, out, _ = cli("progress", "--repair")
    assert status == 0 and "with 50 recovered answer(s)" in out
    assert count_rows(path) == 50
    assert count_rows(path, "cards") == 40  # the spaced-repetition schedule survives too


def test_newer_schema_is_refused_and_the_file_left_untouched(cli, isolated_home):
    path = db_path(isolated_home)
    seed_answers(path, 3)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    for argv in (("progress",), ("quiz", "--count", "1"), ("progress", "--repair")):
        status, _, err = cli(*argv)
        assert status == 1 and "Traceback" not in err, argv
        [line] = error_lines(err)
        assert f"newer cyberdip (schema 99, this one knows {LATEST})" in line
        assert "untouched" in err
    assert path.read_bytes() == before
    assert not list(isolated_home.glob("progress.sqlite3.bak-*"))


def test_read_only_home_directory(cli, isolated_home):
    isolated_home.chmod(0o555)
    try:
        if os.access(isolated_home, os.W_OK):
            pytest.skip("running as a user (root) for whom chmod 555 still allows writing")
        status, _, err = cli("progress")
        assert status == 1 and "Traceback" not in err
        [line] = error_lines(err)
        assert "cannot open the progress database" in line or "read-only" in line
    finally:
        isolated_home.chmod(0o755)


def test_unwritable_home_location_is_one_clear_line(cli, tmp_path):
    """Works as root too: CYBERDIP_HOME under a regular file can never be created."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    status, _, err = cli("progress", env={"CYBERDIP_HOME": str(blocker / "home")})
    assert status == 1 and "Traceback" not in err
    [line] = error_lines(err)
    assert line.startswith("error: cannot create")
    assert "CYBERDIP_HOME" in err


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("attempt to write a readonly database", "is read-only"),
        ("database or disk is full", "is full"),
        ("database is locked", "locked by another cyberdip"),
        ("unable to open database file", "cannot open the progress database"),
        ("file is not a database", "is damaged"),
    ],
)
def test_every_sqlite_failure_becomes_a_clear_message(tmp_path, message, expected):
    from cyberdip_cli.quiz.progress import explain

    error = explain(sqlite3.OperationalError(message), tmp_path / "p.sqlite3")
    assert expected in error.message and error.hint


# The schema exactly as cyberdip wrote it before named migrations (PRAGMA user_version 1, 2).
OLD_DDL = [
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
    """
    ALTER TABLE answers ADD COLUMN topic TEXT NOT NULL DEFAULT '';
    ALTER TABLE answers ADD COLUMN seconds REAL NOT NULL DEFAULT 0;
    ALTER TABLE answers ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE answers ADD COLUMN given TEXT NOT NULL DEFAULT '';
    CREATE INDEX answers_question ON answers (question_id, answered_at);
    CREATE INDEX cards_due ON cards (due);
    """,
]


def build_old_database(path: Path, version: int) -> None:
    """A progress file as the code of schema `version` left it, with one right and one wrong
    answer and a card when it has tables."""
    conn = sqlite3.connect(path)
    for script in OLD_DDL[:version]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {version}")
    if version >= 1:
        conn.executemany(
            "INSERT INTO answers (question_id, answered_at, correct) VALUES (?, ?, ?)",
            [("q-old", "2024-01-01T00:00:00+00:00", 1), ("q-old", "2024-01-02T00:00:00+00:00", 0)],
        )
        conn.execute(
            "INSERT INTO cards VALUES ('q-old', '{\"due\": \"2024-01-02T00:00:00+00:00\"}', "
            "'2024-01-02T00:00:00+00:00')"
        )
    if version >= 2:
        conn.execute("UPDATE answers SET topic = 'toolbox', seconds = 7.5, rating = 3, given = 'A'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("version", [0, 1, 2])
def test_migration_from_every_earlier_version_keeps_data(tmp_path, version):
    from cyberdip_cli.quiz.migrations import NAMES

    path = tmp_path / "progress.sqlite3"
    build_old_database(path, version)

    with ProgressStore(path) as store:
        assert store.version == LATEST and store.applied_migrations() == list(NAMES)
        answers = store.answers()
        if version >= 1:
            details = {"topic": "toolbox", "seconds": 7.5, "rating": 3, "given": "A"}
            if version == 1:
                details = {"topic": "", "seconds": 0, "rating": 0, "given": ""}
            new = {"fingerprint": "", "practice": 0, "kind": "question"}
            assert answers == [
                {"question_id": "q-old", "answered_at": "2024-01-01T00:00:00+00:00",
                 "correct": 1, **details, "score": 1.0, **new},
                {"question_id": "q-old", "answered_at": "2024-01-02T00:00:00+00:00",
                 "correct": 0, **details, "score": 0.0, **new},
            ]  # fmt: skip
            assert store.due_before(__import__("datetime").datetime(2030, 1, 1)) == ["q-old"]
            assert store.cards()["q-old"]["fingerprint"] == ""
        else:
            assert answers == []
        assert store.learner() is None and store.drill_runs() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
    conn.close()
    seed_answers(path, 2)  # and the migrated file takes new answers
    assert count_rows(path) == (4 if version >= 1 else 2)


def test_damaged_card_row_is_rescheduled_not_a_crash(tmp_path):
    import datetime as dt

    from cyberdip_cli.quiz.progress import Answer

    path = tmp_path / "p.sqlite3"
    seed_answers(path, 1)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE cards SET card = '{not json'")
    conn.commit()
    conn.close()
    store = ProgressStore(path)
    try:
        assert store.cards() == {}
        store.record(Answer("q-0", "topic", True, 3.0, "a"), dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
        assert "q-0" in store.cards()
    finally:
        store.close()


# --------------------------------------------------------------------------- processes

QUIZ_ARGS = ["--content", str(QUIZPACK), "quiz", "--topic", "reliability", "--mode", "all"]
QUIZ_ARGS += ["--no-generated", "--count", "3"]


def spawn(seed: int, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "cyberdip_cli", *QUIZ_ARGS, "--seed", str(seed)],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def test_two_quizzes_at_once_keep_every_answer(isolated_home):
    first = spawn(1, stdin=subprocess.PIPE)
    second = spawn(2, stdin=subprocess.PIPE)
    results = [p.communicate("a\na\na\n", timeout=60) for p in (first, second)]
    for process, (_out, err) in zip((first, second), results, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    assert count_rows(db_path(isolated_home)) == 6
    assert count_rows(db_path(isolated_home), "cards") == 3


def wait_for_rows(path: Path, wanted: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            if count_rows(path) >= wanted:
                return
        except sqlite3.Error:
            pass  # not created yet
        time.sleep(0.02)
    raise AssertionError(f"never saw {wanted} saved answers")


def test_kill_9_mid_quiz_loses_only_the_unanswered_question(isolated_home):
    path = db_path(isolated_home)
    process = spawn(5, stdin=subprocess.PIPE)
    try:
        for answered in (1, 2):
            process.stdin.write("a\n")
            process.stdin.flush()
            wait_for_rows(path, answered, process)
        time.sleep(0.2)  # now waiting for the third answer
        process.kill()  # SIGKILL: no cleanup runs
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -9
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    assert count_rows(path) == 2
    assert count_rows(path, "cards") == 2
    store = ProgressStore(path)  # and the file opens normally afterwards
    store.close()


def test_damaged_content_cache_is_rebuilt_or_reported_never_a_traceback(cli, isolated_home):
    assert cli("define", "gge")[0] == 0
    cache = next((isolated_home / "cache").glob("kb-*.sqlite"))
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 2])  # truncated mid-file
    code, _out, err = cli("define", "gge")
    assert "Traceback" not in err
    assert code == 0 or (code == 1 and "content cache was damaged" in err)
    code, _, err = cli("define", "gge")
    assert code == 0, err
    cache = next((isolated_home / "cache").glob("kb-*.sqlite"))
    cache.write_bytes(b"not a database at all" * 100)
    code, _, err = cli("define", "gge")
    assert code == 0 and "Traceback" not in err


def test_two_processes_compiling_the_cache_at_once_both_succeed(isolated_home):
    import subprocess
    import sys

    env = {**os.environ, "CYBERDIP_HOME": str(isolated_home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cyberdip_cli", "define", "gge", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    results = [(*p.communicate(timeout=60), p.returncode) for p in procs]
    assert all(code == 0 for _, _, code in results), [err for _, err, _ in results]
    assert len(list((isolated_home / "cache").glob("kb-*.sqlite"))) == 1
    assert not list((isolated_home / "cache").glob(".kb-*"))  # no temporary file left behind


def test_reader_closing_the_pipe_early_is_not_an_error(isolated_home):
    import subprocess
    import sys

    env = {**os.environ, "CYBERDIP_HOME": str(isolated_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cyberdip_cli", "export", "--format", "markdown"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().startswith(b"# ")
    proc.stdout.close()  # like `| head -1`
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "Broken pipe" not in err


# --------------------------------------------------------------------------- faults told apart


def real_sqlite_error(path: Path, fault: str) -> sqlite3.Error:
    """Provoke the SQLite error a real fault gives, with its real result code."""
    seed_answers(path, 1)
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    other = None
    try:
        if fault == "full":
            conn.execute("PRAGMA max_page_count = 3")  # the database can grow no further
            conn.execute(
                "INSERT INTO answers (question_id, answered_at, correct) "
                "SELECT 'q', '2025-01-01T00:00:00+00:00', 1 FROM answers"
            )
            for _ in range(12):
                conn.execute(
                    "INSERT INTO answers (question_id, answered_at, correct, given) "
                    "SELECT question_id, answered_at, correct, given FROM answers"
                )
        elif fault == "read-only":
            conn.close()
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            conn.execute("DELETE FROM answers")
        elif fault == "locked":
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("BEGIN EXCLUSIVE")
            conn.execute("BEGIN IMMEDIATE")
        elif fault == "corrupt":
            conn.close()
            path.write_bytes(b"\x13" * 8192)
            conn = sqlite3.connect(path)
            conn.execute("SELECT * FROM answers")
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
        if other is not None:
            other.close()
    raise AssertionError(f"no error for {fault}")  # pragma: no cover


@pytest.mark.parametrize(
    ("fault", "expected", "words"),
    [
        ("full", "disk-full", "is full"),
        ("read-only", "read-only", "is read-only"),
        ("locked", "locked", "locked by another cyberdip"),
        ("corrupt", "corrupt", "is damaged"),
    ],
)
def test_real_sqlite_faults_are_told_apart_and_only_damage_says_repair(
    tmp_path, fault, expected, words
):
    from cyberdip_cli.quiz.progress import explain

    path = tmp_path / "progress.sqlite3"
    error = explain(real_sqlite_error(path, fault), path)
    assert error.fault == expected and words in error.message
    assert ("--repair" in error.hint) == (fault == "corrupt")


QUIZ_ONE = (
    f'printf "a\\n" | "$PY" -m cyberdip_cli --content "{QUIZPACK}" quiz --question q-rel-single-1'
)
FILL_DISK = (
    '"$PY" -c "import os, sys\n'
    "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)\n"
    "try:\n"
    "    while True: os.write(fd, bytes(65536))\n"
    "except OSError: pass\n"
    "try:\n"
    "    while True: os.write(fd, bytes(512))\n"
    'except OSError: pass" "$MNT/filler"'
)
COUNT = '"$PY" -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(\'SELECT count(*) FROM answers\').fetchone()[0])" "$CYBERDIP_HOME/progress.sqlite3"'


def test_full_disk_is_reported_as_full_not_damaged(tmp_path):
    """A real, tiny, full filesystem: the old message said "damaged, run --repair"."""
    home = 'export CYBERDIP_HOME="$MNT/home"; '
    results = private_mount(
        tmp_path,
        [
            home + QUIZ_ONE,  # one answer saved, the content cache built
            home + FILL_DISK,
            home + QUIZ_ONE,
            home + '"$PY" -m cyberdip_cli progress',
            home + '"$PY" -m cyberdip_cli progress --repair',
            home + 'rm "$MNT/filler" && ' + QUIZ_ONE,
            home + COUNT,
        ],
    )
    assert results[0][0] == 0, results[0]
    for status, _out, err in results[2:5]:
        assert status == 1 and "Traceback" not in err, err
        [line] = error_lines(err)
        assert "full" in line and "damaged" not in line
        assert "--repair" not in err
    assert results[5][0] == 0, results[5]
    assert results[6][1].strip() == "2"  # nothing was lost; saving works again


def test_read_only_folder_repair_and_export_are_one_line(tmp_path):
    home = 'export CYBERDIP_HOME="$MNT/home"; '
    results = private_mount(
        tmp_path,
        [
            home + QUIZ_ONE,
            'mount -o remount,ro "$MNT"',
            home + '"$PY" -m cyberdip_cli progress --repair',
            home + '"$PY" -m cyberdip_cli progress',
            home + '"$PY" -m cyberdip_cli progress --export csv --out "$MNT/home/out.csv"',
            'mount -o remount,rw "$MNT"',
            home + COUNT,
        ],
    )
    assert results[0][0] == 0 and results[1][0] == 0, results[:2]
    for status, _out, err in results[2:5]:
        assert status == 1 and "Traceback" not in err, err
        [line] = error_lines(err)
        assert "read-only" in line or "not writable" in line, line
        assert "--repair" not in err
    assert results[6][1].strip() == "1"


# --------------------------------------------------------------------------- paths and origins


@pytest.mark.parametrize("name", ["a#b", "what?now", "100%41", "x%2Fy", "spa ce", "ü#?%"])
def test_sqlite_uri_names_exactly_the_file(tmp_path, name):
    from cyberdip_cli.sqlite_paths import sqlite_uri

    path = tmp_path / name / "db.sqlite3"
    path.parent.mkdir()
    conn = sqlite3.connect(sqlite_uri(path, "rwc"), uri=True)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert path.exists()
    conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()


def test_hash_question_mark_and_percent_in_the_home_path(cli, tmp_path):
    """The old repair read `file:{path}?mode=ro`: a `#` cut the path and recovered nothing."""
    home = tmp_path / "my#notes?v=1%41"
    path = home / "progress.sqlite3"
    seed_answers(path, 30)
    env = {"CYBERDIP_HOME": str(home)}
    status, out, err = cli("progress", "--repair", env=env)
    assert status == 0, err
    assert "with 30 recovered answer(s)" in out
    [backup] = home.glob("progress.sqlite3.bak-*")
    from cyberdip_cli.quiz.repair import restore

    assert restore(path, backup).answers == 30
    with ProgressStore(path) as store:
        assert len(store.answers()) == 30
    assert sorted(p.name for p in tmp_path.iterdir()) == [home.name]  # no file at a cut path


def test_hash_in_the_home_path_for_the_content_cache(cli, tmp_path):
    status, _, err = cli("define", "gge", env={"CYBERDIP_HOME": str(tmp_path / "a#b")})
    assert (status, err) == (0, "")
    status, _, err = cli("define", "gge", env={"CYBERDIP_HOME": str(tmp_path / "a#b")})
    assert (status, err) == (0, "")


def damage_the_cards_table(path: Path) -> None:
    """Overwrite the cards table's root page: the file opens, reading the schedule fails."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    [root] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cards'").fetchone()
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


def test_progress_damage_is_not_blamed_on_the_content_cache(cli, isolated_home):
    """The old entry point deleted the content cache for any database error, and said so."""
    assert cli("define", "gge")[0] == 0
    caches = sorted((isolated_home / "cache").glob("kb-*.sqlite"))
    path = db_path(isolated_home)
    seed_answers(path, 200)
    damage_the_cards_table(path)
    status, _out, err = cli("progress")
    assert status == 1 and "Traceback" not in err
    [line] = error_lines(err)
    assert "progress database" in line and "damaged" in line and "--repair" in err
    assert "content cache" not in err
    assert sorted((isolated_home / "cache").glob("kb-*.sqlite")) == caches


def test_an_unexplained_database_error_deletes_nothing(cli, isolated_home, monkeypatch):
    """Only an SQLite error raised inside kb/ may discard the content cache (that path is
    test_damaged_content_cache_is_rebuilt_or_reported_never_a_traceback)."""
    from cyberdip_cli.commands import progress as progress_command

    assert cli("define", "gge")[0] == 0
    caches = sorted((isolated_home / "cache").glob("kb-*.sqlite"))

    def unexplained(store, content):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(progress_command, "_stats", unexplained)
    status, _, err = cli("progress")
    assert status == 1 and "Traceback" not in err
    [line] = error_lines(err)
    assert "unexpected database error" in line and "commands/progress.py" in line
    assert "nothing was deleted" in err and "content cache" not in err
    assert sorted((isolated_home / "cache").glob("kb-*.sqlite")) == caches


# --------------------------------------------------------------------------- exports


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_start_like_a_formula_are_neutralised(start):
    from cyberdip_cli.export.csvdump import csv_text, neutralise_cell

    cell = neutralise_cell(start + 'HYPERLINK("http://x")')
    assert isinstance(cell, str) and cell.startswith("'")
    text = csv_text(("a", "n"), [{"a": start + "1+1", "n": -3}])
    row = list(__import__("csv").reader(io.StringIO(text)))[1]
    assert row[0].startswith("'") and row[1] == "-3"  # a number is not a formula


def test_csv_exports_neutralise_formulas_from_a_pack_and_from_progress(
    cli, tmp_path, isolated_home
):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "pack:\n  name: Formula pack\nterms:\n"
        "  - id: formula-term\n    term: '@SUM(A1:A9)'\n    topic: concepts\n    axis: both\n"
        '    summary: \'=HYPERLINK("http://evil.example","click")\'\n'
        f"    definition: {DEFINITION}\n    eu_context: none\n"
        "    see_also: [cyber-diplomacy]\n    sources: [s1]\n",
        encoding="utf-8",
    )
    status, out, err = cli("--content", str(pack), "export", "--format", "csv")
    assert status == 0, out + err
    [row] = [r for r in __import__("csv").DictReader(io.StringIO(out)) if r["id"] == "formula-term"]
    assert row["term"] == "'@SUM(A1:A9)"
    assert row["summary"].startswith("'=HYPERLINK(")

    import datetime as dt

    from cyberdip_cli.quiz.progress import Answer

    with ProgressStore(db_path(isolated_home)) as store:
        store.record(
            Answer("=cmd|' /C calc'!A0", "+topic", True, 3.0, "x"), dt.datetime.now(dt.UTC)
        )
    status, out, err = cli("progress", "--export", "csv")
    assert status == 0, err
    [row] = list(__import__("csv").DictReader(io.StringIO(out)))
    assert row["question_id"] == "'=cmd|' /C calc'!A0"


def special_files(tmp_path: Path) -> dict[str, Path]:
    import socket

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    return {"fifo": fifo, "device": Path(os.devnull), "socket": sock_path}


@pytest.mark.parametrize("command", ["export", "progress"])
def test_out_force_never_replaces_a_special_file(cli, tmp_path, command):
    import stat

    argv = ("export", "--format", "csv") if command == "export" else ("progress", "--export", "csv")
    for kind, target in special_files(tmp_path).items():
        before = target.stat().st_mode
        status, _out, err = cli(*argv, "--out", str(target), "--force")
        assert status == 1 and "Traceback" not in err, (kind, err)
        [line] = error_lines(err)
        assert "not a regular file" in line, line
        assert target.stat().st_mode == before and not stat.S_ISREG(target.stat().st_mode)
    for target, words in (
        (tmp_path / "missing" / "out.csv", "does not exist"),
        (tmp_path / "fifo" / "out.csv", "is not a folder"),
    ):
        status, _, err = cli(*argv, "--out", str(target), "--force")
        assert status == 1 and "Traceback" not in err
        [line] = error_lines(err)
        assert words in line


def test_out_to_a_process_substitution_is_one_line(isolated_home):
    """`--out >(gzip)` hands over /dev/fd/N, a pipe."""
    read_end, write_end = os.pipe()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cyberdip_cli", "export", "--format", "csv",
             "--out", f"/dev/fd/{write_end}", "--force"],
            pass_fds=(write_end,), capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(read_end)
        os.close(write_end)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = error_lines(result.stderr)
    assert "not a regular file" in line


def test_output_to_a_full_device_is_one_line_and_exit_1(isolated_home):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "cyberdip_cli", "export", "--format", "csv"],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == "error: cannot write the output: No space left on device\n"


# --------------------------------------------------------------------------- invisible characters

INVISIBLE = {
    "LRM": "\u200e",
    "RLM": "\u200f",
    "ALM": "\u061c",
    "ZWSP": "\u200b",
    "WJ": "\u2060",
    "BOM": "\ufeff",
    "TAG-A": "\U000e0041",
    "TAG-START": "\U000e0001",
    "CANCEL-TAG": "\U000e007f",
    "RLO": "\u202e",
    "FSI": "\u2068",
    "C1-CSI": "\x9b",
    "DEL": "\x7f",
    "CR": "\r",
    "lone surrogate": "\udcff",
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_invisible_and_control_characters_are_replaced(name):
    from cyberdip_cli import console, textsafe

    text = f"pay{INVISIBLE[name]}pal"
    assert textsafe.clean(text) == "pay\ufffdpal"
    assert console.clean(text) == "pay\ufffdpal"


def test_the_format_characters_real_text_needs_are_kept_and_reported():
    from cyberdip_cli.textsafe import clean, format_chars_kept

    text = "co\u00adoperation \u0645\u200c\u0627 \U0001f469\u200d\U0001f4bb\ttab\nline"
    assert clean(text) == text
    assert format_chars_kept(text) == [
        "U+00AD SOFT HYPHEN",
        "U+200C ZERO WIDTH NON-JOINER",
        "U+200D ZERO WIDTH JOINER",
    ]
    assert format_chars_kept("plain") == []


def test_the_unsafe_set_is_exactly_the_rule_derived_from_unicodedata():
    import unicodedata

    from cyberdip_cli.textsafe import REPLACEMENT, clean

    bidi_controls = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}

    def unsafe(c: str) -> bool:
        cat, cp = unicodedata.category(c), ord(c)
        return (
            (cat == "Cc" and c not in "\n\t")
            or cat == "Cs"
            or (cat == "Cf" and c not in "\u00ad\u200c\u200d")
            or unicodedata.bidirectional(c) in bidi_controls
            or c in "\u200e\u200f\u061c"
            or 0xE0000 <= cp <= 0xE007F
        )

    everything = "".join(map(chr, range(0x110000)))
    cleaned = clean(everything)
    wrong = [
        f"U+{cp:04X}"
        for cp, (before, after) in enumerate(zip(everything, cleaned, strict=True))
        if (after == REPLACEMENT and before != REPLACEMENT) != unsafe(before)
    ]
    assert wrong == []


def test_json_escapes_every_unsafe_character_and_round_trips():
    import json

    from cyberdip_cli.textsafe import escape_json

    value = {"summary": "".join(INVISIBLE.values()) + " kept \u200d é"}
    text = escape_json(json.dumps(value, ensure_ascii=False))
    assert not any(c in text for c in INVISIBLE.values())
    assert "\\udb40\\udc41" in text  # a tag, as the surrogate pair JSON needs
    assert json.loads(text) == value and "\u200d" in text


def test_piped_answers_and_printed_paths_are_echoed_clean(cli, tmp_path, isolated_home):
    status, out, _ = quiz(cli, "--question", "q-rel-single-1", input=f"{OSC_TITLE}{BIDI}\na\n")
    assert status == 0 and "answer> \ufffd]0;pwned\ufffd\ufffd\n" in out  # echoed, inert
    assert not any(ch in out for ch in UNSAFE_OUTPUT)
    target = tmp_path / f"out{ESC_RED}{BIDI}.csv"
    status, _, err = cli("progress", "--export", "csv", "--out", str(target))
    assert status == 0 and target.exists()
    assert "wrote 1 question rows" in err and not any(ch in err for ch in UNSAFE_OUTPUT)


def test_undecodable_bytes_in_piped_answers_keep_the_earlier_answers(isolated_home):
    args = ["--content", str(QUIZPACK), "quiz", "--topic", "reliability", "--mode", "all"]
    result = subprocess.run(
        [sys.executable, "-m", "cyberdip_cli", *args, "--no-generated", "--count", "3", "--seed", "1"],
        input=b"a\n\xff\xfe\xc3(\na\n",
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},  # as in a UTF-8 desktop locale
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0, err
    assert "Traceback" not in err
    assert count_rows(db_path(isolated_home)) == 2  # the answers before and after the bytes


@pytest.mark.parametrize(
    ("where", "args"),
    [
        ("cyberdip_cli.kb.cache.compile_into", ["define", "nis2"]),
        ("cyberdip_cli.export.anki.package_bytes", ["export", "--format", "anki", "--out", "x"]),
    ],
)
def test_ctrl_c_in_a_long_command_is_one_line_and_leaves_nothing_half_written(
    cli, isolated_home, monkeypatch, tmp_path, where, args
):
    """Typer alone exits 130 without a word; the user gets one line, and neither a
    temporary cache nor a partial export stays behind."""
    from cyberdip_cli.paths import cache_dir

    if "export" in args:
        assert cli("define", "nis2")[0] == 0  # a warm cache: the interrupt hits the export
    module, name = where.rsplit(".", 1)

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(module + "." + name, interrupted)
    monkeypatch.chdir(tmp_path)
    status, out, err = cli(*args)
    assert status == 130
    assert err.strip().splitlines() == [
        "interrupted: nothing half-written was kept; run the command again"
    ]
    assert "Traceback" not in err and out == ""
    assert list(tmp_path.iterdir()) == []
    leftovers = [p.name for p in cache_dir().iterdir()] if cache_dir().exists() else []
    assert all(name.startswith("kb-") and name.endswith(".sqlite") for name in leftovers)


_SLOW_CHILD = {
    # where the work of a child process is slowed, so that Ctrl-C finds the child busy
    "check": (
        "import cyberdip_cli.kb.loader as m; m.PARALLEL_MIN_BYTES = 0; name = 'prepare_file'",
        ["--no-builtin", "check", "{valid}"],
    ),
    "writer": (
        "import cyberdip_cli.kb.writer as w, cyberdip_cli.kb.compile as m;"
        " w.MIN_CONTENT_BYTES = 0; name = 'write_rows'",
        ["--no-builtin", "--content", "{valid}", "define", "alpha"],
    ),
    "anki": (
        "import cyberdip_cli.export.anki as m; m.PARALLEL_MIN_CARDS = 0; name = '_question_note'",
        ["export", "--format", "anki", "--out", "{out}"],
    ),
}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the children are forked")
@pytest.mark.parametrize("work", sorted(_SLOW_CHILD))
def test_ctrl_c_with_child_processes_at_work_is_one_line(cli, isolated_home, tmp_path, work):
    """Ctrl-C reaches the whole process group: the worker, writer and card processes leave
    it to the parent (no traceback from any of them), and none outlives it."""
    import signal
    import subprocess
    import time

    setup, args = _SLOW_CHILD[work]
    args = [a.format(valid=FIXTURES / "valid", out=tmp_path / "deck.apkg") for a in args]
    if work == "anki":
        assert cli("define", "nis2")[0] == 0  # compiled first, so the cards are slow
    script = (
        f"import sys, time; {setup}; original = getattr(m, name)\n"
        "def slow(*a, **k):\n    time.sleep(2); return original(*a, **k)\n"
        "setattr(m, name, slow)\n"
        "from cyberdip_cli.__main__ import main; sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal gives it
        env={**os.environ, "CYBERDIP_HOME": str(isolated_home)},
    )
    time.sleep(3)  # each child's first item takes 2 s
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode().strip().splitlines() == [
        "interrupted: nothing half-written was kept; run the command again"
    ]
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # nothing of its group is left
    assert not (tmp_path / "deck.apkg").exists()
