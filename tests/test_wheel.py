"""The product as users get it: a wheel installed into a fresh venv, run from elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_from_any_directory(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("cyberdip-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["CYBERDIP_HOME"] = str(tmp_path / "home")
    run = lambda *args: subprocess.run(  # noqa: E731
        [str(bindir / "cyberdip"), *args],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    result = run("define", "cyber diplomacy", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "cyber-diplomacy"
    assert run("define", "cyber", "diplomacy").returncode == 0
    check = run("check")
    assert check.returncode == 0 and check.stdout.startswith("ok:")
    # The reference pages ship inside the wheel: a pip user has no docs/ folder.
    page = run("help", "export")
    assert page.returncode == 0 and "## Progress exports" in page.stdout, page.stderr
    assert "## Error codes" in run("help", "content").stdout
    quiz = subprocess.run(
        [str(bindir / "cyberdip"), "quiz", "--count", "1", "--seed", "1"],
        input="a\n",
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert quiz.returncode == 0 and "Score:" in quiz.stdout
    module = subprocess.run(
        [str(bindir / "python"), "-m", "cyberdip_cli", "--version"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == 0
    # The installed package, not this checkout, answered.
    where = subprocess.run(
        [str(bindir / "python"), "-c", "import cyberdip_cli; print(cyberdip_cli.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(REPO) not in where.stdout
    # Every drill plays end to end from the wheel through a pipe, the record shown last,
    # and one through a real terminal; the results reach `progress --json`.
    drills = json.loads(run("drill", "--json").stdout)
    assert len(drills) >= 10
    for drill in drills:
        played = subprocess.run(
            [str(bindir / "cyberdip"), "drill", drill["id"], "--seed", "2"],
            input="a\n" * drill["steps"],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert played.returncode == 0, (drill["id"], played.stderr)
        before, _, after = played.stdout.partition("What was actually done")
        assert after and before.count("decision> ") == drill["steps"], drill["id"]
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        str(bindir / "cyberdip"),
        ["drill", drills[0]["id"], "--seed", "2"],
        cwd=str(elsewhere),
        env={**env, "TERM": "dumb", "COLUMNS": "80", "LINES": "40"},
        encoding="utf-8",
        timeout=30,
    )
    for step in range(drills[0]["steps"]):
        child.expect("decision> ")
        assert "What was actually done" not in child.before
        child.sendline("b")
        if step < drills[0]["steps"] - 1:
            child.expect("Press Enter")
            child.sendline("")
    child.expect("What was actually done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    progress = json.loads(run("progress", "--json").stdout)
    assert progress["drills"]["done"] == len(drills) + 1
