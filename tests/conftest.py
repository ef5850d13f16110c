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


def private_mount(tmp_path: Path, steps: list[str], size: str = "8m") -> list[tuple[int, str, str]]:
    """Run shell `steps` in a private mount namespace with a tmpfs of `size` at $MNT (gone
    when the namespace ends, even if the test dies); each step's (status, stdout, stderr).

    Needs root (unshare -m) or unprivileged user namespaces (unshare -rm)."""
    import shutil
    import subprocess
    import sys

    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    lines = [f'mount -t tmpfs -o size={size} tmpfs "$MNT" || exit 99']
    for n, step in enumerate(steps):
        lines.append(f'{step} > "$OUT/{n}.out" 2> "$OUT/{n}.err"; echo $? > "$OUT/{n}.rc"')
    script = "\n".join(lines)
    env = {**os.environ, "MNT": str(mnt), "OUT": str(out), "PY": sys.executable}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    ran = None
    if shutil.which("unshare"):
        for prefix in (["unshare", "-m"], ["unshare", "-rm"]):
            ran = subprocess.run([*prefix, "sh", "-c", script], env=env, capture_output=True)
            if ran.returncode != 99 and (out / "0.rc").exists():
                break
    if ran is None or not (out / "0.rc").exists():
        pytest.skip("cannot mount a tmpfs here: not root and no unprivileged user namespaces")
    read = lambda n, ext: (out / f"{n}.{ext}").read_text(errors="replace")  # noqa: E731
    return [(int(read(n, "rc")), read(n, "out"), read(n, "err")) for n in range(len(steps))]
