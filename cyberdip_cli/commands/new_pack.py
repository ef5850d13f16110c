"""`cyberdip new-pack`: write a small, valid content pack for a trainer to start from."""

import re
from pathlib import Path
from typing import Annotated

import typer

HELP = """Write a small, valid example content pack (a term, a source and two questions) into
DIR, to edit and extend with your own material. The folder must be new or empty.

The pack's name and every id in it are taken from the folder's name (`my-course` gives
the source `my-course-notes` and the questions `q-my-course-1`, `q-my-course-2`), so two
new packs can be loaded together without their ids clashing.

Examples:

  cyberdip new-pack my-pack

  cyberdip check my-pack

  cyberdip --content my-pack define tabletop exercise
"""

# The longest id the template derives is "SLUG-tabletop-exercise"; ids have 64 characters.
SLUG_MAX = 40
_UNPRINTABLE = re.compile(r"[^\w .,'()&+-]")


def register(app: typer.Typer) -> None:
    app.command("new-pack", help=HELP, short_help="Start a content pack of your own.")(new_pack)


def slugify(name: str) -> str:
    """A folder name as an id prefix: ASCII lower-case kebab-case, never empty."""
    from ..kb.match import slug

    return slug(name, SLUG_MAX) or "pack"


def pack_name(name: str, slug: str) -> str:
    """A folder name as a readable pack name: "my-course" gives "My course"."""
    words = " ".join(_UNPRINTABLE.sub(" ", name.replace("-", " ").replace("_", " ")).split())
    words = words[:80].strip() or slug
    return words[0].upper() + words[1:]


def fill(template: str, slug: str, name: str) -> str:
    import json  # here, not at the top: `cyberdip --help` imports every command module

    # json.dumps gives a double-quoted scalar YAML reads back as the same text.
    return template.replace("__SLUG__", slug).replace("__NAME__", json.dumps(name))


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
    folder = directory.resolve().name
    slug = slugify(folder)
    name = pack_name(folder, slug)
    template = files("cyberdip_cli") / "templates" / "new_pack"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        names = sorted(item.name for item in template.iterdir() if item.name.endswith(".yaml"))
        for file_name in names:
            text = fill((template / file_name).read_text(encoding="utf-8"), slug, name)
            (directory / file_name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CyberdipError(
            f"cannot write {directory}: {exc.strerror or exc}", hint="choose a writable folder"
        ) from None
    typer.echo(f"Wrote {len(names)} files to {directory}: {', '.join(names)}")
    typer.echo(f"Pack {name!r}; its ids start with '{slug}-' (questions with 'q-{slug}-').")
    typer.echo(
        f"Next: edit them, then `cyberdip check {directory}` and `cyberdip --content {directory} define tabletop exercise`."
    )
