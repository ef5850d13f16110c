"""`cyberdip new-pack`: write a small, valid content pack for a trainer to start from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

HELP = """Write a small, valid example content pack (a term, a source and two questions) into
DIR, to edit and extend with your own material. The folder must be new or empty.

Examples:

  cyberdip new-pack my-pack

  cyberdip check my-pack

  cyberdip --content my-pack define tabletop exercise
"""


def register(app: typer.Typer) -> None:
    app.command("new-pack", help=HELP, short_help="Start a content pack of your own.")(new_pack)


def new_pack(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to create.")],
) -> None:
    from importlib.resources import files

    from ..errors import CyberdipError

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise CyberdipError(
            f"{directory} already exists and is not an empty folder",
            hint="choose a new folder name",
        )
    template = files("cyberdip_cli") / "templates" / "new_pack"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        names = sorted(item.name for item in template.iterdir() if item.name.endswith(".yaml"))
        for name in names:
            (directory / name).write_text(
                (template / name).read_text(encoding="utf-8"), encoding="utf-8"
            )
    except OSError as exc:
        raise CyberdipError(
            f"cannot write {directory}: {exc.strerror or exc}", hint="choose a writable folder"
        ) from None
    typer.echo(f"Wrote {len(names)} files to {directory}: {', '.join(names)}")
    typer.echo(
        f"Next: edit them, then `cyberdip check {directory}` and `cyberdip --content {directory} define tabletop exercise`."
    )
