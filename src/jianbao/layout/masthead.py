"""Masthead (报头): the top of page 1.

In: the copy's ``MastheadCopy`` and a ``Setter``.  Out: the masthead's items
at their places on page 1 and the first grid row free after it: the mark,
the red name (shrunk, then compressed, never wrapped), 第 N 期, the issuer
flush left and the date flush right on one row, and the red rule 4 mm
below them.  docs/typesetting.md §4.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from .content import MastheadCopy, Styled
from .frame import Item, RuleItem, TextItem, shifted
from .lines import Setter


def masthead(setter: Setter, m: MastheadCopy) -> tuple[tuple[Item, ...], int]:
    """Items of the 报头 (absolute positions) and the first free row after it."""
    theme = setter.theme
    items: list[Item] = []
    row = 0
    pitch = theme.line_pitch
    if m.mark is not None:
        mark = setter.aligned_row(
            "left", m.mark.text.value, role=m.mark.role, size=theme.mark_size, kind="mark"
        )
        items += [shifted(i, theme.row_top(0)) for i in mark.items]
        row = 1
    # The red name, centred; its block is centred in whole rows.
    sizes = name_sizes(setter, m.name)
    gap = theme.name_line_gap
    height = sum(sizes) + gap * sum(sizes[1:])
    name_rows = max(1, math.ceil(height / pitch - 0.05))
    top = theme.row_top(row) + (name_rows * pitch - height) / 2
    for i, (line, size) in enumerate(zip(m.name, sizes, strict=True)):
        if i:
            top += gap * size
        # The ink of the ideographs is centred on the line's em box.
        baseline = top + size / 2 + setter.fonts.face(line.role).centre * size
        row_items = setter.centred_row(
            line.text.value, role=line.role, size=size, kind="masthead", color=theme.red
        ).items
        items += [replace(it, y=baseline) for it in row_items]
        top += size
    row += name_rows
    number = setter.centred_row(
        m.number.text.value, role=m.number.role, size=theme.body_size, kind="number"
    )
    items += [shifted(i, theme.row_top(row)) for i in number.items]
    row += 1
    date = setter.aligned_row(
        "right", m.date.text.value, role=m.date.role, size=theme.body_size, kind="date"
    )
    # A long issuer is compressed to leave a character's gap before the date.
    date_width = sum(i.advance() for i in date.items if isinstance(i, TextItem))
    issuer = setter.aligned_row(
        "left",
        m.issuer.text.value,
        role=m.issuer.role,
        size=theme.body_size,
        kind="issuer",
        room=theme.block_width - date_width - theme.cell,
    )
    items += [shifted(i, theme.row_top(row)) for i in issuer.items + date.items]
    face = setter.fonts.face(m.issuer.role)
    baseline = theme.row_top(row) + setter.baseline(face, theme.body_size)
    rule_y = baseline + theme.masthead_rule_gap
    items += masthead_rules(setter, rule_y)
    bottom = max(i.bottom for i in items if isinstance(i, RuleItem))
    row += 1
    while theme.row_top(row) < bottom + pitch / 4:
        row += 1
    return tuple(items), row


def name_sizes(setter: Setter, lines: Sequence[Styled]) -> tuple[float, ...]:
    """Size of each name line: nominal, or smaller for a line too long.

    A line wider than the block is first compressed horizontally (down to
    ``name_min_scale``), then set smaller (down to ``name_min_size``);
    below that ``centred_row`` compresses it as far as it must: a name
    never overflows and never wraps.
    """
    theme = setter.theme
    if len(lines) == 1:
        nominal: tuple[float, ...] = (theme.name_single_size,)
    else:
        nominal = tuple(
            theme.name_sizes[min(i, len(theme.name_sizes) - 1)] for i in range(len(lines))
        )
    sizes = []
    for line, size in zip(lines, nominal, strict=True):
        per_pt = setter.fonts.face(line.role).width(line.text.value, 1.0)
        if per_pt * size * theme.name_min_scale > theme.block_width:
            size = max(theme.name_min_size, theme.block_width / (per_pt * theme.name_min_scale))
        sizes.append(size)
    return tuple(sizes)


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
