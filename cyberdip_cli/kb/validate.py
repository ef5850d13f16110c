"""Load every content file, check it against the schema, and merge it into one knowledge base.

All problems are collected (never the first one only) as `Problem`s carrying file, line,
entry id, a stable code and a message.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema as S
from .yamlsafe import shorten, written_as

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
# C0/C1 controls (tab and newline allowed), DEL, and bidirectional overrides/isolates.
BAD_CHARS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    entry: str
    code: str
    message: str

    @property
    def is_warning(self) -> bool:
        """W codes are printed by `check` but do not make content invalid."""
        return self.code.startswith("W")

    def format(self) -> str:
        entry = f" {self.entry}:" if self.entry else ""
        path = shorten(self.path, limit=10_000)  # a file name may hold a line break
        return f"{path}:{self.line}:{entry} {self.message} [{self.code}]"


@dataclass
class Ref:
    kind: str
    target: str
    path: str
    line: int
    entry: str


class Context:
    """Accumulates problems and references while the files are walked."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.refs: list[Ref] = []

    def add(self, path: str, line: int, entry: str, code: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(path, line, entry, code, message))


def display_path(path: Path) -> str:
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of symbolic links
        shown = str(path)
    # A name that is not valid UTF-8 holds its bytes as lone surrogates, which no output can
    # print: show them as \xNN, so the file can still be told apart.
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def content_files(directory: Path) -> list[Path]:
    """The `*.yaml` paths under `directory` the loader reads, sorted. Links to folders are
    not followed (kb/cache.signature walks the same way).

    Every entry named `*.yaml` is listed, whatever it is, so that the reader
    (yamlsafe.read_bytes) reads only regular files and reports the others (a FIFO, a device,
    a dangling link) as a problem instead of hanging or skipping them; a folder that cannot
    be listed is listed itself, so it is reported rather than silently skipped. Left out:
    editor lock files (`.#name.yaml`, the dangling link Emacs keeps while a file is edited).
    """
    import os

    found: list[Path] = []

    def unlisted(exc: OSError) -> None:
        found.append(Path(exc.filename) if exc.filename else directory)

    for root, _dirs, names in os.walk(directory, onerror=unlisted):
        found.extend(Path(root, name) for name in names if is_content_name(name))
    return sorted(found)


def is_content_name(name: str) -> bool:
    return name.endswith(".yaml") and not name.startswith(".#")


Where = tuple[str, int, str]  # path, line, entry id


def check_field(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    """Validate one value; returns the cleaned value or None when it is unusable."""
    path, line, entry = where
    if value is None:
        if f.nullable or not f.required:
            return None
        ctx.add(path, line, entry, "E203", f"'{name}' is empty")
        return None
    return CHECKERS[f.kind](ctx, f, value, where, name)


def _check_text(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    path, line, entry = where
    if not isinstance(value, str):
        message = f"'{name}' must be text, not {_typename(value)}{_quote_hint(value)}"
        ctx.add(path, line, entry, "E202", message)
        return None
    if not value.strip():
        ctx.add(path, line, entry, "E203", f"'{name}' is empty")
        return None
    if not value.isprintable() and BAD_CHARS_RE.search(value):  # every such char is unprintable
        ctx.add(path, line, entry, "E110", f"'{name}' contains a control or bidi character")
    if f.kind == "id" and not ID_RE.match(value):
        ctx.add(path, line, entry, "E205", f"id '{shorten(value)}' must be lower-case kebab-case")
    if f.kind == "line" and "\n" in value.strip():
        ctx.add(path, line, entry, "E202", f"'{name}' must be a single line")
    return value.strip()


def _check_date(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    path, line, entry = where
    text = str(value)
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not DATE_RE.match(text):
        ctx.add(path, line, entry, "E210", f"'{name}' must be YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    if not _real_date(text):
        ctx.add(path, line, entry, "E210", f"'{name}' is {text}, which is not a calendar date")
        return None
    return text


def _check_int(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        ctx.add(*where, "E202", f"'{name}' must be a whole number >= 0")
        return None
    return value


def _check_bool(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    if not isinstance(value, bool):
        ctx.add(*where, "E202", f"'{name}' must be true or false")
        return None
    return value


def _check_enum(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    if isinstance(value, bool) or value not in f.choices:
        allowed = ", ".join(str(c) for c in f.choices)
        ctx.add(*where, "E209", f"'{name}' is '{shorten(value)}'; use one of: {allowed}")
        return None
    return value


def _check_ref(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    target = check_field(ctx, S.Field("id"), value, where, name)
    if target:
        ctx.refs.append(Ref(f.ref, target, where[0], where[1], where[2]))
    return target


def _check_record_field(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    path, line, entry = where
    if not isinstance(value, dict):
        ctx.add(path, line, entry, "E202", f"'{name}' must be a mapping")
        return None
    return check_record(ctx, f.schema, value, path, entry)


def _check_records(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    path, line, entry = where
    if not isinstance(value, list):
        ctx.add(path, line, entry, "E202", f"'{name}' must be a list")
        return None
    out = []
    for i, item in enumerate(value):
        item_line = _item_line(value, i, line)
        if not isinstance(item, dict):
            ctx.add(path, item_line, entry, "E202", f"each item of '{name}' must be a mapping")
            continue
        rec = check_record(ctx, f.schema, item, path, entry)
        if rec is not None:
            out.append(rec)
    return out


def _check_answer(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    # Its shape depends on the question type (see check_question); the choices of a multi
    # answer are text, as the choices themselves are.
    if isinstance(value, list):
        return [as_written("answer", v, written_as(value, i)) for i, v in enumerate(value)]
    return value


def _check_list(ctx: Context, f: S.Field, value: Any, where: Where, name: str) -> Any:
    path, line, entry = where
    if isinstance(value, str):
        value = [value]  # a single id is a common slip; accept it as a list of one
    if not isinstance(value, list):
        ctx.add(path, line, entry, "E202", f"'{name}' must be a list")
        return None
    if f.required and not value:
        ctx.add(path, line, entry, "E203", f"'{name}' needs at least one item")
    out = []
    raw = getattr(value, "raw", None)
    for i, item in enumerate(value):
        item_line = _item_line(value, i, line)
        if raw:
            item = as_written(f.kind, item, raw.get(i))
        if isinstance(item, (int, float)) and not isinstance(item, bool) and f.kind == "strs":
            item = str(item)  # an explicit `!!int 5`: the author asked for the number
        if not isinstance(item, str) or not item.strip():
            message = f"items of '{name}' must be non-empty text{_quote_hint(item)}"
            ctx.add(path, item_line, entry, "E202", message)
            continue
        if not item.isprintable() and BAD_CHARS_RE.search(item):
            ctx.add(
                path, item_line, entry, "E110", f"'{name}' contains a control or bidi character"
            )
        item = item.strip()
        if f.kind == "refs":
            ctx.refs.append(Ref(f.ref, item, path, item_line, entry))
        elif f.kind == "sources":
            ctx.refs.append(Ref("source", item, path, item_line, entry))
        out.append(item)
    return out


# Field kinds whose value is text, and so must not be what YAML 1.1 made of a plain scalar:
# `[9:30, 10:15]` is [570, 615] (base 60), `0x1F` is 31, `012` is 10 (octal), `1e3` is
# 1000.0, `2019-03-01` a date. Their value is the text as written. A `date` is text too
# (`date: 0x7E3` is not 2019). Ids and references to ids (id, ref, refs, sources) are not
# in it: an id YAML reads as a number (`id: 5`, `012`) is refused with E202 and the hint to
# quote it, since a bare number is more likely a slip than a name.
TEXT_KINDS = frozenset({"text", "line", "strs", "answer", "date"})


def as_written(kind: str, value: Any, source: str | None) -> Any:
    """A value as its field needs it: for a text kind, a number or date YAML typed from a
    plain scalar becomes the text it was written as (yamlsafe keeps it), so `check` neither
    passes a silently rewritten value nor asks to quote a text that is already right.
    true/false/null stay typed: `yes` as text gets the quoting hint (it may be a slip)."""
    if source is None or kind not in TEXT_KINDS or isinstance(value, bool):
        return value
    if kind == "date" and not isinstance(value, (int, float)):
        return value  # a real date stays as read (YYYY-MM-DD)
    return source


# One checker per field kind (tests/test_check_codes.py checks none is missing).
CHECKERS = {
    "id": _check_text,
    "text": _check_text,
    "line": _check_text,
    "date": _check_date,
    "int": _check_int,
    "bool": _check_bool,
    "enum": _check_enum,
    "ref": _check_ref,
    "refs": _check_list,
    "sources": _check_list,
    "strs": _check_list,
    "record": _check_record_field,
    "records": _check_records,
    "answer": _check_answer,
}


def _real_date(text: str) -> bool:
    """DATE_RE lets 2019-02-30 through; the calendar does not."""
    if len(text) != 10:
        return True
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _item_line(seq: Any, index: int, default: int) -> int:
    lines = getattr(seq, "item_lines", None)
    return lines[index] if lines and index < len(lines) else default


def _quote_hint(value: Any) -> str:
    """YAML reads yes/no/on/off as booleans: say so, since the file shows plain words."""
    if isinstance(value, bool):
        return f" (YAML read it as {str(value).lower()}; put the text in quotes)"
    if isinstance(value, (int, float)):
        return " (YAML read it as a number; put the text in quotes)"
    return ""


def _typename(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def check_record(
    ctx: Context, fields: dict[str, S.Field], data: dict, path: str, parent: str
) -> dict | None:
    line = getattr(data, "line", 0)
    key_lines = getattr(data, "key_lines", {})
    raw_id = data.get("id")
    entry = shorten(raw_id) if isinstance(raw_id, str) and raw_id else parent
    out: dict[str, Any] = {}
    renamed = {old: new for old, new in S.DEPRECATED_KEYS.items() if old in data and new in fields}
    raw = getattr(data, "raw", None)  # the text of plain scalars YAML typed, if any
    for old, new in renamed.items():
        ctx.add(
            path,
            key_lines.get(old, line),
            entry,
            "W101",
            f"'{old}' is the old name of '{new}'; rename it (it still loads for now)",
        )
    if renamed:
        data = _Renamed(data, renamed)
        key_lines = {renamed.get(k, k): v for k, v in key_lines.items()}
        raw = data.raw
    for key in data:
        if key not in fields:
            hint = _close_field(str(key), fields)
            ctx.add(
                path,
                key_lines.get(key, line),
                entry,
                "E204",
                f"unknown field '{shorten(key)}'{hint}",
            )
    for name, f in fields.items():
        if name not in data:
            if f.required:
                ctx.add(path, line, entry, "E201", f"missing required field '{name}'")
            out[name] = S.default_for(name, f)
            continue
        where = (path, key_lines.get(name, line), entry)
        value = data[name]
        if raw:
            value = as_written(f.kind, value, raw.get(name))
        value = check_field(ctx, f, value, where, name)
        out[name] = S.default_for(name, f) if value is None else value
    if out.get("status") == "unverified" and not out.get("note"):
        ctx.add(
            path, line, entry, "E213", "unverified item needs a 'note' saying what is unconfirmed"
        )
    return out


class _Renamed(dict):
    """A record read with deprecated keys under their new names (lines and source text kept)."""

    def __init__(self, data: dict, renamed: dict[str, str]):
        super().__init__((renamed.get(k, k), v) for k, v in data.items())
        self.line = getattr(data, "line", 0)
        raw = getattr(data, "raw", None) or {}
        self.raw = {renamed.get(k, k): v for k, v in raw.items()}


def _close_field(name: str, fields: dict[str, S.Field]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_term(ctx: Context, term: dict, path: str, line: int) -> None:
    entry = term.get("id") or "?"
    summary = term.get("summary") or ""
    if len(summary) > S.SUMMARY_MAX_CHARS:
        ctx.add(
            path,
            line,
            entry,
            "E211",
            f"summary is {len(summary)} characters; keep it to {S.SUMMARY_MAX_CHARS}",
        )
    definition = term.get("definition") or ""
    words = len(definition.split())
    low, high = S.DEFINITION_WORDS
    if definition and not low <= words <= high:
        ctx.add(path, line, entry, "E211", f"definition has {words} words; write {low} to {high}")


def check_question(
    ctx: Context, q: dict, path: str, line: int, key_lines: dict | None = None
) -> None:
    """E212 problems point at the key at fault (`answer:` or `choices:`), or at the entry's
    first line when that key is missing."""
    entry = q.get("id") or "?"
    qtype, choices, answer = q.get("type"), q.get("choices"), q.get("answer")
    key_lines = key_lines or {}

    def bad(message: str, key: str = "answer") -> None:
        ctx.add(path, key_lines.get(key, line), entry, "E212", message)

    if qtype == "true_false":
        if choices:
            bad("a true_false question has no 'choices'", "choices")
        if not isinstance(answer, bool):
            bad("a true_false question needs 'answer: true' or 'answer: false'")
        return
    if qtype is None:
        return
    if not choices:
        bad(f"a {qtype} question needs 'choices'", "choices")
        return
    if len(set(choices)) != len(choices):
        bad("two choices have the same text", "choices")
    low = 3 if qtype == "multi" else 2
    if not low <= len(choices) <= 6:
        bad(f"a {qtype} question needs {low} to 6 choices, not {len(choices)}", "choices")
    if qtype == "order":
        if answer is not None:
            bad("an order question has no 'answer': list the choices in the right order")
        return
    if qtype == "single":
        if not isinstance(answer, str) or answer.strip() not in choices:
            bad("'answer' must be the exact text of one of the choices")
        else:
            q["answer"] = answer.strip()
        return
    if not isinstance(answer, list) or len(answer) < 2:
        bad("a multi question needs 'answer' as a list of at least two choices")
        return
    missing = [a for a in answer if not isinstance(a, str) or a.strip() not in choices]
    if missing:
        bad(f"answer {shorten(repr(missing[0]))} is not one of the choices")
    else:
        q["answer"] = [a.strip() for a in answer]


def check_incident(ctx: Context, incident: dict, path: str, line: int) -> None:
    """Nothing is attributed or answered before the incident began, nor ends before it."""
    from .dates import before

    entry, started = incident.get("id") or "?", incident.get("started")
    if not started:
        return
    for name in ("ended", "public"):
        if incident.get(name) and before(incident[name], started):
            message = f"'{name}' ({incident[name]}) is before 'started' ({started})"
            ctx.add(path, line, entry, "E215", message)
    for group in ("attributions", "responses"):
        for item in incident.get(group) or []:
            if item.get("date") and before(item["date"], started):
                message = (
                    f"an item of '{group}' is dated {item['date']}, before 'started' ({started})"
                )
                ctx.add(path, line, entry, "E215", message)


DRILL_STEPS = (3, 5)
DRILL_CHOICES = (3, 4)


def check_drill(ctx: Context, drill: dict, path: str, line: int) -> None:
    entry = drill.get("id") or "?"

    def bad(message: str) -> None:
        ctx.add(path, line, entry, "E216", message)

    steps = drill.get("steps") or []
    low, high = DRILL_STEPS
    if not low <= len(steps) <= high:
        bad(f"a drill needs {low} to {high} steps, not {len(steps)}")
    ids = [s.get("id") for s in steps]
    if len(set(ids)) != len(ids):
        bad("two steps have the same id")
    for step in steps:
        choices = step.get("choices") or []
        low, high = DRILL_CHOICES
        if not low <= len(choices) <= high:
            bad(f"step '{step.get('id')}' needs {low} or {high} choices, not {len(choices)}")
        if not any(c.get("score") == 1 for c in choices):
            bad(f"step '{step.get('id')}' has no choice that scores 1")
        texts = [c.get("text") for c in choices]
        if len(set(texts)) != len(texts):
            bad(f"step '{step.get('id')}' has two choices with the same text")


# Self-reference a learner should never read: the tool, its sources or the "seed" text it
# grew from (W104). Discrepancies are about the EIPA blog post and may name it.
VOICE_RE = re.compile(
    r"\bseed\b|stored sources?|\bthis tool\b|\bour sources\b|\bthe sources (?:do|did) not"
    r"|not (?:stated|confirmed) (?:in|by) (?:the |a )?(?:stored |verified )?sources?"
    r"|\(inference\)|\(s\d+[a-z]?\)",
    re.IGNORECASE,
)
VOICE_EXEMPT = frozenset({"discrepancy"})
# Every VOICE_RE alternative holds one of these once case is folded, so a record whose text
# holds none cannot match: most records, and the regex is a large pack's slowest check.
VOICE_CLUES = ("seed", "source", "s tool", "nference", "(s")
# Position words that break once choices are shuffled (a chronology's "first" is fine).
POSITION_RE = re.compile(
    r"\b(?:the )?(?:first|second|third|fourth|fifth|last|final|other two) "
    r"(?:option|choice|answer|alternative)s?\b|\b(?:option|choice) [a-f]\b|\b[a-f]\) is\b",
    re.IGNORECASE,
)


# As VOICE_CLUES, for POSITION_RE: "option", "choice", "answer", "alternative", "a) is"
# (none with an i, which the regex also matches as a dotless ı).
POSITION_CLUES = ("opt", "cho", "answer", "alternat", ")")


# Fields that hold ids, references or addresses, not prose.
NOT_PROSE = frozenset(
    [
        "id",
        "sources",
        "url",
        "mirror",
        "renamed_from",
        "terms",
        "see_also",
        "replaces",
        "incident",
        "listing",
        "measure",
        "topic",
        "category",
        "axis",
        "type",
        "status",
        "as_of",
        "date",
        "since",
        "until",
        "started",
        "ended",
        "public",
    ]
)


def _strings(node: Any) -> list[tuple[str, str]]:
    """(field, text) for every text of a record's tree, ids and source lists left out."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", node)]
    while stack:
        name, item = stack.pop()
        if isinstance(item, dict):
            stack.extend((k, v) for k, v in item.items() if k not in NOT_PROSE)
        elif isinstance(item, list):
            stack.extend((name, v) for v in item)
        elif isinstance(item, str):
            out.append((name, item))
    return out


def check_voice(ctx: Context, kind: str, record: dict, path: str, line: int) -> None:
    if kind in VOICE_EXEMPT:
        return
    strings = _strings(record)
    folded = "\n".join(text for _, text in strings).casefold()
    if not any(clue in folded for clue in VOICE_CLUES):
        return
    entry = record.get("id") or kind
    for name, text in strings:
        found = VOICE_RE.search(text)
        if found:
            message = f"'{name}' says {found.group()!r}: write about the subject, not the tool or its sources"
            ctx.add(path, line, entry, "W104", message)


def check_lengths(ctx: Context, kind: str, record: dict, path: str, line: int) -> None:
    for name, limit in S.WORD_LIMITS.get(kind, {}).items():
        words = len(str(record.get(name) or "").split())
        if words > limit:
            message = f"'{name}' has {words} words; keep it to {limit} so it reads at a glance"
            ctx.add(path, line, record.get("id") or kind, "W103", message)


def _has_phrase(text: str, phrase: str) -> bool:
    r"""`phrase` in `text` with no word character on either side: the regex
    `(?<!\w)phrase(?!\w)`, without compiling one for every question of a large pack."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not _is_word(before) and not _is_word(after):
            return True
        start = text.find(phrase, start + 1)
    return False


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches in a str pattern


def check_question_text(ctx: Context, q: dict, path: str, line: int) -> None:
    """Explanations that name choices by position, hints that hold a correct choice."""
    entry = q.get("id") or "?"
    explanation = q.get("explanation") or ""
    folded = explanation.casefold()
    found = any(c in folded for c in POSITION_CLUES) and POSITION_RE.search(explanation)
    if found:
        message = (
            f"the explanation says {found.group()!r}, but choices are shuffled: name the choice"
        )
        ctx.add(path, line, entry, "E217", message)
    hint, answer = (q.get("hint") or "").casefold(), q.get("answer")
    if q.get("type") in ("single", "multi") and hint and answer:
        answers = [answer] if isinstance(answer, str) else answer
        for a in answers:
            text = a.strip().casefold() if isinstance(a, str) else ""
            if text and _has_phrase(hint, text):
                ctx.add(path, line, entry, "E218", f"the hint gives away the answer {shorten(a)!r}")
