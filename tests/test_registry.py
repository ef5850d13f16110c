"""The one registry of kinds: a kind added in a test (never in the shipped code) is loaded,
validated, compiled, searched, cited, exported and completed with no other change."""

import json
import sqlite3

from cyberdip_cli.kb import schema as S
from cyberdip_cli.kb.compile import compile_into
from cyberdip_cli.kb.loader import load
from cyberdip_cli.kb.registry import Kind, Registry, default_registry
from cyberdip_cli.kb.store import Store
from cyberdip_cli.kb.validate import CHECKERS

GADGET = {
    "id": S.Field("id", True),
    "name": S.Field("line", True),
    "blurb": S.Field("text", True),
    "sources": S.Field("sources", True),
}


def registry_with_gadgets() -> Registry:
    base = default_registry()
    gadget = Kind(
        "gadget",
        "gadget",
        (("gadgets",),),
        GADGET,
        section="gadgets",
        title=lambda g: g["name"],
        body=("blurb",),
        open="cyberdip gadget {id}",
        named=True,
        exports=frozenset({"json"}),
        json_key="gadgets",
        complete=True,
    )
    return Registry([*base.kinds, gadget])


def test_a_fake_kind_is_loaded_searched_cited_exported_and_completed(tmp_path):
    (tmp_path / "content.yaml").write_text(
        """
topics:
  - {id: basics, title: Basics}
sources:
  - {id: s1, title: A source, issuer: Tests, type: secondary}
gadgets:
  - id: flux-capacitor
    name: Flux capacitor
    blurb: The part that makes time travel possible, in a film.
    sources: [s1]
""",
        encoding="utf-8",
    )
    registry = registry_with_gadgets()
    result = load([tmp_path], registry)
    assert result.errors == []
    conn = sqlite3.connect(":memory:")
    compile_into(conn, result.kb, registry, "test")
    store = Store(conn, registry)
    # found by name, by search, in what cites the source, in completion and the JSON export
    assert store.lookup("flux capacitor", ("gadget",)) == ("gadget", "flux-capacitor")
    hits = store.search('"time"*', 10)
    assert [(h["kind"], h["id"]) for h in hits] == [("gadget", "flux-capacitor")]
    assert [(c["kind"], c["id"]) for c in store.cited_by("s1")] == [("gadget", "flux-capacitor")]
    assert store.ids("gadget") == ["flux-capacitor"]
    assert registry.open_command("gadget", "flux-capacitor") == "cyberdip gadget flux-capacitor"
    from cyberdip_cli.export.jsondump import build_export

    doc = build_export(store)
    assert doc["gadgets"] == [
        {
            "id": "flux-capacitor",
            "name": "Flux capacitor",
            "blurb": "The part that makes time travel possible, in a film.",
            "sources": ["s1"],
        }
    ]
    json.dumps(doc)


def test_a_fake_kind_is_validated_like_the_others(tmp_path):
    (tmp_path / "content.yaml").write_text(
        "gadgets:\n  - id: Not Kebab\n    name: x\n    blurb: y\n    sources: [nope]\n",
        encoding="utf-8",
    )
    result = load([tmp_path], registry_with_gadgets())
    assert {p.code for p in result.errors} == {"E205", "E208"}
    assert load([tmp_path]).errors[0].code == "E103"  # the shipped registry knows no gadgets


def test_every_field_kind_has_a_checker():
    kinds = set()
    stack = [S.TERM, S.TOOLBOX, S.AXES_SECTION, S.INCIDENT, S.DRILL, S.QUESTION, S.LABELS]
    while stack:
        for f in stack.pop().values():
            kinds.add(f.kind)
            if f.schema:
                stack.append(f.schema)
    assert kinds <= set(CHECKERS), kinds - set(CHECKERS)
    assert set(CHECKERS) >= {"id", "text", "line", "date", "int", "bool", "enum", "ref", "refs"}


def test_the_registry_is_a_value_not_a_global():
    a, b = default_registry(), default_registry()
    assert a is not b and [k.name for k in a] == [k.name for k in b]
    b.get("term").label = "x"  # a registry of one's own can be changed, and only it
    assert b.label("term") == "x" and a.label("term") == "term"
