"""What the learner sees during a quiz, and the summary at the end."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from ..quiz.answers import LETTERS
from ..quiz.select import Presented
from ..runtime import Look
from .common import MUTED, WARN, cite, heading, panel, spaced, t, topic_rows

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
        if q["type"] == "order":
            lines.append(t("Put these in order, earliest or first at the start:", MUTED))
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

    def feedback(self, p: Presented, correct: bool, picks: tuple[int, ...]) -> None:
        q = p.question
        right = ", ".join(f"{LETTERS[i]}) {p.shown[i]}" for i in p.correct)
        if q["type"] == "order":
            right = " -> ".join(f"{LETTERS[i]}) {p.shown[i]}" for i in p.correct)
        verdict = t("Correct.", "bold green") if correct else t("Not quite.", "bold red")
        sources = [self.store.get("source", s) for s in q.get("sources") or []]
        lines: list[RenderableType] = [
            verdict,
            Text.assemble(("Answer: ", "bold"), t(right)),
            t(q["explanation"]),
            *(t("Source: " + cite(s), MUTED) for s in sources if s),
        ]
        if q.get("terms"):
            lines.append(
                t("Look up: " + "  ".join(f"cyberdip define {x}" for x in q["terms"]), MUTED)
            )
        self.console.print(Group(*lines))

    def summary(self, data: dict[str, Any]) -> None:
        self.console.print()
        self.console.print(render_summary(self.look, data))


def render_summary(look: Look, data: dict[str, Any]) -> RenderableType:
    answered, correct = data["answered"], data["correct"]
    pct = f" ({100 * correct // answered}%)" if answered else ""
    minutes, seconds = divmod(int(data["seconds"]), 60)
    ended = {"quit": " (you quit)", "eof": " (end of input)", "interrupt": " (interrupted)"}.get(
        data["ended_by"], ""
    )
    head = t(f"Score: {correct}/{answered}{pct}   time: {minutes}m {seconds:02d}s{ended}", "bold")
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
