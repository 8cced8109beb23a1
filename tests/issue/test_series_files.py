"""Series files: which one applies to an issue (its series: key, the option,
a jianbao.yaml above it), how an issue is laid over it key by key, and
errors pointing into the file that wrote the bad value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import write
from serieskit import SERIES, issue

from jianbao.api import load
from jianbao.errors import IssueError
from jianbao.issue.load import load_text
from jianbao.issue.read import read_issue
from jianbao.issue.series import (
    find_series,
    with_series,
)


# --- which series applies ---------------------------------------------------------
def test_find_series_in_the_folder_or_a_parent(tree: Path) -> None:
    series = (tree / "jianbao.yaml").resolve()
    assert find_series(tree) == series
    assert find_series(tree / "2026") == series
    assert find_series(tree / "2026" / "not-yet-made") == series
    (tree / "jianbao.yaml").unlink()
    assert find_series(tree / "2026") is None


def test_series_applies_automatically(tree: Path) -> None:
    got = load(tree / "2026" / "01.yaml")
    assert [t.value for t in got.masthead.name] == ["测试市创建全国文明城市", "工作简报"]
    assert got.masthead.number == 1
    assert got.colophon is not None and got.colophon.copies == 200


def test_issue_overrides_key_by_key_and_lists_replace(tree: Path) -> None:
    path = write(
        tree / "2026" / "02.yaml",
        issue(2, "2026-02-10", "colophon:\n  copies: 80\n").replace(
            "masthead:\n", "masthead:\n  name: [专刊]\n  mark:\n"
        ),
    )
    got = load(path)
    assert [t.value for t in got.masthead.name] == ["专刊"]  # the list replaced, not merged
    assert got.masthead.issuer.value == "市创城办"
    assert got.masthead.mark is None  # blank in the issue: unset
    assert got.colophon is not None
    assert (got.colophon.copies, got.colophon.report_to) == (80, got.colophon.report_to)
    assert got.colophon.report_to is not None and got.colophon.report_to.value == "市委"


def test_series_key_names_a_file_relative_to_the_issue(tree: Path) -> None:
    write(tree / "other.yaml", SERIES.replace("市创城办", "别的办"))
    path = write(tree / "2026" / "03.yaml", "series: ../other.yaml\n" + issue(3, "2026-03-01"))
    loaded = read_issue(path)
    assert loaded.issue.masthead.issuer.value == "别的办"
    assert loaded.series is not None and loaded.series.name == "other.yaml"


def test_default_series_for_text_without_a_folder(tree: Path) -> None:
    doc = load_text(issue(4, "2026-04-01"), "<stdin>")
    assert with_series(doc, None).series is None  # stdin: nothing is looked for
    sourced = with_series(doc, None, tree / "jianbao.yaml")
    assert sourced.series is not None and sourced.doc.data()["masthead"]["issuer"] == "市创城办"


def test_a_series_file_is_not_its_own_series(tree: Path) -> None:
    with pytest.raises(IssueError, match="missing required key 'number'"):
        load(tree / "jianbao.yaml")


# --- errors point where the value was written --------------------------------------
@pytest.mark.parametrize(
    ("series", "own", "expected"),
    [
        pytest.param(
            SERIES.replace("copies: 200", "copies: many"),
            "",
            "jianbao.yaml:7:11: error: colophon.copies must be a positive integer, got 'many'",
            id="bad-value-in-series",
        ),
        pytest.param(
            SERIES.replace("issuer: 市创城办", "isuer: 市创城办"),
            "",
            "jianbao.yaml:3:3: error: unknown key 'isuer' in masthead",
            id="unknown-key-in-series",
        ),
        pytest.param(
            SERIES,
            "colophon:\n  copies: 0\n",
            "01.yaml:8:11: error: colophon.copies must be a positive integer, got 0",
            id="bad-value-in-issue",
        ),
        pytest.param(
            SERIES + "series: x.yaml\n",
            "",
            "jianbao.yaml:8:1: error: 'series' in a series file",
            id="series-in-series",
        ),
        pytest.param(
            "- a\n- b\n",
            "",
            "jianbao.yaml:1:1: error: a series file must be a mapping",
            id="series-not-a-mapping",
        ),
        pytest.param(
            SERIES,
            "series: ../nope.yaml\n",
            "01.yaml:7:9: error: series file '../nope.yaml' not found",
            id="named-series-missing",
        ),
        pytest.param(
            "masthead: {name: [a\n",
            "",
            "jianbao.yaml:1:18: error:",
            id="series-syntax-error",
        ),
    ],
)
def test_errors_point_into_the_file_that_wrote_them(
    tree: Path, series: str, own: str, expected: str
) -> None:
    write(tree / "jianbao.yaml", series)
    path = write(tree / "2026" / "01.yaml", issue(1, "2026-01-10", own))
    with pytest.raises(IssueError) as info:
        load(path)
    shown = [str(d) for d in info.value.diagnostics]
    assert any(
        re.sub(r"^.*?([^/\\]+:\d+:\d+: )", r"\1", line).startswith(expected) for line in shown
    ), shown


KINDS_HINT = "give number: N (第N期), supplement: N or true (增刊), or special: N or true (特刊)"


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        pytest.param(
            "articles:\n  - title: 标题\n    body: 正文。\n",
            ["01.yaml:1:1: error: missing required key 'number' in masthead"
             f"\n  hint: {KINDS_HINT}",
             "01.yaml:1:1: error: missing required key 'date' in masthead"],
            id="no-masthead-at-all",
        ),
        pytest.param(
            "# 第一期\narticles:\n  - title: 标题\n    body: 正文。\n"
            "masthead:\n  date: 2026-01-10\n",
            ["01.yaml:6:3: error: missing required key 'number' in masthead"
             f"\n  hint: {KINDS_HINT}"],
            id="masthead-without-number",
        ),
        pytest.param(
            "",
            ["01.yaml:1:1: error: missing required key 'number' in masthead"
             f"\n  hint: {KINDS_HINT}",
             "01.yaml:1:1: error: missing required key 'date' in masthead",
             "01.yaml:1:1: error: missing required key 'articles'"],
            id="empty-issue",
        ),
    ],
)  # fmt: skip
def test_a_key_missing_after_the_merge_is_reported_in_the_issue(
    tree: Path, own: str, expected: list[str]
) -> None:
    """The series has no number or date: that is the issue's fault, not the
    series file's, so the error points into the issue file."""
    path = write(tree / "2026" / "01.yaml", own)
    with pytest.raises(IssueError) as info:
        load(path)
    shown = [re.sub(r"^.*?([^/\\]+:\d+:\d+: )", r"\1", str(d)) for d in info.value.diagnostics]
    assert shown == expected
