"""The first screen."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..runtime import Look
from .common import MIN_PROSE, MUTED, ByWidth, heading, longest, panel, plural, spaced, t


def render_tour(look: Look, view: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType | None] = []
    if view["intro"]:
        parts.append(
            Group(heading(f"What is {view['intro']['term'].lower()}?"), t(view["intro"]["summary"]))
        )
    if view["axes"]:
        parts.append(
            Group(
                heading("The EU works along two axes"),
                *(
                    Text.assemble(("- ", ""), (a["name"], "bold"), ": ", t(a["focus"]))
                    for a in view["axes"]
                ),
            )
        )
    if view["toolbox"]:
        parts.append(Group(heading(view["toolbox"]["name"]), t(view["toolbox"]["summary"])))
    parts.append(Group(heading("Try next"), _steps(look, view["next"])))
    c = view["counts"]
    parts.append(
        t(
            f"{plural(c['terms'], 'term')}, "
            f"{plural(c['questions'], 'hand-written question')} "
            f"(and {c['generated_questions']} generated), {plural(c['events'], 'event')}, "
            f"{plural(c['sources'], 'source')}. Every command has --help and --json.",
            MUTED,
        )
    )
    return panel(look, spaced(*parts), title="cyberdip: EU cyber diplomacy in the terminal")


def _steps(look: Look, steps: list[dict[str, str]]) -> RenderableType:
    """Commands beside what they do where both fit; else each command over its line."""
    command_w = longest(s["command"] for s in steps)
    one_line = command_w + 2 + longest(s["what"] for s in steps)

    def build(width: int) -> RenderableType:
        if one_line <= width or (not look.plain and command_w + 2 + MIN_PROSE <= width):
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold green", no_wrap=True)
            grid.add_column()
            for step in steps:
                grid.add_row(t(step["command"]), t(step["what"]))
            return grid
        return Group(
            *(
                Group(t(s["command"], "bold green"), Padding(t(s["what"]), (0, 0, 0, 2)))
                for s in steps
            )
        )

    return ByWidth(build)
