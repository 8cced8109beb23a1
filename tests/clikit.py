"""Issue files written at test time and the CLI runner, for the scripting tests."""

from __future__ import annotations

import json
from typing import Any

from conftest import ROOT
from typer.testing import CliRunner

from jianbao.cli.app import app

runner = CliRunner()
EXAMPLES = ROOT / "examples"
ISSUE = """\
masthead:
  name: 测试简报
  number: {number}
  issuer: 某办
  date: {date}
articles:
  - title: 标题
    body: 正文第{number}期。
"""


def issue(number: int = 1, date: str = "2026-03-10") -> str:
    return ISSUE.format(number=number, date=date)


def report(args: list[str], code: int, stdin: str | None = None) -> dict[str, Any]:
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == code, result.output
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data
