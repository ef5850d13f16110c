"""The error types that reach the user as a clear line (never a traceback)."""

from __future__ import annotations

# Exit codes shared by every command.
EXIT_OK = 0
EXIT_NOT_FOUND = 1  # not found, or content invalid
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# What Ctrl-C outside a quiz or drill prints: exports, the cache and saved progress are
# written whole or not at all, so an interrupted command leaves nothing half-done.
INTERRUPTED = "interrupted: nothing half-written was kept; run the command again"


class CyberdipError(Exception):
    """A problem the user can act on: shown as `error: message` plus an optional hint."""

    def __init__(self, message: str, hint: str | None = None, exit_code: int = EXIT_NOT_FOUND):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code


class UsageError(CyberdipError):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message, hint, EXIT_USAGE)


class Fault:
    """What went wrong with the progress database: each has its own message and hint.

    Plain string constants rather than an enum: this module is imported on every run, and
    creating an enum class costs more than everything else in it."""

    DISK_FULL = "disk-full"
    READ_ONLY = "read-only"
    LOCKED = "locked"
    CORRUPT = "corrupt"  # the only fault `progress --repair` is suggested for
    CANNOT_OPEN = "cannot-open"
    IO = "io"
    NEWER_SCHEMA = "newer-schema"
    IN_USE = "in-use"  # a quiz holds the progress lock; repair and restore must wait


class ProgressError(CyberdipError):
    """A progress database failure, explained where it happened (quiz/progress.py)."""

    def __init__(self, fault: Fault, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.fault = fault


class ContentCacheDamaged(CyberdipError):
    """The compiled content cache cannot be read. Raised by kb/ only, after it has deleted
    the cache (kb.cache.discard_caches), which holds nothing the YAML cannot rebuild: the
    layer that knows the error is the cache's is the one that discards it. Any other
    database error never deletes anything (see __main__._database_error)."""

    def __init__(self, detail: str):
        super().__init__(
            f"the content cache was damaged ({detail}) and has been removed",
            hint="run the command again",
        )
        self.detail = detail
