"""Kinds of value in an issue file: how each is checked and described.

In: a located node of a loaded ``Document`` (``load``) and its key path.
Out: the model value it means (``Text``, a date, a ``FontChoice`` …), or
``None`` after a ``Diagnostic`` was added to the ``Checker`` — every
problem of a file is collected, none stops the walk.  Each kind also
describes itself as JSON Schema, so ``schema`` can declare the format once
and both validate with it and export it.  Key paths in messages count list
items from 1, as an editor would: ``articles[2].title`` is the title of
the second article.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any, Protocol

from ..errors import Diagnostic, Location
from ..i18n import N_, _
from ..model import FontChoice, Text
from ..records import dataclass
from ..roles import ROLES, is_role, role_hint
from .load import Document, KeyPath, ListNode, MapNode, Node, Scalar, show
from .markup import normalise

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_QUOTE_HINT = N_("to use it as text, put it in quotes: '{value}'")


@dataclass
class Checker:
    """What a check needs besides the node: where to put problems."""

    problems: list[Diagnostic]
    heading_limit: int
    doc: Document | None = None  # the document checked, to place missing keys
    warnings: list[Diagnostic] = field(default_factory=list)  # what reading found, not fatal
    draft_images: Path | None = None  # where pictures taken out of drafts go

    def error(self, where: Location | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(where, message, hint))

    def wrong_type(self, node: Node, path: KeyPath, expected: str, hint: str | None = None) -> None:
        """``node`` is not what ``path`` takes: ``expected`` is a kind's
        English description (marked ``N_``), translated here."""
        message = _("{path} must be {expected}, got {found}").format(
            path=show(path), expected=_(expected), found=_found(node)
        )
        self.error(node.location, message, hint)

    def missing_at(self, node: MapNode, path: KeyPath) -> Location:
        """Where to report a key missing from ``node`` (at ``path``): the
        mapping itself if the checked file wrote it; else — it came whole
        from a series file — the nearest mapping around it that the file
        wrote (an issue without ``masthead:`` is told at its top level), or
        the file's first line.  The key is missing from the file checked,
        not from the series."""
        doc = self.doc
        if doc is None or node.location.file == doc.file:
            return node.location
        for depth in range(len(path) - 1, -1, -1):
            outer = doc.node(path[:depth])
            if outer is not None and outer.location.file == doc.file:
                return outer.location
        return Location(doc.file, 1, 1)


# ---------------------------------------------------------------------------
# Kinds of value.  Each checks a node (returning None after recording a
# problem) and describes itself as JSON Schema.


@dataclass(frozen=True)
class TextLine:
    """One line of text, never empty."""

    multiline_hint: str | None = None  # marked N_, translated where told
    expected = N_("text")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> Text | None:
        text = nonempty_text(node, path, ck, self.expected)
        if text is None:
            return None
        if "\n" in text.value:
            hint = None if self.multiline_hint is None else _(self.multiline_hint)
            message = _("{path} must be a single line").format(path=show(path))
            ck.error(node.location, message, hint)
            return None
        return text

    def schema(self) -> dict[str, object]:
        return {"type": "string", "pattern": r"^\s*[^\n]*\S[^\n]*\s*$"}  # one non-blank line


@dataclass(frozen=True)
class TextLines:
    """Text printed on one or more lines: a string, or a list of lines."""

    expected = N_("text or a list of lines")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> tuple[Text, ...] | None:
        one = TextLine(multiline_hint=N_("to break it, write a list with one line per item"))
        if not isinstance(node, ListNode):
            if isinstance(node, Scalar) and isinstance(node.value, Text):
                text = one.check(node, path, ck)
                return None if text is None else (text,)
            ck.wrong_type(node, path, self.expected, _quote_hint(node))
            return None
        if not node.items:
            message = _("{path} must not be empty").format(path=show(path))
            ck.error(node.location, message, _("write at least one line"))
            return None
        item = TextLine(multiline_hint=N_("put each line in its own list item"))
        lines = [item.check(n, (*path, i), ck) for i, n in enumerate(node.items)]
        return tuple(t for t in lines if t is not None) if None not in lines else None

    def schema(self) -> dict[str, object]:
        line = TextLine().schema()
        return {"anyOf": [line, {"type": "array", "items": line, "minItems": 1}]}


@dataclass(frozen=True)
class Count:
    """A positive whole number, at most ``maximum``, written in plain
    decimal digits: YAML 1.1 reads 010 as 8, 0x10 as 16 and 1:30 as 90,
    which no office means."""

    maximum: int = 9999
    expected = N_("a positive integer")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> int | None:
        value = node.value if isinstance(node, Scalar) else None
        raw = node.raw.strip() if isinstance(node, Scalar) else ""
        if isinstance(value, int) and not isinstance(value, bool):
            if raw and raw != str(value):  # 010, 0x10, 1:30, +5, 1_000
                ck.error(
                    node.location,
                    _("{path} must be written in decimal digits, got {found}").format(
                        path=show(path), found=raw
                    ),
                    _decimal_hint(raw, value),
                )
                return None
            if value > self.maximum:
                shown = (
                    str(value) if value.bit_length() < 1000 else _("a number of over 300 digits")
                )
                message = _("{path} must be at most {maximum}, got {found}").format(
                    path=show(path), maximum=self.maximum, found=shown
                )
                ck.error(node.location, message)
                return None
            if value > 0:
                return value
        if isinstance(value, float) and value.is_integer() and raw.isdecimal():
            ck.error(
                node.location,
                _("{path} must be {expected}, got !!float {raw}").format(
                    path=show(path), expected=_(self.expected), raw=raw
                ),
                _("write {value}, without the !!float tag").format(value=raw),
            )
            return None
        hint = None
        if isinstance(value, Text) and value.value.strip().isdecimal():
            digits = value.value.strip()
            if isinstance(node, Scalar) and not node.quoted and digits.startswith("0"):
                ck.error(
                    node.location,
                    _("{path} must be written in decimal digits, got {found}").format(
                        path=show(path), found=digits
                    ),
                    _("write {value}, without the leading 0").format(value=int(digits)),
                )
                return None
            hint = _("write {value} without quotes").format(value=digits)
        ck.wrong_type(node, path, self.expected, hint)
        return None

    def schema(self) -> dict[str, object]:
        return {"type": "integer", "minimum": 1, "maximum": self.maximum}


def _decimal_hint(raw: str, value: int) -> str:
    if raw.lstrip("+").startswith("0") and raw.lstrip("+0").isdecimal():
        number = int(raw.lstrip("+0") or "0")
        return _("write {value}, without the leading 0").format(value=number)
    if ":" in raw:
        return _("write the issue number alone, e.g. number: 8")
    return _("write {value}").format(value=value)


@dataclass(frozen=True)
class Date:
    """A calendar date written YYYY-MM-DD."""

    expected = N_("a date written YYYY-MM-DD")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> dt.date | None:
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, Text) and _DATE.fullmatch(value.value.strip()):
            try:
                return dt.date.fromisoformat(value.value.strip())
            except ValueError:
                pass
        ck.wrong_type(node, path, self.expected, _date_hint(node))
        return None

    def schema(self) -> dict[str, object]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


# Words that mean yes or no (YAML 1.1 reads them so unquoted).
_YES = frozenset(("true", "yes", "on", "y", "是", "对"))
_NO = frozenset(("false", "no", "off", "n", "否", "不"))


@dataclass(frozen=True)
class Flag:
    """Yes or no."""

    expected = N_("true or false")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> bool | None:
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return node.value
        hint = None
        if isinstance(node, Scalar) and isinstance(node.value, Text):
            word = node.value.value.strip().lower()
            if word in _YES or word in _NO:
                meant = "true" if word in _YES else "false"
                hint = _("write {value}, without quotes").format(value=meant)
        ck.wrong_type(node, path, self.expected, hint)
        return None

    def schema(self) -> dict[str, object]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values (strings or whole numbers)."""

    options: tuple[str | int, ...]

    @property
    def expected(self) -> str:
        options = ", ".join(repr(o) if isinstance(o, str) else str(o) for o in self.options)
        return _("one of {options}").format(options=options)

    def check(self, node: Node, path: KeyPath, ck: Checker) -> str | int | None:
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, Text):
            value_key: object = value.value.strip()
        else:
            value_key = value
        for option in self.options:
            if value_key == option and not isinstance(value_key, bool):
                return option
        hint = None
        if isinstance(value_key, str):
            close = difflib.get_close_matches(
                value_key, [o for o in self.options if isinstance(o, str)], n=1
            )
            hint = _("did you mean '{name}'?").format(name=close[0]) if close else None
        ck.wrong_type(node, path, self.expected, hint)
        return None

    def schema(self) -> dict[str, object]:
        return {"enum": list(self.options)}


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, whether it must be given, and what
    it means (``doc`` in English, ``term`` the Chinese term)."""

    key: str
    kind: Kind
    doc: str
    term: str
    required: bool = False
    arg: str = ""  # the model's name for it, when not ``key``
    unless: str = ""  # required, but not beside this key (an article's body beside file:)

    def describe(self) -> str:
        return f"{self.doc} ({self.term})"


@dataclass(frozen=True)
class Record:
    """A mapping with known keys, built into a model object by ``build``."""

    build: Callable[..., object]
    fields: tuple[Field, ...]
    # Keys of which exactly one must be given (``number`` or ``supplement`` …);
    # the first is the one named when none is.
    one_of: tuple[str, ...] = ()
    one_of_hint: str | None = None  # marked N_, translated where told
    # What is done with the built value, with the checker (reading a draft):
    # the final value, or None after a problem.
    finish: Callable[[Any, MapNode, KeyPath, Checker], object | None] | None = None

    expected = N_("a mapping")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> object | None:
        if not isinstance(node, MapNode):
            keys = ", ".join(f.key for f in self.fields)
            ck.wrong_type(node, path, self.expected, _("its keys are {keys}").format(keys=keys))
            return None
        known = {f.key for f in self.fields}
        for e in node.entries:
            if e.key.value not in known:
                if path:
                    message = _("unknown key '{key}' in {path}").format(
                        key=e.key.value, path=show(path)
                    )
                else:
                    message = _("unknown key '{key}'").format(key=e.key.value)
                ck.error(e.key_location, message, _did_you_mean(e.key.value, self))
        values: dict[str, object] = {}
        ok = self._one_of(node, path, ck)
        for f in self.fields:
            entry = node.entry(f.key)
            if entry is None or _is_null(entry.value):  # `key:` left blank counts as absent
                if f.unless and node.entry(f.unless) is not None:
                    continue
                if f.required and entry is None:
                    at = ck.missing_at(node, path)
                    ck.error(at, _missing(f.key, path))
                elif f.required and entry is not None:
                    ck.wrong_type(entry.value, (*path, f.key), f.kind.expected)
                ok = ok and not f.required
                continue
            value_node = entry.value
            value = f.kind.check(value_node, (*path, f.key), ck)
            ok = ok and value is not None
            values[f.arg or f.key] = value
        if not ok:
            return None
        value = self.build(**values)
        return value if self.finish is None else self.finish(value, node, path, ck)

    def _one_of(self, node: MapNode, path: KeyPath, ck: Checker) -> bool:
        """Whether exactly one of ``one_of`` is given (a problem added if not)."""
        if not self.one_of:
            return True
        given = [e for e in node.entries if e.key.value in self.one_of and not _is_null(e.value)]
        hint = None if self.one_of_hint is None else _(self.one_of_hint)
        if not given:
            at = ck.missing_at(node, path)
            ck.error(at, _missing(self.one_of[0], path), hint)
            return False
        if len(given) > 1:
            names = _(" and ").join(f"'{e.key.value}'" for e in given)
            if path:
                message = _("{names} both given in {path}").format(names=names, path=show(path))
            else:
                message = _("{names} both given").format(names=names)
            ck.error(given[1].key_location, message, hint)
            return False
        return True

    def schema(self, partial: bool = False) -> dict[str, object]:
        """As JSON Schema.  ``partial``: a series file may supply any of the
        keys (mappings merge key by key), so none is required here; a
        required key stays required only where the same file must write
        it: inside a list item (lists replace, they do not merge)."""
        properties = {
            f.key: {
                "description": f.describe(),
                **_or_null(_schema(f.kind, partial), not f.required),
            }
            for f in self.fields
        }
        out: dict[str, object] = {
            "type": "object",
            "properties": properties,
            "required": []
            if partial
            else [f.key for f in self.fields if f.required and not f.unless],
            "additionalProperties": False,
        }
        if self.one_of and not partial:
            out["oneOf"] = [{"required": [key]} for key in self.one_of]
        unless = [f for f in self.fields if f.required and f.unless]
        if unless and not partial:
            out["anyOf"] = [
                {"required": [unless[0].unless]},
                {"required": [f.key for f in unless]},
            ]
        return out


@dataclass(frozen=True)
class ListOf:
    """A non-empty list of ``item``."""

    item: Record
    expected = N_("a list")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> tuple[object, ...] | None:
        if not isinstance(node, ListNode):
            hint = _("start each item on its own line with '- '")
            ck.wrong_type(node, path, self.expected, hint)
            return None
        if not node.items:
            message = _("{path} must not be empty").format(path=show(path))
            ck.error(node.location, message, _("add at least one item"))
            return None
        items = [self.item.check(n, (*path, i), ck) for i, n in enumerate(node.items)]
        return tuple(items) if None not in items else None

    def schema(self, partial: bool = False) -> dict[str, object]:
        # an item is written whole in one file: its required keys stay required
        return {"type": "array", "items": self.item.schema(partial=False), "minItems": 1}


def _schema(kind: Kind, partial: bool) -> dict[str, object]:
    """``kind`` as JSON Schema; ``partial`` passes down through mappings."""
    if isinstance(kind, Record | ListOf):
        return kind.schema(partial)
    return kind.schema()


@dataclass(frozen=True)
class Names:
    """A name or path, or a list of them; only stripped, never normalised
    (font names and paths must stay as written)."""

    # marked N_ (as a caller's own is), translated where told
    expected: str = N_("a font name or a list of font names (primary first, then fallbacks)")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> tuple[Text, ...] | None:
        if isinstance(node, ListNode):
            if not node.items:
                message = _("{path} must not be empty").format(path=show(path))
                ck.error(node.location, message, _("name at least one"))
                return None
            names = [self._name(n, (*path, i), ck) for i, n in enumerate(node.items)]
            return tuple(n for n in names if n is not None) if None not in names else None
        name = self._name(node, path, ck)
        return None if name is None else (name,)

    def _name(self, node: Node, path: KeyPath, ck: Checker) -> Text | None:
        if not (isinstance(node, Scalar) and isinstance(node.value, Text)):
            ck.wrong_type(node, path, self.expected, _quote_hint(node))
            return None
        value = node.value.value.strip()
        if not value:
            ck.error(node.location, _("{path} is empty").format(path=show(path)))
            return None
        return Text(value, node.location)

    def schema(self) -> dict[str, object]:
        name = {"type": "string", "pattern": r"\S"}
        return {"anyOf": [name, {"type": "array", "items": name, "minItems": 1}]}


@dataclass(frozen=True)
class FontChoices:
    """Fonts per role: a name or path, or a list of them (primary, then fallbacks)."""

    expected = N_("a mapping of font roles to font names")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> tuple[FontChoice, ...] | None:
        if not isinstance(node, MapNode):
            hint = _("its keys are {keys}, e.g. body: 仿宋_GB2312").format(keys=", ".join(ROLES))
            ck.wrong_type(node, path, self.expected, hint)
            return None
        out: list[FontChoice] = []
        ok = True
        for e in node.entries:
            role = e.key.value
            if not is_role(role):
                message = _("unknown font role '{role}' in {path}").format(
                    role=role, path=show(path)
                )
                ck.error(e.key_location, message, role_hint(role))
                ok = False
                continue
            if _is_null(e.value):
                continue
            names = Names().check(e.value, (*path, role), ck)
            ok = ok and names is not None
            if names is not None:
                out.append(FontChoice(role, names))
        return tuple(out) if ok else None

    def schema(self) -> dict[str, object]:
        value = Names().schema()
        properties = {
            role: {"description": f"{info.prints} ({info.term})", **_or_null(value, True)}
            for role, info in ROLES.items()
        }
        return {"type": "object", "properties": properties, "additionalProperties": False}


class Kind(Protocol):
    """What every kind of value has: what it expects (for messages), a
    check that builds its model value, and its JSON Schema."""

    @property
    def expected(self) -> str: ...

    def check(self, node: Node, path: KeyPath, ck: Checker) -> object: ...

    def schema(self) -> dict[str, object]: ...


def nonempty_text(node: Node, path: KeyPath, ck: Checker, expected: str) -> Text | None:
    """A normalised, non-empty ``Text`` from a string node."""
    if not (isinstance(node, Scalar) and isinstance(node.value, Text)):
        ck.wrong_type(node, path, expected, _quote_hint(node))
        return None
    text = normalise(node.value)
    if not text.value:
        ck.error(node.location, _("{path} is empty").format(path=show(path)))
        return None
    return text


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.value is None


def _or_null(schema: dict[str, object], nullable: bool) -> dict[str, object]:
    """An optional key may be left blank (null), which means absent."""
    if not nullable:
        return schema
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _found(node: Node) -> str:
    if isinstance(node, MapNode):
        return _("a mapping") if node.entries else _("an empty mapping")
    if isinstance(node, ListNode):
        return _("a list") if node.items else _("an empty list")
    value = node.value
    if value is None:
        return _("nothing")
    if isinstance(value, Text):
        short = value.value if len(value.value) <= 24 else value.value[:23] + "…"
        return repr(short) if "\n" in short else f"'{short}'"
    if isinstance(value, bool) and node.raw.lower() != str(value).lower():
        return _("{raw} (read as {value})").format(raw=node.raw, value=str(value).lower())
    return node.raw or str(value)


def _quote_hint(node: Node) -> str | None:
    if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, Text):
        return _(_QUOTE_HINT).format(value=node.raw)
    return None


def _date_hint(node: Node) -> str | None:
    if isinstance(node, Scalar) and isinstance(node.value, dt.datetime):
        return _("write the day only: {date}").format(date=node.value.date().isoformat())
    text = node.value.value if isinstance(node, Scalar) and isinstance(node.value, Text) else ""
    m = _LOOSE_DATE.fullmatch(text.strip())
    if not m:
        return None
    try:
        day = dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return _("there is no such day in the calendar")
    return _("write {value}").format(value=day.isoformat())


def _did_you_mean(key: str, record: Record) -> str:
    known = [f.key for f in record.fields]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return _("did you mean '{name}'?").format(name=close[0])
    return _("expected one of: {keys}").format(keys=", ".join(known))


def _missing(key: str, path: KeyPath) -> str:
    """The message for ``key`` missing from the mapping at ``path``."""
    if path:
        return _("missing required key '{key}' in {path}").format(key=key, path=show(path))
    return _("missing required key '{key}'").format(key=key)


def problem_order(d: Diagnostic) -> tuple[bool, Location]:
    return (d.location is not None, d.location or Location("", 0, 0))
