"""`@record`: the part of `@dataclass` cyberdip uses, without generating code at import.

`@dataclass` writes each class's `__init__`, `__repr__` and `__eq__` as source text and
compiles it, about 0.4 ms a class (0.5 to 0.9 ms frozen) every time the module is imported.
The quiz alone imported eleven of them on every run (docs/PERFORMANCE.md). A record gets
the same methods from shared functions instead:

    @record(frozen=True)
    class Grade:
        score: float
        marks: tuple[str, ...]
        in_place: int = 0
        notes: list[str] = factory(list)

Fields are the class's annotations, in order (`ClassVar` ones excepted); a class attribute
is the field's default, `factory(f)` a default made by calling `f()` for each instance.
`__init__` takes them positionally or by name and then calls `__post_init__` if the class
has one; `__eq__` compares fields of the same class; a frozen record refuses attribute
assignment and is hashable. Not supported (and not needed): inheritance between records,
keyword-only fields, ordering.
"""

from collections.abc import Callable
from typing import Any


class factory:
    """A default made fresh for every instance: `tags: list[str] = factory(list)`."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]):
        self.make = make


_MISSING = object()


def record(cls: type | None = None, /, *, frozen: bool = False) -> Any:
    def wrap(cls: type) -> type:
        return _make(cls, frozen)

    return wrap if cls is None else wrap(cls)


def _make(cls: type, frozen: bool) -> type:
    # The class's own annotations, unevaluated (inspect.get_annotations would import inspect).
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    names = tuple(n for n, a in annotations.items() if not str(a).startswith("ClassVar"))
    defaults: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    for name in names:
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, factory):
            factories[name] = value.make
            delattr(cls, name)
        elif value is not _MISSING:
            defaults[name] = value
        elif defaults or factories:
            raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one with")
    known = frozenset(names)
    count = len(names)
    qualname = cls.__qualname__
    post_init = "__post_init__" in cls.__dict__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) > count:
            raise TypeError(f"{qualname}() takes {count} arguments, {len(args)} were given")
        values = self.__dict__
        values.update(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if name not in known:
                raise TypeError(f"{qualname}() got an unexpected argument {name!r}")
            if name in values:
                raise TypeError(f"{qualname}() got multiple values for {name!r}")
            values[name] = value
        for name in names[len(args) :]:
            if name not in values:
                if name in defaults:
                    values[name] = defaults[name]
                elif name in factories:
                    values[name] = factories[name]()
                else:
                    raise TypeError(f"{qualname}() is missing the argument {name!r}")
        if post_init:
            self.__post_init__()

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{qualname}({inner})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in names)

    cls.__init__ = __init__
    cls.__repr__ = __repr__
    cls.__eq__ = __eq__
    cls.__match_args__ = names
    cls.__record_fields__ = names
    if frozen:

        def __setattr__(self, name: str, value: Any) -> None:
            raise AttributeError(f"cannot assign to field {name!r} of a frozen {qualname}")

        def __delattr__(self, name: str) -> None:
            raise AttributeError(f"cannot delete field {name!r} of a frozen {qualname}")

        def __hash__(self) -> int:
            return hash(tuple(getattr(self, n) for n in names))

        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
        cls.__hash__ = __hash__
    else:
        cls.__hash__ = None  # mutable and compared by value: unhashable, like a dataclass
    return cls
