"""Building blocks shared by every view: safe text, headings, citations, plain mode."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.measure import Measurement
from rich.panel import Panel
from rich.text import Text

from ..console import clean
from ..runtime import Look

ACCENT = "bold cyan"
MUTED = "dim"
WARN = "yellow"
MIN_PROSE = 24  # columns: a table whose text column would get fewer becomes a stacked list


def plural(n: int, word: str, words: str | None = None) -> str:
    """`1 day`, `2 days`; `words` for the irregular ones (`plural(n, "entry", "entries")`)."""
    return f"{n} {word if n == 1 else words or word + 's'}"


class ByWidth:
    """A renderable chosen when it is drawn, from the width it is given: a view picks a table
    where its columns fit and a stacked list below, whichever console or panel draws it."""

    def __init__(self, build: Callable[[int], RenderableType]):
        self.build = build

    def __rich_console__(self, console, options):
        yield self.build(options.max_width)

    def __rich_measure__(self, console, options) -> Measurement:
        return Measurement.get(console, options, self.build(options.max_width))


def longest(values: Iterable[Any], floor: int = 0) -> int:
    """The widest of some values in terminal cells (at least `floor`)."""
    return max([floor, *(cell_len(clean(v)) for v in values)])


def table_fits(
    width: int, fixed: Iterable[int], prose: int = 0, columns: int | None = None
) -> bool:
    """Whether a boxed table (padding 1) holds columns of these widths in `width`, with
    `prose` cells left for the column that wraps: ids, dates and names are never squeezed."""
    fixed = list(fixed)
    n = columns if columns is not None else len(fixed) + (1 if prose else 0)
    return sum(fixed) + prose + 3 * n + 1 <= width


def url_text(url: str, prefix: str = "", style: str = "") -> RenderableType:
    """A URL whole: after its prefix where both fit the width, else on a line of its own that
    is never wrapped or cut (the terminal wraps it, and it stays clickable), the prefix, if it
    says something, on the line before. Draw it outside any panel, table or padding: they
    would crop it."""
    url = clean(url)

    def build(width: int) -> RenderableType:
        if cell_len(prefix + url) <= width:
            return Text(prefix + url, style=style)
        whole = Text(url, style=style, no_wrap=True, overflow="ignore")
        return Group(Text(prefix.rstrip(), style=style), whole) if prefix.strip() else whole

    return ByWidth(build)


URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")


def urls_in(text: Any) -> list[str]:
    return URL.findall(clean(text))


def prose(text: Any, style: str = "", prefix: str = "") -> RenderableType:
    """Text that wraps at the width, except that a URL too long for a line gets a line of its
    own, whole (as in `url_text`). Outside frames only, like `url_text`."""
    text = clean(text)

    def build(width: int) -> RenderableType:
        parts: list[RenderableType] = []
        rest, last = prefix + text, 0
        chunk = ""
        for match in URL.finditer(rest):
            if cell_len(match.group()) <= width:
                continue
            chunk += rest[last : match.start()]
            if chunk.strip():
                parts.append(Text(chunk.rstrip(), style=style))
            parts.append(Text(match.group(), style=style, no_wrap=True, overflow="ignore"))
            chunk, last = "", match.end()
        chunk += rest[last:]
        if chunk.strip():
            parts.append(Text(chunk.strip() if parts else chunk, style=style))
        return Group(*parts) if len(parts) != 1 else parts[0]

    return ByWidth(build)


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
    from ..views.citation import Citation, cite_terminal

    return cite_terminal(Citation.of(source))


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

    def build(width: int) -> RenderableType:
        # A title or subtitle the border cannot hold whole moves inside, wrapped: never cut.
        room = width - 6
        top = title if title and cell_len(clean(title)) <= room else None
        bottom = subtitle if subtitle and cell_len(clean(subtitle)) <= room else None
        inner: list[RenderableType] = []
        if title and not top:
            inner.append(Text(clean(title), style="bold"))
        inner.append(body)
        if subtitle and not bottom:
            inner.append(Text(clean(subtitle), style=MUTED))
        return Panel(
            Group(*inner) if len(inner) > 1 else body,
            title=Text(clean(top), style="bold") if top else None,
            subtitle=Text(clean(bottom), style=MUTED) if bottom else None,
            title_align="left",
            subtitle_align="left",
            box=box_style(look),
            padding=(0, 1),
        )

    return ByWidth(build)


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


def topic_rows(
    look: Look, headers: tuple[str, ...], rows: list[tuple[str, tuple[str, ...]]]
) -> RenderableType:
    """Counts per topic: a small table where it fits; else (and in --plain mode) one line per
    topic, `topic: answered 3, correct 2`."""
    from rich.table import Table

    widths = [longest((r[0] for r in rows), len("Topic"))]
    widths += [longest((r[1][i] for r in rows), len(h)) for i, h in enumerate(headers)]

    def build(width: int) -> RenderableType:
        if look.plain or not table_fits(width, widths):
            return Group(
                *(
                    t(
                        f"{topic}: "
                        + ", ".join(
                            f"{h.lower()} {v}" for h, v in zip(headers, values, strict=True)
                        )
                    )
                    for topic, values in rows
                )
            )
        table = Table(box=box_style(look), header_style="bold")
        table.add_column("Topic", no_wrap=True)
        for h in headers:
            table.add_column(h, justify="right", no_wrap=True)
        for topic, values in rows:
            table.add_row(t(topic), *values)
        return table

    return ByWidth(build)
