"""``records.dataclass`` behaves as ``dataclasses.dataclass``: equality,
hashing, repr, frozen fields, ordering, slots and the dataclass helpers,
checked side by side on the same class bodies."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import field
from typing import Any

import pytest

from jianbao import records


def _both(body: dict[str, Any], annotations: dict[str, str], **options: Any) -> tuple[type, type]:
    made = []
    for decorator in (dataclasses.dataclass, records.dataclass):
        namespace = {"__annotations__": dict(annotations), "__module__": __name__, **body}
        cls = type("Point", (), dict(namespace))
        made.append(decorator(**options)(cls))
    return made[0], made[1]


FIELDS = {"x": "int", "y": "str", "tags": "tuple[str, ...]", "note": "str"}
BODY = {"y": "a", "tags": (), "note": field(default="", compare=False, repr=False)}


@pytest.mark.parametrize("frozen", [True, False])
def test_eq_repr_and_hash_match_the_standard_ones(frozen: bool) -> None:
    std, ours = _both(BODY, FIELDS, frozen=frozen)
    samples = [(1, "a", ()), (1, "b", ("t",)), (2, "a", ())]
    for args in samples:
        s, o = std(*args, note="n"), ours(*args, note="n")
        assert repr(s) == repr(o) == f"Point(x={args[0]!r}, y={args[1]!r}, tags={args[2]!r})"
        assert (o == ours(*args, note="other")) is (s == std(*args, note="other")) is True
        assert o != ours(9, "z") and o != s  # another class: NotImplemented, then identity
        assert o.__eq__(s) is NotImplemented
        if frozen:
            assert hash(o) == hash(s) == hash(args)
        else:
            assert std.__hash__ is ours.__hash__ is None
    for other in samples[1:]:
        assert (ours(*samples[0]) == ours(*other)) is (std(*samples[0]) == std(*other))


def test_frozen_fields_cannot_be_assigned_or_deleted() -> None:
    _std, ours = _both(BODY, FIELDS, frozen=True)
    point = ours(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.y
    assert dataclasses.replace(point, x=5) == ours(5)
    assert dataclasses.asdict(point) == {"x": 1, "y": "a", "tags": (), "note": ""}
    assert pickle.loads(pickle.dumps(Pinned(1, "b"))) == Pinned(1, "b")  # as batch Settings go


@records.dataclass(frozen=True)
class Pinned:
    x: int
    y: str = ""


def test_methods_of_the_class_body_are_kept() -> None:
    def __eq__(self: Any, other: Any) -> bool:
        return True

    def __repr__(self: Any) -> str:
        return "mine"

    def __hash__(self: Any) -> int:
        return 7

    body = {"__eq__": __eq__, "__repr__": __repr__, "__hash__": __hash__}
    for frozen in (True, False):
        std, ours = _both(body, {"x": "int"}, frozen=frozen)
        assert repr(ours(1)) == repr(std(1)) == "mine"
        assert ours(1) == ours(2)
        assert hash(ours(1)) == hash(std(1)) == 7
    # __eq__ alone: a frozen class still hashes its fields, as dataclasses does.
    std, ours = _both({"__eq__": __eq__}, {"x": "int"}, frozen=True)
    assert hash(ours(1)) == hash(std(1)) == hash((1,))


def test_no_fields_and_one_field() -> None:
    std, ours = _both({}, {}, frozen=True)
    assert ours() == ours() and hash(ours()) == hash(std()) == hash(())
    assert repr(ours()) == repr(std()) == "Point()"
    std, ours = _both({}, {"x": "int"}, frozen=True)
    assert hash(ours(3)) == hash(std(3)) == hash((3,))


def test_recursive_repr_and_order_and_slots() -> None:
    _std, ours = _both({"items": field(default_factory=list)}, {"items": "list[Any]"})
    box = ours()
    box.items.append(box)
    assert repr(box) == "Point(items=[...])"
    _std, ordered = _both({}, {"x": "int"}, frozen=True, order=True)
    assert sorted([ordered(2), ordered(1)]) == [ordered(1), ordered(2)]
    std, slotted = _both({}, {"x": "int"}, slots=True)
    assert slotted.__slots__ == std.__slots__ == ("x",)
    assert slotted(1) == slotted(1) and repr(slotted(1)) == "Point(x=1)"


def test_every_record_of_jianbao_uses_it() -> None:
    """The start-up saving holds only if no module goes back to the
    standard decorator."""
    import ast
    from pathlib import Path

    import jianbao

    root = Path(jianbao.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "records.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = isinstance(node, ast.ImportFrom) and node.module == "dataclasses"
            named = imported and any(alias.name == "dataclass" for alias in node.names)
            dotted = (
                isinstance(node, ast.Attribute)
                and node.attr == "dataclass"
                and isinstance(node.value, ast.Name)
                and node.value.id == "dataclasses"
            )
            if named or dotted:
                offenders.append(f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}")
    assert not offenders, offenders
