"""The benchmark harness works: every command it times runs and exits 0.

No timing is asserted here (CI machines are too noisy for that); docs/PERFORMANCE.md has
the numbers and the one command that measures them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"


def _generate(pack, terms: int, questions: int) -> None:
    cmd = [
        sys.executable,
        str(BENCH / "gen_content.py"),
        str(pack),
        "--terms",
        str(terms),
        "--questions",
        str(questions),
    ]
    subprocess.run(cmd, check=True, capture_output=True)


def test_generated_pack_is_valid(tmp_path, cli):
    pack = tmp_path / "pack"
    _generate(pack, 100, 100)
    code, out, err = cli("check", str(pack), "--json")
    assert code == 0, out + err
    report = json.loads(out)
    assert report["ok"] is True
    # Synthetic text runs past the reading lengths (W103 warnings); errors there are none.
    assert [p for p in report["problems"] if p["code"].startswith("E")] == []
    # The pack layers on the built-in content, so the counts include both.
    code, builtin_out, _ = cli("check", "--json")
    builtin = json.loads(builtin_out)["counts"]
    assert report["counts"]["terms"] == builtin["terms"] + 100
    assert report["counts"]["questions"] == builtin["questions"] + 100


def test_generated_pack_mixes_question_types(tmp_path):
    import yaml

    pack = tmp_path / "pack"
    _generate(pack, 10, 8)
    head = yaml.safe_load((pack / "00-pack.yaml").read_text(encoding="utf-8"))
    assert head["pack"]["name"]
    questions = yaml.safe_load(
        next((pack / "questions").glob("*.yaml")).read_text(encoding="utf-8")
    )
    types = {q["type"] for q in questions["questions"]}
    assert types == {"single", "multi", "true_false", "order"}


def test_harness_smoke_runs_every_command(tmp_path):
    results = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke", "--json", str(results)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(results.read_text(encoding="utf-8"))
    names = {(row["name"], row["mode"]) for row in data["rows"]}
    for mode in ("boxed", "piped"):
        for expected in (
            "python -c pass",
            "floor_app.py",
            "typer_floor.py",
            'define "cyber diplomacy"',
            "toolbox",
            "axes",
            "search sanctions",
            "incident wannacry",
            "compare NIS NIS2",
            "quiz --count 1 --seed 1",
            "--help",
        ):
            assert (expected, mode) in names
    for expected in ('define "cyber diplomacy" +scale', "search sanctions +scale"):
        assert (expected, "piped") in names
    assert ("quiz --count 1 --seed 1 +scale", "piped") in names
    for row in data["rows"]:
        assert row["failures"] == [], row["name"]
        assert len(row["times"]) == 1
        assert row["maxrss_kib"] and row["maxrss_kib"] > 0
        assert row["vs_typer_floor"] and row["vs_argparse_floor"]
    for oneoff in ("cold_build", "check", "export_anki", "export_json", "shipped_rebuild"):
        assert data[oneoff]["failures"] == [], oneoff
        assert data[oneoff]["peak_kib"] > 0
    assert data["scale_pack"]["terms"] == 100
    assert data["load_average"]["rounds"]
    # The Markdown tables are printed for people; make sure they are there.
    assert "| command | median ms |" in proc.stdout
    assert "vs Typer floor" in proc.stdout and "vs argparse floor" in proc.stdout
    assert "first run with the scale pack (cold build)" in proc.stdout
    assert "`export --format json --out FILE`" in proc.stdout
