"""Reading what the learner typed: letters or numbers, for every question type.

`parse` never raises: it returns either a normalised answer or a message saying what to
type instead, so an invalid answer re-prompts and never counts.
"""

from __future__ import annotations

import re

from ..records import record

LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SPLIT = re.compile(r"[\s,;/]+")
COMMANDS = {"?": "hint", "hint": "hint", "h": "hint", "q": "quit", "quit": "quit", "exit": "quit"}


@record(frozen=True)
class Parsed:
    command: str | None = None  # "hint" or "quit"
    picks: tuple[int, ...] = ()  # 0-based positions in the shown choices
    error: str | None = None


def _token_index(token: str, count: int) -> int | None:
    # ASCII digits only: "²".isdigit() is true but int("²") raises.
    if token.isascii() and token.isdigit():
        n = int(token)
        return n - 1 if 1 <= n <= count else None
    if len(token) == 1 and token in LETTERS[:count]:
        return LETTERS.index(token)
    return None


def _tokens(text: str) -> list[str]:
    tokens = [x for x in _SPLIT.split(text) if x]
    # "acd" is three letters, "12" could be twelve: split letter runs only.
    if len(tokens) == 1 and tokens[0].isalpha() and len(tokens[0]) > 1:
        return list(tokens[0])
    return tokens


def parse(text: str, qtype: str, count: int) -> Parsed:
    raw = text.strip().lower()
    if raw in COMMANDS:
        return Parsed(command=COMMANDS[raw])
    if not raw:
        return Parsed(error="type an answer, ? for a hint, or q to quit")
    if len(raw) > 200:
        return Parsed(error="that answer is too long")
    if qtype == "true_false":
        if raw in ("t", "true", "a", "1", "y", "yes"):
            return Parsed(picks=(0,))
        if raw in ("f", "false", "b", "2", "n", "no"):
            return Parsed(picks=(1,))
        return Parsed(error="answer t (true) or f (false)")
    if count < 1:
        return Parsed(error="this question has no choices to pick from")
    count = min(count, len(LETTERS))  # letters name at most 26 choices
    last = LETTERS[count - 1]
    tokens = _tokens(raw)
    picks = [_token_index(tok, count) for tok in tokens]
    if any(p is None for p in picks):
        return Parsed(
            error=f"answer with a letter from a to {last} (or a number from 1 to {count})"
        )
    if len(set(picks)) != len(picks):
        return Parsed(error="each choice may appear only once")
    if qtype == "single" and len(picks) != 1:
        return Parsed(error=f"pick exactly one letter from a to {last}")
    if qtype == "multi" and len(picks) < 1:
        return Parsed(error="pick one or more letters, e.g. a,c")
    if qtype == "order" and len(picks) != count:
        return Parsed(error=f"give all {count} letters in order, e.g. {' '.join(LETTERS[:count])}")
    return Parsed(picks=tuple(p for p in picks if p is not None))
