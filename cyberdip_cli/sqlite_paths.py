"""SQLite URIs that name exactly the file meant, whatever characters its path holds.

`f"file:{path}?mode=ro"` cuts the path at a `#` or `?` and decodes a `%41` in it, so a home
folder named `notes#2` or `100%AB` opened another file or none. The path is made absolute and
percent-quoted; `file://` plus an absolute path leaves the authority empty, so a path that
starts with `//` is not read as a host name either.
"""

from __future__ import annotations

import os
from pathlib import Path

MODES = ("ro", "rw", "rwc")


def sqlite_uri(path: str | os.PathLike[str], mode: str = "ro", *, immutable: bool = False) -> str:
    """A `file:` URI for `sqlite3.connect(..., uri=True)`: mode ro, rw or rwc (create).

    `immutable` (read-only use): SQLite takes no lock and creates no -shm/-wal file beside
    it; only for a file nothing writes and that has no -wal of its own (e.g. a backup).
    """
    from urllib.parse import quote  # deferred: only commands that open a database need it

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    absolute = Path(os.path.abspath(path)).as_posix()
    if not absolute.startswith("/"):
        absolute = "/" + absolute  # a Windows drive: file:///C:/...
    uri = f"file://{quote(absolute, safe='/')}?mode={mode}"
    return uri + "&immutable=1" if immutable else uri
