"""Shell-completion candidates, read from the compiled content of the run being completed."""

import typer


def _ids(ctx: typer.Context, kinds: tuple[str, ...], incomplete: str) -> list[str]:
    try:
        from .runtime import runtime

        store = runtime(ctx).store()
        ids = [i for kind in kinds for i in store.ids(kind)]
    except Exception:  # completion must never print a traceback into the user's shell
        return []
    return [i for i in ids if i.startswith(incomplete.lower())]


def completable(ctx: typer.Context, incomplete: str) -> list[str]:
    """Every id of every kind the registry marks for completion (the search kinds)."""
    from .runtime import runtime

    kinds = tuple(k.name for k in runtime(ctx).registry if k.complete)
    return _ids(ctx, kinds, incomplete)


def complete_terms(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, ("term",), incomplete)


def complete_toolbox(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, ("sanctions", "category", "measure"), incomplete)


def complete_topics(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, ("topic",), incomplete)


def complete_sources(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, ("source",), incomplete)


def choices(*values: str):
    """Completion for a closed set of words (an axis, a mode, a format)."""

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete.lower())]

    return complete


def complete_axes(incomplete: str) -> list[str]:
    from .kb.schema import AXES

    return choices(*AXES)(incomplete)


def complete_comparable(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, ("sanctions", "incident", "term", "measure"), incomplete)


def complete_incidents(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, ("incident",), incomplete)


def complete_drills(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, ("drill",), incomplete)
