"""Page make-up: titles kept with two lines of their body, blank rows at page
tops, the colophon on the last rows or a page of its own, page numbers,
rules inside the text block, the contents."""

from __future__ import annotations

import itertools

import pytest
from conftest import BODY_KINDS, ROOT
from layoutkit import IssueYaml, RenderYaml, para, row_of, rules, texts

from jianbao.layout.frame import Layout, Page
from jianbao.model import Issue
from jianbao.pipeline import Rendered, Session, render
from jianbao.theme import MM, Theme


def body_row_numbers(theme: Theme, page: Page) -> list[int]:
    return sorted({row_of(theme, i) for i in texts(page, *BODY_KINDS)})


def _keep_case(
    issue_yaml: IssueYaml, render_yaml: RenderYaml, theme: Theme, title_row: int
) -> tuple[Layout, int]:
    """Two articles; the second title would fall on ``title_row`` of page 1."""
    probe = render_yaml(issue_yaml([("第一篇", [para(1)])], contents=False))
    (title,) = texts(probe.layout.pages[0], "title")
    start = row_of(theme, title)  # the first title's row
    lines = title_row - start - 2  # title, body lines, one blank row, title
    assert lines > 0
    yaml = issue_yaml([("第一篇", [para(lines)]), ("第二篇", [para(4)])], contents=False)
    return render_yaml(yaml).layout, start


COLOPHON = "colophon:\n  issue_to: 各区办公室\n  copies: 10\n"


# --- blocks inside the text block ---------------------------------------------
def test_rules_inside_text_block(flagship: Rendered, theme: Theme) -> None:
    found: dict[str, int] = {}
    for page in flagship.layout.pages:
        for rule in rules(page):
            found[rule.kind] = found.get(rule.kind, 0) + 1
            assert rule.x0 >= theme.block_left - 1e-6
            assert rule.x1 <= theme.block_right + 1e-6
            assert rule.top >= theme.block_top - 1e-6
            assert rule.bottom <= theme.block_bottom + 1e-6
    # The masthead rule, four colophon rules, a leader per contents entry.
    assert found == {"masthead-rule": 1, "colophon-rule": 4, "leader": 5}


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


@pytest.mark.parametrize("title_row", [19, 20, 21])
def test_title_kept_with_two_lines(
    issue_yaml: IssueYaml, render_yaml: RenderYaml, theme: Theme, title_row: int
) -> None:
    pages, _ = _keep_case(issue_yaml, render_yaml, theme, title_row)
    fits = title_row + 2 < theme.lines_per_page  # title and two lines on page 1
    assert len(pages.pages) == 2  # the second article's last two lines are on page 2
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
    copies = sorted((i for i in items if i.y == max(j.y for j in items)), key=lambda i: i.x)
    assert "".join(i.text for i in copies) == "共印260份"
    assert copies[-1].x + copies[-1].advance() == pytest.approx(theme.block_right - 14, abs=0.01)
    colophon_rules = rules(last, "colophon-rule")
    assert len(colophon_rules) == 4
    thick, thin = 0.35 * MM, 0.25 * MM
    assert [r.width for r in colophon_rules] == pytest.approx([thick, thin, thin, thick])
    bottom = max(colophon_rules, key=lambda r: r.y)
    assert bottom.bottom == pytest.approx(theme.block_bottom, abs=0.01)
    # Every colophon line lies between the first and the last rule, a blank
    # row at least under the text, at the colophon's own pitch.
    top = min(colophon_rules, key=lambda r: r.y)
    assert all(top.y < i.y < bottom.y for i in items)
    last_text = max(texts(last, *BODY_KINDS), key=lambda i: i.y)
    assert theme.row_top(row_of(theme, last_text) + 2) <= top.top + 1e-6
    baselines = sorted({i.y for i in items})
    assert [b - a for a, b in itertools.pairwise(baselines)] == pytest.approx(
        [theme.colophon_pitch] * (len(baselines) - 1)
    )


@pytest.mark.parametrize(("last_body_row", "pages_expected"), [(18, 1), (19, 2)])
def test_colophon_moves_to_new_page_when_it_does_not_fit(
    issue_yaml: IssueYaml,
    render_yaml: RenderYaml,
    theme: Theme,
    last_body_row: int,
    pages_expected: int,
) -> None:
    # The colophon here takes two lines (发： one line, 共印 one line) at its
    # own pitch: 2 × 23.19 pt under a blank row fit under row 18, not 19.
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
    top = theme.block_bottom - 2 * theme.colophon_pitch
    assert all(top < i.y < theme.block_bottom for i in colophon)  # at the page bottom
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


def test_flagship_contents_lists_kickers_and_titles(
    flagship: Rendered, flagship_issue: Issue, theme: Theme
) -> None:
    contents = texts(flagship.layout.pages[0], "contents")
    titles = [
        (a.kicker.value if a.kicker else "") + "".join(t.value for t in a.title)
        for a in flagship_issue.articles
    ]
    assert [i.text for i in contents] == ["本期要目", *titles]
    assert "市城市管理局开展环境综合整治工作" in titles  # as the reference prints it
    # The heading is centred on whole cells; entries start in the third column.
    heading = contents[0]
    assert heading.x == pytest.approx(theme.column_x(12), abs=1e-6)
    assert all(i.x == pytest.approx(theme.column_x(2), abs=1e-6) for i in contents[1:])


def test_the_stress_example_colophon_only_just_fits(session: Session, theme: Theme) -> None:
    """Its last page holds text down to the row that leaves exactly the
    blank row the colophon needs: one line more would move it."""
    layout = render(session.read(ROOT / "examples" / "stress.yaml"), session=session).layout
    last = layout.pages[-1]
    body = texts(last, *BODY_KINDS)
    assert body, "the colophon is on a page of its own"
    top = min(rules(last, "colophon-rule"), key=lambda r: r.y).top
    below = theme.row_top(max(row_of(theme, i) for i in body) + 2)  # after one blank row
    assert 0 <= top - below < theme.line_pitch
