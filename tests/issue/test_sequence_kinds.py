"""增刊, 特刊 and 总第 N 期 across a series: supplements and special issues
are numbered apart from the regular 第N期, and running numbers are checked
across all years and kinds, and against 期号 within a year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import write
from serieskit import issue

from jianbao.errors import Location
from jianbao.issue.load import load_path
from jianbao.issue.series import (
    Kind,
    Numbered,
    numbered,
    sequence_warnings,
    series_issues,
)
from jianbao.model import Masthead, Text


def entry(
    number: int | None,
    date: str,
    file: str = "",
    *,
    kind: Kind = "regular",
    total: int | None = None,
    series: str = "s",
) -> Numbered:
    name = file or f"{number:02d}.yaml"
    return Numbered(
        series,
        name,
        number,
        Location(name, 3, 11),
        dt.date.fromisoformat(date),
        Location(name, 4, 9),
        kind=kind,
        total=total,
        total_at=None if total is None else Location(name, 5, 10),
    )


def supplement(number: int | None, date: str, file: str, total: int | None = None) -> Numbered:
    return entry(number, date, file, kind="supplement", total=total)


def lines(issues: list[Numbered], context: list[Numbered] | None = None) -> list[str]:
    return [str(d) for d in sequence_warnings(issues, context or [])]


def messages(issues: list[Numbered], context: list[Numbered] | None = None) -> list[str]:
    return [line.split("\n")[0] for line in lines(issues, context)]


COUNT_HINT = (
    "  hint: 总第 goes up by one with each issue (增刊 and 特刊 that carry one included); "
    "check total: or number:"
)


# --- 增刊 and 特刊: numbered apart -----------------------------------------------------
def test_a_supplement_does_not_break_the_regular_sequence() -> None:
    entries = [
        entry(1, "2026-01-10"),
        entry(2, "2026-02-10"),
        supplement(2, "2026-02-01", "s2.yaml"),  # the number of a regular issue, dated before it
        supplement(None, "2026-01-01", "s.yaml"),  # 增刊 alone
        entry(3, "2026-03-10"),
        entry(5, "2026-04-10", "special.yaml", kind="special"),  # 特刊第5期: no 特刊第1–4期 asked
    ]
    assert messages(entries) == []


def test_supplement_duplicates_gaps_and_dates() -> None:
    entries = [
        supplement(1, "2026-03-01", "s1.yaml"),
        supplement(1, "2026-03-02", "twin.yaml"),
        supplement(4, "2026-02-01", "s4.yaml"),
        entry(2, "2026-01-10"),  # regular issues fill no gap of the supplements
        entry(3, "2026-01-20"),
    ]
    assert lines(entries) == [
        "s4.yaml:3:11: warning: no supplement 2–3 of 2026 (增刊第2–3期) "
        "between s1.yaml and s4.yaml",
        "s4.yaml:4:9: warning: supplement 4 (增刊第4期) is dated 2026-02-01, before supplement 1 "
        "(2026-03-01, s1.yaml)\n  hint: check the date or the number",
        "twin.yaml:3:11: warning: supplement number 1 of 2026 (增刊第1期) is also used by s1.yaml"
        "\n  hint: give each supplement its own number",
    ]


def test_special_issues_have_their_own_sequence() -> None:
    entries = [
        entry(1, "2026-05-01", "t1.yaml", kind="special"),
        entry(1, "2026-05-02", "t1b.yaml", kind="special"),
        supplement(1, "2026-05-03", "s1.yaml"),
        entry(1, "2026-01-10"),
    ]
    assert messages(entries) == [
        "t1b.yaml:3:11: warning: special issue number 1 of 2026 (特刊第1期) is also used by t1.yaml"
    ]


def test_supplements_without_a_number_are_in_no_sequence() -> None:
    entries = [supplement(None, "2026-03-01", "a.yaml"), supplement(None, "2026-01-01", "b.yaml")]
    assert messages(entries) == []


# --- 总第 N 期: across years and kinds ------------------------------------------------
def test_running_numbers_with_gaps() -> None:
    entries = [
        entry(1, "2024-01-10", "a.yaml", total=101),
        entry(1, "2025-01-10", "b.yaml", total=104),
        supplement(None, "2026-01-01", "c.yaml", total=109),
    ]
    assert lines(entries) == [
        "b.yaml:5:10: warning: no issue 总第102–103期 between a.yaml and b.yaml",
        "c.yaml:5:10: warning: no issue 总第105–108期 between b.yaml and c.yaml",
    ]


def test_a_gap_in_running_numbers_between_consecutive_issues_is_a_count_that_jumps() -> None:
    """第1, 2, 3期 with 总第101, 104, 109期: no issue is missing, the running
    numbers are wrong (not "no issue 总第102–103期")."""
    entries = [
        entry(1, "2026-01-10", total=101),
        entry(2, "2026-02-10", total=104),
        entry(3, "2026-03-10", total=109),
    ]
    assert messages(entries) == [
        "02.yaml:5:10: warning: issue 2 of 2026 is 总第104期, but issue 1 (01.yaml) is 总第101期: "
        "expected 总第102期 for issue 2",
        "03.yaml:5:10: warning: issue 3 of 2026 is 总第109期, but issue 2 (02.yaml) is 总第104期: "
        "expected 总第105期 for issue 3",
    ]


def test_running_number_used_twice() -> None:
    entries = [
        entry(5, "2026-05-10", total=105),
        supplement(None, "2026-05-20", "s.yaml", total=105),
    ]
    assert lines(entries) == [
        "s.yaml:5:10: warning: running number 105 (总第105期) is also used by 05.yaml"
        "\n  hint: give each issue its own running number (total:)"
    ]
    # an issue given twice (the same 期号 too) is told once, by its number
    twin = entry(5, "2026-05-11", "twin.yaml", total=105)
    assert messages([entry(5, "2026-05-10", total=105), twin]) == [
        "twin.yaml:3:11: warning: issue number 5 of 2026 is also used by 05.yaml"
    ]


def test_running_numbers_out_of_date_order() -> None:
    three = entry(3, "2026-03-10", total=103)
    early = supplement(None, "2026-02-01", "s.yaml", total=104)
    assert lines([three, early]) == [
        "s.yaml:5:10: warning: issue 总第104期 is dated 2026-02-01, before issue 总第103期 "
        "(2026-03-10, 03.yaml)\n  hint: check the date or the running number (total:)"
    ]
    # told at the issue given when the other one is on disk
    assert messages([three], [early]) == [
        "03.yaml:5:10: warning: issue 总第103期 is dated 2026-03-10, after issue 总第104期 "
        "(2026-02-01, s.yaml)"
    ]
    # across a year boundary, too
    december = entry(12, "2025-12-10", total=114)  # should be 总第112期
    january = entry(1, "2026-01-10", "2026-01.yaml", total=113)
    assert messages([december, january]) == [
        "12.yaml:5:10: warning: issue 总第114期 is dated 2025-12-10, before issue 总第113期 "
        "(2026-01-10, 2026-01.yaml)"
    ]


def test_running_number_that_jumps_within_a_year() -> None:
    entries = [entry(n, f"2026-0{n}-10", total=t) for n, t in ((1, 101), (2, 102), (3, 103))]
    four, five = entry(4, "2026-04-10", total=105), entry(5, "2026-05-10", total=106)
    assert lines([*entries, four, five]) == [
        "04.yaml:5:10: warning: issue 4 of 2026 is 总第105期, but issue 3 (03.yaml) is 总第103期: "
        "expected 总第104期 for issue 4\n" + COUNT_HINT
    ]  # 5 counts on from 4: the count changed once, and is told once
    # one wrong running number is told once, though the next issue does not fit it either
    odd = entry(4, "2026-04-10", total=110)
    assert messages([*entries, odd, entry(5, "2026-05-10", total=105)]) == [
        "04.yaml:5:10: warning: issue 4 of 2026 is 总第110期, but issue 3 (03.yaml) is 总第103期: "
        "expected 总第104期 for issue 4"
    ]
    # told at the issue given when the one that does not fit is on disk
    assert messages([entries[2]], [four]) == [
        "03.yaml:5:10: warning: issue 3 of 2026 is 总第103期, but issue 4 (04.yaml) is 总第105期: "
        "expected 总第104期 for issue 4"
    ]


def test_supplements_with_a_running_number_are_counted() -> None:
    entries = [
        entry(3, "2026-03-10", total=103),
        supplement(1, "2026-03-20", "s1.yaml", total=104),
        entry(4, "2026-04-10", total=105),
        entry(6, "2026-06-10", total=107),  # 第5期 (总第106期) not written yet
        entry(7, "2026-07-10"),  # no running number: not counted against
    ]
    assert messages(entries) == [
        "06.yaml:3:11: warning: no issue 5 of 2026 between 04.yaml and 06.yaml"
    ]
    # without the supplement, 第4期 should have been 总第104期
    assert messages([entries[0], entries[2]]) == [
        "04.yaml:5:10: warning: issue 4 of 2026 is 总第105期, but issue 3 (03.yaml) is 总第103期: "
        "expected 总第104期 for issue 4"
    ]


def test_numbers_start_again_each_year_and_running_numbers_go_on() -> None:
    entries = [
        entry(11, "2025-11-10", "2025-11.yaml", total=111),
        entry(12, "2025-12-10", "2025-12.yaml", total=112),
        entry(1, "2026-01-10", "2026-01.yaml", total=113),
        entry(2, "2026-02-10", "2026-02.yaml", total=114),
    ]
    assert messages(entries) == []


def test_series_are_separate() -> None:
    entries = [
        entry(1, "2026-01-10", "a.yaml", total=101),
        entry(1, "2026-01-10", "b.yaml", total=101, series="other"),
        entry(2, "2026-02-10", "c.yaml", total=150, series="third"),
    ]
    assert messages(entries) == []


# --- entries from issues ----------------------------------------------------------
def test_numbered_takes_kind_and_running_number_from_the_masthead(tree: Path) -> None:
    path = write(
        tree / "2026" / "s1.yaml",
        "masthead:\n  supplement: 1\n  total: 104\n  date: 2026-03-20\n"
        "articles:\n  - title: 标题\n    body: 正文。\n",
    )
    doc = load_path(path)
    masthead = Masthead((), 1, Text("市创城办"), dt.date(2026, 3, 20), 104, kind="supplement")
    got = numbered(doc, tree / "jianbao.yaml", masthead)
    assert got is not None
    assert (got.kind, got.number, got.total) == ("supplement", 1, 104)
    assert (str(got.number_at), str(got.total_at), str(got.date_at)) == (
        f"{path}:2:15",
        f"{path}:3:10",
        f"{path}:4:9",
    )
    plain = Masthead((), 2, Text("市创城办"), dt.date(2026, 2, 10))
    two = numbered(load_path(write(tree / "2026" / "02.yaml", issue(2, "2026-02-10"))), tree, plain)
    assert two is not None and two.total is None and two.total_at is None
    assert numbered(doc, None, masthead) is None


def test_the_issues_of_a_series_on_disk_by_kind(tree: Path) -> None:
    write(tree / "jianbao.yaml", "masthead:\n  issuer: 市创城办\n  total: 99\n")  # not an issue's
    body = "articles:\n  - title: 标题\n    body: 正文。\n"
    write(
        tree / "2026" / "02.yaml",
        issue(2, "2026-02-10", "").replace("date:", "total: 102\n  date:"),
    )
    write(tree / "2026" / "s1.yaml", f"masthead:\n  supplement: 1\n  date: 2026-02-20\n{body}")
    write(
        tree / "2026" / "s.yaml",
        f"masthead:\n  supplement: yes\n  total: 103\n  date: 2026-03-01\n{body}",
    )
    write(tree / "2026" / "t2.yaml", f"masthead:\n  special: 2\n  date: 2026-04-01\n{body}")
    write(tree / "2026" / "off.yaml", f"masthead:\n  supplement: false\n  date: 2026-04-01\n{body}")
    write(tree / "2026" / "zero.yaml", f"masthead:\n  special: 0\n  date: 2026-04-01\n{body}")
    got = {
        Path(n.file).name: (n.kind, n.number, n.total) for n in series_issues(tree / "jianbao.yaml")
    }
    assert got == {
        "01.yaml": ("regular", 1, None),
        "02.yaml": ("regular", 2, 102),
        "s1.yaml": ("supplement", 1, None),
        "s.yaml": ("supplement", None, 103),
        "t2.yaml": ("special", 2, None),
    }  # off.yaml and zero.yaml have no number of any kind: left out


def test_an_issue_on_disk_with_a_supplement_of_the_same_number(tree: Path) -> None:
    body = "articles:\n  - title: 标题\n    body: 正文。\n"
    write(tree / "2026" / "s2.yaml", f"masthead:\n  supplement: 2\n  date: 2026-01-05\n{body}")
    given = entry(2, "2026-02-10", series=str((tree / "jianbao.yaml").resolve()))
    disk = series_issues(tree / "jianbao.yaml")
    assert sorted((n.kind, n.number) for n in disk) == [("regular", 1), ("supplement", 2)]
    assert messages([given], disk) == []
