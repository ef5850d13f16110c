"""The one matcher that every command taking a name goes through: a query to one entry."""

from ..errors import CyberdipError
from .match import suggest
from .store import Store

MAX_QUERY = 200


def find_one(store: Store, query: str, kinds: tuple[str, ...], what: str, list_hint: str) -> str:
    """Resolve a query to one entry id, or fail with "did you mean" suggestions."""
    if len(query) > MAX_QUERY:
        raise CyberdipError(
            f"that {what} is {len(query):,} characters long; no {what} is",
            hint=f"list them with `{list_hint}`",
        )
    hit = store.lookup(query, kinds)
    if hit:
        return hit[1]
    close = suggest(query, store.name_candidates(kinds))
    from ..console import clean

    hint = f"did you mean: {', '.join(close)}? " if close else ""
    raise CyberdipError(
        f"no {what} matches '{clean(query)}'", hint=f"{hint}list them all with `{list_hint}`"
    )
