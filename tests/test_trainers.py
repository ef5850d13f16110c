"""What trainers who write content packs and run classes need: packs that coexist, `check`
over several folders, warnings for names a pack takes over, a class report from progress
exports, and exports a learner can print or import (Markdown answer key, Anki subdecks)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORDS = " ".join(["word"] * 45)


def _term(term_id: str, name: str, topic: str, acronym: str | None = None) -> str:
    return (
        f"  - id: {term_id}\n"
        f"    term: {name}\n"
        f"    acronym: {acronym or 'null'}\n"
        f"    topic: {topic}\n"
        "    axis: both\n"
        f"    summary: The {name} term of the test base.\n"
        f"    definition: {WORDS}\n"
        "    eu_context: Only in tests.\n"
        f"    see_also: [{term_id}]\n"
        "    sources: [s1]\n"
    )


def make_base(root: Path) -> Path:
    """A standalone content set with what a new pack refers to (topic crisis, the toolbox
    and CyCLONe terms) and a term with the acronym GGE, so packs can be tested on top of it
    without the built-in content."""
    base = root / "base"
    shutil.copytree(FIXTURES / "valid", base)
    (base / "extra.yaml").write_text(
        "topics:\n  - {id: crisis, title: Crisis response}\n  - {id: forums, title: Forums}\n"
        "terms:\n"
        + _term("cyber-diplomacy-toolbox", "Cyber Diplomacy Toolbox", "crisis")
        + _term("eu-cyclone", "EU-CyCLONe", "crisis")
        + _term("un-gge", "UN Group of Governmental Experts", "forums", acronym="GGE"),
        encoding="utf-8",
    )
    return base


@pytest.fixture
def base(tmp_path):
    return make_base(tmp_path)


def only(base: Path, *packs: Path) -> list[str]:
    """Global options that load the base and the packs, without the built-in content."""
    args = ["--no-builtin", "--content", str(base)]
    for p in packs:
        args += ["--content", str(p)]
    return args


# ---------------------------------------------------------------- 1. new-pack ids


def test_new_pack_ids_and_name_come_from_the_folder(cli, tmp_path):
    assert cli("new-pack", str(tmp_path / "My Course"))[0] == 0
    text = "".join(p.read_text() for p in sorted((tmp_path / "My Course").glob("*.yaml")))
    assert 'name: "My Course"' in text
    assert "- id: my-course-notes" in text and "- id: q-my-course-1" in text
    assert "- id: my-course-tabletop-exercise" in text
    assert "__" not in text


def test_two_new_packs_load_together(cli, tmp_path, base):
    one, two = tmp_path / "my-course", tmp_path / "pack2"
    assert cli("new-pack", str(one))[0] == 0
    assert cli("new-pack", str(two))[0] == 0
    code, out, err = cli(*only(base, one, two), "quiz", "--question", "q-pack2-1", input="q\n")
    assert code == 0, err
    code, out, err = cli(*only(base, one, two), "sources", "my-course-notes", "--json")
    assert code == 0, err
    assert json.loads(out)["id"] == "my-course-notes"


# ---------------------------------------------------------------- 2. check DIR...


def test_check_takes_several_directories_and_the_hint_names_it(cli, tmp_path, base):
    import shlex

    one, two = tmp_path / "my-course", tmp_path / "pack2"
    cli("new-pack", str(one))
    cli("new-pack", str(two))
    questions = two / "questions.yaml"
    questions.write_text(questions.read_text().replace("topic: crisis", "topic: nope", 1))
    code, _, err = cli(*only(base, one, two), "define", "alpha")
    assert code == 1 and "content is invalid" in err
    hint = next(line for line in err.splitlines() if line.startswith("hint: run `"))
    command = hint.split("`")[1]
    words = shlex.split(command)
    assert words[:3] == ["cyberdip", "--no-builtin", "check"]
    assert [Path(w) for w in words[3:]] == [base, one, two]
    code, out, err = cli(*words[1:])
    assert code == 1, err  # content problems, not a usage error (2)
    assert "unknown topic 'nope' [E207]" in out
    # Fixed, the same command passes: the three folders are checked together.
    questions.write_text(questions.read_text().replace("topic: nope", "topic: crisis"))
    code, out, err = cli(*words[1:])
    assert code == 0, out + err
    assert out.startswith("ok:")


def test_check_command_hint_with_builtin(tmp_path):
    from cyberdip_cli.paths import builtin_content_dir, check_command

    packs = [tmp_path / "a b", tmp_path / "c"]
    for p in packs:
        p.mkdir()
    assert check_command([builtin_content_dir(), *packs]) == (
        f"cyberdip check '{packs[0]}' {packs[1]}"
    )
    assert check_command([builtin_content_dir()]) == "cyberdip check"


def test_check_several_directories_without_a_pack_checks_them_alone(cli, tmp_path):
    """Two plain content folders (no `pack:`) are merged without the built-in content."""
    valid = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", valid)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "more.yaml").write_text(
        "topics:\n  - {id: more, title: More}\nterms:\n" + _term("delta", "Delta", "more")
    )
    code, out, err = cli("check", str(valid), str(extra))
    assert code == 0, out + err
    assert "4 terms" in out


# ---------------------------------------------------------------- 3. the same pack twice


def test_the_same_pack_twice_loads_once(cli, tmp_path, base):
    pack = tmp_path / "my-course"
    cli("new-pack", str(pack))
    link = tmp_path / "link"
    link.symlink_to(pack)
    env = {"CYBERDIP_CONTENT": str(pack)}
    for extra in ([str(pack)], [str(link)], [str(tmp_path / "." / "my-course")]):
        args = ["--no-builtin", "--content", str(base)]
        args += [a for p in extra for a in ("--content", p)]
        code, out, err = cli(*args, "define", "tabletop exercise", "--json", env=env)
        assert code == 0, err
        assert json.loads(out)["id"] == "my-course-tabletop-exercise"
    code, out, err = cli("--no-builtin", "check", str(base), str(pack), str(link))
    assert code == 0, out + err
    assert "already defined" not in out


def test_content_dirs_are_resolved_and_unique(tmp_path, monkeypatch):
    from cyberdip_cli.paths import builtin_content_dir
    from cyberdip_cli.runtime import Runtime

    pack = tmp_path / "p"
    pack.mkdir()
    monkeypatch.setenv("CYBERDIP_CONTENT", f"{pack}:{tmp_path}/./p")
    monkeypatch.chdir(tmp_path)
    rt = Runtime(content=["p", str(builtin_content_dir())])
    assert rt.content_dirs() == [builtin_content_dir().resolve(), pack.resolve()]


# ---------------------------------------------------------------- 4. W102


def _gge_pack(root: Path, replaces: str = "[]", term_id: str = "course-gge") -> Path:
    pack = root / "gge-pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        f"pack:\n  name: GGE pack\n  replaces: {replaces}\n"
        "terms:\n" + _term(term_id, "Course expert group", "forums", acronym="GGE"),
        encoding="utf-8",
    )
    return pack


def test_a_pack_term_taking_over_a_name_is_w102_in_check(cli, tmp_path, base):
    pack = _gge_pack(tmp_path)
    code, out, err = cli("--no-builtin", "check", str(base), str(pack))
    assert code == 0, out + err  # a warning: the content still loads
    [line] = [x for x in out.splitlines() if x.endswith("[W102]")]
    assert "course-gge: acronym 'GGE' is also the acronym of term 'un-gge'" in line
    path, number = line.split(":")[:2]
    assert path.endswith("pack.yaml")
    assert (pack / "pack.yaml").read_text().splitlines()[int(number) - 1].strip() == "acronym: GGE"
    assert "1 warning(s)" in out.splitlines()[-1]


def test_replacing_the_term_itself_is_not_w102(cli, tmp_path, base):
    pack = _gge_pack(tmp_path, replaces="[terms:un-gge]", term_id="un-gge")
    code, out, _ = cli("--no-builtin", "check", str(base), str(pack))
    assert code == 0 and "[W102]" not in out


def test_w102_is_one_line_on_stderr_when_the_content_is_compiled(cli, tmp_path, base):
    pack = _gge_pack(tmp_path)
    code, out, err = cli(*only(base, pack), "define", "alpha", "--json")
    assert code == 0 and json.loads(out)["id"] == "alpha"
    [line] = err.splitlines()
    assert line.startswith("warning: ") and line.endswith("`")
    assert "[W102]" in line and "cyberdip --no-builtin check" in line
    # The compiled cache is reused: the next run says nothing.
    code, _, err = cli(*only(base, pack), "define", "alpha", "--json")
    assert code == 0 and err == ""
    # Without the pack, nothing to say either.
    assert cli(*only(base), "define", "alpha")[2] == ""


# ---------------------------------------------------------------- 10. CSV of incidents

VALID = ["--no-builtin", "--content", str(FIXTURES / "valid")]


def test_csv_export_of_incidents(cli, tmp_path):
    import csv
    import io

    from cyberdip_cli.export.csvdump import INCIDENT_COLUMNS

    code, out, err = cli(*VALID, "export", "--format", "csv", "--kind", "incidents")
    assert code == 0, err
    reader = csv.DictReader(io.StringIO(out))
    rows = list(reader)
    assert tuple(reader.fieldnames) == INCIDENT_COLUMNS
    assert [r["id"] for r in rows] == ["fixture-breach"]
    assert rows[0]["first_eu_response_date"] == "2020-03-15"
    assert out == cli(*VALID, "incident", "--csv")[1]  # the same table as `incident --csv`
    target = tmp_path / "incidents.csv"
    code, _, err = cli(*VALID, "export", "-f", "csv", "--kind", "incidents", "-o", str(target))
    assert code == 0 and "1 incident rows" in err and target.read_text() == out
    # The default is still the glossary.
    assert cli(*VALID, "export", "--format", "csv")[1].startswith("id,term,acronym")


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "csv", "--kind", "events"],
        ["--format", "json", "--kind", "incidents"],
        ["--format", "csv", "--kind", "incidents", "--topic", "basics"],
    ],
)
def test_csv_kind_usage_errors(cli, args):
    code, out, err = cli(*VALID, "export", *args)
    assert code == 2 and out == "" and err.startswith("error: ")


# ---------------------------------------------------------------- 9. Anki subdecks, tags, reverse


def read_apkg(path: Path, scratch: Path) -> dict:
    import sqlite3
    import zipfile

    db = scratch / (path.stem + ".anki2")
    with zipfile.ZipFile(path) as archive:
        db.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        notes = conn.execute("SELECT id, guid, mid, flds, tags FROM notes").fetchall()
        cards = conn.execute("SELECT nid, did, ord FROM cards").fetchall()
    finally:
        conn.close()
    return {
        "decks": {int(k): v["name"] for k, v in decks.items()},
        "models": {int(k): v for k, v in models.items()},
        "notes": {
            n[0]: {"guid": n[1], "mid": n[2], "fields": n[3].split("\x1f"), "tags": n[4].split()}
            for n in notes
        },
        "cards": cards,
    }


def test_anki_has_a_subdeck_per_topic_and_tags_for_topic_kind_and_pack(cli, tmp_path, base):
    import genanki

    pack = tmp_path / "my-course"
    cli("new-pack", str(pack))
    target = tmp_path / "deck.apkg"
    code, _, err = cli(*only(base, pack), "export", "--format", "anki", "--out", str(target))
    assert code == 0, err
    apkg = read_apkg(target, tmp_path)
    names = set(apkg["decks"].values())
    assert {"cyberdip::Basics", "cyberdip::Crisis response", "cyberdip::Forums"} <= names
    by_guid = {n["guid"]: n for n in apkg["notes"].values()}
    alpha = by_guid[genanki.guid_for("cyberdip", "term", "alpha")]
    assert {"cyberdip::kind::term", "cyberdip::topic::basics", "cyberdip::pack::base"} <= set(
        alpha["tags"]
    )
    mine = by_guid[genanki.guid_for("cyberdip", "question", "q-my-course-1")]
    assert {
        "cyberdip::kind::question",
        "cyberdip::topic::crisis",
        "cyberdip::pack::my-course",
    } <= set(mine["tags"])
    generated = by_guid[
        genanki.guid_for("cyberdip", "question", "g-def-my-course-tabletop-exercise")
    ]
    assert "cyberdip::pack::my-course" in generated["tags"]
    assert "cyberdip::generated" in generated["tags"]
    # Every card sits in its topic's subdeck.
    topic_deck = {"basics": "cyberdip::Basics", "crisis": "cyberdip::Crisis response"}
    for nid, did, _ in apkg["cards"]:
        note = apkg["notes"][nid]
        topic = next(
            t.rsplit("::", 1)[1] for t in note["tags"] if t.startswith("cyberdip::topic::")
        )
        if topic in topic_deck:
            assert apkg["decks"][did] == topic_deck[topic]


def test_anki_reverse_adds_a_card_per_term_and_keeps_guids(cli, tmp_path):
    plain, reverse = tmp_path / "plain.apkg", tmp_path / "reverse.apkg"
    assert cli(*VALID, "export", "-f", "anki", "-o", str(plain))[0] == 0
    code, _, err = cli(*VALID, "export", "-f", "anki", "--reverse", "-o", str(reverse))
    assert code == 0 and "reverse card" in err
    one, two = read_apkg(plain, tmp_path), read_apkg(reverse, tmp_path)
    guids = lambda apkg: sorted(n["guid"] for n in apkg["notes"].values())  # noqa: E731
    assert guids(one) == guids(two)
    assert len(two["cards"]) == len(one["cards"]) + 3  # three fixture terms
    from cyberdip_cli.export.anki import TERM_REVERSE_MODEL_ID

    model = two["models"][TERM_REVERSE_MODEL_ID]
    assert [t["name"] for t in model["tmpls"]] == ["Term to definition", "Definition to term"]
    alpha = next(n for n in two["notes"].values() if n["fields"][0] == "Alpha")
    clue = alpha["fields"][-1]
    assert "first fixture term" in clue
    assert "Alpha" not in clue and "ALP" not in clue and "____" in clue


def test_reverse_is_only_for_anki(cli):
    code, _, err = cli(*VALID, "export", "--format", "csv", "--reverse")
    assert code == 2 and "--format anki" in err


# ---------------------------------------------------------------- 6. guide and names, not ids


def _guide(cli) -> str:
    code, out, err = cli(*VALID, "export", "--format", "markdown")
    assert code == 0, err
    return out


def test_markdown_guide_shows_no_internal_ids(cli):
    out = _guide(cli)
    assert "id `" not in out
    text = "\n".join(line for line in out.splitlines() if not line.startswith("<a id="))
    text = re.sub(r"\]\(#[^)]+\)", "]", text)  # link targets are anchors, not text
    text = re.sub(r"\[\^[^\]]+\]", "", text)  # footnote labels
    for internal in (
        "fixture-breach",
        "drill-fixture",
        "q-single",
        "listing-1",
        "dialogue-measure",
    ):
        assert internal not in text, internal
    # The listings table names the incidents.
    row = next(line for line in out.splitlines() if line.startswith("| 2020-07-30 |"))
    assert "[Fixture Breach](#incident-fixture-breach)" in row and "[Gamma](#term-gamma)" in row


def test_markdown_guide_is_in_teaching_order_with_incidents_drills_and_answers(cli):
    out = _guide(cli)
    headings = re.findall(r"^## (.+)$", out, re.MULTILINE)
    assert headings == [
        "Contents",
        "Glossary",
        "Fixture framework",
        "The two axes",
        "Timeline",
        "Drills: decide, then compare",
        "Incidents: the whole story",
        "Answer key",
        "Where the fixture text differs",
        "Sources",
    ]
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', out))
    links = set(re.findall(r"\]\(#([^)]+)\)", out))
    assert links <= anchors
    incidents = out.split("## Incidents: the whole story")[1].split("## Answer key")[0]
    assert "### Fixture Breach (2019)" in incidents
    assert "**2019-04-14:** Testland attributes it to Otherland (basis: government)." in incidents
    assert (
        "**2020-03-15:** Council of the EU (EU): [Dialogue](#measure-dialogue-measure)."
        in incidents
    )
    assert (
        "Act: Test Decision 1." in incidents
        and "Time to the first EU response: 366 days" in incidents
    )
    drills = out.split("## Drills: decide, then compare")[1].split("## Incidents")[0]
    decisions = drills.index("**Your decisions**")
    reasoning = drills.index("**The reasoning for each choice**")
    record = drills.index("**What was actually done**")
    assert "**Briefing (as of 2019-03-20).**" in drills[:decisions]
    assert decisions < reasoning < record
    assert "best" not in drills[decisions:reasoning]  # the decisions come without their grades
    assert "*defensible:* It must wait for the EU to decide. The EU can coordinate" in drills
    answers = out.split("## Answer key")[1].split("## Where the seed")[0]
    assert answers.index("Which term comes first?") < answers.index("**Answer:** a) Alpha")
    assert "**Answer:** a) Alpha; b) Beta" in answers
    assert "**Answer:** False" in answers
    assert "**Answer:** Alpha → Beta → Gamma" in answers
    assert "Alpha is first; Beta only sounds earlier." in answers
    assert "g-def" not in answers and "Which term matches this description" not in answers
    refs = set(re.findall(r"\[\^([A-Za-z0-9-]+)\](?!:)", out))
    assert refs == set(re.findall(r"^\[\^([A-Za-z0-9-]+)\]:", out, re.MULTILINE))


def test_sanctions_listing_shows_incident_names_and_json_keeps_ids(cli):
    code, out, _ = cli(*VALID, "--plain", "toolbox", "sanctions")
    assert code == 0
    assert "Gamma, Fixture Breach" in out and "fixture-breach" not in out
    code, out, _ = cli(*VALID, "toolbox", "sanctions", "--json")
    [listing] = json.loads(out)["listings"]
    assert [(i["id"], i["kind"]) for i in listing["incidents"]] == [
        ("gamma", "term"),
        ("fixture-breach", "incident"),
    ]


def test_progress_shows_term_names_and_topic_titles(cli):
    code, out, _ = cli(*VALID, "quiz", "--question", "q-true-false", input="t\n")  # wrong
    assert code == 0
    code, out, _ = cli(*VALID, "--plain", "progress")
    assert code == 0
    assert "Beta: 0% of 1 answer   cyberdip define beta" in out
    assert "beta: 0%" not in out
    assert re.search(r"^\|?\s*Basics\b", out, re.MULTILINE), out
    data = json.loads(cli(*VALID, "progress", "--json")[1])
    assert data["weakest_terms"][0]["term"] == "beta" and data["weakest_terms"][0]["name"] == "Beta"
    assert data["topics"]["basics"]["title"] == "Basics"


# ---------------------------------------------------------------- 5. learner names and the report


def _answer(cli, home: Path, question: str, answer: str) -> None:
    env = {"CYBERDIP_HOME": str(home)}
    assert cli(*VALID, "quiz", "--question", question, input=answer + "\n", env=env)[0] == 0


def test_progress_export_names_the_learner_and_keeps_the_old_fields(cli, tmp_path, monkeypatch):
    import getpass

    monkeypatch.delenv("CYBERDIP_LEARNER", raising=False)
    _answer(cli, tmp_path / "anna", "q-true-false", "f")
    env = {"CYBERDIP_HOME": str(tmp_path / "anna")}
    monkeypatch.setattr(getpass, "getuser", lambda: "login-anna")

    def export(*args: str, **extra: str) -> dict:
        code, out, err = cli(*VALID, "progress", "--export", "json", *args, env={**env, **extra})
        assert code == 0, err
        return json.loads(out)

    doc = export("--learner", "Anna K")
    assert (doc["format"], doc["version"], doc["learner"]) == ("cyberdip-progress", 1, "Anna K")
    assert {"questions", "topics", "answered", "correct"} <= set(doc)
    [row] = doc["questions"]
    assert {
        "question_id",
        "topic",
        "attempts",
        "correct",
        "last_result",
        "last_answered",
        "due",
    } <= set(row)
    assert row["question_id"] == "q-true-false" and row["prompt"] == "Beta is verified."
    assert export(CYBERDIP_LEARNER="Anna from env")["learner"] == "Anna from env"
    assert export()["learner"] == "login-anna"

    def no_login():
        raise OSError("no user")

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert export()["learner"] is None  # failing soft
    code, out, _ = cli(*VALID, "progress", "--export", "csv", "--learner", "Anna K", env=env)
    assert code == 0
    header, line = out.splitlines()
    assert header.startswith("question_id,topic,attempts") and header.endswith(",learner")
    assert line.endswith(",Anna K")


def _export_file(
    path: Path, learner: str | None, rows: list[dict], titles: dict | None = None
) -> Path:
    doc = {
        "format": "cyberdip-progress",
        "version": 1,
        "learner": learner,
        "answered": sum(r["attempts"] for r in rows),
        "correct": sum(r["correct"] for r in rows),
        "topics": {k: {"title": v} for k, v in (titles or {}).items()},
        "questions": rows,
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _row(qid, topic, attempts, correct, wrong=(), prompt=None) -> dict:
    return {
        "question_id": qid,
        "topic": topic,
        "attempts": attempts,
        "correct": correct,
        "prompt": prompt,
        "wrong_answers": [{"answer": a, "count": n} for a, n in wrong],
    }


@pytest.fixture
def class_files(tmp_path):
    titles = {"sanctions": "Cyber sanctions", "forums": "Forums"}
    anna = _export_file(
        tmp_path / "anna.json",
        "Anna",
        [
            _row(
                "q1",
                "sanctions",
                2,
                0,
                [("Regulation 2019/796", 2)],
                "Which act created the regime?",
            ),
            _row("q2", "forums", 1, 1),
        ],
        titles,
    )
    ben = _export_file(
        tmp_path / "ben.json",
        "Ben",
        [
            _row(
                "q1",
                "sanctions",
                1,
                0,
                [("Decision 2020/1127", 1)],
                "Which act created the regime?",
            ),
            _row("q2", "forums", 2, 1, [("OEWG", 1)], "Which forum has all UN members?"),
        ],
        titles,
    )
    return anna, ben


def test_report_merges_a_class(cli, class_files):
    code, out, err = cli("report", *map(str, class_files), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert [(x["learner"], x["answered"], x["accuracy"]) for x in report["learners"]] == [
        ("Anna", 3, 0.333),
        ("Ben", 3, 0.333),
    ]
    assert [(t["id"], t["title"], t["answered"], t["accuracy"]) for t in report["topics"]] == [
        ("sanctions", "Cyber sanctions", 3, 0.0),
        ("forums", "Forums", 3, 0.667),
    ]
    first, second = report["questions"]
    assert (first["id"], first["missed"], first["learners_missed"]) == ("q1", 3, 2)
    assert first["top_wrong_answer"] == {"answer": "Regulation 2019/796", "count": 2}
    assert (second["id"], second["top_wrong_answer"]["answer"]) == ("q2", "OEWG")
    code, out, _ = cli("--plain", "report", *map(str, class_files))
    assert code == 0
    for text in (
        "Anna",
        "Ben",
        "Cyber sanctions",
        "Which act created the regime?",
        "Regulation 2019/796 (2)",
        "3 of 3",
        "2 of 2",
    ):
        assert text in out, text
    assert "q1" not in out  # the prompt, not the id


def test_report_csv_has_a_row_per_learner_topic_and_question(cli, class_files):
    import csv
    import io

    code, out, _ = cli("report", *map(str, class_files), "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["table"] for r in rows] == ["learner"] * 2 + ["topic"] * 2 + ["question"] * 2
    assert rows[4]["question_id"] == "q1" and rows[4]["top_wrong_answer"] == "Regulation 2019/796"
    assert cli("report", str(class_files[0]), "--csv", "--json")[0] == 2


def test_report_from_real_exports_with_the_same_login_name(cli, tmp_path, monkeypatch):
    """Two learners on lab machines with the same login are kept apart by file name."""
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "student")
    files = []
    for name, answer in (("anna", "f"), ("ben", "t")):
        home = tmp_path / name
        _answer(cli, home, "q-true-false", answer)
        target = tmp_path / f"{name}.json"
        env = {"CYBERDIP_HOME": str(home)}
        code, _, err = cli(*VALID, "progress", "--export", "json", "--out", str(target), env=env)
        assert code == 0 and "for student" in err
        files.append(str(target))
    report = json.loads(cli("report", *files, "--json")[1])
    assert [x["learner"] for x in report["learners"]] == [
        "student (anna.json)",
        "student (ben.json)",
    ]
    [q] = report["questions"]
    assert (q["attempts"], q["missed"], q["top_wrong_answer"]["answer"]) == (2, 1, "True")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "bad.json: not JSON (line 1"),
        ('{"format": "cyberdip-export", "version": 2}', "bad.json: not a cyberdip progress export"),
        ("[1, 2]", "bad.json: not a cyberdip progress export"),
        ('{"format": "cyberdip-progress", "version": 9, "questions": []}', "newer cyberdip"),
        (
            '{"format": "cyberdip-progress", "version": 1, "questions": [{"question_id": "q", "attempts": 1, "correct": 2}]}',
            "bad.json: question row 1",
        ),
        (b"\xff\xfe", "bad.json: not JSON"),
    ],
)
def test_report_refuses_bad_files_in_one_line(cli, tmp_path, class_files, text, message):
    bad = tmp_path / "bad.json"
    bad.write_bytes(text if isinstance(text, bytes) else text.encode())
    code, out, err = cli("report", str(class_files[0]), str(bad))
    assert code == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith("error: ") and message in line and str(bad) in line


def test_report_reads_exports_from_before_learner_names(cli, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {"questions": [_row("q1", "t", 1, 1)], "topics": {}, "answered": 1, "correct": 1}
        )
    )
    report = json.loads(cli("report", str(old), "--json")[1])
    assert report["learners"][0]["learner"] == "old"


# ---------------------------------------------------------------- 7. reference pages and man page

REPO = Path(__file__).resolve().parent.parent


def test_help_export_prints_the_shipped_reference(cli):
    code, out, err = cli("help", "export")
    assert code == 0, err
    assert out.startswith("Usage: cyberdip export")
    reference = (REPO / "docs" / "EXPORT.md").read_text(encoding="utf-8")
    assert reference in out
    assert "## Progress exports" in out and '"cyberdip-progress"' in out
    code, out, _ = cli("help", "content")
    assert code == 0 and out == (REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8")
    assert "`W102`" in out
    code, _, err = cli("help", "exports")
    assert code == 2 and "reference pages: export, content" in err
    code, out, _ = cli("help")
    assert "cyberdip help export" in out and "cyberdip help content" in out


def test_the_wheel_ships_the_reference_pages():
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["docs/EXPORT.md"] == "cyberdip_cli/_docs/EXPORT.md"
    assert include["docs/CONTENT.md"] == "cyberdip_cli/_docs/CONTENT.md"
    from cyberdip_cli.paths import doc_path

    assert doc_path("EXPORT.md").read_text(encoding="utf-8").startswith("# Exporting")


def test_help_texts_point_at_help_pages_not_at_repo_files(cli):
    for command in ("export", "check", "progress", "report"):
        code, out, _ = cli(command, "--help")
        assert code == 0
        assert "docs/" not in out, command


def test_man_page_has_files_and_environment(cli):
    code, out, _ = cli("help", "--man")
    assert code == 0
    files = out.split(".SH FILES\n")[1].split(".SH ")[0]
    for text in ("~/.local/share/cyberdip/progress.sqlite3", "~/.cache/cyberdip/kb-*.sqlite"):
        assert text in files
    assert "$CYBERDIP_HOME/progress.sqlite3" in files and "$CYBERDIP_HOME/cache/" in files
    assert "--content" in files and "CYBERDIP_CONTENT" in files
    env = out.split(".SH ENVIRONMENT\n")[1].split(".SH ")[0]
    documented = re.findall(r"^\.TP\n\\fB([A-Z_]+)\\fR\n(.+)$", env, re.MULTILINE)
    names = [name for name, _ in documented]
    assert names == [
        "CYBERDIP_HOME",
        "CYBERDIP_CONTENT",
        "CYBERDIP_LEARNER",
        "NO_COLOR",
        "FORCE_COLOR",
        "PAGER",
        "LESS",
        "COLUMNS",
    ]
    assert all(len(text) > 30 for _, text in documented)
    assert ".SS report" in out
