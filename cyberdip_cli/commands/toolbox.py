"""`cyberdip toolbox`: the EU Cyber Diplomacy Toolbox, down to the sanctions listings."""

from typing import Annotated

import typer

from ..complete import complete_toolbox
from .options import PlainOption

HELP = """The EU Cyber Diplomacy Toolbox: its framework, five categories of measures and the
cyber sanctions regime.

Without an argument, an overview tree; with a category or measure (id, name or a close
spelling), its detail; `sanctions` shows the regime and every listing.

Examples:

  cyberdip toolbox

  cyberdip toolbox restrictive

  cyberdip toolbox sanctions --json

  cyberdip toolbox --ladder
"""


def register(app: typer.Typer) -> None:
    app.command(
        "toolbox", help=HELP, short_help="The Cyber Diplomacy Toolbox and the sanctions regime."
    )(toolbox)


def toolbox(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CATEGORY|MEASURE|sanctions]",
            help="What to open.",
            autocompletion=complete_toolbox,
        ),
    ] = None,
    ladder: Annotated[
        bool, typer.Option("--ladder", help="Order the responses from the softest to the hardest.")
    ] = False,
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            metavar="NAME",
            help="With a sanctions regime: only the listings tied to this state.",
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plain: PlainOption = False,
) -> None:
    from ..kb.find import find_entry
    from ..render import toolbox as draw
    from ..runtime import runtime
    from ..views import toolbox as views

    rt = runtime(ctx)
    st = rt.store()
    if st.section("toolbox") is None:
        from ..errors import CyberdipError

        raise CyberdipError("this content has no toolbox section", hint="run `cyberdip check`")
    query = " ".join(words or []).strip()
    if ladder:
        view, render = views.ladder_view(st), draw.render_ladder
    elif not query:
        view, render = views.overview_view(st), draw.render_overview
    else:
        kind_id = find_entry(
            st, query, ("sanctions", "category", "measure"), "toolbox entry", "cyberdip toolbox"
        )
        kind, entry_id = kind_id
        if kind == "sanctions":
            view = views.sanctions_view(st, entry_id, state)
            if state and not view["listings"]:
                from ..errors import CyberdipError

                states = sorted(
                    {s for x in views.sanctions_view(st, entry_id)["listings"] for s in x["states"]}
                )
                raise CyberdipError(
                    f"no listing of this regime is tied to '{state}'",
                    hint="states with listings: " + (", ".join(states) or "none"),
                )
            render = draw.render_sanctions
        elif kind == "category":
            view, render = (
                views.category_view(st, st.get("category", entry_id)),
                draw.render_category,
            )
        else:
            view, render = views.measure_view(st, st.get("measure", entry_id)), draw.render_measure
    rt.emit(view, render, json_out, long=True)
