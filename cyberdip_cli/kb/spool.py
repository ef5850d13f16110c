"""RecordList: the loader's list of validated records, kept compact.

A 100,000-term pack is about 300 MB as Python dicts and lists. The loader appends each
record as it is validated; a RecordList keeps them as marshal blocks of BLOCK records, in
memory while they are small and in an unnamed temporary file (in the cache folder, so on
disk, not in a RAM-backed /tmp) once they pass SPILL_BYTES. Reading gives the records back
in order, decoded a block at a time: each read is a fresh copy, so a change to a record
read back is not kept (the loader, the derivations and the compiler only read them).

It is a read-only sequence for everything after the loader: len(), iteration, indexing and
slicing work as on a list.
"""

import contextlib
import marshal
import os
from collections.abc import Iterator
from typing import Any

BLOCK = 64
SPILL_BYTES = 32 * 1024 * 1024


class RecordList:
    is_record_list = True  # registry.walk treats it as a list section

    def __init__(self) -> None:
        self._open: list[Any] = []  # the block being filled, as objects
        self._blocks: list[bytes | tuple[int, int]] = []  # bytes, or (offset, size) in _file
        self._held = 0  # bytes of blocks held in memory
        self._file = None
        self._dropped: set[int] = set()  # positions removed (a pack replaced the entry)
        self._count = 0
        self._cache: tuple[int, list] | None = None  # the last block decoded

    # -- writing (the loader) -----------------------------------------------------------

    def append(self, record: Any) -> int:
        """Add a record at the end; returns its position (for `put` and `drop`)."""
        self._open.append(record)
        self._count += 1
        if len(self._open) >= BLOCK:
            self._seal()
        return self._count - 1

    def reserve(self) -> int:
        """Keep a place at the end for a record decided later (`put` it, or `drop` it)."""
        return self.append(None)

    def put(self, position: int, record: Any) -> None:
        """Set the record at a reserved position."""
        block, offset = divmod(position, BLOCK)
        if block == len(self._blocks):
            self._open[offset] = record
            return
        records = list(self._block(block))
        records[offset] = record
        self._store(block, records)

    def drop(self, position: int) -> None:
        """Remove the record at `position` (a later pack replaced the entry, or a reserved
        place was not used); positions of the others do not change."""
        self._dropped.add(position)

    def _seal(self) -> None:
        records, self._open = self._open, []
        self._blocks.append(b"")
        self._store(len(self._blocks) - 1, records)

    def _store(self, block: int, records: list) -> None:
        from .compile import encode

        blob = encode(records)
        if self._cache is not None and self._cache[0] == block:
            self._cache = None
        if self._file is None and self._held + len(blob) > SPILL_BYTES:
            self._spill()
        old = self._blocks[block]
        if self._file is not None:
            offset = self._file.seek(0, os.SEEK_END)
            self._file.write(blob)
            self._blocks[block] = (offset, len(blob))
        else:
            self._held += len(blob) - (len(old) if isinstance(old, bytes) else 0)
            self._blocks[block] = blob

    def _spill(self) -> None:
        """Move the blocks held so far to a temporary file; later ones are written there."""
        handle = _temporary_file()
        if handle is None:
            return  # nowhere to write: keep everything in memory
        self._file = handle
        blocks = []
        for blob in self._blocks:
            offset = handle.seek(0, os.SEEK_END)
            handle.write(blob)
            blocks.append((offset, len(blob)))
        self._blocks, self._held = blocks, 0

    # -- reading ------------------------------------------------------------------------

    def _block(self, index: int) -> list:
        if self._cache is not None and self._cache[0] == index:
            return self._cache[1]
        stored = self._blocks[index]
        if isinstance(stored, tuple):
            offset, size = stored
            self._file.seek(offset)
            stored = self._file.read(size)
        records = marshal.loads(stored)
        self._cache = (index, records)
        return records

    def _iter_all(self) -> Iterator[Any]:
        for index in range(len(self._blocks)):
            yield from self._block(index)
        yield from self._open

    def __iter__(self) -> Iterator[Any]:
        if not self._dropped:
            yield from self._iter_all()
            return
        for position, record in enumerate(self._iter_all()):
            if position not in self._dropped:
                yield record

    def __len__(self) -> int:
        return self._count - len(self._dropped)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return list(self)[index]
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("RecordList index out of range")
        if self._dropped:
            for position, record in enumerate(self):
                if position == index:
                    return record
        block, offset = divmod(index, BLOCK)
        if block == len(self._blocks):
            return self._open[offset]
        return self._block(block)[offset]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, RecordList)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<RecordList of {len(self)} records>"

    def close(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()

    def __del__(self) -> None:
        self.close()


def _temporary_file():
    """An unnamed temporary file in the cache folder (on disk), else in the system's."""
    import tempfile

    from ..paths import cache_dir

    for folder in (cache_dir, lambda: None):
        try:
            where = folder()
            if where is not None:
                where.mkdir(parents=True, exist_ok=True)
            return tempfile.TemporaryFile(prefix=".cyberdip-spool-", dir=where)
        except OSError:
            continue
    return None
