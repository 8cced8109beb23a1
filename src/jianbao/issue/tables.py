"""Tables: a header row and rows of cells, checked the same way however written.

In: the header cells, each row's cells with where the row is written, an
optional caption (表1 …) and relative column widths — from a Markdown pipe
table in a body (``markup``) or from a ``table:`` block (``blocks``).
Out: a ``model.Table`` whose rows all have the header's number of cells (a
short row is padded with empty cells), or None after adding each problem
to the list given: an empty header, a row with more cells than the header,
a table without rows, widths that do not match the columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Diagnostic, Location
from ..i18n import _
from ..model import Table, Text


def make_table(
    header: Sequence[Text],
    rows: Sequence[tuple[Sequence[Text], Location | None]],
    problems: list[Diagnostic],
    *,
    origin: Location | None,
    caption: Text | None = None,
    widths: tuple[float, ...] | None = None,
    widths_at: Location | None = None,
) -> Table | None:
    """The table of ``header`` and ``rows`` (each with where it is written)."""
    ok = True
    if not any(cell.value for cell in header):
        problems.append(
            Diagnostic(
                origin, _("a table's header row is empty"), _("name each column in the header")
            )
        )
        return None
    if not rows:
        problems.append(
            Diagnostic(
                origin,
                _("a table needs at least one row under its header"),
                _("add the rows, or write the header as a paragraph"),
            )
        )
        return None
    columns = len(header)
    out: list[tuple[Text, ...]] = []
    for number, (cells, where) in enumerate(rows, start=1):
        if len(cells) > columns:
            problems.append(
                Diagnostic(
                    where,
                    _("table row {number} has {cells} cells, the header has {columns}").format(
                        number=number, cells=len(cells), columns=columns
                    ),
                    _("add a header cell, or remove the extra cell"),
                )
            )
            ok = False
            continue
        padding = tuple(Text("", where) for _i in range(columns - len(cells)))
        out.append((*cells, *padding))
    if widths is not None and len(widths) != columns:
        problems.append(
            Diagnostic(
                widths_at or origin,
                _("the table has {columns} columns but widths gives {widths}").format(
                    columns=columns, widths=len(widths)
                ),
                _("give one width per column, e.g. widths: {widths}").format(
                    widths=list(range(columns, 0, -1))
                ),
            )
        )
        ok = False
    if not ok:
        return None
    return Table(tuple(header), tuple(out), caption, widths, origin)
