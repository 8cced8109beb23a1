"""Blocks: the contents, the notes and the articles become rows of the flow.

In: the copy's ``ContentsCopy``, the issue's note and ``ArticleCopy``s and
a ``Setter``.  Out: ``Row``s in reading order, each marked when it must
stay on the page of the row after it (a title with the first lines of its
body, a heading with the line after it), when it starts a page (after a
page break) and with the article it belongs to; an article's first row is
anchored, for the contents' page numbers.  Figures and tables are made by
``figures`` and ``tables``.  docs/typesetting.md §5, §6, §11 and §12.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..errors import Diagnostic
from ..i18n import N_
from ..model import Text
from ..roles import Role
from .content import (
    ArticleCopy,
    ContentsCopy,
    FigureCopy,
    PageBreakCopy,
    Para,
    Styled,
    TableCopy,
)
from .figures import figure_row
from .frame import RuleItem, TextItem
from .lines import Row, Setter
from .tables import table_rows
from .titles import title_lines


def contents_rows(
    setter: Setter, contents: ContentsCopy, pages: Sequence[int] | None = None
) -> list[Row]:
    """本期要目: the heading centred on whole cells, then each entry from
    the third column, a long one broken between words, its continuation
    hanging under its first character; with ``pages`` (one per entry), a
    dotted leader after the entry's last line and its page number flush
    right."""
    theme = setter.theme
    rows = _on_grid(
        setter,
        contents.heading,
        (theme.chars_per_line - len(contents.heading.text.value)) // 2,
        "contents",
    )
    free = theme.contents_number_cells if pages is not None else 0
    room = (theme.chars_per_line - 2 - free) * theme.cell
    for k, entry in enumerate(contents.entries):
        role = entry.role

        def width(text: str, role: Role = role) -> float:
            return setter.grid_width(text, role, theme.body_size, theme.cell)

        parts = title_lines(
            entry.text,
            room,
            width,
            too_long=N_(
                "the contents entry '{value}' is too long for one line and has no break "
                "between words that fits"
            ),
            fix=N_("give the article a shorter entry for the contents: toc: 较短的要目条目"),
        )
        for part in parts:
            rows += _on_grid(setter, Styled(Text(part), role), 2, "contents")
        if pages is not None:
            rows[-1] = _with_page(setter, rows[-1], role, pages[k])
    return rows


def _with_page(setter: Setter, row: Row, role: Role, page: int) -> Row:
    """An entry's last row with a dotted leader to its page number."""
    theme = setter.theme
    size = theme.body_size
    number = setter.aligned_row("right", str(page), role=role, size=size, kind="contents-page")
    text = [i for i in row.items if isinstance(i, TextItem)]
    end = max((i.x + i.advance() for i in text), default=theme.block_left)
    digits = [i for i in number.items if isinstance(i, TextItem)]
    start = min((i.x for i in digits), default=theme.block_right)
    # The dots stand on the baseline, half a cell clear of the text on either side.
    baseline = setter.baseline(setter.fonts.face(role), size)
    x0, x1 = end + theme.cell / 2, start - theme.cell / 2
    leader = RuleItem(
        x0, x1, baseline - theme.leader_width / 2, theme.leader_width, theme.black,
        kind="leader", dots=theme.leader_pitch,
    )  # fmt: skip
    return replace(row, items=(*row.items, leader, *number.items))


def _on_grid(setter: Setter, text: Styled, column: int, kind: str) -> list[Row]:
    """``text`` from grid column ``column``, its ideographs on the columns:
    one row when the caller has cut it to fit, more if it still does not."""
    theme = setter.theme
    cells = theme.chars_per_line - max(column, 0)
    lines = setter.break_runs(
        [(text.text.value, text.role)], size=theme.body_size, cell=theme.cell, cells=cells, indent=0
    )
    return [
        Row(
            setter.line_items(
                line,
                role=text.role,
                size=theme.body_size,
                cell=theme.cell,
                x0=theme.column_x(max(column, 0)),
                kind=kind,
            )
        )
        for line in lines
    ]


def note_rows(setter: Setter, note: Sequence[Para]) -> list[Row]:
    """The issue's 编者按 (after the contents), a blank row after it."""
    rows: list[Row] = []
    for para in note:
        rows += _paragraph(setter, para)
    return [*rows, Row()] if rows else []


def article_rows(
    setter: Setter,
    article: ArticleCopy,
    *,
    index: int,
    warnings: list[Diagnostic],
) -> list[Row]:
    """Article ``index`` (from 0): a blank row (but before the first), its
    note, its title and its body; the head kept with at least two lines of
    the body.  A figure's warnings go to ``warnings``."""
    head = [] if index == 0 else [Row()]
    for para in article.note:
        head += _paragraph(setter, para)
    if article.note:
        head.append(Row())  # a blank row between the note and the title
    title = title_rows(setter, article)
    title[0] = replace(title[0], anchor=f"article{index}")
    head += title
    body = _body_rows(setter, article.body, warnings)
    if article.source is not None:
        # The source line stays with the article's last line.
        if body:
            body[-1] = replace(body[-1], keep_next=True)
        source = article.source
        body.append(
            setter.aligned_row(
                "right",
                source.text.value,
                role=source.role,
                size=setter.theme.body_size,
                kind="source",
                source=source.text,
            )
        )
    keep = len(head) + min(2, len(body)) - 1
    rows = head + body
    return [
        replace(r, keep_next=r.keep_next or i < keep, article=index) for i, r in enumerate(rows)
    ]


def _body_rows(
    setter: Setter,
    blocks: Sequence[Para | FigureCopy | TableCopy | PageBreakCopy],
    warnings: list[Diagnostic],
) -> list[Row]:
    rows: list[Row] = []
    start_page = False
    for block in blocks:
        if isinstance(block, PageBreakCopy):
            start_page = True
            continue
        if isinstance(block, FigureCopy):
            row, found = figure_row(setter, block)
            warnings += found
            made = [row]
        elif isinstance(block, TableCopy):
            made = table_rows(setter, block)
        else:
            made = _paragraph(setter, block)
        if start_page and made:
            made[0] = replace(made[0], break_before=True)
            start_page = False
        rows += made
    return rows


def _paragraph(setter: Setter, para: Para) -> list[Row]:
    """The rows of a paragraph or heading.  A heading keeps the line after it
    on its page; with widow control, a paragraph's first line stays with its
    second and its last line with the one before (孤行控制)."""
    rows = setter.paragraph_rows(para.runs, role=para.role, inset=para.inset, kind=para.kind)
    if para.keep_next:
        return [replace(r, keep_next=True) for r in rows]
    if setter.theme.widow_control and len(rows) >= 2:
        keep = {0, len(rows) - 2}
        return [replace(r, keep_next=True) if i in keep else r for i, r in enumerate(rows)]
    return rows


def title_rows(setter: Setter, article: ArticleCopy) -> list[Row]:
    """引题, the title lines and 副题, each centred on its own row."""
    theme = setter.theme
    rows: list[Row] = []
    if article.kicker is not None:
        kicker = article.kicker
        rows.append(
            setter.centred_row(
                kicker.text.value,
                role=kicker.role,
                size=theme.kicker_size,
                kind="kicker",
                source=kicker.text,
            )
        )
    for line in article.title:
        rows.extend(title_line_rows(setter, line))
    if article.subtitle is not None:
        subtitle = article.subtitle
        rows.append(
            setter.centred_row(
                subtitle.text.value,
                role=subtitle.role,
                size=theme.body_size,
                kind="subtitle",
                source=subtitle.text,
            )
        )
    return rows


def title_line_rows(setter: Setter, line: Styled) -> list[Row]:
    """A title line: compressed up to ``title_min_scale`` when wider than the
    block, broken between words into balanced lines only beyond that
    (``titles``; write long titles as a list of lines to choose the break)."""
    theme = setter.theme
    size = theme.title_size
    room = theme.block_width / theme.title_min_scale
    parts = title_lines(line.text, room, lambda text: setter.width(text, line.role, size))
    return [setter.centred_row(part, role=line.role, size=size, kind="title") for part in parts]
