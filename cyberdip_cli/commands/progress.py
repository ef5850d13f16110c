"""`cyberdip progress`: what you have answered, what is due, and where you are weakest."""

from pathlib import Path
from typing import Annotated

import typer

from ..complete import choices
from .options import PlainOption

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

  cyberdip progress --restore ~/.local/share/cyberdip/progress.sqlite3.bak-20250101-120000
"""


def register(app: typer.Typer) -> None:
    app.command(
        "progress", help=HELP, short_help="Your saved progress; export, reset or repair it."
    )(progress)


def progress(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plain: PlainOption = False,
    export: Annotated[
        str | None,
        typer.Option(
            "--export",
            metavar="csv|json",
            help="Export per-question results for a trainer.",
            autocompletion=choices("csv", "json"),
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
    restore: Annotated[
        Path | None,
        typer.Option("--restore", metavar="BACKUP", help="Make a backup the live progress again."),
    ] = None,
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
    if restore is not None:
        _restore(path, restore)
        return
    if export and export not in ("csv", "json"):
        raise UsageError(
            f"unknown export format '{export}'", hint="use --export csv or --export json"
        )
    with open_progress(path) as store:
        if reset:
            _reset(store, yes)
            return
        content = runtime(ctx).store()
        store.apply_renames(content.renames())
        data = _stats(store, content)
        if export:
            from ..export.progress import learner_name, progress_export

            name = learner_name(learner, store)
            questions = content.get_many("question", sorted(data["questions"]))
            prompts = {q["id"]: q["prompt"] for q in questions}
            answers = store.answers()
    if export:
        progress_export(data, export, out, force, name, answers, prompts)
        return
    if json_out:
        data.pop("questions")
        print_json(data)
        return
    from ..render.progress import render_progress

    rt = runtime(ctx)
    rt.show(render_progress(rt.look, data))


def _stats(store, content) -> dict:
    from ..quiz.plan import changed_cards
    from ..quiz.scheduler import utcnow
    from ..quiz.stats import compute

    now = utcnow()
    cards = store.cards()
    answers = store.answers()
    asked = sorted(set(cards) | {a["question_id"] for a in answers})
    questions = {q["id"]: q for q in content.get_many("question", asked)}
    data = compute(answers, cards, questions, now, available=content.count("question"))
    _name_things(data, content)
    # The same counts the quiz opens with: due now, and due later today.
    due_now = store.due_before(now)
    data["due_now"] = len(due_now)
    data["due_later_today"] = len(store.due_today(now)) - len(due_now)
    data["next_review"] = _next_review(cards, now)
    data["leeches"] = [_named(questions, q) for q in store.leeches()]
    data["changed"] = [_named(questions, q) for q in changed_cards(content, store)]
    data["drills"] = _drills(store, now)
    return data


def _drills(store, now) -> dict:
    """Drills apart from quiz cards: runs finished, their average score, what is due."""
    from ..quiz.progress import Kind

    runs = [r for r in store.drill_runs() if not r.practice]
    return {
        "done": len(runs),
        "drills_played": len({r.drill_id for r in runs}),
        "average_score": round(sum(r.score for r in runs) / len(runs), 3) if runs else None,
        "due_now": len(store.due_before(now, kind=Kind.DRILL)),
    }


def _name_things(data: dict, content) -> None:
    """Names beside the ids, for people: a term's name and a topic's title (--json keeps the
    ids under their old keys and adds `name`/`title`)."""
    for weak in data["weakest_terms"]:
        term = content.get("term", weak["term"])
        weak["name"] = term["term"] if term else weak["term"]
    for topic_id, row in data["topics"].items():
        topic = content.get("topic", topic_id)
        row["title"] = topic["title"] if topic else topic_id


def _named(questions: dict, qid: str) -> dict:
    """A question as a learner recognises it: its prompt, with the id kept for --json."""
    q = questions.get(qid) or {}
    return {"id": qid, "prompt": q.get("prompt", qid), "topic": q.get("topic")}


def _next_review(cards: dict, now) -> str | None:
    """When the next card not yet due falls due (UTC, ISO)."""
    from ..quiz.scheduler import as_utc, parse_utc

    later = []
    for card in cards.values():
        try:
            at = parse_utc(card["due"])
        except ValueError:
            continue
        if at > as_utc(now):
            later.append(at)
    return min(later).isoformat() if later else None


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
    from ..console import clean
    from ..quiz.repair import repair

    result = repair(path)
    if result.backup is None:
        typer.echo(f"No progress database at {clean(path)}; nothing to repair.")
        return
    typer.echo(f"Kept the old database as {clean(result.backup)}.")
    typer.echo(f"Rebuilt {clean(path)} with {result.recovered} recovered answer(s).")
    if result.skipped:
        typer.echo(f"Left out {result.skipped} invalid answer row(s); the backup still has them.")


def _restore(path: Path, backup: Path) -> None:
    from ..console import clean
    from ..quiz.repair import restore

    result = restore(path, backup)
    if result.kept_as is not None:
        typer.echo(f"Kept the replaced database as {clean(result.kept_as)}.")
    typer.echo(f"Restored {clean(path)} from {clean(backup)}: {result.answers} answer(s).")
