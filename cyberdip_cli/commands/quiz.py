"""`cyberdip quiz`: a self-quiz with explanations, saved progress and spaced repetition."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..complete import complete_topics

HELP = """Quiz yourself, one question at a time, with an explanation and its source after each
answer. Every answer is saved at once; FSRS spaced repetition decides what is due.

Answer with a letter (or number); for several answers `a,c`; for order questions the
letters in order, `b a c`. Type ? for a hint and q to quit. Answers can also come from a
pipe, one per line.

Examples:

  cyberdip quiz

  cyberdip quiz --count 5 --topic sanctions

  cyberdip quiz --mode missed

  printf 'a\\nb\\n' | cyberdip quiz --count 2 --seed 7
"""


def register(app: typer.Typer) -> None:
    app.command("quiz", help=HELP, short_help="Quiz yourself; progress is saved and scheduled.")(
        quiz
    )


def _complete_mode(incomplete: str) -> list[str]:
    from ..quiz.select import MODES

    return [m for m in MODES if m.startswith(incomplete)]


def quiz(
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
        int | None, typer.Option("--seed", help="Same seed, same questions and choice order.")
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
) -> None:
    import random

    from ..console import make_console
    from ..errors import CyberdipError, UsageError
    from ..quiz.progress import open_progress
    from ..quiz.scheduler import utcnow
    from ..quiz.select import MODES, choose
    from ..quiz.session import QuizSession
    from ..render.quiz import QuizView
    from ..state import store

    if mode not in MODES:
        raise UsageError(f"unknown mode '{mode}'", hint=f"use one of: {', '.join(MODES)}")
    st = store()
    for name in topic or []:
        if st.get("topic", name) is None:
            raise UsageError(
                f"unknown topic '{name}'", hint="topics: " + ", ".join(st.ids("topic"))
            )
    pool = st.quiz_ids(topic, difficulty, include_generated=generated)
    progress = open_progress()
    now = utcnow()
    seed = seed if seed is not None else random.randrange(2**31)
    if question:
        chosen = st.get_many("question", [question])
        if not chosen:
            raise CyberdipError(
                f"no question has the id '{question}'", hint="find one with `cyberdip search`"
            )
    else:
        picked = choose(
            pool,
            mode=mode,
            count=count,
            seed=seed,
            due_ids=progress.due_before(now),
            seen_ids=progress.seen(),
            missed_ids=progress.missed(),
        )
        chosen = st.get_many("question", picked)
    if not chosen:
        what = {"missed": "no missed question to review", "new": "no new question left"}.get(
            mode, "no question fits"
        )
        raise CyberdipError(what, hint="try --mode all, or drop --topic/--difficulty")
    console = make_console()
    view = QuizView(console, st)
    session = QuizSession(chosen, progress, view, _reader(console), seed, clock=utcnow)
    try:
        summary = session.run()
    finally:
        progress.close()
    view.summary(summary.to_dict())
    if summary.ended_by == "interrupt":
        raise typer.Exit(130)


def _reader(console):
    """Read one answer: with line editing in a terminal, plain lines from a pipe; None at EOF."""
    import contextlib

    from ..console import clean

    interactive = sys.stdin.isatty()
    # Bytes that are not UTF-8 become U+FFFD (and a re-prompt) instead of a UnicodeDecodeError
    # that also lost the valid answers decoded from the same buffer.
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdin.reconfigure(errors="replace")

    def read_line(prompt: str) -> str | None:
        if interactive:
            try:
                return input(prompt)
            except EOFError:
                return None
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        # Echo the piped answer so a transcript reads like the terminal session did.
        sys.stdout.write(clean(line.rstrip("\r\n")) + "\n")
        return line.rstrip("\n") if line else None

    return read_line
