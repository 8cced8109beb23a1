#!/usr/bin/env python3
"""A cold render of the flagship against its Typst peer: CPU time, memory, ratio.

Typst (a typesetter written in Rust) sets ``bench/typst/flagship.typ``,
which reads the same ``examples/liaocheng-2021-08.yaml`` and sets it on the
same page with the same Fandol fonts.  Each round runs both as fresh
processes, one after the other (paired: the machine's load is shared), and
measures the CPU time (user + system, from wait4) and the peak resident
memory of each; the medians and the ratio jianbao / Typst are printed.
The target is a ratio of at most 2.5 (bench/README.md).

Typst comes from PyPI (the ``typst`` binding, pinned below), installed into
its own venv, ``bench/.typst-venv`` (made on first run; ~35 MB), so that
jianbao's own environment is not touched; its process runs
``python -c "import typst; typst.compile(...)"``, so it pays a Python
start-up too (~20 ms), as jianbao does.

    python bench/typst_peer.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

from installed import compile_sources  # bench/installed.py

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "liaocheng-2021-08.yaml"
PEER = ROOT / "bench" / "typst" / "flagship.typ"
VENV = ROOT / "bench" / ".typst-venv"
TYPST = "typst==0.15.2"
TARGET = 2.5


def typst_python() -> Path:
    """The venv's interpreter, with the typst binding installed."""
    python = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"making {VENV.relative_to(ROOT)} with {TYPST} …", file=sys.stderr)
        venv.create(VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", TYPST], check=True)
    return python


def cpu_and_memory(cmd: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and peak RSS (MiB) of one fresh process."""
    pid = os.fork()
    if pid == 0:  # the child becomes the measured process
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(cmd[0], cmd)
    _pid, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        subprocess.run(cmd, check=True)  # show what went wrong
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    compile_sources()  # as pip leaves an install (bench/installed.py)
    python = typst_python()
    with tempfile.TemporaryDirectory() as tmp:
        ours = [sys.executable, "-m", "jianbao", "render", str(FLAGSHIP), "-o", f"{tmp}/j.pdf"]
        peer_code = (
            "import typst; typst.compile("
            f"{str(PEER)!r}, output={tmp + '/t.pdf'!r}, root={str(ROOT)!r}, "
            f"font_paths=[{str(ROOT / 'fonts')!r}])"
        )
        theirs = [str(python), "-c", peer_code]
        for cmd in (ours, theirs):  # warm the OS's file cache and .pyc files
            cpu_and_memory(cmd)
        jianbao, typst = [], []
        for _round in range(args.rounds):
            jianbao.append(cpu_and_memory(ours))
            typst.append(cpu_and_memory(theirs))
    j_cpu = statistics.median(c for c, _m in jianbao)
    t_cpu = statistics.median(c for c, _m in typst)
    j_mem = statistics.median(m for _c, m in jianbao)
    t_mem = statistics.median(m for _c, m in typst)
    ratio = j_cpu / t_cpu
    print(f"flagship, {args.rounds} paired rounds, medians (CPU = user + system)")
    print(f"  jianbao  {j_cpu:6.3f} s CPU  {j_mem:6.1f} MiB")
    print(f"  Typst    {t_cpu:6.3f} s CPU  {t_mem:6.1f} MiB   ({TYPST})")
    verdict = "ok" if ratio <= TARGET else "over"
    print(f"  ratio    {ratio:6.2f}x CPU    {j_mem / t_mem:6.2f}x memory   target <= {TARGET}x: "
          f"{verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
