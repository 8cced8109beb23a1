"""A fresh issue from ``jianbao new`` still holds its placeholders: render
refuses it (nothing written) unless --draft; check warns about them, as a
proofreader would about a doubled 的的 or a half-width comma."""

from __future__ import annotations

from pathlib import Path

import pytest
from clikit import runner

from jianbao.cli.app import app

pytestmark = pytest.mark.usefixtures("shared_fonts")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    folder = tmp_path / "issues"
    result = runner.invoke(app, ["new", str(folder)])
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def test_render_refuses_placeholders(fresh: Path) -> None:
    result = runner.invoke(app, ["render", str(fresh)])
    assert result.exit_code == 1
    assert "error: placeholder （标题） is still here" in result.stderr
    assert "hint: write the real text, or render with --draft" in result.stderr
    assert not fresh.with_suffix(".pdf").exists()


def test_a_draft_renders_with_warnings(fresh: Path) -> None:
    result = runner.invoke(app, ["render", str(fresh), "--draft"])
    assert result.exit_code == 0, result.output
    assert "warning: placeholder （标题） is still here" in result.stderr
    assert fresh.with_suffix(".pdf").is_file()


def test_check_warns_like_a_proofreader(tmp_path: Path) -> None:
    path = tmp_path / "issue.yaml"
    path.write_text(
        "masthead: {name: 工作简报, number: 1, issuer: 办公室, date: 2026-01-05}\n"
        "articles:\n  - title: 标题\n    body: 我们的的工作已经完成,正在推进。\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "4:14: warning: doubled '的的'" in result.stderr
    assert "warning: half-width ',' in Chinese text" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.yaml"]
