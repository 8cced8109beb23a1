"""Scripting: stdin and stdout, --json reports, exit codes, usage errors
before stdin is read, and real python -m jianbao processes for the pipes
and for parallel jobs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from clikit import EXAMPLES, issue, report, runner
from conftest import said, write

from jianbao.cli.app import app
from jianbao.issue.load import load_text

pytestmark = pytest.mark.usefixtures("shared_fonts")


def jianbao_process(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "jianbao", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=cwd,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


# --- real processes --------------------------------------------------------------
@pytest.mark.slow
def test_stdin_to_stdout_in_a_real_process(tmp_path: Path) -> None:
    proc = jianbao_process("render", "-", "-o", "-", stdin=issue().encode(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.startswith(b"%PDF-") and proc.stdout.rstrip().endswith(b"%%EOF")
    assert proc.stderr.decode().strip() == "<stdout>: 1 page(s)"
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.slow
def test_bad_stdin_in_a_real_process(tmp_path: Path) -> None:
    bad = issue(date="2026/3/10").encode()
    proc = jianbao_process("render", "-", "-o", "-", stdin=bad, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == b""
    err = proc.stderr.decode()
    assert err.startswith("<stdin>:5:9: error: masthead.date must be a date")
    assert "<stdin>: 1 error(s); no PDF written" in err


@pytest.mark.slow
def test_parallel_jobs_in_real_processes(tmp_path: Path) -> None:
    for n in (1, 2, 3):
        write(tmp_path / "in" / f"{n:02d}.yaml", issue(n, f"2026-0{n}-10"))
    write(tmp_path / "in" / "sub" / "04.yaml", issue(4, "2026/4/10"))
    out = tmp_path / "out"
    proc = jianbao_process("render", str(tmp_path / "in"), "--out-dir", str(out), "-j", "2")
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "rendered 3, skipped 0, failed 1" in err
    assert re.search(r"04\.yaml:5:9: error: masthead\.date", err)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        ".jianbao-stamps.json",  # written once, by the parent process
        "01.pdf",
        "02.pdf",
        "03.pdf",
    ]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in out.glob("*.pdf"))
    index = json.loads((out / ".jianbao-stamps.json").read_text("utf-8"))
    assert sorted(index["pdfs"]) == ["01.pdf", "02.pdf", "03.pdf"]
    again = jianbao_process("render", str(tmp_path / "in"), "--out-dir", str(out), "-j", "2")
    assert "rendered 0, skipped 3" in again.stderr.decode()


# --- stdin, stdout and --json through CliRunner -----------------------------------
def test_json_from_stdin_to_stdout() -> None:
    data = json.loads(json.dumps(load_text(issue(), "x").data(), default=str))
    result = runner.invoke(app, ["render", "-"], input=json.dumps(data, ensure_ascii=False))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    assert "<stdout>: 1 page(s)" in result.stderr


def test_stdin_with_a_series(tmp_path: Path) -> None:
    own = "masthead:\n  number: 7\n  date: 2026-07-01\narticles:\n  - title: 甲\n    body: 乙\n"
    series = EXAMPLES / "series" / "jianbao.yaml"
    result = runner.invoke(app, ["render", "-", "--series", str(series), "-o", "-"], input=own)
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["render", "-", "-o", str(tmp_path / "x.pdf")], input=own)
    assert result.exit_code == 1  # stdin has no folder: no jianbao.yaml is looked for
    assert "missing required key 'name'" in result.stderr


def test_json_report(tmp_path: Path) -> None:
    good = write(tmp_path / "a.yaml", issue(1))
    bad = write(tmp_path / "b.yaml", issue(2, "2026/3/10"))
    data = report(["render", str(good), str(bad), "--json", "-j", "1"], 1)
    assert data["ok"] is False and data["command"] == "render"
    assert data["counts"] == {"rendered": 1, "skipped": 0, "failed": 1}
    first, second = data["inputs"]
    assert first["input"] == str(good) and first["status"] == "rendered"
    assert first["output"] == str(tmp_path / "a.pdf") and first["pages"] == 1
    assert isinstance(first["seconds"], float) and first["diagnostics"] == []
    assert second["status"] == "failed" and second["output"] is None
    assert second["diagnostics"] == [
        {
            "severity": "error",
            "file": str(bad),
            "line": 5,
            "col": 9,
            "paragraph": None,
            "message": "masthead.date must be a date written YYYY-MM-DD, got '2026/3/10'",
            "hint": "write 2026-03-10",
        }
    ]
    again = report(["render", str(tmp_path), "--json", "-j", "1"], 1)
    assert [i["status"] for i in again["inputs"]] == ["skipped", "failed"]


# --- exit codes ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["render", "{good}"], 0, "page(s)"),
        (["render", "{bad}"], 1, "error(s); no PDF written"),
        (["render", "{good}", "{bad}"], 1, "failed 1"),
        (["render", "{missing}/*.yaml"], 1, "no issue files match"),
        (["render"], 2, "jianbao render: error: missing ISSUE"),
        (["render", "{good}", "{bad}", "-o", "-"], 2, "exactly one issue"),
        (["render", "-", "{good}"], 2, "cannot be combined"),
        (["render", "{good}", "-o", "-", "--json"], 2, "cannot share stdout"),
        (["render", "{good}", "-j", "0"], 2, "jianbao render: error: --jobs: must be at least 1"),
        (["check", "{good}"], 0, ": ok"),
        (["check", "{bad}"], 1, "1 error(s)"),
        (["new", "{folder}", "--date", "2026-13-01"], 2, "not a date"),
        (["new", "{good}"], 2, "is not a folder"),
        (["new", "{good}/sub"], 1, "error: not a directory"),
        (["new", "{folder}", "--series", "{missing}"], 2, "does not exist"),
        (["render", "{good}", "--series", "{missing}"], 2, "does not exist"),
        (["check", "{good}", "--series", "{folder}"], 2, "is a folder"),
    ],
)
def test_exit_codes(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    names = {
        "good": write(tmp_path / "good.yaml", issue()),
        "bad": write(tmp_path / "bad.yaml", issue(date="2026/3/10")),
        "missing": tmp_path / "missing",
        "folder": tmp_path,
    }
    result = runner.invoke(app, [a.format(**names) for a in args])
    assert result.exit_code == code, result.output
    assert message in said(result.stderr)
    assert "Traceback" not in result.output


def test_help_documents_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert "Exit codes: 0 success, 1 an issue failed, 2 usage error." in " ".join(
        result.stdout.split()
    )


@pytest.mark.parametrize(
    "args",
    [["render", "-", "{good}"], ["render", "-", "-o", "-", "--json"], ["check", "-", "{good}"]],
)
def test_a_usage_error_is_reported_before_stdin_is_read(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal, ``jianbao render - x.yaml`` must not wait for input to
    say it cannot combine them."""
    streams = typer.get_binary_stream

    def binary_stream(name: str) -> Any:
        assert name != "stdin", "stdin read before the usage was checked"
        return streams(name)  # type: ignore[arg-type]

    monkeypatch.setattr(typer, "get_binary_stream", binary_stream)
    good = write(tmp_path / "good.yaml", issue())
    result = runner.invoke(app, [a.format(good=good) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
