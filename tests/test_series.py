"""series: which series file applies, errors where values were written,
sequence warnings, and the next issue's file (``jianbao new``).

Library level only (no PDF is drawn): each case writes a small tree under
``tmp_path``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from jianbao.api import load
from jianbao.errors import IssueError, JianbaoError, Location
from jianbao.issue.kinds import ListOf, Record
from jianbao.issue.load import load_text
from jianbao.issue.read import read_issue
from jianbao.issue.schema import SCHEMA
from jianbao.issue.series import (
    Numbered,
    find_series,
    neighbours,
    sequence_warnings,
    series_issues,
    with_series,
)
from jianbao.issue.template import NOTES, new_issue

SERIES = """\
masthead:
  name: [测试市创建全国文明城市, 工作简报]
  issuer: 市创城办
  mark: 内部资料
colophon:
  report_to: 市委
  copies: 200
"""


def issue(number: int, date: str, extra: str = "") -> str:
    return (
        f"masthead:\n  number: {number}\n  date: {date}\n"
        "articles:\n  - title: 标题\n    body: 正文。\n" + extra
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/jianbao.yaml and tmp/2026/01.yaml (which names no series)."""
    write(tmp_path / "jianbao.yaml", SERIES)
    write(tmp_path / "2026" / "01.yaml", issue(1, "2026-01-10"))
    return tmp_path


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
            "jianbao.yaml:2:1: error:",
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


@pytest.mark.parametrize(
    ("own", "expected"),
    [
        pytest.param(
            "articles:\n  - title: 标题\n    body: 正文。\n",
            ["01.yaml:1:1: error: missing required key 'number' in masthead",
             "01.yaml:1:1: error: missing required key 'date' in masthead"],
            id="no-masthead-at-all",
        ),
        pytest.param(
            "# 第一期\narticles:\n  - title: 标题\n    body: 正文。\n"
            "masthead:\n  date: 2026-01-10\n",
            ["01.yaml:6:3: error: missing required key 'number' in masthead"],
            id="masthead-without-number",
        ),
        pytest.param(
            "",
            ["01.yaml:1:1: error: missing required key 'number' in masthead",
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


# --- sequence -------------------------------------------------------------------
def entry(number: int, date: str, file: str = "", series: str = "s") -> Numbered:
    name = file or f"{number:02d}.yaml"
    return Numbered(
        series,
        name,
        number,
        Location(name, 3, 11),
        dt.date.fromisoformat(date),
        Location(name, 4, 9),
    )


def messages(entries: list[Numbered]) -> list[str]:
    return [str(d).split("\n")[0] for d in sequence_warnings(entries)]


def test_a_clean_sequence_has_no_warnings() -> None:
    assert messages([entry(n, f"2026-0{n}-01") for n in range(1, 7)]) == []


def test_duplicated_number() -> None:
    got = messages([entry(1, "2026-01-01"), entry(2, "2026-02-01"), entry(2, "2026-02-03", "x")])
    assert got == ["x:3:11: warning: issue number 2 of 2026 is also used by 02.yaml"]


def test_missing_numbers_between_the_first_and_the_last() -> None:
    got = messages([entry(2, "2026-01-01"), entry(3, "2026-02-01"), entry(7, "2026-05-01")])
    assert got == ["07.yaml:3:11: warning: no issue 4–6 of 2026 between 03.yaml and 07.yaml"]


def test_dates_out_of_order() -> None:
    got = messages([entry(1, "2026-03-01"), entry(2, "2026-02-01")])
    assert got == [
        "02.yaml:4:9: warning: issue 2 is dated 2026-02-01, before issue 1 (2026-03-01, 01.yaml)"
    ]


def test_years_and_series_are_separate() -> None:
    entries = [
        entry(1, "2025-12-01", "a"),
        entry(1, "2026-01-05", "b"),  # a new year starts again at 1
        entry(3, "2026-02-01", "c", series="other"),  # another series
    ]
    assert messages(entries) == []


def test_context_fills_gaps_but_only_the_issues_given_are_warned_about() -> None:
    """``context``: the other issues of the series (on disk)."""
    four, six = entry(4, "2026-04-01"), entry(6, "2026-06-01")
    assert messages([four, six]) == [
        "06.yaml:3:11: warning: no issue 5 of 2026 between 04.yaml and 06.yaml"
    ]
    disk = [entry(n, f"2026-0{n}-01") for n in (1, 2, 3, 5, 7, 9)]
    assert sequence_warnings([four, six], disk) == []  # 5 is there; 8 is not theirs
    # a problem between the issue given and one on disk is told at the one given
    late = entry(5, "2026-08-01")
    got = [str(d).split("\n")[0] for d in sequence_warnings([four], [late, six])]
    assert got == []  # 4 → 5 is in order; 5 → 6 does not involve 4
    got = [str(d).split("\n")[0] for d in sequence_warnings([six], [four, late])]
    assert got == [
        "06.yaml:4:9: warning: issue 6 is dated 2026-06-01, before issue 5 (2026-08-01, 05.yaml)"
    ]
    got = [str(d).split("\n")[0] for d in sequence_warnings([four], [entry(5, "2026-03-01")])]
    assert got == [
        "04.yaml:4:9: warning: issue 4 is dated 2026-04-01, after issue 5 (2026-03-01, 05.yaml)"
    ]
    twin = entry(4, "2026-04-02", "twin.yaml")
    got = [str(d).split("\n")[0] for d in sequence_warnings([four], [twin])]
    assert got == ["04.yaml:3:11: warning: issue number 4 of 2026 is also used by twin.yaml"]


def test_the_issues_of_a_series_on_disk(tree: Path) -> None:
    write(tree / "2026" / "02.yaml", issue(2, "2026-02-10"))
    write(tree / "2026" / "bad.yaml", "masthead: [\n")  # does not parse: left out
    write(tree / "2026" / "nodate.yaml", "masthead:\n  number: 7\n")  # no date: left out
    write(tree / "other.yaml", SERIES)
    write(tree / "2026" / "03.yaml", "series: ../other.yaml\n" + issue(3, "2026-03-10"))
    write(tree / "notes.json", '{"$schema": "x"}')
    write(tree / "deep" / "er" / "04.yaml", issue(4, "2026-04-10"))
    got = series_issues(tree / "jianbao.yaml")
    names = sorted(Path(n.file).relative_to(tree).as_posix() for n in got)
    assert names == ["2026/01.yaml", "2026/02.yaml", "deep/er/04.yaml"]
    assert {n.series for n in got} == {str((tree / "jianbao.yaml").resolve())}
    assert [(n.number, n.date) for n in got if n.file.endswith("02.yaml")] == [
        (2, dt.date(2026, 2, 10))
    ]
    # --series names the series for issues that name none: then 03 (naming
    # other.yaml) still is not ours, and the rest belong to other.yaml
    assert [n.number for n in series_issues(tree / "other.yaml", tree / "other.yaml")] == [
        1, 2, 3, 4
    ]  # fmt: skip
    given = read_issue(tree / "2026" / "01.yaml")
    numbered = Numbered(
        str(given.series.resolve()) if given.series else "",
        str(tree / "2026" / "01.yaml"),
        1,
        Location("", 1, 1),
        dt.date(2026, 1, 10),
        Location("", 1, 1),
    )
    assert sorted(n.number for n in neighbours([numbered])) == [2, 4]


def test_sequence_warnings_of_the_examples() -> None:
    root = Path(__file__).resolve().parent.parent / "examples" / "series"
    entries = []
    for path in sorted((root / "2026").glob("*.yaml")):
        p = read_issue(path)
        entries.append(
            Numbered(
                str(p.series),
                str(path),
                p.issue.masthead.number,
                Location("", 1, 1),
                p.issue.masthead.date,
                Location("", 1, 1),
            )
        )
    assert [e.number for e in entries] == [1, 2, 3, 4, 5, 6]
    assert sequence_warnings(entries) == []


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


def test_new_issue_with_a_series_elsewhere_names_it(tmp_path: Path) -> None:
    series = write(tmp_path / "shared" / "bulletin.yaml", SERIES)
    made = new_issue(tmp_path / "issues", dt.date(2026, 5, 1), series=series)
    assert "\nseries: ../shared/bulletin.yaml  # " in made.text
    write(made.path, made.text)
    assert load(made.path).masthead.issuer.value == "市创城办"


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
