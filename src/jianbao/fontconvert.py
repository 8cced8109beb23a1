"""Turn CFF-outline (PostScript) OpenType fonts into TrueType-outline fonts.

In: a fontTools ``TTFont`` with a ``CFF `` table (optionally subset first).
Out: the same font object with ``glyf``/``loca`` outlines, which ReportLab's
TTFont can embed.  Cubic curves become quadratic ones with Cu2QuPen at a
tolerance of 1 font unit, well below what prints.
"""

from __future__ import annotations

from fontTools.ttLib import TTFont, newTable

# fontTools.subset and the pens cost ~70 ms to import; they are imported
# where used, so a render with TrueType fonts never pays for them.

# Maximum error of the cubic → quadratic approximation, in font units.
_TOLERANCE = 1.0


def is_cff(font: TTFont) -> bool:
    """True when the font's outlines are PostScript (CFF or CFF2)."""
    return "CFF " in font or "CFF2" in font


def cff_to_truetype(font: TTFont) -> TTFont:
    """Replace the CFF outlines of ``font`` by TrueType ones, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, _TOLERANCE, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    # Glyph names are not needed for embedding; format 3 keeps the file small.
    font["post"].formatType = 3.0
    font.sfntVersion = "\0\1\0\0"
    font["head"].glyphDataFormat = 0
    return font


def subset_font(font: TTFont, text: str) -> TTFont:
    """Cut ``font`` down to the glyphs needed for ``text`` (in place)."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_bounds = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    return font
