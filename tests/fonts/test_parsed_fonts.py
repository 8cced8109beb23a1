"""ReportLab's parse of a font, kept in the cache: the same font object as a
fresh parse, the same PDF bytes, and a damaged entry never used."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FLAGSHIP
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from jianbao.fonts import parsed
from jianbao.fonts.embed import Type0TTFont
from jianbao.fonts.face import bundled_dir
from jianbao.fonts.parsed import PARSED_DIR, parsed_face

FONT = bundled_dir() / "FandolHei-Regular.ttf"


def _fields(obj: object) -> dict[str, object]:
    return {k: v for k, v in vars(obj).items() if k not in ("_ttf_data", "_pdfScale", "state")}


def test_a_cached_face_is_the_fresh_one(tmp_path: Path) -> None:
    fresh = TTFontFace(str(FONT))
    first = parsed_face(FONT, tmp_path)  # parsed, stored
    (entry,) = (tmp_path / PARSED_DIR).iterdir()
    second = parsed_face(FONT, tmp_path)  # from the cache
    for face in (first, second):
        assert _fields(face) == _fields(fresh)
        assert bytes(face._ttf_data[:]) == fresh._ttf_data
        assert [face._pdfScale(v) for v in (1, 333, 2048)] == [
            fresh._pdfScale(v) for v in (1, 333, 2048)
        ]
    assert entry.suffix == ".pickle"


def test_with_face_makes_what_ttfont_makes() -> None:
    made = Type0TTFont.with_face("x", TTFontFace(str(FONT)))
    real = TTFont("x", str(FONT))
    assert set(vars(made)) == set(vars(real))
    for name in ("fontName", "_asciiReadable", "shapable"):
        assert getattr(made, name) == getattr(real, name)
    assert type(made.encoding) is type(real.encoding)


def test_a_damaged_entry_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed_face(FONT, tmp_path)
    (entry,) = (tmp_path / PARSED_DIR).iterdir()
    raw = bytearray(entry.read_bytes())
    raw[-10] ^= 0xFF  # a flipped byte: the payload's digest no longer matches
    entry.write_bytes(bytes(raw))
    parses: list[str] = []
    real = parsed.TTFontFace

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, path: str) -> None:
            parses.append(path)
            super().__init__(path)

    monkeypatch.setattr(parsed, "TTFontFace", Counting)
    face = parsed_face(FONT, tmp_path)
    assert parses == [str(FONT)]  # not unpickled: parsed again
    assert _fields(face) == _fields(real(str(FONT)))
    assert parsed_face(FONT, tmp_path) is not None and parses == [str(FONT)]  # rewritten


@pytest.mark.slow
def test_pdf_bytes_do_not_depend_on_the_cache(tmp_path: Path) -> None:
    """A render that parses every face (an empty cache) and one that loads
    them all from the cache write the same bytes."""
    env = {**os.environ, "JIANBAO_CACHE_DIR": str(tmp_path / "cache")}
    pdfs = []
    for name in ("cold.pdf", "warm.pdf"):
        out = tmp_path / name
        cmd = [sys.executable, "-m", "jianbao", "render", str(FLAGSHIP), "-o", str(out)]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        pdfs.append(out.read_bytes())
    assert len(list((tmp_path / "cache" / PARSED_DIR).iterdir())) == 5  # one a bundled face
    assert pdfs[0] == pdfs[1]


def test_file_bytes_read_as_bytes_do() -> None:
    data = FONT.read_bytes()
    lazy = parsed.FileBytes(FONT)
    assert len(lazy) == len(data)
    for key in (slice(0, 12), slice(100, 90), slice(len(data) - 4, len(data) + 100), slice(None)):
        assert lazy[key] == data[key]
    assert lazy[0] == data[0] and lazy[-1] == data[-1] and lazy[1000] == data[1000]
    with pytest.raises(IndexError):
        lazy[len(data)]
    assert lazy.digest() == hashlib.sha256(data).digest()
