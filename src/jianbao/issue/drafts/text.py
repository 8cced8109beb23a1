"""Text drafts: an article typed or pasted into a .txt file, or written in Markdown.

In: the path of a ``.txt``, ``.md`` or ``.markdown`` draft, the name it is
shown by in messages (``Location.file``: its folder is where a Markdown
draft's pictures are looked for, as for every file jianbao reads) and the
heading limit of the body markup.  Out: a ``Draft`` whose every character
is located at line:col in the draft, or ``IssueError`` (a file that cannot
be read or decoded, an empty draft, a bad image or table, an unclosed
``**``), located in the draft too.

The file is UTF-8, with or without a BOM (UTF-16 with a BOM too); a file
that is not UTF-8 is read as GB18030 (GBK, what Windows Notepad saves
Chinese text in), with a warning.

Plain text (.txt):

- paragraphs are parted by blank lines; a text with no blank line whose
  lines look like Word paragraphs (``markup.looks_pasted``: indented 　　,
  or ending in 。！？ — what copying from Word gives) is one paragraph a
  line;
- the first paragraph is the title (one to three lines) when it is short
  (each line at most 40 characters) and ends no sentence, else there is no
  title and a warning says so; a one-line paragraph before it that is
  shorter is the kicker (引题) only when exactly the title follows it; a
  line starting —— right after the title is the subtitle (副题); in text
  pasted from Word, where each line is a paragraph, two or three title-like
  lines at the top are the title's lines (the first is the kicker when it
  is shorter than the second);
- a last line （…供稿）, （供稿：…） or 作者：… is the source;
- the rest is the body, read by ``markup.parse_body``: headings by their
  numbering, ``**emphasis**``, images, tables and ``>`` quotations.

Markdown (.md, .markdown), its block structure found by markdown-it-py
(CommonMark and pipe tables), each block's source text then read by
``markup.parse_body`` so that the body rules are the markup's own:

- the first ``#`` heading is the title; a one-line paragraph before it,
  shorter than it, is the kicker (anything else before it is body text); a
  paragraph ``——…`` after it the subtitle; a last line （…供稿） the source;
- ``##`` … ``#####`` are headings of level 1 … 4 (a later ``#`` is level 1),
  unless the heading text is numbered (### 一、总体要求), which wins;
- paragraphs (lines joined, as Markdown joins them), ``**bold**`` (and
  ``__bold__``) as emphasis, ``![caption](photo.jpg)`` images relative to
  the draft, pipe tables (a 表1 … paragraph before one is its caption),
  ``>`` quotations, list items as paragraphs (an ordered item keeps its
  number: ``1. 明确责任`` is a numbered heading); links keep their text,
  code spans their content, ``*italics*`` lose their marks (a bulletin has
  no italics); HTML and rules are left out.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import Diagnostic, IssueError, Location
from ...i18n import N_, _
from ...model import Block, Heading, Paragraph, Text
from ...records import dataclass
from ..markup import Chars, heading_level, looks_pasted, normalise, parse_body, strip_chars
from . import Draft

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

__all__ = ["read_text_draft"]

TITLE_LIMIT = 40  # characters in a title line
_TITLE_LINES = 3
_SENTENCE = frozenset("。！？；!?;")
_SOURCE = re.compile(
    r"^[（(][^（()）]*供稿\s*[）)]$"  # （市交警支队供稿）
    r"|^[（(]\s*(?:供稿|作者|来源)\s*[:：].*[）)]$"  # （供稿：市交警支队）
    r"|^(?:供稿|作者|来源)\s*[:：]\s*\S"  # 作者：张三
)
_SUBTITLE = ("——", "—", "--", "－－")
_BREAKS = re.compile(r"\r\n|\r|\n")
_WHAT = N_("the draft")  # the body's name in markup messages (unclosed '**' in the draft)


def read_text_draft(path: Path, *, shown: str, heading_limit: int) -> Draft:
    """The article in the .txt or .md draft at ``path``, named ``shown`` in
    messages (see the module docstring)."""
    text, warnings = _decode(path, shown)
    draft = _File(shown, tuple(_BREAKS.split(text)), heading_limit, warnings)
    if not any(line.strip() for line in draft.lines):
        raise IssueError(
            [
                Diagnostic(
                    Location(shown, 1, 1),
                    _("the draft is empty"),
                    _("write the article in it: its title, then its paragraphs"),
                )
            ]
        )
    if path.suffix.lower() == ".txt":
        return _plain(draft)
    return _markdown(draft)


# --- reading the file ------------------------------------------------------


def _decode(path: Path, shown: str) -> tuple[str, list[Diagnostic]]:
    """The draft's text and a warning when it was not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IssueError(
            [
                Diagnostic(
                    Location(shown, 1, 1),
                    _("cannot read the draft: {reason}").format(reason=exc.strerror or exc),
                    _("check that the file exists and that you may read it"),
                )
            ]
        ) from None
    warnings: list[Diagnostic] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "UTF-16", shown)
    elif data.startswith(codecs.BOM_UTF8):
        text = _strict(data, "UTF-8", shown, skip=len(codecs.BOM_UTF8))
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise IssueError([_undecodable(data, exc.start, "UTF-8", shown)]) from None
            warnings.append(
                Diagnostic(
                    Location(shown, 1, 1),
                    _(
                        "the draft is not UTF-8: read it as GB18030 (GBK), as Windows Notepad "
                        "saves Chinese text"
                    ),
                    _("save it as UTF-8 to be sure it is read as written"),
                    severity="warning",
                )
            )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise IssueError(
            [
                Diagnostic(
                    Location(shown, line, 1),
                    _("the draft is not a text file (it holds NUL bytes)"),
                    _("save the article as plain text (.txt, UTF-8) or as .docx"),
                )
            ]
        )
    return text, warnings


def _strict(data: bytes, encoding: str, shown: str, *, skip: int = 0) -> str:
    """``data`` after its first ``skip`` bytes (a BOM), decoded."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise IssueError([_undecodable(data, exc.start + skip, encoding, shown)]) from None


def _undecodable(data: bytes, at: int, encoding: str, shown: str) -> Diagnostic:
    """The first byte that is no text in ``encoding``, located at line:col
    (counted as UTF-8 text for a file that is no UTF-16)."""
    if encoding == "UTF-16":
        return Diagnostic(
            Location(shown, 1, 1),
            _("the draft starts as UTF-16 text but is not (byte {at} is wrong)").format(at=at),
            _("save it as plain text in UTF-8"),
        )
    start = data.rfind(b"\n", 0, at) + 1
    col = len(data[start:at].decode("utf-8", errors="replace").lstrip("\ufeff")) + 1
    message = (
        _("the draft is not UTF-8 text: byte 0x{byte:02X} is no character")
        if data.startswith(codecs.BOM_UTF8)
        else _(
            "the draft is neither UTF-8 nor GB18030 (GBK) text: byte 0x{byte:02X} is no character"
        )
    )
    return Diagnostic(
        Location(shown, data.count(b"\n", 0, at) + 1, col),
        message.format(byte=data[at]),
        _("save it as plain text in UTF-8"),
    )


@dataclass
class _File:
    """The draft's lines (without line breaks), answering row, col → chars."""

    shown: str
    lines: tuple[str, ...]
    heading_limit: int
    warnings: list[Diagnostic]
    problems: list[Diagnostic] = field(default_factory=list)

    def at(self, row: int, col: int) -> Location:
        """The location of the character at ``col`` (from 0) of ``row`` (from 0)."""
        return Location(self.shown, row + 1, col + 1)

    def line(self, row: int, start: int = 0, end: int | None = None) -> Chars:
        value = self.lines[row]
        stop = len(value) if end is None else end
        return [(value[col], self.at(row, col)) for col in range(start, stop)]

    def rows(self, rows: Iterable[int]) -> Chars:
        """The lines ``rows`` with a line break after each but the last."""
        out: Chars = []
        for row in rows:
            if out:
                out.append(("\n", self.at(row - 1, len(self.lines[row - 1]))))
            out += self.line(row)
        return out

    def body(self, chars: Chars, one_per_line: bool) -> tuple[Block, ...]:
        """The blocks of body markup ``chars`` (problems kept for later)."""
        try:
            return parse_body(
                _located(chars),
                path=_(_WHAT),
                heading_limit=self.heading_limit,
                one_per_line=one_per_line,
            )
        except IssueError as exc:
            self.problems += exc.diagnostics
            return ()

    def draft(
        self,
        title: Sequence[Chars],
        kicker: Chars | None,
        subtitle: Chars | None,
        source: Chars | None,
        blocks: Sequence[Block],
        after: Location,
    ) -> Draft:
        """The draft read, or IssueError with every problem found."""
        if not blocks and not self.problems:
            self.problems.append(
                Diagnostic(
                    after,
                    _("the draft has no text after its title"),
                    _("write the article's paragraphs after the title"),
                )
            )
        if self.problems:
            raise IssueError(sorted(self.problems, key=_order))
        return Draft(
            title=tuple(_plain_text(line) for line in title),
            kicker=_plain_text(kicker) if kicker else None,
            subtitle=_plain_text(subtitle) if subtitle else None,
            source=_plain_text(source) if source else None,
            blocks=tuple(blocks),
            warnings=tuple(self.warnings),
        )


def _order(d: Diagnostic) -> tuple[bool, Location]:
    return (d.location is not None, d.location or Location("", 0, 0))


def _located(chars: Chars) -> Text:
    offsets = tuple(loc for _char, loc in chars if loc is not None)
    value = "".join(c for c, _loc in chars)
    if len(offsets) != len(value):
        return Text(value, offsets[0] if offsets else None)
    return Text(value, offsets[0] if offsets else None, offsets)


def _plain_text(chars: Chars) -> Text:
    """A title, kicker, subtitle or source line: without ``**``, normalised."""
    kept: Chars = []
    i = 0
    while i < len(chars):
        if chars[i][0] == "*" and i + 1 < len(chars) and chars[i + 1][0] == "*":
            i += 2
            continue
        kept.append(chars[i])
        i += 1
    return normalise(_located(kept))


def _value(chars: Chars) -> str:
    return "".join(c for c, _loc in chars).replace("**", "").strip()


def _title_like(line: str, heading_limit: int) -> bool:
    """A line that may be (part of) a title, a kicker or a subtitle: short,
    ending no sentence, not numbered as a heading, no image, table, quote
    or source line."""
    value = line.replace("**", "").strip()
    return (
        0 < len(value) <= TITLE_LIMIT
        and not _SENTENCE.intersection(value)
        and not value.endswith(("：", ":", "，", ",", "、"))
        and heading_level(value, limit=heading_limit) is None
        and not value.startswith(("![", "|", ">"))
        and not _SOURCE.match(value)
    )


def _subtitle(line: str) -> bool:
    value = line.strip()
    return value.startswith(_SUBTITLE) and not _SENTENCE.intersection(value)


def _source(line: str) -> bool:
    return bool(_SOURCE.match(line.strip()))


# --- plain text --------------------------------------------------------------


def _plain(f: _File) -> Draft:
    lines = f.lines
    paras = _by_blank_lines(lines)
    pasted = False
    if len(paras) == 1:
        text = [lines[row] for row in paras[0]]
        top = 0
        while top < min(len(text), 4) and _title_like(text[top], f.heading_limit):
            top += 1
        rest = text[top:]
        pasted = looks_pasted(text, heading_limit=f.heading_limit) or (
            top > 0 and (len(rest) <= 1 or looks_pasted(rest, heading_limit=f.heading_limit))
        )
        if pasted:
            paras = [[row] for row in paras[0]]
    else:
        # Blank lines part the title from the text, and the text itself
        # came one paragraph a line: every group of several lines reads so.
        groups = [[lines[row] for row in para] for para in paras if len(para) > 1]
        pasted = bool(groups) and all(
            looks_pasted(group, heading_limit=f.heading_limit) for group in groups
        )
        if pasted:
            paras = [[row] for para in paras for row in para]
    kicker, title, used = _head(f, paras, pasted)
    subtitle: int | None = None
    if title and used < len(paras) and len(paras[used]) == 1 and _subtitle(lines[paras[used][0]]):
        subtitle = paras[used][0]
        used += 1
    body = [row for para in paras[used:] for row in para]
    source: int | None = None
    if len(body) > 1 and _source(lines[body[-1]]):
        source = body.pop()
    first = body[0] if body else None
    chars = f.rows(range(first, body[-1] + 1)) if first is not None else []
    blocks = f.body(chars, pasted) if chars else ()
    last = max((row for row in [*title, subtitle] if row is not None), default=0)
    return f.draft(
        [f.line(row) for row in title],
        f.line(kicker) if kicker is not None else None,
        f.line(subtitle) if subtitle is not None else None,
        f.line(source) if source is not None else None,
        blocks,
        f.at(last, len(lines[last])),
    )


def _by_blank_lines(lines: Sequence[str]) -> list[list[int]]:
    """The rows of each paragraph (lines parted by blank lines)."""
    paras: list[list[int]] = []
    current: list[int] = []
    for row, line in enumerate(lines):
        if line.strip():
            current.append(row)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _head(f: _File, paras: list[list[int]], pasted: bool) -> tuple[int | None, list[int], int]:
    """(kicker row, title rows, paragraphs used) at the top of a plain text."""
    lines = f.lines

    def like(para: list[int]) -> bool:
        return (
            len(para) <= _TITLE_LINES
            and all(_title_like(lines[row], f.heading_limit) for row in para)
            and not _subtitle(lines[para[0]])
        )

    def size(para: list[int]) -> int:
        return sum(len(_value(f.line(row))) for row in para)

    top = 0
    while top < min(len(paras) - 1, 4) and like(paras[top]):
        top += 1
    if top == 0:
        where = paras[0][0]
        f.warnings.append(
            Diagnostic(
                f.at(where, 0),
                _(
                    "the draft's first paragraph is no title (it is long or ends a sentence): "
                    "the article has no title from the draft"
                ),
                _("put the title alone on the first line, or give title: in the issue"),
                severity="warning",
            )
        )
        return None, [], 0
    shorter = top >= 2 and len(paras[0]) == 1 and size(paras[0]) < size(paras[1])
    if not pasted:
        if top == 2 and shorter:
            return paras[0][0], paras[1], 2
        return None, paras[0], 1
    if top == 1:
        return None, paras[0], 1
    if top <= _TITLE_LINES:
        rows = [para[0] for para in paras[:top]]
        return (rows[0], rows[1:], top) if shorter else (None, rows, top)
    f.warnings.append(
        Diagnostic(
            f.at(paras[0][0], 0),
            _("the draft starts with {n} short lines: the first is taken as the title").format(
                n=top
            ),
            _("leave a blank line after the title, or give title: in the issue"),
            severity="warning",
        )
    )
    return None, paras[0], 1


# --- Markdown ------------------------------------------------------------------


@dataclass
class _Item:
    """One Markdown block: a heading (``depth`` 1–6) or body markup
    (``depth`` 0), as located chars with its line breaks; ``paragraph``: a
    plain paragraph (a kicker, subtitle or source may be one)."""

    depth: int
    chars: Chars
    paragraph: bool = False

    @property
    def lines(self) -> list[str]:
        return "".join(c for c, _loc in self.chars).split("\n")


def _markdown(f: _File) -> Draft:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    parser = MarkdownIt("commonmark").enable("table")
    tree = SyntaxTreeNode(parser.parse("\n".join(f.lines)))
    items: list[_Item] = []
    for node in tree.children:
        _collect(f, node, items)
    at = next((i for i, item in enumerate(items) if item.depth == 1), None)
    title: list[Chars] = []
    kicker = subtitle = source = None
    after = f.at(0, 0)
    if at is None:
        first = next((row for row, line in enumerate(f.lines) if line.strip()), 0)
        f.warnings.append(
            Diagnostic(
                f.at(first, 0),
                _("the draft has no '# ' title line: the article has no title from the draft"),
                _("write the title as '# 标题' on the first line, or give title: in the issue"),
                severity="warning",
            )
        )
    else:
        head = items.pop(at)
        title = [head.chars]
        row = next((loc.line - 1 for _char, loc in reversed(head.chars) if loc), 0)
        after = f.at(row, len(f.lines[row]))
        before = items[:at]
        if len(before) == 1 and _kicker(before[0], head, f.heading_limit):
            kicker = items.pop(0).chars
            at -= 1
        if at < len(items):
            nxt = items[at]
            if nxt.paragraph and len(nxt.lines) == 1 and _subtitle(nxt.lines[0]):
                subtitle = items.pop(at).chars
    if items and items[-1].paragraph and _source(items[-1].lines[-1]):
        lines = items[-1].lines
        cut = len(items[-1].chars) - len(lines[-1])
        source = items[-1].chars[cut:]
        if len(lines) == 1:
            items.pop()
        else:
            items[-1].chars = items[-1].chars[: cut - 1]
    return f.draft(title, kicker, subtitle, source, _blocks(f, items), after)


def _kicker(item: _Item, title: _Item, heading_limit: int) -> bool:
    """A one-line paragraph just before the title, shorter than it."""
    lines = item.lines
    return (
        item.paragraph
        and len(lines) == 1
        and _title_like(lines[0], heading_limit)
        and not _subtitle(lines[0])
        and len(_value(item.chars)) < len(_value(title.chars))
    )


def _blocks(f: _File, items: list[_Item]) -> list[Block]:
    """The body: headings by their depth (or numbering), and each run of
    other blocks read as one body markup, so that a 表1 paragraph captions
    the table after it."""
    blocks: list[Block] = []
    run: list[_Item] = []
    for item in [*items, _Item(-1, [])]:
        if item.depth == 0:
            run.append(item)
            continue
        if run:
            chars: Chars = []
            for part in run:
                if chars:
                    where = chars[-1][1]
                    chars += [("\n", where), ("\n", where)]
                chars += part.chars
            blocks += f.body(chars, False)
            run = []
        if item.depth > 0:
            heading = _heading(f, item)
            if heading is not None:
                blocks.append(heading)
    return blocks


def _heading(f: _File, item: _Item) -> Heading | None:
    """A ``##`` heading: level 1 for ##, 2 for ###, 3 for ####, 4 below —
    unless its text is numbered, then the level of its numbering."""
    read = f.body(item.chars, False)
    if len(read) != 1:
        return None
    block = read[0]
    if isinstance(block, Heading):
        return block
    if isinstance(block, Paragraph):
        return Heading(min(max(item.depth - 1, 1), 4), block.runs)
    return None


def _collect(f: _File, node: SyntaxTreeNode, items: list[_Item]) -> None:
    """The items of one top-level (or list) block node, in order."""
    if node.map is None:
        return
    start, end = node.map
    kind = node.type
    if kind == "heading":
        if node.markup.startswith("#"):
            chars = _atx(f, start)
        else:  # setext: the lines above the underline
            chars = _inline(f.rows(range(start, end - 1)))
        items.append(_Item(int(node.tag[1]), strip_chars(chars)))
    elif kind == "paragraph":
        items.append(_Item(0, _inline(f.rows(range(start, end))), paragraph=True))
    elif kind == "blockquote":
        items.append(_Item(0, _inline(_prefixed(f, start, end))))
    elif kind == "table":
        items.append(_Item(0, _piped(f, start, end)))
    elif kind in ("bullet_list", "ordered_list"):
        for entry in node.children:
            _list_item(f, entry, kind == "bullet_list", items)
    elif kind == "code_block":
        items.append(_Item(0, f.rows(range(start, end))))
    elif kind == "fence":  # its lines between the fences (an unclosed one runs to the end)
        closed = end - 1 > start and f.lines[end - 1].strip().startswith(node.markup)
        items.append(_Item(0, f.rows(range(start + 1, end - 1 if closed else end))))
    # html_block, hr: not printed


def _list_item(f: _File, entry: SyntaxTreeNode, bullet: bool, items: list[_Item]) -> None:
    """A list item's blocks; a bullet's mark is dropped, a number kept."""
    for child in entry.children:
        if child.type == "paragraph" and child.map is not None:
            start, end = child.map
            chars = f.rows(range(start, end))
            if bullet and entry.map is not None and start == entry.map[0]:
                mark = re.match(r"\s*[-+*]\s+", f.lines[start])
                chars = chars[mark.end() if mark else 0 :]
            items.append(_Item(0, _inline(chars), paragraph=True))
        else:
            _collect(f, child, items)


_ATX_OPEN = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


def _atx(f: _File, row: int) -> Chars:
    """The text of ``## heading ##`` without its marks."""
    line = f.lines[row]
    m = _ATX_OPEN.match(line)
    start = m.end() if m else 0
    close = _ATX_CLOSE.search(line, start)
    end = close.start() if close else len(line)
    return _inline(f.line(row, start, end))


def _prefixed(f: _File, start: int, end: int) -> Chars:
    """A blockquote's lines, each starting with ``>`` (a lazy continuation
    line gets one, located at its first character)."""
    out: Chars = []
    for row in range(start, end):
        chars = f.line(row)
        if out:
            out.append(("\n", f.at(row - 1, len(f.lines[row - 1]))))
        if not f.lines[row].lstrip().startswith(">"):
            out.append((">", f.at(row, 0)))
        out += chars
    return out


def _piped(f: _File, start: int, end: int) -> Chars:
    """A pipe table's lines, each between ``|`` (Markdown lets them go)."""
    out: Chars = []
    for row in range(start, end):
        line = f.lines[row]
        value = line.strip()
        if out:
            out.append(("\n", f.at(row - 1, len(f.lines[row - 1]))))
        first = len(line) - len(line.lstrip())
        if not value.startswith("|"):
            out.append(("|", f.at(row, first)))
        out += f.line(row)
        if not value.endswith("|") or value.endswith("\\|"):
            out.append(("|", f.at(row, len(line))))
    return out


# Markdown's inline marks that the body markup does not know, in the order
# they bind: a backslash escape keeps its character, a hard break (a
# backslash at a line's end) goes, a code span keeps its content, a link
# its text, an autolink its address, ``__bold__`` becomes ``**bold**`` and
# ``*italics*`` lose their marks.  Images (``![…](…)``) are the markup's.
_INLINE = re.compile(
    r"\\(?P<escape>[!-/:-@\[-`{-~])"
    r"|\\(?=\n)"
    r"|`(?P<code>[^`\n]+)`"
    r"|(?<!!)\[(?P<link>[^\]\n]*)\]\([^)\n]*\)"
    r"|<(?P<auto>(?:https?|mailto):[^>\s]+)>"
    r"|__(?P<strong>[^_\n]+?)__"
    r"|(?<!\*)\*(?![*\s])(?P<em>[^*\n]+?)(?<![*\s])\*(?!\*)"
)


def _inline(chars: Chars) -> Chars:
    """``chars`` without the Markdown inline marks the body markup lacks."""
    value = "".join(c for c, _loc in chars)
    out: Chars = []
    at = 0
    for m in _INLINE.finditer(value):
        out += chars[at : m.start()]
        at = m.end()
        group = m.lastgroup
        if group is None:  # a hard break
            continue
        kept = chars[m.start(group) : m.end(group)]
        if group == "strong":
            out += [("*", chars[m.start()][1]), ("*", chars[m.start() + 1][1])]
            out += kept
            out += [("*", chars[m.end() - 2][1]), ("*", chars[m.end() - 1][1])]
        else:
            out += kept
    out += chars[at:]
    return out
