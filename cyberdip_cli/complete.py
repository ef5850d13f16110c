"""Shell-completion candidates, read from the compiled content."""

from __future__ import annotations


def _ids(kind: str, incomplete: str) -> list[str]:
    try:
        from .state import store

        ids = store().ids(kind)
    except Exception:  # completion must never print a traceback into the user's shell
        return []
    return [i for i in ids if i.startswith(incomplete.lower())]


def complete_terms(incomplete: str) -> list[str]:
    return _ids("term", incomplete)


def complete_toolbox(incomplete: str) -> list[str]:
    names = ["sanctions", *_ids("category", ""), *_ids("measure", "")]
    return [n for n in names if n.startswith(incomplete.lower())]


def complete_topics(incomplete: str) -> list[str]:
    return _ids("topic", incomplete)


def complete_sources(incomplete: str) -> list[str]:
    return _ids("source", incomplete)
