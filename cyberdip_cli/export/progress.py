"""`cyberdip progress --export`: per-question results and per-topic totals for trainers.

The JSON export is the input of `cyberdip report`, which merges a class's files; its shape
is documented in docs/EXPORT.md ("Progress exports"). Old fields keep their meaning; new
ones are added beside them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..textsafe import escape_json

FORMAT = "cyberdip-progress"
VERSION = 1  # raised only when a change would break a reader of docs/EXPORT.md

CSV_COLUMNS = (
    "question_id",
    "topic",
    "attempts",
    "correct",
    "last_result",
    "last_answered",
    "due",
    "learner",
)
ROW_FIELDS = CSV_COLUMNS[1:-1]


def learner_name(given: str | None = None, store: Any = None) -> str | None:
    """Who the export belongs to: --learner, else CYBERDIP_LEARNER, else the name the
    progress store keeps (when it keeps one), else the login name; None when nothing says.
    Never raises: a missing name must not stop an export."""
    import os

    candidates = [lambda: given, lambda: os.environ.get("CYBERDIP_LEARNER")]
    if store is not None and callable(getattr(store, "learner", None)):
        candidates.append(store.learner)
    candidates.append(_login_name)
    for candidate in candidates:
        try:
            name = candidate()
        except Exception:  # a name is a nicety, never a failure
            continue
        if isinstance(name, str) and name.strip():
            from ..console import clean

            return " ".join(clean(name).split())[:100]
    return None


def _login_name() -> str | None:
    import getpass

    return getpass.getuser()  # may raise (no USER and no passwd entry): caught by the caller


def wrong_answers(answers: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per question, the wrong answers given and how often, most chosen first."""
    counts: dict[str, dict[str, int]] = {}
    for a in answers:
        given = (a.get("given") or "").strip()
        if not a.get("correct") and given:
            per = counts.setdefault(a["question_id"], {})
            per[given] = per.get(given, 0) + 1
    return {
        qid: [
            {"answer": text, "count": n}
            for text, n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        for qid, per in counts.items()
    }


def progress_rows(
    data: dict[str, Any],
    prompts: dict[str, str] | None = None,
    wrong: dict[str, list[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    rows = []
    for qid, row in sorted(data["questions"].items()):
        out = {"question_id": qid, **{c: row.get(c) for c in ROW_FIELDS}}
        if prompts is not None:
            out["prompt"] = prompts.get(qid)
        if wrong is not None:
            out["wrong_answers"] = wrong.get(qid, [])
        rows.append(out)
    return rows


def render_export(
    data: dict[str, Any],
    fmt: str,
    learner: str | None = None,
    answers: list[dict[str, Any]] | None = None,
    prompts: dict[str, str] | None = None,
    exported_at: str | None = None,
) -> str:
    if fmt == "json":
        from .. import __version__

        payload = {
            "format": FORMAT,
            "version": VERSION,
            "learner": learner,
            "exported_at": exported_at,
            "cyberdip": __version__,
            "answered": data["answered"],
            "correct": data["correct"],
            "accuracy": data.get("accuracy"),
            "topics": data["topics"],
            "questions": progress_rows(data, prompts or {}, wrong_answers(answers or [])),
        }
        return escape_json(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"
    from .csvdump import csv_text

    return csv_text(CSV_COLUMNS, ({**row, "learner": learner or ""} for row in progress_rows(data)))


def progress_export(
    data: dict[str, Any],
    fmt: str,
    out: Path | None,
    force: bool,
    learner: str | None = None,
    answers: list[dict[str, Any]] | None = None,
    prompts: dict[str, str] | None = None,
) -> None:
    import datetime as dt

    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    text = render_export(data, fmt, learner, answers, prompts, exported_at=now)
    if out is None:
        sys.stdout.write(text)
        return
    from ..console import clean
    from .atomic import write_atomic

    write_atomic(out, text.encode("utf-8"), force)
    who = f" for {clean(learner)}" if learner else ""
    sys.stderr.write(f"wrote {len(data['questions'])} question rows{who} to {clean(out)}\n")
