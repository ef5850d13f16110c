"""The result list of `cyberdip search`."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ..console import clean
from ..runtime import Look
from .common import MUTED, t

HIGHLIGHT = "bold reverse"


def highlighted(snippet: str) -> Text:
    """FTS5 marks matches with \\x01...\\x02; turn them into styles after cleaning the rest."""
    out = Text()
    for i, part in enumerate(snippet.split("\x01")):
        if i == 0:
            out.append(clean(part))
            continue
        match, _, rest = part.partition("\x02")
        out.append(clean(match), style=HIGHLIGHT)
        out.append(clean(rest))
    return out


def render_results(
    look: Look, query: str, corrected: str | None, raw: list[dict], hits: list[dict]
) -> RenderableType:
    rows: list[RenderableType] = []
    if corrected:
        rows.append(t(f"No match for '{query}'; showing results for '{corrected}'.", "yellow"))
    for n, (r, h) in enumerate(zip(raw, hits, strict=True), 1):
        head = Text(f"{n:>2}. ", style="bold")
        head.append(clean(h.get("label") or h["kind"]), style="cyan")
        head.append("  ")
        head.append(clean(h["title"]), style="bold")
        rows.append(
            Group(head, Text("    ") + highlighted(r["snippet"]), t(f"    {h['open']}", MUTED))
        )
    return Group(*rows)
