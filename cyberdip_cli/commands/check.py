"""`cyberdip check`: validate content and report every problem with file and line."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

HELP = """Validate content: the built-in content, or a content directory or pack.

A directory with a `pack:` section is checked on top of the built-in content (its
references may point at built-in terms and sources); one without is checked alone.
Every problem is printed as `file:line: entry: message [CODE]`; codes are listed in
docs/CONTENT.md. Exits 1 when anything is wrong.

Examples:

  cyberdip check

  cyberdip check ./my-pack
"""


def register(app: typer.Typer) -> None:
    app.command("check", help=HELP, short_help="Validate content (built-in or a pack).")(check)


_PACK_KEY = re.compile(rb"^pack\s*:", re.MULTILINE)


def is_pack(directory: Path) -> bool:
    """A top-level `pack:` key in any file; a text scan, so the YAML is parsed once (by check)."""
    for path in sorted(directory.rglob("*.yaml")):
        try:
            if _PACK_KEY.search(path.read_bytes()):
                return True
        except OSError:
            continue  # reported when the loader reads the file
    return False


def directories_for(directory: Path | None) -> list[Path]:
    from ..errors import CyberdipError
    from ..paths import builtin_content_dir

    if directory is None:
        return [builtin_content_dir()]
    if not directory.is_dir():
        raise CyberdipError(
            f"not a directory: {directory}", hint="give the folder that holds the YAML files"
        )
    return [builtin_content_dir(), directory] if is_pack(directory) else [directory]


# What the summary line counts, in this order.
SECTION_COUNTS = (
    "terms",
    "sources",
    "questions",
    "timeline",
    "topics",
    "discrepancies",
    "incidents",
    "drills",
)


def check(
    directory: Annotated[
        Path | None, typer.Argument(metavar="[DIR]", help="Content directory or pack.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    from ..kb.loader import load

    dirs = directories_for(directory)
    result = load(dirs)
    problems = sorted(result.problems, key=lambda p: (p.path, p.line, p.code))
    kb = result.kb
    counts = {name: len(kb.section(name)) for name in SECTION_COUNTS if name in kb.sections}
    if json_out:
        from ..console import print_json

        print_json(
            {
                "ok": not result.errors,
                "files": len(result.files),
                "counts": counts,
                "problems": [p.__dict__ for p in problems],
            }
        )
    else:
        from ..console import clean

        out = sys.stdout
        for p in problems:
            out.write(clean(p.format()) + "\n")
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        errors, warnings = len(result.errors), len(result.warnings)
        if errors:
            out.write(f"{errors} problem(s) in {len(result.files)} file(s)\n")
        else:
            note = f" ({warnings} warning(s): printed above, not errors)" if warnings else ""
            out.write(f"ok: {len(result.files)} file(s); {summary}{note}\n")
    if result.errors:
        raise typer.Exit(1)
