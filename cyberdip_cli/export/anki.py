"""`cyberdip export --format anki`: an Anki package (.apkg) of term cards and quiz cards.

One subdeck per topic (`cyberdip::Topic title`), and tags for the topic, the kind of card
and the pack an entry came from. Every id here is fixed, so importing a newer export into
Anki updates the notes it already has instead of adding copies: the model ids are
constants, a topic's deck id is derived from the topic id, and each note's GUID is
genanki.guid_for("cyberdip", kind, id) with kind "term" or "question" and the entry's
content id (docs/EXPORT.md). If a model's fields or templates ever change, give it a new id
(which is why `--reverse` uses a model of its own rather than a second template on the
term model).

genanki is imported inside the functions: it is only needed when this format is asked for.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import os
import random
import sqlite3
import tempfile
import time
import zipfile
from typing import Any

from ..digest import sha256
from ..kb.store import Store
from ..textsafe import clean

DECK_ID = 1_607_392_319  # the deck of versions before subdecks; kept for reference
DECK_PARENT = "cyberdip"
TERM_MODEL_ID = 1_607_392_320
QUESTION_MODEL_ID = 1_607_392_321
TERM_REVERSE_MODEL_ID = 1_607_392_322  # terms with a second card: term from definition
GUID_NAMESPACE = "cyberdip"

TERM_FIELDS = ("Term", "Acronym", "Summary", "Definition", "Sources")
TERM_REVERSE_FIELDS = (*TERM_FIELDS, "Clue")
QUESTION_FIELDS = ("Prompt", "Choices", "Answer", "Explanation", "Sources")

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.card { color: black; background: white; }
.term { font-size: 26px; font-weight: bold; }
.acronym { color: #555; }
.summary { font-weight: bold; margin-bottom: 0.6em; }
.choices { list-style: none; padding-left: 0; }
.instruction { color: #555; margin-bottom: 0.4em; }
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
REVERSE_FRONT = '<div class="instruction">Which term is this?</div><div class="clue">{{Clue}}</div>'
REVERSE_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="term">{{Term}}</div>'
    '{{#Acronym}}<div class="acronym">{{Acronym}}</div>{{/Acronym}}{{Sources}}'
)
ORDER_INSTRUCTION = "Put these in order, earliest or first at the start:"
BLANK = "____"


def esc(text: Any) -> str:
    """Content as inert HTML text: control characters neutralised, then escaped."""
    text = str(text)
    if text.isascii() and not text.encode("ascii").translate(None, _PLAIN_ASCII):
        return text  # most of a large deck's texts: nothing to neutralise or escape
    return html.escape(clean(text))


# Every ASCII character that neither `clean` nor `html.escape` changes.
_PLAIN_ASCII = bytes(b for b in range(32, 127) if chr(b) not in "&<>\"'") + b"\t\n"


# genanki's base-91 alphabet for GUIDs (genanki/util.py)
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def guid(kind: str, entry_id: str) -> str:
    """genanki.guid_for("cyberdip", kind, entry_id), computed here: the first 8 bytes of
    the SHA-256 of the `__`-joined values, in Anki's base 91 (a test checks it against
    genanki's own)."""
    number = int.from_bytes(sha256(f"{GUID_NAMESPACE}__{kind}__{entry_id}".encode())[:8], "big")
    digits = []
    while number > 0:
        number, rest = divmod(number, 91)
        digits.append(_BASE91[rest])
    return "".join(reversed(digits))


def _sources_html(store: Store, ids: list[str]) -> str:
    if not ids:
        return ""
    cache = _source_items(store)
    items = []
    for sid in ids:
        item = cache.get(sid)
        if item is None:
            item = cache[sid] = _source_item(store, sid)
        items.append(item)
    return '<ul class="sources">' + "".join(items) + "</ul>"


_SOURCE_ITEMS: dict[int, tuple[Store, dict[str, str]]] = {}


def _source_items(store: Store) -> dict[str, str]:
    """Each source's <li>, made once per store: a deck cites the same few hundred sources
    from tens of thousands of cards (one lookup and escape per citation was a third of a
    10,000-term export)."""
    held = _SOURCE_ITEMS.get(id(store))
    if held is None or held[0] is not store:
        held = _SOURCE_ITEMS[id(store)] = (store, {})
    return held[1]


def _source_item(store: Store, sid: str) -> str:
    """One source as an Anki list item, through the one citation record."""
    from ..views.citation import Citation, cite_html

    return cite_html(Citation.of(store.get("source", sid), sid), esc)


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


def clue(term: dict[str, Any]) -> str:
    """The summary and definition with the term's name, acronym and aliases blanked out, so
    the reverse card does not give its answer away."""
    import re

    names = [term["term"], term.get("acronym") or "", *(term.get("aliases") or [])]
    names = sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)
    text = f"{term['summary']}\n{term['definition']}"
    if names:
        pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
        )
        text = pattern.sub(BLANK, text)
    return _paragraphs(text)


def deck_id(topic_id: str) -> int:
    """A topic's subdeck id: fixed for the topic id, so re-importing finds the same deck."""
    digest = sha256(f"cyberdip-deck\x00{topic_id}".encode())
    return (1 << 40) + int.from_bytes(digest[:4], "big")


def deck_name(title: str) -> str:
    # "::" nests decks in Anki; a topic title must stay one level.
    return f"{DECK_PARENT}::{' '.join(clean(title).replace('::', ':').split())}"


def tags(kind: str, topic: str, pack: str | None, generated: bool = False) -> list[str]:
    out = ["cyberdip", f"cyberdip::{kind}", f"cyberdip::kind::{kind}", f"cyberdip::topic::{topic}"]
    if pack:
        out.append(f"cyberdip::pack::{pack}")
    if generated:
        out.append("cyberdip::generated")
    return out


_RNG = random.Random()


def _presented(question: dict[str, Any]):
    """The question's choices in a fixed display order (seeded by its id) and the answer.

    One generator re-seeded per question: the same state as random.Random(seed) (an
    integer seed goes straight to the Mersenne Twister's own seeding), without building
    a generator for each of tens of thousands of cards."""
    from ..quiz.select import present

    digest = sha256(f"anki\x00{question['id']}".encode())
    _RNG.seed(int.from_bytes(digest[:8], "big"))
    return present(question, _RNG)


def question_fields(store: Store, question: dict[str, Any]) -> list[str]:
    from ..quiz.answers import LETTERS  # (imported once; later calls find it loaded)

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

    def model(model_id: int, name: str, fields, *templates: tuple[str, str, str]):
        return genanki.Model(
            model_id,
            name,
            fields=[{"name": n} for n in fields],
            templates=[{"name": t, "qfmt": front, "afmt": back} for t, front, back in templates],
            css=CSS,
        )

    forward = ("Term to definition", TERM_FRONT, TERM_BACK)
    return (
        model(TERM_MODEL_ID, "cyberdip term", TERM_FIELDS, forward),
        model(
            QUESTION_MODEL_ID,
            "cyberdip question",
            QUESTION_FIELDS,
            ("Question", QUESTION_FRONT, QUESTION_BACK),
        ),
        model(
            TERM_REVERSE_MODEL_ID,
            "cyberdip term (and reverse)",
            TERM_REVERSE_FIELDS,
            forward,
            ("Definition to term", REVERSE_FRONT, REVERSE_BACK),
        ),
    )


class _Note:
    """A note as genanki.Note writes it (model, fields, GUID, tags): a plain record, since
    the collection is written here (_write_collection), not note by note by genanki."""

    __slots__ = ("fields", "guid", "model", "tags")

    def __init__(self, model: Any, fields: list[str], guid: str, tags: list[str]):
        self.model, self.fields, self.guid, self.tags = model, fields, guid, tags


def build_decks(store: Store, topic: str | None = None, reverse: bool = False) -> list:
    """One genanki deck per topic (in topic order), each with its terms' notes, then its
    quiz questions' (hand-written first). With `reverse`, term notes get a second card."""
    import genanki

    from ..quiz.bank import all_questions

    topics = {t["id"]: t for t in store.all("topic")}
    decks: dict[str, Any] = {}

    def deck_for(topic_id: str):
        if topic_id not in decks:
            title = (topics.get(topic_id) or {}).get("title") or topic_id
            decks[topic_id] = genanki.Deck(deck_id(topic_id), deck_name(title))
        return decks[topic_id]

    for topic_id in topics:
        if topic is None or topic_id == topic:
            deck_for(topic_id)  # topic order, not the order of the first card
    from ..progress_bar import work_bar

    # A large deck's first question cards are made by a child process on the other core,
    # started as soon as they are read and before the progress bar's thread exists
    # (forked.py), so that it works while this process reads and makes the rest.
    questions = [q for q in all_questions(store) if topic is None or q["topic"] == topic]
    origins = {"question": store.origins("question")}
    split = _child_share(store.count("term"), len(questions))
    child = _start_child(store, questions[:split], origins["question"]) if split else None
    if child is None:
        split = 0
    origins["term"] = store.origins("term")
    terms = [t for t in store.iter_all("term") if topic is None or t["topic"] == topic]
    models = _models()
    try:
        with work_bar("Exporting the Anki deck", len(terms) + len(questions)) as step:
            term_model = models[2] if reverse else models[0]
            for term in terms:
                step()
                note = _term_note(store, term, origins["term"], reverse)
                deck_for(term["topic"]).notes.append(_Note(term_model, *note))
            mine = []
            for q in questions[split:]:
                step()
                mine.append(_question_note(store, q, origins["question"]))
            theirs = child.result() if child else []
            child = None
            if theirs is None:  # the child failed: make its cards here
                theirs = [_question_note(store, q, origins["question"]) for q in questions[:split]]
            step(split)
            for topic_id, fields, note_guid, note_tags in [*theirs, *mine]:
                deck_for(topic_id).notes.append(_Note(models[1], fields, note_guid, note_tags))
    finally:
        if child is not None:
            child.cancel()
    return [d for d in decks.values() if d.notes]


# Below this many cards a child process costs more than it saves.
PARALLEL_MIN_CARDS = 4000
# Measured on a 10,000-term deck: a term card takes half a question card's time here, and
# a question card takes the child 1.7 times as long, sending it back included.
TERM_COST, CHILD_COST = 0.5, 1.7


def _child_share(terms: int, questions: int) -> int:
    """How many question cards (from the first) the child makes, so both finish together."""
    from .. import forked

    if terms + questions < PARALLEL_MIN_CARDS or not forked.can_fork():
        return 0
    return min(questions, round((terms * TERM_COST + questions) / (1 + CHILD_COST)))


def _start_child(store: Store, questions: list[dict], origins: dict[str, str]):
    from .. import forked

    cache = _source_items(store)
    for sid in store.ids("source"):  # every citation ready: the child reads no database
        if sid not in cache:
            cache[sid] = _source_item(store, sid)

    def work() -> list[tuple]:
        store.conn = None  # the child's copy: SQLite connections do not survive a fork
        return [_question_note(store, q, origins) for q in questions]

    return forked.start(work)


def _term_note(store: Store, term: dict[str, Any], origins: dict[str, str], reverse: bool):
    """(fields, GUID, tags) of one term's note."""
    fields = term_fields(store, term)
    if reverse:
        fields.append(clue(term))
    return fields, guid("term", term["id"]), tags("term", term["topic"], origins.get(term["id"]))


def _question_note(store: Store, q: dict[str, Any], origins: dict[str, str]) -> tuple:
    """(topic, fields, GUID, tags) of one question's note: plain values a child can send."""
    return (
        q["topic"],
        question_fields(store, q),
        guid("question", q["id"]),
        tags("question", q["topic"], origins.get(q["id"]), q.get("generated")),
    )


def package_bytes(decks, timestamp: float | None = None) -> bytes:
    """The .apkg as bytes. genanki's own write_to_file leaves its temporary database behind
    in the system temp folder; this builds it in a temporary directory that is removed.
    (Built in memory instead, a 10,000-term deck doubled the export's peak memory for no
    time saved.)"""
    stamp = time.time() if timestamp is None else timestamp
    with tempfile.TemporaryDirectory(prefix="cyberdip-anki-") as folder:
        db_path = os.path.join(folder, "collection.anki2")
        conn = sqlite3.connect(db_path)
        try:
            conn.execute("PRAGMA journal_mode=OFF")  # a scratch file, zipped when complete
            conn.execute("PRAGMA synchronous=OFF")  # and never read after a crash: no fsync
            _write_collection(conn.cursor(), decks, stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        # Level 1: a tenth bigger than the default level, three times quicker (an .apkg is
        # not reproducible byte for byte anyway: docs/EXPORT.md).
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()


def _write_collection(cursor: sqlite3.Cursor, decks: list, timestamp: float, ids) -> None:
    """What genanki.Package.write_to_db writes (its schema, collection row, decks, note
    types, notes and cards: the same rows, ids drawn in the same order), with the notes and
    cards inserted in two batches rather than one statement each, about half the time of a
    10,000-term export. tests/test_export.py compares the two databases."""
    import re

    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    # genanki's schema, its indexes built after the rows are in (the same database).
    indexes = re.findall(r"^CREATE INDEX [^;]*;", APKG_SCHEMA, re.MULTILINE)
    tables = APKG_SCHEMA
    for index in indexes:
        tables = tables.replace(index, "")
    cursor.executescript(tables)
    cursor.executescript(APKG_COL)
    mod = int(timestamp)
    notes, cards = [], []
    for deck in decks:
        (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
        all_decks = json.loads(decks_json)
        all_decks.update({str(deck.deck_id): deck.to_json()})
        cursor.execute("UPDATE col SET decks = ?", (json.dumps(all_decks),))
        (models_json,) = cursor.execute("SELECT models from col").fetchone()
        models = json.loads(models_json)
        for note in deck.notes:
            deck.add_model(note.model)
        models.update(
            {m.model_id: m.to_json(timestamp, deck.deck_id) for m in deck.models.values()}
        )
        cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
        for note in deck.notes:
            model = note.model
            if len(model.fields) != len(note.fields):
                raise ValueError(f"{len(note.fields)} fields for note type {model.name!r}")
            note_id = next(ids)
            notes.append(
                (
                    note_id,
                    note.guid,
                    model.model_id,
                    mod,
                    -1,
                    " " + " ".join(note.tags) + " ",
                    "\x1f".join(note.fields),
                    note.fields[model.sort_field_index],
                    0,
                    0,
                    "",
                )
            )
            for card_ord in _card_ords(model, note.fields):
                row = (next(ids), note_id, deck.deck_id, card_ord, mod, -1, 0, 0, 0)
                cards.append((*row, 0, 0, 0, 0, 0, 0, 0, 0, ""))
    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", notes)
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
    cursor.executescript("\n".join(indexes))


def _card_ords(model: Any, fields: list[str]) -> list[int]:
    """The cards of a front/back note: genanki's rule (Note._front_back_cards), a card for
    each template whose required fields are filled."""
    out = []
    for card_ord, any_or_all, required in model._req:
        test = any if any_or_all == "any" else all
        if test(fields[i] for i in required):
            out.append(card_ord)
    return out


def render_anki(store: Store, topic: str | None = None, reverse: bool = False) -> tuple[bytes, str]:
    """The .apkg bytes and a short description of what it holds."""
    decks = build_decks(store, topic, reverse)
    notes = [n for d in decks for n in d.notes]
    terms = sum(1 for n in notes if n.model.model_id in (TERM_MODEL_ID, TERM_REVERSE_MODEL_ID))
    extra = " (each with a reverse card)" if reverse else ""
    return (
        package_bytes(decks),
        f"{terms} term cards{extra} and {len(notes) - terms} question cards "
        f"in {len(decks)} topic decks",
    )
