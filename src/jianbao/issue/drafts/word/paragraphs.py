"""Word paragraphs: the body of a .docx read in document order into paragraphs and tables.

In: a python-docx document and the name it is shown by in messages.  Out:
``Reader.body`` — ``Para``s, each located by its number (counted from 1,
empty ones and those in table cells included, as Word's navigation counts)
and holding its text (runs: bold or not, their size), manual breaks,
pictures (``Image``), what its properties and style say (centred, heading
level, Title style) and its automatic number as text; ``Table``s of
``Cell``s (merged cells marked), each cell holding paragraphs and tables in
turn — and ``Reader.changed``, where the first tracked change is
(insertions are kept, deletions dropped).  Hidden text, field codes and
text boxes are not read.  ``lines``, ``join`` and ``markup`` turn a
paragraph's pieces into its lines and its body markup (bold in ``**``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import field
from typing import Any

from ....errors import Location
from ....records import dataclass
from .numbering import Numbering, Style, Styles, Xml, find, number, on, q, rpr_first, val

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$")
_TITLE_STYLES = ("title", "标题")
_LATIN_STOPS = frozenset(",.;:!?)")


# --- what a paragraph holds ----------------------------------------------------------
@dataclass(frozen=True)
class _Span:
    """Text in one run: ``bold`` is emphasis, ``looks_bold`` also counts the
    bold of a heading's paragraph style (for finding the title)."""

    text: str
    bold: bool
    looks_bold: bool
    size: float


@dataclass(frozen=True)
class _Break:
    """A manual line break (w:br, w:cr)."""


@dataclass(frozen=True)
class Image:
    """A picture: its part's name (one file per part), bytes and extension."""

    key: str
    blob: bytes
    ext: str


Piece = _Span | _Break | Image
Chars = list[tuple[str, bool]]  # characters of a paragraph, each bold or not


@dataclass(frozen=True)
class _Format:
    """What a paragraph's properties and style say."""

    centred: bool = False
    heading: int | None = None  # Heading n / outline level n
    titled: bool = False  # Title / 标题
    bold: bool = False  # bold from the paragraph style
    size: float = 10.0  # pt, from the paragraph style


@dataclass
class Para:
    """One paragraph of the draft as read: its number, pieces, numbering text."""

    where: Location
    pieces: list[Piece]
    fmt: _Format
    prefix: _Span | None = None

    @property
    def spans(self) -> list[Piece]:
        return [self.prefix, *self.pieces] if self.prefix else list(self.pieces)

    @property
    def lines(self) -> list[Chars]:
        return lines(self.spans)

    @property
    def text(self) -> str:
        return "".join(c for c, _ in join(self.lines))

    @property
    def images(self) -> list[Image]:
        return [p for p in self.pieces if isinstance(p, Image)]

    @property
    def empty(self) -> bool:
        """No text (a number alone counts as none) and no picture."""
        return not lines(self.pieces) and not self.images

    @property
    def size(self) -> float:
        sizes: Counter[float] = Counter()
        for p in self.spans:
            if isinstance(p, _Span):
                sizes[p.size] += len(p.text.strip())
        return sizes.most_common(1)[0][0] if sizes and sizes.total() else self.fmt.size

    @property
    def looks_bold(self) -> bool:
        spans = [p for p in self.spans if isinstance(p, _Span) and p.text.strip()]
        return bool(spans) and all(p.looks_bold for p in spans)


@dataclass
class Cell:
    where: Location
    items: list[Para | Table]
    span: int = 1
    merged: bool = False  # continues a vertical merge: printed empty

    @property
    def paragraphs(self) -> list[Para]:
        out: list[Para] = []
        for item in self.items:
            if isinstance(item, Para):
                out.append(item)
            else:
                out += [p for row in item.rows for cell in row for p in cell.paragraphs]
        return out

    @property
    def text(self) -> str:
        lines = [line for p in self.paragraphs if not p.images for line in p.lines]
        return "".join(c for c, _ in join(lines))

    @property
    def images(self) -> list[Image]:
        return [image for p in self.paragraphs for image in p.images]

    def caption(self) -> str:
        """The text of its paragraphs that hold no picture."""
        found = [line for p in self.paragraphs for line in lines(_texts(p.spans))]
        return "".join(c for c, _ in join(found))


@dataclass
class Table:
    where: Location
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(cell.text or cell.images for row in self.rows for cell in row)


def _texts(pieces: list[Piece]) -> list[Piece]:
    return [p for p in pieces if not isinstance(p, Image)]


def lines(pieces: list[Piece]) -> list[Chars]:
    """The text of ``pieces`` in lines (cut at manual breaks), each stripped of
    spaces, tabs and 　 at both ends; empty lines left out; a tab inside a
    line is a space."""
    lines: list[Chars] = [[]]
    for piece in pieces:
        if isinstance(piece, _Break):
            lines.append([])
        elif isinstance(piece, _Span):
            lines[-1] += [(" " if c == "\t" else c, piece.bold) for c in piece.text]
    out: list[Chars] = []
    for line in lines:
        start, end = 0, len(line)
        while start < end and line[start][0].isspace():
            start += 1
        while end > start and line[end - 1][0].isspace():
            end -= 1
        if start < end:
            out.append(line[start:end])
    return out


def _latin(c: str) -> bool:
    return c.isalnum() and ord(c) < 0x2E80


def join(lines: list[Chars]) -> Chars:
    """Lines joined: no space, but one between two Latin words."""
    out: Chars = []
    for line in lines:
        if out and (_latin(out[-1][0]) or out[-1][0] in _LATIN_STOPS) and _latin(line[0][0]):
            out.append((" ", out[-1][1] and line[0][1]))
        out += line
    return out


def markup(chars: Chars) -> str:
    """The characters as body markup: bold stretches in ``**``."""
    out: list[str] = []
    bold = False
    for c, b in chars:
        if b != bold:
            out.append("**")
            bold = b
        out.append(c)
    if bold:
        out.append("**")
    return "".join(out)


# --- the document read into paragraphs and tables --------------------------------------
_CONTAINERS = frozenset(
    q(t) for t in ("w:hyperlink", "w:smartTag", "w:customXml", "w:fldSimple", "w:dir", "w:bdo")
)
_INSERTED = frozenset(q(t) for t in ("w:ins", "w:moveTo"))
_DELETED = frozenset(q(t) for t in ("w:del", "w:moveFrom"))


class Reader:
    """Reads the body in document order, counting paragraphs and lists."""

    def __init__(self, document: Any, shown: str) -> None:
        self.shown = shown
        self.count = 0
        self.changed: Location | None = None
        self.styles = Styles(document.styles.element)
        try:
            numbering = document.part.part_related_by(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
            ).element
        except (KeyError, ValueError):
            numbering = None
        self.numbering = Numbering(numbering, self.styles)
        self.parts: dict[str, Any] = dict(document.part.related_parts)

    def _change(self, where: Location) -> None:
        if self.changed is None:
            self.changed = where

    def body(self, container: Xml) -> list[Para | Table]:
        """The paragraphs and tables of ``container`` (the body, a cell); a
        paragraph whose mark is deleted (tracked) runs on into the next."""
        items: list[Para | Table] = []
        carried: Para | None = None
        for el in self._children(container):
            if el.tag == q("w:p"):
                para, deleted = self._paragraph(el)
                if carried is not None:
                    para.pieces[:0] = carried.pieces
                    para.where = carried.where
                    carried = None
                if deleted:
                    carried = para
                else:
                    items.append(para)
            elif el.tag == q("w:tbl"):
                if carried is not None:
                    items.append(carried)
                    carried = None
                items.append(self._table(el))
        if carried is not None:
            items.append(carried)
        return items

    def _children(self, container: Xml) -> list[Xml]:
        """Paragraphs and tables, also inside content controls and custom XML."""
        out: list[Xml] = []
        for el in container.iterchildren():
            if el.tag in (q("w:p"), q("w:tbl")):
                out.append(el)
            elif el.tag == q("w:sdt"):
                content = find(el, "w:sdtContent")
                if content is not None:
                    out += self._children(content)
            elif el.tag == q("w:customXml"):
                out += self._children(el)
        return out

    def _paragraph(self, p: Xml) -> tuple[Para, bool]:
        self.count += 1
        where = Location(self.shown, self.count, 0, paragraph=True)
        ppr = find(p, "w:pPr")
        style_id = val(find(ppr, "w:pStyle")) or self.styles.default
        chain = self.styles.chain(style_id)
        fmt = self._format(ppr, chain)
        mark = find(ppr, "w:rPr")
        deleted = find(mark, "w:del") is not None
        if deleted or find(mark, "w:ins") is not None:
            self._change(where)
        pieces: list[Piece] = []
        self._content(p, fmt, chain, pieces, where)
        para = Para(where, pieces, fmt, self._prefix(ppr, style_id, fmt))
        return para, deleted

    def _format(self, ppr: Xml | None, chain: list[Style]) -> _Format:
        pprs = [ppr, *(s.ppr for s in chain)]
        rprs = [s.rpr for s in chain] + [self.styles.defaults]
        jc = val(rpr_first(pprs, "w:jc"))
        outline = val(rpr_first(pprs, "w:outlineLvl"))
        heading = number(outline, 9) + 1 if outline is not None else None
        if heading is None or heading > 9:
            heading = None
            for style in chain:
                m = _HEADING_STYLE.match(style.name.casefold())
                if m:
                    heading = int(m.group(1))
                    break
        size = val(rpr_first(rprs, "w:sz"))
        return _Format(
            centred=jc == "center",
            heading=heading,
            titled=any(s.name.casefold() in _TITLE_STYLES for s in chain),
            bold=on(rpr_first(rprs, "w:b")) is True,
            size=number(size, 20) / 2,
        )

    def _prefix(self, ppr: Xml | None, style_id: str | None, fmt: _Format) -> _Span | None:
        """The automatic number of the paragraph, as the reader saw it."""
        num = find(ppr, "w:numPr")
        num_id = val(find(num, "w:numId"))
        ilvl = val(find(num, "w:ilvl"))
        styled_id, styled_ilvl = self.styles.numbering(style_id)
        if num_id is None:
            num_id, ilvl = styled_id, ilvl or styled_ilvl
        if not num_id or num_id == "0":
            return None
        level = number(ilvl, -1)
        if level < 0:
            level = self.numbering.level_of_style(num_id, style_id)
        found = self.numbering.next(num_id, level)
        if found is None or not found[0].strip():
            return None
        text, bold = found
        bold = bold or on(find(ppr, "w:rPr", "w:b")) is True
        return _Span(text, bold, bold or fmt.bold, fmt.size)

    def _content(
        self, el: Xml, fmt: _Format, chain: list[Style], out: list[Piece], where: Location
    ) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == q("w:r"):
                self._run(child, fmt, chain, out, where)
            elif tag in _DELETED:
                self._change(where)
            elif tag in _INSERTED:
                self._change(where)
                self._content(child, fmt, chain, out, where)
            elif tag in _CONTAINERS:
                self._content(child, fmt, chain, out, where)
            elif tag == q("w:sdt"):
                content = find(child, "w:sdtContent")
                if content is not None:
                    self._content(content, fmt, chain, out, where)
            elif tag == q("mc:AlternateContent"):
                branch = _branch(child)
                if branch is not None:
                    self._content(branch, fmt, chain, out, where)

    def _run(
        self, r: Xml, fmt: _Format, chain: list[Style], out: list[Piece], where: Location
    ) -> None:
        rpr = find(r, "w:rPr")
        styles = self.styles.chain(val(find(rpr, "w:rStyle")))
        rprs = [rpr, *(s.rpr for s in styles)]
        if on(rpr_first(rprs, "w:vanish")):
            return
        own = on(rpr_first(rprs, "w:b"))
        heading = fmt.heading is not None or fmt.titled
        bold = own if own is not None else fmt.bold and not heading
        looks = own if own is not None else fmt.bold
        sz = val(rpr_first(rprs, "w:sz"))
        size = number(sz, 0) / 2 if sz is not None else fmt.size
        self._run_content(r, _Span("", bold, looks, size), out, where)

    def _run_content(self, el: Xml, like: _Span, out: list[Piece], where: Location) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == q("w:t"):
                out.append(_Span(child.text or "", like.bold, like.looks_bold, like.size))
            elif tag in (q("w:tab"), q("w:ptab")):
                out.append(_Span("\t", like.bold, like.looks_bold, like.size))
            elif tag in (q("w:br"), q("w:cr")):
                out.append(_Break())
            elif tag == q("w:noBreakHyphen"):
                out.append(_Span("-", like.bold, like.looks_bold, like.size))
            elif tag == q("w:sym"):
                code = _number_hex(child.get(q("w:char")))
                if code is not None and not 0xE000 <= code <= 0xF8FF:
                    out.append(_Span(chr(code), like.bold, like.looks_bold, like.size))
            elif tag in (q("w:drawing"), q("w:pict"), q("w:object")):
                out += self._images(child)
            elif tag == q("mc:AlternateContent"):
                branch = _branch(child)
                if branch is not None:
                    self._run_content(branch, like, out, where)

    def _images(self, el: Xml) -> list[Piece]:
        """The pictures of a drawing or VML shape (not those in its text boxes)."""
        out: list[Piece] = []
        for found in el.iter(q("a:blip"), q("v:imagedata")):
            if any(a.tag == q("w:txbxContent") for a in found.iterancestors()):
                continue
            rid = found.get(q("r:embed")) or found.get(q("r:id"))
            part = self.parts.get(rid or "")
            if part is None or not hasattr(part, "blob"):
                continue
            name = str(part.partname)
            out.append(Image(name, part.blob, part.partname.ext.lower() or "bin"))
        return out

    def _table(self, tbl: Xml) -> Table:
        table = Table(Location(self.shown, self.count + 1, 0, paragraph=True))
        for tr in _rows(tbl):
            trpr = find(tr, "w:trPr")
            changed = find(trpr, "w:ins") is not None or find(trpr, "w:del") is not None
            row: list[Cell] = []
            before = number(val(find(trpr, "w:gridBefore")), 0)
            for tc in _cells(tr):
                tcpr = find(tc, "w:tcPr")
                vmerge, hmerge = find(tcpr, "w:vMerge"), find(tcpr, "w:hMerge")
                where = Location(self.shown, self.count + 1, 0, paragraph=True)
                cell = Cell(
                    where,
                    self.body(tc),
                    max(1, number(val(find(tcpr, "w:gridSpan")), 1)),
                    any(m is not None and val(m) != "restart" for m in (vmerge, hmerge)),
                )
                row.append(cell)
            if changed:
                self._change(row[0].where if row else table.where)
            if find(trpr, "w:del") is not None:
                continue
            if row and before:
                row[:0] = [Cell(row[0].where, []) for _ in range(before)]
            after = number(val(find(trpr, "w:gridAfter")), 0)
            if row and after:
                row += [Cell(row[-1].where, []) for _ in range(after)]
            table.rows.append(row)
        return table


def _number_hex(text: str | None) -> int | None:
    try:
        return int(text, 16) if text else None
    except ValueError:
        return None


def _branch(alternate: Xml) -> Xml | None:
    """The branch of an mc:AlternateContent Word shows: its first choice."""
    choice = find(alternate, "mc:Choice")
    return choice if choice is not None else find(alternate, "mc:Fallback")


def _rows(tbl: Xml) -> list[Xml]:
    out: list[Xml] = []
    for el in tbl.iterchildren():
        if el.tag == q("w:tr"):
            out.append(el)
        elif el.tag in (q("w:sdt"), q("w:customXml")):
            content = find(el, "w:sdtContent") if el.tag == q("w:sdt") else el
            if content is not None:
                out += _rows(content)
    return out


def _cells(tr: Xml) -> list[Xml]:
    out: list[Xml] = []
    for el in tr.iterchildren():
        if el.tag == q("w:tc"):
            out.append(el)
        elif el.tag in (q("w:sdt"), q("w:customXml")):
            content = find(el, "w:sdtContent") if el.tag == q("w:sdt") else el
            if content is not None:
                out += _cells(content)
    return out
