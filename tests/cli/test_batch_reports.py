"""What a batch tells people and scripts: the progress bar, one line per
issue and a summary, sequence warnings, the JSON report."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from batchkit import BAD_DATE, issue, run_cli, runner
from conftest import write

import jianbao.cli.batch
import jianbao.pipeline
from jianbao.cli.app import app
from jianbao.cli.jobs import Result
from jianbao.cli.report import Reporter, json_report
from jianbao.cli.stamps import STAMPS_FILE

pytestmark = pytest.mark.usefixtures("shared_fonts")


# --- reporting ----------------------------------------------------------------------
def test_progress_bar_on_a_terminal() -> None:
    out = io.StringIO()
    reporter = Reporter(lambda line: out.write(line + "\n"), write=out.write, total=3, tty=True)
    reporter.start()
    reporter.result(Result(0, "a.yaml", "rendered", output="a.pdf", pages=1))
    reporter.result(Result(1, "b.yaml", "failed", diagnostics=(jianbao.Diagnostic(None, "x"),)))
    text = out.getvalue()
    assert "0/3 [" in text and "1/3 [" in text and "ETA" in text
    assert "a.pdf: 1 page(s)" not in text  # the bar shows progress; only problems are printed
    assert "\r\x1b[Kerror: x\nb.yaml: 1 error(s); no PDF written\n" in text


def test_cli_plain_lines_and_summary(archive: Path, tmp_path: Path) -> None:
    write(archive / "2026" / "02.yaml", issue(2, BAD_DATE))
    out = tmp_path / "out"
    code, err = run_cli("render", str(archive), "--out-dir", str(out), "-j", "1")
    assert code == 1
    lines = err.splitlines()
    assert f"{out / '2026' / '01.pdf'}: 1 page(s)" in lines
    assert f"{archive / '2026' / '02.yaml'}: 1 error(s); no PDF written" in lines
    assert "rendered 2, skipped 0, failed 1 in" in err
    assert lines[-1].startswith(f"  {archive / '2026' / '02.yaml'}:3:9: error: masthead.date")
    assert sorted(p.name for p in (out / "2026").iterdir()) == [STAMPS_FILE, "01.pdf", "03.pdf"]

    code, err = run_cli("render", str(archive), "--out-dir", str(out), "-j", "1", "--quiet")
    assert code == 1
    assert "page(s)" not in err and "up to date, skipped" not in err
    assert "rendered 0, skipped 2 (up to date; --force renders them), failed 1" in err


def test_cli_sequence_warnings(archive: Path) -> None:
    write(archive / "2026" / "03.yaml", issue(2, "2026-01-01"))
    code, err = run_cli("check", str(archive))
    assert code == 0
    assert re.search(r"0[23]\.yaml:2:11: warning: issue number 2 of 2026 is also used by", err)
    report = runner.invoke(app, ["check", str(archive), "--json"]).stdout
    assert '"severity": "warning"' in report


def test_cli_sequence_warnings_see_the_whole_series(archive: Path) -> None:
    """The issues given are checked against every issue of their series on
    disk; only warnings that involve the issues given are shown."""
    write(archive / "2026" / "05.yaml", issue(5, "2026-05-10"))
    write(archive / "2026" / "06.yaml", issue(6, "2026-04-01"))  # dated before 05
    day = archive / "2026"
    code, err = run_cli("check", str(day / "01.yaml"), str(day / "03.yaml"))
    assert code == 0
    assert f"{day / '03.yaml'}:2:11: warning: no issue 4 of 2026 between {day / '03.yaml'} " in err
    assert err.count(": warning:") == 1  # 02 is on disk; 05 and 06 are not their business
    code, err = run_cli("check", str(day / "01.yaml"), str(day / "02.yaml"))
    assert code == 0 and ": warning:" not in err, err
    code, err = run_cli("check", str(day / "05.yaml"))
    lines = [line for line in err.splitlines() if ": warning:" in line]
    assert lines == [
        f"{day / '05.yaml'}:2:11: warning: no issue 4 of 2026 between {day / '03.yaml'} "
        f"and {day / '05.yaml'}",
        f"{day / '05.yaml'}:3:9: warning: issue 5 is dated 2026-05-10, after issue 6 "
        f"(2026-04-01, {day / '06.yaml'})",
    ]
    data = json.loads(runner.invoke(app, ["check", str(day / "05.yaml"), "--json"]).stdout)
    assert len(data["inputs"][0]["diagnostics"]) == 2


def test_json_report_lists_inputs_in_order() -> None:
    results = [
        Result(1, "b.yaml", "failed", diagnostics=(jianbao.Diagnostic(None, "x"),)),
        Result(0, "a.yaml", "rendered", output="a.pdf", pages=2, seconds=0.1234),
    ]
    report = json_report(results, "render", 1.0)
    assert report["ok"] is False
    assert report["counts"] == {"rendered": 1, "skipped": 0, "failed": 1}
    assert [i["input"] for i in report["inputs"]] == ["a.yaml", "b.yaml"]
    assert report["inputs"][0] == {
        "input": "a.yaml",
        "status": "rendered",
        "output": "a.pdf",
        "pages": 2,
        "seconds": 0.123,
        "diagnostics": [],
    }
