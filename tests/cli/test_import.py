"""jianbao import: drafts become articles of a new issue (-o), of an
existing one (--into, every other byte kept) or of stdout; pictures go to
images/ beside the issue; bad drafts write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from clikit import runner
from conftest import write
from PIL import Image

from jianbao.cli.app import app
from jianbao.issue.read import read_issue
from jianbao.model import Figure

pytestmark = pytest.mark.usefixtures("shared_fonts")

MD = """\
# 市城市管理局开展环境综合整治工作

为进一步提升城市环境，市城市管理局开展整治工作。

![整治现场](pic.png)

（市城管局供稿）
"""
TXT = "交警支队推进创城\n　　3月以来，市交警支队开展“四大攻坚战”。\n　　一是加强路面管控。\n"
ISSUE = """\
# 第三期
masthead: {name: 工作简报, number: 3, issuer: 办公室, date: 2026-03-01}

articles:
  - title: 已有文章
    body: 正文。   # 手写的注释

colophon:
  copies: 20
"""


@pytest.fixture
def drafts(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "稿件"
    write(folder / "城管局.md", MD)
    Image.new("RGB", (1200, 800), (200, 60, 60)).save(folder / "pic.png")
    return folder / "城管局.md", write(folder / "交警.txt", TXT)


def test_import_into_a_new_issue(tmp_path: Path, drafts: tuple[Path, Path]) -> None:
    out = tmp_path / "issue.yaml"
    result = runner.invoke(
        app, ["import", *map(str, drafts), "-o", str(out), "--date", "2026-03-01"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    issue = read_issue(out).issue
    assert [a.title[0].value for a in issue.articles] == [
        "市城市管理局开展环境综合整治工作",
        "交警支队推进创城",
    ]
    assert issue.articles[0].source is not None
    (figure,) = [b for b in issue.articles[0].blocks if isinstance(b, Figure)]
    assert figure.pictures[0].path == (tmp_path / "稿件" / "pic.png").resolve()
    assert "# 从 城管局.md 导入" in out.read_text("utf-8")
    rendered = runner.invoke(app, ["render", str(out), "--draft"])
    assert rendered.exit_code == 0, rendered.output


def test_import_into_an_issue_keeps_every_other_byte(
    tmp_path: Path, drafts: tuple[Path, Path]
) -> None:
    issue = write(tmp_path / "issue.yaml", ISSUE)
    result = runner.invoke(app, ["import", str(drafts[1]), "--into", str(issue)])
    assert result.exit_code == 0, result.output
    text = issue.read_text("utf-8")
    head, tail = ISSUE.split("\ncolophon:")
    assert text.startswith(
        head.rstrip("\n") + "\n  # 从 交警.txt 导入\n  - title: 交警支队推进创城\n"
    )
    assert text.endswith("\ncolophon:" + tail)
    assert [a.title[0].value for a in read_issue(issue).issue.articles] == [
        "已有文章",
        "交警支队推进创城",
    ]


def test_import_to_stdout(drafts: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["import", str(drafts[1]), "--date", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "  - title: 交警支队推进创城\n" in result.stdout


def test_a_bad_draft_writes_nothing(tmp_path: Path, drafts: tuple[Path, Path]) -> None:
    bad = write(tmp_path / "稿件" / "坏.md", "# 标题\n\n正文**没有闭合。\n")
    issue = write(tmp_path / "issue.yaml", ISSUE)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = runner.invoke(app, ["import", str(drafts[1]), str(bad), "--into", str(issue)])
    assert result.exit_code == 1
    assert "坏.md:3:" in result.stderr
    assert issue.read_text("utf-8") == ISSUE
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_import_refuses_to_overwrite(tmp_path: Path, drafts: tuple[Path, Path]) -> None:
    out = write(tmp_path / "issue.yaml", ISSUE)
    result = runner.invoke(app, ["import", str(drafts[1]), "-o", str(out)])
    assert result.exit_code == 1 and "already exists; add to it with --into" in result.stderr
    assert out.read_text("utf-8") == ISSUE
    both = runner.invoke(app, ["import", str(drafts[1]), "-o", "a.yaml", "--into", str(out)])
    assert both.exit_code == 2
