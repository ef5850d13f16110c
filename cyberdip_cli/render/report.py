"""The `cyberdip report` view: a class's results by learner, by topic and by question."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table

from ..runtime import Look
from .common import MUTED, box_style, heading, panel, spaced, t

SHOWN_QUESTIONS = 10  # the most missed; --json and --csv have them all
PROMPT_CHARS = 70


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _table(look: Look, *columns: tuple[str, str]) -> Table:
    table = Table(box=box_style(look), header_style="bold")
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table


def render_report(look: Look, report: dict[str, Any]) -> RenderableType:
    learners = _table(look, ("Learner", "left"), ("Answered", "right"), ("Accuracy", "right"))
    for x in report["learners"]:
        learners.add_row(t(x["learner"]), str(x["answered"]), _pct(x["accuracy"]))
    topics = _table(
        look,
        ("Topic", "left"),
        ("Learners", "right"),
        ("Answered", "right"),
        ("Accuracy", "right"),
    )
    for row in report["topics"]:
        topics.add_row(
            t(row["title"]), str(row["learners"]), str(row["answered"]), _pct(row["accuracy"])
        )
    missed = [q for q in report["questions"] if q["missed"]]
    questions = None
    if missed:
        table = _table(
            look,
            ("Question", "left"),
            ("Topic", "left"),
            ("Missed", "right"),
            ("Learners", "right"),
            ("Most chosen wrong answer", "left"),
        )
        for q in missed[:SHOWN_QUESTIONS]:
            top = q["top_wrong_answer"]
            table.add_row(
                t(_short(q["prompt"] or q["id"], PROMPT_CHARS)),
                t(q["topic_title"]),
                f"{q['missed']} of {q['attempts']}",
                f"{q['learners_missed']} of {q['learners']}",
                t(f"{_short(top['answer'], 50)} ({top['count']})") if top else t("-", MUTED),
            )
        more = len(missed) - SHOWN_QUESTIONS
        note = t(f"{more} more missed question(s) in --json or --csv.", MUTED) if more > 0 else None
        questions = Group(heading("Most often missed"), table, *([note] if note else []))
    summary = t(
        f"{len(report['learners'])} learner(s), {report['answered']} answers, "
        f"{_pct(report['accuracy'])} correct",
        "bold",
    )
    return panel(
        look,
        spaced(
            summary,
            Group(heading("By learner"), learners),
            Group(heading("By topic, weakest first"), topics),
            questions or t("No question was answered wrongly.", MUTED),
        ),
        title="Class report",
    )
