"""Validate a loaded issue: a ``load.Document`` in, a ``model.Issue`` out.

Every problem in the file is collected and raised together as one
``IssueError`` whose diagnostics read ``file:line:col: error: …``.  Key
paths in messages count list items from 1, as an editor would:
``articles[2].title`` is the title of the second article.

The format is declared once, in ``SCHEMA``: each field's key, kind,
whether it is required and what it means (English and the Chinese term).
``validate`` walks it, and ``json_schema`` turns it into a JSON Schema
(draft 2020-12) for editors, so the two cannot disagree.

Format 1::

    masthead: {name, number, total?, issuer, date, mark?}
    contents?: true | false          # default: on with ≥ 2 articles
    articles: [{title, kicker?, subtitle?, body}, …]
    colophon?: {report_to?, send_to?, issue_to?, copies?}
    fonts?: {title?, body?, heading?, kai?, folio?}   # name or [name, fallback, …]
    series?: path of the series file whose keys this issue inherits
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import Diagnostic, IssueError, Location
from .fonts import ROLES
from .load import Document, Mapping, Node, Path, Scalar, Sequence
from .markup import HEADING_LIMIT, normalise, parse_body
from .model import Article, Block, Colophon, FontChoice, Issue, Masthead, Style, Text

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_QUOTE_HINT = "to use it as text, put it in quotes: '{}'"


@dataclass
class _Checker:
    """What a check needs besides the node: where to put problems."""

    problems: list[Diagnostic]
    heading_limit: int
    doc: Document | None = None  # the document checked, to place missing keys

    def error(self, where: Location | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(where, message, hint))

    def wrong_type(self, node: Node, path: Path, expected: str, hint: str | None = None) -> None:
        self.error(node.location, f"{show(path)} must be {expected}, got {_found(node)}", hint)

    def missing_at(self, node: Mapping, path: Path) -> Location:
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
class Line:
    """One line of text, never empty."""

    multiline_hint: str | None = None
    expected = "text"

    def check(self, node: Node, path: Path, ck: _Checker) -> Text | None:
        text = _text(node, path, ck, self.expected)
        if text is None:
            return None
        if "\n" in text.value:
            ck.error(node.location, f"{show(path)} must be a single line", self.multiline_hint)
            return None
        return text

    def schema(self) -> dict[str, object]:
        return {"type": "string", "pattern": r"^\s*[^\n]*\S[^\n]*\s*$"}  # one non-blank line


@dataclass(frozen=True)
class Lines:
    """Text printed on one or more lines: a string, or a list of lines."""

    expected = "text or a list of lines"

    def check(self, node: Node, path: Path, ck: _Checker) -> tuple[Text, ...] | None:
        one = Line(multiline_hint="to break it, write a list with one line per item")
        if not isinstance(node, Sequence):
            if isinstance(node, Scalar) and isinstance(node.value, Text):
                text = one.check(node, path, ck)
                return None if text is None else (text,)
            ck.wrong_type(node, path, self.expected, _quote_hint(node))
            return None
        if not node.items:
            ck.error(node.location, f"{show(path)} must not be empty", "write at least one line")
            return None
        item = Line(multiline_hint="put each line in its own list item")
        lines = [item.check(n, (*path, i), ck) for i, n in enumerate(node.items)]
        return tuple(t for t in lines if t is not None) if None not in lines else None

    def schema(self) -> dict[str, object]:
        line = Line().schema()
        return {"anyOf": [line, {"type": "array", "items": line, "minItems": 1}]}


@dataclass(frozen=True)
class Body:
    """An article's text in body markup (see ``markup``)."""

    expected = "text"

    def check(self, node: Node, path: Path, ck: _Checker) -> tuple[Block, ...] | None:
        if _text(node, path, ck, self.expected) is None:
            return None
        assert isinstance(node, Scalar) and isinstance(node.value, Text)
        try:
            return parse_body(node.value, path=show(path), heading_limit=ck.heading_limit)
        except IssueError as exc:
            ck.problems.extend(exc.diagnostics)
            return None

    def schema(self) -> dict[str, object]:
        return {"type": "string", "pattern": r"\S"}


@dataclass(frozen=True)
class Count:
    """A positive whole number."""

    expected = "a positive integer"

    def check(self, node: Node, path: Path, ck: _Checker) -> int | None:
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        hint = None
        if isinstance(value, Text) and value.value.strip().isdecimal():
            hint = f"write {value.value.strip()} without quotes"
        ck.wrong_type(node, path, self.expected, hint)
        return None

    def schema(self) -> dict[str, object]:
        return {"type": "integer", "minimum": 1}


@dataclass(frozen=True)
class Date:
    """A calendar date written YYYY-MM-DD."""

    expected = "a date written YYYY-MM-DD"

    def check(self, node: Node, path: Path, ck: _Checker) -> dt.date | None:
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


@dataclass(frozen=True)
class Flag:
    """Yes or no."""

    expected = "true or false"

    def check(self, node: Node, path: Path, ck: _Checker) -> bool | None:
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return node.value
        ck.wrong_type(node, path, self.expected)
        return None

    def schema(self) -> dict[str, object]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values (strings or whole numbers)."""

    options: tuple[str | int, ...]

    @property
    def expected(self) -> str:
        return "one of " + ", ".join(
            repr(o) if isinstance(o, str) else str(o) for o in self.options
        )

    def check(self, node: Node, path: Path, ck: _Checker) -> str | int | None:
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
            hint = f"did you mean '{close[0]}'?" if close else None
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

    def describe(self) -> str:
        return f"{self.doc} ({self.term})"


@dataclass(frozen=True)
class Record:
    """A mapping with known keys, built into a model object by ``build``."""

    build: Callable[..., object]
    fields: tuple[Field, ...]

    expected = "a mapping"

    def check(self, node: Node, path: Path, ck: _Checker) -> object | None:
        if not isinstance(node, Mapping):
            keys = ", ".join(f.key for f in self.fields)
            ck.wrong_type(node, path, self.expected, f"its keys are {keys}")
            return None
        known = {f.key for f in self.fields}
        where = f" in {show(path)}" if path else ""
        for e in node.entries:
            if e.key.value not in known:
                message = f"unknown key '{e.key.value}'{where}"
                ck.error(e.key_location, message, _did_you_mean(e.key.value, self))
        values: dict[str, object] = {}
        ok = True
        for f in self.fields:
            entry = node.entry(f.key)
            if entry is None or _is_null(entry.value):  # `key:` left blank counts as absent
                if f.required and entry is None:
                    at = ck.missing_at(node, path)
                    ck.error(at, f"missing required key '{f.key}'{where}")
                elif f.required and entry is not None:
                    ck.wrong_type(entry.value, (*path, f.key), f.kind.expected)
                ok = ok and not f.required
                continue
            value_node = entry.value
            value = f.kind.check(value_node, (*path, f.key), ck)
            ok = ok and value is not None
            values[f.arg or f.key] = value
        return self.build(**values) if ok else None

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
        return {
            "type": "object",
            "properties": properties,
            "required": [] if partial else [f.key for f in self.fields if f.required],
            "additionalProperties": False,
        }


@dataclass(frozen=True)
class ListOf:
    """A non-empty list of ``item``."""

    item: Record
    expected = "a list"

    def check(self, node: Node, path: Path, ck: _Checker) -> tuple[object, ...] | None:
        if not isinstance(node, Sequence):
            ck.wrong_type(node, path, self.expected, "start each item on its own line with '- '")
            return None
        if not node.items:
            ck.error(node.location, f"{show(path)} must not be empty", "add at least one item")
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


# What each font role prints, and the names people call it by (for hints).
FONT_ROLES = {
    "title": ("masthead name, titles and kickers", "小标宋", ("masthead", "标题", "宋体", "song")),
    "body": ("body text, number, issuer, date, colophon", "仿宋", ("正文", "fangsong", "fang")),
    "heading": ("一、 headings and **emphasis**", "黑体", ("黑", "hei", "bold", "emphasis")),
    "kai": ("（一） headings, contents, subtitles", "楷体", ("楷", "kaiti", "subtitle")),
    "folio": ("page numbers", "页码", ("page", "pagenumber", "页码")),
}


@dataclass(frozen=True)
class Names:
    """A name or path, or a list of them; only stripped, never normalised
    (font names and paths must stay as written)."""

    expected: str = "a font name or a list of font names (primary first, then fallbacks)"

    def check(self, node: Node, path: Path, ck: _Checker) -> tuple[Text, ...] | None:
        if isinstance(node, Sequence):
            if not node.items:
                ck.error(node.location, f"{show(path)} must not be empty", "name at least one")
                return None
            names = [self._name(n, (*path, i), ck) for i, n in enumerate(node.items)]
            return tuple(n for n in names if n is not None) if None not in names else None
        name = self._name(node, path, ck)
        return None if name is None else (name,)

    def _name(self, node: Node, path: Path, ck: _Checker) -> Text | None:
        if not (isinstance(node, Scalar) and isinstance(node.value, Text)):
            ck.wrong_type(node, path, self.expected, _quote_hint(node))
            return None
        value = node.value.value.strip()
        if not value:
            ck.error(node.location, f"{show(path)} is empty")
            return None
        return Text(value, node.location)

    def schema(self) -> dict[str, object]:
        name = {"type": "string", "pattern": r"\S"}
        return {"anyOf": [name, {"type": "array", "items": name, "minItems": 1}]}


@dataclass(frozen=True)
class FontChoices:
    """Fonts per role: a name or path, or a list of them (primary, then fallbacks)."""

    expected = "a mapping of font roles to font names"

    def check(self, node: Node, path: Path, ck: _Checker) -> tuple[FontChoice, ...] | None:
        if not isinstance(node, Mapping):
            hint = f"its keys are {', '.join(ROLES)}, e.g. body: 仿宋_GB2312"
            ck.wrong_type(node, path, self.expected, hint)
            return None
        out: list[FontChoice] = []
        ok = True
        for e in node.entries:
            role = e.key.value
            if role not in ROLES:
                message = f"unknown font role '{role}' in {show(path)}"
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
            role: {"description": f"{doc} ({term})", **_or_null(value, True)}
            for role, (doc, term, _) in FONT_ROLES.items()
        }
        return {"type": "object", "properties": properties, "additionalProperties": False}


Kind = Line | Lines | Body | Count | Date | Flag | Choice | Record | ListOf | Names | FontChoices


def _issue(
    masthead: Masthead,
    articles: tuple[Article, ...],
    contents: bool | None = None,
    colophon: Colophon | None = None,
    fonts: tuple[FontChoice, ...] = (),
    series: Text | None = None,  # applied by ``series.with_series`` before validation
    style: Style | None = None,
) -> Issue:
    if contents is None:
        contents = len(articles) >= 2
    return Issue(masthead, articles, contents, colophon, fonts=fonts, style=style or Style())


# The format, one field per line: key, kind, meaning, Chinese term.
# fmt: off
MASTHEAD = Record(Masthead, (
    Field("name", Lines(), "bulletin name, one or more lines", "报头名称", required=True),
    Field("number", Count(), "issue number, printed 第 N 期", "期号", required=True),
    Field("total", Count(), "running number of all issues, printed 总第 N 期", "总期号"),
    Field("issuer", Line(), "office that issues the bulletin", "编印单位", required=True),
    Field("date", Date(), "date of issue, printed 2021年3月10日", "印发日期", required=True),
    Field("mark", Line(), "mark at the top left, e.g. 内部资料 注意保存", "标注"),
))
ARTICLE = Record(Article, (
    Field("title", Lines(), "title, one or more lines", "标题", required=True),
    Field("kicker", Line(), "line above the title", "引题"),
    Field("subtitle", Line(), "line below the title", "副题"),
    Field("body", Body(), "the text: paragraphs, headings, **emphasis**", "正文",
          required=True, arg="blocks"),
    Field("note", Body(), "editor's note before the article, printed after 编者按：", "编者按"),
    Field("source", Line(), "source line after the article, e.g. （市交警支队供稿）", "供稿"),
))
COLOPHON = Record(Colophon, (
    Field("report_to", Line(), "sent up to, printed after 报：", "报"),
    Field("send_to", Line(), "sent across to, printed after 送：", "送"),
    Field("issue_to", Line(), "issued down to, printed after 发：", "发"),
    Field("copies", Count(), "copies printed, printed 共印 N 份", "印数"),
))
STYLE = Record(Style, (
    Field("page_numbers", Choice(("outside", "centre", "none")),
          "page numbers: outside (odd right, even left), centre, or none", "页码位置"),
    Field("first_page_number", Flag(), "number the first page too (default true)", "首页页码"),
    Field("masthead_rule", Choice(("single", "double")),
          "masthead rule: single thick, or thick over thin", "报头分隔线"),
    Field("red", Choice(("cmyk", "spot", "none")),
          "red as CMYK 0/100/100/0, as a spot colour, or left out for pre-printed paper",
          "红色 / 套打"),
    Field("pad_pages", Choice((1, 2, 4)),
          "pad the page count to a multiple of 2 (duplex) or 4 (booklet)", "补白页"),
    Field("colophon_even_page", Flag(), "put the colophon on an even page", "报尾在偶数页"),
))
SCHEMA = Record(_issue, (
    Field("masthead", MASTHEAD, "bulletin name, number, issuer and date", "报头", required=True),
    Field("contents", Flag(), "list the titles first; default: on with 2+ articles", "本期要目"),
    Field("articles", ListOf(ARTICLE), "the articles, in order", "文章", required=True),
    Field("colophon", COLOPHON, "distribution lines at the end of the last page", "报尾"),
    Field("style", STYLE, "page options: page numbers, rules, red, padding", "版式"),
    Field("fonts", FontChoices(), "fonts per role: a name or path, or a list "
          "(primary, then fallbacks)", "字体"),
    Field("series", Line(), "series file whose keys this issue inherits, relative "
          "to this file; default: a jianbao.yaml here or in a parent folder", "丛刊文件"),
))
# fmt: on


def validate(doc: Document, *, heading_limit: int = HEADING_LIMIT) -> Issue:
    """The ``Issue`` in ``doc``, or ``IssueError`` listing every problem."""
    ck = _Checker(list(doc.problems), heading_limit, doc)
    if doc.root is None:
        needed = " and ".join(f"'{f.key}'" for f in SCHEMA.fields if f.required)
        ck.error(doc.start, "the file is empty", f"an issue needs at least {needed}")
        raise IssueError(ck.problems)
    issue = SCHEMA.check(doc.root, (), ck)
    if ck.problems or not isinstance(issue, Issue):
        raise IssueError(sorted(ck.problems, key=_order))
    return dataclasses.replace(issue, source=doc.file)


def check_document(doc: Document, record: Record) -> object:
    """What ``record`` builds from ``doc`` (a config file, say), or
    ``IssueError`` listing every problem; an empty file gives ``record``'s
    defaults."""
    ck = _Checker(list(doc.problems), HEADING_LIMIT, doc)
    if doc.root is None and not ck.problems:
        return record.build()
    if doc.root is None:
        raise IssueError(ck.problems)
    value = record.check(doc.root, (), ck)
    if ck.problems or value is None:
        raise IssueError(sorted(ck.problems, key=_order))
    return value


def json_schema() -> dict[str, object]:
    """``SCHEMA`` as a JSON Schema (draft 2020-12) document.

    It fits an issue file on its own and an issue completed by a series
    file, and the series file itself: only what a series cannot supply is
    required (an article's title and body — lists are not merged).  That
    the merged issue has everything is ``validate``'s job."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "jianbao issue file (format 1)",
        "description": (
            "One issue (期) of a work bulletin (工作简报), or a series file (丛刊文件, "
            "jianbao.yaml) holding the keys its issues share. An issue needs "
            + ", ".join(_required_paths(SCHEMA))
            + " once its series file is laid under it; a series file may supply any of "
            "them except inside an article (lists are replaced, not merged), so only "
            "an article's title and body are required here."
        ),
        **SCHEMA.schema(partial=True),
    }


def _required_paths(record: Record, prefix: str = "") -> list[str]:
    """The required keys of ``record`` as paths (``masthead.name``), list items as ``[]``."""
    out = []
    for f in record.fields:
        if not f.required:
            continue
        out.append(prefix + f.key)
        if isinstance(f.kind, Record):
            out += _required_paths(f.kind, f"{prefix}{f.key}.")
        elif isinstance(f.kind, ListOf):
            out += _required_paths(f.kind.item, f"{prefix}{f.key}[].")
    return out


def show(path: Path) -> str:
    """A key path as written in messages: ``articles[2].title`` (items from 1)."""
    out = ""
    for step in path:
        out += f"[{step + 1}]" if isinstance(step, int) else f".{step}" if out else step
    return out or "the file"


def _text(node: Node, path: Path, ck: _Checker, expected: str) -> Text | None:
    """A normalised, non-empty ``Text`` from a string node."""
    if not (isinstance(node, Scalar) and isinstance(node.value, Text)):
        ck.wrong_type(node, path, expected, _quote_hint(node))
        return None
    text = normalise(node.value)
    if not text.value:
        ck.error(node.location, f"{show(path)} is empty")
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
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, Text):
        short = value.value if len(value.value) <= 24 else value.value[:23] + "…"
        return repr(short) if "\n" in short else f"'{short}'"
    if isinstance(value, bool) and node.raw.lower() != str(value).lower():
        return f"{node.raw} (read as {str(value).lower()})"
    return node.raw or str(value)


def _quote_hint(node: Node) -> str | None:
    if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, Text):
        return _QUOTE_HINT.format(node.raw)
    return None


def _date_hint(node: Node) -> str | None:
    if isinstance(node, Scalar) and isinstance(node.value, dt.datetime):
        return f"write the day only: {node.value.date().isoformat()}"
    text = node.value.value if isinstance(node, Scalar) and isinstance(node.value, Text) else ""
    m = _LOOSE_DATE.fullmatch(text.strip())
    if not m:
        return None
    try:
        day = dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return "there is no such day in the calendar"
    return f"write {day.isoformat()}"


def _did_you_mean(key: str, record: Record) -> str:
    known = [f.key for f in record.fields]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(known)


def role_hint(role: str) -> str:
    """Did-you-mean for an unknown font role (English, Chinese or a near miss)."""
    key = "".join(role.casefold().split()).replace("_", "").replace("-", "")
    for name, (_, term, aliases) in FONT_ROLES.items():
        if key == term or key in aliases or (len(key) > 1 and key in term):
            return f"did you mean '{name}' ({term})?"
    close = difflib.get_close_matches(role, list(FONT_ROLES), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    roles = ", ".join(f"{name} ({term})" for name, (_, term, _) in FONT_ROLES.items())
    return f"the roles are {roles}"


def _order(d: Diagnostic) -> tuple[bool, Location]:
    return (d.location is not None, d.location or Location("", 0, 0))
