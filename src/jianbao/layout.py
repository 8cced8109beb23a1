"""Layout: the issue becomes pages of items at fixed positions.

In: a validated ``Issue``, a ``Theme`` and a ``FontSet``.  Out: a ``Layout``
— pages holding ``TextItem``s (one font, one size, a baseline origin) and
``RuleItem``s, in pt, origin at the top-left corner of the page, y down.
Nothing here touches a canvas; ``draw`` paints what this module decides.

Every line of the flow sits on the GB/T 9704 grid: 22 rows per page, each
row ``theme.line_pitch`` high; body glyph origins sit on the 28 columns.
The masthead takes the first rows of page 1, the colophon the last rows of
the last page (or of a page of its own when it does not fit).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from .errors import Diagnostic, IssueError
from .fonts import FontFace, FontSet
from .linebreak import Line, Measure, Piece, Span, break_lines
from .model import Article, Colophon, Heading, Issue, Masthead, Paragraph, Run, Text
from .theme import CMYK, Theme

# Face of each heading level (SPEC §6): 一、 黑体, （一） 楷体, 1. and （1） 仿宋.
HEADING_ROLES: Mapping[int, str] = MappingProxyType({1: "heading", 2: "kai", 3: "body", 4: "body"})
EMPHASIS_ROLE = "heading"
# 编者按 (SPEC §5): the note in 楷体, led by its label in 黑体.
NOTE_LABEL = "编者按："
NOTE_ROLE = "kai"
COLOPHON_LABELS = (("report_to", "报："), ("send_to", "送："), ("issue_to", "发："))


@dataclass(frozen=True)
class TextItem:
    """A string in one face and size; (x, y) is the first glyph's baseline origin.

    ``char_space`` is added after every glyph (PDF Tc); ``hscale`` squeezes
    glyphs horizontally (1.0 = none).
    """

    x: float
    y: float
    text: str
    face: FontFace
    size: float
    color: CMYK
    char_space: float = 0.0
    hscale: float = 1.0
    kind: str = "body"

    def advance(self) -> float:
        """Distance from this item's origin to where a following glyph would go."""
        natural = sum(self.face.advance(c) for c in self.text) * self.size * self.hscale
        return natural + self.char_space * len(self.text)


@dataclass(frozen=True)
class RuleItem:
    """A horizontal rule from x0 to x1 whose centre line is at y."""

    x0: float
    x1: float
    y: float
    width: float
    color: CMYK
    kind: str = "rule"

    @property
    def top(self) -> float:
        return self.y - self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.width / 2


Item = TextItem | RuleItem


@dataclass(frozen=True)
class Page:
    number: int
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Layout:
    pages: tuple[Page, ...]
    title: str
    author: str


@dataclass(frozen=True)
class _Row:
    """One grid row of the flow; item y values are relative to the row top."""

    items: tuple[Item, ...] = ()
    keep_next: bool = False  # must stay on the page of the row after it

    @property
    def blank(self) -> bool:
        return not self.items


def shifted(item: Item, dy: float) -> Item:
    return replace(item, y=item.y + dy)


def date_text(issue: Issue) -> str:
    d = issue.masthead.date
    return f"{d.year}年{d.month}月{d.day}日"


def number_text(masthead: Masthead) -> str:
    text = f"第 {masthead.number} 期"
    if masthead.total is not None:
        text += f"（总第 {masthead.total} 期）"
    return text


def joined(lines: Sequence[Text]) -> str:
    """Title lines as one string (a space only between two Latin words)."""
    out = ""
    for line in lines:
        value = line.value
        if out and out[-1].isascii() and out[-1].isalnum() and value[:1].isascii():
            out += " "
        out += value
    return out


def folio_text(number: int) -> str:
    return f"— {number} —"


def texts_by_role(issue: Issue, theme: Theme) -> Iterator[tuple[str, Text]]:
    """Every text the layout will print, with the role of its face.

    Coverage checks walk this so that they see exactly what layout prints.
    """
    m = issue.masthead
    for line in m.name:
        yield "title", line
    if m.mark is not None:
        yield "heading", m.mark
    yield "body", Text(number_text(m))
    yield "body", m.issuer
    yield "body", Text(date_text(issue))
    if issue.contents:
        yield "heading", Text(theme.contents_heading)
        for article in issue.articles:
            for line in article.title:
                yield "kai", line
    for article in issue.articles:
        if article.kicker is not None:
            yield "title", article.kicker
        for line in article.title:
            yield "title", line
        if article.subtitle is not None:
            yield "kai", article.subtitle
        if article.note:
            yield EMPHASIS_ROLE, Text(NOTE_LABEL)
            for block in article.note:
                for run in block.runs:
                    yield (EMPHASIS_ROLE if run.emphasis else NOTE_ROLE), run.text
        for block in article.blocks:
            base = HEADING_ROLES[block.level] if isinstance(block, Heading) else "body"
            for run in block.runs:
                yield (EMPHASIS_ROLE if run.emphasis else base), run.text
        if article.source is not None:
            yield "body", article.source
    if issue.colophon is not None:
        c = issue.colophon
        for key, label in COLOPHON_LABELS:
            value = getattr(c, key)
            if value is not None:
                yield "body", Text(label)
                yield "body", value
        if c.copies is not None:
            yield "body", Text(f"共印 {c.copies} 份")
    yield "folio", Text(folio_text(1234567890))


class _Typesetter:
    """Turns blocks into rows and rows into pages for one issue."""

    def __init__(self, issue: Issue, theme: Theme, fonts: FontSet) -> None:
        self.issue = issue
        self.theme = theme
        self.fonts = fonts

    # Lines ----------------------------------------------------------------
    def baseline(self, face: FontFace, size: float) -> float:
        """Baseline below a row top that centres the ideographs' ink in the row."""
        return self.theme.line_pitch / 2 + face.centre * size

    def measure_for(self, size: float) -> Measure:
        """Natural width of a run at ``size`` in its role's faces (fallbacks included)."""
        fonts = self.fonts

        def measure(text: str, style: Hashable) -> float:
            role = str(style)
            return (
                sum((fonts.face_for(role, c) or fonts.face(role)).advance(c) for c in text) * size
            )

        return measure

    def break_runs(
        self, runs: Sequence[tuple[str, str]], *, size: float, cell: float, cells: int, indent: int
    ) -> list[Line]:
        spans = [Span(text, role) for text, role in runs if text]
        measure = self.measure_for(size)
        return break_lines(spans, cell=cell, cells=cells, indent=indent, measure=measure)

    def line_items(
        self, line: Line, *, role: str, size: float, cell: float, x0: float, kind: str
    ) -> tuple[Item, ...]:
        """Glyph runs of one broken line; y is the baseline relative to the row top."""
        theme = self.theme
        y = self.baseline(self.fonts.face(role), size)
        items: list[TextItem] = []
        for piece in line.pieces:
            if piece.kind == "space":
                continue
            for item in self.piece_items(piece, size=size, cell=cell, x0=x0, y=y, kind=kind):
                last = items[-1] if items else None
                if last is not None and _mergeable(last, item):
                    items[-1] = replace(last, text=last.text + item.text)
                else:
                    items.append(item)
        return tuple(replace(i, color=theme.black) for i in items)

    def piece_items(
        self, piece: Piece, *, size: float, cell: float, x0: float, y: float, kind: str
    ) -> Iterator[TextItem]:
        role = str(piece.style)
        fonts = self.fonts
        black = self.theme.black
        left = x0 + piece.x
        # A character no face of the chain has is measured with the primary
        # face and not drawn: its cell stays empty (coverage has warned).
        if piece.kind in ("ideo", "punct") and len(piece.text) == 1:
            char = piece.text
            found = fonts.face_for(role, char)
            face = found or fonts.face(role)
            adv = face.advance(char) * size
            if piece.squeezed:
                x = self._squeezed_origin(piece, face, char, size, cell, left)
            else:
                # The em box is centred on the cell: on an unspread line the
                # origin is the cell's left edge (the grid column).
                x = left + (piece.width - cell) / 2 + (size - adv) / 2
            if found is not None:
                yield TextItem(x, y, char, face, size, black, piece.width - adv, kind=kind)
            return
        # Latin runs, ——, ……: fill the box exactly with even spacing.
        text = piece.text
        found_faces = [fonts.face_for(role, c) for c in text]
        faces = [f or fonts.face(role) for f in found_faces]
        natural = sum(f.advance(c) for f, c in zip(faces, text, strict=True)) * size
        tc = (piece.width - natural) / len(text)
        x = left + tc / 2
        for found_face, face, char in zip(found_faces, faces, text, strict=True):
            if found_face is not None:
                yield TextItem(x, y, char, face, size, black, tc, kind=kind)
            x += face.advance(char) * size + tc

    def _squeezed_origin(
        self, piece: Piece, face: FontFace, char: str, size: float, cell: float, left: float
    ) -> float:
        """Origin of a punctuation mark set in half a cell, its ink kept in the box."""
        adv = face.advance(char) * size
        right = left + piece.width
        if piece.align == "left":
            x = left
        elif piece.align == "right":
            x = right - adv
        else:
            x = left + (piece.width - adv) / 2
        ink = face.ink(char)
        if ink is not None:
            ink_left, ink_right = x + ink[0] * size, x + ink[2] * size
            if ink_right > right:
                x -= ink_right - right
            if ink_left < left:
                x += left - ink_left
        return x

    def paragraph_rows(
        self,
        runs: Sequence[Run],
        *,
        role: str,
        indent: int = 2,
        kind: str = "body",
    ) -> list[_Row]:
        theme = self.theme
        pairs = [(r.text.value, EMPHASIS_ROLE if r.emphasis else role) for r in runs]
        lines = self.break_runs(
            pairs,
            size=theme.body_size,
            cell=theme.cell,
            cells=theme.chars_per_line,
            indent=indent,
        )
        return [
            _Row(
                self.line_items(
                    line,
                    role=role,
                    size=theme.body_size,
                    cell=theme.cell,
                    x0=theme.block_left,
                    kind=kind,
                )
            )
            for line in lines
        ]

    def centred_row(
        self,
        text: str,
        *,
        role: str,
        size: float,
        kind: str,
        color: CMYK | None = None,
        room: float | None = None,
    ) -> _Row:
        """One line centred on the text block (titles, kicker, subtitle),
        compressed horizontally when wider than ``room`` (default: the block)."""
        theme = self.theme
        face = self.fonts.face(role)
        items: list[TextItem] = []
        width = sum((self.fonts.face_for(role, c) or face).advance(c) for c in text) * size
        room = theme.block_width if room is None else room
        scale = min(1.0, room / width) if width else 1.0
        x = theme.block_left + (theme.block_width - width * scale) / 2
        y = self.baseline(face, size)
        for char in text:
            found = self.fonts.face_for(role, char)
            f = found or face
            if found is None:  # not in any face of the chain: leave its space empty
                x += f.advance(char) * size * scale
                continue
            item = TextItem(x, y, char, f, size, color or theme.black, hscale=scale, kind=kind)
            if items and _mergeable(items[-1], item):
                items[-1] = replace(items[-1], text=items[-1].text + char)
            else:
                items.append(item)
            x += f.advance(char) * size * scale
        return _Row(tuple(items))

    # Blocks ---------------------------------------------------------------
    def title_rows(self, article: Article) -> list[_Row]:
        theme = self.theme
        rows: list[_Row] = []
        if article.kicker is not None:
            rows.append(
                self.centred_row(
                    article.kicker.value, role="title", size=theme.kicker_size, kind="kicker"
                )
            )
        for line in article.title:
            rows.extend(self.title_line_rows(line.value))
        if article.subtitle is not None:
            rows.append(
                self.centred_row(
                    article.subtitle.value, role="kai", size=theme.body_size, kind="subtitle"
                )
            )
        return rows

    def title_line_rows(self, text: str) -> list[_Row]:
        """A title line: compressed up to ``title_min_scale`` when wider than the
        block, wrapped into balanced lines only beyond that (write long titles
        as a list of lines to choose the break)."""
        theme = self.theme
        size = theme.title_size
        face = self.fonts.face("title")
        if face.width(text, size) * theme.title_min_scale <= theme.block_width:
            # Fits, or fits once compressed a little (字符缩放): Chinese has no
            # word spaces, so a wrap could split a word; compressing cannot.
            return [self.centred_row(text, role="title", size=size, kind="title")]
        cells = int(theme.block_width // size)
        lines = self.break_runs([(text, "title")], size=size, cell=size, cells=cells, indent=0)
        parts = len(lines)
        # Balance: the narrowest measure that still gives the same line count.
        for narrower in range(cells - 1, 0, -1):
            trial = self.break_runs(
                [(text, "title")], size=size, cell=size, cells=narrower, indent=0
            )
            if len(trial) > parts:
                break
            lines = trial
        return [
            self.centred_row(line.text, role="title", size=size, kind="title") for line in lines
        ]

    def contents_rows(self) -> list[_Row]:
        theme = self.theme
        rows = [
            self.centred_row(
                theme.contents_heading, role="heading", size=theme.body_size, kind="contents"
            )
        ]
        for article in self.issue.articles:
            text = joined(article.title)
            lines = self.break_runs(
                [(text, "kai")],
                size=theme.body_size,
                cell=theme.cell,
                cells=theme.chars_per_line - 2,
                indent=0,
            )
            for line in lines:
                rows.append(
                    _Row(
                        self.line_items(
                            line,
                            role="kai",
                            size=theme.body_size,
                            cell=theme.cell,
                            x0=theme.block_left + 2 * theme.cell,
                            kind="contents",
                        )
                    )
                )
        return rows

    def article_rows(self, article: Article, first: bool) -> list[_Row]:
        head = [] if first else [_Row()]
        for i, block in enumerate(article.note):
            runs = tuple(block.runs)
            if i == 0:
                runs = (Run(Text(NOTE_LABEL), emphasis=True), *runs)
            head += self.paragraph_rows(runs, role=NOTE_ROLE, kind="note")
        head += self.title_rows(article)
        body: list[_Row] = []
        for block in article.blocks:
            if isinstance(block, Heading):
                role = HEADING_ROLES[block.level]
                rows = self.paragraph_rows(block.runs, role=role, kind=f"heading{block.level}")
                # A heading never ends a page: it keeps the next line with it.
                body += [replace(r, keep_next=True) for r in rows]
            else:
                assert isinstance(block, Paragraph)
                body += self.paragraph_rows(block.runs, role="body")
        if article.source is not None:
            # The source line stays with the article's last line.
            if body:
                body[-1] = replace(body[-1], keep_next=True)
            body.append(
                self.aligned_row(
                    "right",
                    article.source.value,
                    role="body",
                    size=self.theme.body_size,
                    kind="source",
                )
            )
        # Keep the note and title with at least two lines of the body.
        keep = len(head) + min(2, len(body)) - 1
        rows = head + body
        return [replace(r, keep_next=True) if i < keep else r for i, r in enumerate(rows)]

    # Masthead -------------------------------------------------------------
    def masthead(self) -> tuple[list[Item], int]:
        """Items of the 报头 (absolute positions) and the first free row after it."""
        theme = self.theme
        m = self.issue.masthead
        items: list[Item] = []
        row = 0
        pitch = theme.line_pitch
        if m.mark is not None:
            items += [
                shifted(i, theme.row_top(0))
                for i in self.aligned_row(
                    "left", m.mark.value, role="heading", size=theme.mark_size, kind="mark"
                ).items
            ]
            row = 1
        # The red name, centred; its block is centred in whole rows.
        sizes = self.name_sizes([line.value for line in m.name])
        gap = theme.name_line_gap
        height = sum(sizes) + gap * sum(sizes[1:])
        name_rows = max(1, math.ceil(height / pitch - 0.05))
        top = theme.row_top(row) + (name_rows * pitch - height) / 2
        title_face = self.fonts.face("title")
        for i, (line, size) in enumerate(zip(m.name, sizes, strict=True)):
            if i:
                top += gap * size
            # The ink of the ideographs is centred on the line's em box.
            baseline = top + size / 2 + title_face.centre * size
            row_items = self.centred_row(
                line.value, role="title", size=size, kind="masthead", color=theme.red
            ).items
            items += [replace(it, y=baseline) for it in row_items]
            top += size
        row += name_rows
        number = self.centred_row(number_text(m), role="body", size=theme.body_size, kind="number")
        items += [shifted(i, theme.row_top(row)) for i in number.items]
        row += 1
        date = self.aligned_row(
            "right", date_text(self.issue), role="body", size=theme.body_size, kind="date"
        )
        # A long issuer is compressed to leave a character's gap before the date.
        date_width = sum(i.advance() for i in date.items if isinstance(i, TextItem))
        issuer = self.aligned_row(
            "left",
            m.issuer.value,
            role="body",
            size=theme.body_size,
            kind="issuer",
            room=theme.block_width - date_width - theme.cell,
        )
        items += [shifted(i, theme.row_top(row)) for i in issuer.items + date.items]
        baseline = theme.row_top(row) + self.baseline(self.fonts.face("body"), theme.body_size)
        rule_y = baseline + theme.masthead_rule_gap
        items += self.masthead_rules(rule_y)
        bottom = max(i.bottom for i in items if isinstance(i, RuleItem))
        row += 1
        while theme.row_top(row) < bottom + pitch / 4:
            row += 1
        return items, row

    def name_sizes(self, lines: Sequence[str]) -> tuple[float, ...]:
        """Size of each name line: nominal, or smaller for a line too long.

        A line wider than the block is first compressed horizontally (down to
        ``name_min_scale``), then set smaller (down to ``name_min_size``);
        below that ``centred_row`` compresses it as far as it must: a name
        never overflows and never wraps.
        """
        theme = self.theme
        face = self.fonts.face("title")
        if len(lines) == 1:
            nominal: tuple[float, ...] = (theme.name_single_size,)
        else:
            nominal = tuple(
                theme.name_sizes[min(i, len(theme.name_sizes) - 1)] for i in range(len(lines))
            )
        sizes = []
        for text, size in zip(lines, nominal, strict=True):
            per_pt = face.width(text, 1.0)
            if per_pt * size * theme.name_min_scale > theme.block_width:
                size = max(theme.name_min_size, theme.block_width / (per_pt * theme.name_min_scale))
            sizes.append(size)
        return tuple(sizes)

    def masthead_rules(self, y: float) -> list[Item]:
        theme = self.theme
        x0, x1 = theme.block_left, theme.block_right
        thick = theme.masthead_rule_width
        rules: list[Item] = [
            RuleItem(x0, x1, y + thick / 2, thick, theme.red, kind="masthead-rule")
        ]
        if theme.masthead_rule_double:
            thin = theme.masthead_thin_width
            y_thin = y + thick + theme.masthead_double_gap + thin / 2
            rules.append(RuleItem(x0, x1, y_thin, thin, theme.red, kind="masthead-rule"))
        return rules

    def aligned_row(
        self,
        align: str,
        text: str,
        *,
        role: str,
        size: float,
        kind: str,
        x: float | None = None,
        room: float | None = None,
    ) -> _Row:
        """One line flush ``align`` ("left" or "right") against ``x`` (default:
        the block's edge), compressed when wider than ``room``."""
        row = self.centred_row(text, role=role, size=size, kind=kind, room=room)
        if not row.items:
            return row
        theme = self.theme
        first = row.items[0]
        assert isinstance(first, TextItem)
        width = sum(i.advance() for i in row.items if isinstance(i, TextItem))
        if align == "left":
            target = theme.block_left if x is None else x
        else:
            target = (theme.block_right if x is None else x) - width
        shift = target - first.x
        return _Row(tuple(replace(i, x=i.x + shift) for i in row.items if isinstance(i, TextItem)))

    # Colophon -------------------------------------------------------------
    def colophon_rows(self, colophon: Colophon) -> list[tuple[_Row, str | None]]:
        """Rows of the 报尾, each with the rule drawn under it (thick/thin/None)."""
        theme = self.theme
        size = theme.colophon_size
        inset = size
        width = theme.block_width - 2 * inset
        cells = int(width // size)
        cell = width / cells
        groups: list[list[_Row]] = []
        for key, label in COLOPHON_LABELS:
            value: Text | None = getattr(colophon, key)
            if value is None:
                continue
            label_row = self.aligned_row(
                "left", label, role="body", size=size, kind="colophon", x=theme.block_left + inset
            )
            lines = self.break_runs(
                [(value.value, "body")], size=size, cell=cell, cells=cells - 2, indent=0
            )
            rows: list[_Row] = []
            for i, line in enumerate(lines):
                items = self.line_items(
                    line,
                    role="body",
                    size=size,
                    cell=cell,
                    x0=theme.block_left + inset + 2 * cell,
                    kind="colophon",
                )
                rows.append(_Row((label_row.items if i == 0 else ()) + items))
            groups.append(rows)
        if colophon.copies is not None:
            groups.append(
                [
                    self.aligned_row(
                        "right",
                        f"共印 {colophon.copies} 份",
                        role="body",
                        size=size,
                        kind="colophon",
                        x=theme.block_right - inset,
                        room=width,
                    )
                ]
            )
        out: list[tuple[_Row, str | None]] = []
        for g, rows in enumerate(groups):
            for i, row in enumerate(rows):
                rule = None
                if i == len(rows) - 1:
                    rule = "thick" if g == len(groups) - 1 else "thin"
                out.append((row, rule))
        return out

    # Pages ------------------------------------------------------------------
    def run(self) -> Layout:
        theme = self.theme
        issue = self.issue
        masthead, first_row = self.masthead()
        flow: list[_Row] = []
        if issue.contents:
            flow += self.contents_rows()
            flow.append(_Row())
        for i, article in enumerate(issue.articles):
            flow += self.article_rows(article, first=(i == 0))
        pages, last_row = self.paginate(flow, first_row)
        pages[0][:0] = masthead
        colophon = issue.colophon
        if colophon is not None and (
            colophon.report_to
            or colophon.send_to
            or colophon.issue_to
            or colophon.copies is not None
        ):
            self.place_colophon(pages, last_row, self.colophon_rows(colophon))
        numbered = len(pages)
        while len(pages) % theme.pad_pages:
            pages.append([])  # blank padding pages carry no number
        out = []
        for index, items in enumerate(pages):
            number = index + 1
            numbering = theme.folio_position != "none" and number <= numbered
            if numbering and (number > 1 or theme.folio_first_page):
                items = [*items, self.folio(number)]
            out.append(Page(number, tuple(items)))
        return Layout(tuple(out), issue.title, issue.masthead.issuer.value)

    def paginate(self, flow: list[_Row], first_row: int) -> tuple[list[list[Item]], int]:
        """The rows placed on pages (keeping groups together, no blank row at
        a page top), and the first free row of the last page."""
        theme = self.theme
        per_page = theme.lines_per_page
        pages: list[list[Item]] = [[]]
        row = first_row
        i = 0
        while i < len(flow):
            current = flow[i]
            if current.blank and row == 0:
                i += 1  # no blank row at the top of a page
                continue
            # The group of rows that must stay together from here.
            end = i
            while end < len(flow) - 1 and flow[end].keep_next:
                end += 1
            group = end - i + 1
            if row + group > per_page and row > 0 and group <= per_page:
                pages.append([])
                row = 0
                continue
            if row >= per_page:
                pages.append([])
                row = 0
                continue
            top = theme.row_top(row)
            pages[-1] += [shifted(item, top) for item in current.items]
            row += 1
            i += 1
        return pages, row

    def place_colophon(
        self, pages: list[list[Item]], last_row: int, rows: list[tuple[_Row, str | None]]
    ) -> None:
        """Put the colophon's rows at the foot of the last page, or of a new
        page when they do not fit under ``last_row``."""
        theme = self.theme
        if len(rows) > theme.lines_per_page:
            c = self.issue.colophon
            first_text = (
                next((t for t in (c.report_to, c.send_to, c.issue_to) if t is not None), None)
                if c
                else None
            )
            raise IssueError(
                [
                    Diagnostic(
                        first_text.origin if first_text else None,
                        f"the colophon needs {len(rows)} lines but a page holds "
                        f"{theme.lines_per_page}",
                        "shorten the 报/送/发 lists, e.g. name groups of offices",
                    )
                ]
            )
        if last_row + len(rows) > theme.lines_per_page:
            pages.append([])
        if theme.colophon_even_page and len(pages) % 2:
            pages.append([])
        first = theme.lines_per_page - len(rows)
        x0, x1 = theme.block_left, theme.block_right
        thick, thin = theme.colophon_thick, theme.colophon_thin
        items = pages[-1]
        top = theme.row_top(first)
        items.append(RuleItem(x0, x1, top + thick / 2, thick, theme.black, kind="colophon-rule"))
        for k, (row, rule) in enumerate(rows):
            row_top = theme.row_top(first + k)
            items += [shifted(i, row_top) for i in row.items]
            if rule is None:
                continue
            width = thick if rule == "thick" else thin
            bottom = theme.row_top(first + k + 1)
            # Rules lie inside the block: the last one's lower edge is its bottom edge.
            items.append(
                RuleItem(x0, x1, bottom - width / 2, width, theme.black, kind="colophon-rule")
            )

    def folio(self, number: int) -> TextItem:
        """Page number "— N —": dashes 7 mm below the block, inset one character
        on the outside edge (odd pages right, even pages left), or centred."""
        theme = self.theme
        size = theme.folio_size
        face = self.fonts.face("folio")
        text = folio_text(number)
        dash = face.ink("—")
        dash_top = dash[3] if dash else 0.3
        y = theme.block_bottom + theme.folio_drop + dash_top * size
        width = face.width(text, size)
        if theme.folio_position == "centre":
            x = theme.block_left + (theme.block_width - width) / 2
        elif number % 2:
            x = theme.block_right - size - width
        else:
            x = theme.block_left + size
        return TextItem(x, y, text, face, size, theme.black, kind="folio")


def _mergeable(a: TextItem, b: TextItem) -> bool:
    return (
        a.face is b.face
        and a.size == b.size
        and a.y == b.y
        and a.hscale == b.hscale
        and a.color == b.color
        and a.kind == b.kind
        and abs(a.char_space - b.char_space) < 1e-9
        and abs(a.x + a.advance() - b.x) < 1e-6
    )


def layout(issue: Issue, theme: Theme, fonts: FontSet) -> Layout:
    """Place the whole issue on pages."""
    return _Typesetter(issue, theme, fonts).run()
