"""Body blocks: an article's ``body`` (or note) as markup or as a list of blocks.

In: the located node of a ``body:`` (or ``note:``) key and its key path.
Out: the model blocks it means (``Paragraph``, ``Heading``, ``Figure``,
``Table``, ``Quote``, ``PageBreak``), or None after every problem was added
to the ``Checker``.  A string is body markup (``markup``); a list holds
strings (markup again) and mappings, each one block kind named by its key::

    - 一段正文。
    - {heading: 加强组织领导, level: 2}      # or the level from its numbering
    - {image: photo.jpg, caption: 现场图片, width: 20}   # characters, or 80mm
    - {images: [{image: a.jpg, caption: 甲}, {image: b.jpg, caption: 乙}]}
    - {table: [[乡镇, 完成率], [甲镇, 98%]], caption: 表1 各乡镇完成情况, widths: [2, 1]}
    - {quote: 市委主要负责同志批示：……}
    - {pagebreak: true}

The first row of ``table`` is its header.  Paths of images are relative to
the file that names them (``pictures``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from ..errors import IssueError, Location
from ..i18n import N_, _
from ..model import (
    Block,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Quote,
    Run,
    Table,
    Text,
    Width,
)
from ..records import dataclass
from .kinds import (
    Checker,
    Choice,
    Field,
    Flag,
    ListOf,
    Record,
    TextLine,
    nonempty_text,
)
from .load import KeyPath, ListNode, MapNode, Node, Scalar, show
from .markup import heading_level, normalise, parse_body
from .pictures import parse_width, picture
from .tables import make_table

BLOCK_KINDS = ("heading", "image", "images", "table", "quote", "pagebreak")
# What else people call a block kind (for "did you mean").
_SYNONYMS = {
    **dict.fromkeys(("picture", "photo", "img", "figure", "图片", "照片", "图"), "image"),
    **dict.fromkeys(("pictures", "photos", "figures", "gallery"), "images"),
    **dict.fromkeys(("title", "h1", "h2", "subheading", "标题"), "heading"),
    **dict.fromkeys(("blockquote", "citation", "引文", "批示"), "quote"),
    **dict.fromkeys(("break", "page_break", "newpage", "new_page", "分页"), "pagebreak"),
    **dict.fromkeys(("表格", "grid"), "table"),
}


@dataclass(frozen=True)
class Body:
    """An article's text: a string in body markup (see ``markup``), or a list
    of blocks — a string is a paragraph (or more), a mapping one of
    ``BLOCK_KINDS``."""

    lists: bool = True  # False: markup only (a quote's text)
    text_only: bool = False  # paragraphs, headings and quotations only (a note)

    @property
    def expected(self) -> str:
        return N_("text, or a list of blocks") if self.lists else N_("text")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> tuple[Block, ...] | None:
        if isinstance(node, ListNode) and self.lists:
            blocks = self._blocks(node, path, ck)
        elif isinstance(node, ListNode):
            hint = _(
                "write the quotation as one text (quote: |), its paragraphs parted by a blank line"
            )
            ck.wrong_type(node, path, self.expected, hint)
            return None
        elif nonempty_text(node, path, ck, self.expected) is None:
            return None
        else:
            assert isinstance(node, Scalar) and isinstance(node.value, Text)
            blocks = _markup(node.value, path, ck)
        if blocks is None or not self.text_only:
            return blocks
        for block in blocks:
            if isinstance(block, Figure | Table | PageBreak):
                where = block.origin if isinstance(block, Table) else node.location
                if isinstance(block, Figure):
                    where = block.pictures[0].origin
                if "articles" in path:
                    hint = _("put it in the article's body")
                else:
                    hint = _("put it in the body of an article")
                ck.error(
                    where or node.location,
                    _("{path} holds text only, not an image, a table or a page break").format(
                        path=show(path)
                    ),
                    hint,
                )
                return None
        return blocks

    def _blocks(self, node: ListNode, path: KeyPath, ck: Checker) -> tuple[Block, ...] | None:
        if not node.items:
            message = _("{path} must not be empty").format(path=show(path))
            ck.error(node.location, message, _("add at least one block"))
            return None
        out: list[Block] = []
        ok = True
        for i, item in enumerate(node.items):
            where = (*path, i)
            blocks: tuple[Block, ...] | None
            if isinstance(item, MapNode):
                blocks = _mapping_block(item, where, ck)
            elif (
                nonempty_text(item, where, ck, N_("text or a block (heading:, image:, table: …)"))
                is None
            ):
                blocks = None
            else:
                assert isinstance(item, Scalar) and isinstance(item.value, Text)
                blocks = _markup(item.value, where, ck)
            if blocks is None:
                ok = False
            else:
                out += blocks
        return tuple(out) if ok else None

    def schema(self) -> dict[str, object]:
        text: dict[str, object] = {"type": "string", "pattern": r"\S"}
        if not self.lists:
            return text
        blocks = [text, *(BLOCKS[k].schema() for k in BLOCK_KINDS)]
        return {"anyOf": [text, {"type": "array", "items": {"anyOf": blocks}, "minItems": 1}]}


def _markup(text: Text, path: KeyPath, ck: Checker) -> tuple[Block, ...] | None:
    try:
        return parse_body(text, path=show(path), heading_limit=ck.heading_limit, notes=ck.warnings)
    except IssueError as exc:
        ck.problems.extend(exc.diagnostics)
        return None


def _mapping_block(item: MapNode, path: KeyPath, ck: Checker) -> tuple[Block, ...] | None:
    """The block a mapping in a list body is: the kind its keys name."""
    kinds = [k for k in BLOCK_KINDS if item.entry(k) is not None]
    if len(kinds) != 1:
        if kinds:
            message = _("{path} names {kinds}: one block per list item").format(
                path=show(path), kinds=_(" and ").join(kinds)
            )
            ck.error(item.location, message, _("give each block its own '- ' item"))
            return None
        first = item.entries[0].key.value if item.entries else ""
        close = [_SYNONYMS[first.lower()]] if first.lower() in _SYNONYMS else []
        close = close or difflib.get_close_matches(first, BLOCK_KINDS, n=1)
        if close:
            hint = _("did you mean '{name}'?").format(name=close[0])
        else:
            hint = _("a block is {kinds}").format(kinds=", ".join(BLOCK_KINDS))
        if first:
            message = _("{path}: unknown kind of block '{name}'").format(
                path=show(path), name=first
            )
        else:
            message = _("{path}: unknown kind of block").format(path=show(path))
        ck.error(item.location, message, hint)
        return None
    kind = kinds[0]
    spec = BLOCKS[kind].check(item, path, ck)
    if spec is None:
        return None
    return _BUILD[kind](spec, item, path, ck)


# --- the block kinds: a spec per mapping, built into model blocks -----------


@dataclass(frozen=True)
class FilePath:
    """A path to a file, as written: stripped, never normalised."""

    expected = N_("a file path")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> Text | None:
        if not (isinstance(node, Scalar) and isinstance(node.value, Text)):
            ck.wrong_type(node, path, self.expected)
            return None
        value = node.value.value.strip()
        if not value:
            message = _("{path} is empty").format(path=show(path))
            ck.error(node.location, message, _("write the image file's path"))
            return None
        return Text(value, node.location)

    def schema(self) -> dict[str, object]:
        return {"type": "string", "pattern": r"\S"}


@dataclass(frozen=True)
class HeadingSpec:
    heading: Text
    level: int | None = None


@dataclass(frozen=True)
class ImageSpec:
    image: Text
    caption: Text | None = None
    width: Width | None = None


@dataclass(frozen=True)
class ImagesSpec:
    images: tuple[ImageSpec, ...]


@dataclass(frozen=True)
class TableSpec:
    table: tuple[tuple[tuple[Text, ...], Location], ...]
    caption: Text | None = None
    widths: tuple[float, ...] | None = None


@dataclass(frozen=True)
class QuoteSpec:
    quote: tuple[Block, ...]


@dataclass(frozen=True)
class PageBreakSpec:
    pagebreak: bool


@dataclass(frozen=True)
class Cell:
    """A table cell: text or a number, as written."""

    expected = N_("text or a number")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> Text | None:
        value = node.value if isinstance(node, Scalar) else None
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(node, Scalar) and is_number:
            return Text(node.raw, node.location)
        if isinstance(node, Scalar) and node.value is None:
            return Text("", node.location)
        if not (isinstance(node, Scalar) and isinstance(node.value, Text)):
            ck.wrong_type(node, path, self.expected)
            return None
        return normalise(node.value)

    def schema(self) -> dict[str, object]:
        return {"type": ["string", "number", "null"]}


@dataclass(frozen=True)
class Cells:
    """A list of cells: a row."""

    expected = N_("a list of cells")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> tuple[Text, ...] | None:
        if not isinstance(node, ListNode) or not node.items:
            ck.wrong_type(node, path, self.expected, _("write [乡镇, 完成率]"))
            return None
        cells = [Cell().check(n, (*path, i), ck) for i, n in enumerate(node.items)]
        return tuple(c for c in cells if c is not None) if None not in cells else None

    def schema(self) -> dict[str, object]:
        return {"type": "array", "items": Cell().schema(), "minItems": 1}


@dataclass(frozen=True)
class Rows:
    """The rows of a table, the first its header: a list of lists of cells,
    each row with where it is written."""

    expected = N_("a list of rows, the first the header")

    def check(
        self, node: Node, path: KeyPath, ck: Checker
    ) -> tuple[tuple[tuple[Text, ...], Location], ...] | None:
        if not isinstance(node, ListNode) or not node.items:
            hint = _("write [[乡镇, 完成率], [甲镇, 98%]]: the header row, then the rows")
            ck.wrong_type(node, path, self.expected, hint)
            return None
        rows = [Cells().check(n, (*path, i), ck) for i, n in enumerate(node.items)]
        if None in rows:
            return None
        return tuple(
            (r, n.location) for r, n in zip(rows, node.items, strict=True) if r is not None
        )

    def schema(self) -> dict[str, object]:
        return {"type": "array", "items": Cells().schema(), "minItems": 1}


@dataclass(frozen=True)
class Numbers:
    """A list of positive numbers (relative column widths)."""

    expected = N_("a list of positive numbers")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> tuple[float, ...] | None:
        if not isinstance(node, ListNode) or not node.items:
            ck.wrong_type(node, path, self.expected, _("write widths: [2, 1]"))
            return None
        out = []
        for i, n in enumerate(node.items):
            v = n.value if isinstance(n, Scalar) else None
            if isinstance(v, int | float) and not isinstance(v, bool) and v > 0:
                out.append(float(v))
            else:
                ck.wrong_type(n, (*path, i), N_("a positive number"), _("write widths: [2, 1]"))
        return tuple(out) if len(out) == len(node.items) else None

    def schema(self) -> dict[str, object]:
        return {"type": "array", "items": {"type": "number", "exclusiveMinimum": 0}}


@dataclass(frozen=True)
class WidthKind:
    """An image's printed width: a number of characters, or 80mm."""

    expected = N_("a number of characters, or a width in mm such as 80mm")

    def check(self, node: Node, path: KeyPath, ck: Checker) -> Width | None:
        value = node.value if isinstance(node, Scalar) else None
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and value > 0:  # type: ignore[operator]
            return Width(float(value), "chars")  # type: ignore[arg-type]
        if isinstance(value, Text):
            return parse_width(value, ck.problems, show(path))
        if number:  # zero or less
            expected = N_("a positive number of characters, or a width in mm such as 80mm")
        else:
            expected = self.expected
        ck.wrong_type(node, path, expected, _("write width: 20 (characters) or width: 80mm"))
        return None

    def schema(self) -> dict[str, object]:
        return {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string"}]}


# fmt: off
IMAGE = Record(ImageSpec, (
    Field("image", FilePath(), "PNG or JPEG file, relative to this file", "图片", required=True),
    Field("caption", TextLine(), "caption below the image, in 楷体", "图注"),
    Field("width", WidthKind(), "printed width: characters (20) or mm (80mm); "
          "default the text width", "宽度"),
))
BLOCKS: dict[str, Record] = {
    "heading": Record(HeadingSpec, (
        Field("heading", TextLine(), "a heading: 一、… （一）… 1. … （1）…", "标题", required=True),
        Field("level", Choice((1, 2, 3, 4)), "1 一、, 2 （一）, 3 1., 4 （1）; default from its "
              "numbering", "层级"),
    )),
    "image": IMAGE,
    "images": Record(ImagesSpec, (
        Field("images", ListOf(IMAGE), "two images side by side, each with its caption",
              "并排图片", required=True),
    )),
    "table": Record(TableSpec, (
        Field("table", Rows(), "rows of cells, the first the header", "表格", required=True),
        Field("caption", TextLine(), "caption above the table, e.g. 表1 各乡镇完成情况", "表题"),
        Field("widths", Numbers(), "relative column widths; default from the content",
              "列宽"),
    )),
    "quote": Record(QuoteSpec, (
        Field("quote", Body(lists=False), "quoted text (引文, a 批示) in 楷体, indented on "
              "both sides", "引文", required=True),
    )),
    "pagebreak": Record(PageBreakSpec, (
        Field("pagebreak", Flag(), "true: the next block starts a new page", "分页",
              required=True),
    )),
}
# fmt: on


def _heading(
    spec: HeadingSpec, item: MapNode, path: KeyPath, ck: Checker
) -> tuple[Block, ...] | None:
    text = spec.heading
    level = spec.level or heading_level(text.value, limit=len(text.value) + 1)
    if level is None:
        ck.error(
            text.origin,
            _("{path}: the heading '{heading}' has no numbering to tell its level").format(
                path=show(path), heading=text.value
            ),
            _("start it with 一、 （一） 1. or （1）, or give level: 1–4"),
        )
        return None
    return (Heading(level, (Run(text),)),)


def _image(spec: ImageSpec, item: MapNode, path: KeyPath, ck: Checker) -> tuple[Block, ...] | None:
    found = picture(spec.image, spec.caption, spec.width, ck.problems)
    return None if found is None else (Figure((found,)),)


def _images(
    spec: ImagesSpec, item: MapNode, path: KeyPath, ck: Checker
) -> tuple[Block, ...] | None:
    if len(spec.images) != 2:
        ck.error(
            item.location,
            _("{path}: images stand two side by side, got {count}").format(
                path=show(path), count=len(spec.images)
            ),
            _("give two images, or write each as its own image: block"),
        )
        return None
    found = [picture(s.image, s.caption, s.width, ck.problems) for s in spec.images]
    pictures = tuple(p for p in found if p is not None)
    return (Figure(pictures),) if len(pictures) == 2 else None


def _table(spec: TableSpec, item: MapNode, path: KeyPath, ck: Checker) -> tuple[Block, ...] | None:
    (header, where), *rows = spec.table
    widths_at = item.get("widths")
    table = make_table(
        header,
        rows,
        ck.problems,
        origin=where,
        caption=spec.caption,
        widths=spec.widths,
        widths_at=None if widths_at is None else widths_at.location,
    )
    return None if table is None else (table,)


def _quote(spec: QuoteSpec, item: MapNode, path: KeyPath, ck: Checker) -> tuple[Block, ...] | None:
    paragraphs: list[Paragraph] = []
    for block in spec.quote:
        if isinstance(block, Paragraph):
            paragraphs.append(block)
        elif isinstance(block, Heading):
            paragraphs.append(Paragraph(block.runs + block.body))
        else:
            ck.error(
                item.location,
                _("{path}: a quote holds text only").format(path=show(path)),
                _("put the image or table after the quote"),
            )
            return None
    return (Quote(tuple(paragraphs)),)


def _pagebreak(
    spec: PageBreakSpec, item: MapNode, path: KeyPath, ck: Checker
) -> tuple[Block, ...] | None:
    if not spec.pagebreak:
        return ()
    return (PageBreak(),)


# Each kind's spec (what its Record built) into model blocks.
_BUILD: dict[str, Callable[[Any, MapNode, KeyPath, Checker], tuple[Block, ...] | None]] = {
    "heading": _heading,
    "image": _image,
    "images": _images,
    "table": _table,
    "quote": _quote,
    "pagebreak": _pagebreak,
}
