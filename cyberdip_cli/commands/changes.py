"""`cyberdip changes`: what changed in the content since you last studied it."""

import typer

from .options import JsonOption, PlainOption

HELP = """The quiz questions whose content (prompt, choices, answer or explanation; for a
generated question, the term it is made from) changed since you last answered them, after
a new version of cyberdip or an edit to a content pack. They come back as due, at most 20
a day.

Examples:

  cyberdip changes

  cyberdip changes --json
"""


def register(app: typer.Typer) -> None:
    app.command("changes", help=HELP, short_help="What changed since you studied it.")(changes)


def changes(ctx: typer.Context, json_out: JsonOption = False, plain: PlainOption = False) -> None:
    from rich.console import Group

    from ..paths import progress_db_path
    from ..quiz.plan import changed_cards
    from ..quiz.progress import ProgressStore
    from ..render.common import MUTED, panel, t
    from ..runtime import runtime

    rt = runtime(ctx)
    st = rt.store()
    rows: list[dict] = []
    path = progress_db_path()
    if path.exists():
        with ProgressStore(path) as progress:
            progress.apply_renames(st.renames())
            last = {
                a["question_id"]: a["answered_at"] for a in progress.answers() if not a["practice"]
            }
            ids = changed_cards(st, progress)
        for q in st.get_many("question", ids):
            rows.append(
                {
                    "id": q["id"],
                    "prompt": q["prompt"],
                    "topic": q["topic"],
                    "last_studied": last.get(q["id"], "")[:10],
                }
            )

    def render(look, view):
        if not view:
            return t("Nothing you studied has changed since.", MUTED)
        lines = [t(f"{r['last_studied']}  {r['prompt']}") for r in view]
        title = f"Changed since you studied them ({len(view)})"
        return panel(
            look, Group(*lines, t("They come back in cyberdip quiz, 20 a day.", MUTED)), title=title
        )

    rt.emit(rows, render, json_out, long=True)
