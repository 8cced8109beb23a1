"""Figures, tables and the other body blocks, read from the Layout: images
sized and set on whole grid rows with their captions, floats, tables split
between pages with their header repeated, the contents' page numbers,
增刊/特刊 numbering, padding pages, page breaks and quotations.

Each image is made in ``tmp_path`` with Pillow and each issue is written as
YAML beside it (image paths are relative to the issue file), then rendered
through the whole pipeline with the session's fonts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml
from layoutkit import para, row_of, rules, texts
from PIL import Image

from jianbao.fonts.face import FontSet
from jianbao.layout.frame import ImageItem, Layout, Page, TextItem, VRuleItem
from jianbao.pipeline import Rendered, Session, render
from jianbao.theme import MM, Theme

MASTHEAD = {
    "name": "测试工作简报",
    "number": 3,
    "issuer": "测试市工作办公室",
    "date": dt.date(2021, 3, 10),
}
HEADER = ["乡镇", "问题类型", "数量（个）"]
# A cell too long for any page: 47 lines of 22 characters in its column.
HUGE = "城乡环境综合整治行动取得阶段性成效" * 60


# --- making issues ----------------------------------------------------------------
def photo(folder: Path, name: str = "photo.png", size: tuple[int, int] = (1200, 800)) -> str:
    """A PNG of ``size`` pixels in ``folder``; its name, as an issue writes it."""
    Image.new("RGB", size, (200, 120, 40)).save(folder / name)
    return name


def article(body: list[Any], title: str = "标题") -> dict[str, Any]:
    return {"title": title, "body": body}


def rendered(
    folder: Path,
    session: Session,
    articles: list[dict[str, Any]],
    *,
    masthead: dict[str, Any] | None = None,
    **keys: Any,
) -> Rendered:
    """The issue of ``articles`` (and top-level ``keys``), written as
    ``folder/issue.yaml`` and rendered."""
    doc = {"masthead": masthead or MASTHEAD, **keys, "articles": articles}
    path = folder / "issue.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return render(path, session=session)


def laid_out(folder: Path, session: Session, articles: list[dict[str, Any]], **keys: Any) -> Layout:
    return rendered(folder, session, articles, **keys).layout


# --- reading pages ----------------------------------------------------------------
def images(page: Page) -> list[ImageItem]:
    return [i for i in page.items if isinstance(i, ImageItem)]


def vrules(page: Page) -> list[VRuleItem]:
    return [i for i in page.items if isinstance(i, VRuleItem)]


def only_image(layout: Layout) -> ImageItem:
    (image,) = [i for page in layout.pages for i in images(page)]
    return image


def centre(item: TextItem | ImageItem) -> float:
    width = item.width if isinstance(item, ImageItem) else item.advance()
    return item.x + width / 2


def body_rows(theme: Theme, page: Page) -> list[int]:
    return sorted({row_of(theme, i) for i in texts(page, "body")})


def line_top(theme: Theme, item: TextItem) -> float:
    """The top of the row ``item``'s baseline sits in: baseline − pitch / 2 −
    centre(F) × size (docs/typesetting.md §2)."""
    return item.y - theme.line_pitch / 2 - item.face.centre * item.size


def row_heights(theme: Theme, page: Page) -> list[float]:
    """The heights of the table rows on ``page``, top down (its left edge
    rules, which stand half their width inside the text block)."""
    edge = theme.block_left + theme.table_outer / 2
    left = sorted((v for v in vrules(page) if v.x == pytest.approx(edge)), key=lambda v: v.y0)
    return [v.y1 - v.y0 for v in left]


# --- 1. images in the text block --------------------------------------------------
@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (None, 156 * MM),  # the text width
        (10, 10 * 442.205 / 28),  # ten cells
        ("80mm", 80 * MM),
        (40, 156 * MM),  # more cells than a line: the block
        ("300mm", 156 * MM),
    ],
)
def test_image_width_kept_in_block(
    tmp_path: Path, session: Session, theme: Theme, width: int | str | None, expected: float
) -> None:
    block: dict[str, Any] = {"image": photo(tmp_path)}
    if width is not None:
        block["width"] = width
    image = only_image(laid_out(tmp_path, session, [article(["前文。", block, "后文。"])]))
    assert image.width == pytest.approx(expected, abs=0.01)
    assert image.height == pytest.approx(image.width * 800 / 1200)
    assert image.x == pytest.approx(theme.block_left + (theme.block_width - image.width) / 2)
    assert theme.block_left - 1e-6 <= image.x
    assert image.x + image.width <= theme.block_right + 1e-6
    assert theme.block_top <= image.y
    assert image.y + image.height <= theme.block_bottom


def test_tall_portrait_image_capped_at_max_rows(
    tmp_path: Path, session: Session, theme: Theme
) -> None:
    tall = photo(tmp_path, "tall.png", (400, 1600))
    image = only_image(laid_out(tmp_path, session, [article(["前文。", {"image": tall}])]))
    assert image.height == pytest.approx(theme.figure_max_rows * theme.line_pitch)  # 347.888
    assert image.width == pytest.approx(image.height / 4)
    assert centre(image) == pytest.approx(theme.block_left + theme.block_width / 2)


# --- 2. a figure takes whole grid rows ---------------------------------------------
def test_text_after_figure_back_on_grid(tmp_path: Path, session: Session, theme: Theme) -> None:
    figure = {"image": photo(tmp_path), "caption": "现场图片"}
    (page,) = laid_out(tmp_path, session, [article(["前文。", figure, "后文。"])]).pages
    before, after = texts(page, "body")
    assert line_top(theme, before) == pytest.approx(theme.row_top(8))
    # Image 294.803 + gap 4 + caption 23.193 + 2 × 4 margin = 329.996 pt:
    # 12 rows from row 9, so the next line is on row 21.
    assert line_top(theme, after) == pytest.approx(theme.row_top(21))
    assert after.y - before.y == pytest.approx(13 * theme.line_pitch)


# --- 3. captions ---------------------------------------------------------------------
def test_caption_centred_below_its_image_in_kai(
    tmp_path: Path, session: Session, theme: Theme, fonts: FontSet
) -> None:
    figure = {"image": photo(tmp_path), "caption": "整治后的城区主干道", "width": 16}
    (page,) = laid_out(tmp_path, session, [article(["前文。", figure])]).pages
    (image,) = images(page)
    (caption,) = texts(page, "caption")
    assert caption.face is fonts.face("kai")
    assert caption.size == theme.caption_size == 14
    # The caption line's em is centred in its own pitch, 4 pt under the image.
    assert caption.y == pytest.approx(
        image.y
        + image.height
        + theme.caption_gap
        + theme.caption_pitch / 2
        + caption.face.centre * caption.size  # FandolKai: 0.2875 em
    )
    assert centre(caption) == pytest.approx(centre(image)) == pytest.approx(300.472, abs=1e-3)


def test_captions_centred_under_images_side_by_side(
    tmp_path: Path, session: Session, theme: Theme, fonts: FontSet
) -> None:
    pair = {
        "images": [
            {"image": photo(tmp_path, "a.png"), "caption": "甲图", "width": 8},
            {"image": photo(tmp_path, "b.png", (800, 800)), "caption": "乙图片说明", "width": 8},
        ]
    }
    (page,) = laid_out(tmp_path, session, [article(["前文。", pair])]).pages
    left, right = sorted(images(page), key=lambda i: i.x)
    captions = sorted(texts(page, "caption"), key=lambda i: i.x)
    assert [c.text for c in captions] == ["甲图", "乙图片说明"]
    column = (theme.block_width - 2 * theme.cell) / 2  # two cells between the columns
    assert centre(left) == pytest.approx(theme.block_left + column / 2)
    assert centre(right) == pytest.approx(theme.block_right - column / 2)
    assert left.y + left.height == pytest.approx(right.y + right.height)  # on one line
    for image, caption in zip((left, right), captions, strict=True):
        assert centre(caption) == pytest.approx(centre(image))
        assert caption.y > image.y + image.height + caption.size / 2
        assert caption.face is fonts.face("kai")
        assert caption.size == theme.caption_size
    assert captions[0].y == captions[1].y


# --- 4. floats ------------------------------------------------------------------------
def test_figure_floats_to_next_page_and_text_fills_gap(
    tmp_path: Path, session: Session, theme: Theme
) -> None:
    body = [para(5), {"image": photo(tmp_path)}, para(12)]
    first, second = laid_out(tmp_path, session, [article(body)]).pages
    assert images(first) == []
    assert body_rows(theme, first) == list(range(8, 22))  # 5 lines, then 9 of the 12
    (image,) = images(second)
    assert theme.row_top(0) < image.y < theme.row_top(1)  # an 11-row figure at the top
    assert body_rows(theme, second) == [11, 12, 13]  # the paragraph's last 3 lines


def test_figures_here_leave_gap(tmp_path: Path, session: Session, theme: Theme) -> None:
    body = [para(5), {"image": photo(tmp_path)}, para(12)]
    first, second, *_ = laid_out(
        tmp_path, session, [article(body)], style={"figures": "here"}
    ).pages
    assert images(first) == []
    assert body_rows(theme, first) == list(range(8, 13))  # rows 13–21 left empty
    (image,) = images(second)
    assert theme.row_top(0) < image.y < theme.row_top(1)
    assert body_rows(theme, second)[0] == 11


def test_float_stays_before_next_article_title(
    tmp_path: Path, session: Session, theme: Theme
) -> None:
    articles = [
        article([para(5), {"image": photo(tmp_path)}, para(1)], "第一篇"),
        article([para(3)], "第二篇"),
    ]
    first, second = laid_out(tmp_path, session, articles, contents=False).pages
    assert [t.text for t in texts(first, "title")] == ["第一篇"]
    assert body_rows(theme, first) == list(range(8, 14))  # the first article's text only
    (image,) = images(second)
    (title,) = texts(second, "title")
    assert title.text == "第二篇"
    assert title.y > image.y + image.height


# --- 5. tables ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory, session: Session) -> Layout:
    """A 24-row table, widths 2 : 3 : 1, that runs from page 1 onto page 2."""
    rows: list[list[Any]] = [HEADER] + [[f"第{k}镇", "乱堆乱放", 10 + 7 * k] for k in range(1, 25)]
    table = {"table": rows, "caption": "表1 各乡镇问题明细", "widths": [2, 3, 1]}
    folder = tmp_path_factory.mktemp("ledger")
    return laid_out(folder, session, [article(["前文。", table, "后文。"])])


def test_table_header_repeated_on_next_page(ledger: Layout, theme: Theme) -> None:
    first, second = ledger.pages
    header = [t for t in texts(first, "table") if row_of(theme, t) == 10]  # caption on row 9
    again = texts(second, "table-again")
    assert [t.text for t in header] == [t.text for t in again] == HEADER
    assert [t.x for t in again] == [t.x for t in header]
    assert {row_of(theme, t) for t in again} == {0}
    assert texts(first, "table-again") == []


def test_table_part_on_each_page_closed_by_outer_rule(ledger: Layout, theme: Theme) -> None:
    assert theme.table_outer == 0.5
    for page in ledger.pages:
        frame = rules(page, "table-rule")
        top, bottom = min(r.y for r in frame), max(r.y for r in frame)
        assert top == pytest.approx(min(v.y0 for v in vrules(page)))
        assert bottom == pytest.approx(max(v.y1 for v in vrules(page)))
        for edge in (top, bottom):
            assert 0.5 in {r.width for r in frame if r.y == pytest.approx(edge)}
    # Page 1 is full to its last row; page 2 ends after its 13 rows.
    assert max(r.y for r in rules(ledger.pages[0], "table-rule")) == pytest.approx(
        theme.block_bottom
    )
    assert max(r.y for r in rules(ledger.pages[1], "table-rule")) == pytest.approx(
        theme.row_top(14)
    )


def test_table_one_line_rows_one_pitch_high(ledger: Layout, theme: Theme) -> None:
    heights = [h for page in ledger.pages for h in row_heights(theme, page)]
    assert len(heights) == 2 + 24  # the header on both pages, 24 rows
    assert heights == pytest.approx([theme.line_pitch] * 26)


def test_table_numbers_right_aligned(ledger: Layout, theme: Theme) -> None:
    last_column = theme.block_left + theme.block_width * 5 / 6
    numbers = [
        t
        for page in ledger.pages
        for t in texts(page, "table")
        if t.x > last_column and t.text.isdigit()
    ]
    assert len(numbers) == 24
    padding = theme.table_padding * theme.table_size
    for number in numbers:
        assert number.x + number.advance() == pytest.approx(theme.block_right - padding)


def test_table_spans_text_width_in_given_proportions(ledger: Layout, theme: Theme) -> None:
    for page in ledger.pages:
        edges = sorted({round(v.x, 6) for v in vrules(page)})
        unit = theme.block_width / 6
        half = theme.table_outer / 2  # the frame's sides stand inside the block
        expected = [theme.block_left + k * unit for k in (0, 2, 5, 6)]
        expected[0] += half
        expected[-1] -= half
        assert edges == pytest.approx(expected)
        assert edges[-1] + half == pytest.approx(theme.block_right)


def test_table_row_taller_by_table_pitch_per_line(
    tmp_path: Path, session: Session, theme: Theme
) -> None:
    # The second column leaves room for 22 characters of 14 pt a line.
    rows = [["乡镇", "说明"], ["甲镇", "短"], ["乙镇", "文" * 30], ["丙镇", "文" * 50]]
    table = {"table": rows, "widths": [1, 3]}
    (page,) = laid_out(tmp_path, session, [article(["前文。", table])]).pages
    pitch, more = theme.line_pitch, theme.table_pitch
    assert row_heights(theme, page) == pytest.approx([pitch, pitch, pitch + more, pitch + 2 * more])


def test_table_row_never_splits_across_pages_nor_goes_alone(
    tmp_path: Path, session: Session, theme: Theme
) -> None:
    # Title row 7, text row 8, header row 9, eleven rows 10–20: row 21 is left,
    # too little for a row of three lines; that row would be alone on the next
    # page, so the row before it goes with it.
    rows = [["乡镇", "说明"], *([f"第{k}镇", "短"] for k in range(1, 12)), ["丁镇", "长" * 50]]
    table = {"table": rows, "widths": [1, 3]}
    first, second = laid_out(tmp_path, session, [article(["前文。", table])]).pages
    assert max(r.y for r in rules(first, "table-rule")) == pytest.approx(theme.row_top(20))
    assert not any("长" in t.text or t.text == "第11镇" for t in texts(first))
    assert [t.text for t in texts(second, "table-again")] == ["乡镇", "说明"]
    assert [t.text for t in texts(second, "table")][:2] == ["第11镇", "短"]
    assert "".join(t.text for t in texts(second, "table") if "长" in t.text) == "长" * 50
    assert row_heights(theme, second) == pytest.approx(
        [theme.line_pitch, theme.line_pitch, theme.line_pitch + 2 * theme.table_pitch]
    )


def test_table_row_taller_than_page_cut_between_lines(
    tmp_path: Path, session: Session, theme: Theme
) -> None:
    rows = [["乡镇", "说明"], ["甲镇", "短"], ["乙镇", HUGE], ["丙镇", "短"]]
    table = {"table": rows, "widths": [1, 3]}
    layout = laid_out(tmp_path, session, [article(["前文。", table])])
    column = theme.block_left + theme.block_width / 4
    cut = [
        t.text
        for page in layout.pages
        for t in texts(page, "table")
        if t.x > column and t.text not in ("说明", "短")
    ]
    assert "".join(cut) == HUGE
    _, second, third = layout.pages
    # A page high less the header: 26 lines, from the top of page 2 to its foot.
    assert max(v.y1 for v in vrules(second)) == pytest.approx(theme.block_bottom)
    for page in (second, third):
        assert [t.text for t in texts(page, "table-again")] == ["乡镇", "说明"]
    for page in layout.pages:
        for v in vrules(page):
            assert theme.block_top - 1e-6 <= v.y0 < v.y1 <= theme.block_bottom + 1e-6
        assert all(t.y < theme.block_bottom for t in texts(page, "table", "table-again"))


def test_table_continued_below_floated_figure_repeats_header(
    tmp_path: Path, session: Session
) -> None:
    rows: list[list[Any]] = [["乡镇", "数量"], *([f"第{k}镇", k] for k in range(1, 21))]
    body = [para(5), {"image": photo(tmp_path)}, {"table": rows}]
    second = laid_out(tmp_path, session, [article(body)]).pages[1]
    (image,) = images(second)
    again = texts(second, "table-again")
    assert [t.text for t in again] == ["乡镇", "数量"]
    assert all(t.y > image.y + image.height for t in again)


def test_table_header_never_ends_page_alone(tmp_path: Path, session: Session) -> None:
    # A first row taller than a page is cut to fit under the caption and header.
    table = {"table": [["乡镇", "说明"], ["乙镇", HUGE]], "widths": [1, 3], "caption": "表1 明细"}
    layout = laid_out(tmp_path, session, [article([para(3), para(3), table])])
    (page,) = [p for p in layout.pages if texts(p, "caption")]
    assert len(texts(page, "table")) > 2  # the row's first lines under the header


def test_an_article_head_is_not_left_alone_before_a_tall_table(
    tmp_path: Path, session: Session
) -> None:
    # The head is chained to the table through its first lines; the chain is
    # taller than a page, so it is set from where it stands, row by row.
    table = {"table": [["乡镇", "说明"], ["乙镇", HUGE]], "widths": [1, 3]}
    layout = laid_out(tmp_path, session, [article([para(1), table])])
    first = layout.pages[0]
    assert texts(first, "title") and texts(first, "table")


# --- 6. contents page numbers -----------------------------------------------------
FOUR = [
    article([para(n)], f"第{k}篇文章") for k, n in zip("一二三四", (10, 20, 5, 30), strict=True)
]


def test_contents_numbers_are_title_pages(tmp_path: Path, session: Session) -> None:
    layout = laid_out(tmp_path, session, FOUR, contents={"pages": True})
    landed = {t.text: page.number for page in layout.pages for t in texts(page, "title")}
    assert list(landed.values()) == [1, 2, 3, 3]
    first = layout.pages[0]
    entries = texts(first, "contents")[1:]
    numbers = texts(first, "contents-page")
    leaders = rules(first, "leader")
    assert len(entries) == len(numbers) == len(leaders) == 4
    for entry, number, leader in zip(entries, numbers, leaders, strict=True):
        assert number.text == str(landed[entry.text])
        assert number.y == entry.y
        assert entry.x + entry.advance() < leader.x0 < leader.x1 < number.x
        assert leader.dots > 0


def test_contents_pages_false_gives_no_numbers(tmp_path: Path, session: Session) -> None:
    layout = laid_out(tmp_path, session, FOUR, contents={"pages": False})
    first = layout.pages[0]
    assert len(texts(first, "contents")) == 5
    assert texts(first, "contents-page") == [] and rules(first, "leader") == []


def test_two_page_issue_contents_without_numbers(tmp_path: Path, session: Session) -> None:
    articles = [article([para(10)], "甲"), article([para(12)], "乙")]
    layout = laid_out(tmp_path, session, articles)
    assert len(layout.pages) == 2
    assert [t.text for t in texts(layout.pages[0], "contents")] == ["本期要目", "甲", "乙"]
    assert texts(layout.pages[0], "contents-page") == [] and rules(layout.pages[0], "leader") == []


def test_contents_custom_heading(tmp_path: Path, session: Session, theme: Theme) -> None:
    layout = laid_out(tmp_path, session, FOUR, contents={"heading": "本期导读"})
    heading = texts(layout.pages[0], "contents")[0]
    assert heading.text == "本期导读"
    assert heading.x == pytest.approx(theme.column_x(12))  # (28 − 4) // 2


# --- 7. 增刊 and 特刊 ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "printed"),
    [
        ({"supplement": 1}, "增刊第1期"),
        ({"supplement": True}, "增刊"),
        ({"special": 2}, "特刊第2期"),
    ],
)
def test_supplement_number_row_and_title(
    tmp_path: Path, session: Session, theme: Theme, kind: dict[str, Any], printed: str
) -> None:
    masthead = {k: v for k, v in MASTHEAD.items() if k != "number"} | kind
    done = rendered(tmp_path, session, [article(["正文。"])], masthead=masthead)
    number = texts(done.layout.pages[0], "number")
    assert "".join(t.text for t in number) == printed
    assert {row_of(theme, t) for t in number} == {theme.number_row}
    assert done.layout.title == f"测试工作简报 {printed}"
    doc = pdfium.PdfDocument(done.pdf)
    try:
        assert doc.get_metadata_dict()["Title"] == f"测试工作简报 {printed}"
    finally:
        doc.close()


# --- 8. padding pages ----------------------------------------------------------------
def test_pad_pages_blank_before_colophon_page(tmp_path: Path, session: Session) -> None:
    layout = laid_out(
        tmp_path,
        session,
        [article([para(3)])],
        colophon={"copies": 20},
        style={"pad_pages": 4},
    )
    first, *blank, last = layout.pages
    assert len(layout.pages) == 4
    assert [p.items for p in blank] == [(), ()]
    assert rules(first, "colophon-rule") == []
    assert len(rules(last, "colophon-rule")) == 2
    assert [t.text for t in texts(first, "folio")] == ["— 1 —"]
    assert [t.text for t in texts(last, "folio")] == ["— 4 —"]


# --- 9. page breaks and quotations ---------------------------------------------------
def test_pagebreak_starts_next_block_on_new_page(
    tmp_path: Path, session: Session, theme: Theme
) -> None:
    body = [para(2), {"pagebreak": True}, "第二页正文。"]
    first, second = laid_out(tmp_path, session, [article(body)]).pages
    assert body_rows(theme, first) == [8, 9]
    (after,) = texts(second, "body")
    assert after.text == "第二页正文。"
    assert line_top(theme, after) == pytest.approx(theme.row_top(0))


def test_quote_inset_two_cells_in_kai(
    tmp_path: Path, session: Session, theme: Theme, fonts: FontSet
) -> None:
    # Inset 2 cells a side: 24 cells, 22 on the indented first line.
    quote = "引" * (22 + 24 + 24 + 5)
    (page,) = laid_out(tmp_path, session, [article(["前文。", {"quote": quote}, "后文。"])]).pages
    lines = texts(page, "quote")
    assert [len(t.text) for t in lines] == [22, 24, 24, 5]
    assert all(t.face is fonts.face("kai") for t in lines)
    assert [t.x for t in lines] == pytest.approx([theme.column_x(4)] + [theme.column_x(2)] * 3)
    for full in lines[:3]:
        assert full.x + full.advance() == pytest.approx(theme.column_x(26))
    assert [line_top(theme, t) for t in lines] == pytest.approx(
        [theme.row_top(k) for k in (9, 10, 11, 12)]
    )
