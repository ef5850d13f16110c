"""`cyberdip incident`: real incidents as dated records, attributions and EU responses."""

import sys
from typing import Annotated

import typer

from ..complete import complete_incidents
from .options import JsonOption, PlainOption

HELP = """Real cyber incidents as dated records: what happened, who attributed it to whom
and on what basis, and what the EU and its Member States did, by which measure and act.

Without a name, a table of every incident with the time to the first EU response; with a
name (or an alias, or a close spelling), the incident as a dated story.

Examples:

  cyberdip incident

  cyberdip incident notpetya

  cyberdip incident --csv > incidents.csv
"""


def register(app: typer.Typer) -> None:
    app.command("incident", help=HELP, short_help="Real incidents: attributions and EU responses.")(
        incident
    )


def incident(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(metavar="[NAME]", help="The incident.", autocompletion=complete_incidents),
    ] = None,
    json_out: JsonOption = False,
    plain: PlainOption = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print the table as CSV.")] = False,
) -> None:
    from ..kb.find import find_one
    from ..runtime import runtime
    from ..views.incident import incident_rows, incident_view

    rt = runtime(ctx)
    st = rt.store()
    query = " ".join(words or []).strip()
    if query:
        entry = find_one(st, query, ("incident",), "incident", "cyberdip incident")
        from ..render.incident import render_incident

        rt.emit(incident_view(st, st.get("incident", entry)), render_incident, json_out, long=True)
        return
    rows = incident_rows(st)
    if csv_out:
        from ..export.csvdump import incident_csv

        sys.stdout.write(incident_csv(rows))
        return
    from ..render.incident import render_incidents

    rt.emit(rows, render_incidents, json_out, long=True)
