"""Entry point: runs the Typer app and turns every expected failure into one clear line."""

from __future__ import annotations

import errno
import os
import sys

# Writing the output failed for a reason the user can fix (`cyberdip export > /dev/full`).
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def main(argv: list[str] | None = None) -> int:
    from .errors import EXIT_INTERRUPTED, EXIT_USAGE, CyberdipError

    args = sys.argv[1:] if argv is None else argv
    _replace_unencodable()
    try:
        from .lazy_imports import install

        install()  # before Typer is imported: see lazy_imports.py
        from typer import exceptions as typer_exc
        from typer._click import exceptions as click_exc  # Typer vendors Click
        from typer.main import get_command

        from .app import build_app

        completing = "_CYBERDIP_COMPLETE" in os.environ
        command = get_command(build_app(None if completing else args))
        try:
            result = command.main(args=args, prog_name="cyberdip", standalone_mode=False)
        except click_exc.UsageError as exc:
            from .console import error_line

            where = exc.ctx.command_path if exc.ctx else "cyberdip"
            error_line(exc.format_message(), f"see `{where} --help`")
            return EXIT_USAGE
        except typer_exc.Abort:
            sys.stderr.write("aborted\n")
            return EXIT_INTERRUPTED
        sys.stdout.flush()  # here, not at exit, so a full disk is reported like any failure
        return result if isinstance(result, int) else 0
    except CyberdipError as exc:
        from .console import error_line

        error_line(exc.message, exc.hint)
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (`cyberdip ... | head`); silence the flush at exit too.
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            raise
        from .console import error_line

        _silence_stdout()  # the unwritten output would fail again at exit
        error_line(f"cannot write {exc.filename or 'the output'}: {exc.strerror}")
        return 1
    except Exception as exc:
        import sqlite3

        if not isinstance(exc, sqlite3.DatabaseError):
            raise
        return _database_error(exc)
    except KeyboardInterrupt:
        from .errors import INTERRUPTED

        sys.stderr.write(f"\n{INTERRUPTED}\n")
        return EXIT_INTERRUPTED


def _database_error(exc: Exception) -> int:
    """An SQLite error nobody explained. Only one raised inside kb/ (the content cache, which
    holds nothing the YAML cannot rebuild) may delete the cache; any other is reported and
    nothing is deleted, since it may be the learner's progress."""
    from .console import error_line

    origin = _origin(exc)
    if origin is not None and origin.startswith("kb" + os.sep):
        from .kb.cache import discard_caches

        discard_caches()
        error_line(
            f"the content cache was damaged ({exc}) and has been removed", "run the command again"
        )
        return 1
    error_line(
        f"unexpected database error ({exc}) in {origin or 'an unknown place'}",
        "nothing was deleted; please report this with the command you ran",
    )
    return 1


def _origin(exc: BaseException) -> str | None:
    """The cyberdip source file (relative to the package) where `exc` was raised."""
    import traceback

    package = os.path.dirname(os.path.abspath(__file__))
    last = None
    for frame, _line in traceback.walk_tb(exc.__traceback__):
        filename = os.path.abspath(frame.f_code.co_filename)
        if filename.startswith(package + os.sep):
            last = os.path.relpath(filename, package)
    return last


def _replace_unencodable() -> None:
    """In a locale whose encoding cannot carry every character (LANG=C.ISO-8859-1,
    PYTHONIOENCODING=latin-1), a character it lacks is written as `?` rather than raising
    UnicodeEncodeError halfway through the output. The one place: rich, the plain writes,
    JSON and the exports all write to these two streams."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding.startswith("utf") or getattr(stream, "errors", "strict") != "strict":
            continue
        reconfigure = getattr(stream, "reconfigure", None)  # a test's StringIO has none
        if reconfigure is not None:
            reconfigure(errors="replace")


def _silence_stdout() -> None:
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests capture output in memory)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def run() -> None:
    """The `cyberdip` command: main() as a short-lived process (docs/PERFORMANCE.md).

    Two things a process that exits within a tenth of a second does not need, each about a
    tenth of a run on the benchmark machine: the cyclic garbage collector's passes over the
    tens of thousands of objects that importing Typer and rich creates (nothing they
    create is garbage; the threshold is raised, not the collector switched off), and the
    interpreter's teardown of every module at exit (`_leave`)."""
    import gc

    gc.set_threshold(100_000, 50, 1000)
    _leave(main())


def _leave(code: int) -> None:
    """Exit with `code`, skipping the interpreter's teardown when nothing needs it: the
    output is flushed, no other thread runs and no atexit callback is registered (an Anki
    export registers some). Otherwise, and if flushing fails, a normal sys.exit."""
    import atexit
    import threading

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)  # the usual exit reports or silences it
    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython
    if callbacks is not None and callbacks() == 0 and threading.active_count() == 1:
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
