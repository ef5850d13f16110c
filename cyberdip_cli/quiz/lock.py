"""One advisory lock per progress database, so a repair never swaps files under a quiz.

Every process that opens progress holds a SHARED flock on a sidecar file
(`progress.sqlite3.lock`) for as long as it has the database open; `--repair` and
`--restore` take it EXCLUSIVE, without waiting, and swap files only while they hold it. The
sidecar is never replaced or deleted, so every process always locks the same inode. A
killed process's lock goes with it (the kernel drops flocks when the file is closed).

SQLite's own locks cannot do this: they protect one transaction, while a quiz keeps its
connection open between answers, and a file replaced under an open connection would take
its later answers into the deleted file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import Fault, ProgressError

try:
    import fcntl
except ImportError:  # Windows: no flock; locking is skipped there
    fcntl = None  # type: ignore[assignment]

SHARED_WAIT_SECONDS = 30.0  # a repair takes a few seconds; a quiz may wait for it to finish
_POLL_SECONDS = 0.05
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class ProgressLock:
    """The sidecar lock of one database; `release` is safe to call more than once."""

    def __init__(self, db_path: Path):
        self.path = lock_path(db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire_shared(self, wait: float = SHARED_WAIT_SECONDS) -> bool:
        """Take the lock shared, waiting up to `wait` s for a repair; False when unlockable.

        A folder where the sidecar cannot be created is read-only, so nothing there can be
        written or swapped either: the caller goes on without the lock and SQLite reports
        the read-only folder in its own words.
        """
        if fcntl is None:
            return False
        fd = self._open()
        if fd is None:
            return False
        deadline = time.monotonic() + wait
        while not _try_flock(fd, fcntl.LOCK_SH):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise ProgressError(
                    Fault.IN_USE,
                    "a repair or restore of your progress is still running",
                    hint="try again when it has finished",
                )
            time.sleep(_POLL_SECONDS)
        self._fd = fd
        return True

    def acquire_exclusive(self) -> None:
        """Take the lock exclusive at once, or refuse: a quiz (or other cyberdip) is open."""
        if fcntl is None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if exc.errno in _READ_ONLY:
                raise ProgressError(
                    Fault.READ_ONLY,
                    f"cannot change your progress: {self.path.parent} is read-only",
                    hint="repair and restore write a new file beside the old one",
                ) from None
            raise ProgressError(
                Fault.CANNOT_OPEN,
                f"cannot lock {self.path}: {exc.strerror}",
                hint="check the folder exists and is writable",
            ) from None
        if not _try_flock(fd, fcntl.LOCK_EX):
            os.close(fd)
            raise ProgressError(
                Fault.IN_USE,
                "your progress is in use by another cyberdip (is a quiz open?)",
                hint="finish or quit it, then run this command again",
            )
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __del__(self) -> None:
        # A store a command forgot to close must not keep the lock (and so block a repair)
        # for the rest of a long-lived process, such as the test suite's in-process runs.
        self.release()

    def _open(self) -> int | None:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if exc.errno not in _READ_ONLY:
                return None
        try:  # an existing sidecar in a read-only folder can still be locked for reading
            return os.open(self.path, os.O_RDONLY)
        except OSError:
            return None


def _try_flock(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            return True  # a filesystem without flock (some network mounts): go on unlocked
        raise
    return True


@contextlib.contextmanager
def exclusive(db_path: Path) -> Iterator[ProgressLock]:
    lock = ProgressLock(db_path)
    lock.acquire_exclusive()
    try:
        yield lock
    finally:
        lock.release()
