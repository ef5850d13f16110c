"""SHA-256 without importing hashlib.

`import hashlib` loads OpenSSL (about 2.5 ms, docs/PERFORMANCE.md), which a quiz paid on
every first answer for one digest of a question id. CPython's own SHA-256 module gives the
same digest; hashlib is the fallback where a build leaves that module out.
"""

from collections.abc import Callable

_make: Callable | None = None  # the sha256 constructor, found on first use


def sha256(data: bytes) -> bytes:
    """The SHA-256 digest of `data` (the same bytes as hashlib.sha256(data).digest())."""
    global _make
    if _make is None:
        _make = _constructor()
    return _make(data).digest()


def _constructor() -> Callable:
    # Looked up once: a failed import is not cached by Python, so trying it per call would
    # search sys.path every time.
    try:
        from _sha2 import sha256 as make  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256 as make  # Python 3.11
        except ImportError:
            from hashlib import sha256 as make
    return make
