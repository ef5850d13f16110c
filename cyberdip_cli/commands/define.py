"""`cyberdip define`: what a term means, in the EU context, with its sources."""

import sys
from typing import Annotated

import typer

from ..complete import complete_terms
from .options import PlainOption

HELP = """Define a term of EU cyber diplomacy, with its sources and related terms.

Words without quotes are joined; case, hyphens and accents do not matter, and the
acronym or any alias works too.

Examples:

  cyberdip define cyber diplomacy

  cyberdip define GGE --json

  cyberdip define            (all terms, grouped by topic)
"""


def register(app: typer.Typer) -> None:
    app.command("define", help=HELP, short_help="Define a term, with sources and related terms.")(
        define
    )


def define(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TERM...", help="The term, acronym or alias.", autocompletion=complete_terms
        ),
    ] = None,
    list_ids: Annotated[bool, typer.Option("--list", help="Print one term id per line.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a panel.")
    ] = False,
    plain: PlainOption = False,
) -> None:
    from ..kb.find import find_one
    from ..runtime import runtime

    rt = runtime(ctx)
    st = rt.store()
    query = " ".join(words or []).strip()
    if not query:
        _list_terms(rt, list_ids, json_out)
        return
    term = find_one(st, query, ("term",), "term", "cyberdip define --list")
    from ..render.term import render_term
    from ..views.term import term_view

    rt.emit(term_view(st, st.get("term", term)), render_term, json_out, long=True)


def _list_terms(rt, list_ids: bool, json_out: bool) -> None:
    st = rt.store()
    terms = st.all("term")
    if json_out:
        from ..console import print_json

        print_json(
            [
                {"id": t["id"], "term": t["term"], "topic": t["topic"], "summary": t["summary"]}
                for t in terms
            ]
        )
        return
    if list_ids:
        sys.stdout.write("".join(t["id"] + "\n" for t in terms))
        return
    topics = st.all("topic")
    groups = [(topic, [t for t in terms if t["topic"] == topic["id"]]) for topic in topics]
    from ..render.term import render_term_list

    rt.show(render_term_list(rt.look, [g for g in groups if g[1]]), long=True)
