"""`cyberdip sources`: the bibliography, and what cites each source."""

from typing import Annotated

import typer

from ..complete import complete_sources
from .options import PlainOption

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
    ctx: typer.Context,
    source_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="A source id such as s3.", autocompletion=complete_sources
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plain: PlainOption = False,
) -> None:
    from ..kb.find import find_one
    from ..render import lists
    from ..runtime import runtime
    from ..views.sources import source_view

    rt = runtime(ctx)
    st = rt.store()
    if source_id is None:
        rt.emit(st.all("source"), lists.render_sources, json_out, long=True)
        return

    sid = find_one(st, source_id, ("source",), "source", "cyberdip sources")
    rt.emit(source_view(st, st.get("source", sid)), lists.render_source, json_out, long=True)
