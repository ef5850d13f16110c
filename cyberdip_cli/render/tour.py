"""The first screen."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..runtime import Look
from .common import MUTED, heading, panel, spaced, t


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
    steps = Table.grid(padding=(0, 2))
    steps.add_column(style="bold green", no_wrap=True)
    steps.add_column()
    for step in view["next"]:
        steps.add_row(t(step["command"]), t(step["what"]))
    parts.append(Group(heading("Try next"), steps))
    c = view["counts"]
    parts.append(
        t(
            f"{c['terms']} terms, {c['questions']} hand-written questions "
            f"(and {c['generated_questions']} generated), {c['events']} events, "
            f"{c['sources']} sources. Every command has --help and --json.",
            MUTED,
        )
    )
    return panel(look, spaced(*parts), title="cyberdip: EU cyber diplomacy in the terminal")
