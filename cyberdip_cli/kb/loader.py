"""The one loader: content directories in, a merged knowledge base (plain dicts) out.

The built-in directory comes first; content packs follow and may add entries, or replace
built-in ones only where their `pack.replaces` list says so.

Files are read one at a time and merged at once, so only one file's YAML tree is held;
list sections keep their records compact (kb/spool.py). A file's `pack:` section can come
after other files of its directory, so what depends on it (which entries it may replace,
the pack's name for their origin) is settled when the whole directory has been read.
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
        from .spool import RecordList

        self.sections: dict[str, Any] = {name: RecordList() for name in list_sections}
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


def load(
    directories: list[Path], registry: Registry | None = None, keep_records: bool = True
) -> LoadResult:
    """Read and validate every directory; never raises for bad content.

    `keep_records=False` (for `check`, which needs only the problems and the counts) keeps of
    each list entry only what the merge reads: its id, and a term's names. A large pack's
    records then never cross from the worker processes or reach the spool."""
    import gc

    registry = registry or default_registry()
    ctx = Context()
    list_sections = registry.list_sections()
    kb = KnowledgeBase(list(list_sections))
    merge = Merge(ctx, kb, registry, list_sections)
    listed = [(directory, content_files(directory)) for directory in directories]
    files: list[Path] = [path for _, dir_files in listed for path in dir_files]
    refs = _Refs()
    # The collector would walk the growing knowledge base again and again while nothing it
    # holds can be garbage (trees of dicts and lists): pause it while reading.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with _Preparer(files, registry, keep_records) as prepared, _reading_bar(files) as step:
            results = iter(prepared)
            for index, (directory, dir_files) in enumerate(listed):
                packs_before = len(kb.packs)
                merge.start_directory(index)
                for path in dir_files:
                    shown, problems, file_refs, items = next(results)
                    merge.apply(shown, problems, items)
                    refs.absorb(file_refs, merge)
                    step(_size(path))
                kb.dir_labels.append(_dir_label(directory, kb.packs[packs_before:]))
                merge.end_directory()
    finally:
        if collecting:
            gc.enable()
    _resolve_refs(ctx, kb, registry, merge, refs.waiting)
    _check_name_takeovers(ctx, kb, merge)
    return LoadResult(kb, ctx.problems, files)


# -- reading and checking one file (in a worker process for large content) ---------------

# Content this large is read by worker processes, one file each, while this process merges
# the results in order: YAML parsing is most of a large pack's load time, and it is the
# same work for every file.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
MAX_WORKERS = 4
_WORKER: tuple | None = None  # (registry, list_sections, sections), set before forking


def prepare_file(path: Path, registry: Registry, list_sections: dict, sections: list) -> tuple:
    """Read one file and check each of its entries on its own: what can be known without
    the other files. Returns (shown path, problems, references, items) of plain values;
    items are ("pack", record), ("entry", section, kind, record, line, term lines) and
    ("mapping", section, record, line, nested-id problems), in file order, for
    Merge.apply."""
    ctx = Context()
    shown, data = _read(ctx, path, sections)
    items: list[tuple] = []
    if data is not None:
        pack = data.get("pack")
        if isinstance(pack, dict):  # otherwise reported when the section is checked
            record = check_record(ctx, S.PACK, pack, shown, "pack")
            if record:
                items.append(("pack", record))
        for section, value in data.items():
            _prepare_section(ctx, registry, list_sections, shown, section, value, data, items)
    problems = [(p.path, p.line, p.entry, p.code, p.message) for p in ctx.problems]
    refs = [(r.kind, r.target, r.path, r.line, r.entry) for r in ctx.refs]
    return shown, problems, refs, items


def _prepare_section(
    ctx: Context,
    registry: Registry,
    list_sections: dict,
    path: str,
    section: Any,
    value: Any,
    data: Any,
    items: list,
) -> None:
    line = data.key_lines.get(section, 1) if hasattr(data, "key_lines") else 1
    if section == "pack":
        if not isinstance(value, dict):
            ctx.add(path, line, "pack", "E202", "'pack' must be a mapping")
        return
    if section in S.MAP_SECTIONS:
        if not isinstance(value, dict):
            ctx.add(path, line, section, "E202", f"section '{section}' must be a mapping")
            return
        record = check_record(ctx, S.MAP_SECTIONS[section], value, path, section)
        if record is None:
            return
        # The nested-id problems need the raw tree (it knows its lines), which is not kept;
        # they count only if the section is merged.
        nested = Context()
        _check_nested_ids(nested, registry, section, value, path)
        found = [(p.path, p.line, p.entry, p.code, p.message) for p in nested.problems]
        items.append(("mapping", section, record, line, found))
        return
    if section not in list_sections:
        known = [*list_sections, *S.MAP_SECTIONS]
        close = difflib.get_close_matches(str(section), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        ctx.add(path, line, "", "E103", f"unknown section '{shorten(section)}'{hint}")
        return
    if not isinstance(value, list):
        ctx.add(path, line, "", "E202", f"section '{section}' must be a list of entries")
        return
    fields, kind = list_sections[section]
    for i, item in enumerate(value):
        item_line = value.item_lines[i] if hasattr(value, "item_lines") else line
        if not isinstance(item, dict):
            ctx.add(path, item_line, "", "E202", f"each entry of '{section}' must be a mapping")
            continue
        record = check_record(ctx, fields, item, path, "")
        if record is None:
            continue
        term_lines = None
        if kind == "term":
            check_term(ctx, record, path, item_line)
            lines = getattr(item, "key_lines", {})
            term_lines = (lines.get("term", item_line), lines.get("acronym", item_line))
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
            items.append(("entry", section, kind, record, item_line, term_lines))


def _check_nested_ids(ctx: Context, registry: Registry, section: str, raw: Any, path: str) -> None:
    """Ids inside a mapping section (toolbox measures, axes drivers...) must be unique.

    Works on the raw data, which still knows its lines, so the problem points at the file
    and line of the second use rather than at the section name.
    """
    for keys, kind in registry.nested_id_lists(section):
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
                ctx.add(path, line, item_id, "E206", message)
            else:
                first[item_id] = line


def _prepare_in_worker(path: Path) -> bytes:
    import gc

    from .compile import encode

    gc.disable()  # as in the parent: the trees hold no garbage
    registry, list_sections, sections, keep_records = _WORKER
    prepared = prepare_file(path, registry, list_sections, sections)
    return encode(prepared if keep_records else _slimmed(prepared))


# What Merge reads of a list entry; the rest of the record matters only to a compile.
_MERGED_FIELDS = {"term": ("id", "term", "acronym", "aliases")}


def _slimmed(prepared: tuple) -> tuple:
    shown, problems, refs, items = prepared
    slim = []
    for item in items:
        if item[0] == "entry":
            record = item[3]
            keys = _MERGED_FIELDS.get(item[2], ("id",))
            item = (*item[:3], {k: record[k] for k in keys if k in record}, *item[4:])
        slim.append(item)
    return shown, problems, refs, slim


class _Preparer:
    """The prepared files, in order: read here one at a time, or, for large content on a
    system that can fork, by a pool of worker processes while this process merges."""

    def __init__(self, files: list[Path], registry: Registry, keep_records: bool = True):
        self.files, self.registry, self.keep_records = files, registry, keep_records
        self.list_sections = registry.list_sections()
        self.sections = [*self.list_sections, *S.MAP_SECTIONS]
        self.pool = None

    def __enter__(self) -> "_Preparer":
        workers = _worker_count(self.files)
        if workers > 1:
            import multiprocessing

            global _WORKER
            _WORKER = (self.registry, self.list_sections, self.sections, self.keep_records)
            try:
                # Before any thread exists (the progress bar starts one): fork is safe then.
                self.pool = multiprocessing.get_context("fork").Pool(
                    workers, initializer=_leave_ctrl_c_to_the_parent
                )
            except OSError:
                self.pool = None  # cannot fork: read here
        return self

    def __iter__(self):
        if self.pool is None:
            for path in self.files:
                prepared = prepare_file(path, self.registry, self.list_sections, self.sections)
                yield prepared if self.keep_records else _slimmed(prepared)
            return
        import marshal

        for blob in self.pool.imap(_prepare_in_worker, self.files):
            yield marshal.loads(blob)

    def __exit__(self, *exc: object) -> None:
        global _WORKER
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        _WORKER = None


def _leave_ctrl_c_to_the_parent() -> None:
    """In a worker: Ctrl-C reaches the whole process group, and a worker interrupted would
    print its traceback; the parent stops the workers itself (Pool.terminate)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_count(files: list[Path]) -> int:
    from ..forked import usable_cpus

    if len(files) < 4:
        return 1
    cpus = usable_cpus()  # 1 off Linux: fork is Linux's safe default, elsewhere read here
    if cpus < 2 or sum(_size(p) for p in files) < PARALLEL_MIN_BYTES:
        return 1
    return min(cpus, MAX_WORKERS)


class _Refs:
    """The references read so far whose target is not known yet, in the order read.

    A reference to an entry already merged is settled at once (an id, once merged, stays):
    a large pack has hundreds of thousands of references, and keeping each as the
    validator's Ref object until the end cost more memory than the records themselves."""

    def __init__(self) -> None:
        self.waiting: list[tuple[str, str, str, int, str]] = []

    def absorb(self, refs: list, merge: "Merge") -> None:
        """`refs`: one file's (kind, target, path, line, entry) tuples."""
        seen = merge.seen
        for ref in refs:
            ids = seen.get(ref[0])
            if ids is None or ref[1] not in ids:
                self.waiting.append(ref)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _reading_bar(files: list[Path]):
    from ..progress_bar import MIN_BYTES, on_terminal, work_bar

    if not on_terminal():  # no bar: skip even the stat calls
        return work_bar("", 0)
    total = sum(_size(p) for p in files)
    return work_bar("Reading content", total, minimum=MIN_BYTES)


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


class Merge:
    """Adds each file's sections to the knowledge base, directory by directory.

    Tracks where every id was first defined, so a second definition is a duplicate (same
    directory), a replacement (a later pack that says so in `pack.replaces`) or a clash.
    Whether a pack may replace an entry is known only once all of its directory's `pack:`
    sections are read, so an entry whose id an earlier directory defined keeps its place
    (RecordList.reserve) and is settled in `end_directory`, in order, exactly as if the
    `pack:` section had been read first.
    """

    def __init__(self, ctx: Context, kb: KnowledgeBase, registry: Registry, list_sections):
        self.ctx, self.kb, self.registry = ctx, kb, registry
        self.list_sections = list_sections
        # kind -> id -> (path, line, directory index, position in its section)
        self.seen: dict[str, dict[str, tuple[str, int, int, int]]] = {}
        self.owners: dict[str, int] = {}  # mapping section -> directory index that defined it
        self.index = 0
        self.replaces: set[str] = set()
        # term id -> (name, acronym, aliases, line of `term:`, line of `acronym:`), for W102
        self.term_names: dict[str, tuple] = {}
        self.pending: list[tuple] = []  # entries and sections settled at the directory's end
        self.pending_ids: set[tuple[str, str]] = set()  # (kind, id) with a pending entry
        self.dir_origins: list[tuple[str, str]] = []  # (kind, id) added by this directory

    def start_directory(self, index: int) -> None:
        self.index, self.replaces = index, set()
        self.pending, self.pending_ids, self.dir_origins = [], set(), []

    def apply(self, path: str, problems: list, items: list) -> None:
        """Merge one prepared file (prepare_file): its own problems, then its entries and
        sections in file order."""
        for problem in problems:
            self.ctx.add(*problem)
        for item in items:
            if item[0] == "pack":
                self.kb.packs.append(item[1])
                self.replaces.update(item[1].get("replaces") or [])
            elif item[0] == "entry":
                _, section, kind, record, line, term_lines = item
                self._add_entry(section, kind, record, path, line, term_lines)
            else:
                _, section, record, line, nested = item
                self._add_mapping(path, section, record, line, nested)

    def end_directory(self) -> None:
        """Settle what waited for the directory's `pack:` sections, in the order read, then
        label the directory's entries with its pack."""
        for item in self.pending:
            if item[0] == "entry":
                self._settle_entry(*item[1:])
            else:
                self._settle_mapping(*item[1:])
        self.pending, self.pending_ids = [], set()
        labels = self.kb.dir_labels
        if self.index < len(labels):
            label = labels[self.index]
            for key in self.dir_origins:
                self.kb.origins[key] = label
        self.dir_origins = []

    def _add_entry(
        self, section: str, kind: str, record: dict, path: str, line: int, term_lines=None
    ) -> None:
        ids = self.seen.setdefault(kind, {})
        target = self.kb.section(section)
        entry_id = record["id"]
        previous = ids.get(entry_id)
        if previous is None:
            position = target.append(record)
            ids[entry_id] = (path, line, self.index, position)
            self._added(kind, entry_id, record, term_lines)
        elif previous[2] == self.index and (kind, entry_id) not in self.pending_ids:
            message = f"duplicate id (first at {previous[0]}:{previous[1]})"
            self.ctx.add(path, line, entry_id, "E206", message)
        else:
            # Defined by an earlier directory: a replacement if this directory's pack says
            # so, which is known at its end. Keep the place the entry would take.
            place = target.reserve()
            self.pending.append(("entry", section, kind, record, path, line, place, term_lines))
            self.pending_ids.add((kind, entry_id))

    def _settle_entry(
        self, section: str, kind: str, record: dict, path: str, line: int, place: int, term_lines
    ) -> None:
        ids = self.seen[kind]
        target = self.kb.section(section)
        entry_id = record["id"]
        previous = ids[entry_id]
        if previous[2] == self.index:
            message = f"duplicate id (first at {previous[0]}:{previous[1]})"
            self.ctx.add(path, line, entry_id, "E206", message)
            target.drop(place)
        elif f"{section}:{entry_id}" in self.replaces:
            target.drop(previous[3])
            target.put(place, record)
            ids[entry_id] = (path, line, self.index, place)
            self._added(kind, entry_id, record, term_lines)
        else:
            target.drop(place)
            self.ctx.add(
                path,
                line,
                entry_id,
                "E214",
                f"id already defined at {previous[0]}:{previous[1]}; "
                f"add '{section}:{entry_id}' to pack.replaces to replace it",
            )

    def _added(self, kind: str, entry_id: str, record: dict, term_lines=None) -> None:
        self.dir_origins.append((kind, entry_id))
        if kind == "term":
            aliases = tuple(record.get("aliases") or ())
            term_line, acronym_line = term_lines or (0, 0)
            self.term_names[entry_id] = (
                record.get("term"),
                record.get("acronym"),
                aliases,
                term_line,
                acronym_line,
            )

    def _add_mapping(self, path: str, section: str, record: dict, line: int, nested: list) -> None:
        owner = self.owners.get(section)
        if owner is not None and owner != self.index:
            # Defined by an earlier directory: a replacement if this directory's pack says so.
            self.pending.append(("mapping", path, section, record, line, nested))
            return
        self._settle_mapping(path, section, record, line, nested)

    def _settle_mapping(
        self, path: str, section: str, record: dict, line: int, nested: list
    ) -> None:
        owner = self.owners.get(section)
        if owner is not None and (owner == self.index or section not in self.replaces):
            self.ctx.add(
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
        for problem in nested:
            self.ctx.add(*problem)


_ARTICLE = {"name": "the", "acronym": "the", "alias": "an"}


def _check_name_takeovers(ctx: Context, kb: KnowledgeBase, merge: Merge) -> None:
    """W102: a pack term whose name or acronym is already a name, acronym or alias of a term
    of the base content (the first directory: the built-in content, or with --no-builtin
    the first folder). `define` finds one entry per name, so the pack would silently take
    the lookup over (or lose it). Packs are not compared with each other: two packs made by
    `new-pack` share their example term's name, and that is not worth a warning each.

    Works from the names the merge kept (Merge.term_names), not from the terms themselves,
    which a large pack keeps on disk."""
    from .match import key

    where = merge.seen.get("term", {})
    base: dict[str, tuple[str, str]] = {}  # lookup key -> (base term id, what it is of it)
    for term_id, (name, acronym, aliases, _l1, _l2) in merge.term_names.items():
        if where[term_id][2] == 0:
            names = [("name", name), ("acronym", acronym), *(("alias", a) for a in aliases)]
            for what, text in names:
                if text and key(text):
                    base.setdefault(key(text), (term_id, what))
    for term_id, (name, acronym, _aliases, name_line, acronym_line) in merge.term_names.items():
        path, _line, index, _place = where[term_id]
        if index == 0:
            continue
        for what, text, line in (("name", name, name_line), ("acronym", acronym, acronym_line)):
            other = base.get(key(text)) if text and key(text) else None
            if other is None:
                continue
            theirs, their_what = other
            at = where.get(theirs, ("?", 0, 0, 0))
            ctx.add(
                path,
                line,
                term_id,
                "W102",
                f"{what} '{shorten(text)}' is also {_ARTICLE[their_what]} {their_what} of term "
                f"'{theirs}' ({at[0]}:{at[1]}); `cyberdip define {shorten(text)}` "
                "finds only one of them: rename it, or replace that term in pack.replaces",
            )


def _raw_list(data: Any, keys: tuple[str, ...]) -> list:
    for key in keys:
        if not isinstance(data, dict):
            return []
        data = data.get(key)
    return data if isinstance(data, list) else []


def known_ids(
    kb: KnowledgeBase, registry: Registry, merge: Merge | None = None
) -> dict[str, set[str]]:
    """Every kind's ids, for resolving references. A list section's ids come from the merge
    when it is given (the same set, without reading the records back)."""
    out: dict[str, set[str]] = {}
    for kind in registry:
        if not kind.paths:
            continue
        if merge is not None and kind.section and kind.paths == ((kind.section,),):
            out[kind.name] = set(merge.seen.get(kind.name, {}))
        else:
            out[kind.name] = {i["id"] for path in kind.paths for i in walk(kb, path) if i.get("id")}
    return out


def _resolve_refs(
    ctx: Context, kb: KnowledgeBase, registry: Registry, merge: Merge, refs: list[tuple]
) -> None:
    """`refs`: (kind, target, path, line, entry) of every reference not settled yet."""
    known = known_ids(kb, registry, merge)
    ordered: dict[str, list[str]] = {}  # sorted once per kind, for the "did you mean" hints
    for kind, target, path, line, entry in refs:
        pool = known.get(kind, set())
        if target in pool:
            continue
        if kind not in ordered:
            ordered[kind] = sorted(pool)
        close = difflib.get_close_matches(target, ordered[kind], n=1, cutoff=0.7)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        code = REF_CODES.get(kind, "E207")
        ctx.add(path, line, entry, code, f"unknown {kind} '{shorten(target)}'{hint}")
