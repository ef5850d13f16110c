"""The question bank: hand-written questions from content, plus questions generated from terms.

Generated questions grow with the glossary: "which term matches this definition?" and
"what does ACRONYM stand for?", with distractors from the same topic. Their ids are stable
(`g-def-TERM`, `g-acr-TERM`) so saved progress follows them.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from ..digest import sha256

GENERATED_PREFIX = "g-"


def _rng(*parts: str) -> random.Random:
    digest = sha256("\x00".join(parts).encode())
    return random.Random(int.from_bytes(digest[:8], "big"))


def generated(terms: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Questions made from the glossary; run once when the content is compiled.

    `terms` is read twice (a list, or the loader's RecordList); between the two passes only
    each term's id, name and topic are kept, so a large pack is not held twice."""
    names: list[tuple[str, str, str]] = []  # (id, term, topic), in content order
    by_topic: dict[str, list[tuple[str, str, str]]] = {}
    for term in terms:
        light = (term["id"], term["term"], term["topic"])
        names.append(light)
        by_topic.setdefault(light[2], []).append(light)
    if len(names) < 4:
        return  # a question needs three other terms to choose from
    for term in terms:
        rng = _rng("distractors", term["id"])
        topic = by_topic[term["topic"]]
        if len(topic) >= 4:
            # Sample four and drop the term itself: cost independent of the topic's size.
            peers = [p for p in rng.sample(topic, 4) if p[0] != term["id"]]
        else:
            peers = [p for p in topic if p[0] != term["id"]]
            others = (p for p in names if p[2] != term["topic"])
            peers += list(islice(others, 3 - len(peers)))
        distractors = [p[1] for p in peers[:3]]
        yield _definition_question(term, distractors)
        if _acronym_asks_something(term) and len(distractors) >= 2:
            yield _acronym_question(term, distractors)


def _acronym_asks_something(term: dict) -> bool:
    """ "What does CERT-EU stand for? CERT-EU" answers itself: skip an acronym that is the
    name or is written inside it."""
    from ..kb.match import key

    acronym = term.get("acronym")
    return bool(acronym) and key(acronym) not in key(term["term"])


def masked_summary(term: dict) -> str:
    """The term's summary with the words of its own name blanked, so the description does
    not give the answer away ("the freezing of ... funds" for Asset freeze)."""
    import re

    from ..kb.match import fold

    name_words = {_stem(w) for w in fold(term["term"]).split() if len(w) >= 4}
    acronym = fold(term.get("acronym") or "")
    name_words |= {acronym.replace(" ", ""), *(w for w in acronym.split() if len(w) >= 4)} - {""}

    def blank(match: re.Match) -> str:
        word, stem = _word_forms(match.group())
        hit = word in name_words or (len(word) >= 4 and stem in name_words)
        return "___" if hit else match.group()

    return re.sub(r"\w+", blank, term["summary"])


def _stem(word: str) -> str:
    """Five letters catch "freezing" for "freeze" and "sanctioned" for "sanctions"."""
    from ..kb.match import singular

    word = singular(word)
    return word[:5] if len(word) >= 5 else word


@functools.lru_cache(maxsize=1 << 16)
def _word_forms(word: str) -> tuple[str, str]:
    """A summary word folded, and its stem: summaries share their words, and a large
    pack's generated questions fold the same ones a million times."""
    from ..kb.match import fold

    folded = fold(word)
    return folded, _stem(folded)


def _definition_question(term: dict, distractors: list[str]) -> dict[str, Any]:
    others = ", ".join(distractors)
    return {
        "id": f"{GENERATED_PREFIX}def-{term['id']}",
        "type": "single",
        "topic": term["topic"],
        "difficulty": 1,
        "prompt": f"Which term matches this description? {masked_summary(term)}",
        # The usual hint (the term's own summary) would be the prompt again: give its shape.
        "hint": (
            f"Its acronym is {term['acronym']}."
            if term.get("acronym")
            else _shape_hint(term["term"])
        ),
        "choices": [term["term"], *distractors],
        "answer": term["term"],
        "explanation": (
            f"The description is the summary of {term['term']}. The other choices ({others}) are "
            "neighbouring terms of the same topic: look them up to see how they differ."
        ),
        "terms": [term["id"]],
        "sources": term["sources"][:2],
        "generated": True,
    }


def _shape_hint(name: str) -> str:
    words = len(name.split())
    return f"It starts with '{name[0]}' and has {words} word{'s' if words != 1 else ''}."


def _acronym_question(term: dict, others: list[str]) -> dict[str, Any]:
    acronym = term["acronym"]
    return {
        "id": f"{GENERATED_PREFIX}acr-{term['id']}",
        "type": "single",
        "topic": term["topic"],
        "difficulty": 1,
        "prompt": f"What does {acronym} stand for?",
        "hint": term["summary"],
        "choices": [term["term"], *others],
        "answer": term["term"],
        "explanation": f"{acronym} is short for {term['term']}: {term['summary']}",
        "terms": [term["id"]],
        "sources": term["sources"][:2],
        "generated": True,
    }


def compiled(
    hand_written: Iterable[dict[str, Any]], terms: Sequence[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """The whole bank as stored in the cache: hand-written first, then generated ones."""
    taken: set[str] = set()
    for q in hand_written:
        taken.add(q["id"])
        yield {**q, "generated": False}
    for q in generated(terms):
        if q["id"] not in taken:
            yield q


def all_questions(store, include_generated: bool = True) -> list[dict[str, Any]]:
    questions = store.all("question")
    return questions if include_generated else [q for q in questions if not q["generated"]]
