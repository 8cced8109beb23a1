"""Tables: a caption, a header row and rows of cells, ruled, as rows of the flow.

In: a ``TableCopy`` and a ``Setter``.  Out: ``Row``s — the caption's lines
(楷体 四号, centred, on grid rows, kept with the table), then one row per
table row, each as tall as its fullest cell: the first line a grid row
high, each further line ``table_pitch`` more, so that a table of one-line
rows sits exactly on the grid.  docs/typesetting.md §12.

- Cells in 四号, the header in 黑体 and centred; a column whose cells are
  all numbers is right-aligned; other cells are broken by the line
  breaker and set flush left, each cell's lines centred in its row's height.
- Columns as wide as given (relative ``widths``), else from their content:
  each at least its longest unbreakable item, the room left shared in
  proportion to how much more each would take on one line; the table
  always spans the text width.
- Rules: ``table_outer`` round the frame, ``table_inner`` between rows and
  columns.  Between pages the table splits between rows: the row ending a
  page closes the frame (``Row.at_break``) and the header is set again at
  the top of the next (``Row.repeat``).  A row taller than a page is cut
  between lines of its cells.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from ..records import dataclass
from ..roles import Role
from .content import Styled, TableCopy
from .figures import caption_lines
from .frame import Item, RuleItem, TextItem, VRuleItem, shifted
from .linebreak import Line
from .lines import Row, Setter

# A cell that is a number (with a sign, thousands separators, a decimal
# part, a percent sign or a short unit): right-aligned when its column is.
_NUMBER = re.compile(
    r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*"
    r"(?:%|‰|万|亿|元|万元|亿元|个|人|户|家|次|件|项|吨|亩|公里|千米|米|平方米)?$"
)
# A run no line may break inside: Latin letters, digits and what joins them.
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%‰+\-−/:]+")


@dataclass(frozen=True)
class _Cell:
    """One cell's lines (the text of each), role, and alignment."""

    lines: tuple[Line | str, ...]
    role: Role
    align: str  # "left" (broken lines), "right" or "centre" (one text per line)


def table_rows(setter: Setter, table: TableCopy) -> list[Row]:
    """The caption rows, the header row and the body rows of ``table``."""
    theme = setter.theme
    widths = column_widths(setter, table)
    lefts = [theme.block_left + sum(widths[:k]) for k in range(len(widths) + 1)]
    numeric = [_numeric([row[k] for row in table.rows]) for k in range(len(widths))]
    rows: list[Row] = []
    if table.caption is not None:
        caption = table.caption
        for line in caption_lines(setter, caption, theme.block_width):
            row = setter.centred_row(
                line, role=caption.role, size=theme.caption_size, kind="caption"
            )
            rows.append(replace(row, keep_next=True))
    header_cells = [
        _cell(setter, c, w, "centre") for c, w in zip(table.header, widths, strict=True)
    ]
    (header,) = _rows(setter, header_cells, lefts, top_rule=True, last=False, limit=None)
    tag = id(table)  # tells this table's rows from another's
    header = replace(header, keep_next=True, table=tag)
    rows.append(header)
    # A part of a row as tall as a page would leave the caption and header alone.
    limit = theme.block_height - (header.height or 0.0) - len(rows[:-1]) * theme.line_pitch
    count = len(table.rows)
    for r, cells in enumerate(table.rows):
        made = [
            _cell(setter, c, w, "right" if numeric[k] else "left")
            for k, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        parts = _rows(setter, made, lefts, top_rule=False, last=r == count - 1, limit=limit)
        # No page holds a single row of a table: the first two rows stay
        # with the header and the last two together (a table of three or
        # fewer rows is kept whole).  The parts of a row cut because it is
        # taller than a page are not held together.
        keep = (r == 0 or r == count - 2 or count <= 3) and r < count - 1
        for k, part in enumerate(parts):
            hold = keep and k == len(parts) - 1
            rows.append(replace(part, repeat=(header,), table=tag, keep_next=hold))
    return rows


def column_widths(setter: Setter, table: TableCopy) -> list[float]:
    """Each column's width in pt; together the text width."""
    theme = setter.theme
    total = theme.block_width
    columns = len(table.header)
    if table.widths is not None:
        share = sum(table.widths)
        return [total * w / share for w in table.widths]
    size = theme.table_size
    pad = 2 * theme.table_padding * size
    cells = [[table.header[k], *(row[k] for row in table.rows)] for k in range(columns)]
    most = [max(setter.width(c.text.value, c.role, size) for c in col) + pad for col in cells]
    least = [max(_unbreakable(setter, c, size) for c in col) + pad for col in cells]
    if sum(most) <= total:
        return [total * m / sum(most) for m in most]
    if sum(least) >= total:
        return [total * m / sum(least) for m in least]
    spare = total - sum(least)
    more = [m - n for m, n in zip(most, least, strict=True)]
    return [n + spare * d / sum(more) for n, d in zip(least, more, strict=True)]


def _unbreakable(setter: Setter, cell: Styled, size: float) -> float:
    """The widest item of ``cell`` no line may break inside: the whole of a
    number (with its unit: a number is never broken), a Latin word, or two
    characters (a cell is never narrower)."""
    if _NUMBER.match(cell.text.value):
        return setter.width(cell.text.value, cell.role, size)
    runs = _UNBREAKABLE.findall(cell.text.value)
    widest = max((setter.width(run, cell.role, size) for run in runs), default=0.0)
    return max(widest, 2 * size)


def _numeric(cells: Sequence[Styled]) -> bool:
    filled = [c.text.value for c in cells if c.text.value]
    return bool(filled) and all(_NUMBER.match(v) for v in filled)


def _cell(setter: Setter, cell: Styled, width: float, align: str) -> _Cell:
    theme = setter.theme
    size = theme.table_size
    room = width - 2 * theme.table_padding * size
    text = cell.text.value
    if not text:
        return _Cell((), cell.role, align)
    if align == "left":
        lines = setter.break_runs(
            [(text, cell.role)], size=size, cell=size, cells=max(1, int(room // size)), indent=0
        )
        return _Cell(tuple(lines), cell.role, align)
    if align == "right" or setter.width(text, cell.role, size) <= room:
        return _Cell((text,), cell.role, align)
    return _Cell(tuple(_centred_lines(setter, cell, room, size)), cell.role, align)


def _centred_lines(setter: Setter, text: Styled, room: float, size: float) -> list[str]:
    """``text`` broken by the line breaker into lines at most ``room`` wide."""
    lines = setter.break_runs(
        [(text.text.value, text.role)],
        size=size,
        cell=size,
        cells=max(1, int(room // size)),
        indent=0,
    )
    return [line.text for line in lines]


def _rows(
    setter: Setter,
    cells: Sequence[_Cell],
    lefts: Sequence[float],
    *,
    top_rule: bool,
    last: bool,
    limit: float | None,
) -> list[Row]:
    """One table row — cut into parts no taller than ``limit`` pt — with
    its rules."""
    theme = setter.theme
    count = max((len(c.lines) for c in cells), default=0) or 1
    fits = count
    if limit is not None:
        fits = max(1, 1 + math.floor((limit - theme.line_pitch) / theme.table_pitch + 1e-9))
    out: list[Row] = []
    for start in range(0, count, fits):
        part = min(fits, count - start)
        final = start + part >= count
        out.append(
            _row(setter, cells, lefts, start, part, top_rule=top_rule and start == 0,
                 bottom=(theme.table_outer if last else theme.table_inner) if final else 0.0)
        )  # fmt: skip
    return out


def _row(
    setter: Setter,
    cells: Sequence[_Cell],
    lefts: Sequence[float],
    start: int,
    count: int,
    *,
    top_rule: bool,
    bottom: float,
) -> Row:
    """Lines ``start`` to ``start + count`` of each cell, set in one row."""
    theme = setter.theme
    size = theme.table_size
    pad = theme.table_padding * size
    height = theme.line_pitch + (count - 1) * theme.table_pitch
    items: list[Item] = []
    for k, cell in enumerate(cells):
        lines = cell.lines[start : start + count]
        # A cell's lines are centred in the row's height.
        drop = (count - len(lines)) * theme.table_pitch / 2
        for j, line in enumerate(lines):
            dy = drop + j * theme.table_pitch
            placed = _line(setter, cell, line, lefts[k] + pad, lefts[k + 1] - pad)
            items += [shifted(item, dy) for item in placed]
    black = theme.black
    outer = theme.table_outer
    # The frame lies inside the text block: its side rules stand half their
    # width in from its edges, and the horizontal rules span it edge to edge,
    # which closes the corners.
    x0, x1 = lefts[0], lefts[-1]
    if top_rule:
        items.append(RuleItem(x0, x1, 0.0, outer, black, kind="table-rule"))
    if bottom:
        items.append(RuleItem(x0, x1, height, bottom, black, kind="table-rule"))
    for k, x in enumerate(lefts):
        if k in (0, len(lefts) - 1):
            inward = outer / 2 if k == 0 else -outer / 2
            items.append(VRuleItem(x + inward, 0.0, height, outer, black, kind="table-rule"))
        else:
            items.append(VRuleItem(x, 0.0, height, theme.table_inner, black, kind="table-rule"))
    # Where a page ends after this row, the frame is closed (unless it is already).
    closing = (
        () if bottom == outer else (RuleItem(x0, x1, height, outer, black, kind="table-rule"),)
    )
    return Row(tuple(items), height=height, at_break=closing)


def _line(setter: Setter, cell: _Cell, line: Line | str, left: float, right: float) -> list[Item]:
    """One line of a cell between ``left`` and ``right``; y relative to the row top."""
    theme = setter.theme
    size = theme.table_size
    role = cell.role
    if isinstance(line, Line):
        return list(setter.line_items(line, role=role, size=size, cell=size, x0=left, kind="table"))
    room = right - left
    if cell.align == "right":
        row = setter.aligned_row(
            "right", line, role=role, size=size, kind="table", x=right, room=room
        )
        return list(row.items)
    row = setter.centred_row(line, role=role, size=size, kind="table", room=room)
    shift = (left + right) / 2 - (theme.block_left + theme.block_width / 2)
    return [replace(i, x=i.x + shift) for i in row.items if isinstance(i, TextItem)]
