"""Running a batch: a failed issue does not stop the others, up-to-date PDFs
are skipped (and rendered again when an option, a font or jianbao
changes), fonts are opened once per worker, worker processes."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from batchkit import BAD_DATE, SERIES, issue, run_cli
from conftest import write

import jianbao.cli.batch
import jianbao.pipeline
from jianbao.api import options
from jianbao.cli.batch import Settings, Worker, run
from jianbao.cli.jobs import Result
from jianbao.cli.plan import plan
from jianbao.cli.report import first_error
from jianbao.cli.stamps import STAMPS_FILE
from jianbao.fonts.face import FontFace, FontLoader, bundled_dir

pytestmark = pytest.mark.usefixtures("shared_fonts")


# --- running -----------------------------------------------------------------------
def statuses(results: list[Result]) -> dict[str, str]:
    return {Path(r.input).name: r.status for r in results}


def test_a_failed_issue_does_not_stop_the_others(archive: Path) -> None:
    write(archive / "2026" / "02.yaml", issue(2, BAD_DATE))
    jobs, _ = plan([str(archive)])
    results = list(run(jobs, Settings()))
    assert statuses(results) == {"01.yaml": "rendered", "02.yaml": "failed", "03.yaml": "rendered"}
    bad = results[1]
    assert re.match(r".*02\.yaml:3:9: error: masthead\.date must be", first_error(bad))
    assert not (archive / "2026" / "02.pdf").exists()
    assert (archive / "2026" / "03.pdf").read_bytes().startswith(b"%PDF-")
    assert results[0].pages == 1 and results[0].numbered is not None


def test_an_out_dir_that_cannot_be_made_is_said_in_words_before_rendering(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write(out / "2026", "a file where the folder 2026 would go\n")
    typeset = []
    monkeypatch.setattr(jianbao.cli.batch, "render", lambda *a, **k: typeset.append(a))
    jobs, _ = plan([str(archive)], out_dir=out)
    results = list(run(jobs, Settings()))
    assert {r.status for r in results} == {"failed"} and typeset == []
    message = results[0].errors[0].message
    assert message == f"cannot create the folder {out / '2026'}: file exists"
    assert "Errno" not in message


def test_incremental(archive: Path, tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    kai = fonts / "kai.ttf"
    kai.write_bytes((bundled_dir() / "FandolKai-Regular.ttf").read_bytes())
    write(archive / "jianbao.yaml", SERIES + f"fonts:\n  kai: {kai}\n")
    # Inputs written long ago, PDFs now (the PDFs' index records their
    # mtimes: they are not touched here).  A change is dated in the future.
    newest = max(p.stat().st_mtime for p in bundled_dir().iterdir())
    assert newest < time.time(), "the bundled fonts are dated in the future"
    t0 = time.time() - 1000
    inputs = [*archive.rglob("*.yaml"), kai]
    for path in inputs:
        os.utime(path, (t0, t0))
    jobs, _ = plan([str(archive)])

    def again(force: bool = False) -> dict[str, str]:
        # the series names a font file outside the archive: allowed here
        return statuses(list(run(jobs, Settings(options(allow_outside=True), force=force))))

    def change(path: Path) -> None:
        os.utime(path, (t0 + 2000, t0 + 2000))

    def unchange(path: Path) -> None:
        os.utime(path, (t0, t0))

    assert set(again().values()) == {"rendered"}
    assert set(again().values()) == {"skipped"}
    assert set(again(force=True).values()) == {"rendered"}
    change(archive / "2026" / "02.yaml")  # the issue changed
    assert again() == {"01.yaml": "skipped", "02.yaml": "rendered", "03.yaml": "skipped"}
    unchange(archive / "2026" / "02.yaml")
    change(archive / "jianbao.yaml")  # the series changed
    assert set(again().values()) == {"rendered"}
    unchange(archive / "jianbao.yaml")
    change(kai)  # a font changed
    assert set(again().values()) == {"rendered"}
    unchange(kai)  # an older font file is another font file too (the PDFs' stamp)
    assert set(again().values()) == {"rendered"}
    assert set(again().values()) == {"skipped"}
    (archive / "2026" / "03.pdf").unlink()
    assert again()["03.yaml"] == "rendered"


def test_an_issue_is_rendered_again_when_its_draft_changes(archive: Path) -> None:
    draft = write(archive / "2026" / "稿件.md", "# 从稿件来的文章\n\n正文。\n")
    write(
        archive / "2026" / "04.yaml",
        "masthead:\n  number: 4\n  date: 2026-03-31\narticles:\n  - file: 稿件.md\n",
    )
    t0 = time.time() - 1000
    for path in [*archive.rglob("*.yaml"), draft]:
        os.utime(path, (t0, t0))
    jobs, _ = plan([str(archive)])

    def again() -> str:
        return statuses(list(run(jobs, Settings())))["04.yaml"]

    assert again() == "rendered"
    assert again() == "skipped"
    os.utime(draft, (t0 + 2000, t0 + 2000))  # the editor saved the draft again
    assert again() == "rendered"


def test_incremental_notices_options_fonts_and_version(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF newer than its inputs is rendered again when it was made with
    other font options, other font files or another jianbao (its stamp, in
    the index beside it, differs)."""
    fang = tmp_path / "fang.ttf"
    shutil.copyfile(bundled_dir() / "FandolFang-Regular.ttf", fang)
    out = tmp_path / "out"
    jobs, _ = plan([str(archive)], out_dir=out)

    def again(**kwargs: object) -> set[str]:
        settings = Settings(options(**kwargs))  # type: ignore[arg-type]
        return {r.status for r in run(jobs, settings)}

    assert again() == {"rendered"}
    assert again() == {"skipped"}
    index = json.loads((out / "2026" / STAMPS_FILE).read_text("utf-8"))
    assert sorted(index["pdfs"]) == ["01.pdf", "02.pdf", "03.pdf"]
    assert again(fonts={"body": str(fang)}) == {"rendered"}  # --font
    assert again(fonts={"body": str(fang)}) == {"skipped"}
    old = time.time() - 10_000  # the font replaced by an older copy (cp -p)
    os.utime(fang, (old, old))
    assert again(fonts={"body": str(fang)}) == {"rendered"}
    assert again() == {"rendered"}  # back to the bundled font
    assert again(allow_missing=True) == {"rendered"}  # --allow-missing
    assert again(allow_missing=True, font_dirs=[tmp_path]) == {"rendered"}  # --font-dir
    assert again(allow_missing=True, font_dirs=[tmp_path]) == {"skipped"}
    monkeypatch.setattr("jianbao.cli.stamps.__version__", "99.0")  # another jianbao
    assert again(allow_missing=True, font_dirs=[tmp_path]) == {"rendered"}
    assert again(allow_missing=True, font_dirs=[tmp_path]) == {"skipped"}
    # a PDF written since by other means (the API, one named issue) is made again
    jianbao.render(archive / "2026" / "02.yaml", out / "2026" / "02.pdf")
    got = statuses(list(run(jobs, Settings(options(allow_missing=True, font_dirs=[tmp_path])))))
    assert got == {"01.yaml": "skipped", "02.yaml": "rendered", "03.yaml": "skipped"}
    # the CLI too: --font after a plain run renders everything again
    code, err = run_cli("render", str(archive), "--out-dir", str(out), "-j", "1")
    assert code == 0 and "rendered 3, skipped 0" in err, err
    code, err = run_cli("render", str(archive), "--out-dir", str(out), "--font", f"body={fang}")
    assert code == 0 and "rendered 3, skipped 0" in err, err


def test_one_named_issue_starts_no_index(archive: Path, tmp_path: Path) -> None:
    """-o /tmp/x.pdf leaves no stamps file in /tmp; a batch's index is kept up to date."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    jobs, _ = plan([str(archive / "2026" / "01.yaml")], output=str(elsewhere / "x.pdf"))
    assert [r.status for r in run(jobs, Settings())] == ["rendered"]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.pdf"]
    jobs, _ = plan([str(archive)])
    assert {r.status for r in run(jobs, Settings())} == {"rendered"}
    jobs, _ = plan([str(archive / "2026" / "01.yaml")])
    assert [r.status for r in run(jobs, Settings(options(allow_missing=True)))] == ["rendered"]
    jobs, _ = plan([str(archive)])
    got = statuses(list(run(jobs, Settings(options(allow_missing=True)))))
    assert got == {"01.yaml": "skipped", "02.yaml": "rendered", "03.yaml": "rendered"}


def test_fonts_are_opened_once_per_worker(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jianbao.pipeline, "FontLoader", FontLoader)  # a fresh one, counted
    opened: list[Path] = []
    real = FontFace.__init__

    def counting(self: FontFace, path: Path) -> None:
        opened.append(path)
        real(self, path)

    monkeypatch.setattr(FontFace, "__init__", counting)
    jobs, _ = plan([str(archive)])
    assert [r.status for r in run(jobs, Settings())] == ["rendered"] * 3
    assert len(opened) == len(set(opened)) == 5  # five roles, each file once for three issues


def test_check_mode_writes_nothing(archive: Path) -> None:
    jobs, _ = plan([str(archive)], write=False)
    assert all(j.output is None for j in jobs)
    results = list(run(jobs, Settings(mode="check")))
    assert {r.status for r in results} == {"checked"}
    assert not list(archive.rglob("*.pdf"))


def test_debug_reraises(archive: Path) -> None:
    jobs, _ = plan([str(archive / "2026" / "09.yaml")])
    assert Worker(Settings()).do(jobs[0]).status == "failed"
    with pytest.raises(jianbao.IssueError):
        Worker(Settings(debug=True)).do(jobs[0])


@pytest.mark.slow
def test_pool_renders_in_worker_processes(archive: Path) -> None:
    """Two spawned workers (each loads its fonts once); a failure stays one failure."""
    write(archive / "2026" / "02.yaml", issue(2, BAD_DATE))
    jobs, _ = plan([str(archive)])
    results = list(run(jobs, Settings(), workers=2))
    assert sorted(r.index for r in results) == [0, 1, 2]
    assert statuses(results) == {"01.yaml": "rendered", "02.yaml": "failed", "03.yaml": "rendered"}
    assert (archive / "2026" / "01.pdf").read_bytes().startswith(b"%PDF-")
