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


def choose(
    pool: list[str],
    *,
    mode: str,
    count: int,
    seed: int,
    due_ids: list[str],
    seen_ids: set[str],
    missed_ids: list[str],
) -> list[str]:
    """Question ids to ask, from `pool` (the ids that pass the topic and difficulty filters).

    Random picks are samples, not shuffles of the whole pool, so the cost follows `count`
    rather than the size of the bank; the same seed gives the same picks.
    """
    rng = random.Random(seed)
    if mode == "missed":
        return _within(missed_ids, pool)[:count]
    if mode == "all":
        return rng.sample(pool, min(count, len(pool)))
    fresh = [i for i in pool if i not in seen_ids] if seen_ids else pool
    new = rng.sample(fresh, min(count, len(fresh)))
    if mode == "new":
        return new
    return (_within(due_ids, pool) + new)[:count]  # due first (most overdue first), then new


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
    """`choose` over the store's QuizPool (kb/store.py): the same rules, with the pool asked
    for what `choose` computes from a list (the draws differ, the rules do not)."""
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


def _within(ids: list[str], pool: list[str]) -> list[str]:
    if not ids:
        return []
    allowed = set(pool)
    return [i for i in ids if i in allowed]
