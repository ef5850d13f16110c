"""Planning a quiz session: which questions, in which order, and what to say about them.

Due cards come first (most overdue first), then cards whose content changed since the
learner last answered them (at most CHANGED_PER_DAY a day, so a large rewrite does not bury
anyone), then new ones. The counts the quiz opens with are the counts `progress` shows.
"""

import datetime as dt
import random
from typing import Any

from ..records import factory, record
from .select import choose_from

CHANGED_PER_DAY = 20


@record
class Plan:
    questions: list[dict[str, Any]] = factory(list)
    due_now: int = 0
    due_later_today: int = 0
    new: int = 0
    changed: int = 0


def changed_cards(store, progress) -> list[str]:
    """Ids answered before whose content fingerprint is not the one compiled now."""
    studied = progress.fingerprints()
    current = store.fingerprints(sorted(studied))
    return sorted(i for i, fp in studied.items() if fp and i in current and current[i] != fp)


def changed_reviewed_today(progress, now: dt.datetime, tz: dt.tzinfo | None) -> int:
    """Answers today to a card whose previous answer was of another version of it."""
    from .scheduler import local_day, parse_utc

    today = local_day(now, tz)
    last: dict[str, str] = {}
    count = 0
    for a in progress.answers():
        if a["practice"]:
            continue
        previous = last.get(a["question_id"])
        if previous and a["fingerprint"] and previous != a["fingerprint"]:
            count += local_day(parse_utc(a["answered_at"]), tz) == today
        last[a["question_id"]] = a["fingerprint"]
    return count


def plan_session(
    store,
    progress,
    *,
    pool,
    mode: str,
    count: int,
    seed: int,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> Plan:
    """`pool` is the store's QuizPool (kb/store.py) of the questions that pass the filters:
    the due, changed and missed ids are checked against it in SQL and new questions drawn
    from it, so a large bank is never fetched whole."""
    due_now = pool.within(progress.due_before(now))
    due_today = pool.within(progress.due_today(now, tz))
    room = max(0, CHANGED_PER_DAY - changed_reviewed_today(progress, now, tz))
    due_set = set(due_now)
    changed = [i for i in pool.within(changed_cards(store, progress)) if i not in due_set]
    changed = changed[:room]
    seen = progress.seen()
    picked = choose_from(
        pool,
        mode=mode,
        count=count,
        seed=seed,
        due_ids=due_now + changed,
        seen_ids=seen,
        missed_ids=progress.missed(),
    )
    return Plan(
        questions=store.get_many("question", picked),
        due_now=len(due_now),
        due_later_today=len(due_today) - len(due_now),
        new=sum(1 for i in picked if i not in seen),
        changed=len(changed),
    )


def random_seed() -> int:
    return random.randrange(2**31)
