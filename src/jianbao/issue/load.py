"""Load an issue file: YAML (or JSON) text in, a located ``Document`` out.

In: the text of an issue or series file and its name.  Out: a ``Document``,
a tree of ``MapNode``/``ListNode``/``Scalar`` nodes in which every key and
every value knows its ``Location`` and every string is a ``model.Text``
whose ``offsets`` locate each character in the file.  Nothing here knows the
issue format; that is ``validate``'s job.

The YAML is only *composed* (``yaml.compose`` with the safe loader), never
constructed into Python objects by PyYAML, so no tag can run code; scalars
are resolved here with the safe constructors.  Syntax errors, duplicate keys,
unsupported tags and undecodable files raise ``IssueError``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Iterator

import yaml

from ..errors import Diagnostic, IssueError, Location
from ..fsutil import read_input
from ..i18n import _
from ..model import Text
from ..records import dataclass
from .syntax import Source, invisible_breaks, not_utf8, reader_error, syntax_error, unquoted

Key = str | int
KeyPath = tuple[Key, ...]
ScalarValue = Text | int | float | bool | None | dt.date

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp"))


@dataclass(frozen=True)
class Scalar:
    """A single value: ``Text`` for strings, else int, float, bool, date or None.

    ``raw`` is the scalar as written (without quotes), for messages;
    ``quoted``: it was written in quotes.
    """

    value: ScalarValue
    location: Location
    raw: str = ""
    quoted: bool = False


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` pair; ``key.origin`` is where the key is written."""

    key: Text
    value: Node

    @property
    def key_location(self) -> Location:
        assert self.key.origin is not None
        return self.key.origin


@dataclass(frozen=True)
class MapNode:
    """A YAML mapping, entries in the order written (keys are unique)."""

    entries: tuple[Entry, ...]
    location: Location

    def entry(self, key: str) -> Entry | None:
        for e in self.entries:
            if e.key.value == key:
                return e
        return None

    def get(self, key: str) -> Node | None:
        e = self.entry(key)
        return e.value if e else None

    def keys(self) -> tuple[str, ...]:
        return tuple(e.key.value for e in self.entries)


@dataclass(frozen=True)
class ListNode:
    """A YAML sequence (list)."""

    items: tuple[Node, ...]
    location: Location


Node = Scalar | MapNode | ListNode


@dataclass(frozen=True)
class Document:
    """A loaded file: its name and its root node (``None`` for an empty file).

    Paths are tuples of mapping keys and 0-based list indices, e.g.
    ``("articles", 1, "title")``.
    """

    file: str
    root: Node | None
    # Problems found while loading that still left a usable tree (duplicate
    # keys, unsupported tags …): validation reports them with its own, so a
    # file's problems all come at once.
    problems: tuple[Diagnostic, ...] = ()

    @property
    def start(self) -> Location:
        return self.root.location if self.root else Location(self.file, 1, 1)

    def node(self, path: KeyPath) -> Node | None:
        """The node at ``path``, or ``None`` if any step is missing."""
        trail = list(self._walk(path))
        return trail[-1] if len(trail) == len(path) + 1 else None

    def location(self, path: KeyPath) -> Location:
        """Where the value at ``path`` is written; for a missing path, where
        its deepest existing ancestor is."""
        trail = list(self._walk(path))
        return trail[-1].location if trail else self.start

    def key_location(self, path: KeyPath) -> Location:
        """Where the last key of ``path`` is written (for a list index: the
        item); falls back like ``location``."""
        parent = self.node(path[:-1]) if path else None
        if path and isinstance(parent, MapNode) and isinstance(path[-1], str):
            e = parent.entry(path[-1])
            if e is not None:
                return e.key_location
        return self.location(path)

    def data(self) -> object:
        """The document as plain Python data (``Text`` becomes ``str``)."""
        return plain(self.root)

    def _walk(self, path: KeyPath) -> Iterator[Node]:
        node = self.root
        if node is None:
            return
        yield node
        for step in path:
            if isinstance(node, MapNode) and isinstance(step, str):
                node = node.get(step)
            elif isinstance(node, ListNode) and isinstance(step, int):
                node = node.items[step] if 0 <= step < len(node.items) else None
            else:
                node = None
            if node is None:
                return
            yield node


def show(path: KeyPath) -> str:
    """A key path as written in messages: ``articles[2].title`` (items from 1)."""
    out = ""
    for step in path:
        out += f"[{step + 1}]" if isinstance(step, int) else f".{step}" if out else step
    return out or _("the file")


def plain(node: Node | None) -> object:
    """A node as plain Python data: dict, list, str, int, float, bool, date, None."""
    if isinstance(node, MapNode):
        return {e.key.value: plain(e.value) for e in node.entries}
    if isinstance(node, ListNode):
        return [plain(n) for n in node.items]
    if node is None:
        return None
    return node.value.value if isinstance(node.value, Text) else node.value


def merge(base: Document, over: Document) -> Document:
    """``over`` (an issue) laid over ``base`` (a series file).

    Mappings merge key by key (recursively); any other value in ``over``,
    lists included, replaces the one in ``base``.  Every node keeps the
    location in the file where it was written.
    """
    return Document(over.file, _merge(base.root, over.root), base.problems + over.problems)


def _merge(base: Node | None, over: Node | None) -> Node | None:
    if over is None:
        return base
    if not (isinstance(base, MapNode) and isinstance(over, MapNode)):
        return over
    entries = []
    for e in base.entries:
        o = over.entry(e.key.value)
        if o is None:
            entries.append(e)
        else:
            value = _merge(e.value, o.value)
            assert value is not None
            entries.append(Entry(o.key, value))
    entries += [o for o in over.entries if base.entry(o.key.value) is None]
    return MapNode(tuple(entries), over.location)


def load_path(path: str | os.PathLike[str]) -> Document:
    """Read a UTF-8 file (a BOM is allowed) and load it."""
    return load_bytes(read_input(path), str(path))


# How many characters an issue file may hold: every one is located, so a
# million take ~15 s and ~400 MB to read; the 500 pages layout.limits allows
# hold about 620,000.
MAX_CHARACTERS = 1_000_000


def load_bytes(data: bytes, file: str) -> Document:
    """Load the UTF-8 bytes of a file (a BOM is allowed); ``file`` names it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IssueError([not_utf8(file, data, exc)]) from None
    return load_text(text, file)


def load_text(text: str, file: str) -> Document:
    """Load YAML or JSON ``text``; ``file`` names it in locations."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CHARACTERS:
        message = _(
            "the file holds {count:,} characters, more than the {limit:,} "
            "an issue may have (500 pages hold about 620,000)"
        ).format(count=len(text), limit=MAX_CHARACTERS)
        hint = _("a file this long is likely text pasted twice or a whole file pasted in; split it")
        raise IssueError([Diagnostic(Location(file, 1, 1), message, hint)])
    src = Source(text, file)
    hidden = invisible_breaks(text, file)
    if hidden:
        raise IssueError(hidden)
    try:
        node = yaml.compose(_untab_json(text), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise IssueError([syntax_error(src, exc)]) from None
    except yaml.YAMLError as exc:  # a reader error: a character YAML forbids
        raise IssueError([reader_error(src, exc)]) from None
    builder = _Builder(src)
    root = builder.build(node) if node is not None else None
    problems = tuple(sorted(builder.problems, key=lambda d: d.location or src.at(0)))
    return Document(file, root, problems)


# How deep lists and mappings may nest (an issue needs five or six levels).
MAX_DEPTH = 100


class _Builder:
    """Turns composed YAML nodes into located ``Node``s, collecting problems."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.problems: list[Diagnostic] = []
        self.done: dict[int, Node] = {}  # aliases share one built node
        self.active: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: KeyPath = ()) -> Node:
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            where = self.src.mark(node.start_mark)
            message = _("an alias refers to the list or mapping that contains it")
            self.problems.append(Diagnostic(where, message))
            return Scalar(None, where)
        if len(self.active) >= MAX_DEPTH:
            where = self.src.mark(node.start_mark)
            message = _("lists and mappings nest more than {depth} levels deep here").format(
                depth=MAX_DEPTH
            )
            hint = _("look for a run of '[' or '{{' that was not meant").format()
            self.problems.append(Diagnostic(where, message, hint))
            return Scalar(None, where)
        self.active.add(key)
        built = self._build(node, path)
        self.active.discard(key)
        self.done[key] = built
        return built

    def _build(self, node: yaml.Node, path: KeyPath) -> Node:
        where = self.src.mark(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return MapNode(self._entries(node, path), where)
        if isinstance(node, yaml.SequenceNode):
            items = (self.build(n, (*path, i)) for i, n in enumerate(node.value))
            return ListNode(tuple(items), where)
        assert isinstance(node, yaml.ScalarNode)
        if node.tag not in _SCALAR_TAGS:
            tag = node.tag.replace(_YAML, "!!")
            hint = _("remove the tag; write plain text, numbers or dates")
            message = _("unsupported tag '{tag}'").format(tag=tag)
            self.problems.append(Diagnostic(where, message, hint=hint))
            return Scalar(self.text(node, path), where, node.value)  # read on as plain text
        if node.tag == _YAML + "str":
            quoted = node.style in ("'", '"')
            return Scalar(self.text(node, path), where, node.value, quoted)
        try:
            value = self.constructor.yaml_constructors[node.tag](self.constructor, node)
        except (ValueError, yaml.YAMLError):  # e.g. 2021-13-01 looks like a date but is not one
            return Scalar(self.text(node, path), where, node.value)
        return Scalar(value, where, node.value)

    def _entries(self, node: yaml.MappingNode, path: KeyPath) -> tuple[Entry, ...]:
        entries: dict[str, Entry] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                where = self.src.mark(k.start_mark)
                message = _("a key must be plain text, not a list or mapping")
                self.problems.append(Diagnostic(where, message))
                continue
            key = self.text(k, path)
            if key.value.startswith("\u3000") and k.style is None:
                # `\u3000title: 甲` parses, as a key that begins with the space
                message = _("the line is indented with a full-width space (U+3000)")
                hint = _("indent with ordinary spaces")
                self.problems.append(Diagnostic(key.origin, message, hint))
            value = self.build(v, (*path, key.value))
            if isinstance(value, Scalar) and value.value is None and value.raw == "":
                value = Scalar(None, self.src.mark(k.start_mark))  # `key:` with nothing after it
            first = entries.get(key.value)
            if first is not None:
                self.problems.append(
                    Diagnostic(
                        key.origin,
                        _("duplicate key '{key}'").format(key=key.value),
                        hint=_("it is already set at line {line}; keep one").format(
                            line=first.key_location.line
                        ),
                    )
                )
                continue
            entries[key.value] = Entry(key, value)
        return tuple(entries.values())

    def text(self, node: yaml.ScalarNode, path: KeyPath) -> Text:
        start = self.src.mark(node.start_mark)
        value = _pair_surrogates(node.value)
        units = _units(self.src.text, node)
        indices = _align(value, units, node.start_mark.index)
        self._check_characters(value, indices, path)
        return Text(value, start, tuple(self.src.at(i) for i in indices))

    def _check_characters(self, value: str, indices: list[int], path: KeyPath) -> None:
        """Characters an escape let in that the file could not hold raw:
        control characters and lone UTF-16 surrogates (JSON writers escape
        a character beyond U+FFFF as a pair; half a pair is no character)."""
        for c, index in zip(value, indices, strict=True):
            if c in "\t\n" or not _FORBIDDEN.match(c):
                continue
            where = self.src.at(index)
            written = _escape_at(self.src.text, index)
            if "\ud800" <= c <= "\udfff":
                message = _(
                    "{path} holds a lone surrogate {written}, half of a character beyond U+FFFF"
                ).format(path=show(path), written=written)
                hint = _(
                    "write the character itself, or both halves of its pair (\\ud842\\udfb7 is 𠮷)"
                )
                self.problems.append(Diagnostic(where, message, hint))
            else:
                if written:
                    message = _(
                        "the file contains the control character U+{code:04X} (written {written})"
                    ).format(code=ord(c), written=written)
                else:
                    message = _("the file contains the control character U+{code:04X}").format(
                        code=ord(c)
                    )
                hint = _("delete it (it is often invisible)")
                self.problems.append(Diagnostic(where, message, hint))


# What no text of an issue may hold, though a double-quoted escape can write
# it: C0 and C1 controls (tab and line feed aside), DEL, YAML's escaped line
# separators (\N, \L, \P) and surrogates.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _pair_surrogates(value: str) -> str:
    """``value`` with each valid UTF-16 surrogate pair (as ``"\\ud842\\udfb7"``
    in JSON decodes) joined into the one character it encodes."""
    if not _PAIR.search(value):
        return value
    return _PAIR.sub(
        lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), value
    )


_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _escape_at(text: str, index: int) -> str:
    """The escape written at ``index`` (``\\a``, ``\\x07``, ``\\ud842``), or ``""``."""
    if not text.startswith("\\", index) or index + 1 >= len(text):
        return ""
    letter = text[index + 1]
    return text[index : index + 2 + _HEX.get(letter, 0)]


def _units(text: str, node: yaml.ScalarNode) -> list[tuple[str, int]]:
    """The characters of a scalar's source as (decoded char, index) pairs:
    quotes, block headers and escapes undone, line breaks kept."""
    start, end = node.start_mark.index, node.end_mark.index
    style = node.style
    if style in ("|", ">"):
        newline = text.find("\n", start, end)
        start = end if newline < 0 else newline + 1
        return [(text[i], i) for i in range(start, end)]
    if style == "'":
        units, i = [], start + 1
        while i < end - 1:
            units.append((text[i], i))
            i += 2 if text.startswith("''", i) else 1
        return units
    if style == '"':
        return _double_quoted(text, start + 1, end - 1)
    return [(text[i], i) for i in range(start, end)]


# YAML's double-quoted escapes: the letter after "\\" → the character it means.
_ESCAPES = dict(
    zip('0abt\tnvfre "/\\N_LP', '\0\a\b\t\t\n\v\f\r\x1b "/\\\x85\xa0\u2028\u2029', strict=True)
)
_HEX = {"x": 2, "u": 4, "U": 8}


def _double_quoted(text: str, start: int, end: int) -> list[tuple[str, int]]:
    units, i = [], start
    while i < end:
        c = text[i]
        if c == "\\" and i + 1 < end:
            e = text[i + 1]
            if e in _HEX:
                width = _HEX[e]
                with contextlib.suppress(ValueError):
                    units.append((chr(int(text[i + 2 : i + 2 + width], 16)), i))
                    units[-2:] = _paired(units[-2:])
                i += 2 + width
                continue
            if e in _ESCAPES:
                units.append((_ESCAPES[e], i))
            i += 2  # an escaped line break produces nothing
            continue
        units.append((c, i))
        i += 1
    return units


def _paired(units: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The last two units as one when they are the halves of a surrogate pair."""
    chars = "".join(c for c, _index in units)
    if len(units) == 2 and _PAIR.fullmatch(chars):
        return [(_pair_surrogates(chars), units[0][1])]
    return units


def _align(value: str, units: list[tuple[str, int]], fallback: int) -> list[int]:
    """For each character of ``value``, the source index it came from.

    Characters are matched in order to the next source unit equal to them; a
    space or line break in the value (YAML folds lines) matches any
    whitespace.  A character not found takes the position reached so far.
    """
    out, u = [], 0
    last = units[0][1] if units else fallback
    for c in value:
        fold = c in " \n"
        j = u
        while j < len(units) and not (units[j][0] == c or (fold and units[j][0] in " \t\n")):
            j += 1
        if j < len(units):
            last = units[j][1]
            u = j + 1
        out.append(last)
    return out


def _untab_json(text: str) -> str:
    """JSON may use tabs between tokens, which PyYAML refuses; in a document
    that is one flow collection, turn tabs outside strings into spaces
    (one for one, so every location stays the same)."""
    if not text.lstrip().startswith(("{", "[")) or "\t" not in text:
        return text
    out = list(text)
    for i in unquoted(text):
        if text[i] == "\t":
            out[i] = " "
    return "".join(out)
