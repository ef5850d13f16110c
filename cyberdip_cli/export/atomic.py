"""Write a file all at once or not at all, and never over an existing one without --force."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import CyberdipError


def check_target(path: Path, force: bool) -> None:
    if path.is_dir():
        raise CyberdipError(f"{path} is a directory", hint="give a file name with --out")
    if path.exists() and not force:
        raise CyberdipError(
            f"{path} already exists", hint="add --force to overwrite it, or choose another --out"
        )
    if not path.parent.exists():
        raise CyberdipError(
            f"folder {path.parent} does not exist", hint="create it first, or choose another --out"
        )


def _mode_for(path: Path) -> int:
    """Keep an overwritten file's mode; a new file gets the usual 0666 less the umask."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, force: bool) -> None:
    check_target(path, force)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CyberdipError(
                f"cannot write {path}: {exc.strerror or exc}",
                hint="check the folder is writable and has space",
            ) from None
        raise
