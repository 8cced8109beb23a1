"""ReportLab's parse of a font, kept in the cache: the same font object as a
fresh parse, the same PDF bytes, and a damaged entry never used."""

from __future__ import annotations

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
    """The fields of a face as ReportLab's parse makes them: a cached face
    keeps its per-glyph tables in arrays and makes ``glyphToChar`` when
    asked; the values and their types must be the same."""
    fields = {k: v for k, v in vars(obj).items() if k not in ("_ttf_data", "_pdfScale", "state")}
    fields["hmetrics"] = list(obj.hmetrics)  # type: ignore[attr-defined]
    fields["glyphPos"] = list(obj.glyphPos)  # type: ignore[attr-defined]
    fields["glyphToChar"] = obj.glyphToChar  # type: ignore[attr-defined]
    fields["types"] = {type(v) for v in obj.charWidths.values()}  # type: ignore[attr-defined]
    return fields


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


def test_a_face_of_2048_units_keeps_its_float_widths(tmp_path: Path) -> None:
    """ReportLab scales the widths of a font of 2048 units per em to
    floats; the cache stores them as such, not as integers."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "a", "yi", "er", "san"]
    fb = FontBuilder(2048, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x61: "a", 0x4E00: "yi", 0x4E8C: "er", 0x4E09: "san"})
    fb.setupGlyf({n: TTGlyphPen(None).glyph() for n in names})
    # Three ideographs of one advance: hmtx lists it once (numberOfHMetrics
    # 3), and ReportLab keeps the trailing glyphs' advance scaled, a float.
    fb.setupHorizontalMetrics(
        {n: (1024 if n == ".notdef" else 1139 if n == "a" else 2048, 0) for n in names}
    )
    fb.setupHorizontalHeader(ascent=1800, descent=-248)
    fb.setupNameTable({"familyName": "Units", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    path = tmp_path / "units.ttf"
    fb.save(str(path))
    fresh = TTFontFace(str(path))
    parsed_face(path, tmp_path)
    cached = parsed_face(path, tmp_path)
    assert type(cached) is not TTFontFace  # from the cache
    assert _fields(cached) == _fields(fresh)
    assert cached.charWidths[0x61] == fresh.charWidths[0x61] == pytest.approx(556.15234375)
    assert fresh.hmetrics[-1] == (1000.0, 0) and type(fresh.hmetrics[-1][0]) is float
    assert cached.makeSubset([0x4E09, 0x61]) == fresh.makeSubset([0x4E09, 0x61])


def test_a_subset_reads_its_glyphs_not_the_whole_glyph_table(tmp_path: Path) -> None:
    """The same subset bytes as ReportLab's own face makes, without reading
    the megabytes of the glyph table into memory."""
    chars = [ord(c) for c in "国工作简报A1，"]
    expected = TTFontFace(str(FONT)).makeSubset(chars)
    face = parsed_face(FONT, tmp_path)
    reads: list[int] = []
    real = face._ttf_data

    class Recorder:
        def __len__(self) -> int:
            return len(real)

        def __getitem__(self, key: slice) -> bytes:
            chunk = real[key]
            reads.append(len(chunk))
            return chunk

    face._ttf_data = Recorder()
    assert face.makeSubset(chars) == expected
    glyf = face.table["glyf"]["length"]
    assert glyf > 2**20 and max(reads) < glyf // 10, (glyf, max(reads))


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
