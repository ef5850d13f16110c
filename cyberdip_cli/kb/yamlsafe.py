"""Safe, bounded YAML reading that keeps line numbers and refuses duplicate keys.

PyYAML's own loaders silently keep the last of two equal keys and expand aliases
without limit, and they forget where a value came from. We build the tree from the
parser's event stream instead: iteratively (no recursion limit to hit), with limits on
size, depth and alias expansion, and with the line of every mapping and key kept.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 2_000_000  # values built per file, aliases counted as expanded


@dataclass(frozen=True)
class YamlProblem:
    """A problem that stops a file from being read at all."""

    line: int
    code: str
    message: str


class YamlFileError(Exception):
    def __init__(self, problem: YamlProblem):
        super().__init__(problem.message)
        self.problem = problem


class LMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class LList(list):
    """A sequence that remembers its line and the line of each item."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


def _yaml():
    import yaml

    return yaml


def _fail(line: int, code: str, message: str) -> YamlFileError:
    return YamlFileError(YamlProblem(line, code, message))


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, refusing what a text editor would hide."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(0, "E101", f"cannot read file: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise _fail(
            0, "E101", f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; split it"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(0, "E101", f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _fail(1, "E102", "file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            line, "E102", f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8"
        ) from None
    for number, line_text in enumerate(text.splitlines(keepends=True), 1):
        bad = _RAW_CONTROL.search(line_text)
        if bad:
            # PyYAML would refuse these too, but with no line and a two-line message.
            raise _fail(
                number,
                "E110",
                f"control character U+{ord(bad.group()):04X} in the file; "
                "remove it (escape sequences are never allowed in content)",
            )
        stripped = line_text.lstrip(" ")
        if stripped.startswith("\t"):
            raise _fail(number, "E102", "tab used for indentation; YAML needs spaces")
    return text


# Raw C0/C1 controls other than tab, line feed and carriage return, DEL, and the two
# non-characters YAML refuses. (Line breaks that splitlines() splits on are among them,
# so they end a line and are still found there.)
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def parse(text: str) -> Any:
    """Build plain Python values (LMap, LList, scalars) from YAML text."""
    yaml = _yaml()
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        return _build(loader, yaml)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or "invalid YAML"
        raise _fail(line, "E100", f"YAML syntax: {_one_line(what)}") from None
    except yaml.reader.ReaderError as exc:
        position = exc.position if isinstance(exc.position, int) else -1
        line = text.count("\n", 0, position) + 1 if position >= 0 else 0
        what = f"character U+{exc.character:04X} is not allowed in YAML"
        raise _fail(line, "E100", what) from None
    except yaml.YAMLError as exc:
        raise _fail(0, "E100", f"YAML syntax: {_one_line(str(exc))}") from None
    finally:
        loader.dispose()


_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def shorten(value: Any, limit: int = 60) -> str:
    """A value echoed in a message: line breaks shown as escapes, long values cut, so that
    one problem always stays one line."""
    text = _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(message: str) -> str:
    """Problems are printed one per line: fold any line breaks the YAML library put in."""
    return " ".join(message.split())


def load_file(path: Path) -> Any:
    return parse(read_text(path))


def _build(loader: Any, yaml: Any) -> Any:
    events = yaml.events
    resolver = yaml.resolver.Resolver()
    constructor = yaml.constructor.SafeConstructor()
    anchors: dict[str, tuple[Any, int]] = {}
    # Stack of open containers: [container, pending_key_or_marker, anchor, node_count_at_start]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    nodes = 0
    documents = 0

    def attach(value: Any, line: int, weight: int) -> None:
        nonlocal root, have_root, nodes
        nodes += weight
        if nodes > MAX_NODES:
            raise _fail(line, "E101", "document expands to too many values (alias bomb?)")
        if not stack:
            root, have_root = value, True
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, LList):
            container.append(value)
            container.item_lines.append(line)
            return
        if frame[1] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _fail(line, "E100", "a mapping key must be a plain value")
            frame[1] = (value, line)
            return
        key, key_line = frame[1]
        frame[1] = _NO_KEY
        if key in container:
            raise _fail(
                key_line,
                "E105",
                f"duplicate key '{shorten(key)}' (first on line {container.key_lines[key]})",
            )
        container[key] = value
        container.key_lines[key] = key_line

    while True:
        event = loader.get_event()
        if event is None:
            break
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, events.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _fail(line, "E103", "only one YAML document per file")
        elif isinstance(event, events.ScalarEvent):
            value = _scalar(event, resolver, constructor, yaml)
            _remember(anchors, event.anchor, value, 1)
            attach(value, line, 1)
        elif isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _fail(line, "E101", f"nesting deeper than {MAX_DEPTH} levels")
            is_map = isinstance(event, events.MappingStartEvent)
            if event.tag not in (None, "!", _MAP_TAG if is_map else _SEQ_TAG):
                # Nothing is constructed from it, but silently dropping the tag would hide
                # `!!python/object`, `!!set` or `!!omap` from the author.
                raise _fail(line, "E100", f"unsupported YAML tag {shorten(event.tag)}")
            container = LMap(line) if is_map else LList(line)
            stack.append([container, _NO_KEY, event.anchor, nodes, line])
        elif isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
            container, _pending, anchor, start_nodes, start_line = stack.pop()
            weight = nodes - start_nodes + 1
            _remember(anchors, anchor, container, weight)
            attach(container, start_line, 1)
        elif isinstance(event, events.AliasEvent):
            if event.anchor not in anchors:
                raise _fail(line, "E100", f"unknown alias '*{event.anchor}'")
            value, weight = anchors[event.anchor]
            attach(value, line, weight)
    return root if have_root else None


_NO_KEY = object()


def _remember(anchors: dict[str, tuple[Any, int]], anchor: str | None, value: Any, w: int) -> None:
    if anchor:
        anchors[anchor] = (value, w)


def _scalar(event: Any, resolver: Any, constructor: Any, yaml: Any) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = resolver.resolve(yaml.nodes.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:str":
        return event.value
    node = yaml.nodes.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    if tag not in _SAFE_TAGS:
        raise _fail(event.start_mark.line + 1, "E100", f"unsupported YAML tag {shorten(tag)}")
    try:
        value = constructor.construct_object(node)
    except (ValueError, TypeError, OverflowError, ArithmeticError, yaml.YAMLError):
        # Looks like a date or number but is not one (2019-13-45, a 5,000-digit integer):
        # an implicit value stays text so the field check can say what is wrong; an
        # explicit tag (`!!int abc`) is a syntax problem.
        if event.tag in (None, "!"):
            return event.value
        line = event.start_mark.line + 1 if event.start_mark else 0
        kind = tag.rsplit(":", 1)[-1]
        raise _fail(line, "E100", f"'{shorten(event.value, 40)}' is not a valid {kind}") from None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return value


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_SAFE_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
