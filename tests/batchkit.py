"""An archive of issues written at test time, and helpers to read a batch's
results, shared by the batch tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from typer.testing import CliRunner

from jianbao.cli.app import app

runner = CliRunner()
SERIES = "masthead:\n  name: 测试简报\n  issuer: 某办\n"
BAD_DATE = "2026/3/10"


def issue(number: int = 1, date: str = "2026-03-10", extra: str = "") -> str:
    return (
        f"masthead:\n  number: {number}\n  date: {date}\n"
        f"articles:\n  - title: 标题\n    body: 正文第{number}期。\n" + extra
    )


def run_cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """archive/jianbao.yaml, 2026/01–03.yaml, notes/.hidden.yaml, a README."""
    root = tmp_path / "archive"
    write(root / "jianbao.yaml", SERIES)
    for n in (1, 2, 3):
        write(root / "2026" / f"{n:02d}.yaml", issue(n, f"2026-0{n}-10"))
    write(root / "notes" / ".hidden.yaml", "not: an issue\n")
    write(root / "README.txt", "not an issue\n")
    return root
