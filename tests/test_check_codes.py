"""Every error code `cyberdip check` can report has a minimal failing fixture.

tests/fixtures/codes/CODE/ is a content directory that produces exactly that code (E214's
is a pack, checked on top of the built-in content); tests/fixtures/valid/ is the smallest
standalone set that passes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cyberdip_cli.kb.schema import CODES

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
CODES_DIR = FIXTURES / "codes"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+): .+ \[(?P<code>[EW]\d{3})\]$")


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    """Paths in problem lines are shown relative to the working directory."""
    monkeypatch.chdir(REPO)


def problem_lines(stdout: str) -> list[re.Match]:
    return [m for m in map(PROBLEM_LINE.match, stdout.splitlines()) if m]


@pytest.mark.parametrize("code", sorted(CODES))
def test_fixture_reports_its_code_with_a_line(cli, code):
    status, out, err = cli("check", f"tests/fixtures/codes/{code}")
    warning = code.startswith("W")  # printed, but the content still loads: exit 0
    assert status == (0 if warning else 1), out + err
    assert "Traceback" not in err
    problems = problem_lines(out)
    assert problems, f"no `file:line: ... [CODE]` line in:\n{out}"
    # The fixture is minimal: it produces its code and nothing else.
    assert {m["code"] for m in problems} == {code}, out
    for m in problems:
        assert int(m["line"]) > 0, m.group()
        assert m["path"].startswith(f"tests/fixtures/codes/{code}/"), m.group()
    # Every printed line is either a problem or the closing count.
    lines = out.splitlines()
    assert len(problems) == len(lines) - 1
    closing = r"ok: .*warning\(s\).*" if warning else r"\d+ problem\(s\) in \d+ file\(s\)"
    assert re.fullmatch(closing, lines[-1]), lines[-1]


@pytest.mark.parametrize("code", ["E105", "E204", "E212", "E214"])
def test_fixture_problem_points_at_the_offending_line(cli, code):
    """The line is the key or entry at fault, not the start of the file."""
    fixture = next((CODES_DIR / code).glob("*.yaml"))
    source = fixture.read_text(encoding="utf-8").splitlines()
    _, out, _ = cli("check", str(fixture.parent.relative_to(REPO)))
    line = int(problem_lines(out)[0]["line"])
    expected = {
        "E105": "title: B",
        "E204": "descripton:",
        "E212": "answer: Green",
        "E214": "- id: concepts",
    }[code]
    assert expected in source[line - 1]


def test_did_you_mean_for_a_field_typo(cli):
    _, out, _ = cli("check", "tests/fixtures/codes/E204")
    assert "unknown field 'descripton' (did you mean 'description'?)" in out


def test_json_problems_carry_code_and_line(cli):
    status, out, _ = cli("check", "--json", "tests/fixtures/codes/E209")
    data = json.loads(out)
    assert status == 1 and data["ok"] is False
    [problem] = data["problems"]
    assert problem["code"] == "E209" and problem["line"] == 5 and problem["entry"] == "s1"


def test_valid_fixture_passes(cli):
    status, out, err = cli("check", "tests/fixtures/valid")
    assert status == 0, out + err
    assert out.startswith("ok: 11 file(s); 3 terms, 2 sources, 4 questions, 1 timeline, 1 topics")
    assert err == ""


def test_valid_fixture_covers_every_section_and_question_type():
    from cyberdip_cli.kb.loader import load
    from cyberdip_cli.kb.registry import default_registry
    from cyberdip_cli.kb.schema import MAP_SECTIONS, QUESTION_TYPES

    SECTIONS = [*default_registry().list_sections(), *(s for s in MAP_SECTIONS if s != "pack")]

    result = load([FIXTURES / "valid"])
    assert result.problems == []
    kb = result.kb
    for section in SECTIONS:
        if section != "pack":
            assert kb.section(section), section
    assert {q["type"] for q in kb.questions} == set(QUESTION_TYPES)
    assert len(kb.terms) == 3


def test_builtin_content_passes(cli):
    status, out, err = cli("check")
    assert status == 0, out + err
    assert out.startswith("ok: ")


def test_every_code_has_a_fixture():
    present = {p.name for p in CODES_DIR.iterdir() if p.is_dir()}
    assert present == set(CODES)
    for code in CODES:
        assert list((CODES_DIR / code).glob("*.yaml")), code


def test_every_code_is_documented():
    text = (REPO / "docs" / "CONTENT.md").read_text(encoding="utf-8")
    assert "## Error codes" in text
    section = text.split("## Error codes", 1)[1]
    rows = dict(re.findall(r"^\| `([EW]\d{3})` \| ([^|]+) \|", section, re.MULTILINE))
    assert set(rows) == set(CODES)
    for code, meaning in CODES.items():
        assert rows[code].strip() == meaning, code


def test_nested_duplicate_id_points_at_file_and_line(cli, tmp_path):
    """Duplicate ids inside the toolbox are reported at their file and line, not `toolbox:0`."""
    valid = (FIXTURES / "valid" / "toolbox.yaml").read_text(encoding="utf-8")
    doubled = valid.replace(
        "  measures:\n",
        "  measures:\n"
        "    - {id: dialogue-measure, name: Again, category: preventive, purpose: p,\n"
        "       description: d, when_used: w, who_decides: w, legal_basis: l, sources: [s1]}\n",
    )
    for path in (FIXTURES / "valid").glob("*.yaml"):
        text = doubled if path.name == "toolbox.yaml" else path.read_text(encoding="utf-8")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    status, out, _ = cli("check", str(tmp_path))
    assert status == 1
    [problem] = problem_lines(out)
    assert problem["code"] == "E206"
    assert problem["path"].endswith("toolbox.yaml")
    assert (
        "dialogue-measure"
        in (tmp_path / "toolbox.yaml").read_text().splitlines()[int(problem["line"]) - 1]
    )


def test_bad_measure_id_with_unknown_reference_does_not_crash(tmp_path):
    """A measure whose id is unusable, plus a ladder rung naming an unknown measure, used to
    crash the "did you mean" lookup with a TypeError (None among the known ids)."""
    from cyberdip_cli.kb.loader import load

    text = (FIXTURES / "valid" / "toolbox.yaml").read_text(encoding="utf-8")
    text = text.replace("- id: dialogue-measure", "- id: 5").replace(
        "measure: dialogue-measure", "measure: no-such-measure"
    )
    (tmp_path / "toolbox.yaml").write_text(text, encoding="utf-8")
    result = load([tmp_path])
    codes = {p.code for p in result.problems}
    assert "E202" in codes and "E207" in codes


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2019-13-45", "must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2019-02-30", "not a calendar date"),
        ("2019-00", "must be YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_dates_are_e210_not_a_crash(cli, tmp_path, value, message):
    """YAML reads 2019-13-45 as a timestamp and its constructor raises ValueError."""
    (tmp_path / "s.yaml").write_text(
        f"sources:\n  - {{id: s1, title: T, issuer: I, type: primary, date: {value}}}\n",
        encoding="utf-8",
    )
    status, out, err = cli("check", str(tmp_path))
    assert (status, "Traceback" in err) == (1, False)
    [problem] = problem_lines(out)
    assert problem["code"] == "E210" and message in problem.group()


# The fast paths of a large check: each must find everything the plain check it skips
# would have found.


@pytest.mark.parametrize(
    ("hint", "phrase"),
    [
        ("the eu cyber toolbox", "cyber"),
        ("cybersecurity", "cyber"),
        ("a_cyber", "cyber"),
        ("x cyber1 then cyber.", "cyber"),
        ("(nis2)", "nis2"),
        ("ménage à trois", "à"),
        ("étage", "tag"),
        ("", "x"),
    ],
)
def test_hint_phrase_search_matches_the_word_bounded_regex(hint, phrase):
    from cyberdip_cli.kb.validate import _has_phrase

    regex = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", hint)
    assert _has_phrase(hint, phrase) == (regex is not None)


@pytest.mark.parametrize(
    "text",
    ["Our Sources say", "STORED SOURCE", "the ſeed text", "This Tool", "(Inference)", "(S12)"],
)
def test_voice_check_finds_self_reference_in_any_case(text):
    from cyberdip_cli.kb.validate import VOICE_RE, Context, check_voice

    assert VOICE_RE.search(text)  # what the plain check would report
    ctx = Context()
    check_voice(ctx, "term", {"id": "t", "definition": text}, "f.yaml", 1)
    assert [p.code for p in ctx.problems] == ["W104"]


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: 1\nb: 2\n", None), ("a: 1\n  \tb: 2\n", 2), ("a: 1\u2028\tb\n", 2), ("a:\x07\n", 1)],
)
def test_whole_file_scan_finds_what_the_line_scan_finds(tmp_path, text, line):
    from cyberdip_cli.kb.yamlsafe import YamlFileError, read_text

    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    if line is None:
        assert read_text(path) == text
        return
    with pytest.raises(YamlFileError) as caught:
        read_text(path)
    assert caught.value.problem.line == line


@pytest.mark.parametrize("text", ["The FIRST OPTION is right", "Choice B names it", "b) is wrong"])
def test_position_check_finds_choice_positions_in_any_case(text):
    from cyberdip_cli.kb.validate import POSITION_RE, Context, check_question_text

    assert POSITION_RE.search(text)
    ctx = Context()
    check_question_text(ctx, {"id": "q", "explanation": text}, "f.yaml", 1)
    assert [p.code for p in ctx.problems] == ["E217"]
