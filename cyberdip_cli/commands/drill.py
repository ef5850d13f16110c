"""`cyberdip drill`: decide on a real incident as it stood, then see what the EU did."""

from typing import Annotated

import typer

from ..complete import complete_drills
from .options import JsonOption, PlainOption

HELP = """Decision drills on real incidents: a briefing as it stood on a date, then three to
five decisions (how sure is the attribution, which axis, which toolbox measure, what stands
in the way), with the reasoning for every choice. Only after the last decision is the
record revealed: what the EU and its Member States actually did, when, and by which act.

Without an id, the list of drills with your last score and when each is due again. Answer
with a letter; ? for a hint, q to quit. Results are saved and scheduled like quiz cards.

Examples:

  cyberdip drill

  cyberdip drill drill-notpetya

  cyberdip drill drill-notpetya --read      (the whole case, for a trainer to hand out)
"""


def register(app: typer.Typer) -> None:
    app.command("drill", help=HELP, short_help="Decision drills on real incidents.")(drill)


def drill(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]",
            help="The drill (id, title or incident).",
            autocompletion=complete_drills,
        ),
    ] = None,
    read: Annotated[
        bool, typer.Option("--read", help="Print the whole case with the answers and the record.")
    ] = False,
    seed: Annotated[
        int | None, typer.Option("--seed", help="The same number gives the same choice order.")
    ] = None,
    json_out: JsonOption = False,
    plain: PlainOption = False,
) -> None:
    from ..kb.find import find_one
    from ..runtime import runtime
    from ..views import drill as views

    rt = runtime(ctx)
    st = rt.store()
    query = " ".join(words or []).strip()
    if not query:
        _list(rt, st, json_out)
        return
    drill_id = find_one(st, query, ("drill",), "drill", "cyberdip drill")
    record = st.get("drill", drill_id)
    if json_out:
        from ..console import print_json

        print_json(views.drill_structure(st, record))
        return
    if read:
        from ..render.drill import render_handout

        rt.emit(views.handout_view(st, record), render_handout, False, long=True)
        return
    _play(rt, st, record, seed)


def _list(rt, st, json_out: bool) -> None:
    from ..paths import progress_db_path
    from ..quiz.progress import Kind, ProgressStore
    from ..render.drill import render_drills
    from ..views.drill import drill_rows

    path = progress_db_path()
    runs: dict[str, dict] = {}
    cards: dict[str, dict] = {}
    if path.exists():
        with ProgressStore(path) as progress:
            for run in progress.drill_runs():
                entry = runs.setdefault(run.drill_id, {"score": run.score, "runs": 0})
                entry["runs"] += 1
                entry["score"] = run.score  # runs come oldest first: the last one wins
            cards = {k: dict(v) for k, v in progress.cards(Kind.DRILL).items()}
    rows = drill_rows(st, runs, cards)
    rt.emit(rows, render_drills, json_out, long=True)


def _play(rt, st, record: dict, seed: int | None) -> None:
    import random
    import sys

    from ..quiz.drill import DrillSession
    from ..quiz.input import line_reader
    from ..quiz.progress import DrillChoice, open_progress
    from ..quiz.scheduler import utcnow
    from ..render.drill import DrillView
    from ..views.drill import reveal_view

    interactive = sys.stdin.isatty()
    view = DrillView(rt.console(), rt.look)
    with open_progress() as progress:

        def save(outcome, started, finished) -> None:
            choices = [DrillChoice(r.step["id"], r.index, r.score) for r in outcome.results]
            progress.record_drill_run(
                record["id"],
                started,
                finished,
                choices,
                score=outcome.score,
                practice=not outcome.finished,
                topic="incidents",
            )

        session = DrillSession(
            record,
            view,
            line_reader(interactive),
            save,
            seed if seed is not None else random.randrange(2**31),
            clock=utcnow,
            interactive=interactive,
        )
        outcome = session.run()
    if outcome.finished:
        view.reveal(reveal_view(st, record), outcome)
    else:
        view.stopped(outcome)
    if outcome.ended_by == "interrupt":
        raise typer.Exit(130)
