"""Views of `cyberdip axes`: both axes side by side, or one axis in detail."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..runtime import Look
from .common import MUTED, WARN, ByWidth, box_style, heading, longest, panel, spaced, t, table_fits

ROWS = (
    ("focus", "Focus"),
    ("goals", "Goals"),
    ("instruments", "Instruments"),
    ("forums", "Forums"),
    ("examples", "Examples"),
)

AXIS_MIN = 34  # columns each axis needs side by side; narrower terminals stack them


def _bullets(points: list[dict], show_terms: bool = False) -> Group:
    lines = []
    for p in points:
        line = Text("- ")
        if p.get("name"):
            line.append(t(p["name"] + ": ", "bold"))
        line.append(t(p["text"]))
        if show_terms:
            refs = [f"define: {', '.join(p['terms'])}"] if p["terms"] else []
            refs.append(f"sources: {', '.join(p['sources'])}")
            line.append(t(f"  ({'; '.join(refs)})", MUTED))
        lines.append(line)
    return Group(*lines)


def _cell(axis: dict, key: str) -> RenderableType:
    if key == "focus":
        return t(axis["focus"])
    return _bullets(axis[key])


def _strip(view: dict[str, Any]) -> RenderableType:
    return spaced(
        Group(heading(view["headings"]["drivers"]), _bullets(view["drivers"], show_terms=True)),
        Group(heading("What ties the two axes"), _bullets(view["links"], show_terms=True)),
    )


def render_axes(look: Look, view: dict[str, Any]) -> RenderableType:
    axes = view["axes"]
    label_w = longest(title for _, title in ROWS)
    strip = panel(look, _strip(view), title="Across both axes")

    def stacked() -> RenderableType:
        return Group(
            *(
                panel(
                    look,
                    spaced(*(Group(heading(title), _cell(axis, key)) for key, title in ROWS)),
                    title=axis["name"],
                )
                for axis in axes
            ),
            strip,
            _footer(),
        )

    def side_by_side() -> RenderableType:
        table = Table(box=box_style(look), show_lines=True, expand=True, header_style="bold cyan")
        table.add_column("", style="bold", width=label_w, no_wrap=True)
        for axis in axes:
            table.add_column(t(axis["name"]), ratio=1)
        for key, title in ROWS:
            table.add_row(Text(title), *(_cell(axis, key) for axis in axes))
        return Group(table, strip, _footer())

    def build(width: int) -> RenderableType:
        wide = not look.plain and table_fits(
            width, [label_w], AXIS_MIN * len(axes), columns=1 + len(axes)
        )
        return side_by_side() if wide else stacked()

    return ByWidth(build)


def _footer() -> Text:
    return t("Detail: cyberdip axes international | cyberdip axes internal", MUTED)


def render_axis(look: Look, view: dict[str, Any], axis_id: str) -> RenderableType:
    axis = next(a for a in view["axes"] if a["id"] == axis_id)
    features = []
    for n, p in enumerate(axis["features"], 1):
        line = Text(f"{n}. ", style="bold")
        if p.get("name"):
            line.append(t(p["name"] + ": ", "bold"))
        line.append(t(p["text"]))
        parts: list[RenderableType] = [line]
        if p.get("blog_note"):
            parts.append(t(f"   {view['headings']['blog_note']}: {p['blog_note']}", WARN))
        if p["terms"]:
            parts.append(t(f"   define: {', '.join(p['terms'])}", MUTED))
        features.append(Group(*parts))
    feature_title = axis["features_heading"]
    body = spaced(
        t(axis["focus"], "bold"),
        *(Group(heading(title), _bullets(axis[key], show_terms=True)) for key, title in ROWS[1:]),
        Group(heading(feature_title), *features),
        Group(
            heading(view["headings"]["priorities"]),
            _bullets(view["priorities"], show_terms=True),
        ),
        t("Sources: " + ", ".join(axis["sources"]) + "  (cyberdip sources ID)", MUTED),
    )
    return panel(look, body, title=axis["name"], subtitle="Terms: cyberdip define ID")
