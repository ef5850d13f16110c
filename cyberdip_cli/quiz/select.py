"""Which questions to ask, in which order, with which choice order."""

from __future__ import annotations

import random
from typing import Any

from ..records import record

MODES = ("due", "new", "missed", "all")


@record(frozen=True)
class Presented:
    """A question as shown: its choices in display order and the positions that are right."""

    question: dict[str, Any]
    shown: tuple[str, ...]
    correct: tuple[int, ...]  # for `order`, the positions in the right sequence


def present(question: dict[str, Any], rng: random.Random) -> Presented:
    qtype = question["type"]
    if qtype == "true_false":
        return Presented(question, ("True", "False"), (0,) if question["answer"] else (1,))
    choices = list(question["choices"])
    shown = choices[:]
    rng.shuffle(shown)
    if qtype == "order":
        if shown == choices and len(shown) > 1:  # never show an order question already solved
            shown = shown[1:] + shown[:1]
        return Presented(question, tuple(shown), tuple(shown.index(c) for c in choices))
    answers = [question["answer"]] if qtype == "single" else question["answer"]
    return Presented(question, tuple(shown), tuple(sorted(shown.index(a) for a in answers)))


def choose(pool: list[str], **rules: Any) -> list[str]:
    """`choose_from` over a plain list of ids (the rules are the same; see `choose_from`)."""
    return choose_from(ListPool(pool), **rules)


class ListPool:
    """The pool interface of the store's QuizPool (kb/store.py) over ids already in hand."""

    def __init__(self, ids: list[str]):
        self.ids = list(ids)

    def within(self, ids: list[str]) -> list[str]:
        inside = set(self.ids)
        return [i for i in ids if i in inside]

    def sample(self, count: int, rng: random.Random, exclude: Any = frozenset()) -> list[str]:
        fresh = [i for i in self.ids if i not in exclude] if exclude else self.ids
        return rng.sample(fresh, min(max(count, 0), len(fresh)))


def choose_from(
    pool: Any,
    *,
    mode: str,
    count: int,
    seed: int,
    due_ids: list[str],
    seen_ids: set[str],
    missed_ids: list[str],
) -> list[str]:
    """Question ids to ask, from `pool` (the store's QuizPool, or a ListPool): missed ones
    in the order missed; or random ones; or the due ones first (most overdue first), then
    new ones. Random picks are samples, so the cost follows `count` rather than the size
    of the bank; the same seed gives the same picks."""
    rng = random.Random(seed)
    if mode == "missed":
        return pool.within(missed_ids)[:count]
    if mode == "all":
        return pool.sample(count, rng)
    due = pool.within(due_ids) if due_ids and mode != "new" else []
    if len(due) >= count:
        return due[:count]
    new = pool.sample(count - len(due) if mode != "new" else count, rng, exclude=seen_ids)
    return new if mode == "new" else due + new  # due first (most overdue first), then new
