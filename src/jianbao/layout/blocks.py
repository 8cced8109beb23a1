"""Blocks: the contents and the articles become rows of the flow.

In: the copy's ``ContentsCopy`` and ``ArticleCopy``s and a ``Setter``.  Out:
``Row``s in reading order, each marked when it must stay on the page of the
row after it (a title with the first lines of its body, a heading with the
line after it).  docs/typesetting.md §5 and §6.
"""

from __future__ import annotations

from dataclasses import replace

from .content import ArticleCopy, ContentsCopy, Styled
from .lines import Row, Setter


def contents_rows(setter: Setter, contents: ContentsCopy) -> list[Row]:
    """本期要目: the heading centred, then each title indented two cells."""
    theme = setter.theme
    heading = contents.heading
    rows = [
        setter.centred_row(
            heading.text.value, role=heading.role, size=theme.body_size, kind="contents"
        )
    ]
    for entry in contents.entries:
        lines = setter.break_runs(
            [(entry.text.value, entry.role)],
            size=theme.body_size,
            cell=theme.cell,
            cells=theme.chars_per_line - 2,
            indent=0,
        )
        for line in lines:
            rows.append(
                Row(
                    setter.line_items(
                        line,
                        role=entry.role,
                        size=theme.body_size,
                        cell=theme.cell,
                        x0=theme.block_left + 2 * theme.cell,
                        kind="contents",
                    )
                )
            )
    return rows


def article_rows(setter: Setter, article: ArticleCopy, *, first: bool) -> list[Row]:
    """One article: a blank row (but before the first), its note, its title
    and its body; the head kept with at least two lines of the body."""
    head = [] if first else [Row()]
    for para in article.note:
        head += setter.paragraph_rows(para.runs, role=para.role, kind=para.kind)
    head += title_rows(setter, article)
    body: list[Row] = []
    for para in article.body:
        rows = setter.paragraph_rows(para.runs, role=para.role, kind=para.kind)
        # A heading never ends a page: it keeps the next line with it.
        body += [replace(r, keep_next=True) for r in rows] if para.keep_next else rows
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
    block, wrapped into balanced lines only beyond that (write long titles
    as a list of lines to choose the break)."""
    theme = setter.theme
    size = theme.title_size
    text, role = line.text.value, line.role
    face = setter.fonts.face(role)
    if face.width(text, size) * theme.title_min_scale <= theme.block_width:
        # Fits, or fits once compressed a little (字符缩放): Chinese has no
        # word spaces, so a wrap could split a word; compressing cannot.
        return [setter.centred_row(text, role=role, size=size, kind="title")]
    cells = int(theme.block_width // size)
    lines = setter.break_runs([(text, role)], size=size, cell=size, cells=cells, indent=0)
    parts = len(lines)
    # Balance: the narrowest measure that still gives the same line count.
    for narrower in range(cells - 1, 0, -1):
        trial = setter.break_runs([(text, role)], size=size, cell=size, cells=narrower, indent=0)
        if len(trial) > parts:
            break
        lines = trial
    return [setter.centred_row(part.text, role=role, size=size, kind="title") for part in lines]
