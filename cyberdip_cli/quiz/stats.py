"""Progress statistics, computed from the saved answers and cards."""

from __future__ import annotations

import datetime as dt
from typing import Any

MASTERED_DAYS = 21.0  # FSRS stability at which a question counts as mastered


def _at(iso: str) -> dt.datetime | None:
    from .scheduler import parse_utc

    try:
        return parse_utc(iso)
    except ValueError:
        return None  # a damaged due date: the card is rescheduled at its next answer


def streak(days: set[dt.date], today: dt.date) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday)."""
    current = today if today in days else today - dt.timedelta(days=1)
    count = 0
    while current in days:
        count += 1
        current -= dt.timedelta(days=1)
    return count


def compute(
    answers: list[dict],
    cards: dict[str, dict],
    questions: dict[str, dict],
    now: dt.datetime,
    available: int | None = None,
    tz: dt.tzinfo | None = None,
) -> dict[str, Any]:
    """The progress summary at `now`; "today" is the learner's calendar day in `tz`
    (None: the system's zone), while every stored time stays UTC."""
    from .scheduler import as_utc, local_day, next_local_midnight, parse_utc

    topics: dict[str, dict[str, int]] = {}
    per_question: dict[str, dict[str, Any]] = {}
    for a in answers:
        row = topics.setdefault(a["topic"] or "unknown", {"answered": 0, "correct": 0})
        row["answered"] += 1
        row["correct"] += a["correct"]
        q = per_question.setdefault(
            a["question_id"],
            {"attempts": 0, "correct": 0, "last_result": None, "last_answered": None},
        )
        q["attempts"] += 1
        q["correct"] += a["correct"]
        q["last_result"] = "correct" if a["correct"] else "wrong"
        q["last_answered"] = a["answered_at"]
    tomorrow = next_local_midnight(now, tz)
    week = as_utc(now) + dt.timedelta(days=7)
    dues = [at for at in (_at(c["due"]) for c in cards.values()) if at is not None]
    due_today = sum(1 for at in dues if at < tomorrow)
    due_week = sum(1 for at in dues if at <= week)
    mastered = sum(1 for c in cards.values() if (c["card"].get("stability") or 0) >= MASTERED_DAYS)
    for qid, row in per_question.items():
        row["due"] = cards.get(qid, {}).get("due")
        row["topic"] = (questions.get(qid) or {}).get("topic")
    total = len(answers)
    correct = sum(a["correct"] for a in answers)
    return {
        "answered": total,
        "correct": correct,
        "accuracy": round(correct / total, 3) if total else None,
        "questions_seen": len(cards),
        "questions_available": len(questions) if available is None else available,
        "mastered": mastered,
        "due_today": due_today,
        "due_this_week": due_week,
        "streak_days": streak(
            {local_day(parse_utc(a["answered_at"]), tz) for a in answers}, local_day(now, tz)
        ),
        "topics": {
            k: {**v, "accuracy": round(v["correct"] / v["answered"], 3)}
            for k, v in sorted(topics.items())
        },
        "weakest_terms": weakest_terms(per_question, questions),
        "questions": per_question,
    }


def weakest_terms(
    per_question: dict[str, dict], questions: dict[str, dict], limit: int = 5
) -> list[dict]:
    """Terms whose questions were answered worst (at least one wrong answer)."""
    tally: dict[str, list[int]] = {}
    for qid, row in per_question.items():
        for term in (questions.get(qid) or {}).get("terms") or []:
            t = tally.setdefault(term, [0, 0])
            t[0] += row["attempts"]
            t[1] += row["correct"]
    scored = [
        {"term": term, "attempts": n, "accuracy": round(ok / n, 3)}
        for term, (n, ok) in tally.items()
        if ok < n
    ]
    scored.sort(key=lambda x: (x["accuracy"], -x["attempts"], x["term"]))
    return scored[:limit]
