"""The term view of `define`: one JSON-ready dict, rendered for humans or printed as JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..console import clean
from ..runtime import Look
from ..views.term import display_name
from .common import (
    MUTED,
    ByWidth,
    heading,
    label,
    longest,
    panel,
    plural,
    sources_block,
    spaced,
    t,
    unverified_mark,
)


def render_term(look: Look, view: dict[str, Any]) -> RenderableType:
    title = display_name(view)
    facts = [f"topic: {view['topic']}", f"axis: {view['axis']}"]
    if view.get("since"):
        facts.append(f"since: {view['since']}")
    if view.get("as_of"):
        facts.append(f"as of: {view['as_of']}")
    blog = None
    if view["blog_notes"]:
        labels = view["labels"]
        blog = Group(
            heading(labels["blog_differs"]),
            *(
                Group(
                    label(labels["blog_says"], n["blog_says"], MUTED),
                    label("In fact", n["correction"]),
                )
                for n in view["blog_notes"]
            ),
        )
    related = Group(
        heading("Related terms"),
        *(t(f"{r['id']}: {r['summary']}") for r in view["see_also"]),
    )
    body = spaced(
        t(view["summary"], "bold"),
        unverified_mark(view),
        Group(heading("Definition"), t(view["definition"])),
        Group(heading("In the EU context"), t(view["eu_context"])),
        blog,
        sources_block(view["sources"]),
        related,
    )
    return panel(look, body, title=title, subtitle="  ".join(facts))


def render_term_list(look: Look, groups: list[tuple[dict, list[dict]]]) -> RenderableType:
    """All terms grouped by topic: id and name in columns where every row fits on a line,
    else `id  name` on a line, or the name indented under the id when the two do not fit."""
    from rich.table import Table

    def rows(terms: list[dict]) -> RenderableType:
        pairs = [(term["id"], display_name(term)) for term in terms]
        id_w = longest(i for i, _ in pairs)
        one_line = id_w + 2 + longest(n for _, n in pairs)

        def build(width: int) -> RenderableType:
            if one_line <= width:
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", no_wrap=True)
                table.add_column()
                for i, n in pairs:
                    table.add_row(t(i), t(n))
                return table
            return Group(*(_row(i, n, width) for i, n in pairs))

        return ByWidth(build)

    parts: list[RenderableType] = [
        Group(heading(f"{topic['title']} ({len(terms)})"), rows(terms)) for topic, terms in groups
    ]
    count = sum(len(ts) for _, ts in groups)
    parts.append(
        Text(f"{plural(count, 'term')}. Look one up with: cyberdip define TERM", style=MUTED)
    )
    return spaced(*parts)


def _row(term_id: str, name: str, width: int) -> RenderableType:
    from rich.cells import cell_len
    from rich.padding import Padding

    if cell_len(clean(term_id)) + 2 + cell_len(clean(name)) <= width:
        return Text.assemble((clean(term_id), "bold"), "  ", clean(name))
    return Group(t(term_id, "bold"), Padding(t(name), (0, 0, 0, 2)))
