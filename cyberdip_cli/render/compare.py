"""Drawing `cyberdip compare`: a three-column table, or stacked pairs on a narrow terminal."""

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..runtime import Look
from .common import MUTED, box_style, heading, t

STACK_BELOW = 90  # columns


def render_compare(look: Look, view: dict[str, Any], width: int) -> RenderableType:
    left, right = view["left"]["facts"]["Name"], view["right"]["facts"]["Name"]
    footer = t("Sources in full: cyberdip sources ID", MUTED)
    if look.plain or width < STACK_BELOW:
        blocks = []
        for row in view["rows"]:
            lines = [heading(row["field"])]
            for name, value in ((left, row["left"]), (right, row["right"])):
                line = Text(f"{name}: ", style="bold")
                line.append(t(value or "-"))
                lines.append(line)
            blocks.append(Group(*lines))
        return Group(*blocks, footer)
    table = Table(box=box_style(look), header_style="bold", show_lines=True)
    table.add_column("", style="bold", no_wrap=True)
    table.add_column(t(left, "bold"), ratio=1)
    table.add_column(t(right, "bold"), ratio=1)
    for row in view["rows"]:
        table.add_row(t(row["field"]), t(row["left"] or "-"), t(row["right"] or "-"))
    return Group(table, footer)
