"""jianbao check, new and schema: checking writes nothing; the next issue's
file; the JSON Schema fits every example and agrees with the validator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from clikit import EXAMPLES, issue, report, runner
from conftest import write

from jianbao.cli.app import app
from jianbao.errors import IssueError
from jianbao.issue.load import load_path, load_text
from jianbao.issue.read import read_issue
from jianbao.issue.schema import json_schema, validate

pytestmark = pytest.mark.usefixtures("shared_fonts")


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


def example_files() -> list[Path]:
    """Every example file as written: issues, series issues and the series file."""
    files = sorted(EXAMPLES.rglob("*.yaml"))
    assert EXAMPLES / "series" / "jianbao.yaml" in files and len(files) >= 9
    return files


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
    issues = [p for p in example_files() if p.name != "jianbao.yaml"]
    assert data["counts"] == {"checked": len(issues), "failed": 0}
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
    assert "outside its folder: render it with --allow-outside" in result.stderr
    made = read_issue(Path(result.stdout.strip()), allow_outside=True).issue
    assert made.masthead.issuer.value == "青禾县人民政府办公室" and made.masthead.number == 1


# --- schema ----------------------------------------------------------------------
def test_schema_command_prints_the_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema()


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
