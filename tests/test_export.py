"""`cyberdip export`: Markdown study guide, JSON dump, Anki package and CSV glossary."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from cyberdip_cli.export.csvdump import COLUMNS
from cyberdip_cli.export.markdown import md, para

FOOTNOTE_REF = re.compile(r"\[\^([A-Za-z0-9-]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([A-Za-z0-9-]+)\]:", re.MULTILINE)
TOPIC = "sanctions"


@pytest.fixture
def st():
    from cyberdip_cli.runtime import Runtime

    return Runtime().store()


def questions(st) -> list[dict]:
    from cyberdip_cli.quiz.bank import all_questions

    return all_questions(st)


def ok(cli, *args: str) -> str:
    code, out, err = cli("export", *args)
    assert code == 0, err
    return out


def anki_notes(path: Path) -> list[tuple[str, str, str]]:
    """(guid, fields, tags) of every note in an .apkg."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        data = archive.read("collection.anki2")
    db = path.with_suffix(".anki2")
    db.write_bytes(data)
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT guid, flds, tags FROM notes ORDER BY guid").fetchall()
    finally:
        conn.close()


# ---------------------------------------------------------------- markdown


def test_markdown_has_headings_toc_and_glossary(cli, st):
    out = ok(cli, "--format", "markdown")
    assert out.startswith("# ")
    for heading in ("## Contents", "## Glossary", "## The two axes", "## Timeline", "## Sources"):
        assert f"\n{heading}\n" in out
    assert "| Date | Persons | Entities |" in out  # the listings table
    for term in st.all("term"):
        assert f'<a id="term-{term["id"]}"></a>' in out
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', out))
    toc_links = set(re.findall(r"^\s*- \[.*\]\(#([^)]+)\)$", out, re.MULTILINE))
    assert toc_links and toc_links <= anchors


def test_markdown_footnotes_cover_every_citation(cli, st):
    out = ok(cli, "--format", "markdown")
    refs = set(FOOTNOTE_REF.findall(out))
    defs = FOOTNOTE_DEF.findall(out)
    assert len(defs) == len(set(defs)), "a footnote is defined twice"
    assert refs == set(defs), "undefined or unused footnotes"
    assert set(defs) <= set(st.ids("source"))
    cited_by_terms = {s for t in st.all("term") for s in t["sources"]}
    assert cited_by_terms <= refs
    source = st.get("source", "s3")
    line = next(x for x in out.splitlines() if x.startswith("[^s3]:"))
    assert source["issuer"] in line and source["url"] in line and source["date"] in line


def test_markdown_is_deterministic(cli):
    assert ok(cli, "--format", "markdown") == ok(cli, "--format", "markdown")


def test_markdown_escapes_content_text():
    assert md("[red]*bold* <b>x</b> a|b") == r"\[red\]\*bold\* \<b\>x\</b\> a\|b"
    assert md("line\n  two") == "line two"
    assert para("# not a heading") == r"\# not a heading"
    assert para("1. not a list") == r"1\. not a list"
    assert md("&amp; and AT&T") == r"\&amp; and AT&T"


# ---------------------------------------------------------------- json


def test_json_round_trips_with_the_content_counts(cli, st):
    out = ok(cli, "--format", "json")
    doc = json.loads(out)
    assert list(doc) == [
        "format",
        "version",
        "topics",
        "sources",
        "terms",
        "incidents",
        "timeline",
        "drills",
        "discrepancies",
        "questions",
        "toolbox",
        "axes",
    ]
    assert doc["format"] == "cyberdip-export" and doc["version"] == 2
    assert len(doc["topics"]) == st.count("topic")
    assert len(doc["sources"]) == st.count("source")
    assert [t["id"] for t in doc["terms"]] == st.ids("term")
    assert len(doc["timeline"]) == st.count("event")
    assert len(doc["discrepancies"]) == st.count("discrepancy")
    assert [q["id"] for q in doc["questions"]] == [q["id"] for q in questions(st)]
    assert {"framework", "categories", "measures", "ladder", "sanctions"} <= set(doc["toolbox"])
    assert {a["id"] for a in doc["axes"]["axes"]} == {"international", "internal"}
    # ensure_ascii=False and the documented layout (docs/EXPORT.md): re-serialising gives
    # the same text, and so does a second export.
    assert out == json_layout(doc)
    assert ok(cli, "--format", "json") == out


def json_layout(doc: dict) -> str:
    """docs/EXPORT.md's layout: indent=2, except that each entry of a list is one line."""
    lines = ["{"]
    items = list(doc.items())
    for n, (name, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(value, list):
            entries = [json.dumps(e, ensure_ascii=False) for e in value]
            body = ("[\n    " + ",\n    ".join(entries) + "\n  ]") if entries else "[]"
        else:
            body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        lines.append(f"  {json.dumps(name)}: {body}{comma}")
    return "\n".join(lines) + "\n}\n"


def test_json_entries_have_every_field(cli):
    doc = json.loads(ok(cli, "--format", "json"))
    term_keys = {tuple(t) for t in doc["terms"]}
    assert len(term_keys) == 1
    assert all(t["status"] in ("verified", "unverified") for t in doc["terms"])
    assert {tuple(q) for q in doc["questions"]} == {tuple(doc["questions"][0])}
    assert any(q["generated"] for q in doc["questions"])
    assert any(not q["generated"] for q in doc["questions"])


# ---------------------------------------------------------------- csv


def test_csv_has_one_row_per_term(cli, st):
    out = ok(cli, "--format", "csv")
    reader = csv.DictReader(io.StringIO(out))
    rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMNS
    assert [r["id"] for r in rows] == st.ids("term")
    first = st.all("term")[0]
    assert rows[0]["definition"] == first["definition"]
    assert rows[0]["sources"] == " ".join(first["sources"])


# ---------------------------------------------------------------- anki


def test_anki_needs_out(cli):
    code, out, err = cli("export", "--format", "anki")
    assert code == 2
    assert out == ""
    assert "needs --out" in err


def test_anki_package_notes_and_stable_guids(cli, st, tmp_path):
    import genanki

    first, second = tmp_path / "one.apkg", tmp_path / "two.apkg"
    ok(cli, "--format", "anki", "--out", str(first))
    ok(cli, "--format", "anki", "--out", str(second))
    notes = anki_notes(first)
    qs = questions(st)
    assert len(notes) == st.count("term") + len(qs)
    guids = [n[0] for n in notes]
    assert guids == [n[0] for n in anki_notes(second)]
    expected = {genanki.guid_for("cyberdip", "term", i) for i in st.ids("term")}
    expected |= {genanki.guid_for("cyberdip", "question", q["id"]) for q in qs}
    assert set(guids) == expected
    term = st.all("term")[0]
    by_guid = {g: (flds, tags) for g, flds, tags in notes}
    flds, tags = by_guid[genanki.guid_for("cyberdip", "term", term["id"])]
    fields = flds.split("\x1f")
    assert fields[0] == html.escape(term["term"])
    assert html.escape(term["definition"]) in fields[3]
    assert f"cyberdip::topic::{term['topic']}" in tags


def test_anki_card_text_is_escaped(st):
    from cyberdip_cli.export.anki import question_fields, term_fields

    term = {**st.all("term")[0], "term": "<script>x</script>", "summary": 'a "b" & c'}
    fields = term_fields(st, term)
    assert fields[0] == "&lt;script&gt;x&lt;/script&gt;"
    assert fields[2] == "a &quot;b&quot; &amp; c"
    q = {**questions(st)[0], "prompt": "<b>bold?</b>"}
    assert question_fields(st, q)[0].startswith("&lt;b&gt;bold?&lt;/b&gt;")


def test_anki_leaves_no_temporary_database(cli, tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    ok(cli, "--format", "anki", "--out", str(tmp_path / "deck.apkg"))
    assert list(scratch.iterdir()) == []


# ---------------------------------------------------------------- --out, --force, atomic


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "anki"])
def test_overwrite_needs_force(cli, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    target.write_text("keep me")
    code, out, err = cli("export", "--format", fmt, "--out", str(target))
    assert code == 1
    assert "already exists" in err and "--force" in err
    assert target.read_text() == "keep me"
    code, out, err = cli("export", "--format", fmt, "--out", str(target), "--force")
    assert code == 0, err
    assert out == ""
    assert target.read_bytes() != b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_out_writes_the_same_as_stdout(cli, tmp_path):
    target = tmp_path / "glossary.csv"
    code, out, err = cli("export", "--format", "csv", "--out", str(target))
    assert code == 0 and out == ""
    assert "wrote" in err
    assert target.read_text(encoding="utf-8") == ok(cli, "--format", "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["glossary.csv"]


def test_out_in_missing_folder(cli, tmp_path):
    code, _, err = cli("export", "--format", "json", "--out", str(tmp_path / "nope" / "x.json"))
    assert code == 1
    assert "does not exist" in err


# ---------------------------------------------------------------- errors


def test_unknown_format(cli):
    code, _, err = cli("export", "--format", "pdf")
    assert code == 2
    assert "unknown export format 'pdf'" in err


def test_unknown_topic_lists_topics(cli, st):
    code, _, err = cli("export", "--format", "csv", "--topic", "nope")
    assert code == 2
    assert "unknown topic 'nope'" in err
    assert all(t in err for t in st.ids("topic"))


def test_format_is_case_insensitive(cli):
    assert ok(cli, "--format", "CSV") == ok(cli, "--format", "csv")


# ---------------------------------------------------------------- --topic


def test_topic_filters_csv(cli, st):
    rows = list(csv.DictReader(io.StringIO(ok(cli, "--format", "csv", "--topic", TOPIC))))
    expected = [t["id"] for t in st.all("term") if t["topic"] == TOPIC]
    assert expected and [r["id"] for r in rows] == expected


def test_topic_filters_json(cli, st):
    doc = json.loads(ok(cli, "--format", "json", "--topic", TOPIC))
    assert [t["id"] for t in doc["topics"]] == [TOPIC]
    assert doc["terms"] and {t["topic"] for t in doc["terms"]} == {TOPIC}
    assert doc["timeline"] and {e["topic"] for e in doc["timeline"]} == {TOPIC}
    assert doc["questions"] and {q["topic"] for q in doc["questions"]} == {TOPIC}
    assert len(doc["sources"]) == st.count("source")  # kept whole: the toolbox cites them


def test_topic_filters_markdown(cli, st):
    out = ok(cli, "--format", "markdown", "--topic", TOPIC)
    shown = set(re.findall(r'<a id="term-([^"]+)"></a>', out))
    assert shown == {t["id"] for t in st.all("term") if t["topic"] == TOPIC}
    assert set(FOOTNOTE_REF.findall(out)) == set(FOOTNOTE_DEF.findall(out))


def test_topic_filters_anki(cli, st, tmp_path):
    target = tmp_path / "sanctions.apkg"
    ok(cli, "--format", "anki", "--topic", TOPIC, "--out", str(target))
    terms = [t for t in st.all("term") if t["topic"] == TOPIC]
    qs = [q for q in questions(st) if q["topic"] == TOPIC]
    notes = anki_notes(target)
    assert len(notes) == len(terms) + len(qs)
    assert all(f"cyberdip::topic::{TOPIC}" in tags for _, _, tags in notes)
