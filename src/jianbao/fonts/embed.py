"""Embedding a TrueType face in the PDF: one font program per face.

ReportLab's ``TTFont`` embeds a face as simple TrueType fonts of at most 256
glyphs each, so the body face of a seven-page bulletin became three font
programs, each repeating the face's hinting, name and metric tables.  It
also writes each ToUnicode entry as ``"<%02X> <%04X>" % (code, codepoint)``:
a code point such as U+20BB7 (𠮷) comes out as ``<20BB7>`` (five hex digits,
not UTF-16BE), so the glyph renders but copies as garbage.

:class:`Type0TTFont` is a ``TTFont`` (same parse, widths and registry, so
ReportLab's text objects and ``stringWidth`` use it unchanged) that a
document embeds as one composite font instead:

- a ``/Type0`` font with ``/Encoding /Identity-H``: text is written as
  two-byte character ids (CIDs), numbered 1, 2, 3 … in the order the
  document first draws each character;
- its ``/CIDFontType2`` descendant, whose ``FontFile2`` is the subset of the
  face that holds exactly those glyphs (ReportLab's ``makeSubset``; glyph
  ``n`` of the subset is CID ``n`` unless two characters share a glyph, in
  which case a ``CIDToGIDMap`` stream says where each CID's glyph is);
- ``/DW`` the commonest advance and ``/W`` the others, in 1/1000 em;
- a ToUnicode CMap that maps each CID to its character as UTF-16BE, with
  surrogate pairs beyond the BMP, so every character copies as itself.

``Type0TTFont.load`` gives the font registered under a name, reading the
file only the first time: ReportLab's registry keeps the first font of a
name for the whole process, and ``canvas.setFont`` draws with that one.
``register`` adds a font to ReportLab's registry under its own name.
ReportLab keys its registry of dynamic fonts by the face's PostScript name
as well: given a second file with the same PostScript name (another subset
of one CFF font, a copy of a bundled face), ``registerFont`` would register
the *first* file's font under the new name.  ``register`` makes the key this
font's own for the call, so each file keeps its own glyphs.

Glyph selection needs no help: ReportLab reads format 12 cmaps, so
characters beyond the BMP get the right glyph and width as long as the
face's chosen cmap subtable (normally the (3, 10) one) covers them.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections import Counter
from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTEncoding, TTFont

from .parsed import parsed_face

__all__ = ["Type0TTFont", "to_unicode_cmap", "utf16be_hex"]

# The fonts ``Type0TTFont.load`` has registered, by name.
_LOADED: dict[str, Type0TTFont] = {}

# The CMap format allows at most 100 mappings per beginbfchar block.
_BFCHAR_BLOCK = 100

# A composite font's character ids are two bytes: CID 0 is .notdef.
_MAX_CID = 0xFFFF


def utf16be_hex(codepoint: int) -> str:
    """UTF-16BE hex digits for one code point: ``4E00``, ``D842DFB7``."""
    return chr(codepoint).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(chars: Sequence[int]) -> str:
    """ToUnicode CMap for two-byte codes: CID ``i + 1`` ↦ ``chars[i]``.

    The destination strings are UTF-16BE (surrogate pairs above U+FFFF), in
    ``bfchar`` blocks of at most 100 entries.
    """
    entries = [f"<{cid:04X}> <{utf16be_hex(cp)}>" for cid, cp in enumerate(chars, 1)]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
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


def widths_array(widths: Sequence[float]) -> tuple[float, list[Any]]:
    """``/DW`` and ``/W`` for CIDs ``1 … len(widths)`` of advances
    ``widths``: the commonest advance, and ``[first [w w …] …]`` runs of
    consecutive CIDs whose advance differs from it."""
    if not widths:
        return 1000.0, []
    common = Counter(widths).most_common(1)[0][0]
    entries: list[Any] = []
    run: list[float] = []
    for cid, width in enumerate(widths, 1):
        if width != common:
            if not run:
                entries.append(cid)
                entries.append(run)
            run.append(width)
        elif run:
            run = []
    return common, [pdfdoc.PDFArray(e) if isinstance(e, list) else e for e in entries]


class _Drawn:
    """What one document has drawn with one font: its characters, in the
    order of their CIDs, and its PDF resource name once it has one."""

    def __init__(self) -> None:
        self.cids: dict[int, int] = {}  # code point → CID
        self.chars: list[int] = []  # CID - 1 → code point
        self.name: str | None = None
        self.frozen = False


class Type0TTFont(TTFont):  # type: ignore[misc]  # ReportLab is untyped
    """A TrueType face that a PDF embeds as one Type0 font (see the module
    docstring).

    Use like ``TTFont``, registered with ``register``::

        Type0TTFont("SongTi", "/path/font.ttf").register()

    or, once per name and process, ``Type0TTFont.load(name, path)``.
    """

    @classmethod
    def load(cls, name: str, path: str) -> Type0TTFont:
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
    def with_face(cls, name: str, face: Any) -> Type0TTFont:
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

    def _drawn(self, doc: Any) -> _Drawn:
        drawn: _Drawn | None = self.state.get(doc)
        if drawn is None:
            drawn = self.state[doc] = _Drawn()
        return drawn

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """``text`` as the two-byte CIDs of ``doc``'s one font of this face
        (ReportLab's text objects call this; there is only "subset" 0).  A
        character the face lacks is CID 0, .notdef, as in ``TTFont``."""
        drawn = self._drawn(doc)
        cids = drawn.cids
        has = self.face.charToGlyph
        codes = []
        for char in text:
            code = ord(char)
            if code == 0xA0:
                code = 0x20  # as ReportLab does: no-break space prints as space
            cid = cids.get(code)
            if cid is None:
                if code not in has:
                    cid = 0
                else:
                    if drawn.frozen:
                        raise pdfdoc.PDFError(
                            f"Font {self.fontName} is already embedded, "
                            f"cannot add new character U+{code:04X}"
                        )
                    drawn.chars.append(code)
                    cid = cids[code] = len(drawn.chars)
                    if cid > _MAX_CID:
                        raise pdfdoc.PDFError(f"Font {self.fontName}: more than 65535 characters")
            codes.append(cid)
        return [(0, struct.pack(f">{len(codes)}H", *codes))]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        """The PDF resource name of this face's font in ``doc`` (``/F3``);
        the first call enrols the font for embedding when ``doc`` is saved."""
        if subset != 0:
            raise IndexError(f"Font {self.fontName} has one font program, not subset {subset}")
        drawn = self._drawn(doc)
        if drawn.name is None:
            drawn.name = f"F{len(doc.fontMapping) + 1}"
            doc.fontMapping[self.fontName] = "/" + drawn.name
            doc.delayedFonts.append(self)
        return "/" + drawn.name

    def addObjects(self, doc: Any) -> None:
        """Write this face's Type0 font, its CIDFontType2 descendant, the
        descriptor, the subset font program and the ToUnicode CMap into
        ``doc`` (ReportLab calls this when the document is saved)."""
        drawn = self._drawn(doc)
        drawn.frozen = True
        name = drawn.name
        assert name is not None, "addObjects before the font was used"
        face = self.face
        chars = drawn.chars
        program = pdfdoc.PDFStream()
        program.content = face.makeSubset(chars)
        program.dictionary["Length1"] = len(program.content)
        base = f"{_subset_tag(program.content)}+{face.name.decode('latin-1')}"
        if face.subfontNameX:
            base += face.subfontNameX.decode("latin-1")
        _compress(program, doc)
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": face.ascent,
                "CapHeight": face.capHeight,
                "Descent": face.descent,
                "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(face.bbox),
                "FontName": pdfdoc.PDFName(base),
                "ItalicAngle": face.italicAngle,
                "StemV": face.stemV,
                "FontFile2": doc.Reference(program, f"fontFile:{name}"),
            }
        )
        default, widths = widths_array([face.getCharWidth(c) for c in chars])
        cid_font = pdfdoc.PDFDictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": pdfdoc.PDFName(base),
                "CIDSystemInfo": pdfdoc.PDFDictionary(
                    {
                        "Registry": pdfdoc.PDFString("Adobe"),
                        "Ordering": pdfdoc.PDFString("Identity"),
                        "Supplement": 0,
                    }
                ),
                "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{name}"),
                "DW": default,
                "W": pdfdoc.PDFArray(widths),
                "CIDToGIDMap": self._cid_to_gid(doc, name, chars),
            }
        )
        to_unicode = pdfdoc.PDFStream()
        to_unicode.content = to_unicode_cmap(chars)
        _compress(to_unicode, doc)
        font = pdfdoc.PDFDictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "Name": pdfdoc.PDFName(name),
                "BaseFont": pdfdoc.PDFName(base),
                "Encoding": "/Identity-H",
                "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"cidFont:{name}")]),
                "ToUnicode": doc.Reference(to_unicode, f"toUnicodeCMap:{name}"),
            }
        )
        font.__Comment__ = f"Font {self.fontName}"
        doc.idToObject["BasicFonts"].dict[name] = doc.Reference(font, name)

    def _cid_to_gid(self, doc: Any, name: str, chars: Sequence[int]) -> Any:
        """``/Identity`` when glyph ``n`` of the subset is CID ``n``, else a
        stream of each CID's two-byte glyph id.

        ``makeSubset`` numbers glyphs as it meets them in ``chars`` (0 is
        .notdef), so two characters drawn with one glyph share a number and
        shift the ones after it.
        """
        glyph_of = self.face.charToGlyph
        subset_gid: dict[int, int] = {0: 0}
        gids = [0]
        for code in chars:
            gids.append(subset_gid.setdefault(glyph_of[code], len(subset_gid)))
        if gids == list(range(len(gids))):
            return "/Identity"
        stream = pdfdoc.PDFStream()
        stream.content = struct.pack(f">{len(gids)}H", *gids)
        _compress(stream, doc)
        return doc.Reference(stream, f"cidToGidMap:{name}")


class _Flate:
    """Deflate for the font streams, at level 5 with zlib's largest
    ``memLevel``: the glyph outlines of a CJK subset compress poorly and
    slowly, and these settings take ~30 % less time than ReportLab's
    ``zlib.compress`` (level 6) for 0.5 % more bytes (the flagship's
    fonts: 15 ms and 307.9 kB against 21 ms and 306.4 kB)."""

    pdfname = "FlateDecode"

    def encode(self, data: bytes | str) -> bytes:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        deflate = zlib.compressobj(5, zlib.DEFLATED, 15, 9)
        return deflate.compress(raw) + deflate.flush()


_FLATE = _Flate()


def _compress(stream: Any, doc: Any) -> None:
    if doc.compression:
        stream.filters = [_FLATE]


def _subset_tag(program: bytes) -> str:
    """Six capital letters naming a subset (PDF 32000 §9.6.4), drawn from a
    hash of its font program: the same glyphs of the same face give the same
    tag on any machine, and two different subsets in one document differ."""
    digest = hashlib.sha256(program).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])
