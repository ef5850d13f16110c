"""Every test runs with its own CYBERDIP_HOME, a pinned terminal and no colour."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("cyberdip-home")
    monkeypatch.setenv("CYBERDIP_HOME", str(home))
    monkeypatch.delenv("CYBERDIP_CONTENT", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("TERM", "dumb")
    yield home


@pytest.fixture
def cli():
    """Run cyberdip in-process: returns (exit code, stdout, stderr)."""
    return run_cli


def run_cli(*args: str, input: str | None = None, columns: int = 100, env: dict | None = None):
    import io
    import sys

    from cyberdip_cli.__main__ import main

    old = sys.stdin, sys.stdout, sys.stderr
    old_env = {k: os.environ.get(k) for k in ["COLUMNS", *(env or {})]}
    os.environ["COLUMNS"] = str(columns)
    for k, v in (env or {}).items():
        os.environ[k] = v
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.StringIO(input or "")
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(args))
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return code, out.getvalue(), err.getvalue()
