"""jianbao render: where the PDF goes, exit codes, what the user reads on
stderr (file:line:col: error: …, no PDF written), --version, --help,
--debug."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import said
from typer.testing import CliRunner

from jianbao import __version__
from jianbao.cli.app import app
from jianbao.errors import IssueError

runner = CliRunner()
GOOD = "正文第一段。"
OLD_PDF = b"%PDF-1.3 an older render\n"


@pytest.fixture
def issue(tmp_path: Path, issue_yaml: Callable[..., str]) -> Path:
    path = tmp_path / "issue.yaml"
    path.write_text(issue_yaml([("标题", [GOOD])]), encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- bad input ------------------------------------------------------------------
BAD = [
    # (issue text, every expected "line:col: error: message" prefix)
    (
        "masthead:\n  name: 简报\n  number: 8\n  issuer: 某办\n  date: 2021/3/10\n"
        "articles:\n  - title: 标题\n    body: 正文。\n",
        ["5:9: error: masthead.date must be a date written YYYY-MM-DD, got '2021/3/10'"],
    ),
    (
        "masthead:\n  name: 简报\n  numbr: 8\n  issuer: 某办\n  date: 2021-03-10\n"
        "articles:\n  - title: 标题\n    body: 正文。\n",
        [
            "2:3: error: missing required key 'number' in masthead",
            "3:3: error: unknown key 'numbr' in masthead",
        ],
    ),
    (
        "masthead:\n  name: 简报\n  number: 8\n  issuer: 某办\n  date: 2021-03-10\n"
        "articles:\n  - title: [标题\n    body: 正文。\n",
        ["8:9: error: a list in [ ] is not closed"],
    ),
    (
        "masthead:\n  name: 简报\n  number: 8\n  issuer: 某办\n  date: 2021-03-10\n"
        "articles:\n  - title: 标题\n    body: 正文😀。\n",
        ["8:13: error: character '😀' (U+1F600 GRINNING FACE) is not in the body"],
    ),
    ("", ["1:1: error: the file is empty"]),
]


# --- success --------------------------------------------------------------------
def test_render_writes_pdf_beside_issue(issue: Path) -> None:
    result = runner.invoke(app, ["render", str(issue)])
    assert result.exit_code == 0, result.output
    pdf = issue.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert f"{pdf}: 1 page(s)" in result.stderr
    assert result.stdout == ""
    assert leftovers(issue.parent) == []


@pytest.mark.parametrize("flag", ["-o", "--output"])
def test_output_option(issue: Path, tmp_path: Path, flag: str) -> None:
    out = tmp_path / "elsewhere" / "bulletin.pdf"
    out.parent.mkdir()
    result = runner.invoke(app, ["render", str(issue), flag, str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert not issue.with_suffix(".pdf").exists()


def test_render_replaces_an_existing_pdf(issue: Path) -> None:
    pdf = issue.with_suffix(".pdf")
    pdf.write_bytes(OLD_PDF)
    result = runner.invoke(app, ["render", str(issue)])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes() != OLD_PDF


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"jianbao {__version__}"


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["render", "--help"]])
def test_help_mentions_an_example(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    flat = said(result.stdout)
    assert "Example" in flat
    assert "jianbao render examples/liaocheng-2021-08.yaml" in flat


@pytest.mark.slow
def test_subprocess_renders_flagship(
    flagship_subprocess: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    proc, out = flagship_subprocess
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.strip() == f"{out}: 7 page(s)"
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(("text", "messages"), BAD)
def test_bad_issue(tmp_path: Path, text: str, messages: list[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    pdf = path.with_suffix(".pdf")
    pdf.write_bytes(OLD_PDF)
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    for message in messages:
        assert any(line.startswith(f"{path}:{message}") for line in lines), result.stderr
    errors = [line for line in lines if re.match(r"^\S+:\d+:\d+: error: ", line)]
    assert len(errors) == len(messages)
    assert f"{len(messages)} error(s); no PDF written" in result.stderr
    assert "Traceback" not in result.output
    assert pdf.read_bytes() == OLD_PDF  # an existing PDF is not overwritten
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["bad.yaml", pdf.name])


def test_bad_issue_writes_no_pdf(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD[0][0], encoding="utf-8")
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == [path]


def test_bad_issue_keeps_existing_output(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD[1][0], encoding="utf-8")
    out = tmp_path / "out.pdf"
    out.write_bytes(OLD_PDF)
    result = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "2 error(s); no PDF written" in result.stderr
    assert out.read_bytes() == OLD_PDF
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out.pdf"]


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(app, ["render", str(missing)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert "error:" in first and str(missing) in first and "no such file" in first
    assert list(tmp_path.iterdir()) == []


def test_output_would_overwrite_issue(issue: Path) -> None:
    before = issue.read_bytes()
    result = runner.invoke(app, ["render", str(issue), "-o", str(issue)])
    assert result.exit_code == 1
    assert "overwrite the issue file" in result.stderr
    assert issue.read_bytes() == before


def test_an_output_that_is_no_pdf_is_never_overwritten(issue: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"  # -o other.yaml, meant: other.pdf
    other.write_bytes(issue.read_bytes())
    result = runner.invoke(app, ["render", str(issue), "-o", str(other)])
    assert result.exit_code == 1
    assert f"{other}: the output would overwrite a file that is not a PDF" in said(result.stderr)
    assert other.read_bytes() == issue.read_bytes()
    old = tmp_path / "old.pdf"
    old.write_bytes(OLD_PDF)  # an older render is replaced as ever
    assert runner.invoke(app, ["render", str(issue), "-o", str(old)]).exit_code == 0
    assert old.read_bytes().startswith(b"%PDF-") and old.read_bytes() != OLD_PDF


def test_a_symlinked_output_stays_a_symlink(issue: Path, tmp_path: Path) -> None:
    link = tmp_path / "latest.pdf"
    link.symlink_to("issue-8.pdf")
    assert runner.invoke(app, ["render", str(issue), "-o", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert (tmp_path / "issue-8.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_output_is_written_through_not_replaced(issue: Path, tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, ["render", str(issue), "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b"%PDF-")
    assert fifo.is_fifo()


def test_a_character_device_output_is_written_through(issue: Path) -> None:
    devnull = Path(os.devnull)
    if not devnull.exists() or not devnull.is_char_device():
        pytest.skip("no character device to write to")
    assert runner.invoke(app, ["render", str(issue), "-o", str(devnull)]).exit_code == 0
    assert devnull.is_char_device()  # as root, a replace would have made it a file


@pytest.mark.parametrize("where", ["no-such-folder/out.pdf"])  # -o DIR: see test_batch_faults
def test_unwritable_output_names_the_target(issue: Path, tmp_path: Path, where: str) -> None:
    out = tmp_path / where
    result = runner.invoke(app, ["render", str(issue), "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"cannot write {out}" in result.stderr
    assert ".tmp" not in result.stderr
    assert not list(tmp_path.glob("**/.*.tmp"))


def test_coverage_hint_names_real_options(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD[3][0], encoding="utf-8")
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 1
    hinted = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", result.stderr))
    assert hinted, result.stderr
    help_text = runner.invoke(app, ["render", "--help"]).stdout
    offered = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", help_text))
    assert hinted <= offered


# --- usage errors and --debug -----------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [["render"], ["render", "x.yaml", "--bogus"], ["frobnicate"], ["render", "a.yaml", "-j", "0"]],
)
def test_usage_error_exits_2(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("jianbao")  # jianbao render: error: …, as diagnostics read
    assert ": error: " in result.stderr
    assert "Traceback" not in result.output


def test_debug_reraises_in_process(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD[0][0], encoding="utf-8")
    result = runner.invoke(app, ["render", str(path), "--debug"])
    assert result.exit_code == 1
    assert isinstance(result.exception, IssueError)
    assert not path.with_suffix(".pdf").exists()


@pytest.mark.slow
def test_debug_shows_traceback_in_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD[0][0], encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "jianbao", "render", str(path), "--debug"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr
    assert "IssueError" in proc.stderr
    assert not path.with_suffix(".pdf").exists()
