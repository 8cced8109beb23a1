"""Embedding a face: one Type0 font per face and document, whatever the
number of characters, whose ToUnicode map copies every character as itself
(𠮷 U+20BB7 as a surrogate pair, where plain ReportLab garbles it), whose
widths place every glyph where ReportLab measured it, and whose bytes are
the same for the same input."""

from __future__ import annotations

import io
import itertools
import re
import zlib
from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pdfminer.high_level import extract_text
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from jianbao.fonts.embed import Type0TTFont, to_unicode_cmap, utf16be_hex, widths_array

NON_BMP = [0x20BB7, 0x2A6A5, 0x30000, 0x2B820, 0x31350]  # Ext B, B, G, E, H
BMP = list(range(0x4E00, 0x4E00 + 320))  # > 256: two subsets for ReportLab
TWIN = 0xF900  # a compatibility ideograph drawn with 豈 U+8C48's glyph
LATIN = "Ab"  # 600 units wide

# Non-BMP both before and after the 320 BMP chars.
TEXT = "".join(map(chr, [*BMP[:10], *NON_BMP[:3], 0x20, *BMP[10:], *NON_BMP[3:], 0x20, 0x20BB7]))
_names = (f"JBEmbedTest{n}" for n in itertools.count())


def _square() -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 800))
    pen.lineTo((900, 800))
    pen.lineTo((900, 0))
    pen.closePath()
    return pen.glyph()


def _build_font() -> bytes:
    chars = [*BMP, *NON_BMP, 0x8C48, *map(ord, LATIN)]
    names = [".notdef", "space", *(f"u{c:05X}" for c in chars)]
    cmap = {0x20: "space", **{c: f"u{c:05X}" for c in chars}, TWIN: "u08C48"}
    widths = {n: 1000 for n in names} | {"space": 500} | {f"u{ord(c):05X}": 600 for c in LATIN}
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap(cmap)
    fb.setupGlyf({n: TTGlyphPen(None).glyph() if n == "space" else _square() for n in names})
    fb.setupHorizontalMetrics({n: (widths[n], 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "JBEmbedTest", "styleName": "Regular"})
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
def font(font_bytes: bytes) -> Iterator[TTFont]:
    yield from _font(Type0TTFont, font_bytes)


@pytest.fixture
def plain_font(font_bytes: bytes) -> Iterator[TTFont]:
    yield from _font(TTFont, font_bytes)


def _pdf(font: TTFont, *lines: str, compress: bool = True, char_space: float = 0) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=int(compress), invariant=1)
    for n, line in enumerate(lines):
        text = canvas.beginText()
        text.setFont(font.fontName, 10)
        text.setCharSpace(char_space)
        text.setTextOrigin(10, 800 - 20 * n)
        text.textOut(line)
        canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _by_pdfium(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return str(doc[0].get_textpage().get_text_range())
    finally:
        doc.close()


def _by_pdfminer(pdf: bytes) -> str:
    return str(extract_text(io.BytesIO(pdf))).strip()


def _objects(pdf: bytes) -> list[tuple[bytes, bytes]]:
    """(dictionary, decoded stream or b"") of every object of ``pdf``."""
    out = []
    for body in re.findall(rb"\d+ 0 obj\s*(.*?)endobj", pdf, re.S):
        head, _, rest = body.partition(b"stream")
        data = b""
        if rest:
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            data = rest.lstrip(b"\r\n")[:length]
            if b"/FlateDecode" in head:
                data = zlib.decompress(data)
        out.append((head, data))
    return out


@pytest.mark.parametrize("compress", [True, False])
def test_every_character_copies_as_itself(font: TTFont, compress: bool) -> None:
    pdf = _pdf(font, TEXT, compress=compress)
    assert _by_pdfium(pdf) == TEXT
    assert _by_pdfminer(pdf) == TEXT


def test_one_font_program_for_all_characters(font: TTFont) -> None:
    """320 + 5 characters: one Type0 font, one CIDFontType2, one subset."""
    objects = _objects(_pdf(font, TEXT, compress=False))
    heads = [head for head, _ in objects]
    assert sum(b"/Subtype /Type0" in h for h in heads) == 1
    assert sum(b"/Subtype /CIDFontType2" in h for h in heads) == 1
    assert sum(b"/FontFile2" in h for h in heads) == 1
    assert sum(b"/Length1" in h for h in heads) == 1
    (type0,) = [h for h in heads if b"/Type0" in h]
    assert b"/Encoding /Identity-H" in type0
    assert re.search(rb"/BaseFont /[A-Z]{6}\+JBEmbedTest", type0)


def test_to_unicode_writes_surrogate_pairs(font: TTFont) -> None:
    pdf = _pdf(font, TEXT, compress=False)
    (cmap,) = [data for _, data in _objects(pdf) if b"begincmap" in data]
    assert b"<D842DFB7>" in cmap and b"<D86EDC20>" in cmap  # U+20BB7, U+2B820
    assert b"<0000> <FFFF>" in cmap
    assert not re.search(rb"<[0-9A-F]{5}>", pdf)
    assert cmap.count(b"<D842DFB7>") == 1  # drawn twice, one CID
    for count in re.findall(rb"(\d+) beginbfchar", cmap):
        assert int(count) <= 100


def test_two_characters_of_one_glyph_copy_as_themselves(font: TTFont) -> None:
    """豈 U+8C48 and U+F900 share a glyph: each keeps its CID (so copying
    tells them apart) and a CIDToGIDMap points both at the one glyph."""
    text = "一豈\uf900丁"
    pdf = _pdf(font, text, compress=False)
    assert _by_pdfium(pdf) == text
    assert _by_pdfminer(pdf) == text
    (cid_font,) = [h for h, _ in _objects(pdf) if b"/CIDFontType2" in h]
    ref = re.search(rb"/CIDToGIDMap (\d+) 0 R", cid_font)
    assert ref, cid_font
    (gid_map,) = [d for h, d in _objects(pdf) if len(d) == 10 and b"/Length1" not in h]
    assert gid_map == bytes.fromhex("0000 0001 0002 0002 0003")  # .notdef, 一, 豈, 豈, 丁


def test_identity_map_when_every_character_has_its_own_glyph(font: TTFont) -> None:
    (cid_font,) = [h for h, _ in _objects(_pdf(font, TEXT, compress=False)) if b"/CIDFont" in h]
    assert b"/CIDToGIDMap /Identity" in cid_font


def test_glyphs_stand_where_reportlab_measured_them(font: TTFont) -> None:
    """The W array: a 500-unit space and 600-unit Latin among 1000-unit
    ideographs, with character spacing, as pdfium places them."""
    text = "一 Ab丁" + chr(0x20BB7) + "七"
    doc = pdfium.PdfDocument(_pdf(font, text, char_space=1.5))
    page = doc[0].get_textpage()
    lefts = [page.get_charbox(i, loose=True)[0] for i in range(page.count_chars())]
    expected, x = [], 10.0
    for char in text:  # pdfium counts UTF-16 units: 𠮷 is two at one place
        expected += [x] * (2 if ord(char) > 0xFFFF else 1)
        x += font.stringWidth(char, 10) + 1.5
    assert lefts == pytest.approx(expected, abs=0.02)
    doc.close()


def test_same_font_object_serves_two_documents(font: TTFont) -> None:
    assert _by_pdfium(_pdf(font, TEXT)) == TEXT
    assert _by_pdfium(_pdf(font, TEXT[::-1])) == TEXT[::-1]


def test_same_input_same_bytes_and_tags_differ_by_subset(font: TTFont, font_bytes: bytes) -> None:
    """The subset tag is a hash of the font program: the same glyphs give
    the same tag whatever the font is registered as (its name carries the
    file's path), other glyphs another tag."""
    assert _pdf(font, TEXT) == _pdf(font, TEXT)

    def tag(f: TTFont, text: str) -> bytes:
        return re.search(rb"/BaseFont /([A-Z]{6})\+", _pdf(f, text)).group(1)

    twin = Type0TTFont(next(_names), io.BytesIO(font_bytes))
    twin.register()
    assert tag(font, "一A") == tag(twin, "一A")
    assert tag(font, "一A") != tag(font, "一")
    twin.unregister()


def test_two_faces_of_one_postscript_name_in_one_document(font_bytes: bytes) -> None:
    """A copy of a face under another name: two fonts, each its own glyphs."""
    first, second = (Type0TTFont(next(_names), io.BytesIO(font_bytes)) for _ in "ab")
    for f in (first, second):
        f.register()
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.setFont(first.fontName, 10)
    canvas.drawString(10, 800, "一丁")
    canvas.setFont(second.fontName, 10)
    canvas.drawString(10, 780, "七" + chr(0x20BB7))
    canvas.showPage()
    canvas.save()
    assert _by_pdfium(out.getvalue()).split() == ["一丁", "七" + chr(0x20BB7)]
    assert out.getvalue().count(b"/Subtype /Type0") == 2
    for f in (first, second):
        f.unregister()


def test_nothing_is_added_once_the_font_is_written(font: TTFont) -> None:
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.setFont(font.fontName, 10)
    canvas.drawString(10, 800, "一")
    font.addObjects(canvas._doc)
    with pytest.raises(pdfdoc.PDFError, match="already embedded"):
        font.splitString("丁", canvas._doc)


def test_a_character_the_face_lacks_is_notdef(font: TTFont) -> None:
    canvas = Canvas(io.BytesIO(), invariant=1)
    assert font.splitString("一\u3400一", canvas._doc) == [(0, bytes.fromhex("0001 0000 0001"))]
    name = font.getSubsetInternalName(0, canvas._doc)
    assert re.fullmatch(r"/F\d+", name)
    assert font.getSubsetInternalName(0, canvas._doc) == name
    with pytest.raises(IndexError):
        font.getSubsetInternalName(1, canvas._doc)


def test_plain_reportlab_ttfont_garbles_non_bmp(plain_font: TTFont) -> None:
    """Documents the ReportLab bug the ToUnicode map of ours avoids.

    If this starts failing, ReportLab fixed its ToUnicode CMap.
    """
    pdf = _pdf(plain_font, TEXT, compress=False)
    assert b"<20BB7>" in pdf  # five hex digits: not UTF-16BE
    extracted = _by_pdfium(pdf)
    assert extracted != TEXT
    assert chr(0x20BB7) not in extracted
    bmp_only = "".join(map(chr, BMP[:40]))
    assert _by_pdfium(_pdf(plain_font, bmp_only)) == bmp_only  # BMP is fine


def test_utf16be_hex() -> None:
    assert utf16be_hex(0x4E00) == "4E00"
    assert utf16be_hex(0x20) == "0020"
    assert utf16be_hex(0x20BB7) == "D842DFB7"
    assert utf16be_hex(0x30000) == "D880DC00"


def test_to_unicode_cmap_blocks() -> None:
    cmap = to_unicode_cmap([*range(0x4E00, 0x4E00 + 255), 0x20BB7])
    assert cmap.count("beginbfchar") == 3
    assert "100 beginbfchar" in cmap and "56 beginbfchar" in cmap
    assert "<0001> <4E00>" in cmap
    assert "<0100> <D842DFB7>" in cmap
    assert "<0000> <FFFF>" in cmap
    assert cmap.isascii()


def test_widths_array() -> None:
    assert widths_array([]) == (1000.0, [])
    default, entries = widths_array([1000, 500, 600, 1000, 1000, 250])
    assert default == 1000
    assert [e if isinstance(e, int) else e.sequence for e in entries] == [2, [500, 600], 6, [250]]
