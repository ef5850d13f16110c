"""The content cache's SQLite writes in a child process, while this process makes the rows.

Compiling a large pack is two halves of about the same cost: Python making rows (names,
stems, search documents, generated questions, fingerprints) and SQLite storing them and
building its indexes. One process does them in turn; here the child (forked, so it needs
nothing but the file's path) does the SQLite half on the second core while this process
makes the next batches. Batches go down a pipe as marshal data; the pipe's buffer holds
the faster half back.

Errors come back as what compile_into would have raised: SQLite's own (a full disk, the
size limit: cache.py tells them apart by `sqlite_errorname`), or an OSError for anything
else, after which cache.py compiles in memory as it does for a read-only disk.
"""

from __future__ import annotations

import marshal
import sqlite3
from typing import Any

from .registry import Registry

# Below this much YAML the child costs more than it saves (and small builds stay simple).
MIN_CONTENT_BYTES = 16 * 1024 * 1024


def wanted(content_bytes: int) -> bool:
    from .. import forked

    return content_bytes >= MIN_CONTENT_BYTES and forked.can_fork()


def compile_file(path: str, kb: Any, registry: Registry, sig: str, max_bytes: int) -> None:
    """compile_into on a new database file at `path`, its writes done by a child process."""
    from multiprocessing import Pipe

    from .. import forked
    from ..progress_bar import work_bar
    from .compile import count_items, fill

    rows_in, rows_out = Pipe(duplex=False)

    def work() -> tuple:
        rows_out.close()  # the child's copy: the parent's close must read as the end
        return _write(path, max_bytes, rows_in)

    # Forked before the progress bar's thread exists (forked.py says why).
    child = forked.start(work)
    rows_in.close()
    if child is None:
        raise OSError("the cache writer could not start")  # cache.py compiles in memory
    outcome = None
    try:
        total = count_items(kb, registry)
        try:
            with work_bar("Compiling the content cache", total) as step:

                def send(table: str, batch: list[tuple]) -> None:
                    rows_out.send_bytes(marshal.dumps((table, batch)))

                packs = fill(send, kb, registry, step)
                rows_out.send_bytes(marshal.dumps(("", (sorted(packs), sig))))
        except BrokenPipeError:
            pass  # the writer stopped early (a full disk): its outcome says why
        rows_out.close()
        # The writer's last part, its indexes, takes seconds with every row in: say so
        # rather than leave a full bar standing.
        with work_bar("Building the search index", total, pulse=True):
            outcome = child.result()
        child = None
    finally:
        rows_out.close()
        if child is not None:  # this process is leaving early (Ctrl-C, an error): so is the writer
            child.cancel()
    _raise_for(outcome or ("error", "OSError", "", "the cache writer stopped"))


def _write(path: str, max_bytes: int, rows: Any) -> tuple:
    """The child: store every batch it is sent, then build the indexes; what happened."""
    from .compile import finish, limit_size, prepare, write_rows

    try:
        conn = sqlite3.connect(path)
        try:
            limit_size(conn, max_bytes)
            prepare(conn)
            for table, batch in _received(rows):
                if not table:
                    finish(conn, *batch)
                    break
                write_rows(conn, table, batch)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return ("error", type(exc).__name__, getattr(exc, "sqlite_errorname", ""), str(exc))
    except Exception as exc:  # the parent compiles in memory instead
        return ("error", "OSError", "", f"the cache writer failed: {exc!r}")
    return ("ok",)


QUEUED_BATCHES = 8  # what the child reads ahead: a few batches, tens of megabytes at most


def _received(rows: Any):
    """The batches as they arrive, read ahead by a thread: while SQLite stores one batch,
    the next ones leave the pipe, so the parent is not held up waiting for the child to
    read (one process reading and writing in turn made the two halves take turns too)."""
    import queue
    import threading

    arrived: queue.Queue = queue.Queue(QUEUED_BATCHES)

    def read() -> None:
        try:
            while True:
                arrived.put(rows.recv_bytes())
        except (EOFError, OSError):
            arrived.put(None)  # the parent closed its end: after the last batch, or early

    threading.Thread(target=read, daemon=True).start()
    while True:
        message = arrived.get()
        if message is None:
            raise EOFError("the compile stopped before its end")
        table, batch = marshal.loads(message)
        yield table, batch
        if not table:
            return


def _raise_for(outcome: tuple) -> None:
    if outcome[0] == "ok":
        return
    _, kind, errorname, message = outcome
    error_class = getattr(sqlite3, kind, None)
    if isinstance(error_class, type) and issubclass(error_class, sqlite3.Error):
        exc = error_class(message)
        exc.sqlite_errorname = errorname
        raise exc
    raise OSError(message)
