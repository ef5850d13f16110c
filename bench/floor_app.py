"""The floor of this stack: argparse + rich printing one Panel.

It prints about as much text as `cyberdip define "cyber diplomacy"` (a titled panel of
about 60 lines and 650 words, with headings, a definition, sources and related terms),
with the same Console settings, but reads no content, opens no cache and imports no Typer.
A cyberdip command cannot be faster than this without dropping rich, so bench/run.py
reports every command as a ratio to it.
"""

from __future__ import annotations

import argparse

from floor_panel import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="floor_app", description="Print one rich Panel.")
    parser.add_argument("term", nargs="*", default=["cyber", "diplomacy"])
    args = parser.parse_args(argv)

    import os

    from rich.console import Console

    console = Console(
        highlight=False,
        emoji=False,
        markup=False,
        no_color=bool(os.environ.get("NO_COLOR")),
        soft_wrap=False,
    )
    console.print(build(" ".join(args.term)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
