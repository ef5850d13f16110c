"""Write a file all at once or not at all, and never over an existing one without --force.

Only a regular file is ever replaced: `--force` over a FIFO, a device, a socket or a
process substitution (`--out >(gzip)`, which is /dev/fd/N) would have swapped a temporary
file in its place or failed half-way, so those are refused with one line, as are a missing
or unwritable folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import CyberdipError
from ..textsafe import clean

_KINDS = (
    (stat.S_ISFIFO, "a pipe (FIFO or process substitution)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def _special_kind(mode: int) -> str | None:
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any work, a target that cannot or must not be replaced."""
    shown = clean(path)
    try:
        mode = path.stat().st_mode  # follows a symlink: /dev/fd/N names the pipe itself
    except (FileNotFoundError, NotADirectoryError):
        mode = None  # the folder check below says what is wrong with the folder
    except OSError as exc:
        raise CyberdipError(
            f"cannot use {shown}: {exc.strerror}", hint="choose another --out"
        ) from None
    if mode is not None:
        kind = _special_kind(mode)
        if kind == "a directory":
            raise CyberdipError(f"{shown} is a directory", hint="give a file name with --out")
        if kind is not None:
            raise CyberdipError(
                f"{shown} is {kind}, not a regular file; it is never replaced",
                hint="give a file name with --out, or leave --out out and redirect stdout",
            )
        if not force:
            raise CyberdipError(
                f"{shown} already exists",
                hint="add --force to overwrite it, or choose another --out",
            )
    _check_folder(path.parent)


def _check_folder(folder: Path) -> None:
    shown = clean(folder)
    if not folder.exists():
        raise CyberdipError(
            f"folder {shown} does not exist", hint="create it first, or choose another --out"
        )
    if not folder.is_dir():
        raise CyberdipError(f"{shown} is not a folder", hint="choose another --out")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CyberdipError(
            f"folder {shown} is not writable", hint="choose a folder you can write to"
        )


def _mode_for(path: Path) -> int:
    """Keep an overwritten file's mode; a new file gets the usual 0666 less the umask."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, force: bool) -> None:
    with open_atomic(path, force) as handle:
        handle.write(data)


@contextlib.contextmanager
def open_atomic(path: Path, force: bool) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: a temporary file in the same folder, renamed
    over `path` only when the block ends without an error (else removed). For output too
    large to build in memory first (a JSON export of a large pack)."""
    check_target(path, force)
    mode = _mode_for(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        check_target(path, force)  # again: something may have appeared there meanwhile
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise CyberdipError(
            f"cannot write {clean(path)}: {exc.strerror or exc}",
            hint="check the folder is writable and has space",
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
