"""`cyberdip sources`: the bibliography, and what cites each source."""

from __future__ import annotations

from typing import Annotated

import typer

from ..complete import complete_sources

HELP = """The bibliography: every source with issuer, date, identifier, URL and whether it is
primary or secondary. With an id, the source and everything that cites it.

Examples:

  cyberdip sources

  cyberdip sources s3

  cyberdip sources --json
"""


def register(app: typer.Typer) -> None:
    app.command("sources", help=HELP, short_help="The bibliography, and what cites each source.")(
        sources
    )


def sources(
    source_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="A source id such as s3.", autocompletion=complete_sources
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    from ..console import make_console, print_json, show
    from ..render import lists
    from ..state import store

    st = store()
    if source_id is None:
        items = st.all("source")
        if json_out:
            print_json(items)
        else:
            show(make_console(), lists.render_sources(items), long=True)
        return
    from .define import find_one

    sid = find_one(st, source_id, ("source",), "source", "cyberdip sources")
    view = lists.source_view(st, st.get("source", sid))
    if json_out:
        print_json(view)
    else:
        show(make_console(), lists.render_source(view), long=True)
