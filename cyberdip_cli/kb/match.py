"""The one matcher: how a user's words become a lookup key, and what "close" means.

Used by define, toolbox, search and completion, so "Cyber-Diplomacy", "cyber diplomacy"
and "cyberdiplomacy" always find the same thing.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form, punctuation turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def key(text: str) -> str:
    """Lookup key: folded, with spaces and hyphens removed ("cyber security" == "cybersecurity")."""
    return fold(text).replace(" ", "")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 64) -> str:
    """Text as an id or tag: ASCII lower-case kebab-case, at most `limit` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:limit].rstrip("-")


def suggest(query: str, candidates: dict[str, str], limit: int = 3) -> list[str]:
    """Up to `limit` candidate labels closest to `query`.

    `candidates` maps lookup keys to the label to show. rapidfuzz is imported here only:
    a hit never pays for it.
    """
    wanted = key(query)
    if not wanted or not candidates:
        return []
    from rapidfuzz import fuzz, process

    # WRatio copes with both typos ("attributon") and partial names ("toolbox").
    scored = process.extract(wanted, list(candidates), scorer=fuzz.WRatio, limit=limit * 4)
    labels: list[str] = []
    for candidate, score, _ in scored:
        label = candidates[candidate]
        if score >= 70 and label not in labels:
            labels.append(label)
        if len(labels) == limit:
            break
    return labels
