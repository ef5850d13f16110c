"""What the learner sees in a drill, the drill list, and the trainer's hand-out."""

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..quiz.answers import LETTERS
from ..runtime import Look
from .common import (
    MIN_PROSE,
    MUTED,
    WARN,
    ByWidth,
    box_style,
    heading,
    longest,
    panel,
    plural,
    spaced,
    t,
    table_fits,
)
from .incident import span_text

GRADE = {1: ("best", "green"), 0.5: ("defensible", "yellow"), 0: ("weak", "red")}


def grade(score: float) -> tuple[str, str]:
    return GRADE.get(score, GRADE[0])


def percent(score: float) -> str:
    return f"{round(score * 100)}%"


def _record_lines(reveal: dict[str, Any]) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for item in reveal["record"]:
        head = Text(f"{item['date']}  ", style="bold")
        if item["what"] == "attribution":
            head.append(t(f"{item['actor']} attributes it to {item['attributed_to']}"))
        else:
            head.append(
                t(item["actor"] + (f": {item['measure_name']}" if item.get("measure_name") else ""))
            )
        lines.append(head)
        lines.append(t("  " + item["text"]))
        if item.get("legal_act"):
            lines.append(t(f"  act: {item['legal_act']}", MUTED))
    if not lines:
        lines.append(t("No attribution or response is on record.", MUTED))
    return lines


class DrillView:
    def __init__(self, console: Console, look: Look):
        self.console, self.look = console, look

    def briefing(self, drill: dict[str, Any]) -> None:
        follow = f"{plural(len(drill['steps']), 'decision')} {'follows' if len(drill['steps']) == 1 else 'follow'}."
        body = spaced(t(drill["briefing"]), t(follow, MUTED))
        self.console.print(
            panel(
                self.look, body, title=drill["title"], subtitle=f"briefing as of {drill['as_of']}"
            )
        )

    def step(self, step: dict, shown: list[dict], number: int, total: int) -> None:
        lines = [Text(f"Decision {number} of {total}", style="bold"), t(step["prompt"], "bold")]
        for i, choice in enumerate(shown):
            lines.append(Text.assemble((f"  {LETTERS[i]}) ", "bold cyan"), t(choice["text"])))
        lines.append(t("Answer with one letter; ? for a hint, q to quit.", MUTED))
        self.console.print()
        self.console.print(Group(*lines))

    def hint(self, step: dict) -> None:
        self.console.print(t(f"  Hint: {step['hint']}", WARN))

    def invalid(self, message: str) -> None:
        self.console.print(t(f"  {message}", WARN))

    def feedback(self, result) -> None:
        word, style = grade(result.score)
        lines = [Text(f"Your choice is {word} ({percent(result.score)}).", style=f"bold {style}")]
        for i, choice in enumerate(result.shown):
            mark, colour = grade(float(choice["score"]))
            you = "  <- your choice" if i == result.pick else ""
            lines.append(
                Text.assemble(
                    (f"{LETTERS[i]}) {mark}: ", f"bold {colour}"), t(choice["text"]), (you, "bold")
                )
            )
            lines.append(t("   " + choice["feedback"], MUTED if i != result.pick else ""))
        if result.step.get("sources"):
            lines.append(t("Sources: " + ", ".join(result.step["sources"]), MUTED))
        self.console.print(Group(*lines))

    def reveal(self, reveal: dict[str, Any], outcome) -> None:
        parts = [
            Group(heading("What was actually done"), *_record_lines(reveal)),
            t(f"Time to the first EU response: {span_text(reveal['to_eu_response'])}", MUTED),
            Group(heading("Your decisions"), _decisions(self.look, outcome.results)),
            Text(f"Score: {percent(outcome.score)}", style="bold"),
        ]
        if reveal.get("debrief"):
            parts.append(Group(heading("To take away"), t(reveal["debrief"])))
        parts.append(t(f"The full record: cyberdip incident {reveal['incident']}", MUTED))
        self.console.print()
        self.console.print(panel(self.look, spaced(*parts), title=f"The record: {reveal['name']}"))

    def stopped(self, outcome) -> None:
        done = plural(len(outcome.results), "decision")
        self.console.print(
            t(
                f"Stopped after {done}; saved as practice. The record stays hidden until a drill is finished.",
                MUTED,
            )
        )


def _decisions(look: Look, results: list) -> RenderableType:
    """Each decision beside the choice and its grade where both texts get room; else (and in
    --plain mode) one line each."""
    score_w = max(len("Score"), *(len(grade(r.score)[0]) for r in results))

    def build(width: int) -> RenderableType:
        if look.plain or not table_fits(width, [score_w], 2 * MIN_PROSE, columns=3):
            return Group(
                *(
                    t(f"- {r.step['prompt']} -> {r.choice['text']} ({grade(r.score)[0]})")
                    for r in results
                )
            )
        choices = Table(box=box_style(look), header_style="bold", expand=False)
        choices.add_column("Decision", min_width=MIN_PROSE)
        choices.add_column("You chose", min_width=MIN_PROSE)
        choices.add_column("Score", width=score_w, no_wrap=True)
        for r in results:
            choices.add_row(t(r.step["prompt"]), t(r.choice["text"]), t(grade(r.score)[0]))
        return choices

    return ByWidth(build)


def render_drills(look: Look, rows: list[dict[str, Any]]) -> RenderableType:
    footer = t(
        f"{plural(len(rows), 'drill')}. Play one: cyberdip drill ID  (a hand-out: --read)", MUTED
    )

    def last(r: dict) -> str:
        return "not played" if r["last_score"] is None else percent(r["last_score"])

    def due(r: dict) -> str:
        return (r["due"] or "")[:10] or "-"

    widths = [
        longest((r["id"] for r in rows), len("Drill")),
        longest((r["incident"] for r in rows), len("Incident")),
        longest((last(r) for r in rows), len("Last score")),
        longest((due(r) for r in rows), len("Due")),
    ]

    def stacked() -> RenderableType:
        return Group(
            *(
                Group(
                    t(r["id"], "bold"),
                    t(f"  {r['title']}"),
                    t(f"  incident: {r['incident']}; last score: {last(r)}; due: {due(r)}"),
                )
                for r in rows
            ),
        )

    def table() -> Table:
        out = Table(box=box_style(look), header_style="bold")
        for name, width in zip(("Drill", "Incident", "Last score", "Due"), widths, strict=True):
            out.add_column(name, width=width, no_wrap=True)
        for r in rows:
            out.add_row(t(r["id"], "bold"), t(r["incident"]), t(last(r)), t(due(r)))
        return out

    def build(width: int) -> RenderableType:
        wide = not look.plain and table_fits(width, widths)
        return Group(table() if wide else stacked(), footer)

    return ByWidth(build)


def render_handout(look: Look, view: dict[str, Any]) -> RenderableType:
    steps = []
    for n, step in enumerate(view["steps"], 1):
        lines = [Text(f"{n}. ", style="bold") + t(step["prompt"], "bold")]
        for i, choice in enumerate(step["choices"]):
            mark, _ = grade(float(choice["score"]))
            lines.append(t(f"   {LETTERS[i]}) [{mark}] {choice['text']}"))
            lines.append(t(f"      {choice['feedback']}", MUTED))
        steps.append(Group(*lines))
    reveal = view["reveal"]
    body = spaced(
        Group(heading(f"Briefing (as of {view['as_of']})"), t(view["briefing"])),
        Group(heading("Decisions, with the reasoning for each choice"), *steps),
        Group(heading("What was actually done"), *_record_lines(reveal)),
        Group(heading("To take away"), t(reveal["debrief"])) if reveal.get("debrief") else None,
        t(
            "Sources: " + ", ".join(s["id"] for s in view["sources"]) + "  (cyberdip sources ID)",
            MUTED,
        ),
    )
    return panel(look, body, title=view["title"], subtitle=f"incident: {view['incident_name']}")
