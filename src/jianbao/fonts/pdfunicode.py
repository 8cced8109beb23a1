"""ReportLab TrueType font with a correct ToUnicode CMap beyond the BMP.

ReportLab (checked up to 5.1) writes each ToUnicode ``bfchar`` entry of an
embedded TrueType subset as ``"<%02X> <%04X>" % (code, codepoint)``.  That is
right for the BMP, but a code point such as U+20BB7 (𠮷) comes out as
``<20BB7>``: five hex digits, not UTF-16BE.  The glyph renders, yet copy-paste
and text extraction return garbage (pdfium reads ``₻`` U+20BB).  The entry
must be the surrogate pair ``<D842DFB7>``.

:class:`UnicodeTTFont` is a drop-in replacement for
``reportlab.pdfbase.ttfonts.TTFont`` (same constructor) that rewrites the
ToUnicode stream of every 256-glyph subset font it emits.  Nothing in
ReportLab is patched; only fonts created from this class are affected.

``UnicodeTTFont.load`` gives the font registered under a name, reading the
file only the first time: ReportLab's registry keeps the first font of a
name for the whole process, and ``canvas.setFont`` draws with that one, so
a second object for the same name would assign glyph codes the page never
uses.  ``register`` adds such a font to ReportLab's registry under its own name.
ReportLab keys its registry of dynamic fonts by the face's PostScript name
as well: given a second file with the same PostScript name (another subset
of one CFF font, a copy of a bundled face), ``registerFont`` would register
the *first* file's font under the new name.  ``register`` makes the key this
font's own for the call, so each file keeps its own glyphs.

Glyph selection needs no help: ReportLab reads format 12 cmaps, so
``drawString`` maps non-BMP characters to the right glyph and width as long
as the font's chosen cmap subtable (normally the (3, 10) one) covers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTEncoding, TTFont

from .parsed import parsed_face

__all__ = ["UnicodeTTFont", "to_unicode_cmap", "utf16be_hex"]

# The fonts ``UnicodeTTFont.load`` has registered, by name.
_LOADED: dict[str, UnicodeTTFont] = {}

# The CMap format allows at most 100 mappings per beginbfchar block.
_BFCHAR_BLOCK = 100


def utf16be_hex(codepoint: int) -> str:
    """UTF-16BE hex digits for one code point: ``4E00``, ``D842DFB7``."""
    return chr(codepoint).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(font_name: str, subset: Sequence[int]) -> str:
    """ToUnicode CMap for a one-byte subset: code ``i`` ↦ ``subset[i]``.

    Same layout as ReportLab's ``makeToUnicodeCMap`` except that the
    destination strings are real UTF-16BE (surrogate pairs above U+FFFF) and
    the ``bfchar`` entries are split into blocks of at most 100.
    """
    entries = [f"<{code:02X}> <{utf16be_hex(cp)}>" for code, cp in enumerate(subset)]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({font_name})",
        f"/Ordering ({font_name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{font_name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), _BFCHAR_BLOCK):
        block = entries[start : start + _BFCHAR_BLOCK]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += [
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


class UnicodeTTFont(TTFont):  # type: ignore[misc]  # ReportLab is untyped
    """``TTFont`` whose ToUnicode CMaps are valid for non-BMP characters.

    Use like ``TTFont``, registered with ``register``::

        UnicodeTTFont("SongTi", "/path/font.ttf").register()

    or, once per name and process, ``UnicodeTTFont.load(name, path)``.
    """

    @classmethod
    def load(cls, name: str, path: str) -> UnicodeTTFont:
        """The font registered as ``name``, read from ``path`` and registered
        on first use; later calls return the same object (the name must
        stand for the file's contents)."""
        font = _LOADED.get(name)
        if font is None:
            font = cls.with_face(name, parsed_face(Path(path)))
            font.register()
            _LOADED[name] = font
        return font

    @classmethod
    def with_face(cls, name: str, face: Any) -> UnicodeTTFont:
        """The font ``TTFont(name, path)`` makes, over a face already parsed
        (``parsed.parsed_face``): the fields ReportLab 5.1's ``__init__``
        sets, with its defaults (a test compares them with a real one)."""
        font = cls.__new__(cls)
        font.fontName = name
        font.face = face
        font.encoding = TTEncoding()
        font.state = WeakKeyDictionary()
        font._asciiReadable = rl_config.ttfAsciiReadable
        font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
        return font

    def register(self) -> None:
        """Register this font with ReportLab under ``fontName`` (see the
        module docstring); registering it again does nothing."""
        face = self.face
        original = face.name
        face.name = b"jianbao:" + self.fontName.encode("utf-8")
        try:
            pdfmetrics.registerFont(self)
        finally:
            face.name = original

    def addObjects(self, doc: Any) -> None:
        """Emit the subset fonts as ``TTFont`` does, then fix their ToUnicode.

        ``TTFont.addObjects`` builds the CMap text inline (no per-font hook)
        and drops the per-document state when done, so the subsets and their
        PDF names are captured first and the streams replaced afterwards.
        """
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        # ReportLab names each subset's objects after the font's PostScript
        # name (AAAAAA+Name): a second font file with the same name in one
        # document (a copy of a bundled face chosen for another role) would
        # redefine them.  Such a font gets its PDF font name as a suffix.
        face = self.face
        original = face.name
        taken = f"toUnicodeCMap:{SUBSETN(0).decode()}+{original.decode('latin-1')}"
        if taken in doc.idToObject and state is not None:
            face.name = original + b"-" + state.internalName.encode("ascii")
        try:
            super().addObjects(doc)
        finally:
            face.name = original
        fonts = doc.idToObject["BasicFonts"].dict
        for name, subset in zip(names, subsets, strict=True):
            if len(subset) > 256:  # ReportLab's unsubsetted "full font" mode
                continue
            pdf_font = fonts[name]
            stream = doc.idToObject[pdf_font.ToUnicode.name]
            stream.content = to_unicode_cmap(pdf_font.BaseFont, subset)
