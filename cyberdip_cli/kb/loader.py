"""The one loader: content directories in, a merged knowledge base (plain dicts) out.

The built-in directory comes first; content packs follow and may add entries, or replace
built-in ones only where their `pack.replaces` list says so.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema as S
from .validate import (
    Context,
    Problem,
    check_question,
    check_record,
    check_term,
    content_files,
    display_path,
    shorten,
)
from .yamlsafe import YamlFileError, load_file

# Nested lists whose items carry ids that must be unique: (section, path in section, kind)
NESTED_ID_LISTS = {
    "toolbox": [
        (("framework", "documents"), "document"),
        (("framework", "principles"), "principle"),
        (("categories",), "category"),
        (("measures",), "measure"),
        (("ladder",), "rung"),
        (("sanctions", "acts"), "act"),
        (("sanctions", "listings"), "listing"),
    ],
    "axes": [(("axes",), "axis"), (("drivers",), "driver"), (("priorities",), "priority")],
}
REF_CODES = {"source": "E208"}


@dataclass
class KnowledgeBase:
    """Merged, validated content. Each list holds plain dicts in the documented schema."""

    topics: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)
    discrepancies: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    drills: list[dict] = field(default_factory=list)
    toolbox: dict | None = None
    axes: dict | None = None
    packs: list[dict] = field(default_factory=list)

    def section(self, name: str) -> list[dict]:
        return getattr(self, name)


@dataclass
class LoadResult:
    kb: KnowledgeBase
    problems: list[Problem]
    files: list[Path]


def load(directories: list[Path]) -> LoadResult:
    """Read and validate every directory; never raises for bad content."""
    ctx = Context()
    kb = KnowledgeBase()
    files: list[Path] = []
    # kind -> id -> (path, line, directory index)
    seen: dict[str, dict[str, tuple[str, int, int]]] = {}
    owners: dict[str, int] = {}  # mapping section -> directory index that defined it
    for index, directory in enumerate(directories):
        dir_files = content_files(directory)
        files += dir_files
        loaded = [_read(ctx, path) for path in dir_files]
        replaces = _pack_replaces(ctx, kb, loaded)
        for path, data in loaded:
            if data is None:
                continue
            for section, value in data.items():
                _add_section(ctx, kb, seen, owners, replaces, index, path, section, value, data)
    _resolve_refs(ctx, kb)
    return LoadResult(kb, ctx.problems, files)


def _read(ctx: Context, path: Path) -> tuple[str, dict | None]:
    shown = display_path(path)
    try:
        data = load_file(path)
    except YamlFileError as exc:
        p = exc.problem
        ctx.add(shown, p.line, "", p.code, p.message)
        return shown, None
    if data is None:
        ctx.add(shown, 1, "", "E103", "file is empty; it must hold at least one section")
        return shown, None
    if not isinstance(data, dict):
        ctx.add(
            shown,
            1,
            "",
            "E103",
            f"top level must be a mapping of sections ({', '.join(S.SECTIONS)})",
        )
        return shown, None
    return shown, data


def _pack_replaces(ctx: Context, kb: KnowledgeBase, loaded: list) -> set[str]:
    replaces: set[str] = set()
    for path, data in loaded:
        if data and "pack" in data:
            pack = data["pack"]
            if not isinstance(pack, dict):
                continue  # reported when the section itself is checked
            record = check_record(ctx, S.PACK, pack, path, "pack")
            if record:
                kb.packs.append(record)
                replaces.update(record.get("replaces") or [])
    return replaces


def _add_section(ctx, kb, seen, owners, replaces, index, path, section, value, data) -> None:
    line = data.key_lines.get(section, 1) if hasattr(data, "key_lines") else 1
    if section == "pack":
        if not isinstance(value, dict):
            ctx.add(path, line, "pack", "E202", "'pack' must be a mapping")
        return
    if section not in S.SECTIONS:
        close = difflib.get_close_matches(str(section), S.SECTIONS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        ctx.add(path, line, "", "E103", f"unknown section '{shorten(section)}'{hint}")
        return
    if section in S.MAP_SECTIONS:
        _add_mapping_section(ctx, kb, owners, replaces, index, path, section, value, line)
        return
    fields, kind = S.LIST_SECTIONS[section]
    if not isinstance(value, list):
        ctx.add(path, line, "", "E202", f"section '{section}' must be a list of entries")
        return
    ids = seen.setdefault(kind, {})
    target = kb.section(section)
    for i, item in enumerate(value):
        item_line = value.item_lines[i] if hasattr(value, "item_lines") else line
        if not isinstance(item, dict):
            ctx.add(path, item_line, "", "E202", f"each entry of '{section}' must be a mapping")
            continue
        record = check_record(ctx, fields, item, path, "")
        if record is None:
            continue
        if kind == "term":
            check_term(ctx, record, path, item_line)
        elif kind == "question":
            check_question(ctx, record, path, item_line)
        entry_id = record.get("id")
        if not entry_id:
            continue
        previous = ids.get(entry_id)
        if previous is None:
            ids[entry_id] = (path, item_line, index)
            target.append(record)
        elif previous[2] == index:
            ctx.add(
                path,
                item_line,
                entry_id,
                "E206",
                f"duplicate id (first at {previous[0]}:{previous[1]})",
            )
        elif f"{section}:{entry_id}" in replaces:
            ids[entry_id] = (path, item_line, index)
            target[:] = [r for r in target if r.get("id") != entry_id] + [record]
        else:
            ctx.add(
                path,
                item_line,
                entry_id,
                "E214",
                f"id already defined at {previous[0]}:{previous[1]}; "
                f"add '{section}:{entry_id}' to pack.replaces to replace it",
            )


def _add_mapping_section(ctx, kb, owners, replaces, index, path, section, value, line) -> None:
    if not isinstance(value, dict):
        ctx.add(path, line, section, "E202", f"section '{section}' must be a mapping")
        return
    record = check_record(ctx, S.MAP_SECTIONS[section], value, path, section)
    if record is None:
        return
    owner = owners.get(section)
    if owner is not None and (owner == index or section not in replaces):
        ctx.add(
            path,
            line,
            section,
            "E214",
            f"section '{section}' is already defined; add '{section}' to pack.replaces to replace it",
        )
        return
    owners[section] = index
    setattr(kb, section, record)
    _check_nested_ids(ctx, section, value, path)


def _walk(data: Any, keys: tuple[str, ...]) -> list:
    for key in keys:
        if not isinstance(data, dict):
            return []
        data = data.get(key)
    return data if isinstance(data, list) else []


def _check_nested_ids(ctx: Context, section: str, raw: Any, path: str) -> None:
    """Ids inside a mapping section (toolbox measures, axes drivers...) must be unique.

    Works on the raw data, which still knows its lines, so the problem points at the file
    and line of the second use rather than at the section name.
    """
    for keys, kind in NESTED_ID_LISTS.get(section, []):
        items = _walk(raw, keys)
        lines = getattr(items, "item_lines", [])
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str):
                continue  # a missing or malformed id is reported by the field check
            line = lines[i] if i < len(lines) else getattr(raw, "line", 0)
            if item_id in first:
                message = f"duplicate {kind} id (first on line {first[item_id]})"
                ctx.add(path, line, item_id, "E206", message)
            else:
                first[item_id] = line


def known_ids(kb: KnowledgeBase) -> dict[str, set[str]]:
    toolbox = kb.toolbox or {}
    return {
        "term": {t["id"] for t in kb.terms},
        "topic": {t["id"] for t in kb.topics},
        "source": {s["id"] for s in kb.sources},
        "measure": {m["id"] for m in _walk(toolbox, ("measures",)) if m.get("id")},
        "category": {c["id"] for c in _walk(toolbox, ("categories",)) if c.get("id")},
        "listing": {
            li["id"]
            for regime in [toolbox.get("sanctions") or {}, *(toolbox.get("related_regimes") or [])]
            for li in _walk(regime, ("listings",))
            if li.get("id")
        },
        "incident": {i["id"] for i in kb.incidents},
    }


def _resolve_refs(ctx: Context, kb: KnowledgeBase) -> None:
    known = known_ids(kb)
    for ref in ctx.refs:
        pool = known.get(ref.kind, set())
        if ref.target in pool:
            continue
        close = difflib.get_close_matches(ref.target, sorted(pool), n=1, cutoff=0.7)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        code = REF_CODES.get(ref.kind, "E207")
        ctx.add(
            ref.path, ref.line, ref.entry, code, f"unknown {ref.kind} '{shorten(ref.target)}'{hint}"
        )
