"""Guards for the measured performance work (docs/PERFORMANCE.md): what each change must keep
doing, never how fast. No test here asserts on timing.

- start-up: the modules a content command must not import, the stand-ins for the ones Typer
  imports but never uses, and that completion and shell-completion install still work
  through the stand-ins;
- scale: the loader's worker processes and its end-of-directory settling give what the
  plain reading gives; the compact record list, the quiz pool, the bounded search;
- exports: the Anki writer writes genanki's rows, the GUIDs are genanki's, the values
  saved with answers (fingerprints) do not change;
- the progress bar is drawn on a terminal only.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GEN = [sys.executable, str(REPO / "bench" / "gen_content.py")]

# -- start-up --------------------------------------------------------------------------

CONTENT_COMMANDS = [
    ["define", "gge"],
    ["toolbox"],
    ["axes"],
    ["search", "sanctions"],
    ["incident", "wannacry"],
    ["compare", "NIS", "NIS2"],
    ["drill"],
    ["quiz", "--count", "1", "--seed", "1"],
    ["--help"],
]
# Never on a warm content command (the cache is compiled): Typer 0.29's pydantic (+86 ms),
# rich.markdown in help (+75 ms), YAML (only to compile), rapidfuzz (only on a miss),
# genanki (only to export), OpenSSL's hashlib (a quiz digest uses CPython's own).
HEAVY = ["pydantic", "rich.markdown", "markdown_it", "rapidfuzz", "genanki", "yaml", "hashlib"]
# Only the quiz and drill read or write progress, which is JSON; the content cache is not.
NO_JSON = {"define", "toolbox", "axes", "search", "incident", "compare"}

PROBE = """
import io, sys, contextlib
from cyberdip_cli.__main__ import main
sys.stdin = io.StringIO("a\\n")
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
from cyberdip_cli.lazy_imports import DEFERRED, loaded
modules = sorted(sys.modules)  # before this probe imports json to report them
import json
print(json.dumps({"code": code, "loaded": [m for m in DEFERRED if loaded(m)], "modules": modules}))
"""


def _probe(args: list[str], env: dict) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def warm_env(tmp_path_factory):
    """A fresh interpreter's environment with the content cache already compiled."""
    home = tmp_path_factory.mktemp("warm-home")
    env = {**os.environ, "CYBERDIP_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CYBERDIP_CONTENT", None)
    _probe(["define", "gge"], env)  # compiles the cache (and imports YAML doing so)
    return env


@pytest.mark.parametrize("args", CONTENT_COMMANDS, ids=lambda a: " ".join(a))
def test_content_commands_stay_lean(warm_env, args):
    result = _probe(args, warm_env)
    assert result["code"] == 0
    # subprocess, shellingham, fnmatch, bz2, lzma, typing_extensions: stand-ins, never used.
    assert result["loaded"] == []
    modules = set(result["modules"])
    for heavy in HEAVY:
        assert heavy not in modules, heavy
    assert "cyberdip_cli.kb.schema" not in modules  # nothing is validated on a warm run
    if args[0] in NO_JSON:
        assert "json" not in modules


STAND_IN_PROBE = """
import sys
from cyberdip_cli.lazy_imports import install, loaded
install()
import subprocess
assert not loaded("subprocess") and "deferred" in repr(subprocess)
from subprocess import PIPE  # a from-import loads it, and gets the real value
assert loaded("subprocess") and sys.modules["subprocess"].PIPE == PIPE
assert subprocess.run([sys.executable, "-c", "print(6 * 7)"], stdout=PIPE).stdout.strip() == b"42"
subprocess.MARKER = 1  # setting forwards to the real module
assert sys.modules["subprocess"].MARKER == 1
import typing, typing_extensions
assert typing_extensions.Self is typing.Self and not loaded("typing_extensions")
import bz2
assert bz2.decompress(bz2.compress(b"x")) == b"x" and loaded("bz2")
print("ok")
"""


def test_stand_ins_load_the_real_module_on_first_use():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", STAND_IN_PROBE], capture_output=True, text=True, env=env
    )
    assert out.stdout.strip() == "ok", out.stderr


REAL_FIRST = "import subprocess, shellingham, fnmatch, bz2, lzma, typing_extensions\n"
RUN = "from cyberdip_cli.__main__ import run\nrun()\n"


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (
            [],
            {
                "_CYBERDIP_COMPLETE": "complete_bash",
                "COMP_WORDS": "cyberdip define cyber-dip",
                "COMP_CWORD": "2",
            },
        ),
        ([], {"_CYBERDIP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "cyberdip toolbox sa"}),
        (["--show-completion", "bash"], {}),
        (["--show-completion", "fish"], {}),
        (["--show-completion"], {"SHELL": "/bin/bash"}),
        (["--install-completion", "bash"], {}),
        (["--install-completion", "zsh"], {}),
    ],
    ids=[
        "complete-bash",
        "complete-zsh",
        "show-bash",
        "show-fish",
        "show-detected",
        "install-bash",
        "install-zsh",
    ],
)
def test_completion_works_the_same_through_the_stand_ins(tmp_path, args, extra):
    """Typer's completion runs subprocess and shellingham: with the stand-ins (the usual
    start) it must do exactly what it does with the real modules imported first."""
    outputs = []
    for n, prefix in enumerate(("", REAL_FIRST)):
        home = tmp_path / f"home{n}"
        home.mkdir()
        env = {**os.environ, "HOME": str(home), **extra}
        env["CYBERDIP_HOME"] = str(tmp_path / f"cd{n}")
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        proc = subprocess.run(
            [sys.executable, "-c", prefix + RUN, *args], capture_output=True, text=True, env=env
        )
        written = sorted(
            (str(p.relative_to(home)), p.read_text().replace(str(home), "~"))
            for p in home.rglob("*")
            if p.is_file()
        )
        outputs.append((proc.returncode, proc.stdout.replace(str(home), "~"), written))
    assert outputs[0] == outputs[1]
    code, out, _ = outputs[0]
    if "COMP_WORDS" in extra:
        assert code == 0 and "cyber-diplomacy" in out


# -- scale: loading ---------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def messy_pack(tmp_path):
    """A generated pack with a replacement whose `pack:` section comes last in its folder,
    a clash, a duplicate, a broken reference and a built-in acronym taken over."""
    pack = tmp_path / "pack"
    subprocess.run(
        [*GEN, str(pack), "--terms", "60", "--questions", "40"],
        check=True,
        capture_output=True,
    )
    head = (pack / "00-pack.yaml").read_text(encoding="utf-8")
    (pack / "00-pack.yaml").unlink()
    _write(pack / "zz-pack.yaml", head.replace("pack:\n", "pack:\n  replaces: [terms:gge]\n", 1))
    term = """  topic: forums
  axis: international
  summary: A replacement of a built-in term, read before the pack section that allows it.
  definition: {definition}
  sources: [syn-s1]
"""
    definition = " ".join(["word"] * 45)
    _write(
        pack / "aa-terms.yaml",
        "terms:\n"
        + "- id: gge\n  term: UN GGE (replaced)\n"
        + term.format(definition=definition)
        + "- id: norms\n  term: Norms again\n"
        + term.format(definition=definition)
        + "- id: syn-dup\n  term: Twice\n"
        + term.format(definition=definition)
        + "- id: syn-dup\n  term: Twice again\n"
        + term.format(definition=definition)
        + "- id: syn-ref\n  term: Broken\n  see_also: [no-such-term]\n"
        + term.format(definition=definition)
        + "- id: syn-takeover\n  term: Takeover\n  acronym: NIS2\n"
        + term.format(definition=definition),
    )
    return pack


def _load(dirs, parallel: bool, keep_records: bool = True):
    from cyberdip_cli.kb import loader

    old = loader.PARALLEL_MIN_BYTES
    loader.PARALLEL_MIN_BYTES = 0 if parallel else 1 << 62
    try:
        result = loader.load(dirs, keep_records=keep_records)
    finally:
        loader.PARALLEL_MIN_BYTES = old
    kb = result.kb
    return {
        "problems": sorted((p.path, p.line, p.code, p.entry, p.message) for p in result.problems),
        "sections": {
            name: list(value) if value is not None and not isinstance(value, dict) else value
            for name, value in kb.sections.items()
        },
        "origins": dict(kb.origins),
        "packs": kb.packs,
        "labels": kb.dir_labels,
    }


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes fork")
def test_worker_processes_load_what_one_process_loads(messy_pack):
    from cyberdip_cli.paths import builtin_content_dir

    dirs = [builtin_content_dir(), messy_pack]
    assert _load(dirs, parallel=True) == _load(dirs, parallel=False)


@pytest.mark.parametrize("parallel", [False, True])
def test_check_without_records_finds_the_same_problems_and_counts(messy_pack, parallel):
    """`check` keeps only ids and term names: the same problems, the same entries."""
    from cyberdip_cli.paths import builtin_content_dir

    dirs = [builtin_content_dir(), messy_pack]
    full, slim = _load(dirs, parallel=False), _load(dirs, parallel, keep_records=False)
    assert slim["problems"] == full["problems"]
    assert any(p[2] == "W102" for p in full["problems"])  # read from the kept term names
    for name, records in full["sections"].items():
        if isinstance(records, list):
            assert [r["id"] for r in slim["sections"][name]] == [r["id"] for r in records]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the writer is forked")
def test_the_writer_process_builds_the_cache_one_process_builds(messy_pack, tmp_path):
    import sqlite3

    from cyberdip_cli.kb import writer
    from cyberdip_cli.kb.cache import _load_valid
    from cyberdip_cli.kb.compile import compile_into
    from cyberdip_cli.kb.registry import default_registry
    from cyberdip_cli.paths import builtin_content_dir

    (messy_pack / "aa-terms.yaml").unlink()  # its clashes would stop the build
    registry = default_registry()
    kb = _load_valid([builtin_content_dir(), messy_pack], registry)
    alone, shared = tmp_path / "alone.sqlite", tmp_path / "writer.sqlite"
    conn = sqlite3.connect(alone)
    compile_into(conn, kb, registry, "sig")
    conn.close()
    writer.compile_file(str(shared), kb, registry, "sig", 1 << 30)
    tables = ["entries", "names", "words", "cites", "quiz", "renames", "meta", "tokens"]
    queries = [f"SELECT * FROM {t}" for t in tables]
    queries.append("SELECT rowid, kind, id, tier, title, body FROM docs")
    queries.append("SELECT rowid, rank FROM docs WHERE docs MATCH 'term*'")
    one, two = sqlite3.connect(alone), sqlite3.connect(shared)
    for query in queries:
        rows = sorted(one.execute(query).fetchall(), key=repr)
        assert rows == sorted(two.execute(query).fetchall(), key=repr), query
    assert two.execute("SELECT count(*) FROM entries").fetchone()[0] > 100


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the writer is forked")
def test_a_writer_that_cannot_write_reports_the_sqlite_error(tmp_path):
    import sqlite3

    from cyberdip_cli.kb import writer
    from cyberdip_cli.kb.cache import _is_full, _load_valid
    from cyberdip_cli.kb.registry import default_registry
    from cyberdip_cli.paths import builtin_content_dir

    registry = default_registry()
    kb = _load_valid([builtin_content_dir()], registry)
    with pytest.raises(sqlite3.OperationalError) as caught:
        writer.compile_file(str(tmp_path / "c.sqlite"), kb, registry, "sig", 64 * 1024)
    assert _is_full(caught.value)
    with pytest.raises(sqlite3.OperationalError):  # a folder: as sqlite3.connect says
        writer.compile_file(str(tmp_path), kb, registry, "sig", 1 << 30)
    with pytest.raises(OSError):  # anything else: the caller compiles in memory
        writer._raise_for(("error", "MemoryError", "", "the cache writer failed"))


def test_a_pack_section_read_last_still_governs_its_folder(messy_pack):
    from cyberdip_cli.paths import builtin_content_dir

    loaded = _load([builtin_content_dir(), messy_pack], parallel=False)
    codes = {(p[3], p[2]) for p in loaded["problems"]}
    assert ("gge", "E214") not in codes  # replaced: zz-pack.yaml says so
    assert ("norms", "E214") in codes  # not in pack.replaces
    assert ("syn-dup", "E206") in codes
    assert ("syn-ref", "E207") in codes
    terms = loaded["sections"]["terms"]
    gge = [t for t in terms if t["id"] == "gge"]
    assert len(gge) == 1 and gge[0]["term"] == "UN GGE (replaced)"
    # In the pack's content order: the replacement comes before the pack's other terms.
    pack_ids = [t["id"] for t in terms if loaded["origins"][("term", t["id"])] != "builtin"]
    assert pack_ids[0] == "gge"
    assert loaded["origins"][("term", "gge")] == loaded["labels"][1] != "builtin"


def test_record_list_keeps_order_through_spills_drops_and_reserved_places(monkeypatch):
    from cyberdip_cli.kb import spool

    monkeypatch.setattr(spool, "SPILL_BYTES", 2000)
    records = spool.RecordList()
    expected = []
    places = []
    for i in range(500):
        if i % 97 == 0:
            places.append((records.reserve(), i))
            expected.append(None)
        else:
            records.append({"id": f"r{i}", "n": i, "tags": ["a", "b"]})
            expected.append({"id": f"r{i}", "n": i, "tags": ["a", "b"]})
    assert records._file is not None  # spilled to its temporary file
    for place, i in places[::2]:
        records.put(place, {"id": f"late{i}"})
        expected[place] = {"id": f"late{i}"}
    for place, _ in places[1::2]:
        records.drop(place)
    records.drop(3)
    kept = [e for n, e in enumerate(expected) if n != 3 and n not in {p for p, _ in places[1::2]}]
    assert list(records) == kept and len(records) == len(kept)
    assert records[0] == kept[0] and records[-1] == kept[-1] and records[10:12] == kept[10:12]
    assert records == kept


# -- scale: the quiz pool and search ----------------------------------------------------


@pytest.fixture
def compiled(cli):
    from cyberdip_cli.runtime import Runtime

    cli("tour")  # compile the content
    return Runtime().store()


def test_quiz_pool_draws_within_its_filters_and_repeats_with_its_seed(compiled):
    pool = compiled.quiz_pool(["sanctions"], None, include_generated=False)
    ids = pool.ids()
    assert ids and bool(pool)
    first = pool.sample(5, random.Random(7))
    assert first == pool.sample(5, random.Random(7)) and len(set(first)) == 5
    assert set(first) <= set(ids)
    rest = pool.sample(len(ids) + 5, random.Random(1), exclude=set(first))
    assert sorted(rest) == sorted(set(ids) - set(first))
    assert pool.within(["nope", *reversed(ids[:3])]) == list(reversed(ids[:3]))
    assert not compiled.quiz_pool(["sanctions"], 3, include_generated=False, packs=["x"]).within(
        ["nope"]
    )


def test_quiz_pool_falls_back_to_the_ids_when_draws_keep_missing(compiled, monkeypatch):
    pool = compiled.quiz_pool()
    everything = pool.ids()
    exclude = set(everything[:-2])
    picked = pool.sample(5, random.Random(3), exclude=exclude)
    assert sorted(picked) == sorted(everything[-2:])


def test_search_ranks_a_bounded_number_of_matches_in_tier_order(compiled, monkeypatch):
    from cyberdip_cli.kb.search import search

    full = [(h["kind"], h["id"]) for h in search(compiled, "cyber", 30).hits]
    monkeypatch.setattr(type(compiled), "RANK_BOUND", 5)
    bounded = search(compiled, "cyber", 30).hits
    tiers = [compiled.registry.get(h["kind"]).tier for h in bounded]
    assert tiers == sorted(tiers)  # still main entries first
    assert len(bounded) == min(len(full), 30)
    vocabulary = compiled.vocabulary()
    assert vocabulary == sorted(vocabulary)
    for a, b in itertools.pairwise(vocabulary):
        # a word another token starts with stays a prefix query; the last of a run is whole
        assert compiled.whole_token(a) is (not b.startswith(a))
    assert compiled.whole_token("zzzz-not-a-token") is False


# -- exports and saved values -----------------------------------------------------------


@pytest.mark.parametrize("reverse", [False, True])
def test_anki_writer_writes_what_genanki_writes(compiled, reverse):
    import itertools
    import sqlite3

    import genanki

    from cyberdip_cli.export import anki

    decks = anki.build_decks(compiled, reverse=reverse)
    theirs = []
    for deck in decks:
        copy = genanki.Deck(deck.deck_id, deck.name)
        for note in deck.notes:
            copy.add_note(
                genanki.Note(
                    model=note.model, fields=list(note.fields), guid=note.guid, tags=list(note.tags)
                )
            )
        theirs.append(copy)
    mine, reference = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    anki._write_collection(mine.cursor(), decks, 1_700_000_000.5, itertools.count(10**12))
    genanki.Package(theirs).write_to_db(
        reference.cursor(), 1_700_000_000.5, itertools.count(10**12)
    )
    for table in ("col", "notes", "cards"):
        sql = f"SELECT * FROM {table} ORDER BY 1"
        assert mine.execute(sql).fetchall() == reference.execute(sql).fetchall(), table
    for kind, ids in (("term", compiled.ids("term")), ("question", compiled.ids("question"))):
        assert [anki.guid(kind, i) for i in ids] == [
            genanki.guid_for("cyberdip", kind, i) for i in ids
        ]


def _deck_notes(decks) -> list[tuple]:
    return [
        (d.deck_id, n.model.model_id, n.guid, list(n.fields), list(n.tags))
        for d in decks
        for n in d.notes
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the child is forked")
@pytest.mark.parametrize("child", ["works", "fails", "cannot start"])
def test_anki_cards_made_by_a_child_process_are_the_cards_made_alone(compiled, monkeypatch, child):
    """The child's share comes back in order; if it fails or cannot start, this process
    makes those cards itself: the same deck every time."""
    from cyberdip_cli import forked
    from cyberdip_cli.export import anki

    alone = _deck_notes(anki.build_decks(compiled))
    monkeypatch.setattr(anki, "PARALLEL_MIN_CARDS", 0)
    started = []
    real_start = forked.start

    def start(work):
        started.append(work)
        if child == "cannot start":
            return None
        return real_start(work if child == "works" else lambda: 1 / 0)

    monkeypatch.setattr(forked, "start", start)
    assert _deck_notes(anki.build_decks(compiled)) == alone
    assert len(started) == 1


def test_a_forked_child_sends_its_value_or_none():
    from cyberdip_cli import forked

    if not forked.can_fork():
        pytest.skip("no fork here")
    assert forked.start(lambda: [("a", [1, 2]), "é"]).result() == [("a", [1, 2]), "é"]
    assert forked.start(lambda: 1 / 0).result() is None
    assert forked.start(lambda: object()).result() is None  # not something marshal writes
    pending = forked.start(lambda: __import__("time").sleep(30))
    pending.cancel()  # killed and reaped at once, not waited for


def test_fingerprints_saved_with_answers_do_not_change():
    import zlib

    from cyberdip_cli.kb.compile import fingerprint

    item = {
        "type": "single",
        "prompt": "Où ? \u2014 x",
        "choices": ["b", "a"],
        "answer": "a",
        "explanation": None,
    }
    fields = ("type", "prompt", "choices", "answer", "explanation")
    blob = json.dumps([item.get(f) for f in fields], ensure_ascii=False, sort_keys=True)
    assert fingerprint(item, fields) == f"{zlib.crc32(blob.encode()):08x}" == "bc92eb94"


def test_records_behave_like_the_dataclasses_they_replace():
    from cyberdip_cli.records import factory, record

    @record(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: list = factory(list)

    p = Point(1, tags=["a"])
    assert (
        p == Point(1, 0, ["a"])
        and p != Point(2)
        and repr(p).endswith("Point(x=1, y=0, tags=['a'])")
    )
    assert Point(1).tags is not Point(1).tags
    with pytest.raises(AttributeError):
        p.x = 3
    with pytest.raises(TypeError):
        Point()
    with pytest.raises(TypeError):
        Point(1, z=2)
    assert hash(Point(1, 2, ())) == hash(Point(1, 2, ()))


def test_ascii_shortcuts_give_the_same_answers():
    from cyberdip_cli.kb import match
    from cyberdip_cli.textsafe import clean, escape_json

    samples = [
        "Cyber diplomacy",
        "CSIRTs network",
        "x\x07y",
        "tab\tnew\nline",
        "DEL\x7f",
        "Ré-sumé",
        "ﬁ ligature",
        "Straße",
        "",
        "  spaced  out  ",
    ]
    for text in samples:
        assert clean(text) == "".join("\ufffd" if _unsafe(c) else c for c in text)
        encoded = json.dumps(text, ensure_ascii=False)
        assert escape_json(encoded) == "".join(
            f"\\u{ord(c):04x}" if _unsafe(c) else c for c in encoded
        )
    assert match.fold("Résumé of CSIRTs") == "resume of csirts"
    assert match.name_forms("Rules of the road") == (
        "rulesoftheroad",
        "rulesoftheroad",
        ["rules", "of", "the", "road"],
    )


def _unsafe(char: str) -> bool:
    from cyberdip_cli.textsafe import is_unsafe

    return not char.isprintable() and is_unsafe(char)


# -- the progress bar -------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    from cyberdip_cli import progress_bar

    monkeypatch.setattr(progress_bar, "MIN_ITEMS", 10)
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with progress_bar.work_bar("Counting", 1000) as step:
        for _ in range(1000):
            step()
    assert piped.getvalue() == ""
    monkeypatch.setenv("TERM", "xterm")  # the tests' TERM=dumb cannot redraw a bar
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar.work_bar("Counting", 1000, minimum=10) as step:
        for _ in range(1000):
            step()
    assert "Counting" in terminal.getvalue()
    small = _Terminal()
    monkeypatch.setattr(sys, "stderr", small)
    with progress_bar.work_bar("Counting", 5, minimum=10) as step:
        step()
    assert small.getvalue() == ""
