"""`cyberdip quiz`: a self-quiz with explanations, saved progress and spaced repetition."""

from typing import Annotated

import typer

from ..complete import complete_topics

HELP = """Quiz yourself, one question at a time, with an explanation and its sources after
each answer. Every answer is saved at once; FSRS spaced repetition decides what is due, and
the quiz serves every card due now first, then cards whose content changed since you
studied them (at most 20 a day), then new ones.

Answer with a letter (or number); for several answers `a,c`; for order questions the
letters in order, `b a c`. Type ? for a hint and q to quit. Multi-answer and order
questions earn partial credit: each right pick earns its share of the right choices and
each wrong pick costs its share of the wrong ones; for order, the share of positions in place. Below half counts as Again for the schedule, from half up Hard, a full
answer Good (Easy when quick, Hard when slow). Answers can also come from a pipe, one per
line. --topic takes a content pack's name too.

Examples:

  cyberdip quiz

  cyberdip quiz --count 5 --topic sanctions

  cyberdip quiz --count 5 --practice

  printf 'a\\n' | cyberdip quiz --question q-incidents-01
"""


def register(app: typer.Typer) -> None:
    app.command("quiz", help=HELP, short_help="Quiz yourself; progress is saved and scheduled.")(
        quiz
    )


def _complete_mode(incomplete: str) -> list[str]:
    from ..quiz.select import MODES

    return [m for m in MODES if m.startswith(incomplete)]


def quiz(
    ctx: typer.Context,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, max=500, help="How many questions.")
    ] = 10,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            "-t",
            metavar="TOPIC",
            help="Only this topic (repeatable).",
            autocompletion=complete_topics,
        ),
    ] = None,
    difficulty: Annotated[
        int | None,
        typer.Option("--difficulty", "-d", min=1, max=3, help="1 easy, 2 medium, 3 hard."),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="The same number gives the same questions in the same order (for scripts and tests).",
        ),
    ] = None,
    mode: Annotated[
        str,
        typer.Option(
            "--mode",
            metavar="MODE",
            help="due (due first, then new), new, missed or all.",
            autocompletion=_complete_mode,
        ),
    ] = "due",
    question: Annotated[
        str | None, typer.Option("--question", metavar="ID", help="Ask this one question.")
    ] = None,
    generated: Annotated[
        bool,
        typer.Option(
            "--generated/--no-generated", help="Include questions generated from the glossary."
        ),
    ] = True,
    practice: Annotated[
        bool,
        typer.Option(
            "--practice",
            help="Cram: answers are saved but change no schedule (nothing becomes due or mastered).",
        ),
    ] = False,
) -> None:
    from ..errors import CyberdipError
    from ..quiz.plan import Plan, plan_session, random_seed
    from ..quiz.progress import open_progress
    from ..quiz.scheduler import utcnow
    from ..quiz.select import MODES
    from ..runtime import runtime

    if mode not in MODES:
        from ..kb.find import find_choice

        mode = find_choice(mode, list(MODES), "mode")
    rt = runtime(ctx)
    st = rt.store()
    topics, packs = _topics_and_packs(st, topic)
    pool = st.quiz_pool(topics, difficulty, include_generated=generated, packs=packs)
    seed = seed if seed is not None else random_seed()
    with open_progress() as progress:
        progress.apply_renames(st.renames())  # a renamed question keeps its history
        now = utcnow()
        if question:
            plan = Plan(questions=st.get_many("question", [question]))
            if not plan.questions:
                raise CyberdipError(
                    f"no question has the id '{question}'", hint="find one with `cyberdip search`"
                )
        else:
            plan = plan_session(st, progress, pool=pool, mode=mode, count=count, seed=seed, now=now)
        if not plan.questions:
            what = {"missed": "no missed question to review", "new": "no new question left"}.get(
                mode,
                "nothing is due now and no new question is left" if pool else "no question fits",
            )
            hint = "try --mode all, or drop --topic/--difficulty"
            if pool and plan.due_later_today:
                hint = f"{plan.due_later_today} more fall due later today; or try --mode all"
            raise CyberdipError(what, hint=hint)
        summary, view = _run(rt, st, progress, plan, seed, practice, question is None)
    view.summary(summary.to_dict())
    if summary.ended_by == "interrupt":
        raise typer.Exit(130)


def _topics_and_packs(st, names: list[str] | None) -> tuple[list[str] | None, list[str] | None]:
    """`--topic` takes topics and pack names alike."""
    if not names:
        return None, None
    from ..kb.match import key
    from .options import check_topics

    packs = {key(p): p for p in st.pack_names()}
    chosen_packs = [packs[key(n)] for n in names or [] if key(n) in packs]
    others = [n for n in names or [] if key(n) not in packs]
    return check_topics(st, others) or None, chosen_packs or None


def _run(rt, st, progress, plan, seed: int, practice: bool, opening: bool):
    import sys

    from ..quiz.input import line_reader
    from ..quiz.scheduler import utcnow
    from ..quiz.session import QuizSession
    from ..render.quiz import QuizView

    interactive = sys.stdin.isatty()
    view = QuizView(rt.console(), st, rt.look)
    if opening:
        view.opening(plan.due_now, plan.due_later_today, plan.new, plan.changed, practice)
    session = QuizSession(
        plan.questions,
        progress,
        view,
        line_reader(interactive),
        seed,
        clock=utcnow,
        practice=practice,
        interactive=interactive,
        leeches=set(progress.leeches()),
    )
    return session.run(), view
