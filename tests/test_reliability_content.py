"""Hostile content and a hostile environment for the content cache (docs/RELIABILITY.md).

Every test builds its content in a temporary directory. Those that need a real process
(a FIFO that would block, a locale, a tiny filesystem, a file root cannot read) run one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import private_mount

REPO = Path(__file__).resolve().parent.parent
VALID = REPO / "tests" / "fixtures" / "valid"
PROBLEM = re.compile(
    r"^(?P<path>.+):(?P<line>\d+): (?:(?P<entry>[^:]+): )?(?P<message>.+) \[(?P<code>[EW]\d{3})\]$"
)


def problems(stdout: str) -> list[re.Match]:
    return [m for m in map(PROBLEM.match, stdout.splitlines()) if m]


def valid_copy(tmp_path: Path, name: str = "content") -> Path:
    target = tmp_path / name
    shutil.copytree(VALID, target)
    return target


def run(*args: str, env: dict | None = None, timeout: float = 60, prefix=(), **kw):
    """cyberdip in a real process: (status, stdout, stderr)."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join([str(REPO), full_env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "cyberdip_cli", *args],
        env=full_env,
        capture_output=True,
        timeout=timeout,
        **kw,
    )
    return (
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def limit_memory() -> None:
    """A child that reads /dev/zero stops at 1.5 GB instead of taking the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


def cache_files(home: Path) -> list[str]:
    folder = home / "cache"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# --------------------------------------------------------------------------- 6. alias size


def test_a_long_string_aliased_thousands_of_times_is_refused(cli, tmp_path):
    """The guard counted values, not characters: 100 KB aliased 5,000 times in a 131 KB file
    passed `check`, then compiled for minutes into a 2 GB cache."""
    content = valid_copy(tmp_path)
    terms = (content / "terms.yaml").read_text(encoding="utf-8")
    long = "x" * 100_000
    terms = terms.replace(
        "aliases: [first term]", f"aliases: [&big {long}, {', '.join(['*big'] * 5000)}]"
    )
    (content / "terms.yaml").write_text(terms, encoding="utf-8")
    assert (content / "terms.yaml").stat().st_size < 140_000
    started = time.monotonic()
    status, out, err = cli("check", str(content))
    assert status == 1 and "Traceback" not in err, out + err
    [problem] = [m for m in problems(out) if m["code"] == "E101"]  # (the others: no terms)
    assert "alias bomb" in problem["message"], out
    assert "characters" in problem["message"]
    assert problem["path"].endswith("terms.yaml") and int(problem["line"]) == 5
    assert time.monotonic() - started < 20


def test_aliases_within_the_budget_still_load(tmp_path):
    """A list reused through an alias is what aliases are for: still fine."""
    from cyberdip_cli.kb.yamlsafe import parse

    shared = ", ".join(f"source-{n}" for n in range(200))
    text = f"a: &s [{shared}]\n" + "".join(f"k{n}: *s\n" for n in range(500))
    data = parse(text)
    assert len(data) == 501 and data["k499"][199] == "source-199"


@pytest.mark.parametrize("writer", [False, True], ids=["one process", "writer process"])
def test_the_compiled_cache_has_a_size_limit(cli, tmp_path, isolated_home, monkeypatch, writer):
    """No YAML alias at all, and still amplified: every alias name of a term is a row that
    repeats its title. The build stops at the limit (file and memory alike): one line, no
    cache, no temporary file left. The same when a child process does the writes (as for
    a large pack): its SQLite error comes back as this process's."""
    from cyberdip_cli import forked
    from cyberdip_cli.kb import cache
    from cyberdip_cli.kb import writer as cache_writer

    if writer and not forked.can_fork():
        pytest.skip("the writer process is forked")
    monkeypatch.setattr(cache_writer, "MIN_CONTENT_BYTES", 0 if writer else 1 << 62)
    monkeypatch.setattr(cache, "CACHE_SIZE_FLOOR", 0)
    monkeypatch.setattr(cache, "CACHE_SIZE_FACTOR", 10)
    content = valid_copy(tmp_path)
    terms = (content / "terms.yaml").read_text(encoding="utf-8")
    names = ", ".join(f"name {n}" for n in range(3000))
    terms = terms.replace("term: Alpha", "term: Alpha " + "y" * 5000).replace(
        "aliases: [first term]", f"aliases: [{names}]"
    )
    (content / "terms.yaml").write_text(terms, encoding="utf-8")
    assert cli("--no-builtin", "check", str(content))[0] == 0
    status, _out, err = cli("--no-builtin", "--content", str(content), "define", "beta")
    assert status == 1 and "Traceback" not in err, err
    [line] = [x for x in err.splitlines() if x.startswith("error:")]
    assert "compiled content would take over" in line and "not compiled" in line
    assert [n for n in cache_files(isolated_home) if n.startswith(("kb-", ".kb-"))] == []


# --------------------------------------------------------------------------- 11. not files


def test_a_fifo_named_yaml_is_a_problem_not_a_hang(tmp_path):
    content = valid_copy(tmp_path)
    os.mkfifo(content / "a.yaml")
    status, out, err = run("check", str(content), timeout=60)
    assert status == 1 and "Traceback" not in err, out + err
    [problem] = problems(out)
    assert problem["code"] == "E101" and problem["path"].endswith("a.yaml")
    assert "not a regular file (a named pipe (FIFO))" in problem["message"]
    status, _out, err = run("--no-builtin", "--content", str(content), "define", "alpha")
    assert status == 1 and "a.yaml" in err and "Traceback" not in err, err


def test_a_link_to_dev_zero_is_a_problem_not_a_memory_exhaustion(tmp_path):
    content = valid_copy(tmp_path)
    (content / "zero.yaml").symlink_to("/dev/zero")
    status, out, err = run("check", str(content), timeout=60, preexec_fn=limit_memory)
    assert status == 1 and "Traceback" not in err, out + err
    [problem] = problems(out)
    assert problem["code"] == "E101" and "(a character device)" in problem["message"]


def test_an_editor_lock_file_is_left_alone(cli, tmp_path):
    """Emacs keeps `.#terms.yaml`, a link to nowhere, while terms.yaml is edited: `check`
    and the cache signature used to stat it (a traceback in every content command)."""
    content = valid_copy(tmp_path)
    (content / ".#terms.yaml").symlink_to("user@host.4242:1700000000")
    status, out, err = cli("check", str(content))
    assert status == 0 and out.startswith("ok: 11 file(s)"), out + err
    status, out, err = cli("--no-builtin", "--content", str(content), "define", "alpha")
    assert status == 0 and "Alpha" in out, err


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            lambda d: (d / "moved.yaml").symlink_to("../elsewhere/moved.yaml"),
            "a symbolic link to '../elsewhere/moved.yaml', which is missing",
        ),
        (lambda d: (d / "loop.yaml").symlink_to("loop.yaml"), "a loop of symbolic links"),
    ],
    ids=["dangling", "loop"],
)
def test_a_broken_link_is_an_error_naming_it_and_never_a_traceback(cli, tmp_path, make, words):
    """A link to a file that is gone may be a pack's content that moved: an error, not a
    silent skip (only an editor's `.#` lock is left alone)."""
    content = valid_copy(tmp_path)
    make(content)
    status, out, err = cli("check", str(content))
    assert status == 1, out + err
    [problem] = problems(out)
    assert problem["code"] == "E101" and words in problem["message"], out
    status, _out, err = cli("--no-builtin", "--content", str(content), "define", "alpha")
    assert status == 1 and "content is invalid" in err and "Traceback" not in err, err


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    content = valid_copy(tmp_path)
    bad = os.path.join(os.fsencode(content), b"caf\xe9.yaml")
    with open(bad, "wb") as handle:
        handle.write(b"topics:\n  - id: Not-An-Id\n    title: T\n")
    status, out, err = run("check", str(content))
    assert status == 1 and "Traceback" not in err, out + err
    [problem] = problems(out)
    assert problem["path"].endswith("caf\\xe9.yaml") and problem["code"] == "E205", out
    status, out, err = run("check", "--json", str(content))
    assert json.loads(out)["problems"][0]["path"].endswith("caf\\xe9.yaml")
    status, _out, err = run("--no-builtin", "--content", str(content), "define", "alpha")
    assert status == 1 and "Traceback" not in err and "caf\\xe9.yaml" in err, err


def test_the_signature_never_raises(tmp_path):
    from cyberdip_cli.kb.cache import signature

    content = valid_copy(tmp_path)
    os.mkfifo(content / "pipe.yaml")
    (content / "gone.yaml").symlink_to("nowhere.yaml")
    (content / "loop.yaml").symlink_to("loop.yaml")
    (content / ".#lock.yaml").symlink_to("user@host.1:2")
    with open(os.path.join(os.fsencode(content), b"\xff.yaml"), "wb") as handle:
        handle.write(b"topics: []\n")
    first = signature([content])
    assert re.fullmatch(r"[0-9a-f]{17,}", first) and signature([content]) == first
    (content / "gone.yaml").unlink()
    assert signature([content]) != first


# --------------------------------------------------------------------------- 12. damage


def test_a_flipped_byte_in_a_cached_entry_discards_the_cache(cli, isolated_home):
    """json.loads raised a traceback, and the damaged cache stayed for every later run."""
    assert cli("define", "gge")[0] == 0
    [path] = (isolated_home / "cache").glob("kb-*.sqlite")
    conn = sqlite3.connect(path)
    [(term,)] = conn.execute("SELECT id FROM names WHERE key = 'gge' AND weight = 2").fetchall()
    [(blob,)] = conn.execute("SELECT data FROM entries WHERE kind = 'term' AND id = ?", (term,))
    conn.close()
    data = bytearray(path.read_bytes())
    at = data.index(bytes(blob))
    data[at] = 0  # the entry's type code: no such marshal type
    path.write_bytes(bytes(data))
    status, _out, err = cli("define", "gge")
    assert status == 1 and "Traceback" not in err, err
    assert err.splitlines()[0].startswith("error: the content cache was damaged (an entry")
    assert list((isolated_home / "cache").glob("kb-*.sqlite")) == []
    status, _out, err = cli("define", "gge")
    assert status == 0 and err == "", err


@pytest.mark.parametrize(
    "args",
    [
        ("search", "sanctions"),
        ("--plain", "sources"),
        ("export", "--format", "markdown"),
        ("sources",),
    ],
    ids=["search", "plain-sources", "export-markdown", "sources"],
)
def test_a_latin1_terminal_gets_replacement_characters_not_a_traceback(tmp_path, args):
    """PYTHONIOENCODING=latin-1 (what LANG=C.ISO-8859-1 gives): `…` and `→` are not in
    Latin-1. They become `?`; the characters it has (é) stay."""
    env = {"PYTHONIOENCODING": "latin-1", "CYBERDIP_HOME": str(tmp_path / "home")}
    full = {**os.environ, **env, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "cyberdip_cli", *args], env=full, capture_output=True, timeout=120
    )
    err = done.stderr.decode("latin-1")
    assert done.returncode == 0 and "Traceback" not in err, err
    assert len(done.stdout) > 200
    done.stdout.decode("latin-1")  # what the terminal shows


# --------------------------------------------------------------------------- 13. full disk


# Fill the filesystem to the last block, then give back about 1 MB: less than the cache needs.
NEARLY_FILL = (
    '"$PY" -c "import os, sys\n'
    "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)\n"
    "try:\n"
    "    while True: os.write(fd, bytes(65536))\n"
    "except OSError: pass\n"
    "os.ftruncate(fd, os.fstat(fd).st_size - 1024 * 1024)\n"
    'print(os.statvfs(sys.argv[1]).f_bavail * os.statvfs(sys.argv[1]).f_frsize)" "$MNT/filler"'
)
LEFTOVERS = 'ls -A "$MNT/home/cache"'


def test_a_nearly_full_disk_compiles_in_memory(tmp_path):
    """SQLite raised OperationalError ("database or disk is full"), not OSError, so the
    fallback to memory was skipped and every content command failed ("cache damaged")."""
    home = 'export CYBERDIP_HOME="$MNT/home"; mkdir -p "$MNT/home/cache"; '
    results = private_mount(
        tmp_path,
        size="16m",
        steps=[
            NEARLY_FILL,
            home + '"$PY" -m cyberdip_cli define gge',
            home + '"$PY" -m cyberdip_cli --plain search sanctions',
            LEFTOVERS,
        ],
    )
    assert int(results[0][1]) < 2 * 1024 * 1024, results[0]
    for status, out, err in results[1:3]:
        assert status == 0 and "Traceback" not in err and err == "", err
        assert out.strip()
    assert "Group of Governmental Experts" in results[1][1]
    assert results[3][1].split() == [], results[3]  # no temporary file, no journal, no cache


# --------------------------------------------------------------------------- 14. typing


def question_with(choices: str, answer: str) -> str:
    return (
        "questions:\n"
        "  - id: q-times\n"
        "    type: single\n"
        "    topic: basics\n"
        "    difficulty: 2\n"
        "    prompt: When does the meeting start?\n"
        f"    choices: {choices}\n"
        f"    answer: {answer}\n"
        "    explanation: It starts at half past nine.\n"
        "    terms: [alpha]\n"
        "    sources: [s1]\n"
    )


def test_times_hex_and_octal_keep_the_text_as_written(cli, tmp_path):
    """YAML 1.1 read `9:30` as 570 (base 60), `0x1F` as 31, `012` as 10: `check` said ok and
    the quiz showed the numbers."""
    from cyberdip_cli.kb.loader import load

    content = valid_copy(tmp_path)
    (content / "times.yaml").write_text(question_with("[9:30, 10:15, 0x1F, 012]", "9:30"))
    terms = (content / "terms.yaml").read_text(encoding="utf-8")
    terms = terms.replace("aliases: [first term]", "aliases: [0x1F, 012, 1e3]")
    terms = terms.replace("summary: The first fixture term.", "summary: 2019-03-01 10:00:00")
    (content / "terms.yaml").write_text(terms, encoding="utf-8")
    status, out, err = cli("check", str(content))
    assert status == 0, out + err
    kb = load([content]).kb
    [q] = [q for q in kb.questions if q["id"] == "q-times"]
    assert q["choices"] == ["9:30", "10:15", "0x1F", "012"] and q["answer"] == "9:30"
    assert q["difficulty"] == 2  # a real number stays one
    alpha = next(t for t in kb.terms if t["id"] == "alpha")
    assert alpha["aliases"] == ["0x1F", "012", "1e3"]
    assert alpha["summary"] == "2019-03-01 10:00:00"  # was cut to 2019-03-01
    assert alpha["since"] == "2019"
    incident = kb.incidents[0]
    assert incident["started"] == "2019-03-01"


def test_a_multi_answer_keeps_its_text_like_its_choices(cli, tmp_path):
    content = valid_copy(tmp_path)
    text = question_with("[9:30, 10:15, 11:00]", "[9:30, 10:15]").replace("single", "multi")
    (content / "times.yaml").write_text(text)
    status, out, err = cli("check", str(content))
    assert status == 0, out + err


@pytest.mark.parametrize(
    ("field", "value", "code", "words"),
    [
        ("since", "2019-03-01 10:00:00", "E210", "must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ("since", "0x7E3", "E210", "must be YYYY, YYYY-MM or YYYY-MM-DD"),
        ("id", "012", "E202", "YAML read it as a number; put the text in quotes"),
        ("summary", "yes", "E202", "YAML read it as true; put the text in quotes"),
    ],
    ids=["date-with-time", "date-in-hex", "numeric-id", "bool-summary"],
)
def test_typed_values_a_field_cannot_take_are_refused(cli, tmp_path, field, value, code, words):
    """A date with a time was cut to the date and `0x7E3` was the year 2019; an id that YAML
    reads as a number is refused with the hint to quote it."""
    content = valid_copy(tmp_path)
    terms = (content / "terms.yaml").read_text(encoding="utf-8")
    old = {"since": "since: 2019", "id": "id: gamma", "summary": "summary: The first fixture term."}
    terms = terms.replace(old[field], f"{field}: {value}", 1)
    (content / "terms.yaml").write_text(terms, encoding="utf-8")
    status, out, _err = cli("check", str(content))
    found = [(m["code"], m["message"]) for m in problems(out)]
    assert status == 1 and any(c == code and words in m for c, m in found), out


# --------------------------------------------------------------------------- 15. temp files


def make_temp(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_bytes(b"SQLite format 3\x00")
    os.utime(path, (time.time() - age, time.time() - age))
    return path


def test_stale_temporary_files_are_removed_but_not_a_live_ones(cli, isolated_home):
    """A build killed with kill -9 left `.kb-*.tmp` forever. Old and unlocked: removed when
    a cache is built; locked by a live build, or young: kept."""
    import fcntl

    folder = isolated_home / "cache"
    folder.mkdir()
    stale = make_temp(folder, ".kb-0123.sqlite.abcd.tmp", 3600)
    journal = make_temp(folder, ".kb-0123.sqlite.abcd.tmp-journal", 3600)
    orphan = make_temp(folder, ".kb-4567.sqlite.efgh.tmp-journal", 3600)
    young = make_temp(folder, ".kb-89ab.sqlite.ijkl.tmp", 5)
    held = make_temp(folder, ".kb-cdef.sqlite.mnop.tmp", 3600)
    fd = os.open(held, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a live build holds
        assert cli("define", "gge")[0] == 0
    finally:
        os.close(fd)
    left = {p.name for p in folder.iterdir()}
    assert stale.name not in left and journal.name not in left and orphan.name not in left
    assert young.name in left and held.name in left


KILLABLE_BUILD = """
import sys, time
from cyberdip_cli.kb import cache
compile_into = cache.compile_into
def slow(conn, *args):
    compile_into(conn, *args)
    print("compiled", flush=True)
    time.sleep(120)
cache.compile_into = slow
from cyberdip_cli.__main__ import main
main(sys.argv[1:])
"""


def test_kill_9_during_a_build_leaves_a_file_the_next_build_removes(tmp_path, isolated_home):
    """A real process killed mid-build: while it lives, its temporary file is locked and
    survives another build even when old; once killed, the next build removes it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLABLE_BUILD, "define", "gge"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert child.stdout.readline().strip() == b"compiled"
        [tmp] = (isolated_home / "cache").glob(".kb-*.tmp")
        os.utime(tmp, (time.time() - 3600, time.time() - 3600))
        other = valid_copy(tmp_path)
        status, _, err = run("--no-builtin", "--content", str(other), "define", "alpha")
        assert status == 0, err
        assert tmp.exists()  # locked by the live build
    finally:
        child.kill()
        child.wait()
    assert tmp.exists()  # what kill -9 leaves
    os.utime(tmp, (time.time() - 3600, time.time() - 3600))
    status, _, err = run("define", "gge")
    assert status == 0, err
    assert not tmp.exists()
    assert list((isolated_home / "cache").glob(".kb-*")) == []


def test_an_edit_that_keeps_size_and_mtime_is_seen(cli, tmp_path):
    """`touch -r` (or an archive with normalised times) keeps size and mtime: the signature
    also has the ctime, which nothing but the kernel sets."""
    content = valid_copy(tmp_path)
    terms = content / "terms.yaml"
    before = terms.stat()
    assert cli("--no-builtin", "--content", str(content), "define", "alpha")[1].count("first") >= 1
    text = terms.read_text(encoding="utf-8").replace(
        "The first fixture term.", "The 1st fixture term!!!"
    )
    assert len(text.encode()) == before.st_size
    terms.write_text(text, encoding="utf-8")
    os.utime(terms, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert terms.stat().st_mtime_ns == before.st_mtime_ns
    status, out, err = cli("--no-builtin", "--content", str(content), "define", "alpha")
    assert status == 0 and "The 1st fixture term!!!" in out, out + err


# --------------------------------------------------------------------------- 16. unreadable


def unreadable_run(tmp_path: Path, paths: list[Path], *args: str):
    """Run cyberdip with `paths` unreadable. chmod 000 does not stop root: as root the files
    are given to an unmapped owner and the command runs in a user namespace (unshare -r),
    where root's override does not reach them."""
    root = os.geteuid() == 0
    for path in paths:
        if root:
            os.chown(path, 12345, 12345)
        path.chmod(0)
    try:
        prefix = ()
        if root:
            if not shutil.which("unshare") or subprocess.run(["unshare", "-r", "true"]).returncode:
                pytest.skip(
                    "running as root and no user namespace (unshare -r) to drop the override"
                )
            prefix = ("unshare", "-r")
        env = {"CYBERDIP_HOME": str(tmp_path / "home")}
        return run(*args, env=env, prefix=prefix, cwd=tmp_path)
    finally:
        for path in paths:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_an_unreadable_pack_file_is_one_problem_naming_it(cli, tmp_path):
    """pack.yaml unreadable: the folder was checked as a standalone set (the pack's
    references to built-in content became spurious errors)."""
    pack = tmp_path / "course"
    assert cli("new-pack", str(pack))[0] == 0
    head, sources = (pack / "pack.yaml").read_text(encoding="utf-8").split("\nsources:\n")
    (pack / "pack.yaml").write_text(head, encoding="utf-8")  # only the `pack:` section
    (pack / "sources.yaml").write_text("sources:\n" + sources, encoding="utf-8")
    assert cli("check", str(pack))[0] == 0
    status, out, err = unreadable_run(tmp_path, [pack / "pack.yaml"], "check", str(pack))
    assert status == 1 and "Traceback" not in err, out + err
    [problem] = problems(out)
    assert problem["code"] == "E101" and problem["path"].endswith("pack.yaml"), out
    assert "Permission denied" in problem["message"]


def test_an_unreadable_folder_is_a_problem_not_skipped(cli, tmp_path):
    content = valid_copy(tmp_path)
    more = content / "more"
    more.mkdir()
    (content / "topics.yaml").rename(more / "topics.yaml")
    assert cli("check", str(content))[0] == 0
    status, out, err = unreadable_run(tmp_path, [more], "check", str(content))
    assert status == 1 and "Traceback" not in err, out + err
    [problem] = [m for m in problems(out) if m["code"] == "E101"]
    assert problem["path"].endswith("more") and int(problem["line"]) == 0, out
    assert "cannot read the folder (Permission denied)" in problem["message"]


def test_an_unreadable_content_file_is_a_problem(cli, tmp_path):
    content = valid_copy(tmp_path)
    status, out, err = unreadable_run(tmp_path, [content / "terms.yaml"], "check", str(content))
    assert status == 1 and "Traceback" not in err, out + err
    assert any(m["code"] == "E101" and m["path"].endswith("terms.yaml") for m in problems(out))


def test_a_warm_define_does_not_import_yaml(tmp_path):
    """The signature's new checks stay on the standard library."""
    env = {"CYBERDIP_HOME": str(tmp_path / "home")}
    assert run("define", "gge", env=env)[0] == 0
    code = (
        "import sys; from cyberdip_cli.__main__ import main; main(['define', 'gge']); "
        "sys.stdout.write(str('yaml' in sys.modules))"
    )
    full = {**os.environ, **env, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True)
    assert done.stdout.endswith("False"), done.stdout[-200:] + done.stderr


def test_sqlite_full_on_memory_is_the_size_limit(tmp_path):
    """The in-memory fallback tells a full disk from the size limit: memory is never full."""
    from cyberdip_cli.kb.cache import _is_full
    from cyberdip_cli.kb.compile import limit_size

    conn = sqlite3.connect(":memory:")
    limit_size(conn, 64 * 1024)
    conn.execute("CREATE TABLE t (x)")
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.executemany("INSERT INTO t VALUES (?)", (("z" * 1000,) for _ in range(1000)))
    assert _is_full(caught.value)
