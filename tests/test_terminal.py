"""In a real terminal: the pager, colour switches, and views captured by tmux at 40 and 80
columns (the screen a person sees)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

pexpect = pytest.importorskip("pexpect")
CYBERDIP = [sys.executable, "-m", "cyberdip_cli"]


def _spawn(args, home, rows=20, cols=80, **env):
    full = {**os.environ, "CYBERDIP_HOME": str(home), "TERM": "xterm", **env}
    full.pop("NO_COLOR", None)
    full.pop("COLUMNS", None)
    full.pop("LINES", None)
    child = pexpect.spawn(
        CYBERDIP[0],
        [*CYBERDIP[1:], *args],
        env=full,
        encoding="utf-8",
        dimensions=(rows, cols),
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


@pytest.mark.slow
def test_long_output_goes_through_the_pager_only_in_a_terminal(isolated_home):
    code, out = _spawn(["define"], isolated_home, PAGER="sed s/^/PAGED:/")
    assert code == 0 and "PAGED:" in out
    code, out = _spawn(["--no-pager", "define"], isolated_home, PAGER="sed s/^/PAGED:/")
    assert code == 0 and "PAGED:" not in out and "Core concepts" in out


@pytest.mark.slow
def test_colour_in_a_terminal_and_no_color_honoured(isolated_home):
    _, out = _spawn(["--no-pager", "define", "gge"], isolated_home, rows=80)
    assert "\x1b[" in out
    _, out = _spawn(["--no-pager", "define", "gge"], isolated_home, rows=80, NO_COLOR="1")
    assert "\x1b[3" not in out  # no colour codes (bold may remain)


def test_force_color_colours_a_pipe(isolated_home):
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm", "CYBERDIP_HOME": str(isolated_home)}
    env.pop("NO_COLOR", None)
    out = subprocess.run(
        [*CYBERDIP, "define", "gge"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "\x1b[" in out


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize(
    "args", [["define", "cyber", "diplomacy"], ["toolbox"], ["axes"], ["toolbox", "sanctions"]]
)
def test_view_in_tmux_fits_the_screen(isolated_home, width, args):
    session = f"cyberdip-test-{os.getpid()}-{width}-{args[0]}"
    command = " ".join([*(f"'{c}'" for c in CYBERDIP), "--no-pager", *args]) + "; sleep 30"
    env = {**os.environ, "CYBERDIP_HOME": str(isolated_home)}
    env.pop("COLUMNS", None)
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", str(width), "-y", "500", command],
        env=env,
        check=True,
    )
    try:
        screen = ""
        for _ in range(50):
            time.sleep(0.2)
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session, "-S", "-", "-E", "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            if "╰" in screen or "Total" in screen:
                break
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines, "nothing was drawn"
    assert all(len(line) <= width for line in lines)
    assert "Traceback" not in screen
