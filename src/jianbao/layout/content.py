"""The copy (稿): every text the document prints, and in which role's face.

In: a validated ``Issue`` and the ``Theme`` (its fixed texts, such as the
contents heading).  Out: a ``Copy`` — the masthead's texts, the contents,
each article's head and body blocks, the colophon's lines and the page
numbers — every text with its role and the location it was written at.

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
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import Location
from ..model import Article, Colophon, Heading, Issue, Masthead, Run, Text
from ..roles import Role
from ..theme import Theme

# Face of each heading level: 一、 黑体, （一） 楷体, 1. and （1） 仿宋.
HEADING_ROLES: Mapping[int, Role] = MappingProxyType({1: "heading", 2: "kai", 3: "body", 4: "body"})
# **Emphasis** is set in 黑体.
EMPHASIS_ROLE: Role = "heading"
# 编者按: the note in 楷体, led by its label in 黑体.
NOTE_LABEL = "编者按："
NOTE_ROLE: Role = "kai"
COLOPHON_LABELS = (("report_to", "报："), ("send_to", "送："), ("issue_to", "发："))


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
    emphasised; its baseline follows it); ``kind`` names it in the layout
    (``body``, ``heading1`` … ``heading4``, ``note``); ``keep_next``: its
    lines stay on the page of the line after them (a heading).
    """

    runs: tuple[Styled, ...]
    role: Role
    kind: str
    keep_next: bool = False


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
    """本期要目: its heading, then one entry per article title."""

    heading: Styled
    entries: tuple[Styled, ...]


@dataclass(frozen=True)
class ArticleCopy:
    """One article: 编者按 paragraphs, 引题, title lines, 副题, body, 供稿."""

    note: tuple[Para, ...]
    kicker: Styled | None
    title: tuple[Styled, ...]
    subtitle: Styled | None
    body: tuple[Para, ...]
    source: Styled | None


@dataclass(frozen=True)
class ColophonCopy:
    """报尾: (label, value) per distribution line, then 共印 N 份."""

    lines: tuple[tuple[Styled, Styled], ...]
    copies: Styled | None

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

    def printed(self) -> Iterator[tuple[Role, Text]]:
        """Every text printed, with its role: what the fonts must cover."""
        m = self.masthead
        for part in (*m.name, m.mark, m.number, m.issuer, m.date):
            if part is not None:
                yield part.role, part.text
        if self.contents is not None:
            for part in (self.contents.heading, *self.contents.entries):
                yield part.role, part.text
        for article in self.articles:
            for part in (article.kicker, *article.title, article.subtitle):
                if part is not None:
                    yield part.role, part.text
            for para in (*article.note, *article.body):
                for run in para.runs:
                    yield run.role, run.text
            if article.source is not None:
                yield article.source.role, article.source.text
        if self.colophon is not None:
            for label, value in self.colophon.lines:
                yield label.role, label.text
                yield value.role, value.text
            if self.colophon.copies is not None:
                yield self.colophon.copies.role, self.colophon.copies.text
        yield FOLIO_ROLE, Text(FOLIO_CHARS)


def compose(issue: Issue, theme: Theme) -> Copy:
    """The copy of ``issue``: every text it prints and the role of its face."""
    contents = None
    if issue.contents:
        entries = tuple(Styled(_entry(a), "kai") for a in issue.articles)
        contents = ContentsCopy(Styled(Text(theme.contents_heading), "heading"), entries)
    return Copy(
        _masthead(issue.masthead),
        contents,
        tuple(_article(a) for a in issue.articles),
        _colophon(issue.colophon),
        issue.title,
        issue.masthead.issuer.value,
    )


def _entry(article: Article) -> Text:
    """An article's 本期要目 entry: its ``toc``, else its kicker and title."""
    if article.toc is not None:
        return article.toc
    lines = article.title if article.kicker is None else (article.kicker, *article.title)
    return join_lines(lines)


def _masthead(m: Masthead) -> MastheadCopy:
    d = m.date
    number = f"第 {m.number} 期"
    if m.total is not None:
        number += f"（总第 {m.total} 期）"
    return MastheadCopy(
        name=tuple(Styled(line, "title") for line in m.name),
        mark=None if m.mark is None else Styled(m.mark, "heading"),
        number=Styled(Text(number), "body"),
        issuer=Styled(m.issuer, "body"),
        date=Styled(Text(f"{d.year}年{d.month}月{d.day}日"), "body"),
    )


def _article(article: Article) -> ArticleCopy:
    note = []
    for i, block in enumerate(article.note):
        runs = _runs(block.runs, NOTE_ROLE)
        if i == 0:
            runs = (Styled(Text(NOTE_LABEL), EMPHASIS_ROLE), *runs)
        note.append(Para(runs, NOTE_ROLE, "note"))
    body = []
    for block in article.blocks:
        if isinstance(block, Heading):
            role = HEADING_ROLES[block.level]
            body.append(Para(_runs(block.runs, role), role, f"heading{block.level}", True))
        else:
            body.append(Para(_runs(block.runs, "body"), "body", "body"))
    return ArticleCopy(
        note=tuple(note),
        kicker=None if article.kicker is None else Styled(article.kicker, "title"),
        title=tuple(Styled(line, "title") for line in article.title),
        subtitle=None if article.subtitle is None else Styled(article.subtitle, "kai"),
        body=tuple(body),
        source=None if article.source is None else Styled(article.source, "body"),
    )


def _runs(runs: Sequence[Run], role: Role) -> tuple[Styled, ...]:
    return tuple(Styled(r.text, EMPHASIS_ROLE if r.emphasis else role) for r in runs)


def _colophon(colophon: Colophon | None) -> ColophonCopy | None:
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
    return ColophonCopy(tuple(lines), copies)


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
