"""`cyberdip export --format markdown`: a printable study guide with footnoted citations.

The guide is in teaching order (TEACHING_ORDER below): the vocabulary first (glossary),
then the instruments (toolbox) and the policy frame (axes), then history (timeline); then
practice before the answers: the drills ask for decisions before the reasoning and the
record, the incidents then tell each whole story, and the answer key lets a learner test
themselves on the quiz questions; the corrections of the EIPA blog post and the sources close it.

Each citation is a Markdown footnote named after its source id ([^s3]); the definitions at
the end give issuer, title, date, identifier and URL, for exactly the sources cited. Ids
are anchors and links, never shown as text. Content is plain text, so it is escaped
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
TEACHING_ORDER = (
    "glossary",
    "toolbox",
    "axes",
    "timeline",
    "drills",
    "incidents",
    "answers",
    "discrepancies",
    "sources",
)
HOW_TO_USE = (
    "How to use it: learn the vocabulary in the glossary, then how the EU responds (the "
    "toolbox) and where that fits in its policy (the two axes), with the timeline for the "
    "order of events. The drills then put you in a real case as it stood at the time: decide "
    "first, then read the reasoning for each choice and what was actually done. The incidents "
    "tell each case in full, and the answer key tests what you remember."
)
GRADE = {1: "best", 0.5: "defensible", 0: "weak"}
DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
AXIS_PARTS = (
    ("goals", "Goals"),
    ("instruments", "Instruments"),
    ("forums", "Forums"),
    ("examples", "Examples"),
    ("features", "Features"),  # the axis's own features_heading replaces this
)


def blog_heading(store: Store) -> str:
    return (store.section("labels") or {}).get("blog_differs") or "Corrections"


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
        self.incidents = {i["id"]: i for i in store.all("incident")}
        self.drills = store.all("drill")
        self.measure_ids = set(store.ids("measure"))

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

    def incident_link(self, incident_id: str) -> str:
        """An incident's name, linked to its story; a term of that id when there is none."""
        incident = self.incidents.get(incident_id)
        if incident is None:
            return self.term_link(incident_id)
        return f"[{md(incident['name'])}](#incident-{incident_id})"

    def sources_line(self, ids: list[str] | None) -> None:
        if ids:
            self.block(f"Sources: {self.cite(ids)}")

    def unverified(self, item: dict[str, Any]) -> None:
        if item.get("status") == "unverified":
            note = item.get("note") or "not confirmed by a stored source"
            self.block(f"> **Unverified:** {md(note)}")

    def point(self, p: dict[str, Any], date: bool = False) -> str:
        """A bullet for a content point: date or name, text, blog note, terms, citations."""
        parts = []
        if date and p.get("date"):
            parts.append(f"**{md(p['date'])}:**")
        if p.get("name"):
            parts.append(f"**{md(p['name'])}:**")
        parts.append(md(p["text"]))
        if p.get("blog_note"):
            label = (self.store.section("axes") or {}).get("blog_note_label") or "Note"
            parts.append(f"*{md(label)}:* {md(p['blog_note'])}")
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
        self.block(md(HOW_TO_USE))
        if self.topic:
            title = (self.store.get("topic", self.topic) or {}).get("title", self.topic)
            self.block(
                f"Limited to the topic *{md(title)}*: "
                "the glossary, the timeline and the answer key show only its entries."
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
        facts = [f"axis: {md(term['axis'])}"]
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
                    f"{', '.join(self.incident_link(i) for i in x.get('incidents') or []) or '-'} | "
                    f"{acts_text} | "
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
                if key == "features":
                    title = axis.get("features_heading") or title
                self.bullets(title, axis.get(key) or [])
            self.sources_line(axis.get("sources"))
        if section.get("drivers") or section.get("priorities"):
            self.heading(3, "Drivers and priorities", "axes-drivers")
            self.bullets(section.get("drivers_heading") or "Drivers", section.get("drivers") or [])
            self.bullets(
                section.get("priorities_heading") or "Priorities", section.get("priorities") or []
            )
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
        labels = self.store.section("labels") or {}
        self.heading(2, blog_heading(self.store), "discrepancies")
        if labels.get("blog_intro"):
            self.block(md(labels["blog_intro"]))
        says = labels.get("blog_says") or "It said"
        for d in items:
            self.block(
                f"- **{md(says)}:** {md(d['blog_says'])}\\",
                f"  **In fact:** {md(d['correction'])}"
                + (f" (see {self.term_links(d['terms'])})" if d.get("terms") else "")
                + self.cite(d["sources"]),
            )

    def drills_section(self) -> None:
        from ..quiz.answers import LETTERS
        from ..views.drill import reveal_view

        self.heading(2, "Drills: decide, then compare", "drills")
        self.block(
            "Each drill sets out a real case as it stood on a given day. Read the briefing and "
            "choose at every decision before you read on: the reasoning for each choice and the "
            "record of what was actually done follow the decisions."
        )
        for drill in self.drills:
            incident = self.incidents.get(drill["incident"]) or {}
            self.heading(3, drill["title"], f"drill-{drill['id']}")
            if incident:
                self.block(f"Case: {self.incident_link(drill['incident'])}")
            self.block(f"**Briefing (as of {md(drill['as_of'])}).** {md(drill['briefing'])}")
            self.block("**Your decisions**")
            lines = []
            for n, step in enumerate(drill["steps"], 1):
                lines.append(f"{n}. {md(step['prompt'])}")
                lines += [
                    f"   - {LETTERS[i]}) {md(c['text'])}" for i, c in enumerate(step["choices"])
                ]
            self.block(*lines)
            self.block("**The reasoning for each choice**")
            lines = []
            for n, step in enumerate(drill["steps"], 1):
                lines.append(f"{n}. {md(step['prompt'])}{self.cite(step.get('sources'))}")
                for i, c in enumerate(step["choices"]):
                    grade = GRADE.get(c["score"], GRADE[0])
                    lines.append(
                        f"   - {LETTERS[i]}) *{grade}:* {_stop(md(c['text']))} {md(c['feedback'])}"
                    )
            self.block(*lines)
            if incident:
                record = reveal_view(self.store, drill)["record"]
                self.block("**What was actually done**")
                lines = [self.story_item(item) for item in record]
                self.block(*(lines or ["*No attribution or response is on record.*"]))
            if drill.get("debrief"):
                self.block(f"**To take away.** {md(drill['debrief'])}")
            if drill.get("terms"):
                self.block(f"**Terms:** {self.term_links(drill['terms'])}")
            self.sources_line(drill.get("sources"))

    def story_item(self, item: dict[str, Any]) -> str:
        """One dated line of an incident's story (views/incident.py builds the story)."""
        what, date = item["what"], f"**{md(item['date'])}:**"
        if what == "attribution":
            head = (
                f"{date} {md(item['actor'])} attributes it to {md(item['attributed_to'])} "
                f"(basis: {md(item['basis'])})."
            )
        elif what == "response":
            measure = ""
            if item.get("measure_name"):
                name = md(item["measure_name"])
                in_guide = item.get("measure") in self.measure_ids
                measure = f" [{name}](#measure-{item['measure']})" if in_guide else f" {name}"
            eu = " (EU)" if item.get("eu") else ""
            head = f"{date} {md(item['actor'])}{eu}" + (f":{measure}." if measure else " responds.")
        else:
            head = f"{date} {md(what.capitalize())}."
        parts = [head]
        if item.get("text"):
            parts.append(md(item["text"]))
        if item.get("legal_act"):
            parts.append(f"Act: {md(item['legal_act'])}.")
        return "- " + " ".join(parts) + self.cite(item.get("sources"))

    def incident_stories(self) -> None:
        from ..render.incident import span_text
        from ..views.incident import incident_view

        self.heading(2, "Incidents: the whole story", "incidents")
        self.block(
            "Each incident as a dated record: what happened, who attributed it to whom and on "
            "what basis, and how the EU and its Member States responded."
        )
        ordered = sorted(self.incidents.values(), key=lambda i: (i["started"], i["name"]))
        for incident in ordered:
            view = incident_view(self.store, incident)
            self.heading(3, f"{view['name']} ({view['started'][:4]})", f"incident-{view['id']}")
            self.block(f"**{md(view['summary'])}**")
            self.unverified(view)
            self.block(para(view["account"]))
            targets = "; ".join(
                ", ".join(md(x) for x in (tg.get("country"), tg.get("sector")) if x)
                for tg in view["targets"]
            )
            facts = [f"Targets: {targets or '-'}"]
            if view["operators"]:
                facts.append(
                    "Operators: "
                    + "; ".join(
                        md(o["name"]) + (f" ({md(o['state'])})" if o.get("state") else "")
                        for o in view["operators"]
                    )
                )
            facts.append(
                f"Time to the first official attribution: {span_text(view['to_attribution'])}"
            )
            facts.append(f"Time to the first EU response: {span_text(view['to_eu_response'])}")
            self.block(*(f"- {f}" for f in facts))
            self.block("**What happened when**")
            self.block(*(self.story_item(item) for item in view["story"]))
            links = []
            if view["terms"]:
                links.append(f"**Terms:** {self.term_links(r['id'] for r in view['terms'])}")
            if view["drills"]:
                titles = {d["id"]: d["title"] for d in self.drills}
                links.append(
                    "**Drill:** "
                    + ", ".join(
                        f"[{md(titles[d])}](#drill-{d})" for d in view["drills"] if d in titles
                    )
                )
            if links:
                self.block(*links)
            self.sources_line(incident.get("sources"))

    def answer_key(self, groups: list[tuple[dict, list[dict]]]) -> None:
        from ..quiz.answers import LETTERS

        self.heading(2, "Answer key", "answers")
        self.block(
            "The hand-written quiz questions, by topic, each with its answer and why. Cover the "
            "answer to test yourself; `cyberdip quiz` asks them with spaced repetition."
        )
        if not groups:
            self.block("*No questions in this topic.*")
        number = 0
        for topic, questions in groups:
            self.heading(3, topic["title"], f"answers-{topic['id']}")
            for q in questions:
                number += 1
                level = DIFFICULTY.get(q["difficulty"], str(q["difficulty"]))
                self.block(f'<a id="question-{q["id"]}"></a>', "")
                self.block(f"**{number}\\.** {md(q['prompt'])} *({md(level)})*")
                choices = q.get("choices") or []
                if q["type"] in ("single", "multi"):
                    if q["type"] == "multi":
                        self.block("*Choose all that apply.*")
                    self.block(*(f"- {LETTERS[i]}) {md(c)}" for i, c in enumerate(choices)))
                    picks = q["answer"] if q["type"] == "multi" else [q["answer"]]
                    answer = "; ".join(
                        f"{LETTERS[choices.index(a)]}) {md(a)}" for a in picks if a in choices
                    )
                elif q["type"] == "true_false":
                    answer = "True" if q["answer"] else "False"
                else:  # order: the content lists the choices in the right order
                    self.block("*Put in order.*")
                    answer = " → ".join(md(c) for c in choices)
                self.unverified(q)
                self.block(f"**Answer:** {answer}")
                self.block(f"{md(q['explanation'])}{self.cite(q.get('sources'))}")

    def footnotes(self) -> None:
        self.heading(2, "Sources", "sources")
        self.block(f"{len(self.cited)} sources are cited in this guide.")
        order = {sid: n for n, sid in enumerate(self.store.ids("source"))}
        for sid in sorted(self.cited, key=lambda s: (order.get(s, len(order)), s)):
            self.add(f"[^{sid}]: {self.source_text(sid)}")
        self.add("")

    def source_text(self, sid: str) -> str:
        from ..views.citation import Citation, cite_markdown

        return cite_markdown(Citation.of(self.store.get("source", sid), sid), md)


def _stop(text: str) -> str:
    """Text as a sentence: a full stop unless it already ends with punctuation."""
    return text if text.endswith((".", "?", "!", ":")) else text + "."


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
    hand_written = [
        q
        for q in store.all("question")
        if not q.get("generated") and (topic is None or q["topic"] == topic)
    ]
    question_groups = [(t, [q for q in hand_written if q["topic"] == t["id"]]) for t in topics]
    question_groups = [g for g in question_groups if g[1]]

    sections: dict[str, tuple[list[tuple[int, str, str]], Any]] = {}
    sections["glossary"] = (
        [(1, "Glossary", "glossary")]
        + [(2, f"{t['title']} ({len(ts)})", f"topic-{t['id']}") for t, ts in groups],
        lambda: guide.glossary(groups),
    )
    if toolbox:
        name = (toolbox.get("framework") or {}).get("name") or "The Cyber Diplomacy Toolbox"
        toc = [
            (1, name, "toolbox"),
            (2, "Framework", "toolbox-framework"),
            (2, "Categories of measures", "toolbox-categories"),
            (2, "Measures", "toolbox-measures"),
        ]
        if toolbox.get("ladder"):
            toc.append((2, "Response ladder", "toolbox-ladder"))
        if toolbox.get("sanctions"):
            toc.append((2, toolbox["sanctions"]["name"], "toolbox-sanctions"))
        sections["toolbox"] = (toc, lambda: guide.toolbox(toolbox))
    if axes:
        sections["axes"] = (
            [(1, "The two axes", "axes")]
            + [(2, a["name"], f"axis-{a['id']}") for a in axes.get("axes") or []],
            lambda: guide.axes(axes),
        )
    sections["timeline"] = ([(1, "Timeline", "timeline")], lambda: guide.timeline(events))
    if guide.drills:
        sections["drills"] = (
            [(1, "Drills: decide, then compare", "drills")]
            + [(2, d["title"], f"drill-{d['id']}") for d in guide.drills],
            guide.drills_section,
        )
    if guide.incidents:
        ordered = sorted(guide.incidents.values(), key=lambda i: (i["started"], i["name"]))
        sections["incidents"] = (
            [(1, "Incidents: the whole story", "incidents")]
            + [(2, f"{i['name']} ({i['started'][:4]})", f"incident-{i['id']}") for i in ordered],
            guide.incident_stories,
        )
    sections["answers"] = (
        [(1, "Answer key", "answers")]
        + [(2, f"{t['title']} ({len(qs)})", f"answers-{t['id']}") for t, qs in question_groups],
        lambda: guide.answer_key(question_groups),
    )
    if discrepancies:
        sections["discrepancies"] = (
            [(1, blog_heading(store), "discrepancies")],
            lambda: guide.discrepancies(discrepancies),
        )
    sections["sources"] = ([(1, "Sources", "sources")], guide.footnotes)

    order = [name for name in TEACHING_ORDER if name in sections]
    guide.front_matter([entry for name in order for entry in sections[name][0]])
    for name in order:
        sections[name][1]()
    text = "\n".join(guide.lines).rstrip("\n") + "\n"
    return (
        text,
        f"{len(guide.terms)} terms, {len(events)} events, {len(hand_written)} questions and "
        f"{len(guide.cited)} cited sources",
    )
