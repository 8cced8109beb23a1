"""Pages: the copy made up into pages (拼版).

In: the issue's ``Copy``, the ``Theme`` and the ``FontSet``.  Out: the
``Layout`` — the masthead at the top of page 1, the flow (contents,
articles) row by row on the 22-row grid, keeping groups together and no
blank row at a page top, the colophon at the foot of the last page, blank
pages to pad the count, and the page numbers.  docs/typesetting.md §9.
"""

from __future__ import annotations

from ..fonts.face import FontSet
from ..theme import Theme
from .blocks import article_rows, contents_rows
from .colophon import PageItems, place_colophon
from .content import FOLIO_ROLE, Copy, folio_text
from .frame import Item, Layout, Page, TextItem, shifted
from .lines import Row, Setter
from .masthead import masthead


def typeset(copy: Copy, theme: Theme, fonts: FontSet) -> Layout:
    """Place the whole issue on pages."""
    setter = Setter(theme, fonts)
    head, first_row = masthead(setter, copy.masthead)
    flow: list[Row] = []
    if copy.contents is not None:
        flow += contents_rows(setter, copy.contents)
        flow.append(Row())
    for i, article in enumerate(copy.articles):
        flow += article_rows(setter, article, first=(i == 0))
    pages, last_row = paginate(theme, flow, first_row)
    pages[0] = head + pages[0]
    if copy.colophon is not None:
        pages = place_colophon(setter, copy.colophon, pages, last_row)
    numbered = len(pages)
    pages += [()] * (-len(pages) % theme.pad_pages)  # blank padding pages carry no number
    out = []
    for index, items in enumerate(pages):
        number = index + 1
        numbering = theme.folio_position != "none" and number <= numbered
        if numbering and (number > 1 or theme.folio_first_page):
            items = (*items, folio(setter, number))
        out.append(Page(number, items))
    return Layout(tuple(out), copy.title, copy.author)


def paginate(theme: Theme, flow: list[Row], first_row: int) -> tuple[list[PageItems], int]:
    """The rows placed on pages (keeping groups together, no blank row at a
    page top) starting at ``first_row`` of page 1, and the first free row of
    the last page."""
    per_page = theme.lines_per_page
    pages: list[PageItems] = []
    page: list[Item] = []
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
        if (row + group > per_page and row > 0 and group <= per_page) or row >= per_page:
            pages.append(tuple(page))
            page, row = [], 0
            continue
        top = theme.row_top(row)
        page += [shifted(item, top) for item in current.items]
        row += 1
        i += 1
    pages.append(tuple(page))
    return pages, row


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
