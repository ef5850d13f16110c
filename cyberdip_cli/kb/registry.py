"""The one registry of entry kinds: where each kind lives in the content, how it is named,
searched, cited, opened and exported.

The loader, the validator, the cache compiler, search, `sources ID`, completion and the
exports all loop over a `Registry` value passed to them; adding a kind is one `Kind` here
plus its schema (kb/schema.py) and its view. Nothing reads a module global: a test can build
a registry with a fake kind and hand it to the same functions.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

# A path into the merged content: a section name, then keys; "*" steps into every list item.
Path = tuple[str, ...]

# Search tiers: main entries first, then the parts of entries, then questions and sources.
TIER_ENTRY, TIER_PART, TIER_REFERENCE = 0, 1, 2


def _name_or_id(item: dict) -> str:
    return str(item.get("name") or item.get("id"))


def _no_aliases(item: dict) -> list[str]:
    return []


class Kind:
    """One kind of entry. A plain class rather than a dataclass: every run builds the
    registry, and generating a 22-field dataclass costs more than the lookup it serves.

    `schema` may be given as the name of a record schema in kb/schema.py ("TERM"): it is
    looked up on first use, so a warm run, which validates nothing, never imports schema.py.
    """

    __slots__ = (
        "_schema",
        "aliases",
        "body",
        "cite_skip",
        "cites",
        "collect",
        "complete",
        "exports",
        "fingerprint",
        "json_key",
        "label",
        "name",
        "named",
        "open",
        "paths",
        "searchable",
        "section",
        "sort",
        "tier",
        "title",
    )

    def __init__(
        self,
        name: str,  # "term": the kind as stored in the cache and shown in --json
        label: str,  # "term": what a learner reads ("no term matches ...")
        paths: tuple[Path, ...],  # where its items live
        schema: "dict | str | None" = None,
        *,
        section: str = "",  # the top-level YAML list section this kind owns, if any
        title: Callable[[dict], str] = _name_or_id,
        aliases: Callable[[dict], list[str]] = _no_aliases,
        body: tuple[str, ...] = (),  # fields joined into the full-text body
        open: str = "cyberdip search {id}",  # the command that shows one item
        named: bool = False,  # in the names index (define, toolbox, incident... find it by name)
        searchable: bool = True,
        tier: int = TIER_ENTRY,
        cites: bool = True,  # listed by `sources ID` when its tree cites the source
        cite_skip: tuple[str, ...] = (),  # keys holding other kinds, cited on their own
        exports: frozenset[str] = frozenset(),  # "json", "csv", "anki"
        json_key: str = "",  # its list in the JSON export
        complete: bool = False,  # shell completion offers its ids
        sort: Callable[[dict], Any] | None = None,  # cache order, when not the content's
        collect: Callable[[Any], list[dict]] | None = None,  # items, when not found by paths
        # Fields whose change means a learner should look again: their checksum is stored
        # with every answer (quiz cards and drills), so `cyberdip changes` can tell what
        # changed.
        fingerprint: tuple[str, ...] = (),
    ):
        self.name, self.label, self.paths, self._schema = name, label, paths, schema
        self.section, self.title, self.aliases, self.body = section, title, aliases, body
        self.open, self.named, self.searchable, self.tier = open, named, searchable, tier
        self.cites, self.cite_skip, self.exports = cites, cite_skip, exports
        self.json_key, self.complete, self.sort = json_key, complete, sort
        self.collect, self.fingerprint = collect, fingerprint

    @property
    def schema(self) -> dict:
        """Field name -> schema.Field of the kind's records ({} for kinds without one)."""
        if isinstance(self._schema, str):
            from . import schema as S

            self._schema = getattr(S, self._schema)
        return self._schema if self._schema is not None else {}

    def __repr__(self) -> str:
        return f"Kind({self.name!r})"


class Registry:
    def __init__(self, kinds: list[Kind]):
        self.kinds = list(kinds)
        self._by_name = {k.name: k for k in self.kinds}

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.kinds)

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Kind:
        return self._by_name[name]

    def items(self, kind: Kind, kb: Any) -> list[dict]:
        """Every item of a kind in merged content, in cache order."""
        return list(self.iter_items(kind, kb))

    def iter_items(self, kind: Kind, kb: Any) -> Iterable[dict]:
        """The same items, streamed where the content allows (the compiler walks a large
        pack's terms and questions once without a list of them all)."""
        if kind.collect is not None:
            items = kind.collect(kb)
        else:
            items = (item for path in kind.paths for item in iter_walk(kb, path))
        return sorted(items, key=kind.sort) if kind.sort else items

    def list_sections(self) -> dict[str, tuple[dict, str]]:
        """Top-level list sections: section -> (schema, kind name), for the loader."""
        return {k.section: (k.schema, k.name) for k in self.kinds if k.section}

    def nested_id_lists(self, section: str) -> list[tuple[Path, str]]:
        """Lists of items with ids inside a mapping section, for the duplicate-id check."""
        return [
            (path[1:], k.name)
            for k in self.kinds
            for path in k.paths
            if len(path) > 1 and path[0] == section and path[-1] != "*"
        ]

    def open_command(self, kind: str, entry_id: str, title: str = "") -> str:
        template = self._by_name[kind].open if kind in self._by_name else "cyberdip search {id}"
        year = title[:4] if title[:4].isdigit() else ""
        return template.format(id=entry_id, year=year)

    def label(self, kind: str) -> str:
        return self._by_name[kind].label if kind in self._by_name else kind


def walk(kb: Any, path: Path) -> list[dict]:
    """The mappings found at `path` in the merged content (a missing step gives none)."""
    return list(iter_walk(kb, path))


def iter_walk(kb: Any, path: Path) -> Iterator[dict]:
    """`walk`, one mapping at a time."""
    nodes: list[Any] = [kb.section(path[0])]
    for step in path[1:]:
        nxt: list[Any] = []
        for node in nodes:
            if step == "*":
                nxt.extend(node if _is_list(node) else [])
            elif isinstance(node, dict) and node.get(step) is not None:
                nxt.append(node[step])
        nodes = nxt
    for node in nodes:
        if _is_list(node):
            yield from (n for n in node if isinstance(n, dict))
        elif isinstance(node, dict):
            yield node


def _is_list(node: Any) -> bool:
    """A list section: a list, or the loader's compact RecordList (kb/spool.py)."""
    return isinstance(node, list) or getattr(node, "is_record_list", False)


def join_fields(item: dict, fields: tuple[str, ...]) -> str:
    """The full-text body: text fields, lists of text, and the `text` of listed points."""
    parts: list[str] = []
    for name in fields:
        value = item.get(name)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            for v in value:
                if isinstance(v, str):
                    parts.append(v)
                elif isinstance(v, dict) and isinstance(v.get("text"), str):
                    parts.append(v["text"])
    return " ".join(p for p in parts if p)


def _term_aliases(t: dict) -> list[str]:
    return [t.get("acronym") or "", *t.get("aliases", [])]


def _questions(kb: Any) -> Iterator[dict]:
    from ..quiz.bank import compiled

    return compiled(kb.questions, kb.terms)


def _sections(kb: Any) -> list[dict]:
    return [{"id": n, **kb.section(n)} for n in ("toolbox", "axes", "labels") if kb.section(n)]


def default_registry() -> Registry:
    """The kinds of the built-in schema, in the order search and exports list them."""
    return Registry(
        [
            Kind(
                "topic",
                "topic",
                (("topics",),),
                "TOPIC",
                section="topics",
                title=lambda t: t["title"],
                named=True,
                searchable=False,
                cites=False,
                exports=frozenset({"json"}),
                json_key="topics",
                complete=True,
                open="cyberdip define --topic {id}",
            ),
            Kind(
                "source",
                "source",
                (("sources",),),
                "SOURCE",
                section="sources",
                title=lambda s: s["title"],
                aliases=lambda s: [s.get("identifier") or ""],
                body=("issuer", "identifier", "note"),
                open="cyberdip sources {id}",
                named=True,
                tier=TIER_REFERENCE,
                cites=False,
                exports=frozenset({"json"}),
                json_key="sources",
                complete=True,
            ),
            Kind(
                "term",
                "term",
                (("terms",),),
                "TERM",
                section="terms",
                title=lambda t: t["term"],
                aliases=_term_aliases,
                # The summary first: a name match shows the body's start as its snippet.
                body=("summary", "definition", "eu_context", "acronym", "aliases"),
                open="cyberdip define {id}",
                named=True,
                exports=frozenset({"json", "csv", "anki"}),
                json_key="terms",
                complete=True,
            ),
            Kind(
                "framework",
                "toolbox framework",
                (("toolbox", "framework"),),
                title=lambda f: f["name"],
                body=("summary", "description"),
                open="cyberdip toolbox",
                searchable=False,
                cite_skip=("documents", "principles"),
            ),
            Kind(
                "document",
                "founding document",
                (("toolbox", "framework", "documents"),),
                body=("identifier", "text"),
                open="cyberdip toolbox",
                tier=TIER_PART,
            ),
            Kind(
                "principle",
                "principle",
                (("toolbox", "framework", "principles"),),
                body=("text",),
                open="cyberdip toolbox",
                tier=TIER_PART,
            ),
            Kind(
                "category",
                "toolbox category",
                (("toolbox", "categories"),),
                body=("summary", "description"),
                open="cyberdip toolbox {id}",
                named=True,
                complete=True,
            ),
            Kind(
                "measure",
                "toolbox measure",
                (("toolbox", "measures"),),
                body=("purpose", "description", "when_used", "uses"),
                open="cyberdip toolbox {id}",
                named=True,
                complete=True,
            ),
            Kind(
                "rung",
                "ladder rung",
                (("toolbox", "ladder"),),
                body=("text",),
                open="cyberdip toolbox --ladder",
                tier=TIER_PART,
            ),
            Kind(
                "sanctions",
                "sanctions regime",
                (("toolbox", "sanctions"), ("toolbox", "related_regimes")),
                body=("summary", "description"),
                open="cyberdip toolbox {id}",
                named=True,
                aliases=lambda r: r.get("aliases", []),
                cite_skip=("listings", "acts", "renewals"),
                complete=True,
            ),
            Kind(
                "act",
                "legal act",
                (
                    ("toolbox", "sanctions", "acts"),
                    ("toolbox", "related_regimes", "*", "acts"),
                ),
                body=("identifier", "text"),
                open="cyberdip toolbox sanctions",
                tier=TIER_PART,
            ),
            Kind(
                "renewal",
                "renewal",
                (
                    ("toolbox", "sanctions", "renewals"),
                    ("toolbox", "related_regimes", "*", "renewals"),
                ),
                title=lambda r: f"Renewal of {r['date']}",
                body=("text",),
                open="cyberdip toolbox sanctions",
                tier=TIER_PART,
                searchable=False,
                cites=False,
            ),
            Kind(
                "listing",
                "listing",
                (
                    ("toolbox", "sanctions", "listings"),
                    ("toolbox", "related_regimes", "*", "listings"),
                ),
                title=lambda li: f"Listing of {li['date']}",
                body=("names", "text"),
                open="cyberdip toolbox sanctions",
            ),
            Kind(
                "axis",
                "axis",
                (("axes", "axes"),),
                body=("focus", "goals", "instruments", "features"),
                open="cyberdip axes {id}",
                named=True,
                complete=True,
            ),
            Kind(
                "driver",
                "driver",
                (("axes", "drivers"),),
                body=("text",),
                open="cyberdip axes",
            ),
            Kind(
                "priority",
                "priority",
                (("axes", "priorities"),),
                body=("text",),
                open="cyberdip axes",
            ),
            Kind(
                "incident",
                "incident",
                (("incidents",),),
                "INCIDENT",
                section="incidents",
                aliases=lambda i: i.get("aliases", []),
                body=("summary", "account", "aliases"),
                open="cyberdip incident {id}",
                named=True,
                exports=frozenset({"json", "csv"}),
                json_key="incidents",
                complete=True,
            ),
            Kind(
                "event",
                "event",
                (("timeline",),),
                "EVENT",
                section="timeline",
                title=lambda e: f"{e['date']} {e['title']}",
                body=("text",),
                open="cyberdip timeline --from {year} --to {year}",
                exports=frozenset({"json"}),
                json_key="timeline",
                sort=lambda e: e["date"],
            ),
            Kind(
                "drill",
                "drill",
                (("drills",),),
                "DRILL",
                section="drills",
                title=lambda d: d["title"],
                body=("briefing",),
                open="cyberdip drill {id}",
                named=True,
                exports=frozenset({"json"}),
                json_key="drills",
                complete=True,
                tier=TIER_PART,
                fingerprint=("as_of", "briefing", "steps"),
            ),
            Kind(
                "discrepancy",
                "discrepancy",
                (("discrepancies",),),
                "DISCREPANCY",
                section="discrepancies",
                title=lambda d: "The EIPA blog post says: " + d["blog_says"][:70],
                body=("blog_says", "correction"),
                exports=frozenset({"json"}),
                json_key="discrepancies",
                tier=TIER_PART,
            ),
            Kind(
                "question",
                "question",
                (("questions",),),
                "QUESTION",
                section="questions",
                title=lambda q: q["prompt"],
                body=("explanation", "choices"),
                open="cyberdip quiz --question {id}",
                tier=TIER_REFERENCE,
                exports=frozenset({"json", "anki"}),
                json_key="questions",
                collect=_questions,
                fingerprint=("type", "prompt", "choices", "answer", "explanation"),
            ),
            Kind(
                "section",
                "section",
                (),
                searchable=False,
                cites=False,
                collect=_sections,
            ),
        ]
    )
