"""Blocks: the contents and the articles become rows of the flow.

In: the copy's ``ContentsCopy`` and ``ArticleCopy``s and a ``Setter``.  Out:
``Row``s in reading order, each marked when it must stay on the page of the
row after it (a title with the first lines of its body, a heading with the
line after it).  docs/typesetting.md §5 and §6.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Text
from ..roles import Role
from .content import ArticleCopy, ContentsCopy, Para, Styled
from .lines import Row, Setter
from .titles import title_lines


def contents_rows(setter: Setter, contents: ContentsCopy) -> list[Row]:
    """本期要目: the heading centred on whole cells, then each entry from
    the third column, a long one broken between words, its continuation
    hanging under its first character."""
    theme = setter.theme
    rows = _on_grid(
        setter,
        contents.heading,
        (theme.chars_per_line - len(contents.heading.text.value)) // 2,
        "contents",
    )
    room = (theme.chars_per_line - 2) * theme.cell
    for entry in contents.entries:
        role = entry.role

        def width(text: str, role: Role = role) -> float:
            return setter.grid_width(text, role, theme.body_size, theme.cell)

        parts = title_lines(
            entry.text,
            room,
            width,
            what="contents entry",
            fix="give the article a shorter entry for the contents: toc: 较短的要目条目",
        )
        for part in parts:
            rows += _on_grid(setter, Styled(Text(part), role), 2, "contents")
    return rows


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


def article_rows(setter: Setter, article: ArticleCopy, *, first: bool) -> list[Row]:
    """One article: a blank row (but before the first), its note, its title
    and its body; the head kept with at least two lines of the body."""
    head = [] if first else [Row()]
    for para in article.note:
        head += _paragraph(setter, para)
    if article.note:
        head.append(Row())  # a blank row between the note and the title
    head += title_rows(setter, article)
    body: list[Row] = []
    for para in article.body:
        body += _paragraph(setter, para)
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
            )
        )
    keep = len(head) + min(2, len(body)) - 1
    rows = head + body
    return [replace(r, keep_next=True) if i < keep else r for i, r in enumerate(rows)]


def _paragraph(setter: Setter, para: Para) -> list[Row]:
    """The rows of a paragraph or heading.  A heading keeps the line after it
    on its page; with widow control, a paragraph's first line stays with its
    second and its last line with the one before (孤行控制)."""
    rows = setter.paragraph_rows(para.runs, role=para.role, kind=para.kind)
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
                kicker.text.value, role=kicker.role, size=theme.kicker_size, kind="kicker"
            )
        )
    for line in article.title:
        rows.extend(title_line_rows(setter, line))
    if article.subtitle is not None:
        subtitle = article.subtitle
        rows.append(
            setter.centred_row(
                subtitle.text.value, role=subtitle.role, size=theme.body_size, kind="subtitle"
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
