"""Where content, caches and saved progress live."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_content_dir() -> Path:
    """The shipped content: inside the wheel, or the repo's content/ in a checkout."""
    bundled = _PACKAGE_DIR / "_content"
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / "content"


def home_dir() -> Path:
    """CYBERDIP_HOME overrides the platform's user data directory (tests always set it)."""
    override = os.environ.get("CYBERDIP_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("cyberdip", appauthor=False)


def cache_dir() -> Path:
    override = os.environ.get("CYBERDIP_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("cyberdip", appauthor=False)


def progress_db_path() -> Path:
    return home_dir() / "progress.sqlite3"


def extra_content_dirs(cli_dirs: list[str] | None = None) -> list[Path]:
    """Content packs: --content DIR options first, then the CYBERDIP_CONTENT path list."""
    dirs = [Path(d).expanduser() for d in (cli_dirs or [])]
    env = os.environ.get("CYBERDIP_CONTENT", "")
    dirs += [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    return dirs
