"""Colophon (报尾): the distribution lines at the foot of the last page.

In: the copy's ``ColophonCopy``, a ``Setter``, and the pages made so far
with how far down the last one's text reaches.  Out: the pages with the
colophon placed — its 四号 lines at their own, tighter pitch, 共印 N 份 on
a line of its own or at the right end of the last line, its last rule on
the bottom edge of the text block of the last page, at least a blank row
below the text; or of a new page when they do not fit (or when it must land
on an even page, or is asked to stand alone) — or ``IssueError`` when it is
longer than a page.
docs/typesetting.md §9.
"""

from __future__ import annotations

from typing import Literal

from ..errors import Diagnostic, IssueError
from ..i18n import _
from .content import ColophonCopy
from .frame import Item, RuleItem, TextItem, shifted
from .lines import Row, Setter

Rule = Literal["thick", "thin"]
PageItems = tuple[Item, ...]


def colophon_rows(setter: Setter, colophon: ColophonCopy) -> list[tuple[Row, Rule | None]]:
    """Rows of the 报尾, each with the rule drawn under it (thick/thin/None)."""
    theme = setter.theme
    size = theme.colophon_size
    inset = size
    width = theme.block_width - 2 * inset
    cells = int(width // size)
    cell = width / cells
    groups: list[list[Row]] = []
    left = theme.block_left + inset
    for label, value in colophon.lines:
        # The label on the same cells as its value, which starts after it
        # (报： two cells, 本期增发： five): no gap between them to copy as a space.
        indent = max(2, len(label.text.value))
        (label_line,) = setter.break_runs(
            [(label.text.value, label.role)], size=size, cell=cell, cells=indent, indent=0
        )
        label_items = setter.line_items(
            label_line, role=label.role, size=size, cell=cell, x0=left, kind="colophon"
        )
        lines = setter.break_runs(
            [(value.text.value, value.role)], size=size, cell=cell, cells=cells - indent, indent=0
        )
        rows: list[Row] = []
        for i, line in enumerate(lines):
            items = setter.line_items(
                line,
                role=value.role,
                size=size,
                cell=cell,
                x0=left + indent * cell,
                kind="colophon",
            )
            rows.append(Row((label_items if i == 0 else ()) + items))
        groups.append(rows)
    if colophon.copies is not None:
        copies = colophon.copies
        row = setter.aligned_row(
            "right",
            copies.text.value,
            role=copies.role,
            size=size,
            kind="colophon",
            x=theme.block_right - inset,
            room=width,
            padding=True,
        )
        last = groups[-1][-1] if groups else None
        if (
            colophon.copies_position == "last_line"
            and last is not None
            and _room_for(last, row, size)
        ):
            groups[-1][-1] = Row(last.items + row.items)
        else:
            groups.append([row])
    out: list[tuple[Row, Rule | None]] = []
    for g, rows in enumerate(groups):
        for i, row in enumerate(rows):
            rule: Rule | None = None
            if i == len(rows) - 1:
                rule = "thick" if g == len(groups) - 1 else "thin"
            out.append((row, rule))
    return out


def _room_for(line: Row, copies: Row, size: float) -> bool:
    """Whether ``copies`` fits at the right end of ``line``, two characters clear."""
    ends = [i.x + i.advance() for i in line.items if isinstance(i, TextItem)]
    starts = [i.x for i in copies.items if isinstance(i, TextItem)]
    return bool(ends and starts) and max(ends) + 2 * size <= min(starts)


def place_colophon(
    setter: Setter,
    colophon: ColophonCopy,
    pages: list[PageItems],
    used: float,
    *,
    own_page: bool = False,
) -> list[PageItems]:
    """``pages`` with the colophon's rows at the foot of the last page, or of
    a new page when they do not fit under the text, which reaches ``used``
    pt below the block top (or when ``own_page``)."""
    theme = setter.theme
    rows = colophon_rows(setter, colophon)
    pitch = theme.colophon_pitch
    height = len(rows) * pitch
    if height > theme.block_height - theme.line_pitch:
        raise IssueError(
            [
                Diagnostic(
                    colophon.first,
                    _("the colophon needs {count} lines but a page holds {room}").format(
                        count=len(rows), room=int((theme.block_height - theme.line_pitch) // pitch)
                    ),
                    _("shorten the 报/送/发 lists, e.g. name groups of offices"),
                )
            ]
        )
    pages = list(pages)
    top = theme.block_bottom - height
    # At least one blank row between the last line of text and the first rule.
    if own_page or theme.block_top + used + theme.line_pitch > top + 1e-6:
        pages.append(())
    if theme.colophon_even_page and len(pages) % 2:
        pages.append(())
    x0, x1 = theme.block_left, theme.block_right
    thick, thin = theme.colophon_thick, theme.colophon_thin
    items: list[Item] = [
        RuleItem(x0, x1, top + thick / 2, thick, theme.black, kind="colophon-rule")
    ]
    # Rows were set for the body's pitch: their baselines move to the middle
    # of the colophon's tighter rows.
    recentre = (pitch - theme.line_pitch) / 2
    for k, (row, rule) in enumerate(rows):
        row_top = top + k * pitch
        items += [shifted(i, row_top + recentre) for i in row.items]
        if rule is None:
            continue
        width = thick if rule == "thick" else thin
        bottom = row_top + pitch
        # Rules lie inside the block: the last one's lower edge is its bottom edge.
        items.append(RuleItem(x0, x1, bottom - width / 2, width, theme.black, kind="colophon-rule"))
    pages[-1] = pages[-1] + tuple(items)
    return pages
