"""`cyberdip report`: merge a class's progress exports into one table for the trainer."""

from pathlib import Path
from typing import Annotated

import typer

HELP = """A class report from learners' progress exports: per learner (answers,
accuracy), per topic (weakest first), the questions most often missed and, for each, the
wrong answer chosen most often.

Each learner runs `cyberdip progress --export json --learner NAME --out NAME.json` and
sends the file; the report reads only those files (no progress database). A file that is
not JSON or not a progress export stops the report with one line naming it (exit 1). The
formats are in `cyberdip help export`.

Examples:

  cyberdip report class/*.json

  cyberdip report anna.json ben.json --csv > class.csv

  cyberdip report class/*.json --json | jq '.questions[0]'
"""


def register(app: typer.Typer) -> None:
    app.command("report", help=HELP, short_help="A class report from progress exports.")(report)


def report(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...", help="JSON files from `cyberdip progress --export json`."
        ),
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    csv_out: Annotated[
        bool, typer.Option("--csv", help="Print the report as CSV (one `table` column).")
    ] = False,
) -> None:
    import sys

    from ..errors import UsageError
    from ..runtime import runtime
    from ..views.report import class_report, report_csv

    if json_out and csv_out:
        raise UsageError("--json and --csv are two outputs; choose one")
    data = class_report(files)
    if csv_out:
        sys.stdout.write(report_csv(data))
        return
    from ..render.report import render_report

    runtime(ctx).emit(data, render_report, json_out, long=True)
