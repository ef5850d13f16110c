"""How an answer is graded: a score from 0 to 1 and a mark for every choice.

- single and true/false: 1 or 0;
- multi: each right pick earns 1/(right choices) and each wrong pick costs 1/(wrong
  choices), never below 0, so picking everything earns nothing and so does guessing;
- order: the share of positions in place.
The score goes to the FSRS rating through scheduler.rating_for, the one function the drills
use too: below 0.5 Again, 0.5 up to 1 Hard, 1 Good (Hard when slow, Easy when quick).
"""

from enum import StrEnum

from ..records import record
from .select import Presented


class Mark(StrEnum):
    RIGHT = "right"  # picked, and right (or in place, for order)
    WRONG = "wrong"  # picked, and wrong (or out of place)
    MISSED = "missed"  # right, but not picked
    NONE = ""  # neither picked nor right


@record(frozen=True)
class Grade:
    score: float
    marks: tuple[Mark, ...]  # one per shown choice (order: one per answered position)
    in_place: int = 0  # order questions: how many positions were right

    @property
    def correct(self) -> bool:
        return self.score == 1.0


def grade(presented: Presented, picks: tuple[int, ...]) -> Grade:
    qtype = presented.question["type"]
    if qtype == "order":
        return _grade_order(presented, picks)
    right = set(presented.correct)
    chosen = set(picks)
    marks = tuple(
        Mark.RIGHT
        if i in chosen and i in right
        else Mark.WRONG
        if i in chosen
        else Mark.MISSED
        if i in right
        else Mark.NONE
        for i in range(len(presented.shown))
    )
    if qtype != "multi":
        return Grade(1.0 if chosen == right else 0.0, marks)
    hits, slips = len(chosen & right), len(chosen - right)
    wrong = len(presented.shown) - len(right)
    penalty = slips / wrong if wrong else 0.0
    return Grade(max(0.0, hits / len(right) - penalty), marks)


def _grade_order(presented: Presented, picks: tuple[int, ...]) -> Grade:
    marks = tuple(
        Mark.RIGHT if pick == want else Mark.WRONG
        for pick, want in zip(picks, presented.correct, strict=False)
    )
    in_place = sum(m is Mark.RIGHT for m in marks)
    return Grade(in_place / len(presented.correct), marks, in_place)
