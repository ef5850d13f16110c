"""Work done by a forked child process on the second core, its result sent back as marshal.

For work over data the parent already holds (the Anki export's question cards, the rows
the content cache's writer is sent down a pipe made before the fork): the child gets it by
the fork, copy-on-write. Linux only
(fork is its safe default), and only before any thread exists: a child forked while a
thread holds a lock would inherit the lock held. Whatever goes wrong in the child, the
parent gets None from `Pending.result()` and does the work itself, so a failure here never
reaches the user.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import sys
from collections.abc import Callable
from typing import Any


class Pending:
    """A child at work: `result()` waits for its value (None if it failed)."""

    def __init__(self, pid: int, read_fd: int):
        self.pid, self.read_fd = pid, read_fd

    def result(self) -> Any:
        try:
            with os.fdopen(self.read_fd, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(self.pid, 0)
        if status != 0:
            return None
        try:
            return marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None

    def cancel(self) -> None:
        """Stop the child (the parent is leaving early: Ctrl-C, an error)."""
        with contextlib.suppress(OSError):  # it may have ended, or been reaped, already
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.read_fd)


def usable_cpus() -> int:
    """The CPUs a forked child could run on: 1 where cyberdip does not fork (not Linux)."""
    if not sys.platform.startswith("linux"):
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return usable_cpus() > 1


def start(work: Callable[[], Any]) -> Pending | None:
    """Run `work()` in a forked child; None where that cannot be done (the caller works
    alone). Its value must be what marshal can write (lists, tuples, strings, numbers)."""
    if not can_fork():
        return None
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns
        code = 1
        try:
            # Ctrl-C reaches the whole process group: the parent handles it, and kills
            # this child (Pending.cancel) rather than have it print anything.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.close(read_fd)
            data = marshal.dumps(work())
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            code = 0
        except BaseException:  # the parent redoes the work, whatever went wrong here
            pass
        os._exit(code)  # no atexit, no buffers of the parent flushed twice
    os.close(write_fd)
    return Pending(pid, read_fd)
