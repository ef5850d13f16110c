"""The content cache: a SQLite file built from the YAML once, then only queried.

The cache file name carries a signature of every content file (path, size, mtime, ctime),
so an edit makes a new cache on the next run. It is written to a temporary file and
renamed into place, so two processes building at once both succeed and a crash leaves no
broken cache (and the temporary files a killed build leaves are removed by a later build).
"""

import contextlib
import os
import sqlite3
import zlib
from pathlib import Path

from .. import __version__
from ..errors import CyberdipError
from ..sqlite_paths import sqlite_uri
from .compile import CACHE_FORMAT, compile_into, limit_size
from .registry import Registry
from .store import Store

KEEP_CACHES = 3  # other content sets (packs on and off) kept compiled besides the current one
# A temporary file of a build that was killed: older than this and not locked by a live
# build, it is removed when a cache is built (a build of 10,000 terms takes seconds).
STALE_TEMP_SECONDS = 10 * 60
# Compiled content takes about 4.5 times the size of its YAML (106 MB for a 23 MB pack of
# 10,000 terms); a file may expand 20 times through aliases (kb/yamlsafe.py). Beyond 100
# times the files' size, plus 64 MiB for the smallest sets, the content is amplified on
# purpose (a long title repeated in thousands of alias rows): refused, not written.
CACHE_SIZE_FACTOR = 100
CACHE_SIZE_FLOOR = 64 * 1024 * 1024


class ContentInvalid(CyberdipError):
    def __init__(self, problems: list, directories: list[Path]):
        first = problems[0].format()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        from ..paths import check_command

        super().__init__(
            f"content is invalid: {first}{more}",
            hint=f"run `{check_command(directories)}` to see every problem",
        )
        self.problems = problems


def signature(directories: list[Path]) -> str:
    """Identity of the content files (paths, sizes, mtimes, ctimes) as a short hex string."""
    return _scan(directories)[0]


def _scan(directories: list[Path]) -> tuple[str, int]:
    """The signature and the total size of the content files.

    zlib's checksums rather than hashlib: importing hashlib costs more than the whole lookup.
    The ctime is there because size and mtime can stay the same across an edit (`touch -r`,
    an archive with normalised times); nothing but the kernel sets it. Walks as
    validate.content_files does; a name that is a dangling link, a loop or unreadable is
    part of the signature with its error (the loader reports it) instead of raising.
    """
    parts = [f"{__version__}:{CACHE_FORMAT}"]
    total = 0
    for directory in directories:
        parts.append(str(directory.resolve()))
        if not directory.is_dir():
            raise CyberdipError(
                f"content directory not found: {directory}",
                hint="check the --content option or the CYBERDIP_CONTENT variable",
            )
        walk = os.walk(directory, onerror=lambda exc: parts.append(f"{exc.filename}:!{exc.errno}"))
        for root, dirnames, filenames in walk:
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".yaml") and not name.startswith(".#"):
                    try:
                        st = os.stat(os.path.join(root, name))
                    except OSError as exc:
                        parts.append(f"{root}/{name}:!{exc.errno}")
                        continue
                    total += st.st_size
                    parts.append(f"{root}/{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}")
    # A name that is not UTF-8 holds lone surrogates: encode them back to its bytes.
    blob = "\n".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}{len(parts):x}", total


def open_store(directories: list[Path], registry: Registry) -> Store:
    """Open the compiled cache for these directories, building it first when needed."""
    sig, content_bytes = _scan(directories)
    from ..paths import cache_dir

    folder = cache_dir()
    path = folder / f"kb-{sig}.sqlite"
    if path.exists():
        try:
            conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
            if conn.execute("SELECT v FROM meta WHERE k = 'signature'").fetchone() == (sig,):
                return Store(conn, registry)
        except sqlite3.DatabaseError:
            pass  # corrupt or foreign file: rebuild below, replacing it
    kb = _load_valid(directories, registry)
    max_bytes = CACHE_SIZE_FLOOR + CACHE_SIZE_FACTOR * content_bytes
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(folder)  # first: on a nearly full disk it may make the room
        _build_file(kb, registry, sig, folder, path, max_bytes, content_bytes)
        _remove_stale(folder, keep=path, keep_recent=KEEP_CACHES)
        return Store(sqlite3.connect(sqlite_uri(path, "ro"), uri=True), registry)
    except (OSError, sqlite3.OperationalError):
        # Read-only or full disk, an I/O error: work from memory this time rather than fail.
        # A nearly full disk fails inside SQLite (OperationalError "database or disk is
        # full"), not as an OSError. The in-memory build has the same size limit: if it
        # fails too, the limit is the reason, not the disk.
        conn = sqlite3.connect(":memory:")
        try:
            limit_size(conn, max_bytes)
            compile_into(conn, kb, registry, sig)
        except sqlite3.OperationalError as exc:
            conn.close()
            if _is_full(exc):
                raise _too_large(max_bytes, content_bytes) from None
            raise
        return Store(conn, registry)


def _is_full(exc: sqlite3.OperationalError) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name == "SQLITE_FULL" or (not name and "full" in str(exc))


def _too_large(max_bytes: int, content_bytes: int) -> CyberdipError:
    return CyberdipError(
        f"the compiled content would take over {max_bytes // (1024 * 1024):,} MiB, the limit "
        f"for {content_bytes:,} bytes of YAML (64 MiB plus {CACHE_SIZE_FACTOR} times their "
        "size); it was not compiled",
        hint="look for a long value repeated many times (through aliases, or a long name "
        "with many aliases)",
    )


def _load_valid(directories: list[Path], registry: Registry):
    from .derive import derive
    from .loader import load

    result = load(directories, registry)
    if result.errors:
        raise ContentInvalid(sorted(result.errors, key=lambda p: (p.path, p.line)), directories)
    _warn(result.warnings, directories)
    derive(result.kb)
    return result.kb


# Warnings worth a line whenever content is compiled: a pack changing what a lookup finds.
LOAD_WARNINGS = ("W102",)


def _warn(warnings: list, directories: list[Path]) -> None:
    """One line on stderr for the warnings a user of the content (not only its author) should
    see. Said when the content is compiled, which happens once until a file changes."""
    shown = sorted((w for w in warnings if w.code in LOAD_WARNINGS), key=lambda p: (p.path, p.line))
    if not shown:
        return
    import sys

    from ..console import clean
    from ..paths import check_command

    more = f" (and {len(shown) - 1} more)" if len(shown) > 1 else ""
    sys.stderr.write(
        f"warning: {clean(shown[0].format())}{more}; see `{check_command(directories)}`\n"
    )


def _build_file(
    kb, registry: Registry, sig: str, folder: Path, path: Path, max_bytes: int, content_bytes: int
) -> None:
    import tempfile

    from . import writer

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # The descriptor stays open, locked, until the file is in place: a build in another
        # process sees the lock and leaves this live temporary file alone. (Closed only
        # after SQLite's own connection, whose POSIX locks a close would drop.)
        _lock(fd)
        if writer.wanted(content_bytes):
            writer.compile_file(tmp, kb, registry, sig, max_bytes)  # on both cores
        else:
            conn = sqlite3.connect(tmp)
            try:
                limit_size(conn, max_bytes)
                compile_into(conn, kb, registry, sig)
            finally:
                conn.close()
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, tmp + "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise
    finally:
        os.close(fd)


def _lock(fd: int) -> bool:
    """An exclusive, non-blocking lock on `fd`; False when another process holds one."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock (Windows): the age alone decides
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _remove_stale_temps(folder: Path) -> None:
    """Remove the temporary files (and SQLite journals) of builds that were killed: older
    than STALE_TEMP_SECONDS and not locked by a live build. Without this, every `kill -9`
    during a compile left a `.kb-*.tmp` file forever."""
    import time

    now = time.time()
    for tmp in folder.glob(".kb-*.tmp"):
        try:
            if now - tmp.stat().st_mtime < STALE_TEMP_SECONDS:
                continue
            fd = os.open(tmp, os.O_RDONLY)
        except OSError:
            continue
        try:
            if not _lock(fd):
                continue  # a live build, slow or paused
            for leftover in (str(tmp), f"{tmp}-journal"):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
        finally:
            os.close(fd)
    for journal in folder.glob(".kb-*.tmp-journal"):
        main = journal.with_name(journal.name[: -len("-journal")])
        with contextlib.suppress(OSError):
            if not main.exists() and now - journal.stat().st_mtime >= STALE_TEMP_SECONDS:
                journal.unlink()


def discard_caches() -> None:
    from ..paths import cache_dir

    _remove_stale(cache_dir(), keep=None)


def _remove_stale(folder: Path, keep: Path | None, keep_recent: int = 0) -> None:
    """Delete caches other than `keep`, sparing the `keep_recent` most recently built."""

    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    others = sorted((p for p in folder.glob("kb-*.sqlite") if p != keep), key=mtime, reverse=True)
    for old in others[keep_recent:]:
        with contextlib.suppress(OSError):
            old.unlink()
