"""Folders of issues and series files written at test time, for the series tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

SERIES = """\
masthead:
  name: [测试市创建全国文明城市, 工作简报]
  issuer: 市创城办
  mark: 内部资料
colophon:
  report_to: 市委
  copies: 200
"""


def issue(number: int, date: str, extra: str = "") -> str:
    return (
        f"masthead:\n  number: {number}\n  date: {date}\n"
        "articles:\n  - title: 标题\n    body: 正文。\n" + extra
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/jianbao.yaml and tmp/2026/01.yaml (which names no series)."""
    write(tmp_path / "jianbao.yaml", SERIES)
    write(tmp_path / "2026" / "01.yaml", issue(1, "2026-01-10"))
    return tmp_path
