"""`cyberdip progress --export`: per-question results and per-topic totals for trainers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..textsafe import clean, escape_json

CSV_COLUMNS = ("question_id", "topic", "attempts", "correct", "last_result", "last_answered", "due")


def progress_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"question_id": qid, **{c: row.get(c) for c in CSV_COLUMNS[1:]}}
        for qid, row in sorted(data["questions"].items())
    ]


def render_export(data: dict[str, Any], fmt: str) -> str:
    rows = progress_rows(data)
    if fmt == "json":
        payload = {
            "questions": rows,
            "topics": data["topics"],
            "answered": data["answered"],
            "correct": data["correct"],
        }
        return escape_json(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n"
    from .csvdump import csv_text

    return csv_text(CSV_COLUMNS, rows)


def progress_export(data: dict[str, Any], fmt: str, out: Path | None, force: bool) -> None:
    text = render_export(data, fmt)
    if out is None:
        sys.stdout.write(text)
        return
    from .atomic import write_atomic

    write_atomic(out, text.encode("utf-8"), force)
    sys.stderr.write(f"wrote {len(data['questions'])} question rows to {clean(out)}\n")
