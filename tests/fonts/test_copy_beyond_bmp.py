"""Copying text beyond the BMP: the ToUnicode map of every embedded subset
writes 𠮷 (U+20BB7) as a surrogate pair, so it comes back out of the PDF
as itself, where plain ReportLab garbles it."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from jianbao.fonts.pdfunicode import UnicodeTTFont, to_unicode_cmap, utf16be_hex

NON_BMP = [0x20BB7, 0x2A6A5, 0x30000, 0x2B820, 0x31350]  # Ext B, B, G, E, H
BMP = list(range(0x4E00, 0x4E00 + 320))  # > 256: forces a second subset

# Non-BMP both in the first subset and, after the 320 BMP chars, in the second.
TEXT = "".join(map(chr, [*BMP[:10], *NON_BMP[:3], 0x20, *BMP[10:], *NON_BMP[3:], 0x20, 0x20BB7]))
_names = (f"JBUniTest{n}" for n in itertools.count())


def _square() -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 800))
    pen.lineTo((900, 800))
    pen.lineTo((900, 0))
    pen.closePath()
    return pen.glyph()


def _build_font() -> bytes:
    chars = BMP + NON_BMP
    names = [".notdef", "space", *(f"u{c:05X}" for c in chars)]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({0x20: "space", **{c: f"u{c:05X}" for c in chars}})
    fb.setupGlyf({n: TTGlyphPen(None).glyph() if n == "space" else _square() for n in names})
    fb.setupHorizontalMetrics({n: (500 if n == "space" else 1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "JBUniTest", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def font_bytes() -> bytes:
    return _build_font()


def _font(cls: type, data: bytes) -> Iterator[TTFont]:
    font = cls(next(_names), io.BytesIO(data))
    pdfmetrics.registerFont(font)
    yield font
    font.unregister()


@pytest.fixture
def fixed_font(font_bytes: bytes) -> Iterator[TTFont]:
    yield from _font(UnicodeTTFont, font_bytes)


@pytest.fixture
def plain_font(font_bytes: bytes) -> Iterator[TTFont]:
    yield from _font(TTFont, font_bytes)


def _pdf(font: TTFont, text: str, compress: bool = True) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=int(compress), invariant=1)
    canvas.setFont(font.fontName, 10)
    canvas.drawString(10, 100, text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _extract(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return str(doc[0].get_textpage().get_text_range())
    finally:
        doc.close()


def _to_unicode_streams(pdf: bytes) -> list[bytes]:
    """Decoded content of every stream that is a CMap (uncompressed PDF)."""
    return [s for s in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S) if b"begincmap" in s]


@pytest.mark.parametrize("compress", [True, False])
def test_fixed_font_round_trips_non_bmp(fixed_font: TTFont, compress: bool) -> None:
    assert _extract(_pdf(fixed_font, TEXT, compress)) == TEXT


def test_several_subsets_each_get_surrogate_pairs(fixed_font: TTFont) -> None:
    pdf = _pdf(fixed_font, TEXT, compress=False)
    cmaps = _to_unicode_streams(pdf)
    assert len(cmaps) == 2  # 256-glyph subsets 0 and 1
    assert b"<D842DFB7>" in cmaps[0] and b"<D842DFB7>" not in cmaps[1]
    assert b"<D86EDC20>" in cmaps[1]  # U+2B820, drawn after the 320 BMP chars
    assert not re.search(rb"<[0-9A-F]{5}>", pdf)
    for cmap in cmaps:
        for count in re.findall(rb"(\d+) beginbfchar", cmap):
            assert int(count) <= 100


def test_same_font_object_serves_two_documents(fixed_font: TTFont) -> None:
    assert _extract(_pdf(fixed_font, TEXT)) == TEXT
    assert _extract(_pdf(fixed_font, TEXT[::-1])) == TEXT[::-1]


def test_reportlab_maps_non_bmp_to_the_right_glyph(fixed_font: TTFont, font_bytes: bytes) -> None:
    """ReportLab reads the format 12 cmap: glyph ids and widths are right."""
    from fontTools.ttLib import TTFont as FTFont

    ft = FTFont(io.BytesIO(font_bytes))
    best = ft.getBestCmap()
    for cp in NON_BMP:
        assert fixed_font.face.charToGlyph[cp] == ft.getGlyphID(best[cp])
        assert fixed_font.stringWidth(chr(cp), 10) == pytest.approx(10.0)


def test_plain_reportlab_ttfont_garbles_non_bmp(plain_font: TTFont) -> None:
    """Documents the ReportLab bug UnicodeTTFont works around.

    If this starts failing, ReportLab fixed its ToUnicode CMap and
    ``UnicodeTTFont`` can be retired.
    """
    pdf = _pdf(plain_font, TEXT, compress=False)
    assert b"<20BB7>" in pdf  # five hex digits: not UTF-16BE
    extracted = _extract(pdf)
    assert extracted != TEXT
    assert chr(0x20BB7) not in extracted
    bmp_only = "".join(map(chr, BMP[:40]))
    assert _extract(_pdf(plain_font, bmp_only)) == bmp_only  # BMP is fine


def test_utf16be_hex() -> None:
    assert utf16be_hex(0x4E00) == "4E00"
    assert utf16be_hex(0x20) == "0020"
    assert utf16be_hex(0x20BB7) == "D842DFB7"
    assert utf16be_hex(0x30000) == "D880DC00"


def test_to_unicode_cmap_blocks() -> None:
    cmap = to_unicode_cmap("AAAAAA+X", [0, *range(0x4E00, 0x4E00 + 254), 0x20BB7])
    assert cmap.count("beginbfchar") == 3
    assert "100 beginbfchar" in cmap and "56 beginbfchar" in cmap
    assert "<FF> <D842DFB7>" in cmap
    assert "<00> <FF>" in cmap
    assert cmap.isascii()
