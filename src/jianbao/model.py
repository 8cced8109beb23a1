"""The issue as the user wrote it: frozen dataclasses, no fonts, no positions.

In: nothing (``validate`` builds these).  Out: an ``Issue`` that layout reads.
Every piece of text keeps where it came from (``Text.locate``) so that a
later stage (font coverage) can point at the exact file:line:col.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path
from typing import Literal

from .errors import Diagnostic, Location
from .records import dataclass
from .roles import Role

# "full": every mark in a full cell (grid-true, Word's 不压缩); "pairs": two
# adjacent marks share one and a half cells in every line (clreq).
Punctuation = Literal["full", "pairs"]
# A regular issue (第N期), a supplement (增刊) or a special issue (特刊).
IssueKind = Literal["regular", "supplement", "special"]
# How each kind is printed before its number (增刊第1期).
KIND_PREFIXES: dict[IssueKind, str] = {"regular": "", "supplement": "增刊", "special": "特刊"}


@dataclass(frozen=True)
class Text:
    """A string from the issue file and where each of its characters is.

    ``offsets`` maps the index of a character in ``value`` to its location;
    it may be empty when the text was made by jianbao (then ``origin`` is
    used for every character).
    """

    value: str
    origin: Location | None = None
    offsets: tuple[Location, ...] = field(default=(), repr=False, compare=False)

    def locate(self, index: int) -> Location | None:
        if 0 <= index < len(self.offsets):
            return self.offsets[index]
        return self.origin

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph in one style: plain, or emphasis (黑体)."""

    text: Text
    emphasis: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (indented two characters, justified)."""

    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    """A heading inside an article.

    Level 1 is 一、 (黑体), 2 is （一） (楷体), 3 is 1. and 4 is （1） (仿宋).
    ``body``: a run-in heading's paragraph after it (（一）加强组织领导。各乡镇
    要……), set in body text on the heading's lines.
    """

    level: int
    runs: tuple[Run, ...]
    body: tuple[Run, ...] = ()


@dataclass(frozen=True)
class Width:
    """How wide an image is printed: in characters (grid cells) or mm."""

    value: float
    unit: Literal["chars", "mm"]


@dataclass(frozen=True)
class Picture:
    """图片: an image file (PNG or JPEG) with its caption.

    ``pixels`` is its size as read when the issue was checked; ``origin`` is
    where it is named (for messages).
    """

    path: Path
    pixels: tuple[int, int]
    caption: Text | None = None
    width: Width | None = None
    origin: Location | None = None


@dataclass(frozen=True)
class Figure:
    """One image, or two side by side, each with its caption."""

    pictures: tuple[Picture, ...]


@dataclass(frozen=True)
class Table:
    """表格: a header row and rows of cells, an optional caption (表1 …) above
    it and relative column widths when given."""

    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    caption: Text | None = None
    widths: tuple[float, ...] | None = None
    origin: Location | None = None


@dataclass(frozen=True)
class Quote:
    """引文: paragraphs set apart (a quoted instruction, a 批示), in 楷体."""

    blocks: tuple[Paragraph, ...]


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page."""


Block = Paragraph | Heading | Figure | Table | Quote | PageBreak


@dataclass(frozen=True)
class Masthead:
    """报头: the red bulletin name, 期号, issuer and date."""

    name: tuple[Text, ...]
    number: int | None
    issuer: Text
    date: dt.date
    total: int | None = None
    mark: Text | None = None
    kind: IssueKind = "regular"

    @property
    def label(self) -> str:
        """第 8 期, 增刊第 1 期, 增刊, 特刊第 2 期 (without 总第)."""
        prefix = KIND_PREFIXES[self.kind]
        if self.number is None:
            return prefix
        return f"{prefix}第 {self.number} 期"


@dataclass(frozen=True)
class Article:
    """One article: 编者按 note, 引题 kicker, title lines, 副题 subtitle, body
    blocks, a 供稿 source line, and its 本期要目 entry when not the default
    (kicker and title)."""

    title: tuple[Text, ...]
    blocks: tuple[Block, ...]
    kicker: Text | None = None
    subtitle: Text | None = None
    note: tuple[Block, ...] = ()
    source: Text | None = None
    toc: Text | None = None
    draft: Path | None = None  # the draft (.docx, .md, .txt) it was read from


@dataclass(frozen=True)
class Colophon:
    """报尾: 报：/送：/发： distribution lines and 共印 N 份."""

    report_to: Text | None = None
    send_to: Text | None = None
    issue_to: Text | None = None
    also_to: Text | None = None  # 本期增发
    copies: int | None = None


@dataclass(frozen=True)
class FontChoice:
    """字体: the fonts named for one role, primary first, then fallbacks.

    Each name is a family, full or PostScript name, or a path, as written
    (with its location, for errors); ``fonts.select`` resolves them.
    """

    role: Role
    names: tuple[Text, ...]


@dataclass(frozen=True)
class Config:
    """配置文件: the fonts an office names for every issue, and more folders
    to search for fonts (each with where it is written: a relative folder
    is relative to that file)."""

    fonts: tuple[FontChoice, ...] = ()
    font_dirs: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Style:
    """版式选项: the page options GB/T 9704 leaves to the office.

    ``page_numbers``: "outside" (odd right, even left), "centre" or "none";
    ``red``: "cmyk" (0/100/100/0), "spot" (a named separation for two-colour
    printing) or "none" (套打 on pre-printed red-header paper: the red is left
    out, its space kept); ``pad_pages``: pad the page count to a multiple of
    1, 2 or 4 with blank pages; ``colophon_even_page``: put the 报尾 on an
    even page (the back of a sheet in duplex printing); ``punctuation``:
    "pairs" (two adjacent marks in one and a half cells, as clreq; the
    default) or "full" (every mark in a full cell, on the grid, as Word's
    不压缩);
    ``widow_control``: never leave a paragraph's first line alone at the foot
    of a page or its last line alone at the top (Word's 孤行控制);
    ``figures``: an image that does not fit moves to the next page while the
    text after it fills the gap ("float"), or stays where it is written and
    leaves the gap ("here"); ``copies_position``: 共印 N 份 on its own line
    ("own_line") or at the right end of the colophon's last line ("last_line").
    """

    page_numbers: str = "outside"
    first_page_number: bool = True
    masthead_rule: str = "single"
    red: str = "cmyk"
    pad_pages: int = 1
    colophon_even_page: bool = False
    punctuation: Punctuation = "pairs"
    widow_control: bool = True
    figures: Literal["float", "here"] = "float"
    copies_position: Literal["own_line", "last_line"] = "own_line"


@dataclass(frozen=True)
class Contents:
    """本期要目: shown or not, with page numbers or not, and its heading."""

    show: bool
    pages: bool | None = None  # None: with page numbers when the issue has more than 2 pages
    heading: Text | None = None  # None: the theme's (本期要目)


@dataclass(frozen=True)
class Issue:
    """One bulletin issue (期) as written in the issue file."""

    masthead: Masthead
    articles: tuple[Article, ...]
    contents: Contents
    colophon: Colophon | None
    source: str = "<issue>"
    fonts: tuple[FontChoice, ...] = ()
    style: Style = Style()
    note: tuple[Block, ...] = ()  # 编者按 for the whole issue, before the first article
    warnings: tuple[Diagnostic, ...] = ()  # found while reading it (a draft's title guessed …)

    def pictures(self) -> tuple[Picture, ...]:
        """Every image the issue prints, in order."""
        return tuple(
            picture
            for article in self.articles
            for block in article.blocks
            if isinstance(block, Figure)
            for picture in block.pictures
        )

    @property
    def title(self) -> str:
        """The PDF title: bulletin name and 期号."""
        name = "".join(t.value for t in self.masthead.name)
        return f"{name} {self.masthead.label.replace(' ', '')}"
