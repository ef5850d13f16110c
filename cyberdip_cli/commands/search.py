"""`cyberdip search`: ranked full-text search over everything cyberdip knows."""

from __future__ import annotations

from typing import Annotated

import typer

from .options import PlainOption

HELP = """Search terms, toolbox measures, the axes, the timeline, quiz questions and sources.

Results are ranked; each shows its kind, id, a highlighted snippet and the command that
opens it. Typos are corrected when nothing matches as typed.

Examples:

  cyberdip search sanctions

  cyberdip search ransomware hospital

  cyberdip search attributon --json
"""


def register(app: typer.Typer) -> None:
    app.command("search", help=HELP, short_help="Ranked full-text search over everything.")(search)


def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="QUERY...", help="Words to look for.")],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=100, help="Most results to show.")
    ] = 10,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plain: PlainOption = False,
) -> None:
    from ..errors import CyberdipError, UsageError
    from ..kb.match import fold, suggest
    from ..kb.search import search as run_search
    from ..runtime import runtime

    query = " ".join(words).strip()
    if not fold(query):
        raise UsageError(
            "give at least one word to search for", hint="for example: cyberdip search sanctions"
        )
    rt = runtime(ctx)
    st = rt.store()
    result = run_search(st, query, limit)
    if not result.hits:
        close = suggest(query, st.name_candidates(("term", "measure", "category")))
        hint = f"did you mean: {', '.join(close)}? " if close else ""
        raise CyberdipError(
            f"nothing matches '{query[:80]}'", hint=hint + "try fewer or other words"
        )
    hits = [
        {
            **h,
            "snippet": h["snippet"].replace("\x01", "").replace("\x02", ""),
            "open": st.registry.open_command(h["kind"], h["id"], h["title"]),
        }
        for h in result.hits
    ]
    if json_out:
        from ..console import print_json

        print_json({"query": query, "corrected": result.corrected, "results": hits})
        return
    from ..render.search import render_results

    rt.show(render_results(rt.look, query, result.corrected, result.hits, hits), long=True)
