"""Golden snapshots of each view at 40, 80 and 120 columns, in --plain mode.

A change to a view or to the content shows up here as a diff. After checking it, refresh
the files with: UPDATE_GOLDEN=1 pytest tests/test_snapshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
VIEWS = {
    "tour": ["tour"],
    "define": ["define", "cyber", "diplomacy"],
    "define-list": ["define"],
    "toolbox": ["toolbox"],
    "toolbox-measure": ["toolbox", "capacity-building-third-countries"],
    "toolbox-sanctions": ["toolbox", "sanctions"],
    "toolbox-ladder": ["toolbox", "--ladder"],
    "axes": ["axes"],
    "axes-internal": ["axes", "internal"],
    "timeline": ["timeline", "--from", "2019", "--to", "2020"],
    "sources-s3": ["sources", "s3"],
    "search": ["search", "sanctions"],
}
WIDTHS = (40, 80, 120)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_matches_golden(cli, name, width):
    code, out, err = cli("--plain", *VIEWS[name], columns=width)
    assert code == 0, err
    assert all(len(line) <= width for line in out.splitlines()), "a line is wider than the terminal"
    path = GOLDEN / f"{name}-{width}.txt"
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
