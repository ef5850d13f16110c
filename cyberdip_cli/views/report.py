"""`cyberdip report`: a class's progress exports (`progress --export json`) merged.

Works on the JSON files alone, never on a progress database, so a trainer can run it on
files collected from learners. The export format is in docs/EXPORT.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import CyberdipError

FORMAT = "cyberdip-progress"
KNOWN_VERSION = 1
REPORT_FORMAT = "cyberdip-report"
REPORT_VERSION = 1


class BadExport(CyberdipError):
    """A file that is not a progress export: one line naming it (exit 1)."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")


def read_export(path: Path) -> dict[str, Any]:
    """One export, checked; the shape every later step can rely on."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise BadExport(path, f"cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise BadExport(path, "not JSON (not UTF-8 text)") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        where = f" (line {exc.lineno}: {exc.msg})" if hasattr(exc, "lineno") else ""
        raise BadExport(path, f"not JSON{where}") from None
    if not isinstance(data, dict):
        raise BadExport(path, _not_ours("the top level is not an object"))
    if "format" in data:
        if data["format"] != FORMAT:
            raise BadExport(path, _not_ours(f"its format is {_short(data['format'])}"))
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise BadExport(path, "a progress export without a whole-number 'version'")
        if version > KNOWN_VERSION:
            raise BadExport(
                path,
                f"written by a newer cyberdip (progress export version {version}, this one "
                f"reads up to {KNOWN_VERSION}); upgrade cyberdip",
            )
    elif not ("questions" in data and "answered" in data):
        raise BadExport(path, _not_ours("it has no 'format'"))
    # Without "format": an export from before learners were named (read as version 0).
    questions = data.get("questions")
    if not isinstance(questions, list):
        raise BadExport(path, "'questions' must be a list of question rows")
    rows = [_row(path, n, row) for n, row in enumerate(questions, 1)]
    learner = data.get("learner")
    topics = data.get("topics") if isinstance(data.get("topics"), dict) else {}
    titles = {
        tid: t["title"]
        for tid, t in topics.items()
        if isinstance(t, dict) and isinstance(t.get("title"), str)
    }
    return {
        "file": str(path),
        "learner": learner.strip() if isinstance(learner, str) and learner.strip() else None,
        "questions": rows,
        "titles": titles,
    }


def _not_ours(why: str) -> str:
    return (
        f"not a cyberdip progress export ({why}); make one with `cyberdip progress --export json`"
    )


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _row(path: Path, n: int, row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise BadExport(path, f"question row {n} is not an object")
    qid = row.get("question_id")
    if not isinstance(qid, str) or not qid:
        raise BadExport(path, f"question row {n} has no 'question_id'")
    attempts, correct = row.get("attempts"), row.get("correct")
    if not _count(attempts) or not _count(correct) or correct > attempts:
        raise BadExport(
            path, f"question row {n} ({_short(qid)}) needs whole numbers 0 <= correct <= attempts"
        )
    wrong = []
    for item in row.get("wrong_answers") or []:
        if (
            isinstance(item, dict)
            and isinstance(item.get("answer"), str)
            and _count(item.get("count"))
        ):
            wrong.append({"answer": item["answer"], "count": item["count"]})
    topic = row.get("topic") if isinstance(row.get("topic"), str) else None
    prompt = row.get("prompt") if isinstance(row.get("prompt"), str) else None
    return {
        "id": qid,
        "topic": topic or "unknown",
        "prompt": prompt,
        "attempts": attempts,
        "correct": correct,
        "wrong_answers": wrong,
    }


def _accuracy(correct: int, answered: int) -> float | None:
    return round(correct / answered, 3) if answered else None


def class_report(paths: list[Path]) -> dict[str, Any]:
    """Every file read and checked first (a bad one stops the report), then merged."""
    seen: list[Path] = []
    for path in paths:
        if path.resolve() not in [p.resolve() for p in seen]:
            seen.append(path)
    exports = [read_export(p) for p in seen]
    names = [e["learner"] or Path(e["file"]).stem for e in exports]
    learners = []
    for export, name in zip(exports, names, strict=True):
        label = name if names.count(name) == 1 else f"{name} ({Path(export['file']).name})"
        answered = sum(r["attempts"] for r in export["questions"])
        correct = sum(r["correct"] for r in export["questions"])
        learners.append(
            {
                "learner": label,
                "file": export["file"],
                "answered": answered,
                "correct": correct,
                "accuracy": _accuracy(correct, answered),
                "questions": len(export["questions"]),
            }
        )
    titles: dict[str, str] = {}
    for export in exports:
        for tid, title in export["titles"].items():
            titles.setdefault(tid, title)
    topics: dict[str, dict[str, Any]] = {}
    questions: dict[str, dict[str, Any]] = {}
    for n, export in enumerate(exports):
        for row in export["questions"]:
            t = topics.setdefault(
                row["topic"],
                {
                    "id": row["topic"],
                    "title": titles.get(row["topic"], row["topic"]),
                    "learners": set(),
                    "answered": 0,
                    "correct": 0,
                },
            )
            t["answered"] += row["attempts"]
            t["correct"] += row["correct"]
            if row["attempts"]:
                t["learners"].add(n)
            q = questions.setdefault(
                row["id"],
                {
                    "id": row["id"],
                    "prompt": None,
                    "topic": row["topic"],
                    "attempts": 0,
                    "correct": 0,
                    "learners": set(),
                    "missed_by": set(),
                    "wrong": {},
                },
            )
            q["prompt"] = q["prompt"] or row["prompt"]
            q["attempts"] += row["attempts"]
            q["correct"] += row["correct"]
            if row["attempts"]:
                q["learners"].add(n)
            if row["attempts"] > row["correct"]:
                q["missed_by"].add(n)
            for w in row["wrong_answers"]:
                q["wrong"][w["answer"]] = q["wrong"].get(w["answer"], 0) + w["count"]
    topic_rows = [
        {
            **{k: t[k] for k in ("id", "title", "answered", "correct")},
            "learners": len(t["learners"]),
            "accuracy": _accuracy(t["correct"], t["answered"]),
        }
        for t in topics.values()
    ]
    topic_rows.sort(key=lambda t: (t["accuracy"] if t["accuracy"] is not None else 2, t["title"]))
    question_rows = []
    for q in questions.values():
        wrong = sorted(q["wrong"].items(), key=lambda kv: (-kv[1], kv[0]))
        question_rows.append(
            {
                "id": q["id"],
                "prompt": q["prompt"],
                "topic": q["topic"],
                "topic_title": titles.get(q["topic"], q["topic"]),
                "attempts": q["attempts"],
                "correct": q["correct"],
                "missed": q["attempts"] - q["correct"],
                "accuracy": _accuracy(q["correct"], q["attempts"]),
                "learners": len(q["learners"]),
                "learners_missed": len(q["missed_by"]),
                "top_wrong_answer": {"answer": wrong[0][0], "count": wrong[0][1]}
                if wrong
                else None,
                "wrong_answers": [{"answer": a, "count": c} for a, c in wrong],
            }
        )
    question_rows.sort(
        key=lambda q: (-q["missed"], -q["learners_missed"], q["accuracy"] or 0, q["id"])
    )
    answered = sum(x["answered"] for x in learners)
    correct = sum(x["correct"] for x in learners)
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "files": [e["file"] for e in exports],
        "answered": answered,
        "correct": correct,
        "accuracy": _accuracy(correct, answered),
        "learners": sorted(learners, key=lambda x: (x["learner"].casefold(), x["file"])),
        "topics": topic_rows,
        "questions": question_rows,
    }


CSV_COLUMNS = (
    "table",
    "learner",
    "topic",
    "question_id",
    "prompt",
    "answered",
    "correct",
    "accuracy",
    "learners",
    "learners_missed",
    "top_wrong_answer",
    "top_wrong_count",
)


def report_csv(report: dict[str, Any]) -> str:
    """The three tables in one CSV, told apart by the `table` column (learner, topic,
    question), so a spreadsheet can filter them."""
    import csv
    import io

    from ..console import clean

    rows: list[dict[str, Any]] = []
    for x in report["learners"]:
        rows.append(
            {
                "table": "learner",
                "learner": x["learner"],
                "answered": x["answered"],
                "correct": x["correct"],
                "accuracy": x["accuracy"],
            }
        )
    for t in report["topics"]:
        rows.append(
            {
                "table": "topic",
                "topic": t["id"],
                "answered": t["answered"],
                "correct": t["correct"],
                "accuracy": t["accuracy"],
                "learners": t["learners"],
            }
        )
    for q in report["questions"]:
        top = q["top_wrong_answer"] or {}
        rows.append(
            {
                "table": "question",
                "topic": q["topic"],
                "question_id": q["id"],
                "prompt": q["prompt"],
                "answered": q["attempts"],
                "correct": q["correct"],
                "accuracy": q["accuracy"],
                "learners": q["learners"],
                "learners_missed": q["learners_missed"],
                "top_wrong_answer": top.get("answer"),
                "top_wrong_count": top.get("count"),
            }
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: clean("" if row.get(k) is None else row[k]) for k in CSV_COLUMNS})
    return buffer.getvalue()
