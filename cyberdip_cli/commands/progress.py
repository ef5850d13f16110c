"""`cyberdip progress`: what you have answered, what is due, and where you are weakest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

HELP = """Your saved quiz progress: answers, accuracy overall and per topic, mastered
questions, what is due today and this week, your streak of days and the terms to review.

Progress lives in a SQLite file under your user data folder (or CYBERDIP_HOME).

--export writes your per-question results for a trainer, with your name in it (--learner,
else CYBERDIP_LEARNER, else your login name); a trainer merges a class's JSON exports with
`cyberdip report`. The format is in `cyberdip help export`.

Examples:

  cyberdip progress

  cyberdip progress --export json --learner "Anna K" --out anna.json

  cyberdip progress --export csv --out results.csv

  cyberdip progress --reset --yes

  cyberdip progress --repair
"""


def register(app: typer.Typer) -> None:
    app.command(
        "progress", help=HELP, short_help="Your saved progress; export, reset or repair it."
    )(progress)


def progress(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    export: Annotated[
        str | None,
        typer.Option(
            "--export", metavar="csv|json", help="Export per-question results for a trainer."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="PATH", help="Write the export here (default: stdout)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    learner: Annotated[
        str | None,
        typer.Option(
            "--learner",
            metavar="NAME",
            help="Name written into --export (default: CYBERDIP_LEARNER, else your login name).",
        ),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete all saved progress (asks first).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    repair: Annotated[
        bool, typer.Option("--repair", help="Rebuild a damaged database, keeping a backup.")
    ] = False,
) -> None:
    from ..console import print_json
    from ..errors import UsageError
    from ..paths import progress_db_path
    from ..quiz.progress import open_progress
    from ..runtime import runtime

    path = progress_db_path()
    if repair:
        _repair(path)
        return
    if export and export not in ("csv", "json"):
        raise UsageError(
            f"unknown export format '{export}'", hint="use --export csv or --export json"
        )
    store = open_progress(path)
    try:
        if reset:
            _reset(store, yes)
            return
        content = runtime(ctx).store()
        data = _stats(store, content)
        if export:
            from ..export.progress import learner_name, progress_export

            name = learner_name(learner, store)
            questions = content.get_many("question", sorted(data["questions"]))
            prompts = {q["id"]: q["prompt"] for q in questions}
            answers = store.answers()
    finally:
        store.close()
    if export:
        progress_export(data, export, out, force, name, answers, prompts)
        return
    if json_out:
        data.pop("questions")
        print_json(data)
        return
    from ..render.progress import render_progress

    rt = runtime(ctx)
    rt.console().print(render_progress(rt.look, data))


def _stats(store, content) -> dict:
    from ..quiz.scheduler import utcnow
    from ..quiz.stats import compute

    cards = store.cards()
    answers = store.answers()
    asked = sorted(set(cards) | {a["question_id"] for a in answers})
    questions = {q["id"]: q for q in content.get_many("question", asked)}
    data = compute(answers, cards, questions, utcnow(), available=content.count("question"))
    _name_things(data, content)
    return data


def _name_things(data: dict, content) -> None:
    """Names beside the ids, for people: a term's name and a topic's title (--json keeps the
    ids under their old keys and adds `name`/`title`)."""
    for weak in data["weakest_terms"]:
        term = content.get("term", weak["term"])
        weak["name"] = term["term"] if term else weak["term"]
    for topic_id, row in data["topics"].items():
        topic = content.get("topic", topic_id)
        row["title"] = topic["title"] if topic else topic_id


def _reset(store, yes: bool) -> None:
    import sys

    from ..errors import CyberdipError

    if not yes:
        if not sys.stdin.isatty():
            raise CyberdipError(
                "--reset needs confirmation", hint="add --yes to reset without a prompt"
            )
        if not typer.confirm("Delete all saved quiz progress?", default=False):
            typer.echo("Nothing deleted.")
            return
    count = store.reset()
    typer.echo(f"Deleted {count} saved answer(s).")


def _repair(path: Path) -> None:
    from ..quiz.progress import repair

    backup, recovered = repair(path)
    if backup is None:
        typer.echo(f"No progress database at {path}; nothing to repair.")
        return
    typer.echo(f"Kept the old database as {backup}.")
    typer.echo(f"Rebuilt {path} with {recovered} recovered answer(s).")
