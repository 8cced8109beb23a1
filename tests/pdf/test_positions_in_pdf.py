"""Where things land in the PDF, read back with pypdfium2: ink and rules
inside the text block, body glyphs on the grid's columns and rows, each
role in its face."""

from __future__ import annotations

import ctypes
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import BodyRow
from pdfread import Char, folio_split

from jianbao.layout.frame import RuleItem
from jianbao.pipeline import Rendered
from jianbao.theme import Theme

TOLERANCE = 0.5  # pt, for ink against the text block


# --- the grid ---------------------------------------------------------------
def row_chars(chars: list[list[Char]], row: BodyRow, theme: Theme) -> list[Char]:
    """The inked characters drawn on a body row's baseline."""
    y = theme.page_height - row.baseline
    return [c for c in chars[row.page - 1] if c.ink and abs(c.origin[1] - y) < 0.02]


def test_faces_by_role(chars: list[list[Char]]) -> None:
    page1 = [c for c in chars[0] if c.ink]
    text = "".join(c.text for c in page1)

    def font_at(s: str) -> str:
        return page1[text.index(s)].font

    assert "FandolSong-Bold" in font_at("聊城市创建全国文明城市")  # masthead
    assert "FandolFang" in font_at("第8期")
    assert "FandolHei" in font_at("本期要目")
    assert "FandolKai" in page1[text.index("本期要目") + 4].font  # contents
    assert "FandolSong-Bold" in font_at("荣红智到第二网格督导创城工作3")  # title
    last = [c for c in chars[-1] if c.ink]
    assert "FandolSong-Regular" in last[-1].font  # page number
    assert "FandolFang" in last[-5].font  # 共印 260 份


def test_no_ink_outside_text_block(chars: list[list[Char]], theme: Theme) -> None:
    height = theme.page_height
    left, right = theme.block_left - TOLERANCE, theme.block_right + TOLERANCE
    top, bottom = height - theme.block_top + TOLERANCE, height - theme.block_bottom - TOLERANCE
    for number, page in enumerate(chars, start=1):
        body, folio = folio_split(page, number)
        for c in body:
            x0, y0, x1, y1 = c.box
            where = (number, c.text, c.box)
            assert left <= x0 and x1 <= right, where
            assert bottom <= y0 and y1 <= top, where
        for c in folio:  # page numbers: below the block, inside the page width
            assert c.box[3] < height - theme.block_bottom
            assert theme.block_left <= c.box[0] and c.box[2] <= theme.block_right


def test_rules_drawn_inside_text_block(
    flagship_pdf: pdfium.PdfDocument, flagship: Rendered, theme: Theme
) -> None:
    height = theme.page_height
    for i, page in enumerate(flagship.layout.pages):
        wanted = sorted(
            (item for item in page.items if isinstance(item, RuleItem)), key=lambda r: r.y
        )
        drawn = []
        for obj in flagship_pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            width = ctypes.c_float()
            assert pdfium_c.FPDFPageObj_GetStrokeWidth(obj.raw, width)
            w = width.value
            # pdfium pads a stroked path's bounds by the full line width.
            x0, y0, x1, y1 = obj.get_bounds()
            drawn.append((x0 + w, x1 - w, height - (y0 + y1) / 2, w))
        drawn.sort(key=lambda d: d[2])
        assert len(drawn) == len(wanted), page.number
        for (x0, x1, y, w), rule in zip(drawn, wanted, strict=True):
            assert (x0, x1, y, w) == pytest.approx((rule.x0, rule.x1, rule.y, rule.width), abs=0.01)
            # Butt caps: the ink is x0..x1 and y ± w/2.
            assert theme.block_left - 0.01 <= x0 and x1 <= theme.block_right + 0.01
            assert theme.block_top - 0.01 <= y - w / 2
            assert y + w / 2 <= theme.block_bottom + 0.01


def test_colophon_last_rule_on_block_bottom_in_pdf(
    flagship_pdf: pdfium.PdfDocument, theme: Theme
) -> None:
    last = flagship_pdf[len(flagship_pdf) - 1]
    lowest = None
    for obj in last.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj.raw, width)
        _, b, _, t = obj.get_bounds()
        lower_edge = theme.page_height - ((b + t) / 2 - width.value / 2)
        lowest = lower_edge if lowest is None else max(lowest, lower_edge)
    assert lowest == pytest.approx(theme.block_bottom, abs=0.01)


def test_body_ideographs_on_columns_in_pdf(
    chars: list[list[Char]], flagship_rows: list[BodyRow], theme: Theme
) -> None:
    total = on = 0
    for row in flagship_rows:
        drawn = row_chars(chars, row, theme)
        assert "".join(c.text for c in drawn) == row.text, (row.page, row.text)
        kinds = [p.kind for p in row.line.pieces if p.kind != "space" for _ in p.text]
        for c, kind in zip(drawn, kinds, strict=True):
            if kind != "ideo" or not unicodedata.name(c.text, "").startswith("CJK UNIFIED"):
                continue
            x = c.origin[0]
            k = round((x - theme.block_left) / theme.cell)
            hit = abs(x - theme.column_x(k)) <= 0.05
            total += 1
            on += hit
            if row.on_grid:
                assert hit, (row.page, row.text, c.text, x)
    assert total > 2000
    assert on / total >= 0.7, f"{on} of {total}"


def test_body_baselines_on_rows_in_pdf(
    chars: list[list[Char]], flagship_rows: list[BodyRow], theme: Theme
) -> None:
    offsets = set()
    for row in flagship_rows:
        for c in row_chars(chars, row, theme):
            top = theme.page_height - c.origin[1]
            k = int((top - theme.block_top) // theme.line_pitch)
            offsets.add(round(top - theme.row_top(k), 2))
    assert len(offsets) == 1, offsets
