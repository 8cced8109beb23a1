"""The grid: 28 characters × 22 lines, body glyphs on the columns and rows,
paragraph indents, grid tracking, ink inside the text block."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import pytest
from conftest import BodyRow, body_rows, read
from layoutkit import IssueYaml, RenderYaml, para, row_of, texts

from jianbao.fonts.face import FontSet
from jianbao.layout.frame import TextItem
from jianbao.pipeline import Rendered
from jianbao.theme import MM, Theme


def origins(item: TextItem) -> Iterable[tuple[str, float]]:
    """Each character of a text item with its glyph origin x."""
    x = item.x
    for char in item.text:
        yield char, x
        x += item.face.advance(char) * item.size * item.hscale + item.char_space


def is_ideograph(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


def off_column(theme: Theme, x: float) -> float:
    """Distance in pt from ``x`` to the nearest grid column's left edge."""
    k = round((x - theme.block_left) / theme.cell)
    return abs(x - theme.column_x(k))


# --- the grid -----------------------------------------------------------------
def test_grid_pitch(theme: Theme) -> None:
    assert theme.page_width == pytest.approx(595.28, abs=0.01)
    assert theme.page_height == pytest.approx(841.89, abs=0.01)
    assert theme.block_width == pytest.approx(442.205, abs=1e-3)
    assert theme.block_height == pytest.approx(637.795, abs=1e-3)
    assert theme.cell == pytest.approx(15.793, abs=5e-4)
    assert theme.line_pitch == pytest.approx(28.99, abs=1e-3)
    assert theme.block_left == pytest.approx(28 * MM)
    assert theme.block_top == pytest.approx(37 * MM)
    assert theme.block_right == pytest.approx(184 * MM)
    assert theme.block_bottom == pytest.approx(262 * MM)


def test_flagship_page_count(flagship: Rendered) -> None:
    assert flagship.pages == 7
    assert len(flagship.layout.pages) == 7
    assert [p.number for p in flagship.layout.pages] == list(range(1, 8))
    assert flagship.warnings == ()


def test_first_body_line_starts_after_two_cell_indent(
    flagship_rows: list[BodyRow], theme: Theme
) -> None:
    # The flagship's first line is "3月9日，…": the digit keeps its natural
    # width and starts exactly at the indent; the line is spread by what the
    # two digits leave of their cells.
    first = flagship_rows[0]
    assert first.text.startswith("3月9日，")
    digit = first.items[0]
    assert digit.text == "3"
    assert digit.x == pytest.approx(theme.column_x(2), abs=1e-6)
    assert theme.column_x(2) == pytest.approx(theme.block_left + 2 * theme.cell)
    assert first.line.spread and first.line.gap < 1.5
    # Continuation lines start flush left on the text block.
    for row in flagship_rows:
        if row.line.indent == 0:
            assert row.items[0].x == pytest.approx(theme.block_left, abs=0.01), row.text


def test_paragraph_of_ideographs_starts_at_indent(
    issue_yaml: IssueYaml, render_yaml: RenderYaml, theme: Theme
) -> None:
    result = render_yaml(issue_yaml([("标题", ["今天" + para(2)[2:]])]))
    body = texts(result.layout.pages[0], "body")
    assert body[0].text.startswith("今天")
    assert body[0].x == pytest.approx(theme.block_left + 2 * theme.cell, abs=0.05)
    assert body[0].x == pytest.approx(110.956, abs=0.01)
    assert body[1].x == pytest.approx(79.370, abs=0.01)


def test_body_rows_on_grid(flagship: Rendered, theme: Theme) -> None:
    offsets = set()
    for page in flagship.layout.pages:
        seen: dict[int, float] = {}
        for item in texts(page, "body"):
            k = row_of(theme, item)
            assert 0 <= k < theme.lines_per_page, (page.number, item.text)
            # One line per row: every item of a row shares the baseline.
            assert seen.setdefault(k, item.y) == item.y
            offsets.add(round(item.y - theme.row_top(k), 6))
    assert len(offsets) == 1, offsets
    (offset,) = offsets
    assert 0 < offset < theme.line_pitch


def test_body_rows_pair_with_broken_lines(flagship_rows: list[BodyRow]) -> None:
    # The pairing itself is asserted inside ``body_rows``; the line breaker
    # keeps most lines on the grid (docs/typesetting.md §7).
    assert len(flagship_rows) > 100
    on_grid = sum(r.on_grid for r in flagship_rows)
    assert on_grid / len(flagship_rows) >= 0.6


def test_body_ideographs_on_columns(flagship_rows: list[BodyRow], theme: Theme) -> None:
    total = on = 0
    for row in flagship_rows:
        for item in row.items:
            for char, x in origins(item):
                if not is_ideograph(char):
                    continue
                total += 1
                hit = off_column(theme, x) <= 0.05
                on += hit
                if row.on_grid:
                    assert hit, (row.page, row.text, char, x)
    assert total > 2000
    assert on / total >= 0.7, f"{on} of {total} ideographs on a column"


def test_ideograph_runs_use_grid_tracking(flagship_rows: list[BodyRow], theme: Theme) -> None:
    # 16 pt glyphs at a 15.793 pt pitch: Tc = −0.207 on unspread runs.
    for row in flagship_rows:
        if not row.on_grid:
            continue
        for item in row.items:
            if len(item.text) > 1 and all(is_ideograph(c) for c in item.text):
                assert item.size == theme.body_size
                assert item.char_space == pytest.approx(theme.cell - theme.body_size, abs=1e-6)


def test_glyph_ink_inside_text_block(flagship: Rendered, theme: Theme) -> None:
    # Ink from the fonts' glyph boxes (a squeezed comma's em box may overhang
    # the block's right edge; its ink may not).
    for page in flagship.layout.pages:
        for item in texts(page):
            if item.kind == "folio":
                continue
            for char, x in origins(item):
                ink = item.face.ink(char)
                if ink is None or char.isspace():
                    continue
                width = item.size * item.hscale
                left, right = x + ink[0] * width, x + ink[2] * width
                top, bottom = item.y - ink[3] * item.size, item.y - ink[1] * item.size
                where = (page.number, item.kind, char)
                assert left >= theme.block_left - 0.5, where
                assert right <= theme.block_right + 0.5, where
                assert top >= theme.block_top - 0.5, where
                assert bottom <= theme.block_bottom + 0.5, where


def test_body_rows_helper_pairs_small_issue(
    issue_yaml: IssueYaml,
    render_yaml: RenderYaml,
    theme: Theme,
    fonts: FontSet,
) -> None:
    yaml = issue_yaml([("标题", ["第一段。", para(2)])])
    rows = body_rows(read(yaml), render_yaml(yaml).layout, theme, fonts)
    assert [r.text for r in rows] == ["第一段。", para(2)[:26], para(2)[26:]]
