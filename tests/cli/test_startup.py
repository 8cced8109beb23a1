"""What a command loads before it answers: ``--version`` and ``--help``
import none of ReportLab, fontTools and Pillow; a single-file render does
not import pydantic (typer's value conversion), multiprocessing or the
worker pool, nor, once the font caches know the bundled faces, fontTools.
Asserted on the modules, never on the time (the figures are in
bench/README.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FLAGSHIP

# Runs jianbao's entry point as the console script does and reports the
# modules loaded when it ends (main() ends the process with os._exit).
RUNNER = """\
import json, os, sys
args = json.loads(sys.argv[1])
sys.argv = ["jianbao", *args]
real_exit = os._exit
def report(code):
    sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = report
from jianbao.cli import main
main()
report(0)
"""
STAGES = ("reportlab", "fontTools", "PIL")
RENDER_NEVER = ("pydantic", "multiprocessing", "jianbao.cli.pool", "watchfiles", "pypdfium2")


def loaded(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES "))
    return proc.returncode, {m.split(".")[0] for m in json.loads(line[8:])} | set(
        json.loads(line[8:])
    )


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--version"], ["--help"], ["render", "--help"], ["check"]])
def test_version_and_help_load_no_stage(args: list[str], tmp_path: Path) -> None:
    code, modules = loaded(args, tmp_path)
    assert code in (0, 2)  # check without an issue: a usage error, still without the stages
    assert not modules & set(STAGES), sorted(modules & set(STAGES))
    assert "pydantic" not in modules


@pytest.mark.slow
def test_a_single_render_loads_no_pool_and_no_pydantic(tmp_path: Path) -> None:
    code, modules = loaded(["render", str(FLAGSHIP), "-o", str(tmp_path / "x.pdf")], tmp_path)
    assert code == 0
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    assert "reportlab" in modules  # it did render
    assert not modules & set(RENDER_NEVER), sorted(modules & set(RENDER_NEVER))


@pytest.mark.slow
def test_a_render_from_warm_font_caches_loads_no_fonttools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled faces' records, content hashes and parses all come from
    the cache folder: fontTools (~25 ms to import) is not needed."""
    monkeypatch.setenv("JIANBAO_CACHE_DIR", str(tmp_path / "cache"))
    args = ["render", str(FLAGSHIP), "-o", str(tmp_path / "x.pdf"), "--force"]
    first_code, first = loaded(args, tmp_path)
    code, modules = loaded(args, tmp_path)
    assert first_code == code == 0
    assert "fontTools" in first  # the first run read the files
    assert "fontTools" not in modules, sorted(m for m in modules if m.startswith("fontTools"))


@pytest.mark.slow
def test_the_shortcut_exit_keeps_output_and_codes(tmp_path: Path) -> None:
    """The command ends with os._exit: what it printed is flushed first, and
    the exit codes are those of the command."""
    proc = subprocess.run(
        [sys.executable, "-m", "jianbao", "render", str(FLAGSHIP), "-o", "-"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith(b"%PDF") and proc.stdout.rstrip().endswith(b"%%EOF")
    bad = subprocess.run(
        [sys.executable, "-m", "jianbao", "render", "--bogus"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "no such option: --bogus" in bad.stderr
