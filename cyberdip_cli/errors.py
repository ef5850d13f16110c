"""The one error type that reaches the user as a clear line."""

from __future__ import annotations

# Exit codes shared by every command.
EXIT_OK = 0
EXIT_NOT_FOUND = 1  # not found, or content invalid
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


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
