"""Stand-ins for modules Typer imports at start-up but a content command never uses.

`import typer` pulls in `subprocess` (browser launching, completion install), `shellingham`
(detecting the shell for `--install-completion`) and, through `shutil`, `fnmatch`, `bz2`
and `lzma` (archives): 7 to 12 ms of every start
(docs/PERFORMANCE.md). `install()`, called before Typer is imported, puts a stand-in in
`sys.modules` for each one not imported yet. A stand-in imports the real module the first
time anything reads or sets one of its attributes, and forwards to it from then on, so
completion, the pager and `--install-completion` work as before, only paying for the
import when they run.

The same goes for `typing_extensions`, which fsrs (the quiz's scheduler) imports for one
name, `Self`: on Python 3.11+ that is `typing.Self`, so the stand-in holds it and the
5 ms module is imported only if anything else is read from it.

`importlib.util.LazyLoader` cannot do this: its module loads on the import system's own
`__spec__` check, i.e. at once. A stand-in keeps a `__spec__` of its own for that check.
"""

import sys
from importlib import import_module
from importlib.machinery import ModuleSpec
from types import ModuleType

# module -> a module that must be importable for the stand-in to be honest: the C part of
# bz2 and lzma is optional in a Python build, shellingham is a third-party package.
DEFERRED = {
    "subprocess": None,
    "fnmatch": None,
    "bz2": "_bz2",
    "lzma": "_lzma",
    "shellingham": "shellingham",
    "typing_extensions": "typing_extensions",
}

PACKAGES = frozenset({"shellingham"})  # the deferred modules that are packages (have __path__)


class Deferred(ModuleType):
    """A module object that imports the real module on first attribute use."""

    def __init__(self, name: str, preset: dict | None = None):
        super().__init__(name)
        # Forward these too (to the real module's values) rather than answer None.
        for own in ("__doc__", "__loader__", "__package__"):
            self.__dict__.pop(own, None)
        # The import system reads __spec__ of every module `import` finds in sys.modules
        # (to tell whether it is still initialising): a spec of our own answers it without
        # loading anything.
        self.__dict__["__spec__"] = ModuleSpec(name, None)
        self.__dict__["_deferred_real"] = None
        # Names whose value is known without the module (the same objects it would give).
        self.__dict__.update(preset or {})

    def _deferred_load(self) -> ModuleType:
        real = self.__dict__["_deferred_real"]
        if real is None:
            name = self.__name__
            if sys.modules.get(name) is self:
                del sys.modules[name]
            try:
                real = import_module(name)
            except BaseException:
                sys.modules.setdefault(name, self)
                raise
            self.__dict__["_deferred_real"] = real
        return real

    def __getattr__(self, attr: str):
        # Only called for names the stand-in does not hold itself (its __name__, __spec__).
        if attr == "__path__" and self.__name__ not in PACKAGES:
            # `from X import Y` asks whether X is a package before it reads Y: a plain
            # module says no without being loaded (Y may be a preset name).
            raise AttributeError(attr)
        return getattr(self._deferred_load(), attr)

    def __setattr__(self, attr: str, value) -> None:
        setattr(self._deferred_load(), attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(self._deferred_load(), attr)

    def __dir__(self):
        return dir(self._deferred_load())

    def __repr__(self) -> str:
        state = "loaded" if self.__dict__["_deferred_real"] is not None else "not loaded yet"
        return f"<deferred module {self.__name__!r} ({state})>"


def install() -> None:
    """Put a stand-in in sys.modules for each deferred module nobody has imported yet."""
    modules = sys.modules
    for name, needs in DEFERRED.items():
        if name in modules:
            continue
        if needs is not None and needs not in modules and not _importable(needs):
            continue  # let `import` fail (or succeed) exactly as it would have
        modules[name] = Deferred(name, _preset(name))


def loaded(name: str) -> bool:
    """Whether the real module `name` has been imported (a stand-in not yet used is not)."""
    module = sys.modules.get(name)
    if module is None:
        return False
    if isinstance(module, Deferred):
        return module.__dict__["_deferred_real"] is not None
    return True


def _preset(name: str) -> dict | None:
    if name == "typing_extensions":
        import typing

        # typing_extensions re-exports typing.Self on 3.11+ (`Self = typing.Self`).
        return {"Self": typing.Self} if hasattr(typing, "Self") else None
    return None


def _importable(name: str) -> bool:
    from importlib.util import find_spec

    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return False
