"""Word drafts: a .docx in (a .doc or .wps through LibreOffice), a ``Draft`` out.

In: the path of a Word document, the name it is shown by in messages, the
folder its pictures are written to and the body's heading limit.  Out: a
``Draft`` — title lines, kicker, subtitle, source line, body blocks and
warnings — or ``IssueError`` with every problem located by paragraph
(``稿件.docx: paragraph 12``; paragraphs count from 1 in document order,
empty ones and those in table cells included, as Word's navigation counts).

python-docx opens the package (zip, parts, relationships, images); the
paragraphs, runs, styles, numbering and tracked changes are read from its
XML, since python-docx exposes neither numbering nor tracked changes.

- Title: the first paragraph styled Title / 标题, or Heading 1 / 标题 1
  without numbering text; else the first paragraph when it is centred and
  larger than the body text or bold.  Either may be the second paragraph
  when the first is a short line (at most 30 characters) in a smaller size:
  that line is the kicker (引题).  Following paragraphs of the title's
  style (or centred, in its size and weight) continue it, up to three
  lines, as does a manual line break in it.  A paragraph just after it
  that starts with —— is the subtitle (副题).  When nothing marks a title,
  the first paragraph is taken and a warning (``TITLE_GUESSED``) says so.
- Paragraphs in order: indents (　　, spaces, tabs) and empty paragraphs
  dropped, manual line breaks joined (no space, except one between two
  Latin words), bold runs (direct or from the run's character style, or
  from a paragraph style that is no heading) as emphasis, any other
  formatting and every font ignored.  Each paragraph goes through the body
  markup (``markup.parse_body``) as one line, so it gives the blocks the
  issue file would: headings by their numbering text (一、 （一） 1. （1）),
  run-in headings, ``**`` emphasis — and its errors, located by paragraph.
- Word's automatic numbering counts as numbering text: the number the
  reader saw (numbering.xml: the list's levels, their ``numFmt``,
  ``lvlText``, start, ``startOverride``, restart after a higher level and
  ``isLgl``) prefixes the paragraph.  Formats: decimal, decimalZero,
  decimalFullWidth(2), decimalHalfWidth, upper/lowerRoman,
  upper/lowerLetter, decimalEnclosedCircle(Chinese), decimalEnclosedFullstop,
  decimalEnclosedParen, ideographEnclosedCircle, chineseCounting (一 … 十,
  十一 … 九十九, then 一〇〇), chineseCountingThousand (十一, 一百零五),
  taiwaneseCounting(Thousand), japaneseCounting, chineseLegalSimplified
  (壹拾壹), ideographLegalTraditional, ideographTraditional (甲乙丙),
  ideographZodiac (子丑寅), ideographDigital, taiwaneseDigital, none; any
  other prints as decimal.  Bullets are no numbers and are dropped.
- Heading styles: a paragraph styled Heading n / 标题 n (or with outline
  level n) whose text has no numbering is a heading too.  The highest
  heading style used in the body (the title's aside) is level 1 (一、
  rank), the next one level 2 and so on down to 4: with Heading 1 as the
  title, Heading 2 → 1, Heading 3 → 2, Heading 4 → 3, Heading 5 and lower
  → 4; with a Title-styled title and Heading 1 in the body, Heading n → n.
- Pictures (DrawingML ``a:blip``, legacy VML ``v:imagedata``) are written
  to ``images/<draft stem>-<n>.<ext>`` (n from 1, one file per image in the
  draft, rewritten only when its bytes changed) and become figures; a
  paragraph holding two is a side-by-side figure (more: figures of two).
  The caption is the text after the picture in its paragraph or the next
  paragraph, when it starts 图 and a number or is a short centred line.
  A table whose cells hold pictures is a figure, its cells' text (or the
  row below) the captions.
- Tables: the first row is the header; a horizontally merged cell gives
  its text once and empty cells for the columns it spans, a vertically
  merged one empty cells below it; a paragraph 表N … just before it is its
  caption.  A table of one cell is a frame: its paragraphs are read as
  paragraphs.
- A last paragraph （…供稿）, （供稿：…）, 作者：… or （作者：…） is the source.
- Tracked changes: insertions kept, deletions dropped, one warning
  (``TRACKED_CHANGES``); comments, hidden text, text boxes, footnotes,
  equations, headers and footers are not read.
- A .doc or .wps (or a .doc saved under a .docx name, or an RTF or a web
  page saved as .doc, as some office systems export them) is converted to
  .docx by LibreOffice when ``soffice`` (or ``libreoffice``) is installed,
  with a warning; else refused with the fix.  The format is read from the
  content, not the name: a .docx named .doc is read as it is.  An
  encrypted .docx, a file that is no zip, a zip that is no Word document, a
  damaged part and a document without text are refused, located at
  paragraph 1.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.parser import parse_xml

from ...errors import Diagnostic, IssueError, Location
from ...fsutil import WriteError, write_atomic
from ...model import Block, Figure, Heading, Paragraph, Picture, Run, Text
from ..markup import heading_level, normalise, parse_body, run_in_heading
from ..pictures import picture
from ..tables import make_table
from . import Draft

__all__ = ["CONVERT_TIMEOUT", "TITLE_GUESSED", "TRACKED_CHANGES", "format_number", "read_docx"]

TITLE_GUESSED = (
    "no paragraph is styled or set as the title (centred, larger or bold): "
    "the first paragraph is taken as the title"
)
TRACKED_CHANGES = "the draft has unaccepted tracked changes: insertions kept, deletions dropped"
CONVERT_TIMEOUT = 120  # seconds LibreOffice may take to convert a .doc

# An lxml element of the draft (python-docx's XML types are untyped).
Xml = Any

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIX = "save it as .docx in Word or WPS (文件 → 另存为 → .docx)"
_RESAVE = "open it in Word or WPS and save it again as .docx"
_WRITABLE = "the pictures of a draft are written beside the issue: make that folder writable"
_KICKER_LIMIT = 30  # characters of a kicker
_CAPTION_LIMIT = 40  # characters of a caption found by its shortness
_TITLE_LINES = 3
_FIGURE_CAPTION = re.compile(r"^图\s*[0-9０-９一二三四五六七八九十]+")
_TABLE_CAPTION = re.compile(r"^表\s*[0-9０-９一二三四五六七八九十]+")
_SOURCE = re.compile(
    r"^(?:[（(][^（）()]{1,40}供稿[）)]"
    r"|[（(](?:供稿|供稿单位|作者)[：:][^（）()]{1,40}[）)]"
    r"|作者[：:].{1,40})$"
)
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$")
_TITLE_STYLES = ("title", "标题")
_LATIN_STOPS = frozenset(",.;:!?)")
_SENTINEL = "\u0001"  # keeps a paragraph that opens with | or > out of table and quote markup


# --- reading the package -------------------------------------------------------------
def read_docx(path: Path, *, shown: str, images: Path, heading_limit: int) -> Draft:
    """The article in the Word draft at ``path`` (see the module docstring)."""
    first = Location(shown, 1, 0, paragraph=True)
    name = Path(shown).name
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise _refused(first, f"'{name}' cannot be read: {_reason(exc)}", None) from exc
    suffix = path.suffix.lower()
    if head.startswith(b"PK"):
        return _read_package(path, shown=shown, stem=path.stem, images=images, limit=heading_limit)
    if head.startswith(_OLE):
        if _encrypted(path):
            raise _refused(
                first,
                f"'{name}' is encrypted (password-protected)",
                "save a copy without a password",
            )
        if suffix == ".wps":
            binary = _Binary(".wps", "a WPS document (.wps)")
        elif suffix == ".doc":
            binary = _Binary(".doc", "a Word 97–2003 document")
        else:
            binary = _Binary(".doc", f"a Word 97–2003 document (.doc) under a {suffix} name")
        return _converted(path, binary, shown, images, heading_limit)
    sniffed = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniffed.startswith(b"{\\rtf"):
        return _converted(path, _Binary(".rtf", "an RTF document"), shown, images, heading_limit)
    if sniffed.startswith((b"<html", b"<!doctype html", b"mime-version:")):
        binary = _Binary(".mht", "a web page (HTML or MHT) saved as a Word file")
        return _converted(path, binary, shown, images, heading_limit)
    raise _refused(first, f"'{name}' is not a Word document (.docx)", _FIX)


def _refused(where: Location, message: str, hint: str | None) -> IssueError:
    return IssueError([Diagnostic(where, message, hint)])


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _encrypted(path: Path) -> bool:
    """An OLE compound file holding an ``EncryptionInfo`` stream: an encrypted
    .docx (its directory names the streams in UTF-16)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return "EncryptionInfo".encode("utf-16-le") in data


@dataclass(frozen=True)
class _Binary:
    """A draft only LibreOffice reads: the suffix it is given, and what it is."""

    suffix: str
    what: str


def _converted(path: Path, binary: _Binary, shown: str, images: Path, heading_limit: int) -> Draft:
    """A draft LibreOffice converts to .docx and jianbao reads, or refused
    with the fix when LibreOffice is not installed."""
    first = Location(shown, 1, 0, paragraph=True)
    name = Path(shown).name
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise _refused(first, f"'{name}' is {binary.what}, which jianbao cannot read", _FIX)
    with tempfile.TemporaryDirectory(prefix="jianbao-") as tmp:
        converted = _convert(office, path, binary.suffix, Path(tmp), first, name)
        draft = _read_package(
            converted, shown=shown, stem=path.stem, images=images, limit=heading_limit
        )
    label = binary.suffix if binary.suffix in (".doc", ".wps") else binary.suffix[1:].upper()
    note = Diagnostic(
        first,
        f"converted from {label} with LibreOffice",
        "paragraphs are counted in the converted document; "
        "save it as .docx to have it read as it is",
        "warning",
    )
    return replace(draft, warnings=(note, *draft.warnings))


def _convert(office: str, path: Path, kind: str, folder: Path, first: Location, name: str) -> Path:
    """``soffice --headless --convert-to docx``, in a profile of its own (a
    LibreOffice already open would otherwise swallow the request)."""
    source = folder / f"draft{kind}"
    out = folder / "out"
    try:
        shutil.copyfile(path, source)
    except OSError as exc:
        raise _refused(first, f"'{name}' cannot be read: {_reason(exc)}", None) from exc
    command = [
        office,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise _refused(
            first,
            f"LibreOffice did not convert '{name}' within {CONVERT_TIMEOUT} s",
            _FIX,
        ) from exc
    except OSError as exc:
        raise _refused(first, f"LibreOffice could not be started: {_reason(exc)}", _FIX) from exc
    result = out / f"{source.stem}.docx"
    if not result.is_file():
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f" ({said[-1]})" if said else ""
        raise _refused(first, f"LibreOffice could not convert '{name}'{detail}", _FIX)
    return result


def _opened(path: Path, first: Location, name: str) -> Any:
    """The python-docx document at ``path``, or what is wrong with the file."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refused(first, f"'{name}' is damaged: it is not a whole zip file", _RESAVE) from exc
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            what = "an Excel workbook"
        elif "ppt/presentation.xml" in names:
            what = "a PowerPoint presentation"
        else:
            what = "a zip file without word/document.xml"
        raise _refused(first, f"'{name}' is not a Word document (.docx): it is {what}", _FIX)
    try:
        return docx.Document(str(path))
    except SyntaxError as exc:  # lxml's XMLSyntaxError
        raise _refused(first, f"'{name}' is damaged: {_broken_part(path)}", _RESAVE) from exc
    except ValueError as exc:  # a main part that is no plain document
        raise _refused(
            first,
            f"'{name}' is a Word file of another kind (a template or macro-enabled document)",
            _FIX,
        ) from exc
    except (KeyError, PackageNotFoundError, zipfile.BadZipFile, OSError) as exc:
        raise _refused(first, f"'{name}' is damaged: {exc}", _RESAVE) from exc


def _broken_part(path: Path) -> str:
    """Which XML part of the package does not parse, and where."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not member.endswith((".xml", ".rels")):
                continue
            try:
                parse_xml(archive.read(member))
            except SyntaxError as exc:
                return f"{member} is not well-formed XML (line {exc.lineno})"
    return "one of its parts is not well-formed XML"


def _read_package(path: Path, *, shown: str, stem: str, images: Path, limit: int) -> Draft:
    first = Location(shown, 1, 0, paragraph=True)
    name = Path(shown).name
    document = _opened(path, first, name)
    reader = _Reader(document, shown)
    items = [item for item in reader.body(document.element.body) if not item.empty]
    if not any(isinstance(item, _Para) and item.text for item in items):
        raise _refused(
            first, f"'{name}' has no text", "is it the right file? a draft needs a title"
        )
    warnings: list[Diagnostic] = []
    head, items = _head(items, limit, warnings)
    source = None
    if items and isinstance(items[-1], _Para) and not items[-1].images:
        last = items[-1]
        if _SOURCE.match(last.text):
            source = normalise(Text(last.text, last.where))
            items = items[:-1]
    builder = _Builder(reader, stem=stem, images=images, limit=limit, levels=_levels(items))
    builder.add(items)
    if reader.changed is not None:
        warnings.append(
            Diagnostic(
                reader.changed,
                TRACKED_CHANGES,
                "accept or reject them in Word (审阅 → 接受 / 拒绝)",
                "warning",
            )
        )
    if builder.problems:
        raise IssueError(builder.problems)
    return Draft(
        title=head.title,
        kicker=head.kicker,
        subtitle=head.subtitle,
        source=source,
        blocks=tuple(builder.blocks),
        warnings=tuple(warnings),
    )


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
class _Image:
    """A picture: its part's name (one file per part), bytes and extension."""

    key: str
    blob: bytes
    ext: str


_Piece = _Span | _Break | _Image
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
class _Para:
    """One paragraph of the draft as read: its number, pieces, numbering text."""

    where: Location
    pieces: list[_Piece]
    fmt: _Format
    prefix: _Span | None = None

    @property
    def spans(self) -> list[_Piece]:
        return [self.prefix, *self.pieces] if self.prefix else list(self.pieces)

    @property
    def lines(self) -> list[Chars]:
        return _lines(self.spans)

    @property
    def text(self) -> str:
        return "".join(c for c, _ in _join(self.lines))

    @property
    def images(self) -> list[_Image]:
        return [p for p in self.pieces if isinstance(p, _Image)]

    @property
    def empty(self) -> bool:
        """No text (a number alone counts as none) and no picture."""
        return not _lines(self.pieces) and not self.images

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
class _Cell:
    where: Location
    items: list[_Para | _Table]
    span: int = 1
    merged: bool = False  # continues a vertical merge: printed empty

    @property
    def paragraphs(self) -> list[_Para]:
        out: list[_Para] = []
        for item in self.items:
            if isinstance(item, _Para):
                out.append(item)
            else:
                out += [p for row in item.rows for cell in row for p in cell.paragraphs]
        return out

    @property
    def text(self) -> str:
        lines = [line for p in self.paragraphs if not p.images for line in p.lines]
        return "".join(c for c, _ in _join(lines))

    @property
    def images(self) -> list[_Image]:
        return [image for p in self.paragraphs for image in p.images]

    def caption(self) -> str:
        """The text of its paragraphs that hold no picture."""
        lines = [line for p in self.paragraphs for line in _lines(_texts(p.spans))]
        return "".join(c for c, _ in _join(lines))


@dataclass
class _Table:
    where: Location
    rows: list[list[_Cell]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(cell.text or cell.images for row in self.rows for cell in row)


def _texts(pieces: list[_Piece]) -> list[_Piece]:
    return [p for p in pieces if not isinstance(p, _Image)]


def _lines(pieces: list[_Piece]) -> list[Chars]:
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


def _join(lines: list[Chars]) -> Chars:
    """Lines joined: no space, but one between two Latin words."""
    out: Chars = []
    for line in lines:
        if out and (_latin(out[-1][0]) or out[-1][0] in _LATIN_STOPS) and _latin(line[0][0]):
            out.append((" ", out[-1][1] and line[0][1]))
        out += line
    return out


def _markup(chars: Chars) -> str:
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


# --- styles and numbering ----------------------------------------------------------
def _val(el: Xml | None, attr: str = "w:val") -> str | None:
    return None if el is None else el.get(_q(attr))


def _find(el: Xml | None, *tags: str) -> Xml | None:
    for tag in tags:
        if el is None:
            return None
        el = el.find(_q(tag))
    return el


def _on(el: Xml | None) -> bool | None:
    """A toggle property (w:b, w:vanish): None when absent."""
    if el is None:
        return None
    return _val(el) not in ("0", "false", "off", "none")


def _number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    ppr: Xml | None
    rpr: Xml | None


class _Styles:
    """styles.xml: each style by id, the chain it is based on, the defaults."""

    def __init__(self, root: Xml | None) -> None:
        self._by_id: dict[str, _Style] = {}
        self.default: str | None = None
        self.defaults = _find(root, "w:docDefaults", "w:rPrDefault", "w:rPr")
        for el in root.iterchildren(_q("w:style")) if root is not None else ():
            style_id = el.get(_q("w:styleId"))
            if not style_id:
                continue
            self._by_id[style_id] = _Style(
                (_val(_find(el, "w:name")) or style_id).strip(),
                _val(_find(el, "w:basedOn")),
                _find(el, "w:pPr"),
                _find(el, "w:rPr"),
            )
            default = el.get(_q("w:default")) in ("1", "true", "on")
            if default and el.get(_q("w:type")) == "paragraph":
                self.default = style_id

    def chain(self, style_id: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            out.append(self._by_id[style_id])
            style_id = out[-1].based_on
        return out

    def numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives, each None when it gives none."""
        num_id = ilvl = None
        for style in self.chain(style_id):
            num = _find(style.ppr, "w:numPr")
            num_id = num_id or _val(_find(num, "w:numId"))
            ilvl = ilvl or _val(_find(num, "w:ilvl"))
        return num_id, ilvl


def _rpr_first(rprs: list[Xml | None], tag: str) -> Xml | None:
    for rpr in rprs:
        found = _find(rpr, tag)
        if found is not None:
            return found
    return None


_CN_DIGITS = "〇一二三四五六七八九"
_CN_ZERO = "零一二三四五六七八九"
_LEGAL_SIMPLIFIED = ("零壹贰叁肆伍陆柒捌玖", "拾佰仟万")
_LEGAL_TRADITIONAL = ("零壹貳參肆伍陸柒捌玖", "拾佰仟萬")
_COUNTING = (_CN_ZERO, "十百千万")
_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _grouped(n: int, digits: str, units: str, *, ten_alone: bool) -> str:
    """Counting with 十百千万 (or 拾佰仟万): 十一, 一百零五, 一千零二十;
    ``ten_alone``: 10–19 as 十… rather than 一十…."""
    if n >= 10000:
        high, low = divmod(n, 10000)
        head = _grouped(high, digits, units, ten_alone=ten_alone) + units[3]
        if not low:
            return head
        gap = digits[0] if low < 1000 else ""
        return head + gap + _grouped(low, digits, units, ten_alone=False)
    out: list[str] = []
    pending_zero = False
    for place, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // place % 10
        if not digit:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        if not (ten_alone and place == 10 and digit == 1 and not out):
            out.append(digits[digit])
        out.append(unit)
    return "".join(out) or digits[0]


def _counting(n: int) -> str:
    """chineseCounting: 一 … 九, 十, 十一 … 九十九, then digit by digit (一〇〇)."""
    if n >= 100:
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    return _grouped(n, _CN_DIGITS, "十百千万", ten_alone=True)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """``n`` in the numbering format ``fmt`` (ECMA-376 ST_NumberFormat)."""
    if fmt == "none":
        return ""
    if n < 0:
        return str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        text = _roman(n) if n else str(n)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, 20)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)
    if fmt == "ideographEnclosedCircle":
        return _enclosed(n, 0x3220, 10)
    if fmt in ("chineseCounting", "taiwaneseCounting"):
        return _counting(n)
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand", "japaneseCounting"):
        return _grouped(n, *_COUNTING, ten_alone=True)
    if fmt == "chineseLegalSimplified":
        return _grouped(n, *_LEGAL_SIMPLIFIED, ten_alone=False)
    if fmt == "ideographLegalTraditional":
        return _grouped(n, *_LEGAL_TRADITIONAL, ten_alone=False)
    if fmt == "ideographTraditional":
        return _TRADITIONAL[n - 1] if 1 <= n <= 10 else str(n)
    if fmt == "ideographZodiac":
        return _ZODIAC[n - 1] if 1 <= n <= 12 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    return str(n)


@dataclass(frozen=True)
class _List:
    """A w:num: the abstract list it uses, with its overrides."""

    abstract: str
    starts: dict[int, int]
    levels: dict[int, Xml]


class _Numbering:
    """numbering.xml, and the counters of each list as the document goes on."""

    def __init__(self, root: Xml | None, styles: _Styles) -> None:
        self._styles = styles
        self._abstracts: dict[str, Xml] = {}
        self._lists: dict[str, _List] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._starts: dict[str, dict[int, int]] = {}
        self._used: set[str] = set()
        if root is None:
            return
        for el in root.iterchildren(_q("w:abstractNum")):
            self._abstracts[el.get(_q("w:abstractNumId")) or ""] = el
        for el in root.iterchildren(_q("w:num")):
            starts: dict[int, int] = {}
            levels: dict[int, Xml] = {}
            for override in el.iterchildren(_q("w:lvlOverride")):
                ilvl = _number(override.get(_q("w:ilvl")), 0)
                start = _find(override, "w:startOverride")
                if start is not None:
                    starts[ilvl] = _number(_val(start), 0)
                lvl = _find(override, "w:lvl")
                if lvl is not None:
                    levels[ilvl] = lvl
            abstract = _val(_find(el, "w:abstractNumId")) or ""
            self._lists[el.get(_q("w:numId")) or ""] = _List(abstract, starts, levels)

    def _abstract(self, abstract_id: str) -> Xml | None:
        """The abstract list, through a ``numStyleLink`` to a numbering style."""
        el = self._abstracts.get(abstract_id)
        link = _val(_find(el, "w:numStyleLink"))
        if link:
            num_id, _ = self._styles.numbering(link)
            linked = self._lists.get(num_id or "")
            if linked is not None and linked.abstract != abstract_id:
                return self._abstracts.get(linked.abstract, el)
        return el

    def _level(self, num: _List, ilvl: int) -> Xml | None:
        if ilvl in num.levels:
            return num.levels[ilvl]
        abstract = self._abstract(num.abstract)
        if abstract is None:
            return None
        for lvl in abstract.iterchildren(_q("w:lvl")):
            if _number(lvl.get(_q("w:ilvl")), -1) == ilvl:
                return lvl
        return None

    def level_of_style(self, num_id: str, style_id: str | None) -> int:
        """The level of a list that names ``style_id`` (w:lvl/w:pStyle), else 0."""
        num = self._lists.get(num_id)
        abstract = self._abstract(num.abstract) if num else None
        if abstract is not None and style_id:
            for lvl in abstract.iterchildren(_q("w:lvl")):
                if _val(_find(lvl, "w:pStyle")) == style_id:
                    return _number(lvl.get(_q("w:ilvl")), 0)
        return 0

    def next(self, num_id: str, ilvl: int) -> tuple[str, bool] | None:
        """The number text of the next paragraph of list ``num_id`` at level
        ``ilvl`` and whether the list prints it bold; None for no number (a
        bullet, an unknown list)."""
        num = self._lists.get(num_id)
        if num is None or not 0 <= ilvl <= 8:
            return None
        lvl = self._level(num, ilvl)
        if lvl is None:
            return None
        key = num.abstract
        counters = self._counters.setdefault(key, [None] * 9)
        starts = self._starts.setdefault(key, {})
        if num_id not in self._used:
            self._used.add(num_id)
            for level, start in num.starts.items():
                if 0 <= level <= 8:
                    counters[level], starts[level] = None, start
        value = counters[ilvl]
        counters[ilvl] = self._start(num, ilvl, starts) if value is None else value + 1
        for deeper in range(ilvl + 1, 9):
            restart = _val(_find(self._level(num, deeper), "w:lvlRestart"))
            if restart is None or ilvl < _number(restart, 9):
                counters[deeper] = None
        if _format_of(lvl) == "bullet":
            return None
        legal = _on(_find(lvl, "w:isLgl")) is True

        def number(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            shown = counters[level]
            if shown is None:
                shown = self._start(num, level, starts)
            fmt = "decimal" if legal else _format_of(self._level(num, level))
            return format_number(shown, fmt)

        text = re.sub(r"%([1-9])", number, _val(_find(lvl, "w:lvlText")) or "")
        return text, _on(_find(lvl, "w:rPr", "w:b")) is True

    def _start(self, num: _List, ilvl: int, starts: dict[int, int]) -> int:
        if ilvl in starts:
            return starts[ilvl]
        return _number(_val(_find(self._level(num, ilvl), "w:start")), 0)


def _format_of(lvl: Xml | None) -> str:
    """A level's numFmt (the fallback of a Word 2010 custom format)."""
    fmt = _find(lvl, "w:numFmt")
    if fmt is None:
        fmt = _find(lvl, "mc:AlternateContent", "mc:Fallback", "w:numFmt")
    return _val(fmt) or "decimal"


# --- the document read into paragraphs and tables --------------------------------------
_CONTAINERS = frozenset(
    _q(t) for t in ("w:hyperlink", "w:smartTag", "w:customXml", "w:fldSimple", "w:dir", "w:bdo")
)
_INSERTED = frozenset(_q(t) for t in ("w:ins", "w:moveTo"))
_DELETED = frozenset(_q(t) for t in ("w:del", "w:moveFrom"))


class _Reader:
    """Reads the body in document order, counting paragraphs and lists."""

    def __init__(self, document: Any, shown: str) -> None:
        self.shown = shown
        self.count = 0
        self.changed: Location | None = None
        self.styles = _Styles(document.styles.element)
        try:
            numbering = document.part.part_related_by(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
            ).element
        except (KeyError, ValueError):
            numbering = None
        self.numbering = _Numbering(numbering, self.styles)
        self.parts: dict[str, Any] = dict(document.part.related_parts)

    def _change(self, where: Location) -> None:
        if self.changed is None:
            self.changed = where

    def body(self, container: Xml) -> list[_Para | _Table]:
        """The paragraphs and tables of ``container`` (the body, a cell); a
        paragraph whose mark is deleted (tracked) runs on into the next."""
        items: list[_Para | _Table] = []
        carried: _Para | None = None
        for el in self._children(container):
            if el.tag == _q("w:p"):
                para, deleted = self._paragraph(el)
                if carried is not None:
                    para.pieces[:0] = carried.pieces
                    para.where = carried.where
                    carried = None
                if deleted:
                    carried = para
                else:
                    items.append(para)
            elif el.tag == _q("w:tbl"):
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
            if el.tag in (_q("w:p"), _q("w:tbl")):
                out.append(el)
            elif el.tag == _q("w:sdt"):
                content = _find(el, "w:sdtContent")
                if content is not None:
                    out += self._children(content)
            elif el.tag == _q("w:customXml"):
                out += self._children(el)
        return out

    def _paragraph(self, p: Xml) -> tuple[_Para, bool]:
        self.count += 1
        where = Location(self.shown, self.count, 0, paragraph=True)
        ppr = _find(p, "w:pPr")
        style_id = _val(_find(ppr, "w:pStyle")) or self.styles.default
        chain = self.styles.chain(style_id)
        fmt = self._format(ppr, chain)
        mark = _find(ppr, "w:rPr")
        deleted = _find(mark, "w:del") is not None
        if deleted or _find(mark, "w:ins") is not None:
            self._change(where)
        pieces: list[_Piece] = []
        self._content(p, fmt, chain, pieces, where)
        para = _Para(where, pieces, fmt, self._prefix(ppr, style_id, fmt))
        return para, deleted

    def _format(self, ppr: Xml | None, chain: list[_Style]) -> _Format:
        pprs = [ppr, *(s.ppr for s in chain)]
        rprs = [s.rpr for s in chain] + [self.styles.defaults]
        jc = _val(_rpr_first(pprs, "w:jc"))
        outline = _val(_rpr_first(pprs, "w:outlineLvl"))
        heading = _number(outline, 9) + 1 if outline is not None else None
        if heading is None or heading > 9:
            heading = None
            for style in chain:
                m = _HEADING_STYLE.match(style.name.casefold())
                if m:
                    heading = int(m.group(1))
                    break
        size = _val(_rpr_first(rprs, "w:sz"))
        return _Format(
            centred=jc == "center",
            heading=heading,
            titled=any(s.name.casefold() in _TITLE_STYLES for s in chain),
            bold=_on(_rpr_first(rprs, "w:b")) is True,
            size=_number(size, 20) / 2,
        )

    def _prefix(self, ppr: Xml | None, style_id: str | None, fmt: _Format) -> _Span | None:
        """The automatic number of the paragraph, as the reader saw it."""
        num = _find(ppr, "w:numPr")
        num_id = _val(_find(num, "w:numId"))
        ilvl = _val(_find(num, "w:ilvl"))
        styled_id, styled_ilvl = self.styles.numbering(style_id)
        if num_id is None:
            num_id, ilvl = styled_id, ilvl or styled_ilvl
        if not num_id or num_id == "0":
            return None
        level = _number(ilvl, -1)
        if level < 0:
            level = self.numbering.level_of_style(num_id, style_id)
        found = self.numbering.next(num_id, level)
        if found is None or not found[0].strip():
            return None
        text, bold = found
        bold = bold or _on(_find(ppr, "w:rPr", "w:b")) is True
        return _Span(text, bold, bold or fmt.bold, fmt.size)

    def _content(
        self, el: Xml, fmt: _Format, chain: list[_Style], out: list[_Piece], where: Location
    ) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == _q("w:r"):
                self._run(child, fmt, chain, out, where)
            elif tag in _DELETED:
                self._change(where)
            elif tag in _INSERTED:
                self._change(where)
                self._content(child, fmt, chain, out, where)
            elif tag in _CONTAINERS:
                self._content(child, fmt, chain, out, where)
            elif tag == _q("w:sdt"):
                content = _find(child, "w:sdtContent")
                if content is not None:
                    self._content(content, fmt, chain, out, where)
            elif tag == _q("mc:AlternateContent"):
                branch = _branch(child)
                if branch is not None:
                    self._content(branch, fmt, chain, out, where)

    def _run(
        self, r: Xml, fmt: _Format, chain: list[_Style], out: list[_Piece], where: Location
    ) -> None:
        rpr = _find(r, "w:rPr")
        styles = self.styles.chain(_val(_find(rpr, "w:rStyle")))
        rprs = [rpr, *(s.rpr for s in styles)]
        if _on(_rpr_first(rprs, "w:vanish")):
            return
        own = _on(_rpr_first(rprs, "w:b"))
        heading = fmt.heading is not None or fmt.titled
        bold = own if own is not None else fmt.bold and not heading
        looks = own if own is not None else fmt.bold
        sz = _val(_rpr_first(rprs, "w:sz"))
        size = _number(sz, 0) / 2 if sz is not None else fmt.size
        self._run_content(r, _Span("", bold, looks, size), out, where)

    def _run_content(self, el: Xml, like: _Span, out: list[_Piece], where: Location) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == _q("w:t"):
                out.append(_Span(child.text or "", like.bold, like.looks_bold, like.size))
            elif tag in (_q("w:tab"), _q("w:ptab")):
                out.append(_Span("\t", like.bold, like.looks_bold, like.size))
            elif tag in (_q("w:br"), _q("w:cr")):
                out.append(_Break())
            elif tag == _q("w:noBreakHyphen"):
                out.append(_Span("-", like.bold, like.looks_bold, like.size))
            elif tag == _q("w:sym"):
                code = _number_hex(child.get(_q("w:char")))
                if code is not None and not 0xE000 <= code <= 0xF8FF:
                    out.append(_Span(chr(code), like.bold, like.looks_bold, like.size))
            elif tag in (_q("w:drawing"), _q("w:pict"), _q("w:object")):
                out += self._images(child)
            elif tag == _q("mc:AlternateContent"):
                branch = _branch(child)
                if branch is not None:
                    self._run_content(branch, like, out, where)

    def _images(self, el: Xml) -> list[_Piece]:
        """The pictures of a drawing or VML shape (not those in its text boxes)."""
        out: list[_Piece] = []
        for found in el.iter(_q("a:blip"), _q("v:imagedata")):
            if any(a.tag == _q("w:txbxContent") for a in found.iterancestors()):
                continue
            rid = found.get(_q("r:embed")) or found.get(_q("r:id"))
            part = self.parts.get(rid or "")
            if part is None or not hasattr(part, "blob"):
                continue
            name = str(part.partname)
            out.append(_Image(name, part.blob, part.partname.ext.lower() or "bin"))
        return out

    def _table(self, tbl: Xml) -> _Table:
        table = _Table(Location(self.shown, self.count + 1, 0, paragraph=True))
        for tr in _rows(tbl):
            trpr = _find(tr, "w:trPr")
            changed = _find(trpr, "w:ins") is not None or _find(trpr, "w:del") is not None
            row: list[_Cell] = []
            before = _number(_val(_find(trpr, "w:gridBefore")), 0)
            for tc in _cells(tr):
                tcpr = _find(tc, "w:tcPr")
                vmerge, hmerge = _find(tcpr, "w:vMerge"), _find(tcpr, "w:hMerge")
                where = Location(self.shown, self.count + 1, 0, paragraph=True)
                cell = _Cell(
                    where,
                    self.body(tc),
                    max(1, _number(_val(_find(tcpr, "w:gridSpan")), 1)),
                    any(m is not None and _val(m) != "restart" for m in (vmerge, hmerge)),
                )
                row.append(cell)
            if changed:
                self._change(row[0].where if row else table.where)
            if _find(trpr, "w:del") is not None:
                continue
            if row and before:
                row[:0] = [_Cell(row[0].where, []) for _ in range(before)]
            after = _number(_val(_find(trpr, "w:gridAfter")), 0)
            if row and after:
                row += [_Cell(row[-1].where, []) for _ in range(after)]
            table.rows.append(row)
        return table


def _number_hex(text: str | None) -> int | None:
    try:
        return int(text, 16) if text else None
    except ValueError:
        return None


def _branch(alternate: Xml) -> Xml | None:
    """The branch of an mc:AlternateContent Word shows: its first choice."""
    choice = _find(alternate, "mc:Choice")
    return choice if choice is not None else _find(alternate, "mc:Fallback")


def _rows(tbl: Xml) -> list[Xml]:
    out: list[Xml] = []
    for el in tbl.iterchildren():
        if el.tag == _q("w:tr"):
            out.append(el)
        elif el.tag in (_q("w:sdt"), _q("w:customXml")):
            content = _find(el, "w:sdtContent") if el.tag == _q("w:sdt") else el
            if content is not None:
                out += _rows(content)
    return out


def _cells(tr: Xml) -> list[Xml]:
    out: list[Xml] = []
    for el in tr.iterchildren():
        if el.tag == _q("w:tc"):
            out.append(el)
        elif el.tag in (_q("w:sdt"), _q("w:customXml")):
            content = _find(el, "w:sdtContent") if el.tag == _q("w:sdt") else el
            if content is not None:
                out += _cells(content)
    return out


# --- title, kicker, subtitle ---------------------------------------------------------
@dataclass(frozen=True)
class _Head:
    title: tuple[Text, ...] = ()
    kicker: Text | None = None
    subtitle: Text | None = None


def _head(
    items: list[_Para | _Table], limit: int, warnings: list[Diagnostic]
) -> tuple[_Head, list[_Para | _Table]]:
    """The title (with its kicker and subtitle) taken off the draft's start."""
    sizes: Counter[float] = Counter()
    for item in items:
        if isinstance(item, _Para):
            sizes[item.size] += len(item.text)
    body = sizes.most_common(1)[0][0]

    def numbered(p: _Para) -> bool:
        text = p.text
        return bool(heading_level(text, limit=limit) or run_in_heading(text, limit=limit))

    def styled(p: _Para) -> bool:
        return p.fmt.titled or (p.fmt.heading == 1 and not numbered(p))

    def set_as_title(p: _Para) -> bool:
        return p.fmt.centred and (p.size > body or p.looks_bold)

    def candidate(k: int) -> _Para | None:
        item = items[k] if k < len(items) else None
        if not isinstance(item, _Para) or item.images or item.text.startswith("——"):
            return None
        return item if styled(item) or set_as_title(item) else None

    first = candidate(0)
    second = candidate(1)
    opening = items[0] if isinstance(items[0], _Para) and not items[0].images else None
    kicker: _Para | None = None
    if opening is not None and second is not None and _kicker(opening, second):
        kicker, title, at = opening, second, 1
    elif first is not None:
        title, at = first, 0
    else:
        at, title = next(
            (k, item) for k, item in enumerate(items) if isinstance(item, _Para) and item.text
        )
        warnings.append(
            Diagnostic(
                title.where,
                TITLE_GUESSED,
                "if it is not, give the article's title: in the issue",
                "warning",
            )
        )
        return _Head(_title_lines([title])), items[:at] + items[at + 1 :]
    lines = [title]
    end = at + 1
    while end < len(items) and len(lines) < _TITLE_LINES:
        more = items[end]
        if not isinstance(more, _Para) or not _continues(title, more, styled(more)):
            break
        lines.append(more)
        end += 1
    subtitle = None
    if end < len(items):
        after = items[end]
        if isinstance(after, _Para) and not after.images and after.text.startswith("——"):
            subtitle = normalise(Text(after.text, after.where))
            end += 1
    head = _Head(
        _title_lines(lines),
        normalise(Text(kicker.text, kicker.where)) if kicker else None,
        subtitle,
    )
    return head, items[end:]


def _kicker(line: _Para, title: _Para) -> bool:
    """A short line in a smaller size just above the title."""
    return len(line.text) <= _KICKER_LIMIT and line.size < title.size


def _continues(title: _Para, more: _Para, styled: bool) -> bool:
    """``more`` goes on with the title: styled Title as it is, or (a title
    found by its look) centred in its size and weight.  A title styled
    Heading 1 has one paragraph: the next one may be a heading."""
    if more.images or more.text.startswith("——") or len(more.text) > _CAPTION_LIMIT:
        return False
    if title.fmt.titled:
        return more.fmt.titled
    if styled or title.fmt.heading == 1:
        return False
    return more.fmt.centred and more.size == title.size and more.looks_bold == title.looks_bold


def _title_lines(paragraphs: list[_Para]) -> tuple[Text, ...]:
    """The title's lines: each paragraph, each manual line of it."""
    out: list[Text] = []
    for p in paragraphs:
        for line in p.lines:
            text = normalise(Text("".join(c for c, _ in line), p.where))
            if text.value:
                out.append(text)
    return tuple(out)


def _levels(items: list[_Para | _Table]) -> dict[int, int]:
    """Heading style n → body heading level (the highest used is level 1)."""
    used = {item.fmt.heading for item in items if isinstance(item, _Para) and item.fmt.heading}
    if not used:
        return {}
    top = min(used)
    return {n: min(n - top + 1, 4) for n in used}


# --- the body's blocks ---------------------------------------------------------------
class _Builder:
    """Paragraphs and tables in, model blocks out (pictures written as met)."""

    def __init__(
        self, reader: _Reader, *, stem: str, images: Path, limit: int, levels: dict[int, int]
    ) -> None:
        self.shown = reader.shown
        self.stem = stem
        self.folder = images
        self.limit = limit
        self.levels = levels
        self.blocks: list[Block] = []
        self.problems: list[Diagnostic] = []
        self.files: dict[str, Path] = {}

    def add(self, items: list[_Para | _Table]) -> None:
        k = 0
        while k < len(items):
            item = items[k]
            after = items[k + 1] if k + 1 < len(items) else None
            if isinstance(item, _Table):
                self._table(item)
            elif item.images:
                if self._pictures(item, after):
                    k += 1
            else:
                block = self._text(item.spans, item)
                if block is not None:
                    self.blocks.append(block)
            k += 1

    # -- text
    def _text(self, pieces: list[_Piece], para: _Para) -> Block | None:
        """A paragraph's text as the body markup reads it: paragraph or heading."""
        chars = _join(_lines(pieces))
        if not chars:
            return None
        markup = _markup(chars)
        guarded = markup[0] in "|>" or markup.startswith("![")
        if guarded:
            markup = _SENTINEL + markup
        try:
            blocks = parse_body(
                Text(markup, para.where), path="the paragraph", heading_limit=self.limit
            )
        except IssueError as exc:
            self.problems += exc.diagnostics
            return None
        if not blocks or not isinstance(blocks[0], Paragraph | Heading):
            return None
        block = blocks[0]
        if guarded and isinstance(block, Paragraph):
            block = Paragraph(_unguarded(block.runs))
        if isinstance(block, Paragraph) and para.fmt.heading in self.levels:
            return Heading(self.levels[para.fmt.heading], block.runs)
        return block

    # -- pictures
    def _pictures(self, para: _Para, after: _Para | _Table | None) -> bool:
        """Text and figures, in order, of a paragraph holding pictures; True
        when ``after`` was taken as the caption."""
        segments: list[list[_Piece]] = []  # text pieces, or pictures
        pending: list[_Piece] = []
        for piece in para.spans:
            if not isinstance(piece, _Image):
                pending.append(piece)
                continue
            if _join(_lines(pending)) or not segments:
                if _join(_lines(pending)):
                    segments.append(pending)
                segments.append([])
            segments[-1].append(piece)
            pending = []
        trailing = "".join(c for c, _ in _join(_lines(pending)))
        taken = False
        caption: Text | None = None  # as written: normalised once split
        if trailing and _is_caption(trailing, para.fmt.centred):
            caption = Text(trailing, para.where)
        elif trailing:
            segments.append(pending)
        elif (
            isinstance(after, _Para)
            and not after.images
            and _is_caption(after.text, after.fmt.centred)
        ):
            caption = Text(after.text, after.where)
            taken = True
        last = max(k for k, segment in enumerate(segments) if isinstance(segment[0], _Image))
        for k, segment in enumerate(segments):
            if not isinstance(segment[0], _Image):
                self._flush(segment, para)
                continue
            shots = [piece for piece in segment if isinstance(piece, _Image)]
            for start in range(0, len(shots), 2):
                group = shots[start : start + 2]
                final = k == last and start + 2 >= len(shots)
                captions = _split_caption(caption, len(group)) if final else []
                self._figure([(shot, para.where) for shot in group], captions)
        return taken

    def _flush(self, pieces: list[_Piece], para: _Para) -> None:
        block = self._text(pieces, para)
        if block is not None:
            self.blocks.append(block)

    def _figure(self, images: list[tuple[_Image, Location]], captions: list[Text | None]) -> None:
        """One figure of one or two pictures (each where it is in the draft)."""
        pictures: list[Picture] = []
        for n, (image, where) in enumerate(images):
            caption = captions[n] if n < len(captions) else None
            found = self._picture(image, caption, where)
            if found is None:
                return
            pictures.append(found)
        if pictures:
            self.blocks.append(Figure(tuple(pictures)))

    def _picture(self, image: _Image, caption: Text | None, where: Location) -> Picture | None:
        """The picture written out (only when changed) and checked."""
        target = self.files.get(image.key)
        if target is None:
            target = self.folder / f"{self.stem}-{len(self.files) + 1}.{image.ext}"
            self.files[image.key] = target
            try:
                if not (target.is_file() and target.read_bytes() == image.blob):
                    self.folder.mkdir(parents=True, exist_ok=True)
                    write_atomic(target, image.blob)
            except WriteError as exc:
                self.problems.append(Diagnostic(where, str(exc), _WRITABLE))
                return None
            except OSError as exc:
                message = f"cannot write {target}: {_reason(exc)}"
                self.problems.append(Diagnostic(where, message, _WRITABLE))
                return None
        return picture(Text(str(target.resolve()), where), caption, None, self.problems)

    # -- tables
    def _table(self, table: _Table) -> None:
        if table.empty:
            return
        if any(cell.images for row in table.rows for cell in row):
            self._picture_table(table)
            return
        if len(table.rows) == 1 and len(table.rows[0]) == 1:
            self.add(table.rows[0][0].items)  # a frame around paragraphs
            return
        width = max(sum(cell.span for cell in row) for row in table.rows)
        rows: list[tuple[list[Text], Location]] = []
        for row in table.rows:
            cells: list[Text] = []
            for cell in row:
                text = "" if cell.merged else cell.text
                cells.append(normalise(Text(text, cell.where)))
                cells += [Text("", cell.where) for _ in range(cell.span - 1)]
            where = row[0].where if row else table.where
            cells += [Text("", where) for _ in range(width - len(cells))]
            rows.append((cells, where))
        header, header_at = rows[0]
        made = make_table(
            header, rows[1:], self.problems, origin=header_at, caption=self._table_caption()
        )
        if made is not None:
            self.blocks.append(made)

    def _table_caption(self) -> Text | None:
        """A one-line paragraph 表N … just before a table: its caption (taken off)."""
        if not self.blocks or not isinstance(self.blocks[-1], Paragraph):
            return None
        runs = self.blocks[-1].runs
        value = "".join(r.text.value for r in runs)
        if not _TABLE_CAPTION.match(value) or len(value) > _CAPTION_LIMIT:
            return None
        self.blocks.pop()
        return Text(value, runs[0].text.origin)

    def _picture_table(self, table: _Table) -> None:
        """A table laying out pictures: a figure per row (two at most side by
        side), captions from the cells' text or from the row below."""
        k = 0
        while k < len(table.rows):
            row = table.rows[k]
            shots = [(image, cell, col) for col, cell in enumerate(row) for image in cell.images]
            if not shots:
                for cell in row:
                    self.add([p for p in cell.paragraphs if not p.empty])
                k += 1
                continue
            captions = [_caption_of(cell) for _, cell, _ in shots]
            below = table.rows[k + 1] if k + 1 < len(table.rows) else None
            if not any(captions) and below and not any(cell.images for cell in below):
                captions = [
                    _caption_of(below[col]) if col < len(below) else None for _, _, col in shots
                ]
                k += 1
            for start in range(0, len(shots), 2):
                group = shots[start : start + 2]
                self._figure(
                    [(image, cell.where) for image, cell, _ in group], captions[start : start + 2]
                )
            k += 1


def _caption_of(cell: _Cell) -> Text | None:
    value = cell.caption()
    return normalise(Text(value, cell.where)) if value else None


def _is_caption(text: str, centred: bool) -> bool:
    return bool(_FIGURE_CAPTION.match(text)) or (centred and len(text) <= _CAPTION_LIMIT)


def _split_caption(caption: Text | None, count: int) -> list[Text | None]:
    """One caption (as written) for each of ``count`` pictures side by side:
    图1 … 图2 … (or two parts parted by a wide space) split in two; else the
    whole for the first picture.  Each normalised."""
    if caption is None:
        return []
    if count < 2:
        return [normalise(caption)]
    value = caption.value
    labels = [m.start() for m in re.finditer(r"图\s*[0-9０-９]", value)]
    gap = re.search(r"\s{2,}|　+", value)
    cut = labels[1] if len(labels) > 1 else None
    if cut is None and gap is not None:
        cut = gap.start()
    if cut is None:
        return [normalise(caption), None]
    where = caption.origin
    return [normalise(Text(value[:cut], where)), normalise(Text(value[cut:], where))]


def _unguarded(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Runs without the sentinel put before a paragraph opening with | or >."""
    first = runs[0]
    value = first.text.value.removeprefix(_SENTINEL)
    offsets = first.text.offsets[1:] if first.text.offsets else ()
    rest = runs[1:]
    if not value:
        return rest
    return (Run(Text(value, first.text.origin, offsets), first.emphasis), *rest)
