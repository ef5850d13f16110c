"""Spaced repetition with FSRS (the maintained `fsrs` package): when is a question due again?

A card's state is a plain dict (fsrs's own to_dict), so it round-trips through JSON in the
progress database. The clock is always passed in, so tests can fix it; so is the learner's
time zone, because "today" is the learner's calendar day while storage stays in UTC.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

SLOW_SECONDS = 45.0  # a right answer that took this long was hard to recall
FAST_SECONDS = 10.0  # a quick right answer on a card seen before was easy
PASS_SCORE = 0.5  # below this a partly right answer counts as forgotten


class Rating(IntEnum):
    """FSRS's four grades, with fsrs's own numbers."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def rating_for(score: float, seconds: float, seen_before: bool) -> Rating:
    """The one mapping from a result to an FSRS rating, for quiz answers and drill runs alike.

    - score < 0.5 (wrong, or less than half right): Again;
    - 0.5 <= score < 1 (partial credit): Hard, whatever the time;
    - score == 1 (fully right): Hard if it took 45 s or more, Easy if the card was seen
      before and it took under 10 s (a first quick answer may be a guess), else Good.

    `score` is 0..1 (a bool works: True is 1); `seconds` is the time to answer.
    """
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"score must be between 0 and 1, not {score!r}")
    if score < PASS_SCORE:
        return Rating.AGAIN
    if score < 1.0:
        return Rating.HARD
    if seconds >= SLOW_SECONDS:
        return Rating.HARD
    if seen_before and seconds < FAST_SECONDS:
        return Rating.EASY
    return Rating.GOOD


def _scheduler():
    from fsrs import Scheduler

    # Fuzzing off: the same answers on the same clock give the same due date.
    return Scheduler(enable_fuzzing=False)


def new_card(question_id: str, now: dt.datetime) -> dict[str, Any]:
    from fsrs import Card

    from ..digest import sha256

    card_id = int.from_bytes(sha256(question_id.encode())[:6], "big")
    return Card(card_id=card_id, due=as_utc(now)).to_dict()


def review(card: dict[str, Any], rating: int, now: dt.datetime, seconds: float) -> dict[str, Any]:
    """The card after one review: its new state (a dict) including the next due time."""
    from fsrs import Card
    from fsrs import Rating as FsrsRating

    updated, _log = _scheduler().review_card(
        Card.from_dict(card),
        FsrsRating(int(rating)),
        review_datetime=as_utc(now),
        review_duration=int(seconds * 1000),
    )
    return updated.to_dict()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --------------------------------------------------------------------------- calendar days


def as_utc(when: dt.datetime) -> dt.datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already (that is how it is stored)."""
    if when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def parse_utc(text: str) -> dt.datetime:
    """A stored ISO 8601 timestamp as aware UTC; ValueError when it is not one."""
    if not isinstance(text, str):
        raise ValueError(f"not a timestamp: {text!r}")
    return as_utc(dt.datetime.fromisoformat(text))


def local_day(when: dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    """The learner's calendar day at the instant `when`; tz None is the system's zone.

    With tz None, Python applies the zone's rules for that instant (summer or winter time),
    not today's offset, so an answer at 00:30 local time in July counts for its own day.
    """
    return as_utc(when).astimezone(tz).date()


def next_local_midnight(now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The instant (aware UTC) the learner's next calendar day starts: "due today" is before it."""
    local_now = as_utc(now).astimezone(tz)
    tomorrow = local_now.date() + dt.timedelta(days=1)
    if tz is not None:
        midnight = dt.datetime.combine(tomorrow, dt.time(0), tzinfo=tz)
    else:  # the system zone: let mktime find tomorrow's offset (it may differ from today's)
        import time

        stamp = time.mktime((tomorrow.year, tomorrow.month, tomorrow.day, 0, 0, 0, 0, 0, -1))
        midnight = dt.datetime.fromtimestamp(stamp, dt.UTC)
    return as_utc(midnight)
