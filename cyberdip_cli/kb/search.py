"""Full-text search over the compiled content, tolerant of typos."""

from __future__ import annotations

from dataclasses import dataclass, field

from .match import fold
from .store import Store


@dataclass
class SearchResult:
    query: str
    hits: list[dict] = field(default_factory=list)
    corrected: str | None = None  # the query actually run, when typos were fixed


def _fts(words: list[str], joiner: str) -> str:
    # Quoted tokens cannot be read as FTS5 operators; the star makes each a prefix.
    return f" {joiner} ".join(f'"{w}"*' for w in words)


def search(store: Store, query: str, limit: int = 10) -> SearchResult:
    words = fold(query).split()[:12]
    result = SearchResult(query)
    if not words:
        return result
    result.hits = store.search(_fts(words, "AND"), limit)
    if result.hits:
        return result
    corrected = _correct(store, words)
    if corrected != words:
        result.hits = store.search(_fts(corrected, "AND"), limit)
        if result.hits:
            result.corrected = " ".join(corrected)
            return result
    if len(words) > 1:
        result.hits = store.search(_fts(corrected, "OR"), limit)
        if result.hits and corrected != words:
            result.corrected = " ".join(corrected)
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
