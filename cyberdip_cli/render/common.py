"""Building blocks shared by every view: safe text, headings, citations, plain mode."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from ..console import clean
from ..runtime import Look

ACCENT = "bold cyan"
MUTED = "dim"
WARN = "yellow"


def t(text: Any, style: str = "") -> Text:
    """Content as inert rich Text (never parsed as markup)."""
    return Text(clean(text), style=style)


def label(name: str, value: Any, style: str = "") -> Text:
    out = Text(f"{name}: ", style="bold")
    out.append(clean(value), style=style)
    return out


def heading(text: str) -> Text:
    return Text(clean(text), style=ACCENT)


def unverified_mark(item: dict) -> Text | None:
    if item.get("status") == "unverified":
        return t(f"Unverified: {item.get('note') or ''}".rstrip(": "), WARN)
    return None


def cite(source: dict) -> str:
    """Short citation line: [id] issuer, title (date), identifier, type."""
    parts = [source.get("issuer") or "", source.get("title") or ""]
    text = ", ".join(p for p in parts if p)
    if source.get("date"):
        text += f" ({source['date']})"
    if source.get("identifier"):
        text += f", {source['identifier']}"
    return f"[{source['id']}] {text} ({source.get('type', '?')})"


def sources_block(sources: list[dict]) -> Group:
    return Group(heading("Sources"), *(t(cite(s), MUTED) for s in sources))


def box_style(look: Look):
    return box.ASCII if look.plain else box.ROUNDED


def panel(
    look: Look, body: RenderableType, title: str | None = None, subtitle: str | None = None
) -> RenderableType:
    """A titled panel, or in --plain mode the title and body with no frame."""
    if look.plain:
        parts: list[RenderableType] = []
        if title:
            parts.append(Text(clean(title)))
        parts.append(body)
        if subtitle:
            parts.append(Text(clean(subtitle)))
        return Group(*parts)
    return Panel(
        body,
        title=Text(clean(title), style="bold") if title else None,
        subtitle=Text(clean(subtitle), style=MUTED) if subtitle else None,
        title_align="left",
        subtitle_align="left",
        box=box_style(look),
        padding=(0, 1),
    )


def spaced(*parts: RenderableType | None) -> Group:
    """Parts separated by blank lines, skipping empty ones."""
    out: list[RenderableType] = []
    for part in parts:
        if part is None:
            continue
        if out:
            out.append(Text(""))
        out.append(part)
    return Group(*out)


def percent(part: float, whole: float) -> str:
    """One rounding everywhere: 7 of 9 is 78% in the quiz summary and in `progress` alike."""
    return f"{int(100 * part / whole + 0.5)}%" if whole else "n/a"


def short_sources(sources: list[dict], width: int = 36) -> str:
    """Citations as one short line: ids with the start of each title."""
    parts = []
    for s in sources:
        title = s.get("title") or ""
        cut = title if len(title) <= width else title[: width - 1].rstrip() + "…"
        parts.append(f"{s['id']} ({cut})")
    return "; ".join(parts)
