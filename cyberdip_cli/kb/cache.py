"""The content cache: a SQLite file built from the YAML once, then only queried.

The cache file name carries a signature of every content file (path, size, mtime), so an
edit makes a new cache on the next run. It is written to a temporary file and renamed into
place, so two processes building at once both succeed and a crash leaves no broken cache.
"""

import contextlib
import os
import sqlite3
import zlib
from pathlib import Path

from .. import __version__
from ..errors import CyberdipError
from ..sqlite_paths import sqlite_uri
from .compile import CACHE_FORMAT, compile_into
from .registry import Registry
from .store import Store

KEEP_CACHES = 3  # other content sets (packs on and off) kept compiled besides the current one


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
    """Identity of the content files (paths, sizes, mtimes) as a short hex string.

    zlib's checksums rather than hashlib: importing hashlib costs more than the whole lookup.
    """
    parts = [f"{__version__}:{CACHE_FORMAT}"]
    for directory in directories:
        parts.append(str(directory.resolve()))
        if not directory.is_dir():
            raise CyberdipError(
                f"content directory not found: {directory}",
                hint="check the --content option or the CYBERDIP_CONTENT variable",
            )
        for root, dirnames, filenames in os.walk(directory):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(".yaml"):
                    st = os.stat(os.path.join(root, name))
                    parts.append(f"{root}/{name}:{st.st_size}:{st.st_mtime_ns}")
    blob = "\n".join(parts).encode()
    return f"{zlib.crc32(blob):08x}{zlib.adler32(blob):08x}{len(parts):x}"


def open_store(directories: list[Path], registry: Registry) -> Store:
    """Open the compiled cache for these directories, building it first when needed."""
    sig = signature(directories)
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
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _build_file(kb, registry, sig, folder, path)
        _remove_stale(folder, keep=path, keep_recent=KEEP_CACHES)
        return Store(sqlite3.connect(sqlite_uri(path, "ro"), uri=True), registry)
    except OSError:
        # Read-only or full disk: work from memory this time rather than fail.
        conn = sqlite3.connect(":memory:")
        compile_into(conn, kb, registry, sig)
        return Store(conn, registry)


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


def _build_file(kb, registry: Registry, sig: str, folder: Path, path: Path) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            compile_into(conn, kb, registry, sig)
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
