"""Scripting: stdin and stdout, ``--json``, exit codes, ``check``, ``new``
and ``schema`` — through typer's CliRunner, and real ``python -m jianbao``
processes for the pipes and for parallel jobs."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import said
from typer.testing import CliRunner

from jianbao.cli.app import app
from jianbao.errors import IssueError
from jianbao.issue.load import load_path, load_text
from jianbao.issue.read import read_issue
from jianbao.issue.schema import json_schema, validate

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
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


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


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


pytestmark = pytest.mark.usefixtures("shared_fonts")


# --- real processes --------------------------------------------------------------
def test_stdin_to_stdout_in_a_real_process(tmp_path: Path) -> None:
    proc = jianbao_process("render", "-", "-o", "-", stdin=issue().encode(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.startswith(b"%PDF-") and proc.stdout.rstrip().endswith(b"%%EOF")
    assert proc.stderr.decode().strip() == "<stdout>: 1 page(s)"
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_bad_stdin_in_a_real_process(tmp_path: Path) -> None:
    bad = issue(date="2026/3/10").encode()
    proc = jianbao_process("render", "-", "-o", "-", stdin=bad, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == b""
    err = proc.stderr.decode()
    assert err.startswith("<stdin>:5:9: error: masthead.date must be a date")
    assert "<stdin>: 1 error(s); no PDF written" in err


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


def report(args: list[str], code: int, stdin: str | None = None) -> dict[str, Any]:
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == code, result.output
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


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
        (["render"], 2, "Usage:"),
        (["render", "{good}", "{bad}", "-o", "-"], 2, "exactly one issue"),
        (["render", "-", "{good}"], 2, "cannot be combined"),
        (["render", "{good}", "-o", "-", "--json"], 2, "cannot share stdout"),
        (["render", "{good}", "-j", "0"], 2, "Usage:"),
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


# --- check -----------------------------------------------------------------------
def test_check_reports_like_render_and_writes_nothing(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", issue(date="2026/3/10").replace("正文", "正文😀"))
    checked = runner.invoke(app, ["check", str(bad)])
    rendered = runner.invoke(app, ["render", str(bad)])
    assert checked.exit_code == rendered.exit_code == 1
    diagnostics = [line for line in checked.stderr.splitlines() if ": error: " in line]
    assert diagnostics == [line for line in rendered.stderr.splitlines() if ": error: " in line]
    assert len(diagnostics) == 1  # the date; coverage is checked once the file is valid
    write(bad, issue().replace("正文", "正文😀"))
    checked = runner.invoke(app, ["check", str(bad)])
    assert checked.exit_code == 1 and "U+1F600" in checked.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_check_json_and_the_examples() -> None:
    before = sorted(EXAMPLES.rglob("*"))
    data = report(["check", str(EXAMPLES), "--json"], 0)
    assert data["counts"] == {"checked": 7, "failed": 0}
    assert {i["status"] for i in data["inputs"]} == {"checked"}
    assert sorted(EXAMPLES.rglob("*")) == before  # nothing written


# --- new -------------------------------------------------------------------------
def test_new_writes_the_next_issue_with_today(tmp_path: Path) -> None:
    write(tmp_path / "jianbao.yaml", "masthead:\n  name: 测试简报\n  issuer: 某办\n")
    today = dt.date.today()
    write(
        tmp_path / "issues" / "a.yaml",
        issue(4, today.isoformat()).replace("  name: 测试简报\n", ""),
    )
    result = runner.invoke(app, ["new", str(tmp_path / "issues")])
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == tmp_path / "issues" / f"{today.year}-05.yaml"
    made = read_issue(path).issue
    assert (made.masthead.number, made.masthead.date) == (5, today)
    again = runner.invoke(app, ["new", str(tmp_path / "issues"), "--date", today.isoformat()])
    assert again.exit_code == 0 and again.stdout.strip().endswith(f"{today.year}-06.yaml")


def test_new_never_overwrites(tmp_path: Path) -> None:
    taken = write(tmp_path / "2026-01.yaml", "# mine\n")
    result = runner.invoke(app, ["new", str(tmp_path), "--date", "2026-01-05"])
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert taken.read_text(encoding="utf-8") == "# mine\n"


def test_new_with_series_option(tmp_path: Path) -> None:
    series = EXAMPLES / "series" / "jianbao.yaml"
    result = runner.invoke(
        app, ["new", str(tmp_path), "--series", str(series), "--date", "2027-01-04"]
    )
    assert result.exit_code == 0, result.output
    made = read_issue(Path(result.stdout.strip())).issue
    assert made.masthead.issuer.value == "青禾县人民政府办公室" and made.masthead.number == 1


# --- schema ----------------------------------------------------------------------
def test_schema_command_prints_the_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema()


def example_data() -> list[Any]:
    """Every example issue, its series applied, as plain JSON data."""
    paths = [
        EXAMPLES / "liaocheng-2021-08.yaml",
        *sorted((EXAMPLES / "series").rglob("2026-*.yaml")),
    ]
    return [json.loads(json.dumps(read_issue(p).doc.data(), default=str)) for p in paths]


HEAD = {"name": "a", "number": 1, "issuer": "b", "date": "2026-01-01"}
ONE = [{"title": "t", "body": "b"}]
# Valid for the schema, which fits issues a series file completes; the
# validator, which sees the issue with its series, wants the rest.
INCOMPLETE: list[Any] = [
    {},
    {"masthead": HEAD},
    {"articles": ONE},
    {"masthead": {"number": 1, "date": "2026-01-01"}, "articles": ONE},
]
BAD_DATA: list[Any] = [
    [],
    {"masthead": {**HEAD, "number": 0}, "articles": ONE},
    {"masthead": {**HEAD, "date": "2026/1/1"}, "articles": ONE},
    {"masthead": {**HEAD, "name": []}, "articles": ONE},
    {"masthead": HEAD, "articles": []},
    {"masthead": HEAD, "articles": ONE, "zzz": 1},
    {"masthead": HEAD, "articles": ONE, "fonts": {"bold": "x"}},
    {"masthead": HEAD, "articles": ONE, "series": 3},
    {"masthead": HEAD, "articles": ONE, "contents": "yes"},
    {"masthead": HEAD, "articles": [{"title": "t"}]},  # no series can give an article's body
    {"articles": [{"body": "b"}]},
]


def test_the_schema_and_the_validator_agree() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.Draft202012Validator(schema)
    for data in example_data():
        checker.validate(data)  # every example passes both
        validate(load_text(json.dumps(data, ensure_ascii=False), "x.json"))
    for data in BAD_DATA:
        assert not checker.is_valid(data), data
        with pytest.raises(IssueError):
            validate(load_text(json.dumps(data, ensure_ascii=False), "x.json"))
    for data in INCOMPLETE:
        checker.validate(data)
        with pytest.raises(IssueError, match="missing required key"):
            validate(load_text(json.dumps(data, ensure_ascii=False), "x.json"))


def example_files() -> list[Path]:
    """Every example file as written: issues, series issues and the series file."""
    files = [*sorted(EXAMPLES.glob("*.yaml")), *sorted((EXAMPLES / "series").rglob("*.yaml"))]
    assert EXAMPLES / "series" / "jianbao.yaml" in files and len(files) == 8
    return files


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_every_example_file_fits_the_schema(path: Path) -> None:
    """The schema is for editors: each file as written — an issue that leaves
    its masthead to the series, the series file itself — passes it."""
    jsonschema = pytest.importorskip("jsonschema")
    checker = jsonschema.Draft202012Validator(json_schema())
    data = json.loads(json.dumps(load_path(path).data(), default=str))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in checker.iter_errors(data)]
    assert errors == []
    assert "a series file" in str(json_schema()["description"])


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
