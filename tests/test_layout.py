"""layout: the numbers of the laid-out pages (pt, origin top-left, y down).

The flagship (the 2021 第 8 期 bulletin) is laid out once per session; small
issues written inline pin down pagination rules (keep a title with two body
lines, the colophon's move to a page of its own, contents on or off).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable

import pytest
from conftest import BODY_KINDS, BodyRow, body_rows, read

from jianbao.fonts.face import FontSet
from jianbao.layout.frame import Layout, Page, RuleItem, TextItem
from jianbao.model import Issue
from jianbao.pipeline import Rendered
from jianbao.theme import BLACK, MM, RED, Theme

IssueYaml = Callable[..., str]
RenderYaml = Callable[[str], Rendered]


# --- helpers ----------------------------------------------------------------
def texts(page: Page, *kinds: str) -> list[TextItem]:
    return [i for i in page.items if isinstance(i, TextItem) and (not kinds or i.kind in kinds)]


def rules(page: Page, kind: str | None = None) -> list[RuleItem]:
    return [i for i in page.items if isinstance(i, RuleItem) and (kind is None or i.kind == kind)]


def row_of(theme: Theme, item: TextItem) -> int:
    """The grid row (0-based) whose band holds the item's baseline."""
    return math.floor((item.y - theme.block_top) / theme.line_pitch)


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


def body_row_numbers(theme: Theme, page: Page) -> list[int]:
    return sorted({row_of(theme, i) for i in texts(page, *BODY_KINDS)})


def para(lines: int, char: str = "文") -> str:
    """A paragraph that fills exactly ``lines`` full lines (2-cell indent)."""
    return char * (26 + 28 * (lines - 1))


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
    # The flagship's first line is "3月9日，…": the half-width digit is padded
    # to fill exactly the third cell (its Tc split evenly on both sides of
    # the glyph), so the line's first box starts at the indent and 月 sits
    # on column 3.
    first = flagship_rows[0]
    assert first.text.startswith("3月9日，")
    digit = first.items[0]
    assert digit.text == "3"
    assert digit.x - digit.char_space / 2 == pytest.approx(theme.column_x(2), abs=1e-6)
    assert digit.advance() == pytest.approx(theme.cell, abs=1e-6)
    assert theme.column_x(2) == pytest.approx(theme.block_left + 2 * theme.cell)
    month = first.items[1]
    assert month.text[0] == "月"
    assert month.x == pytest.approx(theme.column_x(3), abs=0.05)
    # Continuation lines start flush left on the text block.
    assert flagship_rows[1].items[0].x == pytest.approx(theme.block_left, abs=0.05)


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
    # keeps most lines on the grid (LINEBREAK.md: 101 of 117).
    assert len(flagship_rows) > 100
    on_grid = sum(r.on_grid for r in flagship_rows)
    assert on_grid / len(flagship_rows) >= 0.8


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
    assert on / total >= 0.85, f"{on} of {total} ideographs on a column"


def test_ideograph_runs_use_grid_tracking(flagship_rows: list[BodyRow], theme: Theme) -> None:
    # 16 pt glyphs at a 15.793 pt pitch: Tc = −0.207 on unspread runs.
    for row in flagship_rows:
        if not row.on_grid:
            continue
        for item in row.items:
            if len(item.text) > 1 and all(is_ideograph(c) for c in item.text):
                assert item.size == theme.body_size
                assert item.char_space == pytest.approx(theme.cell - theme.body_size, abs=1e-6)


# --- masthead -----------------------------------------------------------------
def test_masthead_rule_red_4mm_below_date_line(flagship: Rendered, theme: Theme) -> None:
    page = flagship.layout.pages[0]
    (rule,) = rules(page, "masthead-rule")
    (date,) = texts(page, "date")
    (issuer,) = texts(page, "issuer")
    assert rule.color == RED == (0.0, 1.0, 1.0, 0.0)
    assert date.y == issuer.y
    assert rule.top - date.y == pytest.approx(4 * MM, abs=0.01)
    assert rule.x0 == pytest.approx(theme.block_left)
    assert rule.x1 == pytest.approx(theme.block_right)
    assert not any(rules(p, "masthead-rule") for p in flagship.layout.pages[1:])


def test_masthead_items(flagship: Rendered, flagship_issue: Issue, theme: Theme) -> None:
    page = flagship.layout.pages[0]
    name = texts(page, "masthead")
    assert [i.text for i in name] == [t.value for t in flagship_issue.masthead.name]
    assert all(i.color == RED for i in name)
    assert name[1].size > name[0].size  # the second line larger
    for item in name:  # centred, never wider than the block
        left, right = item.x, item.x + item.advance()
        assert left >= theme.block_left - 1e-6
        assert right <= theme.block_right + 1e-6
        assert (left + right) / 2 == pytest.approx(
            (theme.block_left + theme.block_right) / 2, abs=0.01
        )
    (date,) = texts(page, "date")
    assert date.text == "2021年3月10日"
    assert date.x + date.advance() == pytest.approx(theme.block_right, abs=0.01)
    (issuer,) = texts(page, "issuer")
    assert issuer.x == pytest.approx(theme.block_left, abs=0.01)
    # The masthead takes about the top third of page 1.
    (rule,) = rules(page, "masthead-rule")
    assert theme.block_top + theme.block_height / 5 < rule.y < theme.page_height / 2


def test_colours_red_only_in_masthead(flagship: Rendered) -> None:
    for page in flagship.layout.pages:
        for item in page.items:
            red = item.kind in ("masthead", "masthead-rule")
            assert item.color == (RED if red else BLACK), (page.number, item)


# --- blocks inside the text block ---------------------------------------------
def test_rules_inside_text_block(flagship: Rendered, theme: Theme) -> None:
    found = 0
    for page in flagship.layout.pages:
        for rule in rules(page):
            found += 1
            assert rule.x0 >= theme.block_left - 1e-6
            assert rule.x1 <= theme.block_right + 1e-6
            assert rule.top >= theme.block_top - 1e-6
            assert rule.bottom <= theme.block_bottom + 1e-6
    assert found == 5  # masthead rule, four colophon rules


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


# --- page numbers ---------------------------------------------------------------
def test_folio_positions(flagship: Rendered, theme: Theme) -> None:
    for page in flagship.layout.pages:
        (folio,) = texts(page, "folio")
        assert folio.text.replace(" ", "") == f"—{page.number}—"
        assert folio.size == 14
        if page.number % 2:
            assert folio.x + folio.advance() == pytest.approx(theme.block_right - 14, abs=0.01)
        else:
            assert folio.x == pytest.approx(theme.block_left + 14, abs=0.01)
        ink = folio.face.ink("—")
        assert ink is not None
        dash_top = folio.y - ink[3] * folio.size
        assert dash_top == pytest.approx(theme.block_bottom + 7 * MM, abs=0.01)


# --- articles: titles kept with their body ---------------------------------------
def test_flagship_titles_keep_two_body_lines(flagship: Rendered, theme: Theme) -> None:
    titles = 0
    for page in flagship.layout.pages:
        for title in texts(page, "title"):
            titles += 1
            below = [k for k in body_row_numbers(theme, page) if k > row_of(theme, title)]
            assert len(below) >= 2, (page.number, title.text)
    assert titles == 8  # five articles, three of them with two title lines


def _keep_case(
    issue_yaml: IssueYaml, render_yaml: RenderYaml, theme: Theme, title_row: int
) -> tuple[Layout, int]:
    """Two articles; the second title would fall on ``title_row`` of page 1."""
    probe = render_yaml(issue_yaml([("第一篇", [para(1)])], contents=False))
    (title,) = texts(probe.layout.pages[0], "title")
    start = row_of(theme, title)  # the first title's row
    lines = title_row - start - 2  # title, body lines, one blank row, title
    assert lines > 0
    yaml = issue_yaml([("第一篇", [para(lines)]), ("第二篇", [para(3)])], contents=False)
    return render_yaml(yaml).layout, start


@pytest.mark.parametrize("title_row", [19, 20, 21])
def test_title_kept_with_two_lines(
    issue_yaml: IssueYaml, render_yaml: RenderYaml, theme: Theme, title_row: int
) -> None:
    pages, _ = _keep_case(issue_yaml, render_yaml, theme, title_row)
    fits = title_row + 2 < theme.lines_per_page  # title and two lines on page 1
    assert len(pages.pages) == 2  # the second article's third line is on page 2
    page = pages.pages[0 if fits else 1]
    (title,) = [t for t in texts(page, "title") if t.text == "第二篇"]
    row = title_row if fits else 0  # no blank row at the top of a page
    assert row_of(theme, title) == row
    below = [k for k in body_row_numbers(theme, page) if k > row]
    assert below[:2] == [row + 1, row + 2]
    if not fits:
        # Page 1 ends with the first article: no orphaned title at its foot.
        assert not [t for t in texts(pages.pages[0], "title") if t.text == "第二篇"]
        assert max(body_row_numbers(theme, pages.pages[0])) == title_row - 2


def test_title_page_break_pulls_the_blank_row(
    issue_yaml: IssueYaml, render_yaml: RenderYaml, theme: Theme
) -> None:
    pages, _ = _keep_case(issue_yaml, render_yaml, theme, 20)
    first_items = sorted(texts(pages.pages[1], "title", *BODY_KINDS), key=lambda i: i.y)
    assert first_items[0].text == "第二篇"
    assert row_of(theme, first_items[0]) == 0


# --- colophon ---------------------------------------------------------------
def test_flagship_colophon_on_last_page(flagship: Rendered, theme: Theme) -> None:
    *others, last = flagship.layout.pages
    for page in others:
        assert not texts(page, "colophon")
        assert not rules(page, "colophon-rule")
    items = texts(last, "colophon")
    assert [i.text for i in items if i.text.endswith("：")] == ["报：", "发："]
    copies = [i for i in items if i.text.startswith("共印")]
    assert [i.text.replace(" ", "") for i in copies] == ["共印260份"]
    assert copies[0].x + copies[0].advance() == pytest.approx(theme.block_right - 14, abs=0.01)
    colophon_rules = rules(last, "colophon-rule")
    assert len(colophon_rules) == 4
    thick, thin = 0.35 * MM, 0.25 * MM
    assert [r.width for r in colophon_rules] == pytest.approx([thick, thin, thin, thick])
    bottom = max(colophon_rules, key=lambda r: r.y)
    assert bottom.bottom == pytest.approx(theme.block_bottom, abs=0.01)
    # Every colophon line lies between the first and the last rule, under the text.
    top = min(colophon_rules, key=lambda r: r.y)
    assert all(top.y < i.y < bottom.y for i in items)
    assert max(i.y for i in texts(last, *BODY_KINDS)) < top.top


COLOPHON = "colophon:\n  issue_to: 各区办公室\n  copies: 10\n"


@pytest.mark.parametrize(("last_body_row", "pages_expected"), [(19, 1), (20, 2)])
def test_colophon_moves_to_new_page_when_it_does_not_fit(
    issue_yaml: IssueYaml,
    render_yaml: RenderYaml,
    theme: Theme,
    last_body_row: int,
    pages_expected: int,
) -> None:
    # The colophon here takes two rows (发： one line, 共印 one line).
    probe = render_yaml(issue_yaml([("标题", [para(1)])], contents=False))
    (title,) = texts(probe.layout.pages[0], "title")
    start = row_of(theme, title) + 1  # the first body row
    lines = last_body_row - start + 1
    yaml = issue_yaml([("标题", [para(lines)])], contents=False, colophon=COLOPHON)
    pages = render_yaml(yaml).layout
    assert len(pages.pages) == pages_expected
    assert max(body_row_numbers(theme, pages.pages[0])) == last_body_row
    last = pages.pages[-1]
    assert not any(texts(p, "colophon") for p in pages.pages[:-1])
    colophon = texts(last, "colophon")
    assert sorted({row_of(theme, i) for i in colophon}) == [20, 21]  # at the page bottom
    bottom = max(rules(last, "colophon-rule"), key=lambda r: r.y)
    assert bottom.bottom == pytest.approx(theme.block_bottom, abs=0.01)
    if pages_expected == 2:
        assert not texts(last, *BODY_KINDS, "title")
        assert [i.text for i in texts(last, "folio")] == ["— 2 —"]


# --- contents -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("articles", "flag", "shown"),
    [(1, None, False), (2, None, True), (5, None, True), (2, False, False), (1, True, True)],
)
def test_contents_default_by_article_count(
    issue_yaml: IssueYaml,
    render_yaml: RenderYaml,
    articles: int,
    flag: bool | None,
    shown: bool,
) -> None:
    titles = [f"第{n}篇文章" for n in "一二三四五"[:articles]]
    pages = render_yaml(issue_yaml([(t, ["正文。"]) for t in titles], contents=flag)).layout
    contents = texts(pages.pages[0], "contents")
    if not shown:
        assert contents == []
        return
    assert [i.text for i in contents] == ["本期要目", *titles]


def test_flagship_contents_lists_titles(flagship: Rendered, flagship_issue: Issue) -> None:
    contents = texts(flagship.layout.pages[0], "contents")
    titles = ["".join(t.value for t in a.title) for a in flagship_issue.articles]
    assert [i.text for i in contents] == ["本期要目", *titles]


def test_body_rows_helper_pairs_small_issue(
    issue_yaml: IssueYaml,
    render_yaml: RenderYaml,
    theme: Theme,
    fonts: FontSet,
) -> None:
    yaml = issue_yaml([("标题", ["第一段。", para(2)])])
    rows = body_rows(read(yaml), render_yaml(yaml).layout, theme, fonts)
    assert [r.text for r in rows] == ["第一段。", para(2)[:26], para(2)[26:]]
