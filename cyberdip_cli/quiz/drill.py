"""One decision drill: a dated briefing, 3 to 5 decisions, then what the EU actually did.

The record is revealed only after the last decision, and the run is saved before it is
shown. A run cut short (q, end of input, Ctrl-C) is kept as practice: it changes no
schedule, and nothing of the record is shown.
"""

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from ..records import factory, record
from .input import ReadLine, read_answer, wait_for_enter


@record(frozen=True)
class StepResult:
    step: dict[str, Any]
    shown: list[dict[str, Any]]  # the choices in the order shown
    pick: int  # position in `shown`

    @property
    def choice(self) -> dict[str, Any]:
        return self.shown[self.pick]

    @property
    def score(self) -> float:
        return float(self.choice["score"])

    @property
    def index(self) -> int:
        """The choice's position in the content, stable whatever the shuffle."""
        return self.step["choices"].index(self.choice)


@record
class DrillOutcome:
    drill: dict[str, Any]
    results: list[StepResult] = factory(list)
    ended_by: str = "done"  # done | quit | eof | interrupt

    @property
    def finished(self) -> bool:
        return self.ended_by == "done"

    @property
    def score(self) -> float:
        """The mean step score, 0..1 (partial credit counts half)."""
        return sum(r.score for r in self.results) / len(self.results) if self.results else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "drill": self.drill["id"],
            "ended_by": self.ended_by,
            "score": round(self.score, 3),
            "steps": [
                {
                    "step": r.step["id"],
                    "choice": r.choice["text"],
                    "score": r.score,
                    "best": [c["text"] for c in r.step["choices"] if c["score"] == 1],
                }
                for r in self.results
            ],
        }


class DrillSession:
    def __init__(
        self,
        drill: dict[str, Any],
        view,  # render.drill.DrillView
        read_line: ReadLine,
        save: Callable[[DrillOutcome, dt.datetime, dt.datetime], None],
        seed: int,
        clock: Callable[[], dt.datetime],
        interactive: bool = False,
    ):
        self.drill, self.view, self.read_line, self.save = drill, view, read_line, save
        self.rng = random.Random(seed)
        self.clock = clock
        self.interactive = interactive

    def run(self) -> DrillOutcome:
        outcome = DrillOutcome(self.drill)
        started = self.clock()
        try:
            self.view.briefing(self.drill)
            steps = self.drill["steps"]
            for number, step in enumerate(steps, 1):
                result = self._decide(step, number, len(steps), outcome)
                if result is None:
                    break
                outcome.results.append(result)
                if number < len(steps) and not wait_for_enter(self.read_line, self.interactive):
                    outcome.ended_by = "eof"
                    break
        except KeyboardInterrupt:
            outcome.ended_by = "interrupt"
        if outcome.results:
            self.save(outcome, started, self.clock())
        return outcome

    def _decide(
        self, step: dict, number: int, total: int, outcome: DrillOutcome
    ) -> StepResult | None:
        shown = list(step["choices"])
        self.rng.shuffle(shown)
        self.view.step(step, shown, number, total)
        read = read_answer(
            self.read_line,
            "decision> ",
            "single",
            len(shown),
            on_hint=lambda: self.view.hint(step),
            on_invalid=self.view.invalid,
        )
        if read.parsed is None:
            outcome.ended_by = read.ended_by or "eof"
            return None
        result = StepResult(step, shown, read.parsed.picks[0])
        self.view.feedback(result)
        return result
