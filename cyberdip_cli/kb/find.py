"""Every command that takes a name goes through here: a query to one entry, or a clear miss.

The rules and their order are kb/match.py's. A match by any rule but the exact one is shown
with one line on stderr saying what was shown for what was typed.
"""

import sys

from ..errors import CyberdipError, UsageError
from .match import Match, fuzzy, match_choice
from .store import Store

MAX_QUERY = 200


def resolve(store: Store, query: str, kinds: tuple[str, ...]) -> Match:
    """Apply the matcher's rules in order; the first that yields exactly one entry wins."""
    exact = store.lookup(query, kinds)
    if exact:
        return Match(exact, "exact")
    for rule, finder in (
        ("plural", store.entries_by_stem),
        ("prefix", store.entries_by_prefix),
        ("word", store.entries_by_words),
    ):
        hits = finder(query, kinds)
        if len(hits) == 1:
            return Match(hits[0], rule)
    return fuzzy(query, store.name_candidates(kinds))


def _too_long(query: str, what: str, list_hint: str) -> None:
    if len(query) > MAX_QUERY:
        raise CyberdipError(
            f"that {what} is {len(query):,} characters long; no {what} is",
            hint=f"list them with `{list_hint}`",
        )


def _say_shown(label: str, query: str) -> None:
    from ..console import clean

    sys.stderr.write(f"showing {clean(label)} for '{clean(query)}'\n")


def find_entry(
    store: Store, query: str, kinds: tuple[str, ...], what: str, list_hint: str
) -> tuple[str, str]:
    """(kind, id) of the one entry the query means, or a miss with "did you mean"."""
    _too_long(query, what, list_hint)
    match = resolve(store, query, kinds)
    if match.entry is not None:
        if match.rule != "exact":
            _say_shown(store.label_of(*match.entry), query)
        return match.entry
    from ..console import clean

    hint = f"did you mean: {', '.join(match.suggestions)}? " if match.suggestions else ""
    raise CyberdipError(
        f"no {what} matches '{clean(query)}'", hint=f"{hint}list them all with `{list_hint}`"
    )


def find_one(store: Store, query: str, kinds: tuple[str, ...], what: str, list_hint: str) -> str:
    """The id of the one entry the query means (see find_entry)."""
    return find_entry(store, query, kinds, what, list_hint)[1]


def find_choice(query: str, choices: list[str], what: str) -> str:
    """One of a closed set of words (an axis, a mode), by the same rules; a usage error if none."""
    from ..console import clean

    match = match_choice(query, choices)
    if match.entry is not None:
        if match.rule != "exact":
            _say_shown(match.entry[1], query)
        return match.entry[1]
    raise UsageError(f"unknown {what} '{clean(query)}'", hint="use one of: " + ", ".join(choices))
