"""Pages: the copy made up into pages (拼版).

In: the issue's ``Copy``, the ``Theme`` and the ``FontSet``.  Out: the
``Layout`` — the masthead at the top of page 1, the flow (contents, the
issue's note, articles) row by row on the 22-row grid, keeping groups
together, no blank row at a page top, figures that do not fit floated to
the next page while the text after them fills the gap, tables split
between rows with their header repeated, the contents' page numbers taken
from where the articles landed, the colophon at the foot of the last page,
blank pages before it to pad the count, and the page numbers; with the
warnings found on the way (an image printed below its resolution).
docs/typesetting.md §9.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import field, replace

from ..errors import Diagnostic
from ..fonts.face import FontSet
from ..records import dataclass
from ..theme import Theme
from .blocks import article_rows, contents_rows, note_rows
from .colophon import PageItems, place_colophon
from .content import FOLIO_ROLE, Copy, folio_text
from .frame import Item, Layout, Page, TextItem, shifted
from .limits import check_characters, check_pages, check_rows
from .lines import Row, Setter
from .masthead import masthead

_EPS = 1e-6


@dataclass
class MadeUp:
    """The flow on pages: each page's items, how far down the last page's
    text reaches (pt from the block top, on the grid), and the page index
    (from 0) where each anchored row landed."""

    pages: list[PageItems]
    used: float
    anchors: dict[str, int] = field(default_factory=dict)


def typeset(copy: Copy, theme: Theme, fonts: FontSet) -> Layout:
    """Place the whole issue on pages."""
    setter = Setter(theme, fonts)
    head, first_row = masthead(setter, copy.masthead)
    warnings: list[Diagnostic] = []
    body = note_rows(setter, copy.note)
    check_characters(copy, theme)
    for i, article in enumerate(copy.articles):
        body += article_rows(setter, article, index=i, warnings=warnings)
        check_rows(len(body), article, theme)

    def make_up(numbers: Sequence[int] | None) -> tuple[MadeUp, list[PageItems], set[int]]:
        flow: list[Row] = []
        if copy.contents is not None:
            flow += contents_rows(setter, copy.contents, numbers)
            flow.append(Row())
        made = paginate(theme, [*flow, *body], first_row)
        pages, blanks = _finish(setter, copy, made)
        return made, pages, blanks

    contents = copy.contents
    numbers: list[int] | None = None
    if contents is not None and contents.pages is not False:
        numbers = [0] * len(copy.articles)  # room kept; the real numbers come next
    made, pages, blanks = make_up(numbers)
    # The page numbers are where the articles landed; setting them can move
    # the articles (an entry wraps differently), so settle them by repeating.
    for _ in range(4):
        if numbers is None:
            break
        if contents is not None and contents.pages is None and len(pages) <= 2:
            numbers = None  # a short issue's contents needs no page numbers
            made, pages, blanks = make_up(numbers)
            break
        found = [made.anchors[f"article{i}"] + 1 for i in range(len(copy.articles))]
        if found == numbers:
            break
        numbers = found
        made, pages, blanks = make_up(numbers)
    check_pages(len(pages), copy.articles)
    pages[0] = head + pages[0]
    out = []
    for index, items in enumerate(pages):
        number = index + 1
        # A blank page (padding, or left before the colophon) has no number.
        numbering = theme.folio_position != "none" and index not in blanks and bool(items)
        if numbering and (number > 1 or theme.folio_first_page):
            items = (*items, folio(setter, number))
        out.append(Page(number, items))
    return Layout(tuple(out), copy.title, copy.author, tuple(warnings))


def _finish(setter: Setter, copy: Copy, made: MadeUp) -> tuple[list[PageItems], set[int]]:
    """The pages with the colophon and the padding: blank pages go before
    the page that carries the colophon, so that it is the last (封四); the
    indexes of the blank pages (they carry no page number)."""
    theme = setter.theme
    pad = theme.pad_pages
    if copy.colophon is None:
        pages = list(made.pages)
        blanks = -len(pages) % pad
        return pages + [()] * blanks, set(range(len(pages), len(pages) + blanks))
    pages = place_colophon(setter, copy.colophon, made.pages, made.used)
    if len(pages) % pad == 0:
        return pages, set()
    # The colophon on a page of its own, the blank pages before it.
    pages = place_colophon(setter, copy.colophon, made.pages, made.used, own_page=True)
    blanks = -len(pages) % pad
    first = len(pages) - 1
    return pages[:-1] + [()] * blanks + pages[-1:], set(range(first, first + blanks))


def paginate(theme: Theme, flow: Sequence[Row], first_row: int) -> MadeUp:
    """The rows placed on pages from grid row ``first_row`` of page 1 (see
    the module docstring)."""
    return _Paginator(theme, first_row).run(flow)


class _Paginator:
    def __init__(self, theme: Theme, first_row: int) -> None:
        self.theme = theme
        self.pitch = theme.line_pitch
        self.limit = theme.block_height
        self.pages: list[PageItems] = []
        self.page: list[Item] = []
        self.y = first_row * self.pitch  # pt below the block top
        self.last: tuple[Row, float] | None = None  # the last row set on this page, its top
        self.deferred: list[list[Row]] = []  # floated figures waiting for a page
        self.anchors: dict[str, int] = {}

    def run(self, flow: Sequence[Row]) -> MadeUp:
        for unit in _units(flow):
            self.add(unit)
        while self.deferred:
            self.new_page()
        self.pages.append(tuple(self.page))
        return MadeUp(self.pages, self._snap(self.y), self.anchors)

    def add(self, unit: list[Row]) -> None:
        """Set ``unit`` (rows that stay together) where it goes."""
        while True:
            if unit[0].break_before and self.y > _EPS:
                self.new_page()
                continue
            # A floated figure is overtaken only by the text of its article.
            if self.deferred and (unit[0].floats or unit[0].article != self.deferred[0][0].article):
                self.new_page()
                continue
            if self._end(unit) <= self.limit + _EPS:
                self._place(unit)
                return
            if unit[0].floats and self.y > _EPS:
                self.deferred.append(unit)
                return
            if self._end_from(unit, 0.0) > self.limit + _EPS:  # taller than a page: row by row
                for row in unit:
                    if self._end([row]) > self.limit + _EPS and self.y > _EPS:
                        self.new_page()
                    self._place([row])
                return
            self.new_page()

    def new_page(self) -> None:
        """Close this page and open the next, the floated figures first."""
        if self.last is not None:
            row, top = self.last
            self.page += [shifted(i, self.theme.block_top + top) for i in row.at_break]
        self.pages.append(tuple(self.page))
        self.page, self.y, self.last = [], 0.0, None
        waiting, self.deferred = self.deferred, []
        for k, unit in enumerate(waiting):
            if self._end(unit) > self.limit + _EPS and self.y > _EPS:
                self.deferred = waiting[k:]
                return
            self._place(unit)

    def _snap(self, y: float) -> float:
        return math.ceil(y / self.pitch - _EPS) * self.pitch

    def _end(self, unit: list[Row]) -> float:
        """Where ``unit`` would end if set from here."""
        y = self.y
        if self._repeats(unit[0]):
            y = self._end_from(list(unit[0].repeat), y)
        return self._end_from(unit, y)

    def _repeats(self, row: Row) -> bool:
        """Whether ``row`` opens its table's part on this page, so its header
        is set again before it."""
        if not row.repeat:
            return False
        return self.last is None or self.last[0].table != row.table

    def _end_from(self, rows: list[Row], y: float) -> float:
        for row in rows:
            if row.height is None:
                y = self._snap(y)
                if row.blank and y <= _EPS:
                    continue
                y += self.pitch
            else:
                y += row.height
        return y

    def _place(self, unit: list[Row]) -> None:
        if self._repeats(unit[0]):
            # The table's header again, its texts told apart (``kind``).
            again = [
                replace(row, items=tuple(_again(i) for i in row.items)) for row in unit[0].repeat
            ]
            self._place(again)
        for row in unit:
            if row.height is None:
                self.y = self._snap(self.y)
                if row.blank and self.y <= _EPS:
                    continue  # no blank row at the top of a page
            top = self.y
            self.page += [shifted(item, self.theme.block_top + top) for item in row.items]
            if row.anchor is not None:
                self.anchors[row.anchor] = len(self.pages)
            self.y += self.pitch if row.height is None else row.height
            self.last = (row, top)


def _again(item: Item) -> Item:
    """``item`` of a table header set again on a continuation page."""
    return replace(item, kind="table-again") if isinstance(item, TextItem) else item


def _units(flow: Sequence[Row]) -> list[list[Row]]:
    """The flow cut into units: rows chained by ``keep_next``."""
    units: list[list[Row]] = []
    current: list[Row] = []
    for row in flow:
        current.append(row)
        if not row.keep_next:
            units.append(current)
            current = []
    if current:
        units.append(current)
    return units


def folio(setter: Setter, number: int) -> TextItem:
    """Page number "— N —": dashes 7 mm below the block, inset one character
    on the outside edge (odd pages right, even pages left), or centred."""
    theme = setter.theme
    size = theme.folio_size
    face = setter.fonts.face(FOLIO_ROLE)
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
