"""Edit and look: ``watch`` renders again after a change and keeps the last
good PDF; ``--png`` writes proofs; ``--open`` hands the PDF to the viewer;
shell completion; names with Chinese characters and spaces everywhere."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from clikit import issue, runner
from conftest import write

from jianbao.cli.app import app
from jianbao.cli.proof import png_names, write_pngs
from jianbao.cli.watch import Watcher, watch
from jianbao.pipeline import Options

GOOD = issue(number=1)
BAD = issue(number=1).replace("date: 2026-03-10", "date: 2026/3/10")


def _watcher(tmp_path: Path, lines: list[str]) -> Watcher:
    source = write(tmp_path / "issue.yaml", GOOD)
    return Watcher(source, tmp_path / "issue.pdf", Options(), lines.append)


def test_watch_renders_again_and_keeps_the_last_good_pdf(tmp_path: Path) -> None:
    lines: list[str] = []
    watcher = _watcher(tmp_path, lines)
    pdf = tmp_path / "issue.pdf"
    source = watcher.issue

    def changes(folders: set[Path]) -> Iterator[set[Path]]:
        assert tmp_path.resolve() in folders
        first = pdf.read_bytes()
        write(source, issue(number=2))
        yield {source}
        second = pdf.read_bytes()
        assert second != first
        write(source, BAD)
        yield {source}
        assert pdf.read_bytes() == second  # the failed render kept it
        write(tmp_path / "notes.txt", "not an input")
        yield {tmp_path / "notes.txt"}  # no render for a file the issue does not use

    watch(watcher, changes)
    assert watcher.good == 2
    assert [line.split(":")[0] for line in lines if "page(s) in" in line] == [str(pdf)] * 2
    assert any("masthead.date must be a date" in line for line in lines)
    assert lines[-1] == f"{pdf}: not written; the last good PDF is kept"


def test_a_font_change_loads_the_fonts_again(tmp_path: Path) -> None:
    watcher = _watcher(tmp_path, [])
    assert watcher.render()
    session = watcher.session
    font = next(iter(watcher.renews))
    assert font.suffix == ".ttf"
    assert watcher.changed({watcher.issue})
    assert watcher.session is session  # an edit of the issue keeps the loaded fonts
    assert watcher.changed({font})
    assert watcher.session is not session


def test_watch_follows_the_series_images_and_drafts(tmp_path: Path) -> None:
    write(tmp_path / "jianbao.yaml", "masthead:\n  name: 测试简报\n  issuer: 某办\n")
    write(tmp_path / "稿件" / "一.md", "# 标题\n\n正文。\n")
    text = "masthead:\n  number: 1\n  date: 2026-03-10\narticles:\n  - file: 稿件/一.md\n"
    source = write(tmp_path / "issue.yaml", text)
    watcher = Watcher(source, tmp_path / "issue.pdf", Options(), [].append)
    assert watcher.render()
    assert (tmp_path / "jianbao.yaml").resolve() in watcher.watched
    assert (tmp_path / "稿件" / "一.md").resolve() in watcher.watched
    assert (tmp_path / "稿件").resolve() in watcher.folders()


@pytest.mark.slow
def test_watch_command_on_real_file_events(tmp_path: Path) -> None:
    folder = tmp_path / "简报 2026"
    source = write(folder / "第8期.yaml", GOOD)
    pdf = folder / "第8期.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-m", "jianbao", "watch", str(source)],
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        _wait(lambda: pdf.exists())
        first = pdf.stat().st_mtime_ns
        time.sleep(0.3)
        write(source, issue(number=2))
        _wait(lambda: pdf.stat().st_mtime_ns != first)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert err.count("第8期.pdf: 1 page(s) in") == 2
    assert err.rstrip().endswith(f"stopped watching {source}")


def _wait(ready, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_png_proofs(tmp_path: Path) -> None:
    source = write(tmp_path / "issue.yaml", GOOD)
    proofs = tmp_path / "校样 PNG"
    result = runner.invoke(app, ["render", str(source), "--png", str(proofs), "--dpi", "72"])
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(tmp_path / "issue.pdf")
    pages = len(pdf)
    names = sorted(p.name for p in proofs.iterdir())
    assert names == png_names("issue", pages)
    from PIL import Image

    with Image.open(proofs / names[0]) as image:
        assert image.size in ((595, 842), (596, 842))  # A4 (595.3 × 841.9 pt) at 72 dpi
    assert f"{proofs / names[0]}: {pages} PNG page(s) at 72 dpi" in result.stderr
    write(proofs / "issue-9.png", "stale")
    write(proofs / "other-1.png", "not ours")
    written = write_pngs(tmp_path / "issue.pdf", proofs, "issue", dpi=30)
    assert [p.name for p in written] == png_names("issue", pages)
    assert not (proofs / "issue-9.png").exists()
    assert (proofs / "other-1.png").exists()


def test_png_names_sort_in_page_order() -> None:
    assert png_names("第8期", 3) == ["第8期-1.png", "第8期-2.png", "第8期-3.png"]
    assert png_names("a", 12)[:2] == ["a-01.png", "a-02.png"]


def test_png_dpi_is_checked() -> None:
    result = runner.invoke(app, ["render", "x.yaml", "--png", "p", "--dpi", "5"])
    assert result.exit_code == 2
    assert "--dpi" in result.stderr


def test_open_hands_the_pdf_to_the_viewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform == "win32":
        pytest.skip("os.startfile")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "opened.txt"
    for name in ("xdg-open", "open"):
        viewer = bin_dir / name
        viewer.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n', encoding="utf-8")
        viewer.chmod(viewer.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    source = write(tmp_path / "简报 2026" / "第8期.yaml", GOOD)
    result = runner.invoke(app, ["render", str(source), "--open"])
    assert result.exit_code == 0, result.output
    _wait(lambda: log.exists() and log.read_text(encoding="utf-8").strip())
    assert log.read_text(encoding="utf-8").splitlines() == [str(source.with_suffix(".pdf"))]
    monkeypatch.setenv("PATH", str(tmp_path / "nothing here"))
    result = runner.invoke(app, ["render", str(source), "--open", "--force"])
    assert result.exit_code == 0
    assert "warning: cannot open" in result.stderr and "open it yourself" in result.stderr


def test_shell_completion(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["completion", "bash"])
    assert result.exit_code == 0
    assert "_JIANBAO_COMPLETE=complete_bash" in result.stdout
    monkeypatch.setenv("_JIANBAO_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "jianbao ren")
    monkeypatch.setenv("COMP_CWORD", "1")
    asked = runner.invoke(app, [])
    assert asked.exit_code == 0
    assert asked.stdout.split() == ["render"]
    monkeypatch.delenv("_JIANBAO_COMPLETE")
    assert runner.invoke(app, ["completion", "tcsh"]).exit_code == 2


@pytest.mark.slow
def test_chinese_names_with_spaces_everywhere(tmp_path: Path) -> None:
    """``D:\\简报 2026\\第8期.yaml``: render, check, new, import, an --out-dir
    batch and PNG proofs, through a real process."""
    folder = tmp_path / "简报 2026"
    source = write(folder / "第8期.yaml", GOOD)
    write(folder / "稿件 甲" / "交警 支队.md", "# 交警支队开展整治\n\n正文第一段。\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "jianbao", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )

    assert run("check", str(source)).returncode == 0
    done = run("render", str(source), "--png", str(folder / "校样 图片"))
    assert done.returncode == 0, done.stderr
    assert f"{folder / '第8期.pdf'}: 1 page(s)" in done.stderr
    assert (folder / "校样 图片" / "第8期-1.png").is_file()
    batch = run("render", str(folder), "--out-dir", str(tmp_path / "输出 目录"), "-j", "2")
    assert batch.returncode == 0, batch.stderr
    assert (tmp_path / "输出 目录" / "第8期.pdf").is_file()
    made = run("new", str(folder / "下 一期"), "--date", "2026-04-01")
    assert made.returncode == 0, made.stderr
    assert Path(made.stdout.strip()).is_file()
    imported = run("import", str(folder / "稿件 甲" / "交警 支队.md"), "-o", "导入 一期.yaml")
    assert imported.returncode == 0, imported.stderr
    assert "交警支队开展整治" in (folder / "导入 一期.yaml").read_text(encoding="utf-8")


def test_quiet_png_says_nothing_when_all_is_well(tmp_path: Path) -> None:
    source = write(tmp_path / "issue.yaml", GOOD)
    result = runner.invoke(app, ["render", str(source), "--png", str(tmp_path / "p"), "-q"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert (tmp_path / "p" / "issue-1.png").is_file()
