#!/usr/bin/env python3
"""Rebuild the bundled TrueType fonts in fonts/ from the free Fandol fonts.

The Fandol fonts (GPL with the font exception) ship as CFF OpenType in
Debian's texlive-lang-chinese package.  ReportLab embeds only TrueType
outlines, so this script converts each face once with fontTools
(jianbao.fonts.prepare) and writes fonts/<Name>.ttf.  Re-runnable: it
downloads the .deb with ``apt-get download`` unless --otf-dir points at a
folder that already holds the .otf files.

    python scripts/build_fonts.py            # ~15 s per face
    python scripts/build_fonts.py --otf-dir DIR   # DIR holds FandolSong-Bold.otf …
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jianbao.fonts.prepare import cff_to_truetype  # noqa: E402

FACES = [
    "FandolSong-Bold",
    "FandolSong-Regular",
    "FandolFang-Regular",
    "FandolHei-Regular",
    "FandolKai-Regular",
]
DEB_PATH = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"


def fetch_otf_dir(work: Path) -> Path:
    """Download and unpack texlive-lang-chinese; return the Fandol folder."""
    subprocess.run(["apt-get", "download", "texlive-lang-chinese"], cwd=work, check=True)
    deb = next(work.glob("texlive-lang-chinese_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "x")], check=True)
    return work / "x" / DEB_PATH


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--otf-dir", type=Path, help="folder with the Fandol .otf files")
    parser.add_argument("--out", type=Path, default=ROOT / "fonts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        otf_dir = args.otf_dir or fetch_otf_dir(Path(tmp))
        args.out.mkdir(parents=True, exist_ok=True)
        for face in FACES:
            font = TTFont(otf_dir / f"{face}.otf")
            cff_to_truetype(font)
            target = args.out / f"{face}.ttf"
            font.save(target)
            print(f"{target}: {target.stat().st_size // 1024} KiB", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
