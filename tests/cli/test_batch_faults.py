"""Batch runs against a hostile file system and hostile signals: folders
that cannot be listed, names that are not UTF-8, FIFOs, a damaged stamps
index, temporaries left by a killed run, a parent killed under its workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batchkit import archive, issue, run_cli  # noqa: F401  (archive: a fixture)
from conftest import write

from jianbao.cli.stamps import STAMPS_FILE, load_stamps
from jianbao.fsutil import STALE_SECONDS, remove_stale, write_atomic

pytestmark = pytest.mark.usefixtures("shared_fonts")


def test_a_folder_that_cannot_be_listed_fails_the_run(
    archive: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(As root, chmod 000 stops nothing: the refusal is made by hand.)"""
    locked = archive / "2026"
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    code, err = run_cli("render", str(archive), "--out-dir", str(archive.parent / "out"))
    assert code == 1
    assert (
        f"{locked}: cannot list this folder (permission denied); its issues are not rendered" in err
    )


def gbk_name() -> str:
    return os.fsdecode("第8期".encode("gbk") + b".yaml")


def test_names_that_are_not_utf8(tmp_path: Path) -> None:
    """A Chinese Windows zip unpacked on Linux: GBK bytes in the names."""
    folder = tmp_path / "zip"
    folder.mkdir()
    try:
        path = folder / gbk_name()
        path.write_text(issue(8), encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    write(folder / "jianbao.yaml", "masthead:\n  name: 测试简报\n  issuer: 某办\n")
    code, err = run_cli("render", str(folder))
    assert code == 0, err
    assert path.with_suffix(".pdf").is_file()
    entries, problem = load_stamps(folder)
    assert problem is None and path.with_suffix(".pdf").name in entries
    assert json.loads((folder / STAMPS_FILE).read_bytes())  # valid UTF-8 JSON
    result = subprocess.run(
        [sys.executable, "-m", "jianbao", "check", str(folder), "--json"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    report = json.loads(result.stdout)
    assert [r["input"] for r in report["inputs"]] == [str(path)]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{not json", "is damaged (JSONDecodeError)"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": 1, "pdfs": []}', "is damaged (no 'pdfs' mapping)"),
        ('["a list"]', "is not a stamps index of this jianbao"),
        (None, "is a folder, not a stamps index"),
        ("fifo", "is a pipe, not a stamps index"),
    ],
    ids=["not json", "deep", "pdfs a list", "a list", "a folder", "a fifo"],
)
def test_a_bad_stamps_index_is_as_none(
    archive: Path,  # noqa: F811
    content: str | None,
    said: str,
) -> None:
    """Rendered again, said once, and the index rewritten when it can be."""
    assert run_cli("render", str(archive))[0] == 0
    index = archive / "2026" / STAMPS_FILE
    index.unlink()
    if content is None:
        index.mkdir()
    elif content == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(index)
    else:
        index.write_text(content, encoding="utf-8")
    code, err = run_cli("render", str(archive))
    assert code == 0, err
    assert err.count(said) == 1, err
    assert "rendered again" in err
    if content is not None and content != "fifo":
        assert load_stamps(archive / "2026") == (load_stamps(archive / "2026")[0], None)
        assert run_cli("render", str(archive))[1].count("skipped") >= 1


def test_a_fifo_in_a_scanned_folder_is_passed_by(archive: Path) -> None:  # noqa: F811
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(archive / "2026" / "04.yaml")
    code, err = run_cli("check", str(archive))
    assert code == 0, err
    assert "04.yaml" not in err


def test_stale_temporaries_of_our_own_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    old = tmp_path / ".a.pdf.0123abcd.tmp"
    young = tmp_path / ".a.pdf.4567cdef.tmp"
    others = [tmp_path / ".a.pdf.notours.tmp", tmp_path / ".b.pdf.0123abcd.tmp"]
    for path in (old, young, *others):
        path.write_bytes(b"%PDF-")
    long_ago = time.time() - STALE_SECONDS - 60
    for path in (old, *others):
        os.utime(path, (long_ago, long_ago))
    write_atomic(target, b"%PDF-1.4 new")
    assert target.read_bytes() == b"%PDF-1.4 new"
    assert not old.exists() and young.exists() and all(p.exists() for p in others)
    assert remove_stale(target, now=time.time() + STALE_SECONDS + 60) == [young]


def spawn_batch(folder: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "jianbao", "render", str(folder), "--out-dir", str(out), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def many_issues(root: Path, count: int) -> Path:
    write(root / "jianbao.yaml", "masthead:\n  name: 测试简报\n  issuer: 某办\n")
    body = "　　" + "正文。" * 400
    for n in range(1, count + 1):
        write(root / f"{n:03d}.yaml", issue(n, "2026-03-10").replace("正文", body, 1))
    return root


def wait_for_pdfs(out: Path, count: int, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if len(list(out.glob("*.pdf"))) >= count:
            return
        time.sleep(0.05)
    pytest.fail(f"fewer than {count} PDFs in {timeout} s")


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def gone(pids: list[int], timeout: float = 30) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        alive = []
        for pid in pids:
            try:
                os.kill(pid, 0)
                state = Path(f"/proc/{pid}/stat").read_text().split()[2]
                if state != "Z":
                    alive.append(pid)
            except (ProcessLookupError, FileNotFoundError):
                continue
        if not alive:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_workers_die_with_their_parent(tmp_path: Path, sig: signal.Signals) -> None:
    folder = many_issues(tmp_path / "many", 40)
    out = tmp_path / "out"
    proc = spawn_batch(folder, out)
    try:
        wait_for_pdfs(out, 2)
        workers = [w for w in workers_of(proc.pid) if w != proc.pid]
        proc.send_signal(sig)
        code = proc.wait(timeout=60)
        assert gone(workers), "a worker outlived its parent"
        written = len(list(out.glob("*.pdf")))
        time.sleep(1.0)
        assert len(list(out.glob("*.pdf"))) == written  # nothing written after
        if sig == signal.SIGTERM:
            assert code == 143
            assert proc.stderr is not None
            err = proc.stderr.read().decode("utf-8", "replace")
            assert "Traceback" not in err and "leaked" not in err, err
            assert not list(out.glob(".*.tmp"))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


@pytest.mark.parametrize("spelling", ["build/", "existing"])
def test_an_output_folder_given_with_o_is_a_folder(tmp_path: Path, spelling: str) -> None:
    """-o build/ wrote a file named 'build'; it is the folder the PDF goes in."""
    path = write(tmp_path / "第8期.yaml", issue(8))
    write(tmp_path / "jianbao.yaml", "masthead:\n  name: 测试简报\n  issuer: 某办\n")
    if spelling == "existing":
        (tmp_path / "existing").mkdir()
    code, err = run_cli("render", str(path), "-o", f"{tmp_path}/{spelling}")
    assert code == 0, err
    assert (tmp_path / spelling.rstrip("/") / "第8期.pdf").read_bytes().startswith(b"%PDF-")
