"""Text too long for its place: a long issuer is compressed to leave a cell
before the date; a heading never ends a page; a colophon longer than a page
is an error at its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from jianbao.errors import IssueError
from jianbao.layout.frame import TextItem
from jianbao.pipeline import Session, render
from jianbao.theme import DEFAULT_THEME

FILLER = "为深入贯彻落实工作会议精神，我市召开专题会议，对有关工作进行安排部署。" * 6


HEAD = "masthead: {name: 工作简报, number: 1, issuer: %s, date: 2026-01-05}\n"


def test_long_issuer_is_compressed_before_the_date(tmp_path: Path, session: Session) -> None:
    issuer = "聊城市创建全国文明城市工作领导小组办公室综合协调组宣传督导科"
    path = write(
        tmp_path / "issue.yaml", HEAD % issuer + "articles:\n  - {title: 标题, body: 正文。}\n"
    )
    items = render(path, session=session).layout.pages[0].items
    (left,) = [i for i in items if isinstance(i, TextItem) and i.kind == "issuer"]
    dates = [i for i in items if isinstance(i, TextItem) and i.kind == "date"]
    assert left.hscale < 1
    assert left.x == pytest.approx(DEFAULT_THEME.block_left + DEFAULT_THEME.cell)
    assert left.x + left.advance() <= min(d.x for d in dates) - DEFAULT_THEME.cell + 1e-6


def test_heading_is_never_the_last_line_of_a_page(tmp_path: Path, session: Session) -> None:
    for filler in range(4, 12):
        body = "\n\n".join([FILLER] * filler + ["一、这是一个一级标题", FILLER])
        path = write(
            tmp_path / "issue.yaml", HEAD % "办公室" + "articles:\n  - title: 标题\n    body: |\n"
        )
        with path.open("a", encoding="utf-8") as handle:
            for line in body.splitlines():
                handle.write(f"      {line}\n" if line else "\n")
        layout = render(path, session=session).layout
        for page in layout.pages[:-1]:
            rows = [i for i in page.items if isinstance(i, TextItem) and i.kind != "folio"]
            last_y = max(i.y for i in rows)
            assert not any(i.kind == "heading1" and i.y == last_y for i in rows), filler


def test_colophon_longer_than_a_page_is_an_error(tmp_path: Path, session: Session) -> None:
    text = (
        HEAD % "办公室"
        + "articles:\n  - {title: 标题, body: 正文。}\n"
        + "colophon:\n  report_to: "
        + "市委常委，" * 400
        + "\n"
    )
    with pytest.raises(IssueError) as info:
        render(write(tmp_path / "issue.yaml", text), session=session)
    (problem,) = info.value.diagnostics
    assert problem.location is not None and problem.location.line == 5
    assert "the colophon needs" in problem.message and "lines but a page holds" in problem.message
