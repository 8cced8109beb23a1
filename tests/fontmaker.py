"""Build tiny fonts at test time, so the tests need no font fixtures.

In: the characters a font should cover and the names it should carry.
Out: a fontTools ``TTFont`` (TrueType or CFF outlines, every glyph a plain
square) that can be saved as .ttf/.otf/.woff2 or put into a collection.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.ttCollection import TTCollection

UPM = 1000
ADVANCE = 1000


def _square(pen: TTGlyphPen | T2CharStringPen, inset: int) -> None:
    pen.moveTo((inset, inset))
    pen.lineTo((inset, 800 - inset))
    pen.lineTo((ADVANCE - inset, 800 - inset))
    pen.lineTo((ADVANCE - inset, inset))
    pen.closePath()


def make_font(
    chars: str,
    *,
    family: str | Mapping[str, str],
    ps_name: str,
    style: str = "Regular",
    cff: bool = False,
    fs_type: int = 0,
) -> TTFont:
    """A font with one square glyph per character of ``chars``.

    ``family`` is a string or a mapping of fontTools language tags to names,
    e.g. ``{"en": "FangSong_GB2312", "zh": "仿宋_GB2312"}`` ("zh" becomes a
    Windows name record with langID 0x804); every language gets a full name
    "<family> <style>".
    """
    families = {"en": family} if isinstance(family, str) else dict(family)
    english = families.get("en", next(iter(families.values())))
    cps = sorted({ord(c) for c in chars})
    names = [".notdef"] + [f"uni{cp:04X}" for cp in cps]
    fb = FontBuilder(UPM, isTTF=not cff)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({cp: f"uni{cp:04X}" for cp in cps})
    if cff:
        charstrings = {}
        for i, name in enumerate(names):
            t2pen = T2CharStringPen(ADVANCE, None)
            _square(t2pen, 50 + i % 7)
            charstrings[name] = t2pen.getCharString()
        fb.setupCFF(ps_name, {"FullName": f"{english} {style}"}, charstrings, {})
        lsb = {name: 50 + i % 7 for i, name in enumerate(names)}
    else:
        glyphs = {}
        for i, name in enumerate(names):
            ttpen = TTGlyphPen(None)
            _square(ttpen, 50 + i % 7)
            glyphs[name] = ttpen.glyph()
        fb.setupGlyf(glyphs)
        lsb = {name: glyphs[name].xMin for name in names}
    fb.setupHorizontalMetrics({name: (ADVANCE, lsb[name]) for name in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable(
        {
            "familyName": families,
            "styleName": style,
            "fullName": {tag: f"{name} {style}" for tag, name in families.items()},
            "psName": ps_name,
            "version": "Version 1.000",
        },
        mac=False,
    )
    fb.setupOS2(
        sTypoAscender=880,
        sTypoDescender=-120,
        usWinAscent=880,
        usWinDescent=120,
        fsType=fs_type,
    )
    fb.setupPost()
    return fb.font


def save(font: TTFont, path: Path, flavor: str | None = None) -> Path:
    """Write ``font`` to ``path`` (``flavor`` 'woff' or 'woff2' to compress)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = flavor
    font.save(path)
    return path


def save_collection(fonts: list[TTFont], path: Path) -> Path:
    """Write ``fonts`` as one TrueType/OpenType collection (.ttc/.otc)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    collection = TTCollection()
    collection.fonts = fonts
    collection.save(path)
    return path
