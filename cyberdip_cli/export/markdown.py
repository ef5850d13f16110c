"""`cyberdip export --format markdown`: a printable study guide with footnoted citations.

The guide has a title, a table of contents, the glossary grouped by topic, the toolbox, the
two axes, the timeline and the seed's discrepancies. Each citation is a Markdown footnote
named after its source id ([^s3]); the definitions at the end give issuer, title, date,
identifier and URL, for exactly the sources cited. Content is plain text, so it is escaped
wherever Markdown would read it as markup. The same content always gives the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..console import clean
from ..kb.store import Store
from ..render.term import display_name

TITLE = "EU cyber diplomacy: a study guide"
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
AXIS_PARTS = (
    ("goals", "Goals"),
    ("instruments", "Instruments"),
    ("forums", "Forums"),
    ("examples", "Examples"),
    ("features", "As the seed text describes it"),
)


def md(text: Any) -> str:
    """Plain content text as inline Markdown that shows literally, on one line."""
    flat = " ".join(clean(text).split())
    return _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", flat))


def para(text: Any) -> str:
    """Like md(), for text that starts a line: a leading #, -, > or "1." stays text."""
    out = md(text)
    match = _BLOCK_START.match(out)
    if match:
        lead, mark = match.groups()
        if mark[0].isdigit():
            out = lead + mark[:-1] + "\\" + mark[-1] + out[match.end() :]
        else:
            out = lead + "\\" + mark + out[match.end() :]
    return out


class Guide:
    """Collects lines and citations while the sections are written."""

    def __init__(self, store: Store, topic: str | None):
        self.store = store
        self.topic = topic
        self.lines: list[str] = []
        self.cited: list[str] = []
        terms = store.all("term")
        self.terms = [t for t in terms if topic is None or t["topic"] == topic]
        self.term_ids = {t["id"] for t in self.terms}
        self.all_terms = {t["id"]: t for t in terms}

    # ------------------------------------------------------------ building blocks

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def block(self, *lines: str) -> None:
        """Lines followed by a blank line."""
        self.lines.extend(lines)
        self.lines.append("")

    def heading(self, level: int, text: str, anchor: str) -> None:
        self.block(f'<a id="{anchor}"></a>', "", "#" * level + " " + md(text))

    def cite(self, ids: Iterable[str] | None) -> str:
        refs = []
        for sid in ids or []:
            if sid not in self.cited:
                self.cited.append(sid)
            refs.append(f"[^{sid}]")
        return "".join(refs)

    def term_link(self, term_id: str) -> str:
        term = self.all_terms.get(term_id)
        name = md(term["term"]) if term else md(term_id)
        return f"[{name}](#term-{term_id})" if term_id in self.term_ids else name

    def term_links(self, ids: Iterable[str] | None) -> str:
        return ", ".join(self.term_link(i) for i in ids or [])

    def sources_line(self, ids: list[str] | None) -> None:
        if ids:
            self.block(f"Sources: {self.cite(ids)}")

    def unverified(self, item: dict[str, Any]) -> None:
        if item.get("status") == "unverified":
            note = item.get("note") or "not confirmed by a stored source"
            self.block(f"> **Unverified:** {md(note)}")

    def point(self, p: dict[str, Any], date: bool = False) -> str:
        """A bullet for a content point: date or name, text, seed note, terms, citations."""
        parts = []
        if date and p.get("date"):
            parts.append(f"**{md(p['date'])}:**")
        if p.get("name"):
            parts.append(f"**{md(p['name'])}:**")
        parts.append(md(p["text"]))
        if p.get("blog_note"):
            parts.append(f"*Seed note:* {md(p['blog_note'])}")
        if p.get("status") == "unverified":
            parts.append(f"*(unverified: {md(p.get('note') or 'not confirmed')})*")
        if p.get("terms"):
            parts.append(f"(see {self.term_links(p['terms'])})")
        return "- " + " ".join(parts) + self.cite(p.get("sources"))

    def bullets(self, title: str | None, points: list[dict], date: bool = False) -> None:
        if not points:
            return
        if title:
            self.block(f"**{md(title)}**")
        self.block(*(self.point(p, date) for p in points))

    # ------------------------------------------------------------ sections

    def front_matter(self, toc: list[tuple[int, str, str]]) -> None:
        self.block(f"# {md(TITLE)}")
        self.block(
            f"Exported by cyberdip {md(__version__)}. Every statement is cited: the numbered notes "
            "refer to the sources listed at the end."
        )
        if self.topic:
            title = (self.store.get("topic", self.topic) or {}).get("title", self.topic)
            self.block(
                f"Limited to the topic *{md(title)}*: "
                "the glossary and the timeline show only its entries."
            )
        self.block("## Contents")
        self.block(
            *(f"{'  ' * (level - 1)}- [{md(text)}](#{anchor})" for level, text, anchor in toc)
        )

    def glossary(self, groups: list[tuple[dict, list[dict]]]) -> None:
        self.heading(2, "Glossary", "glossary")
        if not groups:
            self.block("*No terms in this topic.*")
        for topic, terms in groups:
            self.heading(3, topic["title"], f"topic-{topic['id']}")
            if topic.get("description"):
                self.block(f"*{md(topic['description'])}*")
            for term in terms:
                self.term(term)

    def term(self, term: dict[str, Any]) -> None:
        name = display_name(term)
        self.heading(4, name, f"term-{term['id']}")
        self.block(f"**{md(term['summary'])}**")
        facts = [f"id `{term['id']}`", f"axis: {md(term['axis'])}"]
        if term.get("since"):
            facts.append(f"since: {md(term['since'])}")
        if term.get("as_of"):
            facts.append(f"as of: {md(term['as_of'])}")
        if term.get("aliases"):
            facts.append("also: " + "; ".join(md(a) for a in term["aliases"]))
        self.block(" · ".join(facts))
        self.unverified(term)
        self.block(f"**Definition.** {md(term['definition'])}")
        self.block(f"**In the EU context.** {md(term['eu_context'])}")
        if term.get("see_also"):
            self.block(f"**See also:** {self.term_links(term['see_also'])}")
        self.sources_line(term.get("sources"))

    def toolbox(self, toolbox: dict[str, Any]) -> None:
        framework = toolbox.get("framework") or {}
        self.heading(2, framework.get("name") or "The Cyber Diplomacy Toolbox", "toolbox")
        self.heading(3, "Framework", "toolbox-framework")
        if framework.get("summary"):
            self.block(f"**{md(framework['summary'])}**")
        if framework.get("description"):
            self.block(para(framework["description"]))
        docs = framework.get("documents") or []
        if docs:
            self.block("**Founding documents**")
            lines = []
            for d in docs:
                ident = f" ({md(d['identifier'])})" if d.get("identifier") else ""
                lines.append(
                    f"- **{md(d['date'])}:** {md(d['name'])}{ident}. "
                    f"{md(d['text'])}{self.cite(d['sources'])}"
                )
            self.block(*lines)
        self.bullets("Principles", framework.get("principles") or [])
        self.sources_line(framework.get("sources"))

        measures = toolbox.get("measures") or []
        categories = toolbox.get("categories") or []
        names = {c["id"]: c["name"] for c in categories}
        self.heading(3, "Categories of measures", "toolbox-categories")
        for c in categories:
            self.heading(4, c["name"], f"category-{c['id']}")
            self.block(f"**{md(c['summary'])}**")
            self.unverified(c)
            self.block(para(c["description"]))
            mine = [m for m in measures if m["category"] == c["id"]]
            if mine:
                self.block(
                    "Measures: " + ", ".join(f"[{md(m['name'])}](#measure-{m['id']})" for m in mine)
                )
            self.sources_line(c.get("sources"))

        self.heading(3, "Measures", "toolbox-measures")
        for m in measures:
            self.heading(4, m["name"], f"measure-{m['id']}")
            category = names.get(m["category"], m["category"])
            self.block(
                f"**{md(m['purpose'])}** Category: [{md(category)}](#category-{m['category']})."
            )
            self.unverified(m)
            self.block(para(m["description"]))
            self.block(f"**When it is used.** {md(m['when_used'])}")
            self.block(f"**Who decides, and how.** {md(m['who_decides'])}")
            self.block(f"**Legal basis.** {md(m['legal_basis'])}")
            self.bullets("Real uses", m.get("uses") or [], date=True)
            if m.get("terms"):
                self.block(f"**Related terms:** {self.term_links(m['terms'])}")
            self.sources_line(m.get("sources"))

        ladder = toolbox.get("ladder") or []
        if ladder:
            self.heading(3, "Response ladder", "toolbox-ladder")
            self.block(f"From the softest response (1) to the hardest ({len(ladder)}).")
            lines = []
            for n, rung in enumerate(ladder, 1):
                outside = " (outside the toolbox)" if rung.get("outside_toolbox") else ""
                lines.append(
                    f"{n}. **{md(rung['name'])}**{outside}: "
                    f"{md(rung['text'])}{self.cite(rung['sources'])}"
                )
            self.block(*lines)

        if toolbox.get("sanctions"):
            self.sanctions(toolbox["sanctions"])

    def sanctions(self, regime: dict[str, Any]) -> None:
        self.heading(3, regime["name"], "toolbox-sanctions")
        self.block(f"**{md(regime['summary'])}**")
        self.block(para(regime["description"]))
        acts = regime.get("acts") or []
        if acts:
            self.block("**Legal acts**")
            lines = []
            for a in acts:
                extra = [md(a[k]) for k in ("identifier",) if a.get(k)]
                if a.get("legal_basis"):
                    extra.append(f"basis: {md(a['legal_basis'])}")
                detail = f" ({'; '.join(extra)})" if extra else ""
                lines.append(
                    f"- **{md(a['date'])}:** {md(a['name'])}{detail}. "
                    f"{md(a['text'])}{self.cite(a['sources'])}"
                )
            self.block(*lines)
        self.bullets("What it allows", regime.get("allows") or [])
        self.bullets("Criteria for listing", regime.get("criteria") or [])
        self.bullets("Renewals", regime.get("renewals") or [], date=True)
        listings = regime.get("listings") or []
        if listings:
            self.block("**Listings**")
            rows = [
                "| Date | Persons | Entities | Incidents | Legal acts | Sources |",
                "|---|---:|---:|---|---|---|",
            ]
            for x in listings:
                acts_text = "; ".join(md(a) for a in x.get("legal_acts") or []) or "not confirmed"
                rows.append(
                    f"| {md(x['date'])} | {x['persons']} | {x['entities']} | "
                    f"{self.term_links(x.get('incidents')) or '-'} | {acts_text} | "
                    f"{self.cite(x['sources'])} |"
                )
            persons = sum(x["persons"] for x in listings)
            entities = sum(x["entities"] for x in listings)
            rows.append(f"| **Total** | {persons} | {entities} | {len(listings)} rounds | | |")
            self.block(*rows)
            for x in listings:
                self.heading(4, f"Listing of {x['date']}", f"listing-{x['id']}")
                self.unverified(x)
                self.block(para(x["text"]) + self.cite(x["sources"]))
                if x.get("names"):
                    self.block("Listed: " + "; ".join(md(n) for n in x["names"]))
        self.sources_line(regime.get("sources"))

    def axes(self, section: dict[str, Any]) -> None:
        self.heading(2, "The two axes", "axes")
        for axis in section.get("axes") or []:
            self.heading(3, axis["name"], f"axis-{axis['id']}")
            self.block(f"**Focus.** {md(axis['focus'])}")
            for key, title in AXIS_PARTS:
                self.bullets(title, axis.get(key) or [])
            self.sources_line(axis.get("sources"))
        if section.get("drivers") or section.get("priorities"):
            self.heading(3, "Drivers and priorities", "axes-drivers")
            self.bullets("Drivers", section.get("drivers") or [])
            self.bullets("Priorities", section.get("priorities") or [])
        if section.get("links"):
            self.heading(3, "How the axes connect", "axes-links")
            self.bullets(None, section["links"])

    def timeline(self, events: list[dict[str, Any]]) -> None:
        self.heading(2, "Timeline", "timeline")
        if not events:
            self.block("*No events in this topic.*")
        year = None
        lines: list[str] = []
        for e in events:
            if e["date"][:4] != year:
                if lines:
                    self.block(*lines)
                    lines = []
                year = e["date"][:4]
                self.block(f"### {md(year)}")
            entry = f"- **{md(e['date'])}: {md(e['title'])}.** {md(e['text'])}"
            if e.get("status") == "unverified":
                entry += f" *(unverified: {md(e.get('note') or 'not confirmed')})*"
            if e.get("terms"):
                entry += f" (see {self.term_links(e['terms'])})"
            lines.append(entry + self.cite(e["sources"]))
        if lines:
            self.block(*lines)

    def discrepancies(self, items: list[dict[str, Any]]) -> None:
        self.heading(2, "Where the seed text is wrong or dated", "discrepancies")
        self.block(
            "The guide started from a 2021 blog post (the seed text). These are the places where "
            "it is imprecise or out of date, and what the sources say instead."
        )
        for d in items:
            self.block(
                f"- **The seed says:** {md(d['blog_says'])}\\",
                f"  **In fact:** {md(d['correction'])}"
                + (f" (see {self.term_links(d['terms'])})" if d.get("terms") else "")
                + self.cite(d["sources"]),
            )

    def footnotes(self) -> None:
        self.heading(2, "Sources", "sources")
        self.block(f"{len(self.cited)} sources are cited in this guide.")
        order = {sid: n for n, sid in enumerate(self.store.ids("source"))}
        for sid in sorted(self.cited, key=lambda s: (order.get(s, len(order)), s)):
            self.add(f"[^{sid}]: {self.source_text(sid)}")
        self.add("")

    def source_text(self, sid: str) -> str:
        src = self.store.get("source", sid)
        if src is None:
            return f"{md(sid)}: (missing source)"
        text = f"{md(src['issuer'])}, *{md(src['title'])}*"
        if src.get("date"):
            text += f" ({md(src['date'])})"
        text += "."
        if src.get("identifier"):
            text += f" {md(src['identifier'])}."
        if src.get("url"):
            text += f" <{src['url']}>" if _safe_url(src["url"]) else f" {md(src['url'])}"
        return text + f" \\[{md(sid)}, {md(src.get('type') or '?')}\\]"


def _safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://")) and not re.search(r"[\s<>]", url)


def render_markdown(store: Store, topic: str | None = None) -> tuple[str, str]:
    """The study guide and a short description of what it holds."""
    guide = Guide(store, topic)
    topics = store.all("topic")
    groups = [(t, [x for x in guide.terms if x["topic"] == t["id"]]) for t in topics]
    groups = [g for g in groups if g[1]]
    toolbox = store.section("toolbox")
    axes = store.section("axes")
    events = [e for e in store.all("event") if topic is None or e["topic"] == topic]
    discrepancies = store.all("discrepancy")

    toc: list[tuple[int, str, str]] = [(1, "Glossary", "glossary")]
    toc += [(2, f"{t['title']} ({len(ts)})", f"topic-{t['id']}") for t, ts in groups]
    if toolbox:
        name = (toolbox.get("framework") or {}).get("name") or "The Cyber Diplomacy Toolbox"
        toc.append((1, name, "toolbox"))
        toc += [
            (2, "Framework", "toolbox-framework"),
            (2, "Categories of measures", "toolbox-categories"),
            (2, "Measures", "toolbox-measures"),
        ]
        if toolbox.get("ladder"):
            toc.append((2, "Response ladder", "toolbox-ladder"))
        if toolbox.get("sanctions"):
            toc.append((2, toolbox["sanctions"]["name"], "toolbox-sanctions"))
    if axes:
        toc.append((1, "The two axes", "axes"))
        toc += [(2, a["name"], f"axis-{a['id']}") for a in axes.get("axes") or []]
    toc.append((1, "Timeline", "timeline"))
    if discrepancies:
        toc.append((1, "Where the seed text is wrong or dated", "discrepancies"))
    toc.append((1, "Sources", "sources"))

    guide.front_matter(toc)
    guide.glossary(groups)
    if toolbox:
        guide.toolbox(toolbox)
    if axes:
        guide.axes(axes)
    guide.timeline(events)
    if discrepancies:
        guide.discrepancies(discrepancies)
    guide.footnotes()
    text = "\n".join(guide.lines).rstrip("\n") + "\n"
    return (
        text,
        f"{len(guide.terms)} terms, {len(events)} events and {len(guide.cited)} cited sources",
    )
