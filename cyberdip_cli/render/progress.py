"""The `cyberdip progress` view."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType

from ..runtime import Look
from .common import MUTED, heading, label, panel, plural, spaced, t, topic_rows


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


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
        label("Due today", data["due_today"]),
        label("Due this week", data["due_this_week"]),
        label("Streak", plural(data["streak_days"], "day")),
    )
    table = topic_rows(
        look,
        ("Answered", "Accuracy"),
        [
            (topic, (str(row["answered"]), _pct(row["accuracy"])))
            for topic, row in data["topics"].items()
        ],
    )
    weak = None
    if data["weakest_terms"]:
        weak = Group(
            heading("Weakest terms to review"),
            *(
                t(
                    f"{w['term']}: {_pct(w['accuracy'])} of {plural(w['attempts'], 'answer')}"
                    f"   cyberdip define {w['term']}"
                )
                for w in data["weakest_terms"]
            ),
        )
    return panel(
        look,
        spaced(facts, table, weak, t("Review what is due: cyberdip quiz", MUTED)),
        title="Your progress",
    )
