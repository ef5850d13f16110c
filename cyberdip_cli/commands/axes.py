"""`cyberdip axes`: the EU's international and internal axes of cyber diplomacy."""

from typing import Annotated

import typer

from .options import PlainOption

HELP = """The two axes of the EU's approach: international (outward: norms, multilateral
forums, the toolbox, sanctions) and internal (the Union's own security: legislation,
crisis response, coordination, research).

Examples:

  cyberdip axes

  cyberdip axes internal

  cyberdip axes international --json
"""

AXIS_IDS = ("international", "internal")


def register(app: typer.Typer) -> None:
    app.command("axes", help=HELP, short_help="The international and internal axes, side by side.")(
        axes
    )


def _complete_axis(incomplete: str) -> list[str]:
    return [a for a in AXIS_IDS if a.startswith(incomplete.lower())]


def axes(
    ctx: typer.Context,
    axis: Annotated[
        str | None,
        typer.Argument(
            metavar="[international|internal]",
            help="Show one axis in detail.",
            autocompletion=_complete_axis,
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    plain: PlainOption = False,
) -> None:
    from ..errors import CyberdipError, UsageError
    from ..render.axes import render_axes, render_axis
    from ..runtime import runtime
    from ..views.axes import axes_view

    rt = runtime(ctx)
    st = rt.store()
    view = axes_view(st)
    if not view["axes"]:
        raise CyberdipError("this content has no axes section", hint="run `cyberdip check`")
    chosen = None
    if axis:
        from ..kb.match import key

        wanted = key(axis)
        chosen = next((a for a in AXIS_IDS if a.startswith(wanted) and wanted), None)
        if chosen is None:
            raise UsageError(f"unknown axis '{axis}'", hint="use `international` or `internal`")
        if not any(a["id"] == chosen for a in view["axes"]):
            raise CyberdipError(f"this content has no {chosen} axis", hint="run `cyberdip axes`")
    if json_out:
        from ..console import print_json

        if chosen:
            one = next(a for a in view["axes"] if a["id"] == chosen)
            print_json({**one, "priorities": view["priorities"], "headings": view["headings"]})
        else:
            print_json(view)
        return
    look = rt.look
    rt.show(render_axis(look, view, chosen) if chosen else render_axes(look, view), long=True)
