"""What trainers who write content packs and run classes need: packs that coexist, `check`
over several folders, warnings for names a pack takes over, a class report from progress
exports, and exports a learner can print or import (Markdown answer key, Anki subdecks)."""

from __future__ import annotations

import json
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
