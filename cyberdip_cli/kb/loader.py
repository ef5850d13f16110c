"""The one loader: content directories in, a merged knowledge base (plain dicts) out.

The built-in directory comes first; content packs follow and may add entries, or replace
built-in ones only where their `pack.replaces` list says so.
"""

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema as S
from .registry import Registry, default_registry, walk
from .validate import (
    Context,
    Problem,
    check_drill,
    check_incident,
    check_lengths,
    check_question,
    check_question_text,
    check_record,
    check_term,
    check_voice,
    content_files,
    display_path,
    shorten,
)
from .yamlsafe import YamlFileError, load_file

REF_CODES = {"source": "E208"}


class KnowledgeBase:
    """Merged, validated content: each section as the schema shapes it, defaults filled.

    List sections (terms, sources, ...) are lists of records, mapping sections (toolbox,
    axes) one record each; `kb.terms` and `kb.section("terms")` are the same list.
    """

    def __init__(self, list_sections: list[str]):
        self.sections: dict[str, Any] = {name: [] for name in list_sections}
        self.sections.update({name: None for name in S.MAP_SECTIONS if name != "pack"})
        self.packs: list[dict] = []
        # Where each list entry came from: (kind, id) -> the label of its content directory
        # ("builtin", or the pack's name as a slug), for the Anki pack tags.
        self.origins: dict[tuple[str, str], str] = {}
        self.dir_labels: list[str] = []

    @classmethod
    def of(cls, registry: Registry, **sections: Any) -> "KnowledgeBase":
        """Content built in code (tests): the given sections, every other one empty."""
        kb = cls(list(registry.list_sections()))
        kb.sections.update(sections)
        return kb

    def section(self, name: str) -> Any:
        return self.sections.get(name)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["sections"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class LoadResult:
    kb: KnowledgeBase
    problems: list[Problem]
    files: list[Path]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.is_warning]


def load(directories: list[Path], registry: Registry | None = None) -> LoadResult:
    """Read and validate every directory; never raises for bad content."""
    registry = registry or default_registry()
    ctx = Context()
    list_sections = registry.list_sections()
    kb = KnowledgeBase(list(list_sections))
    merge = Merge(ctx, kb, registry, list_sections)
    files: list[Path] = []
    for index, directory in enumerate(directories):
        dir_files = content_files(directory)
        files += dir_files
        loaded = [_read(ctx, path, [*list_sections, *S.MAP_SECTIONS]) for path in dir_files]
        packs_before = len(kb.packs)
        merge.start_directory(index, _pack_replaces(ctx, kb, loaded))
        kb.dir_labels.append(_dir_label(directory, kb.packs[packs_before:]))
        for path, data in loaded:
            if data is None:
                continue
            for section, value in data.items():
                merge.add_section(path, section, value, data)
    _resolve_refs(ctx, kb, registry)
    _check_name_takeovers(ctx, kb, merge)
    return LoadResult(kb, ctx.problems, files)


def _dir_label(directory: Path, packs: list[dict]) -> str:
    """ "builtin" for the built-in content, else the pack's name (or the folder's) as a slug."""
    from ..paths import builtin_content_dir
    from .match import slug

    try:
        if directory.resolve() == builtin_content_dir().resolve():
            return "builtin"
    except OSError:
        pass
    name = next((p["name"] for p in packs if p.get("name")), None) or directory.name
    return slug(str(name), 40) or "pack"


def _read(ctx: Context, path: Path, sections: list[str]) -> tuple[str, dict | None]:
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
            f"top level must be a mapping of sections ({', '.join(sections)})",
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


class Merge:
    """Adds each file's sections to the knowledge base, directory by directory.

    Tracks where every id was first defined, so a second definition is a duplicate (same
    directory), a replacement (a later pack that says so in `pack.replaces`) or a clash.
    """

    def __init__(self, ctx: Context, kb: KnowledgeBase, registry: Registry, list_sections):
        self.ctx, self.kb, self.registry = ctx, kb, registry
        self.list_sections = list_sections
        self.seen: dict[str, dict[str, tuple[str, int, int]]] = {}  # kind -> id -> where
        self.owners: dict[str, int] = {}  # mapping section -> directory index that defined it
        self.index = 0
        self.replaces: set[str] = set()
        self.term_key_lines: dict[str, dict] = {}  # term id -> line of each of its keys

    def start_directory(self, index: int, replaces: set[str]) -> None:
        self.index, self.replaces = index, replaces

    def add_section(self, path: str, section: Any, value: Any, data: Any) -> None:
        ctx = self.ctx
        line = data.key_lines.get(section, 1) if hasattr(data, "key_lines") else 1
        if section == "pack":
            if not isinstance(value, dict):
                ctx.add(path, line, "pack", "E202", "'pack' must be a mapping")
            return
        if section in S.MAP_SECTIONS:
            self._add_mapping(path, section, value, line)
            return
        if section not in self.list_sections:
            known = [*self.list_sections, *S.MAP_SECTIONS]
            close = difflib.get_close_matches(str(section), known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            ctx.add(path, line, "", "E103", f"unknown section '{shorten(section)}'{hint}")
            return
        if not isinstance(value, list):
            ctx.add(path, line, "", "E202", f"section '{section}' must be a list of entries")
            return
        fields, kind = self.list_sections[section]
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
                if isinstance(record.get("id"), str):
                    self.term_key_lines[record["id"]] = getattr(item, "key_lines", {})
            elif kind == "question":
                check_question_text(ctx, record, path, item_line)
                check_question(ctx, record, path, item_line, getattr(item, "key_lines", {}))
            elif kind == "incident":
                check_incident(ctx, record, path, item_line)
            elif kind == "drill":
                check_drill(ctx, record, path, item_line)
            check_voice(ctx, kind, record, path, item_line)
            check_lengths(ctx, kind, record, path, item_line)
            if record.get("id"):
                self._add_entry(section, kind, record, path, item_line)

    def _add_entry(self, section: str, kind: str, record: dict, path: str, line: int) -> None:
        ids = self.seen.setdefault(kind, {})
        target = self.kb.section(section)
        entry_id = record["id"]
        previous = ids.get(entry_id)
        if previous is None:
            ids[entry_id] = (path, line, self.index)
            target.append(record)
            self._origin(kind, entry_id)
        elif previous[2] == self.index:
            message = f"duplicate id (first at {previous[0]}:{previous[1]})"
            self.ctx.add(path, line, entry_id, "E206", message)
        elif f"{section}:{entry_id}" in self.replaces:
            ids[entry_id] = (path, line, self.index)
            target[:] = [r for r in target if r.get("id") != entry_id] + [record]
            self._origin(kind, entry_id)
        else:
            self.ctx.add(
                path,
                line,
                entry_id,
                "E214",
                f"id already defined at {previous[0]}:{previous[1]}; "
                f"add '{section}:{entry_id}' to pack.replaces to replace it",
            )

    def _origin(self, kind: str, entry_id: str) -> None:
        labels = self.kb.dir_labels
        if self.index < len(labels):
            self.kb.origins[(kind, entry_id)] = labels[self.index]

    def _add_mapping(self, path: str, section: str, value: Any, line: int) -> None:
        ctx = self.ctx
        if not isinstance(value, dict):
            ctx.add(path, line, section, "E202", f"section '{section}' must be a mapping")
            return
        record = check_record(ctx, S.MAP_SECTIONS[section], value, path, section)
        if record is None:
            return
        owner = self.owners.get(section)
        if owner is not None and (owner == self.index or section not in self.replaces):
            ctx.add(
                path,
                line,
                section,
                "E214",
                f"section '{section}' is already defined; add '{section}' to pack.replaces "
                "to replace it",
            )
            return
        self.owners[section] = self.index
        self.kb.sections[section] = record
        self._check_nested_ids(section, value, path)

    def _check_nested_ids(self, section: str, raw: Any, path: str) -> None:
        """Ids inside a mapping section (toolbox measures, axes drivers...) must be unique.

        Works on the raw data, which still knows its lines, so the problem points at the
        file and line of the second use rather than at the section name.
        """
        for keys, kind in self.registry.nested_id_lists(section):
            items = _raw_list(raw, keys)
            lines = getattr(items, "item_lines", [])
            first: dict[str, int] = {}
            for i, item in enumerate(items):
                item_id = item.get("id") if isinstance(item, dict) else None
                if not isinstance(item_id, str):
                    continue  # a missing or malformed id is reported by the field check
                line = lines[i] if i < len(lines) else getattr(raw, "line", 0)
                if item_id in first:
                    message = f"duplicate {kind} id (first on line {first[item_id]})"
                    self.ctx.add(path, line, item_id, "E206", message)
                else:
                    first[item_id] = line


_ARTICLE = {"name": "the", "acronym": "the", "alias": "an"}


def _check_name_takeovers(ctx: Context, kb: KnowledgeBase, merge: Merge) -> None:
    """W102: a pack term whose name or acronym is already a name, acronym or alias of a term
    of the base content (the first directory: the built-in content, or with --no-builtin
    the first folder). `define` finds one entry per name, so the pack would silently take
    the lookup over (or lose it). Packs are not compared with each other: two packs made by
    `new-pack` share their example term's name, and that is not worth a warning each."""
    from .match import key

    where = merge.seen.get("term", {})
    base: dict[str, tuple[dict, str]] = {}  # lookup key -> (base term, what it is of it)
    for term in kb.terms:
        if where.get(term["id"], ("", 0, 0))[2] == 0:
            names = [("name", term.get("term")), ("acronym", term.get("acronym"))]
            names += [("alias", a) for a in term.get("aliases") or []]
            for what, text in names:
                if text and key(text):
                    base.setdefault(key(text), (term, what))
    for term in kb.terms:
        path, line, index = where.get(term["id"], ("", 0, 0))
        if index == 0:
            continue
        lines = merge.term_key_lines.get(term["id"], {})
        for what, field in (("name", "term"), ("acronym", "acronym")):
            text = term.get(field)
            other = base.get(key(text)) if text and key(text) else None
            if other is None:
                continue
            theirs, their_what = other
            at = where.get(theirs["id"], ("?", 0, 0))
            ctx.add(
                path,
                lines.get(field, line),
                term["id"],
                "W102",
                f"{what} '{shorten(text)}' is also {_ARTICLE[their_what]} {their_what} of term "
                f"'{theirs['id']}' ({at[0]}:{at[1]}); `cyberdip define {shorten(text)}` "
                "finds only one of them: rename it, or replace that term in pack.replaces",
            )


def _raw_list(data: Any, keys: tuple[str, ...]) -> list:
    for key in keys:
        if not isinstance(data, dict):
            return []
        data = data.get(key)
    return data if isinstance(data, list) else []


def known_ids(kb: KnowledgeBase, registry: Registry) -> dict[str, set[str]]:
    """Every kind's ids, for resolving references."""
    return {
        kind.name: {i["id"] for path in kind.paths for i in walk(kb, path) if i.get("id")}
        for kind in registry
        if kind.paths
    }


def _resolve_refs(ctx: Context, kb: KnowledgeBase, registry: Registry) -> None:
    known = known_ids(kb, registry)
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
