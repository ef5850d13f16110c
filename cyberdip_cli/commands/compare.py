"""`cyberdip compare`: two things side by side, field by field."""

from typing import Annotated

import typer

from ..complete import complete_comparable
from .options import JsonOption

HELP = """Two entries side by side: terms, sanctions regimes, incidents or toolbox measures,
with their dates, legal basis, scope, what replaced what and their sources aligned field by
field. Stacked on terminals narrower than 90 columns.

Quote a name of several words.

Examples:

  cyberdip compare NIS NIS2

  cyberdip compare GGE OEWG

  cyberdip compare "Budapest Convention" "UN cybercrime convention"

  cyberdip compare sanctions russia-hybrid-regime --json
"""


def register(app: typer.Typer) -> None:
    app.command("compare", help=HELP, short_help="Two entries side by side.")(compare)


def compare(
    ctx: typer.Context,
    first: Annotated[
        str,
        typer.Argument(metavar="A", help="The first entry.", autocompletion=complete_comparable),
    ],
    second: Annotated[
        str,
        typer.Argument(metavar="B", help="The second entry.", autocompletion=complete_comparable),
    ],
    json_out: JsonOption = False,
) -> None:
    from ..kb.find import find_entry
    from ..render.compare import render_compare
    from ..runtime import runtime
    from ..views.compare import COMPARABLE, compare_view, side

    rt = runtime(ctx)
    st = rt.store()
    sides = []
    for query in (first, second):
        kind, entry_id = find_entry(st, query, COMPARABLE, "entry", "cyberdip search WORDS")
        sides.append(side(st, kind, st.get(kind, entry_id)))
    view = compare_view(st, *sides)
    rt.emit(view, lambda look, v: render_compare(look, v, rt.console().width), json_out, long=True)
