"""Property tests: the loader, the query commands and the answer parser never crash.

The suite runs a modest, derandomised number of examples; tests/fuzz_run.py runs the same
targets with 10,000 examples each and prints what came out.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberdip_cli.kb import schema as S
from cyberdip_cli.kb.loader import KnowledgeBase, LoadResult, load
from cyberdip_cli.kb.registry import default_registry
from cyberdip_cli.kb.validate import Problem
from cyberdip_cli.quiz.answers import Parsed, parse

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"
SUITE = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --------------------------------------------------------------------------- strategies


def _field_names() -> list[str]:
    names: set[str] = {*default_registry().list_sections(), *S.MAP_SECTIONS}
    pending = [S.TOOLBOX, S.AXES_SECTION, S.PACK] + [
        schema for schema, _ in default_registry().list_sections().values()
    ]
    while pending:
        schema = pending.pop()
        for name, f in schema.items():
            names.add(name)
            if f.schema:
                pending.append(f.schema)
    return sorted(names)


FIELD_NAMES = _field_names()
TRICKY = [
    "",
    " ",
    "~",
    "yes",
    "No",
    "2019-13-45",
    "2019-02-30",
    "2019-05",
    "s1",
    "alpha",
    "basics",
    "Not_Kebab",
    "primary",
    "unverified",
    "single",
    "true_false",
    "\x1b[31m",
    "\u202e",
    "[red]x",
    "a" * 200,
    "9" * 5000,
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(TRICKY)
)
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=12) | st.integers(-3, 3) | st.booleans()
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=30,
)
documents = (
    st.dictionaries(
        st.sampled_from(sorted({*default_registry().list_sections(), *S.MAP_SECTIONS})) | keys,
        values,
        max_size=4,
    )
    | values
)


def dumped(value) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(value, Dumper=dumper, allow_unicode=True, sort_keys=False).encode("utf-8")


# Raw text and bytes reach the YAML reader itself: syntax, encodings, tabs, aliases.
raw_files = (
    st.text(max_size=300).map(lambda t: t.encode("utf-8"))
    | st.binary(max_size=300)
    | st.lists(
        st.sampled_from(
            [
                "a: &x [1, 2]",
                "b: *x",
                "c: *y",
                "- item",
                "  - nested",
                "\tkey: v",
                "key: 'unclosed",
                "---",
                "? [complex]: key",
                "d: !!python/object:os.system {}",
                "e: !!int nope",
                "topics:",
                "  - id: a",
                "    title: A",
                "    title: B",
                "f: {g: [h, {i: j}]}",
            ]
        ),
        max_size=12,
    ).map(lambda lines: "\n".join(lines).encode("utf-8"))
)
file_contents = documents.map(dumped) | raw_files


VALID_DATA = {
    p.name: yaml.load(
        p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    for p in sorted(VALID.glob("*.yaml"))
}


@st.composite
def mutated_valid(draw) -> dict[str, bytes]:
    """The passing fixture with a few values replaced or removed: reaches the deep checks."""
    files = copy.deepcopy(VALID_DATA)
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files)))
        node = files[name]
        while True:
            if isinstance(node, dict) and node:
                key = draw(st.sampled_from(list(node)))
                child = node[key]
            elif isinstance(node, list) and node:
                key = draw(st.integers(0, len(node) - 1))
                child = node[key]
            else:
                break
            if not isinstance(child, (dict, list)) or draw(st.integers(0, 3)) == 0:
                if draw(st.booleans()) and isinstance(node, dict):
                    del node[key]
                else:
                    node[key] = draw(values)
                break
            node = child
    return {name: dumped(data) for name, data in files.items()}


# --------------------------------------------------------------------------- targets


def check_loader(files: dict[str, bytes], directory: Path) -> LoadResult:
    """Write the files and load them: a result with problems, never an exception."""
    for old in directory.glob("*.yaml"):
        old.unlink()
    for name, data in files.items():
        (directory / name).write_bytes(data)
    result = load([directory])
    assert isinstance(result, LoadResult) and isinstance(result.kb, KnowledgeBase)
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.code in S.CODES
        assert isinstance(problem.line, int) and problem.line >= 0
        assert "\n" not in problem.format()
    return result


def check_query(cli, command: str, query: str) -> int:
    status, _out, err = cli(command, query)
    assert status in (0, 1, 2), (status, err)
    assert "Traceback" not in err
    return status


def check_parse(text: str, qtype: str, count: int) -> Parsed:
    parsed = parse(text, qtype, count)
    assert isinstance(parsed, Parsed)
    if parsed.command is None and parsed.error is None:
        assert len(set(parsed.picks)) == len(parsed.picks)
        assert all(0 <= p < max(count, 2) for p in parsed.picks)
    return parsed


# --------------------------------------------------------------------------- suite


@SUITE
@given(st.lists(file_contents, min_size=1, max_size=2))
def test_loader_never_raises_on_any_yaml(contents):
    with tempfile.TemporaryDirectory() as tmp:
        check_loader({f"f{i}.yaml": data for i, data in enumerate(contents)}, Path(tmp))


@SUITE
@given(mutated_valid())
def test_loader_never_raises_on_mutated_valid_content(files):
    with tempfile.TemporaryDirectory() as tmp:
        check_loader(files, Path(tmp))


@SUITE
@given(st.text(max_size=60))
def test_define_and_search_never_crash(cli, query):
    check_query(cli, "define", query)
    check_query(cli, "search", query)


answer_texts = st.text(max_size=40) | st.from_regex(r"[a-z0-9 ,;/?²]{0,12}", fullmatch=True)
qtypes = st.sampled_from([*S.QUESTION_TYPES, "", "unknown"]) | st.text(max_size=8)


@settings(SUITE, max_examples=1000)
@given(answer_texts, qtypes, st.integers())
def test_answer_parse_never_raises(text, qtype, count):
    check_parse(text, qtype, count)


def test_parse_known_cases():
    assert parse("b", "single", 4).picks == (1,)
    assert parse("a,c", "multi", 4).picks == (0, 2)
    assert parse("c a b", "order", 3).picks == (2, 0, 1)
    assert parse("yes", "true_false", 2).picks == (0,)
    assert parse("?", "single", 4).command == "hint"
    assert parse("²", "single", 4).error  # a superscript digit is not an answer (was ValueError)
    assert parse("a", "single", 27).picks == (0,)  # more choices than letters (was IndexError)
    assert parse("a", "single", 0).error
