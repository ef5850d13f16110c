"""SHA-256 without importing hashlib.

`import hashlib` loads OpenSSL (about 2.5 ms, docs/PERFORMANCE.md), which a quiz paid on
every first answer for one digest of a question id. CPython's own SHA-256 module gives the
same digest; hashlib is the fallback where a build leaves that module out.
"""


def sha256(data: bytes) -> bytes:
    """The SHA-256 digest of `data` (the same bytes as hashlib.sha256(data).digest())."""
    try:
        from _sha2 import sha256 as make  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256 as make  # Python 3.11
        except ImportError:
            from hashlib import sha256 as make
    return make(data).digest()
