"""`cyberdip help`: the same help text as `--help`, as pages or as a man page."""

import sys
from typing import Annotated

import typer

# Reference pages shipped inside the package (pyproject.toml), by help topic.
DOC_PAGES = {
    "export": ("EXPORT.md", "the export formats: JSON, Anki, CSV, Markdown, progress exports"),
    "content": ("CONTENT.md", "writing content and packs: schema, error codes, JSON output"),
}


def _complete_command(incomplete: str) -> list[str]:
    from ..app import command

    names = [*command().commands, *DOC_PAGES]
    return sorted({name for name in names if name.startswith(incomplete)})


HELP = """Show the help page of a command, list them all, or print a man page built from the
same help text.

Two topics print a reference page that ships with cyberdip: `cyberdip help export` (the
export formats, after the export command's help) and `cyberdip help content` (how to
write content and packs, with every error code).

Examples:

  cyberdip help quiz

  cyberdip help export

  cyberdip help content | less

  cyberdip help --man > cyberdip.1
"""


def register(app: typer.Typer) -> None:
    app.command("help", help=HELP, short_help="Help pages, or a man page (--man).")(help_command)


def help_command(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[COMMAND|export|content]",
            help="A command name, or a reference page.",
            autocompletion=_complete_command,
        ),
    ] = None,
    man: Annotated[
        bool, typer.Option("--man", help="Print a man page (roff) for all commands.")
    ] = False,
) -> None:
    from ..errors import UsageError

    root = ctx.find_root()
    group = root.command
    if man:
        sys.stdout.write(man_page(root))
        return
    if topic is None:
        pages = "".join(
            f"  cyberdip help {name:<8} {about}\n" for name, (_, about) in DOC_PAGES.items()
        )
        sys.stdout.write(root.get_help() + "\n\nReference pages:\n" + pages)
        return
    sub = group.get_command(root, topic)
    if sub is None and topic not in DOC_PAGES:
        names = ", ".join(sorted(group.list_commands(root)))
        pages = ", ".join(DOC_PAGES)
        raise UsageError(
            f"no command or help topic named '{topic}'",
            hint=f"commands: {names}; reference pages: {pages}",
        )
    text = ""
    if sub is not None:
        with typer.Context(sub, info_name=topic, parent=root) as sub_ctx:
            text = sub.get_help(sub_ctx) + "\n"
    if topic in DOC_PAGES:
        text += ("\n" if text else "") + doc_text(topic)
    _page(ctx, text)


def doc_text(topic: str) -> str:
    """A reference page as shipped (docs/NAME.md in a checkout, cyberdip_cli/_docs/ in a wheel)."""
    from ..console import clean
    from ..errors import CyberdipError
    from ..paths import doc_path

    name = DOC_PAGES[topic][0]
    try:
        text = doc_path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise CyberdipError(
            f"the {name} reference page is missing from this installation ({exc.strerror})",
            hint="reinstall cyberdip",
        ) from None
    return "\n".join(clean(line) for line in text.splitlines()) + "\n"


def _page(ctx: typer.Context, text: str) -> None:
    """Long text through the pager in an interactive terminal (PAGER, MANPAGER), else as is."""
    from ..runtime import runtime

    interactive = sys.stdout.isatty() and sys.stdin.isatty()
    if interactive and not runtime(ctx).no_pager and text.count("\n") > 40:
        import pydoc

        pydoc.pager(text)
        return
    sys.stdout.write(text)


def _roff(text: str) -> str:
    lines = []
    for line in text.splitlines():
        line = line.replace("\\", "\\\\")
        lines.append(("\\&" + line) if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def man_page(root) -> str:
    from .. import __version__

    group = root.command
    out = [
        f'.TH CYBERDIP 1 "" "cyberdip {__version__}" "User Commands"',
        ".SH NAME",
        "cyberdip \\- learn EU cyber diplomacy in the terminal",
        ".SH SYNOPSIS",
        ".B cyberdip",
        "[OPTIONS] COMMAND [ARGS]...",
        ".SH DESCRIPTION",
        _roff(group.help or ""),
        ".SH COMMANDS",
    ]
    for name in group.list_commands(root):
        sub = group.get_command(root, name)
        if sub is None or sub.hidden:
            continue
        with typer.Context(sub, info_name=name, parent=root) as sub_ctx:
            out += [f".SS {name}", ".nf", _roff(sub.get_help(sub_ctx)), ".fi"]
    out += [".SH FILES", *_items(FILES), ".SH ENVIRONMENT", *_items(ENVIRONMENT)]
    out += [
        ".SH SEE ALSO",
        "\\fBcyberdip help export\\fR (export and progress formats),",
        "\\fBcyberdip help content\\fR (writing content packs, error codes).",
    ]
    return "\n".join(out) + "\n"


# (term, text): the paths are the Linux defaults of platformdirs, which follows
# XDG_DATA_HOME and XDG_CACHE_HOME; paths.py is where the code decides them.
FILES = (
    (
        "~/.local/share/cyberdip/progress.sqlite3",
        "Saved quiz progress (SQLite): every answer and the schedule of each question. "
        "Under $XDG_DATA_HOME/cyberdip when that is set; with CYBERDIP_HOME set, "
        "$CYBERDIP_HOME/progress.sqlite3. "
        "`cyberdip progress --repair` rebuilds a damaged one beside a backup "
        "(progress.sqlite3.bak-DATE).",
    ),
    (
        "~/.cache/cyberdip/kb-*.sqlite",
        "The content cache: the YAML content compiled once, with its search index, rebuilt "
        "when any content file changes and safe to delete. Under $XDG_CACHE_HOME/cyberdip "
        "when that is set; with CYBERDIP_HOME set, $CYBERDIP_HOME/cache/.",
    ),
    (
        "DIR given to --content, or listed in CYBERDIP_CONTENT",
        "Content packs: folders of YAML files (see `cyberdip new-pack`), loaded after the "
        "built-in content, each once. The built-in content ships inside the package "
        "(cyberdip_cli/_content).",
    ),
)

ENVIRONMENT = (
    (
        "CYBERDIP_HOME",
        "A folder for everything cyberdip writes, instead of the user data and cache "
        "folders: progress.sqlite3 and cache/ go under it.",
    ),
    (
        "CYBERDIP_CONTENT",
        "Content packs to load for every command, as a path list separated by ':' "
        "(';' on Windows), after the --content options.",
    ),
    (
        "CYBERDIP_LEARNER",
        "The learner's name written into `cyberdip progress --export` when --learner is not "
        "given (otherwise the login name).",
    ),
    ("NO_COLOR", "When set (not empty), no colour; boxes stay (--plain drops them too)."),
    (
        "FORCE_COLOR",
        "When set and not 0, colour and styles even when the output is not a terminal "
        "(unless --plain).",
    ),
    (
        "PAGER",
        "The pager for long output in an interactive terminal (MANPAGER, if set, comes "
        "first); --no-pager turns paging off.",
    ),
    (
        "LESS",
        "Options for less when it is the pager; colours need -R (for example LESS=-R), "
        "otherwise set NO_COLOR.",
    ),
    (
        "COLUMNS",
        "The width to draw for, in characters, instead of the terminal's (LINES likewise "
        "for the height, which decides when to page).",
    ),
)


def _items(items: tuple[tuple[str, str], ...]) -> list[str]:
    out = []
    for term, text in items:
        out += [".TP", f"\\fB{_roff(term)}\\fR", _roff(text)]
    return out
