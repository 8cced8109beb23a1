"""Standard streams and special files as inputs and outputs: a full disk, a
closed stream, a reader gone, /dev/zero, a FIFO, an input over the limit.
Each is one line on stderr and exit 1, never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from clikit import issue

from jianbao.errors import IssueError
from jianbao.fsutil import input_limit, read_input
from jianbao.issue.load import load_path

pytestmark = pytest.mark.usefixtures("shared_fonts")


def run(
    *args: str,
    stdin: bytes | None = None,
    stdout: int | None = subprocess.PIPE,
    preexec: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> tuple[int, str]:
    with subprocess.Popen(
        [sys.executable, "-m", "jianbao", *args],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=preexec,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        cwd=cwd,
    ) as proc:
        _, err = proc.communicate(stdin, timeout=120)
    return proc.returncode, err.decode("utf-8")


def closed(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


@pytest.fixture
def issue_file(tmp_path: Path) -> Path:
    path = tmp_path / "issue.yaml"
    path.write_text(issue(), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["render", "-o", "-"], ["check", "--json"]], ids=str)
def test_a_full_disk_on_stdout(issue_file: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        code, err = run(args[0], str(issue_file), *args[1:], stdout=full.fileno())
    assert code == 1
    assert "error: cannot write to standard output: no space left on device" in err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.slow
@pytest.mark.parametrize("args", [["render", "-o", "-"], ["check", "--json"]], ids=str)
def test_a_closed_stdout(issue_file: Path, args: list[str]) -> None:
    code, err = run(args[0], str(issue_file), *args[1:], stdout=None, preexec=closed(1))
    assert code == 1
    assert err.startswith("error: standard output is closed: give -o FILE"), err


@pytest.mark.slow
def test_a_closed_stdout_does_not_matter_when_unused(issue_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    code, err = run("render", str(issue_file), "-o", str(out), stdout=None, preexec=closed(1))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
def test_a_closed_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    code, err = run("render", "-", "-o", str(out), preexec=closed(0))
    assert (code, err.splitlines()[0]) == (
        1,
        "error: standard input is closed: nothing to read for '-'",
    )
    assert not out.exists()


@pytest.mark.slow
def test_a_reader_that_stops(issue_file: Path) -> None:
    """`jianbao render x -o - | true`: the pipe is closed before the PDF is written."""
    reader = subprocess.Popen(["true"], stdin=subprocess.PIPE)
    assert reader.stdin is not None
    reader.wait(timeout=30)
    code, err = run("render", str(issue_file), "-o", "-", stdout=reader.stdin.fileno())
    reader.stdin.close()
    assert code == 1
    assert "error: cannot write to standard output: the program reading it has stopped" in err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.slow
def test_stdin_over_the_limit(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    big = ("# " + "甲" * 500 + "\n").encode("utf-8") * 1500  # 2.2 MB of comments
    code, err = run("render", "-", "-o", str(out), stdin=big, env={"JIANBAO_MAX_INPUT_MB": "2"})
    assert code == 1 and not out.exists()
    assert err.startswith("error: standard input is larger than 2 MiB, the most an issue may be")


def test_a_file_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (1024 * 1024))
    monkeypatch.setenv("JIANBAO_MAX_INPUT_MB", "1")
    assert input_limit() == 1024 * 1024
    with pytest.raises(IssueError, match=r"big.yaml is larger than 1 MiB") as caught:
        load_path(path)
    assert "JIANBAO_MAX_INPUT_MB" in str(caught.value)
    monkeypatch.setenv("JIANBAO_MAX_INPUT_MB", "nonsense")
    assert input_limit() == 16 * 1024 * 1024


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_not_read(device: str, tmp_path: Path) -> None:
    """/dev/zero would fill memory; named directly or through a symlink."""
    link = tmp_path / "issue.yaml"
    link.symlink_to(device)
    for path in (Path(device), link):
        with pytest.raises(IssueError, match="is a device, not an issue file"):
            read_input(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "issue.yaml"
    os.mkfifo(fifo)
    with pytest.raises(IssueError, match="is a pipe, not an issue file") as caught:
        read_input(fifo)  # no writer: opened without blocking, then refused
    assert "give '-'" in str(caught.value)
