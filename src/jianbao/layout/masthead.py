"""Masthead (报头): the top of page 1.

In: the copy's ``MastheadCopy`` and a ``Setter``.  Out: the masthead's items
at their places on page 1 and the first grid row free after it: the mark
on row 0, the red name centred above the 期号 row (a line too wide steps
down in size, then compresses, never wraps), 第 N 期 on its row, the issuer
and the date one cell in from the edges on the next, and the red rule 4 mm
below them — at a third of the page for a name of the usual height.
Everything below the name sits on the row grid.  docs/typesetting.md §4.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from ..errors import Diagnostic, IssueError
from ..i18n import _
from .content import MastheadCopy, Styled
from .frame import Item, RuleItem, TextItem, shifted
from .lines import Setter


def masthead(setter: Setter, m: MastheadCopy) -> tuple[tuple[Item, ...], int]:
    """Items of the 报头 (absolute positions) and the first free row after it."""
    theme = setter.theme
    items: list[Item] = []
    top_limit = theme.block_top
    if m.mark is not None:
        mark = setter.aligned_row(
            "left",
            m.mark.text.value,
            role=m.mark.role,
            size=theme.mark_size,
            kind="mark",
            source=m.mark.text,
        )
        items += [shifted(i, theme.row_top(0)) for i in mark.items]
        top_limit = theme.row_top(1)
    # The red name: its block ends a fixed gap above the 期号 row, which is
    # pushed down only when the name is too tall for the rows above it.
    fitted = [
        name_line(setter, line, size)
        for line, size in zip(m.name, _nominal(setter, m.name), strict=True)
    ]
    sizes = [size for size, _scale in fitted]
    gap = theme.name_line_gap
    height = sum(sizes) + gap * sum(sizes[1:])
    pitch = theme.line_pitch
    needed = (top_limit + height + theme.name_number_gap - theme.block_top) / pitch
    number_row = max(theme.number_row, math.ceil(needed - 1e-9))
    if number_row > theme.lines_per_page // 2:
        raise IssueError([_too_tall(m, number_row, theme.lines_per_page)])
    top = theme.row_top(number_row) - theme.name_number_gap - height
    for i, (line, (size, scale)) in enumerate(zip(m.name, fitted, strict=True)):
        if i:
            top += gap * size
        # The ink of the ideographs is centred on the line's em box.
        baseline = top + size / 2 + setter.fonts.face(line.role).centre * size
        row_items = setter.centred_row(
            line.text.value,
            role=line.role,
            size=size,
            kind="masthead",
            color=theme.red,
            room=setter.width(line.text.value, line.role, size) * scale,
        ).items
        items += [replace(it, y=baseline) for it in row_items if isinstance(it, TextItem)]
        top += size
    number = setter.centred_row(
        m.number.text.value, role=m.number.role, size=theme.body_size, kind="number", padding=True
    )
    items += [shifted(i, theme.row_top(number_row)) for i in number.items]
    row = number_row + 1
    inset = theme.issuer_inset * theme.cell
    date = setter.aligned_row(
        "right",
        m.date.text.value,
        role=m.date.role,
        size=theme.body_size,
        kind="date",
        x=theme.block_right - inset,
    )
    # A long issuer is compressed to leave a cell's gap before the date.
    date_width = theme.block_right - inset - min(i.x for i in date.items if isinstance(i, TextItem))
    issuer = setter.aligned_row(
        "left",
        m.issuer.text.value,
        role=m.issuer.role,
        size=theme.body_size,
        kind="issuer",
        x=theme.block_left + inset,
        room=theme.block_width - 2 * inset - date_width - theme.cell,
        source=m.issuer.text,
    )
    items += [shifted(i, theme.row_top(row)) for i in issuer.items + date.items]
    face = setter.fonts.face(m.issuer.role)
    baseline = theme.row_top(row) + setter.baseline(face, theme.body_size)
    rule_y = baseline + theme.masthead_rule_gap
    items += masthead_rules(setter, rule_y)
    rule_bottom = max(i.bottom for i in items if isinstance(i, RuleItem))
    row += 1
    while theme.row_top(row) < rule_bottom + pitch / 4:
        row += 1
    return tuple(items), row


def _too_tall(m: MastheadCopy, number_row: int, rows: int) -> Diagnostic:
    """The error for a bulletin name of so many lines that the masthead
    would take more than half the first page (a 简报's takes about a third)."""
    message = _(
        "the bulletin name has {count} lines: the masthead would need "
        "{needed} lines, more than half of the first page's {rows}"
    ).format(count=len(m.name), needed=number_row + 2, rows=rows)
    hint = _("a bulletin name takes one to three lines: name: [第一行, 第二行]")
    return Diagnostic(m.name[0].text.origin, message, hint)


def _nominal(setter: Setter, lines: Sequence[Styled]) -> tuple[float, ...]:
    """The size each name line is meant to have: one size for a name of one
    line, else one per line (the last repeats)."""
    theme = setter.theme
    if len(lines) == 1:
        return (theme.name_single_size,)
    sizes = theme.name_sizes
    return tuple(sizes[min(i, len(sizes) - 1)] for i in range(len(lines)))


def name_line(setter: Setter, line: Styled, nominal: float) -> tuple[float, float]:
    """(size, horizontal scale) of one name line: its nominal size if it
    fits the block, else the first of the step sizes (初号, 小初, 一号) that
    fits, else the smallest compressed to fit, down to ``name_min_scale``;
    ``IssueError`` at the line's place when even that is too wide."""
    theme = setter.theme
    room = theme.block_width
    per_pt = setter.width(line.text.value, line.role, 1.0)
    sizes = [nominal, *(s for s in theme.name_step_sizes if s < nominal)]
    for size in sizes:
        if per_pt * size <= room:
            return size, 1.0
    size = sizes[-1]
    scale = room / (per_pt * size) if per_pt else 1.0
    if scale >= theme.name_min_scale - 1e-9:
        return size, scale
    raise IssueError(
        [
            Diagnostic(
                line.text.origin,
                _(
                    "the bulletin name line '{line}' is too long for the masthead "
                    "even at {size:g} pt compressed to {scale:.0%}"
                ).format(line=line.text.value, size=size, scale=theme.name_min_scale),
                _("write the name as a list of lines: name: [第一行, 第二行]"),
            )
        ]
    )


def masthead_rules(setter: Setter, y: float) -> list[Item]:
    """The red rule (or thick-over-thin rules) whose top lies at ``y``."""
    theme = setter.theme
    x0, x1 = theme.block_left, theme.block_right
    thick = theme.masthead_rule_width
    rules: list[Item] = [RuleItem(x0, x1, y + thick / 2, thick, theme.red, kind="masthead-rule")]
    if theme.masthead_rule_double:
        thin = theme.masthead_thin_width
        y_thin = y + thick + theme.masthead_double_gap + thin / 2
        rules.append(RuleItem(x0, x1, y_thin, thin, theme.red, kind="masthead-rule"))
    return rules
