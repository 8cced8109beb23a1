#!/usr/bin/env python3
"""Start-up, scale and memory of whole jianbao processes, as ratios to the targets.

- ``jianbao --version`` and ``jianbao --help``: median CPU (user + system)
  against 0.1 s and 0.3 s;
- a render of a ~20-page and a ~200-page issue (the flagship's articles
  repeated): CPU per page at 200 pages against that at 20 (target ≤ 1.2),
  peak memory at 200 against 20 (target ≤ 1.3), and the flagship's peak
  memory against 80 MiB;
- worker start-up: CPU of a process that imports jianbao and opens the
  bundled fonts as a batch worker does (target ≤ 0.3 s).

Fresh processes, medians; CPU and peak RSS from wait4.  Run on purpose,
never in tests:

    python bench/scale.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_sources  # bench/installed.py
from typst_peer import cpu_and_memory

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "liaocheng-2021-08.yaml"
WORKER = (
    "from jianbao.cli.batch import Settings, Worker; "
    "from jianbao.fonts.face import load_fonts; "
    "w = Worker(Settings()); load_fonts(loader=w.session.loader)"
)


def median(cmd: list[str], runs: int) -> tuple[float, float]:
    cpu_and_memory(cmd)  # warm the file cache and the font cache
    got = [cpu_and_memory(cmd) for _ in range(runs)]
    return statistics.median(c for c, _m in got), statistics.median(m for _c, m in got)


def long_issue(folder: Path, copies: int) -> Path:
    """The flagship with its articles ``copies`` times: ~7 pages each time."""
    data = yaml.safe_load(FLAGSHIP.read_text(encoding="utf-8"))
    data["articles"] = data["articles"] * copies
    data["contents"] = False
    path = folder / f"long-{copies}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def pages(pdf: Path) -> int:
    return pdf.read_bytes().count(b"/Type /Page\n") or pdf.read_bytes().count(b"/Type /Page ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_sources()  # as pip leaves an install (bench/installed.py)
    jianbao = [sys.executable, "-m", "jianbao"]
    version, _m = median([*jianbao, "--version"], args.runs)
    helped, _m = median([*jianbao, "--help"], args.runs)
    worker, _m = median([sys.executable, "-c", WORKER], args.runs)
    print(f"--version   {version:.3f} s CPU   {version / 0.1:.2f} x the 0.1 s target")
    print(f"--help      {helped:.3f} s CPU   {helped / 0.3:.2f} x the 0.3 s target")
    print(f"worker up   {worker:.3f} s CPU   {worker / 0.3:.2f} x the 0.3 s target")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _c, flagship_mib = median([*jianbao, "render", str(FLAGSHIP), "-o", f"{tmp}/f.pdf"], 3)
        print(
            f"flagship    {flagship_mib:.1f} MiB peak   {flagship_mib / 80:.2f} x the 80 MiB target"
        )
        rows = []
        for copies in (3, 30):
            issue = long_issue(folder, copies)
            out = folder / f"long-{copies}.pdf"
            cpu, mib = median([*jianbao, "render", str(issue), "-o", str(out)], 3)
            n = pages(out)
            rows.append((n, cpu, mib))
            print(
                f"{n:4d} pages  {cpu:.3f} s CPU  {cpu / n * 1000:.1f} ms/page  {mib:.1f} MiB peak"
            )
        (n1, c1, m1), (n2, c2, m2) = rows
        per_page = (c2 / n2) / (c1 / n1)
        print(f"per page at {n2} against {n1}: {per_page:.2f} x (target <= 1.2)")
        print(f"memory at {n2} against {n1}: {m2 / m1:.2f} x (target <= 1.3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
