"""The one matcher: how a user's words become a lookup key, and what "close" means.

A query is resolved by these rules, in this order; the first rule that yields exactly one
entry wins (docs/CONTENT.md, "How names are found"):

1. exact: the name, acronym, alias or id, ignoring case, accents, spaces and hyphens;
2. plural: the same with a final plural folded on both sides ("norm" finds "norms");
3. prefix: the query starts exactly one entry's name, acronym or alias ("Budapest");
4. word: every word of the query occurs, plural folded, in exactly one entry's name,
   acronym or alias ("CSIRT" finds "CSIRTs network");
5. typo: the best fuzzy score is at least TYPO_SCORE and ahead of the next entry by
   TYPO_GAP ("attributon" finds "Attribution").
When no rule yields one entry, the entries scoring at least SUGGEST_SCORE are suggested.
"""

import re
import unicodedata

from ..records import record

_NON_WORD = re.compile(r"[\W_]+")
TYPO_SCORE = 85
TYPO_GAP = 8
SUGGEST_SCORE = 70
# Words too common to single out an entry on their own.
STOPWORDS = frozenset(
    ["a", "an", "and", "at", "by", "eu", "for", "in", "of", "on", "or", "the", "to", "with"]
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form, punctuation turned into single spaces."""
    if not text.isascii():  # ASCII has nothing to decompose and no combining marks
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text.casefold()).strip()


def key(text: str) -> str:
    """Lookup key: folded, with spaces and hyphens removed ("cyber security" == "cybersecurity")."""
    return fold(text).replace(" ", "")


def singular(word: str) -> str:
    """A folded word with an English plural ending taken off (norms, toolboxes, policies)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 64) -> str:
    """Text as an id or tag: ASCII lower-case kebab-case, at most `limit` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:limit].rstrip("-")


def stem_key(text: str) -> str:
    """The lookup key with the last word's plural folded."""
    words = fold(text).split()
    if not words:
        return ""
    return "".join([*words[:-1], singular(words[-1])])


def name_words(text: str) -> set[str]:
    """The words of a name that can single it out, plural folded."""
    return {singular(w) for w in fold(text).split() if w not in STOPWORDS}


def name_forms(text: str) -> tuple[str, str, list[str]]:
    """key(text), stem_key(text) and the folded words, from one fold (the cache compiler
    indexes every name and alias this way)."""
    words = fold(text).split()
    if not words:
        return "", "", []
    return "".join(words), "".join([*words[:-1], singular(words[-1])]), words


@record(frozen=True)
class Match:
    entry: tuple[str, str] | None  # (kind, id) when one entry was found
    rule: str = ""  # which rule found it: exact, plural, prefix, word, typo
    suggestions: tuple[str, ...] = ()  # labels to offer when nothing was found


def fuzzy(query: str, candidates: dict[str, tuple[str, str, str]]) -> Match:
    """Rule 5 and the suggestions: `candidates` maps lookup keys to (kind, id, label)."""
    wanted = key(query)
    if not wanted or not candidates:
        return Match(None)
    from rapidfuzz import fuzz, process

    # WRatio copes with both typos ("attributon") and partial names.
    scored = process.extract(wanted, list(candidates), scorer=fuzz.WRatio, limit=40)
    typo: dict[tuple[str, str], float] = {}
    close: dict[tuple[str, str], float] = {}
    labels: dict[tuple[str, str], str] = {}
    for candidate, score, _ in scored:
        kind, entry_id, label = candidates[candidate]
        entry = (kind, entry_id)
        # A typo is judged on plain similarity of the whole name, so a short query is not
        # "a typo of" every long name that contains it; suggestions may be looser.
        typo[entry] = max(typo.get(entry, 0), fuzz.ratio(wanted, candidate))
        close[entry] = max(close.get(entry, 0), score)
        labels.setdefault(entry, label)
    ranked = sorted(typo.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= TYPO_SCORE:
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if ranked[0][1] - runner_up >= TYPO_GAP:
            return Match(ranked[0][0], "typo")
    order = sorted(close.items(), key=lambda kv: -kv[1])
    return Match(None, suggestions=tuple(labels[e] for e, s in order if s >= SUGGEST_SCORE)[:3])


def suggest(query: str, candidates: dict[str, str], limit: int = 3) -> list[str]:
    """Up to `limit` candidate labels close to `query` (keys -> labels), for "did you mean"."""
    match = fuzzy(query, {k: ("", label, label) for k, label in candidates.items()})
    return list(match.suggestions[:limit])


def match_choice(query: str, choices: list[str]) -> Match:
    """The same rules over a closed set of words (axes, modes, formats) instead of entries."""
    wanted, stem = key(query), stem_key(query)
    for rule, hits in (
        ("exact", [c for c in choices if key(c) == wanted]),
        ("plural", [c for c in choices if stem_key(c) == stem]),
        ("prefix", [c for c in choices if wanted and key(c).startswith(wanted)]),
    ):
        if len(hits) == 1:
            return Match(("choice", hits[0]), rule)
    return fuzzy(query, {key(c): ("choice", c, c) for c in choices})
