"""What one invocation of cyberdip runs with: created once by the app callback and passed on.

Nothing here is a module global: a test makes its own `Runtime`, and the store it opens is
the store of that runtime's content directories, whatever ran before.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from .kb.registry import Registry
    from .kb.store import Store


# Plain classes, not dataclasses: every run makes one, and generating a dataclass's methods
# costs about a millisecond of start-up each (docs/PERFORMANCE.md).


class Look:
    """How views are drawn: renderers receive this instead of reading global options."""

    __slots__ = ("plain",)

    def __init__(self, plain: bool = False):
        object.__setattr__(self, "plain", plain)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Look is read-only: cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Look) and other.plain == self.plain

    def __hash__(self) -> int:
        return hash(self.plain)

    def __repr__(self) -> str:
        return f"Look(plain={self.plain!r})"


class Runtime:
    def __init__(
        self,
        content: list[str] | None = None,  # --content DIR options
        plain: bool = False,
        no_pager: bool = False,
        builtin: bool = True,  # --no-builtin: only the packs
    ):
        self.content = list(content or [])
        self.plain = plain
        self.no_pager = no_pager
        self.builtin = builtin
        self._store: Store | None = None
        self._registry: Registry | None = None

    def __repr__(self) -> str:
        return (
            f"Runtime(content={self.content!r}, plain={self.plain!r}, "
            f"no_pager={self.no_pager!r}, builtin={self.builtin!r})"
        )

    @property
    def look(self) -> Look:
        return Look(plain=self.plain)

    @property
    def registry(self) -> "Registry":
        if self._registry is None:
            from .kb.registry import default_registry

            self._registry = default_registry()
        return self._registry

    def content_dirs(self) -> list:
        from .paths import builtin_content_dir, extra_content_dirs, unique_dirs

        packs = extra_content_dirs(self.content)
        return unique_dirs([builtin_content_dir(), *packs]) if self.builtin else packs

    def store(self) -> "Store":
        """The compiled content of this run, opened (and built if needed) on first use."""
        if self._store is None:
            from .errors import CyberdipError
            from .kb.cache import open_store

            dirs = self.content_dirs()
            if not dirs:
                raise CyberdipError(
                    "--no-builtin needs at least one content pack",
                    hint="add --content DIR, or set CYBERDIP_CONTENT",
                )
            self._store = open_store(dirs, self.registry)
        return self._store

    def console(self, stderr: bool = False) -> "Console":
        from .console import make_console

        return make_console(self.plain, stderr=stderr)

    def emit(self, view: Any, render: Any, json_out: bool, long: bool = False) -> None:
        """The one way a command outputs a view: as JSON, or drawn by `render(look, view)`."""
        from .console import print_json

        if json_out:
            print_json(view)
            return
        self.show(render(self.look, view), long=long)

    def show(self, *renderables: Any, long: bool = False) -> None:
        from .console import show

        show(self.console(), *renderables, long=long and not self.no_pager, plain=self.plain)


def runtime(ctx: Any) -> Runtime:
    """The runtime of a Typer/Click context (a plain one where no callback made it, as in
    shell completion)."""
    root = ctx.find_root() if ctx is not None else None
    obj = getattr(root, "obj", None)
    if isinstance(obj, Runtime):
        return obj
    rt = Runtime(content=list((getattr(root, "params", None) or {}).get("content") or []))
    if root is not None:
        root.obj = rt
    return rt
