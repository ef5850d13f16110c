"""Benchmark for cyberdip: every command in a fresh process against two floors, and scale.

    .venv/bin/python bench/run.py            # full: 31 rounds, 100,000-term scale pack
    .venv/bin/python bench/run.py --quick    # 5 rounds, 10,000-term scale pack
    .venv/bin/python bench/run.py --smoke    # each command once, tiny packs (CI)
    .venv/bin/python bench/run.py --json results.json

One loop, round-robin: a round runs every command once, each in a fresh process, the
starting point rotating each round, after a warm-up round. In the loop, in two modes:

- boxed: what a terminal shows (FORCE_COLOR=1, TERM=xterm-256color, colour and boxes);
- piped: stdout and stderr to a pipe, no colour;

the baselines `python -c pass`, bench/floor_app.py (argparse + rich printing one Panel) and
bench/typer_floor.py (the same Panel from a Typer app: one group, one command), and the
commands. Each command gets a paired ratio to each floor per round; the median over the
rounds is reported. With the scale pack (`--content DIR`, 100,000 terms and 100,000
questions by default), `define`, `search` and `quiz` run in the same loop (piped), paired
with their shipped-content run of the same round.

Then, each measured on its own: peak memory of every command (ru_maxrss of the command,
read in a tiny helper process that runs only it); the first run with the scale pack (the
cold build of its cache) and `cyberdip check` on it, timed with their peak memory; `export
--format anki` and `--format json` on a 10,000-term pack; and the first run after a change
of the shipped content.

Standard library only. Exits 1 if a command fails; with --strict also 2 if a target is
missed. Timings are never asserted by the tests: they only prove the harness runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# Targets (ratios are paired medians; see docs/PERFORMANCE.md)
CMD_VS_TYPER = 1.05  # every content command, against the Typer floor, in both modes
HELP_VS_TYPER = 0.95
SCALE_TIME = {"define": 1.05, "search": 1.10, "quiz": 1.10}  # warm, scale pack vs shipped
SCALE_QUIZ_MEMORY = 1.3
COLD_BUILD_SECONDS, COLD_BUILD_MIB = 20.0, 400.0
CHECK_SECONDS, CHECK_MIB = 15.0, 400.0
ANKI_SECONDS = 2.0
JSON_SECONDS, JSON_MIB = 1.0, 150.0
SHIPPED_REBUILD_SECONDS = 1.0

MODES = ("boxed", "piped")
INCIDENT = "wannacry"


@dataclass
class Cmd:
    name: str  # the label in the tables
    argv: list[str]
    mode: str  # boxed | piped
    stdin: bytes = b""
    home: str = "shipped"  # which CYBERDIP_HOME: "shipped" or "scale" (caches must not mix)
    kind: str = "command"  # baseline | command | help | scale
    pair: str | None = None  # scale commands: the shipped command of the same round
    times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.name} [{self.mode}]"


# -- process running -------------------------------------------------------------------


PYCACHE: Path | None = None  # set by main(): a bytecode cache inside the temporary directory


def base_env(mode: str = "piped") -> dict[str, str]:
    env = dict(os.environ)
    # PYTHONDONTWRITEBYTECODE (set on some CI machines) would make every run recompile
    # cyberdip_cli from source, about 15 ms that an installed wheel never pays; the
    # warm-up fills a private bytecode cache instead, leaving the install untouched.
    for name in (
        "CYBERDIP_CONTENT",
        "FORCE_COLOR",
        "CLICOLOR_FORCE",
        "NO_COLOR",
        "PYTHONDONTWRITEBYTECODE",
        "PAGER",
    ):
        env.pop(name, None)
    env.update({"COLUMNS": "100", "LINES": "50"})
    if mode == "boxed":
        env.update({"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    else:
        env["TERM"] = "dumb"
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def run_once(argv: list[str], env: dict[str, str], stdin: bytes = b"") -> tuple[float, int, bytes]:
    """Wall time of one fresh process, stdout and stderr to pipes (read to the end)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    _out, err = proc.communicate(stdin)
    elapsed = time.perf_counter() - start
    return elapsed, proc.returncode, err


# The memory helper: a bare interpreter (-I -S, nothing imported but `resource`) that
# spawns the one command and reads resource.getrusage(RUSAGE_CHILDREN).ru_maxrss once it
# has exited. RUSAGE_CHILDREN covers only this helper's waited-for descendants: the
# command (and, for large content, the worker processes it forks, each counted on its
# own: ru_maxrss is the largest single process, not a sum). Linux counts a process's RSS
# from before its exec too, so a child's ru_maxrss is never below its parent's RSS at
# spawn time: the helper is kept tiny (about 8.5 MiB, under `python -c pass`) and uses
# posix_spawn, so that floor never shows. It also times the command.
MAXRSS_HELPER = """
import os, resource, sys, time
out, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status = os.waitpid(pid, 0)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if sys.platform == "darwin":
    peak //= 1024
with open(out, "w") as fh:
    fh.write(f"{peak} {os.waitstatus_to_exitcode(status)} {elapsed}")
"""


def measure_maxrss(
    argv: list[str], env: dict[str, str], stdin: bytes, scratch: Path
) -> tuple[int, int, float]:
    """Peak RSS (KiB), exit code and wall time of one run of argv, in a separate child."""
    out = scratch / "maxrss.txt"
    helper = [sys.executable, "-I", "-S", "-c", MAXRSS_HELPER, str(out), *argv]
    subprocess.run(helper, input=stdin, capture_output=True, env=env, check=True)
    peak, rc, elapsed = out.read_text().split()
    return int(peak), int(rc), float(elapsed)


# -- statistics ------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def paired(a: list[float], b: list[float]) -> float | None:
    """Median over rounds of a[r] / b[r]."""
    ratios = [x / y for x, y in zip(a, b, strict=False) if y > 0]
    return median(ratios)


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def secs(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f}"


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("pass" if ok else "**FAIL**")


def mib(kib: float | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.1f}"


def ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}x"


# -- the benchmark ---------------------------------------------------------------------


def cyberdip_argv(option: str | None) -> list[str]:
    if option:
        return option.split()
    script = Path(sys.executable).parent / "cyberdip"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "cyberdip_cli"]


COMMANDS = (
    ('define "cyber diplomacy"', ["define", "cyber diplomacy"], b"", "command"),
    ("toolbox", ["toolbox"], b"", "command"),
    ("axes", ["axes"], b"", "command"),
    ("search sanctions", ["search", "sanctions"], b"", "command"),
    (f"incident {INCIDENT}", ["incident", INCIDENT], b"", "command"),
    ("compare NIS NIS2", ["compare", "NIS", "NIS2"], b"", "command"),
    ("quiz --count 1 --seed 1", ["quiz", "--count", "1", "--seed", "1"], b"a\n", "command"),
    ("--help", ["--help"], b"", "help"),
)
SCALE_COMMANDS = {  # target name -> the shipped command it is paired with
    "define": 'define "cyber diplomacy"',
    "search": "search sanctions",
    "quiz": "quiz --count 1 --seed 1",
}


def build_commands(cyberdip: list[str], scale_pack: Path) -> list[Cmd]:
    py = sys.executable
    cmds = []
    for mode in MODES:
        cmds += [
            Cmd("python -c pass", [py, "-c", "pass"], mode, kind="baseline"),
            Cmd(
                "floor_app.py",
                [py, str(BENCH / "floor_app.py"), "cyber", "diplomacy"],
                mode,
                kind="baseline",
            ),
            Cmd(
                "typer_floor.py",
                [py, str(BENCH / "typer_floor.py"), "define", "cyber", "diplomacy"],
                mode,
                kind="baseline",
            ),
        ]
        for label, args, stdin, kind in COMMANDS:
            cmds.append(Cmd(label, [*cyberdip, *args], mode, stdin, "shipped", kind))
    by_label = {label: (args, stdin) for label, args, stdin, _ in COMMANDS}
    for label in SCALE_COMMANDS.values():
        args, stdin = by_label[label]
        argv = [*cyberdip, "--content", str(scale_pack), *args]
        cmds.append(Cmd(f"{label} +scale", argv, "piped", stdin, "scale", "scale", pair=label))
    return cmds


def run_rounds(cmds: list[Cmd], envs, rounds: int, log) -> list[float]:
    """The timed loop; returns the 1-minute load average seen after each round."""
    log(f"warm-up: {len(cmds)} commands")
    for cmd in cmds:
        _, rc, err = run_once(cmd.argv, envs[(cmd.home, cmd.mode)], cmd.stdin)
        if rc != 0:
            cmd.failures.append(f"warm-up exit {rc}: {err.decode(errors='replace')[-500:]}")
    loads = []
    for r in range(rounds):
        shift = r % len(cmds)
        for cmd in cmds[shift:] + cmds[:shift]:
            elapsed, rc, err = run_once(cmd.argv, envs[(cmd.home, cmd.mode)], cmd.stdin)
            cmd.times.append(elapsed)
            if rc != 0:
                cmd.failures.append(
                    f"round {r + 1} exit {rc}: {err.decode(errors='replace')[-500:]}"
                )
        loads.append(load_average())
        log(f"round {r + 1}/{rounds} done (load {loads[-1]:.2f})")
    return loads


def run_memory(cmds: list[Cmd], envs, samples: int, scratch: Path, log) -> dict[str, dict]:
    log(f"peak memory: {samples} sample(s) per command, each in its own helper")
    out = {}
    for cmd in cmds:
        values, rcs = [], []
        for _ in range(samples):
            kib, rc, _elapsed = measure_maxrss(
                cmd.argv, envs[(cmd.home, cmd.mode)], cmd.stdin, scratch
            )
            values.append(kib)
            rcs.append(rc)
        if any(rcs):
            cmd.failures.append(f"memory run exit codes {rcs}")
        out[cmd.key] = {"samples_kib": values, "median_kib": median(values)}
    return out


def run_oneoff(label: str, argv: list[str], env_for_sample, samples: int, scratch: Path, log):
    """Wall time and peak memory of `samples` runs, each through the memory helper."""
    log(f"{label}: {samples} sample(s)")
    times, peaks, failures = [], [], []
    for i in range(samples):
        kib, rc, elapsed = measure_maxrss(argv, env_for_sample(i), b"", scratch)
        times.append(elapsed)
        peaks.append(kib)
        if rc != 0:
            failures.append(f"exit {rc}")
    return {
        "argv": argv,
        "times": times,
        "median": median(times),
        "min": min(times),
        "max": max(times),
        "peak_kib": max(peaks),
        "failures": failures,
    }


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def source_info(env: dict[str, str]) -> dict:
    """Which cyberdip_cli the commands import (PYTHONPATH may point at a snapshot) and its git state."""
    probe = [
        sys.executable,
        "-c",
        "import cyberdip_cli as c; print(c.__file__); print(c.__version__)",
    ]
    proc = subprocess.run(probe, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {"package": None, "error": proc.stderr[-300:]}
    path, version = proc.stdout.split("\n")[:2]
    info = {"package": str(Path(path).parent), "version": version, "commit": None, "dirty": None}
    git = shutil.which("git")
    if git:
        where = str(Path(path).parent)
        head = subprocess.run(
            [git, "-C", where, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        if head.returncode == 0:
            info["commit"] = head.stdout.strip()
            status = subprocess.run(
                [git, "-C", where, "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
            )
            info["dirty"] = bool(status.stdout.strip())
    return info


def machine_info(cyberdip: list[str]) -> dict:
    from importlib import metadata

    versions = {}
    for dist in ("typer", "rich", "pyyaml", "platformdirs", "rapidfuzz", "fsrs", "genanki"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "executable": sys.executable,
        "cyberdip": cyberdip,
        "packages": versions,
        "source": source_info(base_env()),
    }


# -- report ----------------------------------------------------------------------------


def evaluate(cmds: list[Cmd], memory: dict) -> list[dict]:
    by_key = {c.key: c for c in cmds}
    rows = []
    for cmd in cmds:
        python = by_key[f"python -c pass [{cmd.mode}]"].times
        argparse_floor = by_key[f"floor_app.py [{cmd.mode}]"].times
        typer_floor = by_key[f"typer_floor.py [{cmd.mode}]"].times
        row = {
            "name": cmd.name,
            "mode": cmd.mode,
            "kind": cmd.kind,
            "median": median(cmd.times),
            "min": min(cmd.times) if cmd.times else None,
            "max": max(cmd.times) if cmd.times else None,
            "times": cmd.times,
            "vs_typer_floor": paired(cmd.times, typer_floor),
            "vs_argparse_floor": paired(cmd.times, argparse_floor),
            "over_python_ms": (
                median([(a - b) * 1000 for a, b in zip(cmd.times, python, strict=False)])
                if cmd.times
                else None
            ),
            "maxrss_kib": memory.get(cmd.key, {}).get("median_kib"),
            "failures": cmd.failures,
        }
        limit = {"command": CMD_VS_TYPER, "help": HELP_VS_TYPER}.get(cmd.kind)
        row["target"] = limit
        row["ok"] = (
            None
            if limit is None or row["vs_typer_floor"] is None
            else row["vs_typer_floor"] <= limit
        )
        if cmd.pair:
            base = by_key[f"{cmd.pair} [{cmd.mode}]"]
            target = next(t for t, label in SCALE_COMMANDS.items() if label == cmd.pair)
            row["scale_target"] = target
            row["vs_shipped"] = paired(cmd.times, base.times)
            base_mem = memory.get(base.key, {}).get("median_kib")
            row["mem_vs_shipped"] = (
                row["maxrss_kib"] / base_mem if base_mem and row["maxrss_kib"] else None
            )
            row["time_limit"] = SCALE_TIME[target]
            row["ok"] = (
                None if row["vs_shipped"] is None else row["vs_shipped"] <= SCALE_TIME[target]
            )
            row["mem_limit"] = SCALE_QUIZ_MEMORY if target == "quiz" else None
            row["mem_ok"] = (
                None
                if row["mem_limit"] is None or row["mem_vs_shipped"] is None
                else row["mem_vs_shipped"] <= row["mem_limit"]
            )
        rows.append(row)
    return rows


def oneoff_checks(result: dict) -> dict[str, bool | None]:
    def within(entry: dict | None, seconds: float, limit_mib: float | None = None):
        if not entry or entry["failures"]:
            return None
        ok = entry["median"] <= seconds
        if limit_mib is not None:
            ok = ok and entry["peak_kib"] / 1024 <= limit_mib
        return ok

    return {
        "cold_build": within(result["cold_build"], COLD_BUILD_SECONDS, COLD_BUILD_MIB),
        "check": within(result["check"], CHECK_SECONDS, CHECK_MIB),
        "export_anki": within(result["export_anki"], ANKI_SECONDS),
        "export_json": within(result["export_json"], JSON_SECONDS, JSON_MIB),
        "shipped_rebuild": within(result["shipped_rebuild"], SHIPPED_REBUILD_SECONDS),
    }


def markdown(result: dict) -> str:
    rows = result["rows"]
    info = result["machine"]
    src = info["source"]
    loads = result["load_average"]
    lines = [
        f"cyberdip benchmark: {result['rounds']} round(s); {info['nproc']} CPU(s), "
        f"Python {info['python']}, typer {info['packages']['typer']}, "
        f"rich {info['packages']['rich']}; 1-minute load average during the rounds "
        f"{_load_range(loads['rounds'])} (before {loads['before']:.2f}, after {loads['after']:.2f})",
        "",
        (f"{result['label']}; " if result.get("label") else "")
        + f"cyberdip_cli from {src.get('package')}"
        + (
            f" at {src['commit']}{' (modified)' if src['dirty'] else ''}"
            if src.get("commit")
            else ""
        ),
    ]
    for mode in MODES:
        title = {
            "boxed": "Boxed (FORCE_COLOR=1, TERM=xterm-256color: what a terminal shows)",
            "piped": "Piped (stdout and stderr to a pipe, no colour)",
        }[mode]
        lines += [
            "",
            f"{title}. Targets: each command <= {CMD_VS_TYPER}x the Typer floor, "
            f"`--help` <= {HELP_VS_TYPER}x.",
            "",
            "| command | median ms | min-max ms | vs Typer floor | target | vs argparse floor "
            "| over `python -c pass` ms | peak MiB | result |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for row in rows:
            if row["mode"] != mode or row["kind"] == "scale":
                continue
            target = f"<= {row['target']}x" if row["target"] else "-"
            lines.append(
                f"| `{row['name']}` | {ms(row['median'])} | {ms(row['min'])}-{ms(row['max'])} "
                f"| {ratio(row['vs_typer_floor'])} | {target} | {ratio(row['vs_argparse_floor'])} "
                f"| {row['over_python_ms']:.0f} | {mib(row['maxrss_kib'])} | {verdict(row['ok'])} |"
            )
    scale = result["scale_pack"]
    by_key = {f"{r['name']} [{r['mode']}]": r for r in rows}
    lines += [
        "",
        f"Scale: {_pack_label(scale)} (`--content DIR`), warm cache, piped, paired with the "
        "shipped-content run of the same round.",
        "",
        "| command | shipped ms | scale ms | time ratio | target | shipped MiB | scale MiB "
        "| memory ratio | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row["kind"] != "scale":
            continue
        base = by_key[f"{row['name'].removesuffix(' +scale')} [{row['mode']}]"]
        mem_target = f"<= {row['mem_limit']}x" if row["mem_limit"] else "-"
        ok = row["ok"] if row["mem_ok"] is None else (row["ok"] and row["mem_ok"])
        lines.append(
            f"| `{base['name']}` | {ms(base['median'])} | {ms(row['median'])} "
            f"| {ratio(row['vs_shipped'])} | <= {row['time_limit']}x | {mib(base['maxrss_kib'])} "
            f"| {mib(row['maxrss_kib'])} | {ratio(row['mem_vs_shipped'])} | {mem_target} "
            f"| {verdict(ok)} |"
        )
    checks = result["oneoff_ok"]
    export = result["export_pack"]

    def oneoff(label: str, key: str, seconds: float, limit_mib: float | None) -> str:
        entry = result[key]
        target = f"<= {seconds:g} s" + (f", <= {limit_mib:g} MiB" if limit_mib else "")
        return (
            f"| {label} | {len(entry['times'])} | {secs(entry['median'])} "
            f"| {secs(entry['min'])}-{secs(entry['max'])} | {mib(entry['peak_kib'])} "
            f"| {target} | {verdict(checks[key])} |"
        )

    lines += [
        "",
        "| one-off | samples | median s | min-max s | peak MiB | target | result |",
        "|---|---:|---:|---:|---:|---|---|",
        oneoff(
            f"first run with the scale pack (cold build), {_pack_label(scale)}",
            "cold_build",
            COLD_BUILD_SECONDS,
            COLD_BUILD_MIB,
        ),
        oneoff(f"`cyberdip check DIR`, {_pack_label(scale)}", "check", CHECK_SECONDS, CHECK_MIB),
        oneoff(
            f"`export --format anki --out FILE`, {_pack_label(export)} (warm)",
            "export_anki",
            ANKI_SECONDS,
            None,
        ),
        oneoff(
            f"`export --format json --out FILE`, {_pack_label(export)} (warm)",
            "export_json",
            JSON_SECONDS,
            JSON_MIB,
        ),
        oneoff(
            "first run after a change of the shipped content (`define`, cold cache)",
            "shipped_rebuild",
            SHIPPED_REBUILD_SECONDS,
            None,
        ),
    ]
    failures = [(f"{r['name']} [{r['mode']}]", f) for r in rows for f in r["failures"]]
    for key in ("cold_build", "check", "export_anki", "export_json", "shipped_rebuild"):
        failures += [(key, f) for f in result[key]["failures"]]
    if failures:
        lines += ["", "Failures:"]
        lines += [f"- `{name}`: {text.strip()}" for name, text in failures]
    return "\n".join(lines) + "\n"


def _load_range(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{min(values):.2f}-{max(values):.2f} (median {statistics.median(values):.2f})"


def _pack_label(pack: dict) -> str:
    if pack["terms"] is None:
        return f"pack {pack['path']}"
    return f"{pack['terms']:,} terms + {pack['questions']:,} questions"


# -- main ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, help="timed rounds (default 31; --quick 5)")
    p.add_argument("--quick", action="store_true", help="5 rounds, a 10,000-term scale pack")
    p.add_argument(
        "--smoke",
        action="store_true",
        help="each command once (plus the warm-up) with tiny packs: proves the harness works",
    )
    p.add_argument("--terms", type=int, help="terms in the scale pack (default 100000)")
    p.add_argument("--questions", type=int, help="questions in the scale pack (default = terms)")
    p.add_argument("--pack", type=Path, help="use this scale pack instead of generating one")
    p.add_argument(
        "--export-terms", type=int, help="terms (and questions) in the export pack (default 10000)"
    )
    p.add_argument("--mem-samples", type=int, help="peak-memory samples per command")
    p.add_argument("--cyberdip", help="command to run cyberdip (default: the venv's script)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write all results as JSON")
    p.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--label", default="", help="a note for the report, e.g. the commit measured")
    args = p.parse_args(argv)
    if args.smoke:
        defaults = {"rounds": 1, "terms": 100, "export": 50, "mem": 1, "cold": 1}
    elif args.quick:
        defaults = {"rounds": 5, "terms": 10_000, "export": 10_000, "mem": 1, "cold": 3}
    else:
        defaults = {"rounds": 31, "terms": 100_000, "export": 10_000, "mem": 3, "cold": 10}
    args.rounds = defaults["rounds"] if args.rounds is None else args.rounds
    args.terms = defaults["terms"] if args.terms is None else args.terms
    args.questions = args.terms if args.questions is None else args.questions
    args.export_terms = defaults["export"] if args.export_terms is None else args.export_terms
    args.mem_samples = defaults["mem"] if args.mem_samples is None else args.mem_samples
    args.cold_samples = defaults["cold"]
    if args.rounds < 1:
        p.error("--rounds must be >= 1")
    return args


def generate(pack: Path, terms: int, questions: int, log) -> None:
    log(f"generating a pack of {terms} terms and {questions} questions in {pack}")
    # A child process: the generator needs PyYAML, this harness only the stdlib.
    gen = [sys.executable, str(BENCH / "gen_content.py"), str(pack)]
    gen += ["--terms", str(terms), "--questions", str(questions)]
    subprocess.run(gen, check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    cyberdip = cyberdip_argv(args.cyberdip)
    tmp = Path(tempfile.mkdtemp(prefix="cyberdip-bench-"))
    if args.json:
        args.json = args.json.resolve()
    if args.pack:
        args.pack = args.pack.resolve()
    # Run everything from a neutral directory: `python -c` puts the cwd first on sys.path,
    # and a checkout's cyberdip_cli/ there would shadow a PYTHONPATH snapshot.
    old_cwd = os.getcwd()
    os.chdir(tmp)
    global PYCACHE
    PYCACHE = tmp / "pycache"
    load_before = load_average()
    try:
        if args.pack:
            scale_pack = args.pack
        else:
            scale_pack = tmp / "scale-pack"
            generate(scale_pack, args.terms, args.questions, log)
        export_pack = tmp / "export-pack"
        generate(export_pack, args.export_terms, args.export_terms, log)

        def env_for(home: str, mode: str = "piped") -> dict[str, str]:
            env = base_env(mode)
            env["CYBERDIP_HOME"] = str(tmp / f"home-{home}")
            return env

        envs = {
            (home, mode): env_for(home, mode) for home in ("shipped", "scale") for mode in MODES
        }

        # The first run with the scale pack builds its cache: timed, with its peak memory,
        # in the home the warm scale commands then use.
        cold_build = run_oneoff(
            "first run with the scale pack (cold build)",
            [*cyberdip, "--content", str(scale_pack), "define", "cyber diplomacy"],
            lambda _i: envs[("scale", "piped")],
            1,
            tmp,
            log,
        )
        check = run_oneoff(
            "check on the scale pack",
            [*cyberdip, "check", str(scale_pack)],
            lambda _i: env_for("check"),
            1,
            tmp,
            log,
        )

        cmds = build_commands(cyberdip, scale_pack)
        loads = run_rounds(cmds, envs, args.rounds, log)
        memory = run_memory(cmds, envs, args.mem_samples, tmp, log)

        # Exports: on a warm cache of the export pack (built here, not timed).
        export_env = env_for("export")
        content = ["--content", str(export_pack)]
        run_once([*cyberdip, *content, "define", "cyber diplomacy"], export_env)
        exports = {}
        for fmt in ("anki", "json"):
            target = tmp / f"export.{'apkg' if fmt == 'anki' else 'json'}"
            exports[fmt] = run_oneoff(
                f"export --format {fmt}",
                [*cyberdip, *content, "export", "--format", fmt, "--out", str(target), "--force"],
                lambda _i: export_env,
                args.cold_samples if not args.smoke else 1,
                tmp,
                log,
            )

        def cold_env(i: int) -> dict[str, str]:
            return env_for(f"cold-shipped-{i}")

        shipped_rebuild = run_oneoff(
            "first run after a change of the shipped content",
            [*cyberdip, "define", "cyber diplomacy"],
            cold_env,
            args.cold_samples,
            tmp,
            log,
        )
        result = {
            "machine": machine_info(cyberdip),
            "rounds": args.rounds,
            "mode": "smoke" if args.smoke else ("quick" if args.quick else "full"),
            "label": args.label,
            "load_average": {"before": load_before, "rounds": loads, "after": load_average()},
            "scale_pack": {
                "terms": None if args.pack else args.terms,
                "questions": None if args.pack else args.questions,
                "path": str(scale_pack),
            },
            "export_pack": {
                "terms": args.export_terms,
                "questions": args.export_terms,
                "path": str(export_pack),
            },
            "env": {
                "boxed": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
                "piped": {"TERM": "dumb"},
                "all": {"COLUMNS": "100", "LINES": "50", "CYBERDIP_HOME": "temporary"},
            },
            "targets": {
                "command_vs_typer_floor": CMD_VS_TYPER,
                "help_vs_typer_floor": HELP_VS_TYPER,
                "scale_time": SCALE_TIME,
                "scale_quiz_memory": SCALE_QUIZ_MEMORY,
                "cold_build": [COLD_BUILD_SECONDS, COLD_BUILD_MIB],
                "check": [CHECK_SECONDS, CHECK_MIB],
                "export_anki_seconds": ANKI_SECONDS,
                "export_json": [JSON_SECONDS, JSON_MIB],
                "shipped_rebuild_seconds": SHIPPED_REBUILD_SECONDS,
            },
            "memory": memory,
            "cold_build": cold_build,
            "check": check,
            "export_anki": exports["anki"],
            "export_json": exports["json"],
            "shipped_rebuild": shipped_rebuild,
        }
        result["rows"] = evaluate(cmds, memory)
        result["oneoff_ok"] = oneoff_checks(result)
        print(markdown(result), end="")
        if args.json:
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            log(f"wrote {args.json}")
    finally:
        os.chdir(old_cwd)
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    failed = any(r["failures"] for r in result["rows"])
    oneoffs = ("cold_build", "check", "export_anki", "export_json", "shipped_rebuild")
    failed = failed or any(result[k]["failures"] for k in oneoffs)
    if failed:
        return 1
    missed = [r for r in result["rows"] if False in (r["ok"], r.get("mem_ok"))]
    if args.strict and (missed or False in result["oneoff_ok"].values()):
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
