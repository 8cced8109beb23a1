"""The next issue's file (jianbao new): its number, date, running total,
the series' keys as comments in Chinese, and a valid file from nothing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import write
from serieskit import SERIES, issue

from jianbao.api import load
from jianbao.errors import IssueError, JianbaoError
from jianbao.issue.kinds import ListOf, Record
from jianbao.issue.schema import SCHEMA
from jianbao.issue.template import NOTES, new_issue


# --- the next issue ----------------------------------------------------------------
def schema_keys(record: Record, prefix: str = "") -> list[str]:
    out = []
    for f in record.fields:
        out.append(prefix + f.key)
        kind = f.kind.item if isinstance(f.kind, ListOf) else f.kind
        if isinstance(kind, Record):
            out += schema_keys(kind, prefix + f.key + ".")
    return out


def test_new_issue_in_a_series(tree: Path) -> None:
    write(tree / "2026" / "02.yaml", issue(2, "2026-02-10"))
    write(tree / "2025" / "09.yaml", issue(9, "2025-12-01"))
    made = new_issue(tree / "2026", dt.date(2026, 3, 5))
    assert made.path == tree / "2026" / "2026-03.yaml"
    assert made.number == 3
    made.path.write_text(made.text, encoding="utf-8")
    got = load(made.path)
    assert (got.masthead.number, got.masthead.date) == (3, dt.date(2026, 3, 5))
    assert got.masthead.issuer.value == "市创城办"  # from the series, not repeated
    assert "# issuer: 市创城办" in made.text


def test_new_issue_every_key_commented_in_chinese(tree: Path) -> None:
    text = new_issue(tree / "2026", dt.date(2026, 3, 5)).text
    for key in schema_keys(SCHEMA):
        name = key.rsplit(".", 1)[-1]
        line = re.search(rf"^[ #-]*{name}:.*$", text, re.M)
        assert line, key
        note = line.group(0).rsplit("  # ", 1)[-1]
        assert re.search("[\u4e00-\u9fff]", note), (key, line.group(0))
        assert key in NOTES, f"{key}: add its Chinese note to template.NOTES"
    for role in ("title", "body", "heading", "kai", "folio"):
        assert re.search(rf"^  # {role}:.*  # .*[\u4e00-\u9fff]", text, re.M), role


def test_new_issue_starts_a_new_year_at_one(tree: Path) -> None:
    made = new_issue(tree / "2027", dt.date(2027, 1, 4))
    assert (made.number, made.path.name) == (1, "2027-01.yaml")


def test_new_issue_continues_the_running_total(tree: Path) -> None:
    write(
        tree / "2026" / "01.yaml",
        issue(1, "2026-01-10").replace("  number", "  total: 41\n  number"),
    )
    made = new_issue(tree / "2026", dt.date(2026, 2, 1))
    assert "  total: 42  # " in made.text


def test_new_issue_counts_a_supplement_in_the_total_only(tree: Path) -> None:
    write(
        tree / "2026" / "01.yaml",
        issue(1, "2026-01-10").replace("  number", "  total: 41\n  number"),
    )
    supplement = "masthead:\n  supplement: 1\n  total: 42\n  date: 2026-01-20\n"
    write(tree / "2026" / "s1.yaml", supplement + "articles:\n  - {title: 甲, body: 乙。}\n")
    made = new_issue(tree / "2026", dt.date(2026, 2, 1))
    assert made.number == 2  # 增刊 are numbered apart
    assert "  total: 43  # " in made.text
    assert not re.search(r"^ *supplement:", made.text, re.M)  # not copied, only commented


def test_new_issue_with_a_series_elsewhere_names_it(tmp_path: Path) -> None:
    series = write(tmp_path / "shared" / "bulletin.yaml", SERIES)
    made = new_issue(tmp_path / "issues", dt.date(2026, 5, 1), series=series)
    assert "\nseries: ../shared/bulletin.yaml  # " in made.text
    write(made.path, made.text)
    # beyond the issue's folder and its bulletin's: read only when allowed
    with pytest.raises(IssueError, match=r"series file .* lies outside the issue's folder"):
        load(made.path)
    assert load(made.path, allow_outside=True).masthead.issuer.value == "市创城办"


def test_new_issue_without_a_series_copies_the_latest_issue(tmp_path: Path) -> None:
    previous = issue(4, "2026-04-01").replace(
        "masthead:\n", "masthead:\n  name: 旧报\n  issuer: 某办\n"
    )
    write(tmp_path / "2026-04.yaml", previous + "colophon:\n  copies: 30\n")
    made = new_issue(tmp_path, dt.date(2026, 5, 1))
    assert made.number == 5 and made.series is None
    write(made.path, made.text)
    got = load(made.path)
    assert (got.masthead.name[0].value, got.masthead.issuer.value) == ("旧报", "某办")
    assert got.colophon is not None and got.colophon.copies == 30
    assert got.articles[0].title[0].value == "（标题）"


def test_new_issue_from_nothing_is_valid(tmp_path: Path) -> None:
    made = new_issue(tmp_path, dt.date(2026, 5, 1))
    write(made.path, made.text)
    assert load(made.path).masthead.name[0].value == "（简报名称）"


def test_new_issue_missing_series(tmp_path: Path) -> None:
    with pytest.raises(JianbaoError, match="series file not found"):
        new_issue(tmp_path, dt.date(2026, 5, 1), series=tmp_path / "nope.yaml")


def test_new_issue_without_a_series_copies_the_latest_issues_fonts(tmp_path: Path) -> None:
    previous = issue(4, "2026-04-01").replace(
        "masthead:\n", "masthead:\n  name: 旧报\n  issuer: 某办\n"
    )
    fonts = "fonts:\n  body: [FandolFang, FandolSong]\n  title: FandolSong\n"
    write(tmp_path / "2026-04.yaml", previous + fonts)
    made = new_issue(tmp_path, dt.date(2026, 5, 1))
    assert "\nfonts:  # " in made.text and "\n  body: [FandolFang, FandolSong]  # " in made.text
    assert "\n  # heading:  # " in made.text
    write(made.path, made.text)
    got = load(made.path)
    assert {c.role: [n.value for n in c.names] for c in got.fonts} == {
        "title": ["FandolSong"],
        "body": ["FandolFang", "FandolSong"],
    }


def test_new_issue_sees_the_issues_of_its_folder_outside_the_series_folder(
    tmp_path: Path,
) -> None:
    series = write(tmp_path / "shared" / "bulletin.yaml", SERIES)
    write(tmp_path / "shared" / "2026" / "01.yaml", issue(1, "2026-01-10"))
    issues = tmp_path / "issues"
    numbers = []
    for day in (2, 3):
        made = new_issue(issues, dt.date(2026, 5, day), series=series)
        write(made.path, made.text)
        numbers.append(made.number)
    # then without --series: the folder's issues name the series, so does the next
    made = new_issue(issues, dt.date(2026, 5, 4))
    assert [*numbers, made.number] == [2, 3, 4]
    assert made.series == series.resolve()
    assert "\nseries: ../shared/bulletin.yaml  # " in made.text


def test_new_issue_counts_issues_that_name_no_series_under_series_option(
    tmp_path: Path,
) -> None:
    series = write(tmp_path / "bulletin.yaml", SERIES)  # no jianbao.yaml: render --series
    write(tmp_path / "2026" / "07.yaml", issue(7, "2026-04-10"))
    made = new_issue(tmp_path / "2026", dt.date(2026, 5, 1), series=series)
    assert made.number == 8
