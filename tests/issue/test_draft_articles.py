"""Articles that name their draft (file:): read at every render, the keys
beside file: overriding the draft's, errors located, the draft an input of
the PDF (up to date, never overwritten)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from jianbao.errors import IssueError
from jianbao.issue.read import read_issue
from jianbao.model import Heading, Paragraph
from jianbao.pipeline import Session

HEAD = "masthead: {name: 工作简报, number: 3, issuer: 办公室, date: 2026-03-01}\n"
MD = """\
市城市管理局

# 市城市管理局开展环境综合整治工作

为进一步提升城市环境，市城市管理局开展整治工作。

## 一、整治范围

城区主次干道、背街小巷及**农贸市场**周边。

（市城管局供稿）
"""


def text(block: Paragraph | Heading) -> str:
    return "".join(r.text.value for r in block.runs)


def test_an_article_read_from_a_markdown_draft(tmp_path: Path) -> None:
    write(tmp_path / "稿件" / "城管局.md", MD)
    issue = write(tmp_path / "issue.yaml", HEAD + "articles:\n  - file: 稿件/城管局.md\n")
    (article,) = read_issue(issue).issue.articles
    assert [t.value for t in article.title] == ["市城市管理局开展环境综合整治工作"]
    assert article.kicker is not None and article.kicker.value == "市城市管理局"
    assert article.source is not None and article.source.value == "（市城管局供稿）"
    assert article.draft == (tmp_path / "稿件" / "城管局.md").resolve()
    first, heading, last = article.blocks
    assert isinstance(heading, Heading) and heading.level == 1
    assert isinstance(last, Paragraph) and [r.emphasis for r in last.runs] == [False, True, False]
    assert isinstance(first, Paragraph) and first.runs[0].text.origin is not None
    assert first.runs[0].text.origin.file.endswith("城管局.md")


def test_keys_beside_file_override_the_draft(tmp_path: Path) -> None:
    write(tmp_path / "城管局.md", MD)
    issue = write(
        tmp_path / "issue.yaml",
        HEAD + "articles:\n  - file: 城管局.md\n    title: 新标题\n    kicker: 新引题\n",
    )
    (article,) = read_issue(issue).issue.articles
    assert [t.value for t in article.title] == ["新标题"]
    assert article.kicker is not None and article.kicker.value == "新引题"


@pytest.mark.parametrize(
    ("article", "message"),
    [
        ("  - file: 无.md\n", "3:11: error: draft '无.md' does not exist"),
        ("  - file: 稿件\n", "3:11: error: draft '稿件' is a folder"),
        ("  - file: a.pdf\n", "3:11: error: draft 'a.pdf' is not a Word document or a text file"),
        (
            "  - file: 城管局.md\n    body: 正文。\n",
            "4:5: error: articles[1] gives both file: and body:",
        ),
    ],
)
def test_a_bad_file_key_is_located_in_the_issue(tmp_path: Path, article: str, message: str) -> None:
    write(tmp_path / "城管局.md", MD)
    write(tmp_path / "a.pdf", "%PDF")
    (tmp_path / "稿件").mkdir()
    issue = write(tmp_path / "issue.yaml", HEAD + "articles:\n" + article)
    with pytest.raises(IssueError) as info:
        read_issue(issue)
    assert [str(d).split("\n")[0].removeprefix(f"{issue}:") for d in info.value.diagnostics] == [
        message
    ]


def test_an_error_in_a_draft_is_located_in_the_draft(tmp_path: Path) -> None:
    write(tmp_path / "城管局.md", MD.replace("**农贸市场**", "**农贸市场"))
    issue = write(tmp_path / "issue.yaml", HEAD + "articles:\n  - file: 城管局.md\n")
    with pytest.raises(IssueError) as info:
        read_issue(issue)
    (problem,) = info.value.diagnostics
    assert problem.location is not None and problem.location.file.endswith("城管局.md")
    assert problem.location.line == 9


def test_a_draft_without_a_title_asks_for_one(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "第一段写得很长，不像标题，而是正文的开头部分。\n\n第二段。\n")
    issue = write(tmp_path / "issue.yaml", HEAD + "articles:\n  - file: a.txt\n")
    with pytest.raises(IssueError) as info:
        read_issue(issue)
    assert "has no title" in str(info.value) and "title:" in str(info.value)
    fixed = write(tmp_path / "issue.yaml", HEAD + "articles:\n  - file: a.txt\n    title: 标题\n")
    assert read_issue(fixed).issue.articles[0].title[0].value == "标题"


def test_the_draft_is_an_input_of_the_pdf(tmp_path: Path) -> None:
    draft = write(tmp_path / "城管局.md", MD)
    issue = write(tmp_path / "issue.yaml", HEAD + "articles:\n  - file: 城管局.md\n")
    session = Session()
    inputs = session.inputs(session.read(issue))
    assert inputs[draft.resolve()] == "a draft of this issue"
