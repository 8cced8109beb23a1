"""Glyphs: the boxes of a broken line become glyph origins and text runs.

In: a ``linebreak.Line`` (boxes in pt), the role of its face, the size and
the ``FontSet``.  Out: ``TextItem``s in reading order whose glyph origins
never go backwards and whose every glyph ends exactly where the next one
starts (docs/typesetting.md §8), so that what a reader copies from the PDF
is the text, in order, without spaces that are not in it:

- PDF readers built on pdfium (Chrome, Edge, WPS) sort glyphs by origin:
  an origin left of the one before swaps the two;
- poppler (pdftotext, many Linux viewers) takes a glyph that starts within
  0.1 em of the one before for a duplicate, and a glyph that starts far
  left of where the one before ended for a new line;
- every extractor copies a gap between glyphs as a space beyond ~1.6 pt,
  unless the gap is character spacing inside one run (which pdfium reads
  as part of the glyph before).

So each glyph's character spacing (Tc) is what takes the pen from it to
the next glyph's origin, squeezed marks that share a cell keep 0.11 em
between their origins, and a Latin run is set at its natural advances.
"""

from __future__ import annotations

from typing import cast

from ..fonts.face import FontFace, FontSet
from ..records import dataclass
from ..roles import Role
from ..theme import CMYK
from .frame import TextItem
from .linebreak import Line, Piece

# The least distance between two glyph origins, in em: poppler takes a
# glyph within 0.1 em of the one before for a duplicate (fake bold).
MIN_STEP = 0.11


@dataclass(slots=True)
class _Glyph:
    char: str
    face: FontFace | None  # None: no face of the chain has it (not drawn)
    x: float  # origin
    lo: float  # where the origin may move to, keeping the ink in its box
    hi: float
    advance: float  # pt


def line_glyphs(
    line: Line,
    fonts: FontSet,
    *,
    role: Role,
    size: float,
    cell: float,
    x0: float,
    y: float,
    kind: str,
    color: CMYK,
) -> tuple[TextItem, ...]:
    """The text runs of one broken line; ``y`` is the baseline."""
    glyphs: list[_Glyph] = []
    for piece in line.pieces:
        if piece.kind != "space":
            glyphs += _piece_glyphs(piece, fonts, size, cell, x0)
    _keep_order(glyphs, MIN_STEP * size)
    return _runs(glyphs, y, size, kind, color)


def _piece_glyphs(
    piece: Piece, fonts: FontSet, size: float, cell: float, x0: float
) -> list[_Glyph]:
    role = cast(Role, piece.style)
    left = x0 + piece.x
    chars = [_glyph(c, fonts, role, size) for c in piece.text]
    if piece.kind in ("ideo", "punct") and len(chars) == 1:
        (g,) = chars
        if piece.squeezed:
            g.lo, g.hi, g.x = _squeezed(g, piece, size, left)
        else:
            # The glyph's em starts on the cell: on the grid the origin is the column.
            g.x = g.lo = g.hi = left + (size - g.advance) / 2
        return chars
    if piece.kind == "dash":
        return _dash(chars, left, cell, size)
    x = left  # a Latin run (or an ideograph with its variation selector): natural advances
    for g in chars:
        g.x = g.lo = g.hi = x
        x += g.advance
    return chars


def _glyph(char: str, fonts: FontSet, role: Role, size: float) -> _Glyph:
    found = fonts.face_for(role, char)
    face = found or fonts.face(role)  # a missing character keeps the primary face's width
    return _Glyph(char, found, 0.0, 0.0, 0.0, face.advance(char) * size)


def _squeezed(g: _Glyph, piece: Piece, size: float, left: float) -> tuple[float, float, float]:
    """(lowest, highest, best) origin of a mark set in half a cell: its ink
    inside the box, against the side it belongs to."""
    right = left + piece.width
    if piece.align == "left":
        best = left
    elif piece.align == "right":
        best = right - g.advance
    else:
        best = left + (piece.width - g.advance) / 2
    ink = g.face.ink(g.char) if g.face is not None else None
    if ink is None:
        return best, best, best
    lo = left - ink[0] * size
    hi = right - ink[2] * size
    if lo > hi:  # ink wider than the box: centre it
        lo = hi = (lo + hi) / 2
    return lo, hi, min(max(best, lo), hi)


def _dash(chars: list[_Glyph], left: float, cell: float, size: float) -> list[_Glyph]:
    """—— as one line over its two cells; …… as six evenly spaced dots,
    centred on its two cells (a font's … leaves more room at its sides
    than between its dots)."""
    a, b = chars
    a.x = left + (size - a.advance) / 2
    b.x = a.x + cell
    face = a.face
    ink = face.ink(a.char) if face is not None and a.char in "…⋯" else None
    if ink is not None:
        x_min, y_min, x_max, y_max = (v * size for v in ink)
        dot = y_max - y_min  # the dots are round
        pitch = (x_max - x_min - dot) / 2
        if pitch > 0:
            span = x_min + 3 * pitch + x_max  # first ink to last, from the first origin
            a.x = left + cell - span / 2
            b.x = a.x + 3 * pitch
    for g in chars:
        g.lo = g.hi = g.x
    return chars


def _keep_order(glyphs: list[_Glyph], step: float) -> None:
    """Move origins within their room so that each is at least ``step``
    right of the one before (a zero-width mark stays on its base)."""
    for i in range(1, len(glyphs)):
        prev, g = glyphs[i - 1], glyphs[i]
        if prev.advance <= 0 or g.x >= prev.x + step:
            continue
        floor = glyphs[i - 2].x + step if i >= 2 else -1e9
        prev.x = max(prev.lo, floor, min(prev.x, g.x - step))
        g.x = max(g.x, prev.x + step)


def _runs(
    glyphs: list[_Glyph], y: float, size: float, kind: str, color: CMYK
) -> tuple[TextItem, ...]:
    """Consecutive drawn glyphs of one face and one spacing as one item;
    each glyph's spacing takes the pen to the next glyph's origin.  A run's
    characters are collected and its item made once (not once per glyph:
    that made the cost of a line grow with its runs' lengths)."""
    runs: list[tuple[float, FontFace, float, list[str]]] = []  # x, face, Tc, characters
    drawn = [g for g in glyphs if g.face is not None]
    pen = None  # where the last run's last glyph takes the pen
    for i, g in enumerate(drawn):
        face = g.face
        assert face is not None
        if i + 1 < len(drawn):
            tc = drawn[i + 1].x - g.x - g.advance
        elif runs and runs[-1][1] is face:
            tc = runs[-1][2]  # the last glyph: continue the run before it
        else:
            tc = 0.0
        last = runs[-1] if runs else None
        if (
            last is not None
            and pen is not None
            and last[1] is face
            and abs(last[2] - tc) < 1e-6
            and abs(pen - g.x) < 1e-6
        ):
            last[3].append(g.char)
        else:
            runs.append((g.x, face, tc, [g.char]))
        pen = g.x + g.advance + runs[-1][2]
    return tuple(
        TextItem(x, y, "".join(chars), face, size, color, tc, kind=kind)
        for x, face, tc, chars in runs
    )
