"""Full-text search over the compiled content, tolerant of typos.

Ranking: an entry whose name, acronym or alias is the query comes first; then entries by
relevance, main entries (terms, measures, incidents, events...) before their parts, and
questions and sources last (the registry's tiers). A typo is corrected only when the
corrected query finds an entry by its name; otherwise nothing matches, and the command
suggests names instead of showing weak hits.
"""

from ..records import factory, record
from .match import fold
from .registry import TIER_ENTRY
from .store import Store

MAX_WORDS = 12


@record
class SearchResult:
    query: str
    hits: list[dict] = factory(list)
    corrected: str | None = None  # the query actually run, when typos were fixed


def _fts(store: Store, words: list[str], joiner: str) -> str:
    # Quoted tokens cannot be read as FTS5 operators; the star makes each a prefix, left out
    # where no other token starts with the word (the same matches, found much faster).
    return f" {joiner} ".join(f'"{w}"' if store.whole_token(w) else f'"{w}"*' for w in words)


def named_kinds(store: Store, kinds: tuple[str, ...] | None) -> tuple[str, ...]:
    """The kinds whose name matches go first: main entries only (not parts, questions or
    sources, which rank last whatever their title)."""
    return tuple(
        k.name
        for k in store.registry
        if k.named and k.searchable and k.tier == TIER_ENTRY and (not kinds or k.name in kinds)
    )


def _run(store: Store, words: list[str], limit: int, kinds) -> list[dict]:
    """Name matches first, then the full-text hits, each entry once."""
    hits: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for entry in store.named(" ".join(words), named_kinds(store, kinds)):
        doc = store.doc(*entry)
        if doc is not None:
            hits.append(doc)
            seen.add(entry)
    for hit in store.search(_fts(store, words, "AND"), limit, kinds):
        if (hit["kind"], hit["id"]) not in seen:
            hits.append(hit)
            seen.add((hit["kind"], hit["id"]))
    return hits[:limit]


def search(
    store: Store, query: str, limit: int = 10, kinds: tuple[str, ...] | None = None
) -> SearchResult:
    words = fold(query).split()[:MAX_WORDS]
    result = SearchResult(query)
    if not words:
        return result
    result.hits = _run(store, words, limit, kinds)
    if result.hits:
        return result
    corrected = _correct(store, words)
    if corrected != words:
        # Only a strong correction is used: one that finds an entry by its very name.
        strong = store.named(" ".join(corrected), named_kinds(store, kinds))
        if strong:
            result.hits = _run(store, corrected, limit, kinds)
            result.corrected = " ".join(corrected)
            return result
    if len(words) > 1:
        result.hits = store.search(_fts(store, words, "OR"), limit, kinds)
    return result


def _correct(store: Store, words: list[str]) -> list[str]:
    """Replace each word the index does not know with its closest indexed word."""
    vocabulary = store.vocabulary()
    known = set(vocabulary)
    if all(w in known for w in words):
        return words
    from rapidfuzz import fuzz, process

    out = []
    for w in words:
        if w in known or len(w) < 3:
            out.append(w)
            continue
        best = process.extractOne(w, vocabulary, scorer=fuzz.ratio, score_cutoff=75)
        out.append(best[0] if best else w)
    return out
