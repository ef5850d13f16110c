"""One quiz run: ask, read, grade, save at once, explain; then summarise.

Input comes from a `read_line` callable that returns None at end of input, so the same loop
serves a terminal, a pipe, a screen reader and the tests.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Any

from ..records import factory, record
from .input import read_answer
from .progress import Answer, ProgressStore
from .scoring import Grade, grade
from .select import Presented, present


@record
class Outcome:
    question: dict[str, Any]
    presented: Presented
    grade: Grade
    picks: tuple[int, ...]
    seconds: float

    @property
    def correct(self) -> bool:
        return self.grade.correct


@record
class Summary:
    asked: int
    outcomes: list[Outcome] = factory(list)
    seconds: float = 0.0
    ended_by: str = "done"  # done | quit | eof | interrupt

    @property
    def score(self) -> int:
        """Questions answered fully right."""
        return sum(o.correct for o in self.outcomes)

    @property
    def points(self) -> float:
        """The sum of the scores, partial credit included."""
        return sum(o.grade.score for o in self.outcomes)

    def to_dict(self) -> dict[str, Any]:
        topics: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            row = topics.setdefault(
                o.question["topic"], {"answered": 0, "correct": 0, "points": 0.0}
            )
            row["answered"] += 1
            row["correct"] += o.correct
            row["points"] += o.grade.score
        return {
            "asked": self.asked,
            "answered": len(self.outcomes),
            "correct": self.score,
            "points": round(self.points, 2),
            "seconds": round(self.seconds, 1),
            "ended_by": self.ended_by,
            "topics": topics,
            "missed": [
                {
                    "id": o.question["id"],
                    "prompt": o.question["prompt"],
                    "answer": [o.presented.shown[i] for i in o.presented.correct],
                    "score": round(o.grade.score, 2),
                }
                for o in self.outcomes
                if not o.correct
            ],
        }


class QuizSession:
    def __init__(
        self,
        questions: list[dict[str, Any]],
        progress: ProgressStore,
        view,  # render.quiz.QuizView: everything the learner sees
        read_line: Callable[[str], str | None],
        seed: int,
        clock: Callable[[], dt.datetime],
        timer: Callable[[], float] = time.monotonic,
        *,
        practice: bool = False,
        interactive: bool = False,
        fingerprints: dict[str, str] | None = None,
        leeches: set[str] | None = None,
    ):
        self.questions = questions
        self.progress = progress
        self.view = view
        self.read_line = read_line
        self.rng = random.Random(seed)
        self.clock = clock
        self.timer = timer
        self.practice = practice  # answers are kept, schedules are not touched
        self.interactive = interactive  # wait for Enter after each explanation
        self.fingerprints = fingerprints or {}
        self.leeches = leeches or set()

    def run(self) -> Summary:
        summary = Summary(asked=len(self.questions))
        started = self.timer()
        try:
            for number, question in enumerate(self.questions, 1):
                outcome = self._ask(question, number, summary)
                if outcome is None:
                    break
                summary.outcomes.append(outcome)
                last = number == len(self.questions)
                if not last and not self._pause(question):
                    summary.ended_by = "eof"
                    break
        except KeyboardInterrupt:
            summary.ended_by = "interrupt"
        summary.seconds = self.timer() - started
        return summary

    def _ask(self, question: dict[str, Any], number: int, summary: Summary) -> Outcome | None:
        presented = present(question, self.rng)
        self.view.question(presented, number, summary.asked, summary.score, len(summary.outcomes))
        if question["id"] in self.leeches:
            self.view.leech(question)
        asked_at = self.timer()
        read = read_answer(
            self.read_line,
            self.view.prompt(question["type"]),
            question["type"],
            len(presented.shown),
            on_hint=lambda: self.view.hint(question),
            on_invalid=self.view.invalid,
        )
        if read.parsed is None:
            summary.ended_by = read.ended_by or "eof"
            return None
        parsed = read.parsed
        seconds = self.timer() - asked_at
        result = grade(presented, parsed.picks)
        given = " | ".join(presented.shown[i] for i in parsed.picks)
        answer = Answer(
            question["id"],
            question["topic"],
            result.correct,
            seconds,
            given,
            score=result.score,
            fingerprint=question.get("fingerprint") or "",
            practice=self.practice,
        )
        # Saved before the feedback is shown: a kill after this line loses nothing.
        self.progress.record(answer, self.clock())
        self.view.feedback(presented, result, parsed.picks)
        return Outcome(question, presented, result, parsed.picks, seconds)

    def _pause(self, question: dict[str, Any]) -> bool:
        """Hold the verdict on screen until Enter; `s` shows the full sources first."""
        if not self.interactive:
            return True
        while True:
            line = self.read_line("Enter for the next question (s: sources) ")
            if line is None:
                return False
            if line.strip().lower() != "s":
                return True
            self.view.sources(question)
