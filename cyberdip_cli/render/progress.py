"""The `cyberdip progress` view."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType

from ..runtime import Look
from .common import MUTED, heading, label, panel, percent, plural, spaced, t, topic_rows


def _pct(value: float | None) -> str:
    return "n/a" if value is None else percent(value, 1)


def _when(iso: str | None) -> str:
    """A UTC time as the learner's local date and time."""
    if not iso:
        return "nothing scheduled"
    import datetime as dt

    return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def render_progress(look: Look, data: dict[str, Any]) -> RenderableType:
    if not data["answered"]:
        return panel(
            look,
            t("No answers saved yet. Start with: cyberdip quiz --count 5"),
            title="Your progress",
        )
    facts = Group(
        label(
            "Answered", f"{data['answered']} ({data['correct']} correct, {_pct(data['accuracy'])})"
        ),
        label("Questions seen", f"{data['questions_seen']} of {data['questions_available']}"),
        label("Mastered", data["mastered"]),
        label("Due now", data.get("due_now", 0)),
        label("Due later today", data.get("due_later_today", 0)),
        label("Due this week", data["due_this_week"]),
        label("Next review", _when(data.get("next_review"))),
        label("Streak", plural(data["streak_days"], "day")),
    )
    table = topic_rows(
        look,
        ("Answered", "Accuracy"),
        [
            (row.get("title") or topic, (str(row["answered"]), _pct(row["accuracy"])))
            for topic, row in data["topics"].items()
        ],
    )
    weak = None
    if data["weakest_terms"]:
        weak = Group(
            heading("Weakest terms to review"),
            *(
                t(
                    f"{w.get('name') or w['term']}: {_pct(w['accuracy'])} of "
                    f"{plural(w['attempts'], 'answer')}"
                    f"   cyberdip define {w['term']}"
                )
                for w in data["weakest_terms"]
            ),
        )
    drills = data.get("drills") or {}
    drill_line = None
    if drills.get("done"):
        drill_line = Group(
            heading("Drills"),
            label(
                "Played",
                f"{drills['done']} run{'s' if drills['done'] != 1 else ''} of "
                f"{drills['drills_played']} drill{'s' if drills['drills_played'] != 1 else ''}, "
                f"average {_pct(drills['average_score'])}",
            ),
            label("Due now", drills["due_now"]),
        )
    leeches = None
    if data.get("leeches"):
        leeches = Group(
            heading("Leeches: missed 8 times or more"),
            *(t(f"- {q['prompt']}") for q in data["leeches"]),
            t("Read their terms again before the next quiz.", MUTED),
        )
    changed = None
    if data.get("changed"):
        changed = Group(
            heading(f"Changed since you studied them ({len(data['changed'])})"),
            t(
                "Their content was rewritten; they come back as due, 20 a day. List: cyberdip changes",
                MUTED,
            ),
        )
    return panel(
        look,
        spaced(
            facts,
            table,
            weak,
            drill_line,
            leeches,
            changed,
            t("Review what is due: cyberdip quiz; cyberdip drill", MUTED),
        ),
        title="Your progress",
    )
