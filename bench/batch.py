#!/usr/bin/env python3
"""Batch render of an archive: issues per second with -j 1 and -j 2.

Builds a temporary archive of N copies (default 50) of the examples — the
series folder (its jianbao.yaml and six issues) and the flagship issue —
then times fresh ``python -m jianbao render ARCHIVE --out-dir OUT --force
--json -j J`` processes, and one incremental re-run where every PDF is up
to date.  Prints issues/second and the cost of one issue in the batch
relative to one cold ``jianbao render`` of the flagship (median of fresh
processes, measured as bench/render.py does), and the median time the
flagship itself took inside the batch (from the ``--json`` report).  Run
on purpose, never in tests:

    python bench/batch.py [--copies 50] [--jobs 1 2] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_sources  # bench/installed.py
from render import FLAGSHIP, measure  # bench/render.py

ROOT = Path(__file__).resolve().parent.parent
SERIES = ROOT / "examples" / "series"


def build_archive(folder: Path, copies: int) -> int:
    """``copies`` copies of the series and the flagship under ``folder``;
    returns the number of issue files."""
    for i in range(1, copies + 1):
        copy = folder / f"copy-{i:03d}"
        shutil.copytree(SERIES, copy / "series")
        shutil.copy(FLAGSHIP, copy / FLAGSHIP.name)
    return sum(1 for p in folder.rglob("*.yaml") if p.name != "jianbao.yaml")


def batch_run(
    archive: Path, out: Path, jobs: int, extra: list[str]
) -> tuple[float, dict[str, Any]]:
    """Wall seconds of one fresh ``jianbao render`` process over the archive,
    and its ``--json`` report."""
    cmd = [sys.executable, "-m", "jianbao", "render", str(archive), "--out-dir", str(out)]
    cmd += ["-j", str(jobs), "--json", *extra]
    start = time.perf_counter()
    proc = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, json.loads(proc.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=3, help="fresh single renders to time")
    args = parser.parse_args()
    compile_sources()  # as pip leaves an install (bench/installed.py)

    single, _ = measure(FLAGSHIP, args.runs)
    print(f"one cold render of {FLAGSHIP.name}: {single:.3f} s (median of {args.runs})")
    with tempfile.TemporaryDirectory() as tmp:
        archive, out = Path(tmp) / "archive", Path(tmp) / "out"
        issues = build_archive(archive, args.copies)
        print(f"archive: {args.copies} copies x (6 series issues + flagship) = {issues} issues")
        for jobs in args.jobs:
            shutil.rmtree(out, ignore_errors=True)
            seconds, report = batch_run(archive, out, jobs, ["--force"])
            assert report["counts"]["rendered"] == issues, report["counts"]
            per_issue = seconds / issues
            flagship = statistics.median(
                i["seconds"] for i in report["inputs"] if i["input"].endswith(FLAGSHIP.name)
            )
            print(
                f"-j {jobs}: {seconds:6.2f} s  {issues / seconds:6.2f} issues/s  "
                f"{per_issue * 1000:6.1f} ms/issue = {per_issue / single:.3f} x one cold render; "
                f"the flagship inside the batch: {flagship * 1000:.0f} ms in its worker"
            )
        fresh = statistics.median(batch_run(archive, out, max(args.jobs), [])[0] for _ in range(3))
        print(f"re-run, every PDF up to date (-j {max(args.jobs)}): {fresh:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
