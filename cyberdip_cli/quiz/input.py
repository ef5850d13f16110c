"""The one input layer of the quiz and the drills: lines in, answers or commands out.

A terminal gets line editing; a pipe is read line by line, each answer echoed so a
transcript reads like the terminal session did. End of input is None, never an error.
"""

import contextlib
import sys
from collections.abc import Callable

from ..records import record
from .answers import Parsed, parse

ReadLine = Callable[[str], str | None]


def line_reader(interactive: bool | None = None) -> ReadLine:
    """Read one line: with line editing in a terminal, plain lines from a pipe; None at EOF."""
    from ..console import clean

    interactive = sys.stdin.isatty() if interactive is None else interactive
    # Bytes that are not UTF-8 become U+FFFD (and a re-prompt) instead of a UnicodeDecodeError
    # that would also lose the valid answers decoded from the same buffer.
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdin.reconfigure(errors="replace")

    def read_line(prompt: str) -> str | None:
        if interactive:
            try:
                return input(prompt)
            except EOFError:
                return None
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        sys.stdout.write(clean(line.rstrip("\r\n")) + "\n")
        return line.rstrip("\n") if line else None

    return read_line


@record(frozen=True)
class Read:
    """What one prompt produced: an answer (`parsed.picks`), or why the run ends."""

    parsed: Parsed | None = None
    ended_by: str | None = None  # "quit" or "eof"


def read_answer(
    read_line: ReadLine,
    prompt: str,
    qtype: str,
    count: int,
    on_hint: Callable[[], None],
    on_invalid: Callable[[str], None],
) -> Read:
    """Prompt until the learner gives a valid answer, quits, or input ends.

    `?` shows a hint and asks again; an invalid answer says what to type and asks again,
    so neither ever counts as an answer.
    """
    while True:
        line = read_line(prompt)
        if line is None:
            return Read(ended_by="eof")
        parsed = parse(line, qtype, count)
        if parsed.command == "quit":
            return Read(ended_by="quit")
        if parsed.command == "hint":
            on_hint()
            continue
        if parsed.error:
            on_invalid(parsed.error)
            continue
        return Read(parsed=parsed)


def wait_for_enter(read_line: ReadLine, interactive: bool) -> bool:
    """In a terminal, hold the feedback on screen until Enter; False if input ended."""
    if not interactive:
        return True
    return read_line("Press Enter to go on ") is not None
