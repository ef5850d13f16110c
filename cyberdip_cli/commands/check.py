"""`cyberdip check`: validate content and report every problem with file and line."""

import sys
from pathlib import Path
from typing import Annotated

import typer

HELP = """Validate content: the built-in content, or one or more content directories or
packs, checked together as they would be loaded.

When any DIR has a `pack:` section, the built-in content is loaded first (a pack's
references may point at built-in terms and sources), then every DIR in the order given;
when none is a pack, the DIRs are checked together on their own. `cyberdip --no-builtin check DIR...`
leaves the built-in content out. The same folder given twice (or through a symlink) is
checked once. Every problem is printed as `file:line: entry: message [CODE]`; codes are
listed by `cyberdip help content`. Exits 1 when anything is wrong; warnings (W codes) are
printed and exit 0.

Examples:

  cyberdip check

  cyberdip check ./my-pack

  cyberdip check my-course pack2
"""


def register(app: typer.Typer) -> None:
    app.command("check", help=HELP, short_help="Validate content (built-in or packs).")(check)


def directories_for(directories: list[Path] | None, builtin: bool = True) -> list[Path]:
    from ..errors import CyberdipError, UsageError
    from ..paths import builtin_content_dir, check_dirs

    if not directories:
        if not builtin:
            raise UsageError("--no-builtin check needs at least one DIR")
        return [builtin_content_dir()]
    for directory in directories:
        if not directory.is_dir():
            raise CyberdipError(
                f"not a directory: {directory}", hint="give the folder that holds the YAML files"
            )
    return check_dirs(directories, builtin)


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
    ctx: typer.Context,
    directories: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[DIR]...", help="Content directories or packs, checked together."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    from ..kb.loader import load
    from ..runtime import runtime

    dirs = directories_for(directories, runtime(ctx).builtin)
    result = load(dirs, keep_records=False)
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
