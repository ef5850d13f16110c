"""Where content, caches and saved progress live."""

from __future__ import annotations

import os
import re
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_content_dir() -> Path:
    """The shipped content: inside the wheel, or the repo's content/ in a checkout."""
    bundled = _PACKAGE_DIR / "_content"
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / "content"


def doc_path(name: str) -> Path:
    """A reference page (EXPORT.md, CONTENT.md): inside the wheel, or the repo's docs/."""
    bundled = _PACKAGE_DIR / "_docs" / name
    if bundled.is_file():
        return bundled
    return _PACKAGE_DIR.parent / "docs" / name


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


def unique_dirs(dirs: list[Path]) -> list[Path]:
    """Each directory once, resolved (so a symlink or `./pack` is the same as `pack`), in the
    order first given: the same pack named twice must not clash with itself."""
    out: list[Path] = []
    for d in dirs:
        resolved = Path(d).expanduser().resolve()
        if resolved not in out:
            out.append(resolved)
    return out


def extra_content_dirs(cli_dirs: list[str] | None = None) -> list[Path]:
    """Content packs: --content DIR options first, then the CYBERDIP_CONTENT path list."""
    dirs = [Path(d) for d in (cli_dirs or [])]
    env = os.environ.get("CYBERDIP_CONTENT", "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return unique_dirs(dirs)


_PACK_KEY = re.compile(rb"^pack\s*:", re.MULTILINE)


def is_pack(directory: Path) -> bool:
    """A top-level `pack:` key in any file; a text scan, so the YAML is parsed once (by check).

    The files the loader reads, read as it does (regular files only: a FIFO named
    `a.yaml` no longer hangs this). A file that cannot be read may be the `pack.yaml`: it
    counts as a pack, so the pack's other files are checked against the built-in content
    and the one problem is the unreadable file (the loader reports it)."""
    from .kb.validate import content_files
    from .kb.yamlsafe import YamlFileError, read_bytes

    for path in content_files(directory):
        try:
            if _PACK_KEY.search(read_bytes(path)):
                return True
        except YamlFileError as exc:
            if exc.unreadable:
                return True
    return False


def check_dirs(dirs: list[Path], builtin: bool = True) -> list[Path]:
    """What `cyberdip check DIR...` loads: the directories together, after the built-in
    content when any of them is a pack (its references may point at built-in entries)."""
    dirs = unique_dirs(dirs)
    if builtin and any(is_pack(d) for d in dirs if d.is_dir()):
        return unique_dirs([builtin_content_dir(), *dirs])
    return dirs


def check_command(dirs: list[Path]) -> str:
    """The `cyberdip check ...` command that checks exactly these content directories."""
    import shlex

    builtin = builtin_content_dir().resolve()
    packs = [d for d in unique_dirs(dirs) if d != builtin]
    words = ["cyberdip"]
    if packs and builtin not in unique_dirs(dirs) and any(is_pack(d) for d in packs):
        words.append("--no-builtin")
    words.append("check")
    words += [shlex.quote(_shown(d)) for d in packs]
    return " ".join(words)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
