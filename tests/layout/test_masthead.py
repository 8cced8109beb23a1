"""The masthead (报头): the red name, 期号, issuer and date, the red rule
4 mm below, red used only there."""

from __future__ import annotations

import pytest
from layoutkit import row_of, rules, texts

from jianbao.model import Issue
from jianbao.pipeline import Rendered
from jianbao.theme import BLACK, MM, RED, Theme


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
    # 空一字: the issuer and the date one cell in from the block's edges.
    (date,) = texts(page, "date")
    assert date.text == "2021年3月10日"
    assert date.x + date.advance() == pytest.approx(theme.block_right - theme.cell, abs=0.01)
    (issuer,) = texts(page, "issuer")
    assert issuer.x == pytest.approx(theme.block_left + theme.cell, abs=0.01)
    # The red rule at a third of the page; 期号 and the issuer's line on the grid.
    (rule,) = rules(page, "masthead-rule")
    assert rule.top == pytest.approx(theme.page_height / 3, abs=theme.line_pitch / 2)
    number = texts(page, "number")
    assert "".join(i.text for i in number) == "第8期"
    for item in (*number, issuer, date):
        offset = item.y - theme.row_top(row_of(theme, item))
        assert offset == pytest.approx(theme.line_pitch / 2 + item.face.centre * item.size)
    assert row_of(theme, issuer) == row_of(theme, number[0]) + 1
    # The name ends a fixed gap above the 期号 row.
    bottom = max(i.y - i.face.centre * i.size + i.size / 2 for i in name)
    assert theme.row_top(row_of(theme, number[0])) - bottom == pytest.approx(10.0, abs=0.01)


def test_colours_red_only_in_masthead(flagship: Rendered) -> None:
    for page in flagship.layout.pages:
        for item in page.items:
            red = item.kind in ("masthead", "masthead-rule")
            assert item.color == (RED if red else BLACK), (page.number, item)
