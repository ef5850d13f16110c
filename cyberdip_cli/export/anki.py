"""`cyberdip export --format anki`: an Anki package (.apkg) of term cards and quiz cards.

Every id here is fixed, so importing a newer export into Anki updates the notes it already
has instead of adding copies: the deck and model ids are constants, and each note's GUID is
genanki.guid_for("cyberdip", kind, id) with kind "term" or "question" and the entry's
content id (docs/EXPORT.md). If a model's fields or templates ever change, give it a new id.

genanki is imported inside the functions: it is only needed when this format is asked for.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import os
import random
import sqlite3
import tempfile
import time
import zipfile
from typing import Any

from ..console import clean
from ..kb.store import Store

DECK_ID = 1_607_392_319
DECK_NAME = "cyberdip: EU cyber diplomacy"
TERM_MODEL_ID = 1_607_392_320
QUESTION_MODEL_ID = 1_607_392_321
GUID_NAMESPACE = "cyberdip"

TERM_FIELDS = ("Term", "Acronym", "Summary", "Definition", "Sources")
QUESTION_FIELDS = ("Prompt", "Choices", "Answer", "Explanation", "Sources")

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.card { color: black; background: white; }
.term { font-size: 26px; font-weight: bold; }
.acronym { color: #555; }
.summary { font-weight: bold; margin-bottom: 0.6em; }
.choices { list-style: none; padding-left: 0; }
.sources { font-size: 13px; color: #555; }
"""

TERM_FRONT = (
    '<div class="term">{{Term}}</div>{{#Acronym}}<div class="acronym">{{Acronym}}</div>{{/Acronym}}'
)
TERM_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="summary">{{Summary}}</div>'
    '<div class="definition">{{Definition}}</div>{{Sources}}'
)
QUESTION_FRONT = '<div class="prompt">{{Prompt}}</div>{{Choices}}'
QUESTION_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '<div class="explanation">{{Explanation}}</div>{{Sources}}'
)
ORDER_INSTRUCTION = "Put these in order, earliest or first at the start:"


def esc(text: Any) -> str:
    """Content as inert HTML text: control characters neutralised, then escaped."""
    return html.escape(clean(text))


def guid(kind: str, entry_id: str) -> str:
    import genanki

    return genanki.guid_for(GUID_NAMESPACE, kind, entry_id)


def _sources_html(store: Store, ids: list[str]) -> str:
    if not ids:
        return ""
    items = []
    for sid in ids:
        src = store.get("source", sid) or {"id": sid, "title": "(missing source)"}
        text = ", ".join(esc(src[k]) for k in ("issuer", "title") if src.get(k))
        if src.get("date"):
            text += f" ({esc(src['date'])})"
        if src.get("identifier"):
            text += f", {esc(src['identifier'])}"
        url = src.get("url") or ""
        if url.startswith(("https://", "http://")):
            text += f' <a href="{esc(url)}">{esc(url)}</a>'
        items.append(f"<li>[{esc(sid)}] {text}</li>")
    return '<ul class="sources">' + "".join(items) + "</ul>"


def _paragraphs(text: str) -> str:
    return "<br>".join(esc(line) for line in str(text).splitlines())


def term_fields(store: Store, term: dict[str, Any]) -> list[str]:
    return [
        esc(term["term"]),
        esc(term.get("acronym") or ""),
        esc(term["summary"]),
        _paragraphs(term["definition"]),
        _sources_html(store, term.get("sources") or []),
    ]


def _presented(question: dict[str, Any]):
    """The question's choices in a fixed display order (seeded by its id) and the answer."""
    from ..quiz.select import present

    digest = hashlib.sha256(f"anki\x00{question['id']}".encode()).digest()
    return present(question, random.Random(int.from_bytes(digest[:8], "big")))


def question_fields(store: Store, question: dict[str, Any]) -> list[str]:
    from ..quiz.answers import LETTERS

    shown = _presented(question)
    prompt = _paragraphs(question["prompt"])
    if question["type"] == "order":
        prompt += f'<div class="instruction">{esc(ORDER_INSTRUCTION)}</div>'
    elif question["type"] == "multi":
        prompt += '<div class="instruction">All that apply.</div>'
    choices = "".join(f"<li>{LETTERS[i]}) {esc(c)}</li>" for i, c in enumerate(shown.shown))
    joiner = " → " if question["type"] == "order" else ", "
    answer = joiner.join(f"{LETTERS[i]}) {esc(shown.shown[i])}" for i in shown.correct)
    return [
        prompt,
        f'<ul class="choices">{choices}</ul>',
        f"<b>Answer:</b> {answer}",
        _paragraphs(question["explanation"]),
        _sources_html(store, question.get("sources") or []),
    ]


def _models():
    import genanki

    def model(model_id: int, name: str, fields, template: str, front: str, back: str):
        return genanki.Model(
            model_id,
            name,
            fields=[{"name": n} for n in fields],
            templates=[{"name": template, "qfmt": front, "afmt": back}],
            css=CSS,
        )

    return (
        model(
            TERM_MODEL_ID, "cyberdip term", TERM_FIELDS, "Term to definition", TERM_FRONT, TERM_BACK
        ),
        model(
            QUESTION_MODEL_ID,
            "cyberdip question",
            QUESTION_FIELDS,
            "Question",
            QUESTION_FRONT,
            QUESTION_BACK,
        ),
    )


def build_deck(store: Store, topic: str | None = None):
    """The genanki deck: one note per term, then one per quiz question (hand-written first)."""
    import genanki

    from ..quiz.bank import all_questions

    term_model, question_model = _models()
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for term in store.all("term"):
        if topic is None or term["topic"] == topic:
            tags = ["cyberdip", "cyberdip::term", f"cyberdip::topic::{term['topic']}"]
            deck.add_note(
                genanki.Note(
                    model=term_model,
                    fields=term_fields(store, term),
                    guid=guid("term", term["id"]),
                    tags=tags,
                )
            )
    for q in all_questions(store):
        if topic is None or q["topic"] == topic:
            tags = ["cyberdip", "cyberdip::question", f"cyberdip::topic::{q['topic']}"]
            if q.get("generated"):
                tags.append("cyberdip::generated")
            deck.add_note(
                genanki.Note(
                    model=question_model,
                    fields=question_fields(store, q),
                    guid=guid("question", q["id"]),
                    tags=tags,
                )
            )
    return deck


def package_bytes(deck, timestamp: float | None = None) -> bytes:
    """The .apkg as bytes. genanki's own write_to_file leaves its temporary database behind
    in the system temp folder; this builds it in a temporary directory that is removed."""
    import genanki

    stamp = time.time() if timestamp is None else timestamp
    package = genanki.Package(deck)
    with tempfile.TemporaryDirectory(prefix="cyberdip-anki-") as folder:
        db_path = os.path.join(folder, "collection.anki2")
        conn = sqlite3.connect(db_path)
        try:
            package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()


def render_anki(store: Store, topic: str | None = None) -> tuple[bytes, str]:
    """The .apkg bytes and a short description of what it holds."""
    deck = build_deck(store, topic)
    kinds = [n.model.model_id for n in deck.notes]
    terms = kinds.count(TERM_MODEL_ID)
    return package_bytes(deck), f"{terms} term cards and {len(kinds) - terms} question cards"
