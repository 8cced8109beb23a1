#!/usr/bin/env python3
"""Cold whole-process render of the flagship example: time and peak memory.

Runs ``python -m jianbao render examples/liaocheng-2021-08.yaml`` in N fresh
processes (default 5) and prints the median wall time and the median peak
resident memory (ru_maxrss of the child).  Run on purpose, never in tests:

    python bench/render.py [--runs 5] [ISSUE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import compile_sources  # bench/installed.py

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "liaocheng-2021-08.yaml"


def one_run(issue: Path, out: Path, extra: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one fresh render process."""
    cmd = [sys.executable, "-m", "jianbao", "render", str(issue), "-o", str(out), *extra]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: become the render process
        os.execv(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        subprocess.run(cmd, check=True)  # show the error
    return seconds, usage.ru_maxrss / 1024


def measure(issue: Path, runs: int, extra: list[str] | None = None) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.pdf"
        one_run(issue, out, extra or [])  # warm the OS file cache, not counted
        results = [one_run(issue, out, extra or []) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("issue", nargs="?", type=Path, default=FLAGSHIP)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_sources()  # as pip leaves an install (bench/installed.py)
    seconds, mib = measure(args.issue, args.runs)
    base_cmd = [sys.executable, "-c", "pass"]
    start = time.perf_counter()
    subprocess.run(base_cmd, check=True)
    python = time.perf_counter() - start
    print(f"issue: {args.issue.name}  runs: {args.runs} fresh processes")
    print(f"median wall time: {seconds:.3f} s  (bare python start: {python:.3f} s)")
    print(f"median peak RSS: {mib:.1f} MiB")
    print(f"ratio to a 1 s budget: {seconds / 1.0:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
