"""The shape of every content entry (docs/CONTENT.md is the prose version of this file).

A record schema maps field names to `Field`s. The validator walks the data with these;
nothing else in the code knows which fields an entry has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AXES = ("international", "internal", "both")
SOURCE_TYPES = ("primary", "secondary", "on-request")
STATUSES = ("verified", "unverified")
QUESTION_TYPES = ("single", "multi", "true_false", "order")
DIFFICULTIES = (1, 2, 3)

SUMMARY_MAX_CHARS = 160
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
}


@dataclass(frozen=True)
class Field:
    kind: str  # id text line date int bool enum ref refs sources strs record records
    required: bool = False
    ref: str = ""  # for ref/refs: the kind of entry referred to
    choices: tuple = ()
    schema: dict[str, Field] = field(default_factory=dict)
    nullable: bool = False


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
    "seed_note": _f("text"),
    "sources": _f("sources", REQ),
    **STATUS_FIELDS,
}

DATED_POINT = {**POINT, "date": _f("date", REQ)}

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
    "sources": _f("sources", REQ),
}

NAMED_POINT = {**POINT, "id": _f("id", REQ), "name": _f("line", REQ)}

AXES_SECTION = {
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
    "seed_says": _f("text", REQ),
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
ACTOR_TYPES = ("eu", "member-state", "other-state", "international-organisation", "company", "researcher")
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

# Sections: name -> (shape, schema, entry kind for ids or "")
LIST_SECTIONS = {
    "topics": (TOPIC, "topic"),
    "sources": (SOURCE, "source"),
    "terms": (TERM, "term"),
    "timeline": (EVENT, "event"),
    "discrepancies": (DISCREPANCY, "discrepancy"),
    "questions": (QUESTION, "question"),
    "incidents": (INCIDENT, "incident"),
    "drills": (DRILL, "drill"),
}
MAP_SECTIONS = {
    "toolbox": TOOLBOX,
    "axes": AXES_SECTION,
    "pack": PACK,
}
SECTIONS = (*LIST_SECTIONS, *MAP_SECTIONS)
