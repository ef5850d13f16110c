"""Which characters are unsafe to print, and the one function that makes text inert.

The unsafe set is derived from `unicodedata`, not listed by hand, so a new Unicode version
brings its new format characters with it:

- category Cc (C0 and C1 controls, DEL), except newline and tab;
- category Cs (lone surrogates: what undecodable input bytes become; they cannot even be
  encoded for the terminal);
- every character whose bidirectional class is an embedding, override or isolate (LRE, RLE,
  LRO, RLO, PDF, LRI, RLI, FSI, PDI) and the bidi marks LRM, RLM and ALM;
- category Cf (invisible format characters: zero-width space, word joiner, BOM...), except
  the three that real text needs: soft hyphen U+00AD, ZWNJ U+200C and ZWJ U+200D (Persian,
  Indic scripts, emoji sequences); `format_chars_kept` reports those for a warning;
- the whole tag block U+E0000-U+E007F (invisible "ASCII smuggling").

Why not one regex over every code point: building it means asking unicodedata about all
1,114,112 of them, about 0.5 s on each run. Every unsafe character is non-printable
(`str.isprintable`, implemented in C), so printable text returns at once and otherwise only
the distinct non-printable characters of the text are classified, each once per process.
"""

from __future__ import annotations

import functools

REPLACEMENT = "\ufffd"
KEPT_FORMAT = frozenset("\u00ad\u200c\u200d")  # soft hyphen, ZWNJ, ZWJ
_KEPT_CONTROLS = frozenset("\n\t")
_BIDI_CONTROL_CLASSES = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_BIDI_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM: classes L, R, AL, so named here
_TAG_BLOCK = range(0xE0000, 0xE0080)


@functools.cache
def is_unsafe(char: str) -> bool:
    """True for a character `clean` replaces (see the module docstring for the rule)."""
    if char in _KEPT_CONTROLS or char in KEPT_FORMAT:
        return False
    if ord(char) in _TAG_BLOCK or char in _BIDI_MARKS:
        return True
    import unicodedata  # deferred: printable text, newlines and tabs never need it

    if unicodedata.category(char) in ("Cc", "Cs", "Cf"):
        return True
    return unicodedata.bidirectional(char) in _BIDI_CONTROL_CLASSES


_ASCII_SAFE = bytes(range(32, 127)) + b"\t\n"  # every ASCII character `clean` keeps


def _unsafe_in(text: str) -> list[str]:
    """The distinct unsafe characters of `text` (empty at once for printable text)."""
    if text.isascii():
        # The only unsafe ASCII characters are controls: delete every other one and see
        # whether anything is left (three times quicker than str.isprintable).
        if not text.encode("ascii").translate(None, _ASCII_SAFE):
            return []
    elif text.isprintable():
        return []
    return [c for c in set(text) if not c.isprintable() and is_unsafe(c)]


def clean(text: object) -> str:
    """Content or user input as inert text: every unsafe character becomes U+FFFD."""
    text = str(text)
    bad = _unsafe_in(text)
    if not bad:
        return text
    return text.translate(dict.fromkeys(map(ord, bad), REPLACEMENT))


def _json_escape(char: str) -> str:
    point = ord(char)
    if point <= 0xFFFF:
        return f"\\u{point:04x}"
    point -= 0x10000  # JSON has no escape above U+FFFF: a UTF-16 surrogate pair
    return f"\\u{0xD800 + (point >> 10):04x}\\u{0xDC00 + (point & 0x3FF):04x}"


def escape_json(json_text: str) -> str:
    """JSON text with each unsafe character written as a \\u escape (the data is unchanged).

    For the output of `json.dumps(..., ensure_ascii=False)`: unsafe characters can only be
    inside strings there, where an escape means the same character to every JSON reader.
    """
    bad = _unsafe_in(json_text)
    if not bad:
        return json_text
    return json_text.translate({ord(c): _json_escape(c) for c in bad})


def unsafe_chars(text: str) -> list[str]:
    """Labels ("U+202E RIGHT-TO-LEFT OVERRIDE") of the unsafe characters in `text`, sorted."""
    return [_label(c) for c in sorted(_unsafe_in(str(text)))]


def format_chars_kept(text: str) -> list[str]:
    """Labels of the format characters `clean` keeps (U+00AD, U+200C, U+200D) in `text`.

    They are legitimate in some scripts but invisible, so `check` can warn about them.
    """
    return [_label(c) for c in sorted(KEPT_FORMAT.intersection(str(text)))]


def _label(char: str) -> str:
    import unicodedata

    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"
