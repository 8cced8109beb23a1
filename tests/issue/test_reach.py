"""What files an issue may name: its own folder tree and its bulletin's,
unless allowed (``--allow-outside``, ``allow_outside=True``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from clikit import runner
from conftest import write
from PIL import Image
from serieskit import SERIES

from jianbao.api import load
from jianbao.cli.app import app
from jianbao.errors import IssueError
from jianbao.issue.reach import reach_for

pytestmark = pytest.mark.usefixtures("shared_fonts")

HEAD = "masthead:\n  name: 简报\n  number: 1\n  issuer: 某办\n  date: 2026-03-10\n"


def article(body: str) -> str:
    return f"articles:\n  - title: 标题\n    body: |\n      {body}\n"


def png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (200, 60, 40)).save(path)
    return path


def located(exc: pytest.ExceptionInfo[IssueError]) -> list[tuple[int, int, str]]:
    return [
        (d.location.line, d.location.col, d.message)
        for d in exc.value.diagnostics
        if d.location is not None
    ]


def test_a_series_file_elsewhere_is_not_read(tmp_path: Path) -> None:
    """The leak the rule stops: a value of any YAML file printed as the issuer."""
    write(tmp_path / "secret" / "creds.yaml", "masthead:\n  issuer: TOKEN-123\n")
    path = write(
        tmp_path / "inbox" / "issue.yaml",
        "series: ../secret/creds.yaml\n" + HEAD.replace("  issuer: 某办\n", "") + article("正文。"),
    )
    with pytest.raises(IssueError) as caught:
        load(path)
    assert [(line, col) for line, col, _ in located(caught)] == [(1, 9)]
    message = str(caught.value)
    assert "series file" in message and "lies outside the issue's folder" in message
    assert "--allow-outside" in message and "TOKEN" not in message
    assert load(path, allow_outside=True).masthead.issuer.value == "TOKEN-123"


def test_images_and_drafts_elsewhere_are_refused_where_named(tmp_path: Path) -> None:
    png(tmp_path / "elsewhere" / "a.png")
    write(tmp_path / "elsewhere" / "稿.md", "# 标题\n\n正文。\n")
    path = write(
        tmp_path / "issue" / "issue.yaml",
        HEAD
        + "articles:\n"
        + "  - title: 甲\n    body: |\n      ![图](../elsewhere/a.png)\n"
        + "  - file: ../elsewhere/稿.md\n",
    )
    with pytest.raises(IssueError) as caught:
        load(path)
    found = located(caught)
    assert [(line, col) for line, col, _ in found] == [(9, 12), (10, 11)]
    assert found[0][2].startswith("image '") and found[1][2].startswith("draft '")
    assert len(load(path, allow_outside=True).articles) == 2


def test_a_link_out_of_the_folder_is_outside(tmp_path: Path) -> None:
    png(tmp_path / "elsewhere" / "a.png")
    (tmp_path / "issue").mkdir()
    try:
        os.symlink(tmp_path / "elsewhere", tmp_path / "issue" / "images")
    except OSError:
        pytest.skip("no symlinks here")
    path = write(tmp_path / "issue" / "issue.yaml", HEAD + article("![图](images/a.png)"))
    with pytest.raises(IssueError, match=r"image '.*' lies outside"):
        load(path)


def test_a_bulletin_folder_is_within_reach(tmp_path: Path) -> None:
    """Issues a folder below their series file name it and shared images
    with '../': that is the bulletin's own tree."""
    write(tmp_path / "jianbao.yaml", SERIES)
    png(tmp_path / "images" / "logo.png")
    path = write(
        tmp_path / "2026" / "01.yaml",
        "series: ../jianbao.yaml\n"
        "masthead:\n  number: 1\n  date: 2026-03-10\n" + article("![图](../images/logo.png)"),
    )
    assert load(path).masthead.issuer.value == "市创城办"
    reach = reach_for(path, None)
    assert reach.allows(tmp_path / "images" / "logo.png")
    assert not reach.allows(tmp_path.parent / "x.png")


def test_text_from_stdin_reaches_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    png(tmp_path / "work" / "a.png")
    png(tmp_path / "b.png")
    monkeypatch.chdir(tmp_path / "work")
    assert load((HEAD + article("![图](a.png)")).encode()).articles
    with pytest.raises(IssueError, match="lies outside the issue's folder"):
        load((HEAD + article("![图](../b.png)")).encode())


def test_the_command_line_option(tmp_path: Path) -> None:
    png(tmp_path / "b.png")
    path = write(tmp_path / "issue" / "issue.yaml", HEAD + article("![图](../b.png)"))
    out = tmp_path / "out.pdf"
    refused = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert refused.exit_code == 1 and not out.exists()
    assert "issue.yaml:9:12: error: image '" in refused.stderr
    allowed = runner.invoke(app, ["render", str(path), "-o", str(out), "--allow-outside"])
    assert allowed.exit_code == 0, allowed.output
    assert out.read_bytes().startswith(b"%PDF")
    checked = runner.invoke(app, ["check", str(path), "--allow-outside"])
    assert checked.exit_code == 0, checked.output


def test_a_font_file_elsewhere_is_refused_a_font_folder_is_not(tmp_path: Path) -> None:
    import shutil

    from jianbao.fonts.face import bundled_dir

    (tmp_path / "elsewhere").mkdir()
    font = shutil.copy(bundled_dir() / "FandolFang-Regular.ttf", tmp_path / "elsewhere")
    path = write(
        tmp_path / "issue" / "issue.yaml",
        HEAD.replace("masthead:", "fonts: {body: ../elsewhere/FandolFang-Regular.ttf}\nmasthead:")
        + article("正文。"),
    )
    out = tmp_path / "out.pdf"
    refused = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert refused.exit_code == 1 and not out.exists()
    assert "issue.yaml:1:15: error: font file '" in refused.stderr
    # a folder searched for fonts is within reach, and so is --allow-outside
    for extra in (["--font-dir", str(Path(font).parent)], ["--allow-outside"]):
        allowed = runner.invoke(app, ["render", str(path), "-o", str(out), *extra])
        assert allowed.exit_code == 0, allowed.output
