"""`cyberdip search`: ranked full-text search over everything cyberdip knows."""

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

  cyberdip search ransomware --kind incident --limit 5
"""


def register(app: typer.Typer) -> None:
    app.command("search", help=HELP, short_help="Ranked full-text search over everything.")(search)


def complete_kinds(ctx: typer.Context, incomplete: str) -> list[str]:
    from ..runtime import runtime

    names = [k.name for k in runtime(ctx).registry if k.searchable]
    return [n for n in names if n.startswith(incomplete)]


def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="QUERY...", help="Words to look for.")],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=100, help="Most results to show.")
    ] = 10,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only this kind of entry (repeatable): term, measure, incident, event, "
            "question, source, and the other kinds search shows.",
            autocompletion=complete_kinds,
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plain: PlainOption = False,
) -> None:
    from ..errors import CyberdipError, UsageError
    from ..kb.match import fold, fuzzy
    from ..kb.search import search as run_search
    from ..runtime import runtime

    query = " ".join(words).strip()
    if not fold(query):
        raise UsageError(
            "give at least one word to search for", hint="for example: cyberdip search sanctions"
        )
    rt = runtime(ctx)
    st = rt.store()
    from ..kb.find import find_choice

    searchable = [k.name for k in st.registry if k.searchable]
    kinds = tuple(find_choice(k, searchable, "kind") for k in kind or []) or None
    result = run_search(st, query, limit, kinds)
    if not result.hits:
        close = fuzzy(
            query, st.name_candidates(("term", "measure", "category", "incident"))
        ).suggestions
        hint = f"did you mean: {', '.join(close)}? " if close else ""
        raise CyberdipError(
            f"nothing matches '{query[:80]}'", hint=hint + "try fewer or other words"
        )
    hits = [
        {
            **h,
            "snippet": h["snippet"].replace("\x01", "").replace("\x02", ""),
            "open": st.registry.open_command(h["kind"], h["id"], h["title"]),
            "label": st.registry.label(h["kind"]),
        }
        for h in result.hits
    ]
    if json_out:
        from ..console import print_json

        print_json({"query": query, "corrected": result.corrected, "results": hits})
        return
    from ..render.search import render_results

    rt.show(render_results(rt.look, query, result.corrected, result.hits, hits), long=True)
