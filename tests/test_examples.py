"""Every non-interactive example in the README and in each command's --help runs as shown,
from a fresh home, and exits 0."""

import os
import re
import shutil
import stat
import subprocess
import sys

import pytest
from conftest import REPO

SKIP = ("--install-completion", "--restore", "pip install", "pytest")
COMMANDS = [
    "tour",
    "define",
    "toolbox",
    "axes",
    "timeline",
    "sources",
    "incident",
    "drill",
    "compare",
    "search",
    "quiz",
    "progress",
    "changes",
    "report",
    "export",
    "check",
    "new-pack",
    "help",
]


def readme_examples() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        lines += [line.strip() for line in block.splitlines() if line.strip()]
    return lines


def help_examples() -> list[str]:
    lines = []
    for name in COMMANDS:
        out = subprocess.run(
            [sys.executable, "-m", "cyberdip_cli", name, "--help"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        after = out.split("Examples:", 1)[1] if "Examples:" in out else ""
        lines += [
            line.strip()
            for line in after.splitlines()
            if line.strip().startswith(("cyberdip", "printf"))
        ]
    return lines


def runnable(line: str) -> str | None:
    line = re.split(r"\s{2,}(?:#|\()", line)[0].strip()  # drop "  # comment" and "  (note)"
    if not line.startswith(("cyberdip", "printf")) or any(s in line for s in SKIP):
        return None
    return re.sub(r"\s*\|\s*(jq|less)\b.*$", "", line)  # jq or a pager may not be installed


@pytest.mark.slow
def test_every_example_runs(tmp_path):
    shim = tmp_path / "bin" / "cyberdip"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cyberdip_cli "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    work = tmp_path / "work"
    work.mkdir()
    env = {
        **os.environ,
        "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}",
        "CYBERDIP_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(REPO),
        "PAGER": "cat",
    }
    env.pop("CYBERDIP_CONTENT", None)
    # What the examples expect to exist: packs to check, learners' exports for a report.
    setup = [
        "cyberdip new-pack pack2",
        "cyberdip new-pack my-pack",
        "printf 'a\\n' | cyberdip quiz --question q-incidents-01",
        "mkdir class",
        "cyberdip progress --export json --learner Anna --out anna.json",
        "cyberdip progress --export json --learner Ben --out ben.json",
        "cp anna.json ben.json class/",
    ]
    examples = [r for r in map(runnable, readme_examples() + help_examples()) if r]
    assert len(examples) >= 40
    failures = []
    for n, line in enumerate(setup + examples):
        # An example that writes a file or a pack may have run before (README and --help):
        # start it from a clean slate.
        target = re.search(r"(?:--out|new-pack)\s+(\S+)", line)
        if target and n >= len(setup):
            path = work / target.group(1)
            if path.is_dir():
                shutil.rmtree(path)
            path.unlink(missing_ok=True)
        result = subprocess.run(
            ["bash", "-c", line],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        if result.returncode != 0 or "Traceback" in result.stderr:
            failures.append(f"{line}\n  exit {result.returncode}: {result.stderr[-300:]}")
    assert not failures, "\n".join(failures)
