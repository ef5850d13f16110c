"""The term view of `define`: one JSON-ready dict, rendered for humans or printed as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..runtime import Look
from ..views.term import display_name
from .common import MUTED, heading, label, panel, sources_block, spaced, t, unverified_mark

if TYPE_CHECKING:
    pass


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
    """All terms grouped by topic."""
    from rich.table import Table

    parts: list[RenderableType] = []
    for topic, terms in groups:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for term in terms:
            name = display_name(term)
            table.add_row(t(term["id"]), t(name))
        parts.append(Group(heading(f"{topic['title']} ({len(terms)})"), table))
    count = sum(len(ts) for _, ts in groups)
    parts.append(Text(f"{count} terms. Look one up with: cyberdip define TERM", style=MUTED))
    return spaced(*parts)
