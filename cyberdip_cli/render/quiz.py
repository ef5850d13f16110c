"""What the learner sees during a quiz, and the summary at the end."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from ..quiz.answers import LETTERS
from ..quiz.scoring import Grade, Mark
from ..quiz.select import Presented
from ..runtime import Look
from .common import MUTED, WARN, cite, heading, panel, percent, short_sources, spaced, t, topic_rows

INSTRUCTIONS = {
    "single": "one letter",
    "multi": "all that apply, e.g. a,c",
    "true_false": "t or f",
    "order": "the letters in the right order, e.g. b a c",
}
BAR_WIDTH = 20


def progress_bar(done: int, total: int) -> str:
    filled = round(BAR_WIDTH * done / total) if total else 0
    return "[" + "#" * filled + "-" * (BAR_WIDTH - filled) + f"] {done}/{total}"


class QuizView:
    def __init__(self, console: Console, store, look: Look):
        self.look = look
        self.console = console
        self.store = store

    def question(self, p: Presented, number: int, total: int, score: int, answered: int) -> None:
        q = p.question
        head = Text(f"Question {number} of {total}", style="bold")
        head.append(f"   {progress_bar(number - 1, total)}   score {score}/{answered}", style=MUTED)
        meta = f"topic: {q['topic']}   difficulty: {q['difficulty']}" + (
            "   (generated)" if q.get("generated") else ""
        )
        lines = [head, t(meta, MUTED), Text(""), t(q["prompt"], "bold")]
        for i, choice in enumerate(p.shown):
            lines.append(Text.assemble((f"  {LETTERS[i]}) ", "bold cyan"), t(choice)))
        lines.append(t(f"Answer with {INSTRUCTIONS[q['type']]}; ? for a hint, q to quit.", MUTED))
        self.console.print()
        self.console.print(Group(*lines))

    def prompt(self, qtype: str) -> str:
        return "answer> "

    def invalid(self, message: str) -> None:
        self.console.print(t(f"  {message}", WARN))

    def hint(self, q: dict[str, Any]) -> None:
        text = q.get("hint")
        if not text:
            term = self.store.get("term", q["terms"][0]) if q.get("terms") else None
            # The summary alone: the term's name could be the answer itself.
            text = term["summary"] if term else "No hint for this one."
        self.console.print(t(f"  Hint: {text}", "italic"))

    def leech(self, q: dict[str, Any]) -> None:
        self.console.print(
            t(
                "A leech: you have missed this one 8 times or more. Read the terms behind it "
                "before you answer: " + ", ".join(q.get("terms") or []),
                WARN,
            )
        )

    def feedback(self, p: Presented, result: Grade, picks: tuple[int, ...]) -> None:
        q = p.question
        if result.correct:
            verdict = t("Correct.", "bold green")
        elif result.score > 0:
            verdict = t(f"Partly right: {percent(result.score, 1)} credit.", "bold yellow")
        else:
            verdict = t("Not right.", "bold red")
        lines: list[RenderableType] = [verdict, *self._marks(p, result, picks)]
        lines.append(t(q["explanation"]))
        sources = [s for s in (self.sources_of(q)) if s]
        if sources:
            lines.append(t("Sources: " + short_sources(sources), MUTED))
        if q.get("terms"):
            lines.append(
                t("Look up: " + "  ".join(f"cyberdip define {x}" for x in q["terms"]), MUTED)
            )
        self.console.print(Group(*lines))

    def _marks(self, p: Presented, result: Grade, picks: tuple[int, ...]) -> list[Text]:
        """Every choice with what became of it; for order, which positions are out of place."""
        q = p.question
        if q["type"] == "order":
            total = len(p.correct)
            head = t(f"{result.in_place} of {total} in the right place.", "bold")
            right = " -> ".join(f"{LETTERS[i]}) {p.shown[i]}" for i in p.correct)
            out = [head, Text.assemble(("Right order: ", "bold"), t(right))]
            wrong = [n + 1 for n, m in enumerate(result.marks) if m is Mark.WRONG]
            if wrong:
                places = ", ".join(str(n) for n in wrong)
                out.append(
                    t(f"Out of place: position{'s' if len(wrong) > 1 else ''} {places}.", WARN)
                )
            return out
        if q["type"] != "multi":
            right = ", ".join(f"{LETTERS[i]}) {p.shown[i]}" for i in p.correct)
            return [Text.assemble(("Answer: ", "bold"), t(right))]
        words = {
            Mark.RIGHT: ("picked, right", "green"),
            Mark.WRONG: ("picked, wrong", "red"),
            Mark.MISSED: ("missed", "yellow"),
            Mark.NONE: ("", ""),
        }
        out = []
        for i, choice in enumerate(p.shown):
            word, style = words[result.marks[i]]
            line = Text(f"  {LETTERS[i]}) ", style="bold")
            line.append(t(choice))
            if word:
                line.append(f"  [{word}]", style=style)
            out.append(line)
        return out

    def sources_of(self, q: dict[str, Any]) -> list[dict]:
        return [self.store.get("source", s) for s in q.get("sources") or []]

    def sources(self, q: dict[str, Any]) -> None:
        """The full citations, when the learner asks with `s`."""
        for s in self.sources_of(q):
            if s:
                self.console.print(t("  " + cite(s), MUTED))

    def opening(self, due_now: int, due_later: int, new: int, changed: int, practice: bool) -> None:
        """What the session holds before the first question."""
        parts = [f"{due_now} due now"]
        if due_later:
            parts.append(f"{due_later} more later today")
        parts.append(f"{new} new")
        if changed:
            parts.append(f"{changed} changed since you studied them")
        line = "This session: " + ", ".join(parts) + (". Due ones come first." if due_now else ".")
        if practice:
            line += " Practice: nothing you answer changes a schedule."
        self.console.print(t(line, MUTED))

    def summary(self, data: dict[str, Any]) -> None:
        self.console.print()
        self.console.print(render_summary(self.look, data))


def render_summary(look: Look, data: dict[str, Any]) -> RenderableType:
    answered, correct = data["answered"], data["correct"]
    pct = f" ({percent(correct, answered)})" if answered else ""
    minutes, seconds = divmod(int(data["seconds"]), 60)
    ended = {"quit": " (you quit)", "eof": " (end of input)", "interrupt": " (interrupted)"}.get(
        data["ended_by"], ""
    )
    points = data.get("points", correct)
    partial = f", {points:g} points with partial credit" if points != correct else ""
    head = t(
        f"Score: {correct}/{answered}{pct}{partial}   time: {minutes}m {seconds:02d}s{ended}",
        "bold",
    )
    if not answered:
        return panel(
            look,
            spaced(head, t("No question was answered; nothing was saved.", MUTED)),
            title="Quiz summary",
        )
    table = topic_rows(
        look,
        ("Answered", "Correct"),
        [
            (topic, (str(row["answered"]), str(row["correct"])))
            for topic, row in sorted(data["topics"].items())
        ],
    )
    missed = None
    if data["missed"]:
        missed = Group(
            heading("To review"),
            *(
                Group(t(m["prompt"], "bold"), t("  Answer: " + " / ".join(m["answer"])))
                for m in data["missed"]
            ),
        )
    footer = t("Progress saved. See it with: cyberdip progress", MUTED)
    return panel(look, spaced(head, table, missed, footer), title="Quiz summary")
