"""Regenerate the README screenshots (SVG, via rich's Console.save_svg).

Runs the installed `cyberdip` with colour forced, reads its ANSI output back into rich and
saves each as an SVG. Run from the repository: python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

OUT = Path(__file__).resolve().parent / "screenshots"
WIDTH = 100
SHOTS = {
    "define": (["define", "cyber", "diplomacy"], ""),
    "toolbox": (["toolbox"], ""),
    "axes": (["axes"], ""),
    "quiz": (["quiz", "--question", "q-sanctions-01"], "q\n"),
    "incident": (["incident"], ""),
    "compare": (["compare", "NIS", "NIS2"], ""),
}


def capture(args: list[str], stdin: str, home: str) -> str:
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": str(WIDTH), "CYBERDIP_HOME": home}
    env.pop("NO_COLOR", None)
    cmd = [sys.executable, "-m", "cyberdip_cli", "--no-pager", *args]
    return subprocess.run(
        cmd, input=stdin, capture_output=True, text=True, env=env, check=False
    ).stdout


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        for name, (args, stdin) in SHOTS.items():
            with open(os.devnull, "w") as sink:
                console = Console(record=True, width=WIDTH, force_terminal=True, file=sink)
                console.print(Text.from_ansi(capture(args, stdin, home)))
            console.save_svg(str(OUT / f"{name}.svg"), title=f"cyberdip {' '.join(args)}")
            print(f"wrote {OUT / (name + '.svg')}")


if __name__ == "__main__":
    main()
