"""Access to the compiled content for the current run (built-in plus any packs)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .kb.store import Store


@cache
def store() -> Store:
    from .console import settings
    from .kb.store import open_store
    from .paths import builtin_content_dir, extra_content_dirs

    return open_store([builtin_content_dir(), *extra_content_dirs(settings.content)])
