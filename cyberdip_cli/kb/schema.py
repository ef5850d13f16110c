"""The shape of every content entry (docs/CONTENT.md is the prose version of this file).

A record schema maps field names to `Field`s. The validator walks the data with these;
nothing else in the code knows which fields an entry has.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    VERIFIED = "verified"
    UNVERIFIED = "unverified"


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    TRUE_FALSE = "true_false"
    ORDER = "order"


class SourceType(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    ON_REQUEST = "on-request"  # an official document released only on request


AXES = ("international", "internal", "both")
SOURCE_TYPES = tuple(SourceType)
STATUSES = tuple(Status)
QUESTION_TYPES = tuple(QuestionType)
DIFFICULTIES = (1, 2, 3)

SUMMARY_MAX_CHARS = 160
# Reading lengths, in words: a definition reads in about 20 seconds. Over them is W103 (a
# warning: a pack may go over; the built-in content may not, a test holds it there).
WORD_LIMITS = {
    "term": {"summary": 25, "definition": 70, "eu_context": 60},
    "event": {"text": 60},
    "incident": {"summary": 25, "account": 120},
    "question": {"prompt": 40, "explanation": 70},
    "drill": {"briefing": 150},
}
DEFINITION_WORDS = (40, 150)

# Every error code `cyberdip check` can report; docs/CONTENT.md lists them too.
CODES = {
    "E100": "YAML syntax error",
    "E101": "file unreadable or over a limit (size, nesting, alias expansion)",
    "E102": "encoding problem (not UTF-8, byte-order mark, tab indentation)",
    "E103": "file shape (empty, not a mapping, unknown section, several documents)",
    "E105": "duplicate key",
    "E110": "control character or escape sequence in text",
    "E201": "missing required field",
    "E202": "wrong type",
    "E203": "empty value",
    "E204": "unknown field",
    "E205": "malformed id",
    "E206": "duplicate id",
    "E207": "reference to an unknown term, topic, measure or category",
    "E208": "reference to an unknown source",
    "E209": "value not among the allowed ones",
    "E210": "malformed date",
    "E211": "text too long or too short",
    "E212": "quiz answer does not fit its choices",
    "E213": "unverified item without a note",
    "E214": "id already defined by other content (say `replaces` in the pack)",
    "E215": "dates out of order (an attribution or response before the incident started)",
    "E216": "drill shape (3 to 5 steps, 3 or 4 choices each, one scoring 1)",
    "E217": "quiz explanation names a choice by its position (choices are shuffled)",
    "E218": "quiz hint contains the text of a correct choice",
    "W101": "an old field name that still loads (rename it)",
    "W103": "text longer than a learner reads at a glance (see the length limits)",
    "W104": "text that talks about the tool or its sources instead of the subject",
    "W102": "a pack term's name or acronym is already a built-in term's name, acronym or alias",
}

# Old field names still read, under their new names, with a W101 warning.
DEPRECATED_KEYS = {"seed_says": "blog_says", "seed_note": "blog_note"}

LIST_KINDS = frozenset({"refs", "sources", "strs", "records"})


@dataclass(frozen=True)
class Field:
    kind: str  # id text line date int bool enum ref refs sources strs record records
    required: bool = False
    ref: str = ""  # for ref/refs: the kind of entry referred to
    choices: tuple = ()
    schema: "dict[str, Field]" = field(default_factory=dict)
    nullable: bool = False


def default_for(name: str, f: Field) -> Any:
    """What an absent optional field means, filled once at load so no view guesses."""
    if f.kind in LIST_KINDS:
        return []
    if name == "status":
        return Status.VERIFIED.value
    return None


def _f(kind: str, required: bool = False, **kw) -> Field:
    return Field(kind, required, **kw)


REQ = True
STATUS_FIELDS = {
    "status": _f("enum", choices=STATUSES),
    "note": _f("text"),
    "as_of": _f("date"),
}

POINT = {
    "id": _f("id"),
    "name": _f("line"),
    "text": _f("text", REQ),
    "terms": _f("refs", ref="term"),
    "blog_note": _f("text"),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

DATED_POINT = {**POINT, "date": _f("date", REQ), "incident": _f("ref", ref="incident")}

TOPIC = {
    "id": _f("id", REQ),
    "title": _f("line", REQ),
    "description": _f("text"),
}

SOURCE = {
    "id": _f("id", REQ),
    "title": _f("text", REQ),
    "issuer": _f("line", REQ),
    "date": _f("date"),
    "identifier": _f("line", nullable=True),
    "url": _f("line"),
    "mirror": _f("line"),
    "type": _f("enum", REQ, choices=SOURCE_TYPES),
    "note": _f("text"),
}

TERM = {
    "id": _f("id", REQ),
    "term": _f("line", REQ),
    "acronym": _f("line", nullable=True),
    "aliases": _f("strs"),
    "topic": _f("ref", REQ, ref="topic"),
    "axis": _f("enum", REQ, choices=AXES),
    "summary": _f("line", REQ),
    "definition": _f("text", REQ),
    "eu_context": _f("text", REQ),
    "see_also": _f("refs", REQ, ref="term"),
    "sources": _f("sources", REQ),
    "since": _f("date"),
    "until": _f("date"),  # when it stopped applying or ended
    "legal_basis": _f("line"),
    "scope": _f("line"),  # who or what it covers, in a line
    "replaces": _f("refs", ref="term"),
    **STATUS_FIELDS,
}

DOCUMENT = {
    "id": _f("id", REQ),
    "name": _f("text", REQ),
    "date": _f("date", REQ),
    "identifier": _f("line", nullable=True),
    "text": _f("text", REQ),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

PRINCIPLE = {
    "id": _f("id", REQ),
    "name": _f("line", REQ),
    "text": _f("text", REQ),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

FRAMEWORK = {
    "name": _f("line", REQ),
    "summary": _f("line", REQ),
    "description": _f("text", REQ),
    "documents": _f("records", REQ, schema=DOCUMENT),
    "principles": _f("records", REQ, schema=PRINCIPLE),
    "sources": _f("sources", REQ),
}

CATEGORY = {
    "id": _f("id", REQ),
    "name": _f("line", REQ),
    "summary": _f("line", REQ),
    "description": _f("text", REQ),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

MEASURE = {
    "id": _f("id", REQ),
    "name": _f("line", REQ),
    "category": _f("ref", REQ, ref="category"),
    "purpose": _f("line", REQ),
    "description": _f("text", REQ),
    "when_used": _f("text"),
    "who_decides": _f("text"),
    "legal_basis": _f("text"),
    "uses": _f("records", schema=DATED_POINT),
    "terms": _f("refs", ref="term"),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

RUNG = {
    "id": _f("id", REQ),
    "name": _f("line", REQ),
    "measure": _f("ref", ref="measure", nullable=True),
    "term": _f("ref", ref="term", nullable=True),
    "outside_toolbox": _f("bool"),
    "text": _f("text", REQ),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

ACT = {
    "id": _f("id", REQ),
    "name": _f("text", REQ),
    "date": _f("date", REQ),
    "identifier": _f("line", nullable=True),
    "legal_basis": _f("line"),
    "text": _f("text", REQ),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

LISTING = {
    "id": _f("id", REQ),
    "date": _f("date", REQ),
    "persons": _f("int", REQ),
    "entities": _f("int", REQ),
    "names": _f("strs"),
    "incidents": _f("refs", ref="term"),
    "states": _f("strs"),
    "legal_acts": _f("strs"),
    "text": _f("text", REQ),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

SANCTIONS = {
    "name": _f("line", REQ),
    "aliases": _f("strs"),
    "summary": _f("line", REQ),
    "description": _f("text", REQ),
    "acts": _f("records", REQ, schema=ACT),
    "allows": _f("records", REQ, schema=POINT),
    "criteria": _f("records", REQ, schema=POINT),
    "renewals": _f("records", REQ, schema=DATED_POINT),
    "listings": _f("records", REQ, schema=LISTING),
    "sources": _f("sources", REQ),
}

REGIME = {"id": _f("id", REQ), **SANCTIONS}

TOOLBOX = {
    "framework": _f("record", REQ, schema=FRAMEWORK),
    "categories": _f("records", REQ, schema=CATEGORY),
    "measures": _f("records", REQ, schema=MEASURE),
    "ladder": _f("records", REQ, schema=RUNG),
    "sanctions": _f("record", REQ, schema=SANCTIONS),
    "related_regimes": _f("records", schema=REGIME),
}

AXIS = {
    "id": _f("enum", REQ, choices=("international", "internal")),
    "name": _f("line", REQ),
    "focus": _f("text", REQ),
    "goals": _f("records", REQ, schema=POINT),
    "instruments": _f("records", REQ, schema=POINT),
    "forums": _f("records", REQ, schema=POINT),
    "examples": _f("records", REQ, schema=POINT),
    "features": _f("records", REQ, schema=POINT),
    "features_heading": _f("line"),
    "sources": _f("sources", REQ),
}

NAMED_POINT = {**POINT, "id": _f("id", REQ), "name": _f("line", REQ)}

AXES_SECTION = {
    "drivers_heading": _f("line"),
    "priorities_heading": _f("line"),
    "blog_note_label": _f("line"),
    "axes": _f("records", REQ, schema=AXIS),
    "drivers": _f("records", REQ, schema=NAMED_POINT),
    "priorities": _f("records", REQ, schema=NAMED_POINT),
    "links": _f("records", REQ, schema=POINT),
}

EVENT = {
    "id": _f("id", REQ),
    "date": _f("date", REQ),
    "title": _f("line", REQ),
    "text": _f("text", REQ),
    "axis": _f("enum", REQ, choices=AXES),
    "topic": _f("ref", REQ, ref="topic"),
    "terms": _f("refs", REQ, ref="term"),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

DISCREPANCY = {
    "id": _f("id", REQ),
    "blog_says": _f("text", REQ),
    "correction": _f("text", REQ),
    "terms": _f("refs", REQ, ref="term"),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

QUESTION = {
    "id": _f("id", REQ),
    "type": _f("enum", REQ, choices=QUESTION_TYPES),
    "topic": _f("ref", REQ, ref="topic"),
    "difficulty": _f("enum", REQ, choices=DIFFICULTIES),
    "prompt": _f("text", REQ),
    "choices": _f("strs"),
    "answer": _f("answer"),
    "explanation": _f("text", REQ),
    "hint": _f("text"),
    "renamed_from": _f("strs"),
    "terms": _f("refs", REQ, ref="term"),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

ATTRIBUTION_BASES = ("government", "eu-institution", "it-security-industry", "media", "contested")
ACTOR_TYPES = (
    "eu",
    "member-state",
    "other-state",
    "international-organisation",
    "company",
    "researcher",
)
STEP_SCORES = (0, 0.5, 1)

TARGET = {"country": _f("line"), "sector": _f("line")}

OPERATOR = {
    "name": _f("line", REQ),
    "aliases": _f("strs"),
    "state": _f("line"),
    "sources": _f("sources", REQ),
}

ATTRIBUTION = {
    "date": _f("date", REQ),
    "by": _f("line", REQ),
    "by_type": _f("enum", REQ, choices=ACTOR_TYPES),
    "basis": _f("enum", REQ, choices=ATTRIBUTION_BASES),
    "attributed_to": _f("line", REQ),
    "text": _f("text", REQ),
    "sources": _f("sources", REQ),
}

RESPONSE = {
    "date": _f("date", REQ),
    "actor": _f("line", REQ),
    "actor_type": _f("enum", REQ, choices=ACTOR_TYPES),
    "measure": _f("ref", ref="measure"),
    "listing": _f("ref", ref="listing"),
    "legal_act": _f("line"),
    "text": _f("text", REQ),
    "sources": _f("sources", REQ),
}

INCIDENT = {
    "id": _f("id", REQ),
    "name": _f("line", REQ),
    "aliases": _f("strs"),
    "summary": _f("line", REQ),
    "account": _f("text", REQ),
    "started": _f("date", REQ),
    "ended": _f("date"),
    "public": _f("date"),
    "targets": _f("records", REQ, schema=TARGET),
    "operators": _f("records", schema=OPERATOR),
    "attributions": _f("records", schema=ATTRIBUTION),
    "responses": _f("records", schema=RESPONSE),
    "terms": _f("refs", ref="term"),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

DRILL_CHOICE = {
    "text": _f("line", REQ),
    "score": _f("enum", REQ, choices=STEP_SCORES),
    "feedback": _f("text", REQ),
}

DRILL_STEP = {
    "id": _f("id", REQ),
    "prompt": _f("text", REQ),
    "hint": _f("text", REQ),
    "choices": _f("records", REQ, schema=DRILL_CHOICE),
    "sources": _f("sources"),
}

DRILL = {
    "id": _f("id", REQ),
    "incident": _f("ref", REQ, ref="incident"),
    "title": _f("line", REQ),
    "as_of": _f("date", REQ),
    "briefing": _f("text", REQ),
    "steps": _f("records", REQ, schema=DRILL_STEP),
    "debrief": _f("text"),
    "terms": _f("refs", ref="term"),
    "sources": _f("sources", REQ),
}

PACK = {
    "name": _f("line", REQ),
    "description": _f("text"),
    "replaces": _f("strs"),
}

# Words on screen that name a fact, so they live in content, not code.
LABELS = {
    "intro_term": _f("ref", ref="term"),  # the term the tour opens with
    "blog_differs": _f("line"),  # heading of a term's corrections of the EIPA blog post
    "blog_says": _f("line"),  # label of what the blog post says
    "blog_intro": _f("text"),  # what the blog post is, where its corrections are listed
    "sanctions_category": _f("ref", ref="category"),  # where the toolbox tree shows the regime
}

# Mapping sections: one record each (list sections and their kinds: kb/registry.py).
MAP_SECTIONS = {
    "toolbox": TOOLBOX,
    "axes": AXES_SECTION,
    "labels": LABELS,
    "pack": PACK,
}
