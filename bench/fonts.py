#!/usr/bin/env python3
"""Rendering with a CFF (PostScript-outline) body font: cold and warm cache.

Renders the flagship example in fresh ``python -m jianbao render``
processes with the body font given on the command line:

- TrueType: the bundled FandolFang-Regular.ttf (the baseline);
- CFF, cold: the original FandolFang-Regular.otf with an empty cache, so
  the font is indexed, hashed, subset and converted to TrueType;
- CFF, warm: the same with the cache of the previous run;
- CFF by name, warm: ``--font body=FandolFang`` with ``--font-dir``, so the
  font index (cached) is loaded as well.

Prints the median wall time of each and its ratio to the TrueType case.
The .otf comes from Debian's texlive-lang-chinese (``apt-get download``,
as scripts/build_fonts.py does) unless ``--otf`` names it.  Run on purpose,
never in tests:

    python bench/fonts.py [--runs 5] [--otf FandolFang-Regular.otf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import compile_sources  # bench/installed.py

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "liaocheng-2021-08.yaml"
TRUETYPE = ROOT / "fonts" / "FandolFang-Regular.ttf"
DEB_PATH = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"


def fetch_otf(work: Path) -> Path:
    """Download texlive-lang-chinese and unpack FandolFang-Regular.otf."""
    subprocess.run(
        ["apt-get", "download", "texlive-lang-chinese"],
        cwd=work,
        check=True,
        capture_output=True,
    )
    deb = next(work.glob("texlive-lang-chinese_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "x")], check=True)
    return work / "x" / DEB_PATH / "FandolFang-Regular.otf"


def render(out: Path, env: dict[str, str], font: list[str]) -> float:
    """Wall seconds of one fresh render process."""
    cmd = [sys.executable, "-m", "jianbao", "render", str(FLAGSHIP), "-o", str(out), "--force"]
    cmd += font
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"render failed:\n{proc.stderr}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--otf", type=Path, help="FandolFang-Regular.otf (default: download)")
    args = parser.parse_args()
    compile_sources()  # as pip leaves an install (bench/installed.py)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        otf = args.otf or fetch_otf(work)
        font_dir = work / "office-fonts"
        font_dir.mkdir()
        shutil.copy(otf, font_dir / otf.name)
        cache = work / "cache"
        env = {
            **os.environ,
            "JIANBAO_CACHE_DIR": str(cache),
            "XDG_CONFIG_HOME": str(work / "config"),  # no user config file
        }
        out = work / "out.pdf"
        truetype = ["--font", f"body={TRUETYPE}"]
        cff = ["--font", f"body={font_dir / otf.name}"]
        by_name = ["--font", "body=FandolFang", "--font-dir", str(font_dir)]

        render(out, env, truetype)  # warm the OS file cache, not counted
        times: dict[str, list[float]] = {"truetype": [], "cold": [], "warm": [], "name": []}
        for _ in range(args.runs):
            times["truetype"].append(render(out, env, truetype))
            shutil.rmtree(cache, ignore_errors=True)
            times["cold"].append(render(out, env, cff))
            times["warm"].append(render(out, env, cff))
            times["name"].append(render(out, env, by_name))
        prepared = [(f.name, f.stat().st_size) for f in sorted((cache / "fonts").glob("*.ttf"))]
        otf_size = otf.stat().st_size

    median = {case: statistics.median(values) for case, values in times.items()}
    base = median["truetype"]
    print(f"issue: {FLAGSHIP.name}  runs: {args.runs} fresh processes per case (median)")
    print(f"CFF font: {otf.name} ({otf_size // 1024} KiB)")
    rows = [
        ("TrueType body (bundled .ttf)", "truetype"),
        ("CFF body, cold cache", "cold"),
        ("CFF body, warm cache", "warm"),
        ("CFF body by name, warm cache", "name"),
    ]
    for label, case in rows:
        print(f"{label:32} {median[case]:6.3f} s   ×{median[case] / base:5.2f}")
    for name, size in prepared:
        print(f"prepared subset: {name} ({size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
