"""Make any face embeddable: subset it and give it TrueType outlines.

In: a ``FontRecord`` (``index``), the characters the document prints in it
and the cache folder.  Out: the path of a TrueType-outline .ttf that
ReportLab can load and embed (``embeddable``).  ReportLab rejects CFF
(PostScript) outlines, collections and WOFF, so those are subset to the
text's characters, converted and written once to
``<cache>/fonts/<PostScriptName>-<key>.ttf``, the key made of the font's
content hash, the face, the character set and a format version; a plain
TrueType file is used as it is.

Cubic curves become quadratic ones with Cu2QuPen at a tolerance of 1 font
unit, well below what prints.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import JianbaoError
from ..fsutil import WriteError, write_atomic
from ..i18n import _
from .index import FontError, FontRecord, content_hash, is_cff

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# fontTools (~25 ms), its subsetter and pens (~70 ms more) are imported
# where used, so a render with TrueType fonts never pays for them.

PREPARED_DIR = "fonts"
# Bump when embeddable() writes different bytes for the same inputs.
_PREPARE_VERSION = 1

# Maximum error of the cubic → quadratic approximation, in font units.
_TOLERANCE = 1.0


def cff_to_truetype(font: TTFont) -> TTFont:
    """Replace the CFF outlines of ``font`` by TrueType ones, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

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


def _seal(target: Path) -> Path:
    """Where the hash of a cached converted font is kept: beside it."""
    return target.with_name(target.name + ".sha256")


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _verified(target: Path) -> bool:
    """Whether the cached ``target`` is there and whole: its content hashes
    to what was recorded when it was written.  A truncated or scrambled
    entry (a full disk, a copy gone wrong) would fail every render that
    needs it; it is made again instead, without a word: the cache is ours."""
    try:
        return _seal(target).read_text("ascii").strip() == _sha256(target)
    except (OSError, UnicodeDecodeError):
        return False


def embeddable(record: FontRecord, text: str, cache_dir: str | os.PathLike[str]) -> Path:
    """A TrueType-outline .ttf of ``record`` that ReportLab can load and
    that has the glyphs of ``text`` (those the font has).

    A plain TrueType file is returned as it is.  A face of a collection, a
    WOFF/WOFF2 or a CFF font is subset to the characters of ``text`` first,
    converted to TrueType outlines and written to
    ``cache_dir/fonts/<PostScriptName>-<key>.ttf``; the key hashes the
    file's content, the face, the sorted characters and a format version,
    so the same request later returns that file without any work.
    Raises ``FontError`` when the font forbids embedding or cannot be read.
    """
    if not record.embeddable:
        raise FontError(
            _(
                "{font}: the font's licence bits (fsType {fs_type:#06x}) "
                "forbid embedding it in a PDF"
            ).format(font=record.spec, fs_type=record.fs_type)
        )
    if record.container in ("ttf", "otf") and record.outline == "truetype":
        return record.path
    try:
        digest = content_hash(record.path, cache_dir)
    except OSError as exc:
        message = _("{path}: cannot read this font file ({reason})")
        raise FontError(message.format(path=record.path, reason=exc)) from exc
    chars = "".join(sorted(set(text)))
    key = hashlib.sha256(
        json.dumps([_PREPARE_VERSION, digest, record.face_index, chars]).encode("utf-8")
    ).hexdigest()[:24]
    stem = "".join(c for c in record.postscript_name if c.isascii() and (c.isalnum() or c in "-_"))
    target = Path(cache_dir) / PREPARED_DIR / f"{stem or 'font'}-{key}.ttf"
    if _verified(target):
        return target
    from fontTools.ttLib import TTFont

    try:
        # recalcTimestamp=False: head.modified stays the source's, so a
        # conversion made again (a damaged cache entry, a new machine) is the
        # same bytes, and so is every PDF that embeds it.
        with TTFont(str(record.path), fontNumber=record.face_index, recalcTimestamp=False) as font:
            subset_font(font, chars)
            if is_cff(font):
                cff_to_truetype(font)
            font.flavor = None
            font.flavorData = None
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, lambda tmp: font.save(str(tmp)))
            write_atomic(_seal(target), _sha256(target).encode("ascii"))
    except WriteError as exc:
        message = _("{font}: cannot keep the converted font: {reason}")
        raise FontError(message.format(font=record.spec, reason=exc)) from exc
    except JianbaoError:
        raise
    except Exception as exc:  # fontTools raises many kinds
        message = _("{font}: cannot convert this font ({reason})")
        raise FontError(message.format(font=record.spec, reason=exc)) from exc
    return target
