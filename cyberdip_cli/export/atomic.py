"""Write a file all at once or not at all, and never over an existing one without --force."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import CyberdipError


def check_target(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise CyberdipError(
            f"{path} already exists", hint="add --force to overwrite it, or choose another --out"
        )
    if path.exists() and path.is_dir():
        raise CyberdipError(f"{path} is a directory", hint="give a file name with --out")
    if not path.parent.exists():
        raise CyberdipError(
            f"folder {path.parent} does not exist", hint="create it first, or choose another --out"
        )


def write_atomic(path: Path, data: bytes, force: bool) -> None:
    check_target(path, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise CyberdipError(
            f"cannot write {path}: {exc.strerror or exc}",
            hint="check the folder is writable and has space",
        ) from None
