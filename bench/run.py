"""Start-up benchmark for cyberdip: every command in a fresh process, against baselines.

    .venv/bin/python bench/run.py            # full: 20 rounds, 10,000-term pack
    .venv/bin/python bench/run.py --quick    # 3 rounds
    .venv/bin/python bench/run.py --smoke    # each command once, 100-term pack (CI)
    .venv/bin/python bench/run.py --json results.json

Commands run round-robin (one round = every command once, the starting point rotating
each round) after a warm-up round, each in a fresh process with stdout and stderr to a
pipe, CYBERDIP_HOME in a temporary directory, NO_COLOR=1 and COLUMNS=100. The baselines
`python -c pass` (the interpreter's own start) and bench/floor_app.py (argparse + rich
printing one Panel: the floor of this stack) run in the same loop, so each command gets a
paired ratio per round and the median of those is reported. The same commands run with a
generated pack (`--content DIR`, 10,000 terms and 10,000 questions by default) in the
same loop too, paired with the shipped-content run of the same round.

Then, each measured separately: peak memory (ru_maxrss of one command, read with
resource.getrusage(RUSAGE_CHILDREN) in a helper child that runs only that command),
`cyberdip check DIR` on the pack, and the first run after a content change (a fresh
CYBERDIP_HOME per sample, so the compiled cache is cold and is rebuilt).

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
CMD_VS_FLOOR = 1.3
HELP_VS_FLOOR = 1.6
PACK_TIME_RATIO = 1.15
PACK_MEM_RATIO = 1.2
CHECK_PACK_SECONDS = 10.0
COLD_REBUILD_SECONDS = 1.0


@dataclass
class Cmd:
    name: str  # the label in the tables
    argv: list[str]
    stdin: bytes = b""
    home: str = "shipped"  # which CYBERDIP_HOME: "shipped" or "pack" (caches must not mix)
    kind: str = "command"  # baseline | command | help
    pair: str | None = None  # for pack commands: the shipped command to compare with
    times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


# -- process running -------------------------------------------------------------------


PYCACHE: Path | None = None  # set by main(): a bytecode cache inside the temporary directory


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    # PYTHONDONTWRITEBYTECODE (set on some CI machines) would make every run recompile
    # cyberdip_cli from source, about 15 ms that an installed wheel never pays; the
    # warm-up fills a private bytecode cache instead, leaving the checkout untouched.
    for name in ("CYBERDIP_CONTENT", "FORCE_COLOR", "CLICOLOR_FORCE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "LINES": "50"})
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
# has exited. RUSAGE_CHILDREN covers only this helper's waited-for children, i.e. exactly
# that command. Linux counts a process's RSS from before its exec too, so a child's
# ru_maxrss is never below its parent's RSS at spawn time: the helper is kept tiny
# (about 8.5 MiB, under `python -c pass`) and uses posix_spawn, so that floor never shows.
MAXRSS_HELPER = """
import os, resource, sys
out, argv = sys.argv[1], sys.argv[2:]
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status = os.waitpid(pid, 0)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if sys.platform == "darwin":
    peak //= 1024
with open(out, "w") as fh:
    fh.write(f"{peak} {os.waitstatus_to_exitcode(status)}")
"""


def measure_maxrss(
    argv: list[str], env: dict[str, str], stdin: bytes, scratch: Path
) -> tuple[int, int]:
    """Peak RSS (KiB) and exit code of one run of argv, measured in a separate child."""
    out = scratch / "maxrss.txt"
    helper = [sys.executable, "-I", "-S", "-c", MAXRSS_HELPER, str(out), *argv]
    subprocess.run(helper, input=stdin, capture_output=True, env=env, check=True)
    peak, rc = out.read_text().split()
    return int(peak), int(rc)


# -- statistics ------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def paired(a: list[float], b: list[float]) -> float | None:
    """Median over rounds of a[r] / b[r]."""
    ratios = [x / y for x, y in zip(a, b, strict=False) if y > 0]
    return median(ratios)


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("pass" if ok else "**FAIL**")


# -- the benchmark ---------------------------------------------------------------------


def cyberdip_argv(option: str | None) -> list[str]:
    if option:
        return option.split()
    script = Path(sys.executable).parent / "cyberdip"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "cyberdip_cli"]


def build_commands(cyberdip: list[str], pack: Path) -> list[Cmd]:
    py = sys.executable
    cmds = [
        Cmd("python -c pass", [py, "-c", "pass"], kind="baseline"),
        Cmd(
            "floor_app.py", [py, str(BENCH / "floor_app.py"), "cyber", "diplomacy"], kind="baseline"
        ),
    ]
    specs = [
        ('define "cyber diplomacy"', ["define", "cyber diplomacy"], b"", "command"),
        ("toolbox", ["toolbox"], b"", "command"),
        ("axes", ["axes"], b"", "command"),
        ("search sanctions", ["search", "sanctions"], b"", "command"),
        ("quiz --count 1 --seed 1", ["quiz", "--count", "1", "--seed", "1"], b"a\n", "command"),
        ("--help", ["--help"], b"", "help"),
    ]
    for label, args, stdin, kind in specs:
        cmds.append(Cmd(label, [*cyberdip, *args], stdin, "shipped", kind))
    for label, args, stdin, kind in specs:
        argv = [*cyberdip, "--content", str(pack), *args]
        cmds.append(Cmd(f"{label} +pack", argv, stdin, "pack", kind, pair=label))
    return cmds


def run_rounds(cmds: list[Cmd], envs: dict[str, dict[str, str]], rounds: int, log) -> None:
    log(f"warm-up: {len(cmds)} commands (builds the compiled caches)")
    for cmd in cmds:
        _, rc, err = run_once(cmd.argv, envs[cmd.home], cmd.stdin)
        if rc != 0:
            cmd.failures.append(f"warm-up exit {rc}: {err.decode(errors='replace')[-500:]}")
    for r in range(rounds):
        shift = r % len(cmds)
        for cmd in cmds[shift:] + cmds[:shift]:
            elapsed, rc, err = run_once(cmd.argv, envs[cmd.home], cmd.stdin)
            cmd.times.append(elapsed)
            if rc != 0:
                cmd.failures.append(
                    f"round {r + 1} exit {rc}: {err.decode(errors='replace')[-500:]}"
                )
        log(f"round {r + 1}/{rounds} done")


def run_memory(cmds: list[Cmd], envs, samples: int, scratch: Path, log) -> dict[str, dict]:
    log(f"peak memory: {samples} sample(s) per command, each in its own helper")
    out = {}
    for cmd in cmds:
        values, rcs = [], []
        for _ in range(samples):
            kib, rc = measure_maxrss(cmd.argv, envs[cmd.home], cmd.stdin, scratch)
            values.append(kib)
            rcs.append(rc)
        if any(rcs):
            cmd.failures.append(f"memory run exit codes {rcs}")
        out[cmd.name] = {"samples_kib": values, "median_kib": median(values)}
    return out


def run_timed(label: str, argv: list[str], env_for_sample, samples: int, log) -> dict:
    log(f"{label}: {samples} sample(s)")
    times, failures = [], []
    for i in range(samples):
        elapsed, rc, err = run_once(argv, env_for_sample(i))
        times.append(elapsed)
        if rc != 0:
            failures.append(f"exit {rc}: {err.decode(errors='replace')[-500:]}")
    return {
        "argv": argv,
        "times": times,
        "median": median(times),
        "min": min(times),
        "max": max(times),
        "failures": failures,
    }


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


def evaluate(cmds: list[Cmd], memory: dict, check: dict, cold: dict) -> dict:
    by_name = {c.name: c for c in cmds}
    floor = by_name["floor_app.py"].times
    python = by_name["python -c pass"].times
    rows = []
    for cmd in cmds:
        row = {
            "name": cmd.name,
            "kind": cmd.kind,
            "content": "pack" if cmd.pair else ("-" if cmd.kind == "baseline" else "shipped"),
            "median": median(cmd.times),
            "min": min(cmd.times) if cmd.times else None,
            "max": max(cmd.times) if cmd.times else None,
            "times": cmd.times,
            "vs_floor": paired(cmd.times, floor),
            "over_python_ms": (
                median([(a - b) * 1000 for a, b in zip(cmd.times, python, strict=False)])
                if cmd.times
                else None
            ),
            "maxrss_kib": memory.get(cmd.name, {}).get("median_kib"),
            "failures": cmd.failures,
        }
        limit = None
        if cmd.kind == "command" and not cmd.pair:
            limit = CMD_VS_FLOOR
        elif cmd.kind == "help" and not cmd.pair:
            limit = HELP_VS_FLOOR
        row["floor_target"] = limit
        row["floor_ok"] = (
            None if limit is None or row["vs_floor"] is None else row["vs_floor"] <= limit
        )
        if cmd.pair:
            base = by_name[cmd.pair]
            row["vs_shipped"] = paired(cmd.times, base.times)
            base_mem = memory.get(base.name, {}).get("median_kib")
            row["mem_vs_shipped"] = (
                row["maxrss_kib"] / base_mem if base_mem and row["maxrss_kib"] else None
            )
            row["time_ok"] = (
                None if row["vs_shipped"] is None else row["vs_shipped"] <= PACK_TIME_RATIO
            )
            row["mem_ok"] = (
                None if row["mem_vs_shipped"] is None else row["mem_vs_shipped"] <= PACK_MEM_RATIO
            )
        rows.append(row)
    checks = {
        "check_pack_ok": check["median"] < CHECK_PACK_SECONDS if check else None,
        "cold_rebuild_ok": cold["median"] < COLD_REBUILD_SECONDS if cold else None,
    }
    return {"rows": rows, **checks}


def markdown(result: dict) -> str:
    rows = result["rows"]
    info = result["machine"]
    src = info["source"]
    lines = [
        f"cyberdip start-up benchmark: {result['rounds']} round(s), {_pack_label(result['pack'])}; "
        f"{info['nproc']} CPU(s), Python {info['python']}, typer {info['packages']['typer']}, "
        f"rich {info['packages']['rich']}",
        "",
        (f"{result['label']}; " if result.get("label") else "")
        + f"cyberdip_cli from {src.get('package')}"
        + (
            f" at {src['commit']}{' (modified)' if src['dirty'] else ''}"
            if src.get("commit")
            else ""
        ),
        "",
        "| command | median ms | min-max ms | vs floor (paired) | target | over `python -c pass` ms "
        "| peak MiB | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row["content"] == "pack":
            continue
        target = f"<= {row['floor_target']}x" if row["floor_target"] else "-"
        lines.append(
            f"| `{row['name']}` | {ms(row['median'])} | {ms(row['min'])}-{ms(row['max'])} "
            f"| {row['vs_floor']:.2f}x | {target} | {row['over_python_ms']:.0f} "
            f"| {_mib(row['maxrss_kib'])} | {verdict(row['floor_ok'])} |"
        )
    lines += [
        "",
        f"With the generated pack (`--content DIR`), paired with the shipped-content run of the "
        f"same round. Targets: time <= {PACK_TIME_RATIO}x, peak memory <= {PACK_MEM_RATIO}x.",
        "",
        "| command | shipped ms | pack ms | time ratio | shipped MiB | pack MiB | memory ratio "
        "| time | memory |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    by_name = {r["name"]: r for r in rows}
    for row in rows:
        if row["content"] != "pack":
            continue
        base = by_name[row["name"].removesuffix(" +pack")]
        mem_ratio = "-" if row["mem_vs_shipped"] is None else f"{row['mem_vs_shipped']:.2f}x"
        lines.append(
            f"| `{base['name']}` | {ms(base['median'])} | {ms(row['median'])} "
            f"| {row['vs_shipped']:.2f}x | {_mib(base['maxrss_kib'])} | {_mib(row['maxrss_kib'])} "
            f"| {mem_ratio} | {verdict(row['time_ok'])} | {verdict(row['mem_ok'])} |"
        )
    check, cold, cold_pack = result["check_pack"], result["cold_rebuild"], result["cold_pack"]
    lines += [
        "",
        "| one-off | samples | median ms | min-max ms | target | result |",
        "|---|---:|---:|---:|---:|---|",
        f"| `cyberdip check DIR` (pack) | {len(check['times'])} | {ms(check['median'])} "
        f"| {ms(check['min'])}-{ms(check['max'])} | < {CHECK_PACK_SECONDS:.0f} s "
        f"| {verdict(result['check_pack_ok'])} |",
        f"| first run after a content change, shipped (`define`, cold cache) | "
        f"{len(cold['times'])} | {ms(cold['median'])} | {ms(cold['min'])}-{ms(cold['max'])} "
        f"| < {COLD_REBUILD_SECONDS:.0f} s | {verdict(result['cold_rebuild_ok'])} |",
        f"| first run after a content change, with the pack (`define`, cold cache) | "
        f"{len(cold_pack['times'])} | {ms(cold_pack['median'])} "
        f"| {ms(cold_pack['min'])}-{ms(cold_pack['max'])} | - | - |",
    ]
    failures = [(r["name"], f) for r in rows for f in r["failures"]]
    failures += [("check", f) for f in check["failures"]]
    failures += [("cold rebuild", f) for f in cold["failures"] + cold_pack["failures"]]
    if failures:
        lines += ["", "Failures:"]
        lines += [f"- `{name}`: {text.strip()}" for name, text in failures]
    return "\n".join(lines) + "\n"


def _pack_label(pack: dict) -> str:
    if pack["terms"] is None:
        return f"pack {pack['path']}"
    return f"pack of {pack['terms']:,} terms and {pack['questions']:,} questions"


def _mib(kib: float | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.1f}"


# -- main ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=20, help="timed rounds (default 20)")
    p.add_argument("--quick", action="store_true", help="3 rounds, fewer one-off samples")
    p.add_argument(
        "--smoke",
        action="store_true",
        help="each command once (plus the warm-up) with a 100-term pack: proves the harness works",
    )
    p.add_argument("--terms", type=int, help="terms in the generated pack (default 10000)")
    p.add_argument("--questions", type=int, help="questions in the generated pack (default 10000)")
    p.add_argument("--pack", type=Path, help="use this pack instead of generating one")
    p.add_argument("--cyberdip", help="command to run cyberdip (default: the venv's script)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write all results as JSON")
    p.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--label", default="", help="a note for the report, e.g. the commit measured")
    args = p.parse_args(argv)
    small = 100 if args.smoke else 10_000
    args.terms = small if args.terms is None else args.terms
    args.questions = small if args.questions is None else args.questions
    if args.smoke:
        args.rounds, args.mem_samples, args.check_samples, args.cold_samples = 1, 1, 1, 1
        args.cold_pack_samples = 1
    elif args.quick:
        args.rounds, args.mem_samples, args.check_samples, args.cold_samples = 3, 1, 1, 3
        args.cold_pack_samples = 1
    else:
        args.mem_samples, args.check_samples, args.cold_samples = 3, 3, 10
        args.cold_pack_samples = 3
    if args.rounds < 1:
        p.error("--rounds must be >= 1")
    return args


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
    try:
        if args.pack:
            pack = args.pack
        else:
            pack = tmp / "pack"
            log(f"generating a pack of {args.terms} terms and {args.questions} questions")
            # A child process: the generator needs PyYAML, this harness only the stdlib.
            gen = [sys.executable, str(BENCH / "gen_content.py"), str(pack)]
            gen += ["--terms", str(args.terms), "--questions", str(args.questions)]
            subprocess.run(gen, check=True, capture_output=True)
        envs = {}
        for home in ("shipped", "pack"):
            env = base_env()
            env["CYBERDIP_HOME"] = str(tmp / f"home-{home}")
            envs[home] = env

        cmds = build_commands(cyberdip, pack)
        run_rounds(cmds, envs, args.rounds, log)
        memory = run_memory(cmds, envs, args.mem_samples, tmp, log)
        check = run_timed(
            "check on the pack",
            [*cyberdip, "check", str(pack)],
            lambda _i: envs["pack"],
            args.check_samples,
            log,
        )

        def cold_env(label: str):
            def env_for(i: int) -> dict[str, str]:
                env = base_env()
                env["CYBERDIP_HOME"] = str(tmp / f"cold-{label}-{i}")
                return env

            return env_for

        define = ["define", "cyber diplomacy"]
        cold = run_timed(
            "cold rebuild, shipped",
            [*cyberdip, *define],
            cold_env("shipped"),
            args.cold_samples,
            log,
        )
        cold_pack = run_timed(
            "cold rebuild, with the pack",
            [*cyberdip, "--content", str(pack), *define],
            cold_env("pack"),
            args.cold_pack_samples,
            log,
        )
        result = {
            "machine": machine_info(cyberdip),
            "rounds": args.rounds,
            "mode": "smoke" if args.smoke else ("quick" if args.quick else "full"),
            "label": args.label,
            "pack": {
                "terms": None if args.pack else args.terms,
                "questions": None if args.pack else args.questions,
                "path": str(pack),
            },
            "env": {
                "NO_COLOR": "1",
                "COLUMNS": "100",
                "CYBERDIP_HOME": "temporary",
                "PYTHONPYCACHEPREFIX": "temporary",
            },
            "targets": {
                "command_vs_floor": CMD_VS_FLOOR,
                "help_vs_floor": HELP_VS_FLOOR,
                "pack_time_ratio": PACK_TIME_RATIO,
                "pack_memory_ratio": PACK_MEM_RATIO,
                "check_pack_seconds": CHECK_PACK_SECONDS,
                "cold_rebuild_seconds": COLD_REBUILD_SECONDS,
            },
            "memory": memory,
            "check_pack": check,
            "cold_rebuild": cold,
            "cold_pack": cold_pack,
        }
        result.update(evaluate(cmds, memory, check, cold))
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
    failed = failed or bool(check["failures"] or cold["failures"] or cold_pack["failures"])
    if failed:
        return 1
    missed = [
        r for r in result["rows"] if False in (r["floor_ok"], r.get("time_ok"), r.get("mem_ok"))
    ]
    if args.strict and (missed or not result["check_pack_ok"] or not result["cold_rebuild_ok"]):
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
