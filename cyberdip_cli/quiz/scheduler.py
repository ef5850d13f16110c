"""Spaced repetition with FSRS (the maintained `fsrs` package): when is a question due again?

A card's state is a plain dict (fsrs's own to_dict), so it round-trips through JSON in the
progress database. The clock is always passed in, so tests can fix it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

SLOW_SECONDS = 45.0  # a right answer that took this long was hard to recall
FAST_SECONDS = 10.0  # a quick right answer on a card seen before was easy


def rating_for(correct: bool, seconds: float, seen_before: bool) -> int:
    """FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) from correctness and answer time."""
    if not correct:
        return 1
    if seconds >= SLOW_SECONDS:
        return 2
    if seen_before and seconds < FAST_SECONDS:
        return 4
    return 3


def _scheduler():
    from fsrs import Scheduler

    # Fuzzing off: the same answers on the same clock give the same due date.
    return Scheduler(enable_fuzzing=False)


def new_card(question_id: str, now: dt.datetime) -> dict[str, Any]:
    from fsrs import Card

    card_id = int.from_bytes(hashlib.sha256(question_id.encode()).digest()[:6], "big")
    return Card(card_id=card_id, due=now).to_dict()


def review(card: dict[str, Any], rating: int, now: dt.datetime, seconds: float) -> dict[str, Any]:
    """The card after one review: its new state (a dict) including the next due time."""
    from fsrs import Card, Rating

    updated, _log = _scheduler().review_card(
        Card.from_dict(card),
        Rating(rating),
        review_datetime=now,
        review_duration=int(seconds * 1000),
    )
    return updated.to_dict()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
