"""An up-to-date archive is skipped before its issues are read: the entry
beside each PDF vouches for it (stamps.quick_current), or the full check
decides.  The incremental tests of test_batch_runs run through both."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from batchkit import SERIES, issue, run_cli
from conftest import write

import jianbao.cli.batch
from jianbao.api import options
from jianbao.cli.batch import Settings, run
from jianbao.cli.jobs import Job
from jianbao.cli.plan import plan
from jianbao.cli.stamps import STAMPS_FILE
from jianbao.fonts.face import bundled_dir


def _archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    write(root / "jianbao.yaml", SERIES)
    for n, day in ((1, "01"), (2, "02"), (2, "03")):  # 期号 2 twice: a sequence warning
        write(root / "2026" / f"{day}.yaml", issue(n, f"2026-{day}-10"))
    t0 = time.time() - 1000
    for path in root.rglob("*.yaml"):
        os.utime(path, (t0, t0))
    return root


class NoWorker:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("a worker was started: an issue was read")


def _statuses(jobs: list[Job], **kwargs: object) -> set[str]:
    return {r.status for r in run(jobs, Settings(options(**kwargs)))}  # type: ignore[arg-type]


def test_an_up_to_date_archive_is_skipped_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _archive(tmp_path)
    jobs, _ = plan([str(root)])
    assert _statuses(jobs) == {"rendered"}
    index = json.loads((root / "2026" / STAMPS_FILE).read_text("utf-8"))
    entry = index["pdfs"]["01.pdf"]
    assert entry["quick"]["numbered"]["number"] == 1
    assert {Path(p).name for p, _s, _m in entry["quick"]["inputs"]} >= {"01.yaml", "jianbao.yaml"}
    with monkeypatch.context() as m:
        m.setattr(jianbao.cli.batch, "Worker", NoWorker)
        assert _statuses(jobs) == {"skipped"}
    write(root / "2026" / "02.yaml", issue(2, "2026-02-11"))  # saved again: read again
    with monkeypatch.context() as m:
        m.setattr(jianbao.cli.batch, "Worker", NoWorker)
        with pytest.raises(AssertionError, match="a worker was started"):
            _statuses(jobs)
    assert {r.input.rsplit("/", 1)[-1]: r.status for r in run(jobs, Settings())} == {
        "01.yaml": "skipped",
        "02.yaml": "rendered",
        "03.yaml": "skipped",
    }


def test_a_new_font_leaves_the_decision_to_the_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A font added to a folder searched may change what a name resolves to:
    the entries no longer vouch (their run key names the font files); the
    full check resolves the fonts again and, nothing having changed, skips."""
    root = _archive(tmp_path)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    jobs, _ = plan([str(root)])
    assert _statuses(jobs, font_dirs=[fonts]) == {"rendered"}
    shutil.copyfile(bundled_dir() / "FandolKai-Regular.ttf", fonts / "new.ttf")
    started: list[object] = []
    real = jianbao.cli.batch.Worker

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(jianbao.cli.batch, "Worker", Counting)
    assert _statuses(jobs, font_dirs=[fonts]) == {"skipped"}
    assert started  # decided by the full check


def test_sequence_warnings_are_the_same_when_skipped_unread(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    out = tmp_path / "out"
    first = run_cli("render", str(root), "--out-dir", str(out), "-j", "1")
    second = run_cli("render", str(root), "--out-dir", str(out), "-j", "1")
    assert first[0] == second[0] == 0
    assert "skipped 3 (up to date" in second[1]

    def warnings(err: str) -> list[str]:
        return [line for line in err.splitlines() if "warning:" in line]

    assert warnings(first[1]) and warnings(first[1]) == warnings(second[1])


def test_an_entry_without_its_quick_record_is_checked_fully(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    jobs, _ = plan([str(root)])
    assert _statuses(jobs) == {"rendered"}
    path = root / "2026" / STAMPS_FILE
    index = json.loads(path.read_text("utf-8"))
    for entry in index["pdfs"].values():
        del entry["quick"]  # an index written by the previous jianbao
    path.write_text(json.dumps(index), encoding="utf-8")
    assert _statuses(jobs) == {"skipped"}  # still: the full check says so


def test_another_issue_writing_the_same_pdf_is_not_vouched_for(tmp_path: Path) -> None:
    """Two archives rendered into one --out-dir: an entry made from the first
    does not vouch for the second's issue of the same name."""
    first, out = _archive(tmp_path), tmp_path / "out"
    second = tmp_path / "second"
    shutil.copytree(first, second)
    write(
        second / "2026" / "01.yaml", issue(1, "2026-01-10", "  - title: 另一篇\n    body: 别的。\n")
    )
    t0 = time.time() - 1000
    os.utime(second / "2026" / "01.yaml", (t0, t0))
    assert run_cli("render", str(first), "--out-dir", str(out), "-j", "1")[0] == 0
    before = (out / "2026" / "01.pdf").read_bytes()
    code, err = run_cli("render", str(second), "--out-dir", str(out), "-j", "1")
    assert code == 0
    assert (out / "2026" / "01.pdf").read_bytes() != before, err
