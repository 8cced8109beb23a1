"""An issue longer than layout.limits.MAX_PAGES pages (or a file of more
than load.MAX_CHARACTERS characters) is refused, located at the article
that takes it past, as early as its size shows."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import jianbao.issue.load
import jianbao.layout.limits
from jianbao.errors import IssueError
from jianbao.issue.load import load_text
from jianbao.pipeline import Rendered

HEAD = "masthead:\n  name: 简报\n  number: 1\n  issuer: 某办\n  date: 2026-03-10\narticles:\n"
PARA = "　　" + "这是一个用于测试页数上限的段落。" * 8  # 130 characters: 5 lines


def issue(articles: int, paragraphs: int, extra: str = "") -> str:
    body = "".join(f"      {PARA}\n\n" for _ in range(paragraphs))
    return HEAD + "".join(
        f"  - title: 第{i + 1}篇\n    body: |\n{body}{extra}" for i in range(articles)
    )


def refused(render_yaml: Callable[[str], Rendered], text: str) -> tuple[int, str]:
    with pytest.raises(IssueError) as caught:
        render_yaml(text)
    (problem,) = caught.value.diagnostics
    assert problem.location is not None and problem.hint is not None
    return problem.location.line, problem.message


def test_within_the_limit_renders(
    render_yaml: Callable[[str], Rendered], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jianbao.layout.limits, "MAX_PAGES", 2)
    assert render_yaml(issue(1, 4)).pages <= 2


def test_characters_are_counted_before_any_line_is_broken(
    render_yaml: Callable[[str], Rendered], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One page holds at most 22 × 28 × 2 characters (Latin set two to a cell)."""
    monkeypatch.setattr(jianbao.layout.limits, "MAX_PAGES", 1)
    line, message = refused(render_yaml, issue(3, 4))  # 520 characters each
    assert line == 27  # the third article's title (10 lines each): 1,560 > 1,232
    assert "characters (more than 1 pages)" in message


def test_rows_are_counted_article_by_article(
    render_yaml: Callable[[str], Rendered], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jianbao.layout.limits, "MAX_PAGES", 2)
    # 5 paragraphs of 5 lines (and a blank between): 29 rows an article
    line, message = refused(render_yaml, issue(3, 5))
    assert line == 19  # the second article's title (12 lines each): 58 rows > 44
    assert message.startswith("the issue is too long to set: by this article, ")
    assert "lines (more than 2 pages)" in message


def test_pages_are_counted_at_the_end(
    render_yaml: Callable[[str], Rendered], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Page breaks make pages the rows do not show."""
    monkeypatch.setattr(jianbao.layout.limits, "MAX_PAGES", 2)
    body = "".join(
        f"  - title: 第{i + 1}篇\n    body:\n      - {PARA}\n"
        "      - pagebreak: true\n      - 下一段。\n"
        for i in range(3)
    )
    line, message = refused(render_yaml, HEAD + body)
    assert line == 17  # the last article
    assert "4 pages (more than 2 pages)" in message


def test_a_file_of_too_many_characters_is_refused_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jianbao.issue.load, "MAX_CHARACTERS", 1000)
    with pytest.raises(IssueError, match=r"holds 1,001 characters, more than the 1,000"):
        load_text("#" * 1001, "big.yaml")
    load_text("#" * 1000, "ok.yaml")
