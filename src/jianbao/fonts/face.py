"""Faces: which file plays which role, and how big each glyph is.

In: a mapping role → font files (TrueType outlines; ``prepare`` turns
anything else into that).  Out: a ``FontSet`` whose ``FontFace``s answer
coverage (``has``), advance widths and ink bounds in em, read once from the
file by ReportLab's TrueType parser — also what embeds the font later, so
a file is parsed once per process, and registered with ReportLab under a
name of its own (``pdf_name``) for ``pdf.draw`` to set text in.

The roles and their bundled faces are ``roles.ROLES`` (docs/typesetting.md §3).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import JianbaoError
from ..i18n import _
from ..records import dataclass
from ..roles import ROLE_KEYS, ROLES, Role
from .embed import Type0TTFont

# The ideograph whose ink defines a face's optical centre line (a subset
# made for a document keeps it, so the centre does not move).
REFERENCE_IDEOGRAPH = "国"


def bundled_dir() -> Path:
    """The folder of the fonts shipped with jianbao: ``bundled/`` beside this
    module in a wheel, ``fonts/`` at the top of a checkout."""
    here = Path(__file__).resolve().parent
    for folder in (here / "bundled", here.parents[2] / "fonts"):
        if (folder / ROLES["body"].bundled).is_file():
            return folder
    raise JianbaoError(
        _(
            "the bundled fonts are missing: reinstall jianbao, or run "
            "'python scripts/build_fonts.py' in a checkout"
        )
    )


class FontFace:
    """One TrueType font file, parsed once: coverage, advances and ink.

    Widths are in em (1.0 = the font size); ink boxes are
    (x_min, y_min, x_max, y_max) in em with y up from the baseline.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        # The PDF name is registered with ReportLab for the whole process:
        # derive it from the file's identity and state, so that a font file
        # replaced on disk gets a new name instead of the old glyphs.
        st = path.stat()
        identity = f"{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}"
        digest = hashlib.sha1(identity.encode()).hexdigest()[:8]
        self.pdf_name = f"{path.stem}-{digest}"
        try:
            # One object per name and process: the one ReportLab draws with.
            self.ttfont: Any = Type0TTFont.load(self.pdf_name, str(path))
        except Exception as exc:  # ReportLab raises bare TTFError / OSError
            message = _("{path}: cannot use this font: {reason}")
            raise JianbaoError(message.format(path=path, reason=exc)) from exc
        face = self.ttfont.face
        self._face = face
        self._check_loca()
        self._cmap: Mapping[int, int] = face.charToGlyph
        self._widths: Mapping[int, int] = face.charWidths
        self._default = face.defaultWidth / 1000.0
        self._upm = float(face.unitsPerEm)
        family = face.familyName
        self.family = family.decode("utf-8", "replace") if isinstance(family, bytes) else family
        self._ink: dict[str, tuple[float, float, float, float] | None] = {}
        ref = self.ink(REFERENCE_IDEOGRAPH)
        # y of the ideographic ink centre above the baseline, in em.
        self.centre = (ref[1] + ref[3]) / 2 if ref else 0.38

    def __repr__(self) -> str:
        return f"FontFace({self.path.name})"

    def damaged(self, reason: str) -> JianbaoError:
        """The error for this font's damaged data (``reason``)."""
        return JianbaoError(
            _(
                "{path}: the font is damaged ({reason}); use another font, or install "
                "this one again"
            ).format(path=self.path, reason=reason)
        )

    def _check_loca(self) -> None:
        """Glyph offsets (``loca``) that run backwards or past the glyph
        table (``glyf``): every glyph would be drawn blank or garbled."""
        positions = self._face.glyphPos
        glyf = self._face.table.get("glyf")
        if glyf is None or not positions:
            raise self.damaged(_("no glyph table"))
        ordered = list(positions)  # sorted() runs in C: ~20 x a pairwise loop
        if ordered != sorted(ordered) or positions[-1] > glyf["length"]:
            raise self.damaged(_("its glyph locations (loca) point outside its glyphs (glyf)"))

    def check_glyphs(self, chars: Iterable[str]) -> None:
        """``JianbaoError`` naming this font when the glyph data of ``chars``
        (and of the glyphs they are built from) cannot be read: a scrambled
        ``glyf`` would else fail deep in ReportLab's subsetting."""
        face = self._face
        positions = face.glyphPos
        data = face._ttf_data
        base = face.table["glyf"]["offset"]
        todo = [self._cmap[ord(c)] for c in chars if ord(c) in self._cmap]
        seen: set[int] = set()
        while todo:
            gid = todo.pop()
            if gid in seen:
                continue
            seen.add(gid)
            if gid + 1 >= len(positions):
                raise self.damaged(_("glyph {gid} is past its last glyph").format(gid=gid))
            start, end = base + positions[gid], base + positions[gid + 1]
            if end == start:
                continue
            if end - start < 10 or end > len(data):
                raise self.damaged(_("glyph {gid} is cut short").format(gid=gid))
            (contours,) = struct.unpack(">h", data[start : start + 2])
            if contours < 0:
                todo += _components(data, start + 10, end, self.damaged)

    def has(self, char: str) -> bool:
        return ord(char) in self._cmap

    def advance(self, char: str) -> float:
        """Advance width of one character in em."""
        return float(self._widths.get(ord(char), self._default * 1000)) / 1000.0

    def width(self, text: str, size: float) -> float:
        """Natural width of ``text`` in pt at ``size``."""
        widths = self._widths
        default = self._default * 1000
        return sum(widths.get(ord(c), default) for c in text) * size / 1000.0

    def ink(self, char: str) -> tuple[float, float, float, float] | None:
        """Ink bounds of ``char`` in em, or None for a blank glyph."""
        if char in self._ink:
            return self._ink[char]
        box = self._read_ink(char)
        self._ink[char] = box
        return box

    def _read_ink(self, char: str) -> tuple[float, float, float, float] | None:
        gid = self._cmap.get(ord(char))
        face = self._face
        if gid is None or gid + 1 >= len(face.glyphPos):
            return None
        start, end = face.glyphPos[gid], face.glyphPos[gid + 1]
        if end <= start:
            return None
        offset = face.table["glyf"]["offset"] + start
        _contours, x0, y0, x1, y1 = struct.unpack(">hhhhh", face._ttf_data[offset : offset + 10])
        upm = self._upm
        return (x0 / upm, y0 / upm, x1 / upm, y1 / upm)


# Composite glyph flags (OpenType glyf): what follows each component's index.
_ARGS_ARE_WORDS, _HAS_SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x1, 0x8, 0x20, 0x40, 0x80


def _components(
    data: bytes, at: int, end: int, damaged: Callable[[str], JianbaoError]
) -> list[int]:
    """The glyph indexes a composite glyph (its data from ``at`` to ``end``) is built from."""
    out = []
    flags = _MORE
    while flags & _MORE:
        if at + 4 > end:
            raise damaged(_("a composite glyph is cut short"))
        flags, gid = struct.unpack(">HH", data[at : at + 4])
        out.append(gid)
        at += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
        at += (
            2 if flags & _HAS_SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
        )
    return out


# ReportLab reads a font file whole: the largest CJK collections (Source
# Han's super OTC) are ~120 MiB; past this it is no font anyone sets with.
MAX_FONT_BYTES = 256 * 2**20


class FontLoader:
    """Opens each font file once, however many roles or renders use it.

    A batch worker keeps one loader for all its issues.
    """

    def __init__(self) -> None:
        self._faces: dict[tuple[Path, int, int], FontFace] = {}

    def open(self, path: Path) -> FontFace:
        resolved = path.resolve()
        try:
            st = resolved.stat()
        except OSError as exc:
            message = _("{path}: cannot read this font: {reason}")
            raise JianbaoError(message.format(path=path, reason=exc.strerror or exc)) from exc
        if st.st_size > MAX_FONT_BYTES:
            raise JianbaoError(
                _(
                    "{path}: the font file is {size:,.0f} MiB, more than the {limit} MiB a "
                    "font may be (it is read whole); use a font file of one family, not a "
                    "collection of many"
                ).format(path=path, size=st.st_size / 2**20, limit=MAX_FONT_BYTES // 2**20)
            )
        key = (resolved, st.st_size, st.st_mtime_ns)  # a replaced file is opened anew
        face = self._faces.get(key)
        if face is None:
            face = self._faces[key] = FontFace(resolved)
        return face


@dataclass(frozen=True)
class FontSet:
    """The faces of each role, primary first, then fallbacks."""

    chains: Mapping[Role, tuple[FontFace, ...]]

    def face(self, role: Role) -> FontFace:
        """The primary face of ``role``."""
        return self.chains[role][0]

    def face_for(self, role: Role, char: str) -> FontFace | None:
        """The first face of ``role``'s chain that has ``char``."""
        for face in self.chains[role]:
            if face.has(char):
                return face
        return None

    def faces(self) -> list[FontFace]:
        """Every distinct face, in role order."""
        seen: dict[Path, FontFace] = {}
        for chain in self.chains.values():
            for face in chain:
                seen.setdefault(face.path, face)
        return list(seen.values())


def load_fonts(
    files: Mapping[Role, Sequence[Path]] | None = None, loader: FontLoader | None = None
) -> FontSet:
    """Open the faces of every role; roles not given use the bundled fonts."""
    files = dict(files or {})
    loader = loader or FontLoader()
    chains: dict[Role, tuple[FontFace, ...]] = {}
    for role in ROLE_KEYS:
        paths = tuple(files.get(role) or (bundled_dir() / ROLES[role].bundled,))
        chains[role] = tuple(loader.open(p) for p in paths)
    return FontSet(chains=chains)
