"""Safe, bounded YAML reading that keeps line numbers and refuses duplicate keys.

PyYAML's own loaders silently keep the last of two equal keys and expand aliases
without limit, and they forget where a value came from. We build the tree from the
parser's event stream instead: iteratively (no recursion limit to hit), with limits on
size, depth and alias expansion (in values and in characters), and with the line of every
mapping and key kept. A plain scalar that YAML 1.1 typed (`9:30` is 570, `0x1F` is 31) also
keeps the text it was written as, for the fields that want text (kb/validate.py).

Why events and not `yaml.compose` with the C loader: composing resolves every scalar's tag
in Python too, and measured slower than this builder (1.8 s against 1.7 s on a 10,000-term
pack) before any walk of the nodes for duplicate keys and limits.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat as _stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 2_000_000  # values built per file, aliases counted as expanded
# Characters of scalar text a file may expand to through aliases. Without aliases a file
# never holds more text than its own size (escapes and folding only shrink it), so the
# budget only bites on aliases: 20 times the file (at least 2 MiB, for small files that
# reuse a list), and never more than 20 MiB, four times the largest file allowed. Before,
# only values were counted: a 100 KB string aliased 5,000 times passed as 5,000 values.
EXPANSION_FACTOR = 20
MIN_EXPANDED_CHARS = 2 * 1024 * 1024
MAX_EXPANDED_CHARS = 20 * 1024 * 1024


def expansion_budget(file_chars: int) -> int:
    return min(MAX_EXPANDED_CHARS, max(MIN_EXPANDED_CHARS, EXPANSION_FACTOR * file_chars))


@dataclass(frozen=True)
class YamlProblem:
    """A problem that stops a file from being read at all."""

    line: int
    code: str
    message: str


class YamlFileError(Exception):
    def __init__(self, problem: YamlProblem, unreadable: bool = False):
        super().__init__(problem.message)
        self.problem = problem
        # A regular file that exists but could not be read (permissions, I/O error): its
        # content is unknown, unlike a FIFO or a dangling link, which cannot be content.
        self.unreadable = unreadable


class LMap(dict):
    """A mapping that remembers its own line and the line of each key.

    `raw` holds, for a value YAML typed from a plain scalar (number, date), the text it was
    written as (None until there is one)."""

    __slots__ = ("key_lines", "line", "raw")

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        self.raw: dict[Any, str] | None = None


class LList(list):
    """A sequence that remembers its line and the line of each item (`raw`: as in LMap, by
    item index)."""

    __slots__ = ("item_lines", "line", "raw")

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []
        self.raw: dict[int, str] | None = None


def written_as(container: Any, key: Any) -> str | None:
    """The source text of a typed plain scalar in an LMap (by key) or LList (by index)."""
    raw = getattr(container, "raw", None)
    return raw.get(key) if raw else None


def _yaml():
    import yaml

    return yaml


def _fail(line: int, code: str, message: str, unreadable: bool = False) -> YamlFileError:
    return YamlFileError(YamlProblem(line, code, message), unreadable)


_KINDS = (
    (_stat.S_ISDIR, "a folder"),
    (_stat.S_ISFIFO, "a named pipe (FIFO)"),
    (_stat.S_ISCHR, "a character device"),
    (_stat.S_ISBLK, "a block device"),
    (_stat.S_ISSOCK, "a socket"),
)


def _not_regular(path: Path, mode: int) -> YamlFileError:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    if _stat.S_ISDIR(mode):
        # content_files lists a folder only when it could not list what is inside.
        try:
            os.listdir(path)
            reason = "it is a folder"
        except OSError as exc:
            reason = exc.strerror or str(exc)
        return _fail(0, "E101", f"cannot read the folder ({reason}); its files were not read")
    return _fail(0, "E101", f"not a regular file ({kind}); content files must be regular files")


def _cannot_open(path: Path, exc: OSError) -> YamlFileError:
    import errno

    if exc.errno == errno.ELOOP:
        return _fail(0, "E101", "cannot read file: a loop of symbolic links")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        try:
            target = shorten(os.readlink(path))
        except OSError:
            target = "?"
        return _fail(
            0, "E101", f"cannot read file: a symbolic link to '{target}', which is missing"
        )
    return _fail(0, "E101", f"cannot read file: {exc.strerror or exc}", unreadable=True)


def _too_big(size: int) -> YamlFileError:
    return _fail(
        0, "E101", f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; split it"
    )


def read_bytes(path: Path) -> bytes:
    """The bytes of a content file: only a regular file (after following a link) of at most
    MAX_FILE_BYTES is read. A FIFO would block forever and a link to /dev/zero read until
    memory runs out; a stat first, then the descriptor itself (O_NONBLOCK: opening a FIFO
    that appeared in between does not wait) is checked again before reading."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _cannot_open(path, exc) from None
    if not _stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode)
    if st.st_size > MAX_FILE_BYTES:
        raise _too_big(st.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _cannot_open(path, exc) from None
    try:
        st = os.fstat(fd)
        if not _stat.S_ISREG(st.st_mode):
            raise _not_regular(path, st.st_mode)
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _fail(0, "E101", f"cannot read file: {exc.strerror or exc}", True) from None
    finally:
        os.close(fd)
    if total > MAX_FILE_BYTES:
        raise _too_big(max(total, st.st_size))  # it grew while being read
    return b"".join(chunks)


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, refusing what a text editor would hide."""
    raw = read_bytes(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _fail(1, "E102", "file starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            line, "E102", f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8"
        ) from None
    if not _may_hold_controls(raw) and "\t" not in text:
        return text  # the common case, told by fast byte scans of the whole file
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
# The UTF-8 bytes of every character _RAW_CONTROL refuses: C0 controls and DEL stand for
# themselves, C1 controls start with \xc2, U+FFFE and U+FFFF with \xef\xbf. A file with
# none of them (and no tab) needs no line-by-line scan.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b in (9, 10, 13) or 32 <= b < 127 or b > 127)


def _may_hold_controls(raw: bytes) -> bool:
    return bool(raw.translate(None, _NOT_CONTROL_BYTES)) or b"\xc2" in raw or b"\xef\xbf" in raw


def parse(text: str) -> Any:
    """Build plain Python values (LMap, LList, scalars) from YAML text."""
    yaml = _yaml()
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        return _build(loader, yaml, expansion_budget(len(text)))
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
    text = str(value)
    if not text.isprintable():  # every line break is unprintable
        text = _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(message: str) -> str:
    """Problems are printed one per line: fold any line breaks the YAML library put in."""
    return " ".join(message.split())


def load_file(path: Path) -> Any:
    return parse(read_text(path))


def _build(loader: Any, yaml: Any, budget: int) -> Any:
    """The values of the one document in `loader`'s event stream.

    Hot path of a cold start (every scalar of every file passes here once), so events are
    told apart by class identity and the common case, an untagged scalar, is inlined."""
    ev = yaml.events
    Scalar, Alias = ev.ScalarEvent, ev.AliasEvent
    MapStart, SeqStart = ev.MappingStartEvent, ev.SequenceStartEvent
    MapEnd, SeqEnd, DocStart = ev.MappingEndEvent, ev.SequenceEndEvent, ev.DocumentStartEvent
    implicit_tags = _implicit_resolvers(yaml)
    constructor = yaml.constructor.SafeConstructor()
    get_event = loader.get_event
    # anchor -> (value, values it expands to, characters it expands to, its source text)
    anchors: dict[str, tuple[Any, int, int, str | None]] = {}
    # Open containers: [container, is_map, pending key or _NO_KEY, key line, anchor,
    # values before it, characters before it, its line]
    stack: list[list[Any]] = []
    top: list[Any] | None = None  # stack[-1]
    root: Any = None
    have_root = False
    nodes = 0
    chars = 0
    documents = 0

    def attach(value: Any, line: int, source: str | None) -> None:
        nonlocal root, have_root
        if top is None:
            root, have_root = value, True
            return
        container = top[0]
        if not top[1]:
            if source is not None:
                if container.raw is None:
                    container.raw = {}
                container.raw[len(container)] = source
            container.append(value)
            container.item_lines.append(line)
            return
        if top[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _fail(line, "E100", "a mapping key must be a plain value")
            top[2], top[3] = value, line
            return
        key = top[2]
        top[2] = _NO_KEY
        if key in container:
            raise _duplicate(key, top[3], container)
        container[key] = value
        container.key_lines[key] = top[3]
        if source is not None:
            if container.raw is None:
                container.raw = {}
            container.raw[key] = source

    while True:
        event = get_event()
        if event is None:
            break
        cls = event.__class__
        if cls is Scalar:
            text = event.value
            line = event.start_mark.line + 1
            source = None
            if event.implicit[0]:
                # Plain and untagged: YAML 1.1 types it when its first character allows.
                tags = implicit_tags.get(text[:1])
                value = text
                if tags:
                    for tag, regexp in tags:
                        if regexp.match(text):
                            value, source = _typed(tag, event, constructor, yaml)
                            break
            elif event.tag is None or event.tag == "!":
                value = text
            else:
                value, source = _typed(event.tag, event, constructor, yaml)
            nodes += 1
            chars += len(text)
            if nodes > MAX_NODES:
                raise _fail(line, "E101", "document expands to too many values (alias bomb?)")
            if event.anchor:
                anchors[event.anchor] = (value, 1, len(text), source)
            # attach(value, line, source), inlined for the two common cases.
            if top is None:
                attach(value, line, source)
            elif top[1]:
                key = top[2]
                if key is _NO_KEY:
                    top[2], top[3] = value, line
                    continue
                container = top[0]
                top[2] = _NO_KEY
                if key in container:
                    raise _duplicate(key, top[3], container)
                container[key] = value
                container.key_lines[key] = top[3]
                if source is not None:
                    if container.raw is None:
                        container.raw = {}
                    container.raw[key] = source
            else:
                container = top[0]
                if source is not None:
                    if container.raw is None:
                        container.raw = {}
                    container.raw[len(container)] = source
                container.append(value)
                container.item_lines.append(line)
        elif cls is MapStart or cls is SeqStart:
            line = event.start_mark.line + 1
            if len(stack) >= MAX_DEPTH:
                raise _fail(line, "E101", f"nesting deeper than {MAX_DEPTH} levels")
            is_map = cls is MapStart
            if event.tag not in (None, "!", _MAP_TAG if is_map else _SEQ_TAG):
                # Nothing is constructed from it, but silently dropping the tag would hide
                # `!!python/object`, `!!set` or `!!omap` from the author.
                raise _fail(line, "E100", f"unsupported YAML tag {shorten(event.tag)}")
            container = LMap(line) if is_map else LList(line)
            top = [container, is_map, _NO_KEY, 0, event.anchor, nodes, chars, line]
            stack.append(top)
        elif cls is MapEnd or cls is SeqEnd:
            container, _is_map, _key, _kl, anchor, start_nodes, start_chars, start_line = (
                stack.pop()
            )
            top = stack[-1] if stack else None
            nodes += 1
            if nodes > MAX_NODES:
                raise _fail(start_line, "E101", "document expands to too many values (alias bomb?)")
            if anchor:
                anchors[anchor] = (container, nodes - start_nodes, chars - start_chars, None)
            attach(container, start_line, None)
        elif cls is Alias:
            line = event.start_mark.line + 1 if event.start_mark else 0
            if event.anchor not in anchors:
                raise _fail(line, "E100", f"unknown alias '*{event.anchor}'")
            value, weight, size, source = anchors[event.anchor]
            nodes += weight
            chars += size
            if nodes > MAX_NODES:
                raise _fail(line, "E101", "document expands to too many values (alias bomb?)")
            if chars > budget:
                raise _fail(
                    line,
                    "E101",
                    f"aliases expand the document to over {budget:,} characters of text "
                    f"({EXPANSION_FACTOR} times the file, at most {MAX_EXPANDED_CHARS:,}; "
                    "alias bomb?)",
                )
            attach(value, line, source)
        elif cls is DocStart:
            documents += 1
            if documents > 1:
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise _fail(line, "E103", "only one YAML document per file")
    return root if have_root else None


_NO_KEY = object()


def _duplicate(key: Any, line: int, container: LMap) -> YamlFileError:
    first = container.key_lines[key]
    return _fail(line, "E105", f"duplicate key '{shorten(key)}' (first on line {first})")


_RESOLVERS: dict[str, list[tuple[str, Any]]] | None = None


def _implicit_resolvers(yaml: Any) -> dict[str, list[tuple[str, Any]]]:
    """The safe resolver's implicit tags by first character, as Resolver.resolve reads them
    (with the wildcard list appended), looked up without a call per scalar."""
    global _RESOLVERS
    if _RESOLVERS is None:
        table = yaml.resolver.Resolver.yaml_implicit_resolvers
        wildcard = list(table.get(None, []))
        _RESOLVERS = {k: list(v) + wildcard for k, v in table.items() if k is not None}
        if wildcard:
            raise RuntimeError("wildcard implicit resolvers are not expected")  # pragma: no cover
    return _RESOLVERS


def _typed(tag: str, event: Any, constructor: Any, yaml: Any) -> tuple[Any, str | None]:
    """The value of a scalar YAML gives a type, and the text it was written as when that
    was implicit (for a field that wants text: `9:30`, `0x1F`, `012`, `2019-03-01`)."""
    if tag == _STR_TAG:
        return event.value, None
    line = event.start_mark.line + 1 if event.start_mark else 0
    if tag not in _SAFE_TAGS:
        raise _fail(line, "E100", f"unsupported YAML tag {shorten(tag)}")
    implicit = event.tag is None
    node = yaml.nodes.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        value = constructor.yaml_constructors[tag](constructor, node)
    except (ValueError, TypeError, OverflowError, ArithmeticError, yaml.YAMLError):
        # Looks like a date or number but is not one (2019-13-45, a 5,000-digit integer):
        # an implicit value stays text so the field check can say what is wrong; an
        # explicit tag (`!!int abc`) is a syntax problem.
        if implicit or event.tag == "!":
            return event.value, None
        kind = tag.rsplit(":", 1)[-1]
        raise _fail(line, "E100", f"'{shorten(event.value, 40)}' is not a valid {kind}") from None
    if isinstance(value, _dt.datetime):
        # A time of day has no place in content: the date alone would silently drop it,
        # so the text stays as written (a date field then says what format it wants).
        return event.value, None
    if isinstance(value, _dt.date):
        value = value.isoformat()
    if value is None or isinstance(value, bool) or not implicit:
        return value, None  # true/false keep their quoting hint; explicit tags were asked for
    return value, event.value


_STR_TAG = "tag:yaml.org,2002:str"


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_SAFE_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
