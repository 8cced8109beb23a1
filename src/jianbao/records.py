"""``@dataclass`` for jianbao's records, without half the start-up cost.

The standard decorator writes the source of six methods for every frozen
class (``__init__``, ``__eq__``, ``__hash__``, ``__repr__``,
``__setattr__``, ``__delattr__``) and compiles each with ``exec``:
~55 µs apiece, 40 ms of every jianbao process for the ~120 records the
stages define — more than all of jianbao's other import work.  This
decorator lets ``dataclasses`` make ``__init__`` and the frozen guards
(their code differs with each class's fields, defaults and factories) and
gives each class ``__eq__``, ``__hash__`` and ``__repr__`` that read its
fields through one ``operator.attrgetter`` made per class, compiled once
with this module.

They behave as the generated ones do: ``==`` compares the fields with
``compare`` set, as a tuple, only between objects of the very same class
(else ``NotImplemented``); a frozen class hashes the tuple of its
``hash``/``compare`` fields and a mutable one is unhashable, unless the
class body defines ``__hash__``; ``repr`` is ``Name(field=value, …)``
over the fields with ``repr`` set, safe from recursion; a method the class
body defines itself is kept.  ``order=True`` goes to ``dataclasses``
unchanged (ordering needs its generated ``__eq__`` too).  The classes stay
dataclasses: ``fields``, ``replace``, ``asdict`` and pickling work as before.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["dataclass"]

T = TypeVar("T", bound=type)


@overload
def dataclass(cls: T, /) -> T: ...


@overload
def dataclass(
    *, frozen: bool = False, order: bool = False, slots: bool = False
) -> Callable[[T], T]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(
    cls: T | None = None, /, *, frozen: bool = False, order: bool = False, slots: bool = False
) -> T | Callable[[T], T]:
    """``dataclasses.dataclass`` with these options, its comparison, hash and
    repr made without generated code (see the module docstring)."""

    def wrap(cls: T) -> T:
        made: Any
        if order:
            made = dataclasses.dataclass(cls, frozen=frozen, order=True, slots=slots)
            return made  # type: ignore[no-any-return]
        made = dataclasses.dataclass(cls, frozen=frozen, eq=False, repr=False, slots=slots)
        _add_methods(made, frozen, own=cls.__dict__)
        return made  # type: ignore[no-any-return]

    return wrap if cls is None else wrap(cls)


def _add_methods(cls: type, frozen: bool, own: Any) -> None:
    """``__eq__``, ``__hash__`` and ``__repr__`` for ``cls`` where its body
    (``own``: the namespace written, before ``slots`` made a new class)
    defines none, by the rules ``dataclasses`` follows."""
    fields = dataclasses.fields(cls)
    if "__eq__" not in own:
        cls.__eq__ = _eq(_values([f.name for f in fields if f.compare]))  # type: ignore[method-assign,assignment]
    body_hash = own.get("__hash__", dataclasses.MISSING)
    explicit = not (body_hash is dataclasses.MISSING or (body_hash is None and "__eq__" in own))
    if not explicit:
        hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
        cls.__hash__ = _hash(_values(hashed)) if frozen else None  # type: ignore[method-assign,assignment]
    if "__repr__" not in own:
        cls.__repr__ = _repr(tuple(f.name for f in fields if f.repr))  # type: ignore[method-assign,assignment]


def _values(names: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of the attributes ``names`` of an object."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    getter: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    return getter


def _eq(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__
