"""`cyberdip export`: the knowledge base as a study guide, JSON, an Anki deck or CSV."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..complete import complete_topics

FORMATS = ("markdown", "json", "anki", "csv")
CSV_KINDS = ("terms", "incidents")

HELP = """Export the content: a Markdown study guide with footnoted sources, the whole
knowledge base as JSON, an Anki deck (.apkg) of term and quiz cards, or the glossary as CSV.

Markdown, JSON and CSV go to stdout unless --out is given; an Anki deck is binary and
needs --out. An existing file is only replaced with --force, and a file is written whole
or not at all. Re-importing a newer Anki export updates the cards instead of copying them.
Every format is described by `cyberdip help export`.

Examples:

  cyberdip export --format markdown --out study-guide.md

  cyberdip export --format anki --out cyberdip.apkg

  cyberdip export --format anki --reverse --out cyberdip.apkg

  cyberdip export --format json | jq '.terms | length'

  cyberdip export --format csv --topic sanctions

  cyberdip export --format csv --kind incidents --out incidents.csv
"""


def register(app: typer.Typer) -> None:
    app.command("export", help=HELP, short_help="Export a study guide, JSON, an Anki deck or CSV.")(
        export
    )


def complete_formats(incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete.lower())]


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="markdown|json|anki|csv",
            help="What to produce.",
            autocompletion=complete_formats,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Write to this file (default: stdout; required for anki).",
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            metavar="TOPIC",
            help="Only this topic's terms, events and questions.",
            autocompletion=complete_topics,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    reverse: Annotated[
        bool,
        typer.Option(
            "--reverse",
            help="With --format anki: also a reverse card per term (term from definition).",
        ),
    ] = False,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="terms|incidents",
            help="With --format csv: the glossary (default) or the incident table.",
        ),
    ] = None,
) -> None:
    from ..errors import UsageError
    from ..runtime import runtime
    from .options import check_topics

    name = fmt.strip().lower()
    if name not in FORMATS:
        raise UsageError(
            f"unknown export format '{fmt}'", hint="use --format markdown, json, anki or csv"
        )
    rows = (kind or "terms").strip().lower()
    if rows not in CSV_KINDS:
        raise UsageError(f"unknown --kind '{kind}'", hint="use --kind terms or --kind incidents")
    if kind is not None and name != "csv":
        raise UsageError("--kind chooses what a CSV export holds", hint="use it with --format csv")
    if reverse and name != "anki":
        raise UsageError("--reverse adds Anki cards", hint="use it with --format anki")
    if rows == "incidents" and topic:
        raise UsageError(
            "incidents have no topic, so --topic does not apply to --kind incidents",
            hint="leave out --topic",
        )
    if name == "anki" and out is None:
        raise UsageError(
            "--format anki writes a binary .apkg file and needs --out PATH",
            hint="for example: cyberdip export --format anki --out cyberdip.apkg",
        )
    st = runtime(ctx).store()
    topic = (check_topics(st, [topic]) or [None])[0] if topic else None
    if out is not None:
        from ..export.atomic import check_target

        check_target(out, force)  # fail before the work, not after it

    from ..console import clean

    if name == "json":  # written as it is made: a large pack's export is not held whole
        from ..export.jsondump import write_json

        if out is None:
            write_json(sys.stdout.write, st, topic)
            return
        from ..export.atomic import open_atomic

        with open_atomic(out, force) as handle:
            what = write_json(lambda text: handle.write(text.encode("utf-8")), st, topic)
        sys.stderr.write(f"wrote {what} to {clean(out)}\n")
        return
    data, what = _render(name, st, topic, rows, reverse)
    if out is None:
        sys.stdout.write(data)
        return
    from ..export.atomic import write_atomic

    write_atomic(out, data if isinstance(data, bytes) else data.encode("utf-8"), force)
    sys.stderr.write(f"wrote {what} to {clean(out)}\n")


def _render(
    name: str, st, topic: str | None, rows: str = "terms", reverse: bool = False
) -> tuple[str | bytes, str]:
    if name in ("markdown", "csv"):
        from ..progress_bar import work_bar

        size = st.count("term") + st.count("question")
        with work_bar(f"Exporting {name}", size, pulse=True):
            return _render_text(name, st, topic, rows)
    if name == "json":
        from ..export.jsondump import render_json

        return render_json(st, topic)
    from ..export.anki import render_anki

    return render_anki(st, topic, reverse)


def _render_text(name: str, st, topic: str | None, rows: str) -> tuple[str, str]:
    if name == "markdown":
        from ..export.markdown import render_markdown

        return render_markdown(st, topic)
    from ..export.csvdump import render_csv

    return render_csv(st, topic, rows)
