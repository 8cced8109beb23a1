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

The modules, in the order a draft goes through them: ``package`` opens the
file (or refuses it, or has LibreOffice convert it), ``paragraphs`` reads
the document into paragraphs and tables (with ``numbering``: styles and
Word's automatic numbers), ``blocks`` makes them the title and the body.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from ....errors import Diagnostic, IssueError, Location
from ....i18n import N_, _
from ....model import Text
from ....records import dataclass
from ...markup import normalise
from .. import Draft
from .blocks import TITLE_GUESSED, Builder, head, levels
from .numbering import format_number
from .package import CONVERT_TIMEOUT, FIX, convert, encrypted, opened, reason, refused
from .paragraphs import Para, Reader

__all__ = ["CONVERT_TIMEOUT", "TITLE_GUESSED", "TRACKED_CHANGES", "format_number", "read_docx"]

TRACKED_CHANGES = N_("the draft has unaccepted tracked changes: insertions kept, deletions dropped")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SOURCE = re.compile(
    r"^(?:[（(][^（）()]{1,40}供稿[）)]"
    r"|[（(](?:供稿|供稿单位|作者)[：:][^（）()]{1,40}[）)]"
    r"|作者[：:].{1,40})$"
)


# --- reading the package -------------------------------------------------------------
def read_docx(path: Path, *, shown: str, images: Path, heading_limit: int) -> Draft:
    """The article in the Word draft at ``path`` (see the module docstring)."""
    first = Location(shown, 1, 0, paragraph=True)
    name = Path(shown).name
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        message = _("'{name}' cannot be read: {reason}").format(name=name, reason=reason(exc))
        raise refused(first, message, None) from exc
    suffix = path.suffix.lower()
    if head.startswith(b"PK"):
        return _read_package(path, shown=shown, stem=path.stem, images=images, limit=heading_limit)
    if head.startswith(_OLE):
        if encrypted(path):
            raise refused(
                first,
                _("'{name}' is encrypted (password-protected)").format(name=name),
                _("save a copy without a password"),
            )
        if suffix == ".wps":
            binary = _Binary(
                ".wps", N_("'{name}' is a WPS document (.wps), which jianbao cannot read")
            )
        elif suffix == ".doc":
            binary = _Binary(
                ".doc", N_("'{name}' is a Word 97–2003 document, which jianbao cannot read")
            )
        else:
            binary = _Binary(
                ".doc",
                N_(
                    "'{name}' is a Word 97–2003 document (.doc) under a {suffix} name, "
                    "which jianbao cannot read"
                ),
            )
        return _converted(path, binary, shown, images, heading_limit)
    sniffed = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniffed.startswith(b"{\\rtf"):
        binary = _Binary(".rtf", N_("'{name}' is an RTF document, which jianbao cannot read"))
        return _converted(path, binary, shown, images, heading_limit)
    if sniffed.startswith((b"<html", b"<!doctype html", b"mime-version:")):
        binary = _Binary(
            ".mht",
            N_(
                "'{name}' is a web page (HTML or MHT) saved as a Word file, "
                "which jianbao cannot read"
            ),
        )
        return _converted(path, binary, shown, images, heading_limit)
    raise refused(first, _("'{name}' is not a Word document (.docx)").format(name=name), _(FIX))


@dataclass(frozen=True)
class _Binary:
    """A draft only LibreOffice reads: the suffix it is given, and the
    message refusing it when LibreOffice is not installed (``N_``, with
    ``{name}`` and ``{suffix}``)."""

    suffix: str
    refusal: str


def _converted(path: Path, binary: _Binary, shown: str, images: Path, heading_limit: int) -> Draft:
    """A draft LibreOffice converts to .docx and jianbao reads, or refused
    with the fix when LibreOffice is not installed."""
    first = Location(shown, 1, 0, paragraph=True)
    name = Path(shown).name
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        message = _(binary.refusal).format(name=name, suffix=path.suffix.lower())
        raise refused(first, message, _(FIX))
    with tempfile.TemporaryDirectory(prefix="jianbao-") as tmp:
        converted = convert(office, path, binary.suffix, Path(tmp), first, name)
        draft = _read_package(
            converted, shown=shown, stem=path.stem, images=images, limit=heading_limit
        )
    label = binary.suffix if binary.suffix in (".doc", ".wps") else binary.suffix[1:].upper()
    note = Diagnostic(
        first,
        _("converted from {format} with LibreOffice").format(format=label),
        _(
            "paragraphs are counted in the converted document; "
            "save it as .docx to have it read as it is"
        ),
        "warning",
    )
    return replace(draft, warnings=(note, *draft.warnings))


def _read_package(path: Path, *, shown: str, stem: str, images: Path, limit: int) -> Draft:
    first = Location(shown, 1, 0, paragraph=True)
    name = Path(shown).name
    document = opened(path, first, name)
    reader = Reader(document, shown)
    items = [item for item in reader.body(document.element.body) if not item.empty]
    if not any(isinstance(item, Para) and item.text for item in items):
        raise refused(
            first,
            _("'{name}' has no text").format(name=name),
            _("is it the right file? a draft needs a title"),
        )
    warnings: list[Diagnostic] = []
    top, items = head(items, limit, warnings)
    source = None
    if items and isinstance(items[-1], Para) and not items[-1].images:
        last = items[-1]
        if _SOURCE.match(last.text):
            source = normalise(Text(last.text, last.where))
            items = items[:-1]
    builder = Builder(reader, stem=stem, images=images, limit=limit, levels=levels(items))
    builder.add(items)
    if reader.changed is not None:
        warnings.append(
            Diagnostic(
                reader.changed,
                _(TRACKED_CHANGES),
                _("accept or reject them in Word (审阅 → 接受 / 拒绝)"),
                "warning",
            )
        )
    if builder.problems:
        raise IssueError(builder.problems)
    return Draft(
        title=top.title,
        kicker=top.kicker,
        subtitle=top.subtitle,
        source=source,
        blocks=tuple(builder.blocks),
        warnings=tuple(warnings),
    )
