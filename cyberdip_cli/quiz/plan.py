"""Planning a quiz session: which questions, in which order, and what to say about them.

Due cards come first (most overdue first), then cards whose content changed since the
learner last answered them (at most CHANGED_PER_DAY a day, so a large rewrite does not bury
anyone), then new ones. The counts the quiz opens with are the counts `progress` shows.
"""

import datetime as dt
import random
from typing import Any

from ..records import factory, record
from .select import choose

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
    pool: list[str],
    mode: str,
    count: int,
    seed: int,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> Plan:
    allowed = set(pool)
    due_now = [i for i in progress.due_before(now) if i in allowed]
    due_today = [i for i in progress.due_today(now, tz) if i in allowed]
    room = max(0, CHANGED_PER_DAY - changed_reviewed_today(progress, now, tz))
    changed = [i for i in changed_cards(store, progress) if i in allowed and i not in due_now]
    changed = changed[:room]
    picked = choose(
        pool,
        mode=mode,
        count=count,
        seed=seed,
        due_ids=due_now + changed,
        seen_ids=progress.seen(),
        missed_ids=progress.missed(),
    )
    seen = progress.seen()
    return Plan(
        questions=store.get_many("question", picked),
        due_now=len(due_now),
        due_later_today=len(due_today) - len(due_now),
        new=sum(1 for i in picked if i not in seen),
        changed=len(changed),
    )


def random_seed() -> int:
    return random.randrange(2**31)
