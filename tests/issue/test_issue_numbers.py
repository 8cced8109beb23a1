"""Issue numbers and dates across a series: duplicated numbers, missing
numbers and dates out of order are warnings placed in the issues given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ROOT, write
from serieskit import SERIES, issue

from jianbao.errors import Location
from jianbao.issue.read import read_issue
from jianbao.issue.series import (
    Numbered,
    neighbours,
    sequence_warnings,
    series_issues,
)


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
    root = ROOT / "examples" / "series"
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
