"""Golden snapshots of each view at 40, 80 and 120 columns, in --plain mode.

The views render tests/fixtures/valid with the built-in content switched off, so a content
edit never churns them; only a change to a view does. After checking a diff, refresh the
files with: UPDATE_GOLDEN=1 pytest tests/test_snapshots.py (a missing file fails otherwise).
A smoke test renders every view of the built-in content at every width.
"""

import os
import re
from pathlib import Path

import pytest
from conftest import FIXTURES

GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURE_ARGS = ["--no-builtin", "--content", str(FIXTURES / "valid")]
VIEWS = {
    "tour": ["tour"],
    "define": ["define", "alpha"],
    "define-list": ["define"],
    "toolbox": ["toolbox"],
    "toolbox-measure": ["toolbox", "dialogue-measure"],
    "toolbox-sanctions": ["toolbox", "sanctions"],
    "toolbox-ladder": ["toolbox", "--ladder"],
    "axes": ["axes"],
    "axes-international": ["axes", "international"],
    "timeline": ["timeline"],
    "sources-s1": ["sources", "s1"],
    "search": ["search", "fixture"],
}
BUILTIN_VIEWS = {
    **VIEWS,
    "define": ["define", "cyber", "diplomacy"],
    "toolbox-measure": ["toolbox", "travel-ban"],
    "sources-s1": ["sources", "s3"],
    "search": ["search", "sanctions"],
    "axes-international": ["axes", "internal"],
}
WIDTHS = (40, 80, 120)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_matches_golden(cli, name, width):
    code, out, err = cli("--plain", *FIXTURE_ARGS, *VIEWS[name], columns=width)
    assert code == 0, err
    assert all(len(line) <= width for line in out.splitlines()), "a line is wider than the terminal"
    path = GOLDEN / f"{name}-{width}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: check the view, then UPDATE_GOLDEN=1"
    assert out == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(BUILTIN_VIEWS))
def test_builtin_view_renders_within_the_width(cli, name, width):
    code, out, err = cli("--plain", *BUILTIN_VIEWS[name], columns=width)
    assert code == 0, err
    assert out.strip()
    # A URL longer than the width is the one line allowed past it: whole, alone on its line.
    assert all(
        len(line) <= width or re.fullmatch(r"https?://\S+", line) for line in out.splitlines()
    ), "a line is wider than the terminal"
