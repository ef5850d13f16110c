"""Run the fuzz targets of tests/test_fuzz.py with 10,000 examples each and print counts.

Not collected by pytest (the name does not start with test_). Usage:

    .venv/bin/python tests/fuzz_run.py                 # every target, 10,000 examples each
    .venv/bin/python tests/fuzz_run.py --examples 500 --only parse

Exits 1 and prints the failing example if any target raises; docs/RELIABILITY.md quotes
the numbers of the last full run.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# The same isolation as tests/conftest.py, set before anything reads the environment.
os.environ.update(
    CYBERDIP_HOME=tempfile.mkdtemp(prefix="cyberdip-fuzz-"),
    NO_COLOR="1",
    COLUMNS="100",
    LINES="50",
    TERM="dumb",
)
for name in ("CYBERDIP_CONTENT", "FORCE_COLOR"):
    os.environ.pop(name, None)

import test_fuzz as F  # noqa: E402
from conftest import run_cli  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SEED = 20250517


def runner(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def loader_target(strategy, counts: collections.Counter, examples: int):
    workdir = Path(tempfile.mkdtemp(prefix="cyberdip-fuzz-load-"))

    @seed(SEED)
    @runner(examples)
    @given(strategy)
    def run(files):
        result = F.check_loader(files, workdir)
        counts["examples"] += 1
        counts["with problems" if result.problems else "valid"] += 1
        for code in {p.code for p in result.problems}:
            counts[code] += 1

    return run


def query_target(command: str, counts: collections.Counter, examples: int):
    @seed(SEED)
    @runner(examples)
    @given(st.text(max_size=60))
    def run(query):
        status = F.check_query(run_cli, command, query)
        counts["examples"] += 1
        counts[f"exit {status}"] += 1

    return run


def parse_target(counts: collections.Counter, examples: int):
    @seed(SEED)
    @runner(examples)
    @given(F.answer_texts, F.qtypes, st.integers())
    def run(text, qtype, count):
        parsed = F.check_parse(text, qtype, count)
        counts["examples"] += 1
        kind = "command" if parsed.command else "re-prompt" if parsed.error else "answer"
        counts[kind] += 1

    return run


TARGETS = {
    "loader-any-yaml": lambda c, n: loader_target(
        st.lists(F.file_contents, min_size=1, max_size=2).map(
            lambda contents: {f"f{i}.yaml": data for i, data in enumerate(contents)}
        ),
        c,
        n,
    ),
    "loader-mutated-valid": lambda c, n: loader_target(F.mutated_valid(), c, n),
    "define": lambda c, n: query_target("define", c, n),
    "search": lambda c, n: query_target("search", c, n),
    "parse": parse_target,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--only", choices=sorted(TARGETS), action="append")
    args = parser.parse_args()
    failed = False
    print(f"fuzz run: {args.examples:,} examples per target, seed {SEED}")
    for name in args.only or TARGETS:
        counts: collections.Counter = collections.Counter()
        started = time.monotonic()
        try:
            TARGETS[name](counts, args.examples)()
            verdict = "0 failures"
        except Exception:
            traceback.print_exc()
            verdict = "FAILED"
            failed = True
        seconds = time.monotonic() - started
        examples = counts.pop("examples", 0)
        detail = ", ".join(f"{k}: {v:,}" for k, v in sorted(counts.items()))
        print(
            f"{name:22} {examples:>7,} examples  {verdict:10} {seconds:6.1f}s  {detail}", flush=True
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
