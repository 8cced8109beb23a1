"""The copy (稿): every text the document prints, and in which role's face.

In: a validated ``Issue`` and the ``Theme`` (its fixed texts, such as the
contents heading).  Out: a ``Copy`` — the masthead's texts, the contents,
the issue's 编者按, each article's head and body blocks (paragraphs,
headings, figures with their captions, tables, quotations, page breaks),
the colophon's lines and the page numbers — every text with its role and
the location it was written at.

This is where it is decided, once, which text is set in which face
(docs/typesetting.md §3): the typesetter (``masthead``, ``blocks``,
``colophon``, ``pages``) sets exactly this copy and nothing else, and the
font stage subsets the fonts and checks their coverage on
``Copy.printed()``, so what is checked is what is printed.  Nothing here
measures or places anything.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from ..errors import Location
from ..model import (
    Article,
    Block,
    Colophon,
    Figure,
    Heading,
    Issue,
    Masthead,
    PageBreak,
    Picture,
    Quote,
    Run,
    Table,
    Text,
    Width,
)
from ..records import dataclass
from ..roles import Role
from ..theme import Theme

# Face of each heading level: 一、 黑体, （一） 楷体, 1. and （1） 仿宋.
HEADING_ROLES: Mapping[int, Role] = MappingProxyType({1: "heading", 2: "kai", 3: "body", 4: "body"})
# **Emphasis** is set in 黑体.
EMPHASIS_ROLE: Role = "heading"
# 编者按: the note in 楷体, led by its label in 黑体.
NOTE_LABEL = "编者按："
NOTE_ROLE: Role = "kai"
COLOPHON_LABELS = (
    ("report_to", "报："),
    ("send_to", "送："),
    ("issue_to", "发："),
    ("also_to", "本期增发："),
)
# Captions in 楷体; a table's header row in 黑体, its cells in 仿宋; a quotation in 楷体.
CAPTION_ROLE: Role = "kai"
TABLE_HEAD_ROLE: Role = "heading"
TABLE_ROLE: Role = "body"
QUOTE_ROLE: Role = "kai"


@dataclass(frozen=True)
class Styled:
    """A text set in the face of ``role``."""

    text: Text
    role: Role


@dataclass(frozen=True)
class Para:
    """Runs broken into lines on the grid as one paragraph: body text, a
    heading, or a paragraph of an editor's note.

    ``role`` is the paragraph's face (its runs are set in it unless
    emphasised or a run-in heading; its baseline follows it); ``kind`` names
    it in the layout (``body``, ``heading1`` … ``heading4``, ``note``,
    ``quote``); ``keep_next``: its lines stay on the page of the line after
    them (a heading); ``inset``: cells left free on both sides (a quotation).
    """

    runs: tuple[Styled, ...]
    role: Role
    kind: str
    keep_next: bool = False
    inset: int = 0


@dataclass(frozen=True)
class PictureCopy:
    """One image of a figure: its file and pixel size, printed width (None:
    as wide as it may be), caption, and where it is written."""

    path: Path
    pixels: tuple[int, int]
    width: Width | None
    caption: Styled | None
    origin: Location | None


@dataclass(frozen=True)
class FigureCopy:
    """An image, or two side by side."""

    pictures: tuple[PictureCopy, ...]


@dataclass(frozen=True)
class TableCopy:
    """A table: its caption (above), header row and rows of cells."""

    caption: Styled | None
    header: tuple[Styled, ...]
    rows: tuple[tuple[Styled, ...], ...]
    widths: tuple[float, ...] | None


@dataclass(frozen=True)
class PageBreakCopy:
    """The next block starts a new page."""


BlockCopy = Para | FigureCopy | TableCopy | PageBreakCopy


@dataclass(frozen=True)
class MastheadCopy:
    """报头: the mark, the red name lines, 第 N 期, the issuer and the date."""

    name: tuple[Styled, ...]
    mark: Styled | None
    number: Styled
    issuer: Styled
    date: Styled


@dataclass(frozen=True)
class ContentsCopy:
    """本期要目: its heading, then one entry per article title; ``pages``:
    each entry followed by the page its article starts on (None: when the
    issue has more than two pages)."""

    heading: Styled
    entries: tuple[Styled, ...]
    pages: bool | None = None


@dataclass(frozen=True)
class ArticleCopy:
    """One article: 编者按 paragraphs, 引题, title lines, 副题, body, 供稿."""

    note: tuple[Para, ...]
    kicker: Styled | None
    title: tuple[Styled, ...]
    subtitle: Styled | None
    body: tuple[BlockCopy, ...]
    source: Styled | None

    def texts(self) -> Iterator[tuple[Role, Text]]:
        """Every text the article prints, with its role."""
        for part in (self.kicker, *self.title, self.subtitle):
            if part is not None:
                yield part.role, part.text
        for block in (*self.note, *self.body):
            yield from _block_texts(block)
        if self.source is not None:
            yield self.source.role, self.source.text


@dataclass(frozen=True)
class ColophonCopy:
    """报尾: (label, value) per distribution line, then 共印 N 份 — on a line
    of its own, or at the right end of the last line (``copies_position``)."""

    lines: tuple[tuple[Styled, Styled], ...]
    copies: Styled | None
    copies_position: Literal["own_line", "last_line"] = "own_line"

    @property
    def first(self) -> Location | None:
        """Where the colophon is written (its first line), for messages."""
        return self.lines[0][1].text.origin if self.lines else None


def folio_text(number: int) -> str:
    """The page number as printed: — 3 —."""
    return f"— {number} —"


FOLIO_ROLE: Role = "folio"
# Which page numbers a document prints is known only once its pages are
# made, after its fonts are chosen: the page-number face must have every
# character a page number can hold.
FOLIO_CHARS = "".join(sorted(set(folio_text(0)) | set(string.digits)))


@dataclass(frozen=True)
class Copy:
    """Everything one issue prints, in print order, each text with its role."""

    masthead: MastheadCopy
    contents: ContentsCopy | None
    articles: tuple[ArticleCopy, ...]
    colophon: ColophonCopy | None  # None: nothing to print at the foot
    title: str  # the PDF's title and author
    author: str
    note: tuple[Para, ...] = ()  # the issue's 编者按, after the contents

    def printed(self) -> Iterator[tuple[Role, Text]]:
        """Every text printed, with its role: what the fonts must cover."""
        m = self.masthead
        for part in (*m.name, m.mark, m.number, m.issuer, m.date):
            if part is not None:
                yield part.role, part.text
        if self.contents is not None:
            for part in (self.contents.heading, *self.contents.entries):
                yield part.role, part.text
        for para in self.note:
            yield from _block_texts(para)
        for article in self.articles:
            yield from article.texts()
        if self.colophon is not None:
            for label, value in self.colophon.lines:
                yield label.role, label.text
                yield value.role, value.text
            if self.colophon.copies is not None:
                yield self.colophon.copies.role, self.colophon.copies.text
        yield FOLIO_ROLE, Text(FOLIO_CHARS)


def _block_texts(block: BlockCopy) -> Iterator[tuple[Role, Text]]:
    if isinstance(block, Para):
        parts: Sequence[Styled | None] = block.runs
    elif isinstance(block, FigureCopy):
        parts = [p.caption for p in block.pictures]
    elif isinstance(block, TableCopy):
        parts = [block.caption, *block.header, *(cell for row in block.rows for cell in row)]
    else:
        parts = ()
    for part in parts:
        if part is not None and part.text.value:
            yield part.role, part.text


def compose(issue: Issue, theme: Theme) -> Copy:
    """The copy of ``issue``: every text it prints and the role of its face."""
    contents = None
    if issue.contents.show:
        entries = tuple(Styled(_entry(a), "kai") for a in issue.articles)
        heading = issue.contents.heading or Text(theme.contents_heading)
        contents = ContentsCopy(Styled(heading, "heading"), entries, issue.contents.pages)
    return Copy(
        _masthead(issue.masthead),
        contents,
        tuple(_article(a) for a in issue.articles),
        _colophon(issue.colophon, issue.style.copies_position),
        issue.title,
        issue.masthead.issuer.value,
        _note(issue.note),
    )


def _entry(article: Article) -> Text:
    """An article's 本期要目 entry: its ``toc``, else its kicker and title."""
    if article.toc is not None:
        return article.toc
    lines = article.title if article.kicker is None else (article.kicker, *article.title)
    return join_lines(lines)


def _masthead(m: Masthead) -> MastheadCopy:
    d = m.date
    number = m.label
    if m.total is not None:
        number += f"（总第 {m.total} 期）"
    return MastheadCopy(
        name=tuple(Styled(line, "title") for line in m.name),
        mark=None if m.mark is None else Styled(m.mark, "heading"),
        number=Styled(Text(number), "body"),
        issuer=Styled(m.issuer, "body"),
        date=Styled(Text(f"{d.year}年{d.month}月{d.day}日"), "body"),
    )


def _note(blocks: Sequence[Block]) -> tuple[Para, ...]:
    """编者按: its paragraphs in 楷体, the first led by the label in 黑体."""
    note: list[Para] = []
    for block in blocks:
        if isinstance(block, Heading):
            # A heading in a note: its words in 黑体, as a run-in heading.
            paragraphs = [(*_runs(block.runs, EMPHASIS_ROLE), *_runs(block.body, NOTE_ROLE))]
        elif isinstance(block, Quote):
            paragraphs = [_runs(p.runs, NOTE_ROLE) for p in block.blocks]
        elif isinstance(block, Figure | Table | PageBreak):
            continue  # a note holds text only (``issue.blocks``)
        else:
            paragraphs = [_runs(block.runs, NOTE_ROLE)]
        for runs in paragraphs:
            if not note:
                runs = (Styled(Text(NOTE_LABEL), EMPHASIS_ROLE), *runs)
            note.append(Para(tuple(runs), NOTE_ROLE, "note"))
    return tuple(note)


def _body(blocks: Sequence[Block]) -> tuple[BlockCopy, ...]:
    body: list[BlockCopy] = []
    for block in blocks:
        if isinstance(block, Heading) and block.body:
            # A run-in heading: its words in the heading's face, then body text.
            head = _runs(block.runs, HEADING_ROLES[block.level])
            body.append(Para(head + _runs(block.body, "body"), "body", "body"))
        elif isinstance(block, Heading):
            role = HEADING_ROLES[block.level]
            body.append(Para(_runs(block.runs, role), role, f"heading{block.level}", True))
        elif isinstance(block, Figure):
            body.append(FigureCopy(tuple(_picture(p) for p in block.pictures)))
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, Quote):
            body += [
                Para(_runs(p.runs, QUOTE_ROLE), QUOTE_ROLE, "quote", inset=2) for p in block.blocks
            ]
        elif isinstance(block, PageBreak):
            body.append(PageBreakCopy())
        else:
            body.append(Para(_runs(block.runs, "body"), "body", "body"))
    return tuple(body)


def _picture(picture: Picture) -> PictureCopy:
    caption = None if picture.caption is None else Styled(picture.caption, CAPTION_ROLE)
    return PictureCopy(picture.path, picture.pixels, picture.width, caption, picture.origin)


def _table(table: Table) -> TableCopy:
    return TableCopy(
        None if table.caption is None else Styled(table.caption, CAPTION_ROLE),
        tuple(Styled(cell, TABLE_HEAD_ROLE) for cell in table.header),
        tuple(tuple(Styled(cell, TABLE_ROLE) for cell in row) for row in table.rows),
        table.widths,
    )


def _article(article: Article) -> ArticleCopy:
    return ArticleCopy(
        note=_note(article.note),
        kicker=None if article.kicker is None else Styled(article.kicker, "title"),
        title=tuple(Styled(line, "title") for line in article.title),
        subtitle=None if article.subtitle is None else Styled(article.subtitle, "kai"),
        body=_body(article.blocks),
        source=None if article.source is None else Styled(article.source, "body"),
    )


def _runs(runs: Sequence[Run], role: Role) -> tuple[Styled, ...]:
    return tuple(Styled(r.text, EMPHASIS_ROLE if r.emphasis else role) for r in runs)


def _colophon(
    colophon: Colophon | None, copies_position: Literal["own_line", "last_line"]
) -> ColophonCopy | None:
    if colophon is None:
        return None
    lines = []
    for key, label in COLOPHON_LABELS:
        value: Text | None = getattr(colophon, key)
        if value is not None:
            lines.append((Styled(Text(label), "body"), Styled(value, "body")))
    copies = None
    if colophon.copies is not None:
        copies = Styled(Text(f"共印 {colophon.copies} 份"), "body")
    if not lines and copies is None:
        return None
    return ColophonCopy(tuple(lines), copies, copies_position)


def join_lines(lines: Sequence[Text]) -> Text:
    """Title lines as one text, each character keeping its location; a
    space goes between two lines only where one ends in an ASCII letter or
    digit and the next begins with an ASCII character."""
    value = ""
    where: list[Location | None] = []
    for line in lines:
        text = line.value
        if value and value[-1].isascii() and value[-1].isalnum() and text[:1].isascii():
            value += " "
            where.append(where[-1])
        value += text
        where += [line.locate(i) for i in range(len(text))]
    origin = lines[0].origin if lines else None
    offsets = tuple(loc for loc in where if loc is not None)
    return Text(value, origin, offsets if len(offsets) == len(value) else ())
