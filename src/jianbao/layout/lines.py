"""Lines: one line of text becomes glyph items on a grid row.

In: text with its role (``content.Styled`` runs, or a string and a role), a
size, and the theme and fonts.  Out: ``Row``s — the items of one grid row,
their y relative to the row's top (the baseline) — built by a ``Setter``:
paragraphs broken by ``linebreak`` and placed glyph by glyph, or single
lines centred or flush left/right, compressed when too wide.
docs/typesetting.md §2 (baselines) and §8 (placing glyphs).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal, cast

from ..fonts.face import FontFace, FontSet
from ..roles import Role
from ..theme import CMYK, Theme
from .content import Styled
from .frame import Item, TextItem
from .linebreak import Line, Measure, Piece, Span, break_lines

Align = Literal["left", "right"]


@dataclass(frozen=True)
class Row:
    """One grid row of the flow; item y values are relative to the row top."""

    items: tuple[Item, ...] = ()
    keep_next: bool = False  # must stay on the page of the row after it

    @property
    def blank(self) -> bool:
        return not self.items


class Setter:
    """Sets lines of text in the fonts of one issue on the theme's grid."""

    def __init__(self, theme: Theme, fonts: FontSet) -> None:
        self.theme = theme
        self.fonts = fonts

    def baseline(self, face: FontFace, size: float) -> float:
        """Baseline below a row top that centres the ideographs' ink in the row."""
        return self.theme.line_pitch / 2 + face.centre * size

    def measure_for(self, size: float) -> Measure:
        """Natural width of a run at ``size`` in its role's faces (fallbacks included)."""
        fonts = self.fonts

        def measure(text: str, style: Hashable) -> float:
            role = cast(Role, style)
            return (
                sum((fonts.face_for(role, c) or fonts.face(role)).advance(c) for c in text) * size
            )

        return measure

    def break_runs(
        self, runs: Sequence[tuple[str, Role]], *, size: float, cell: float, cells: int, indent: int
    ) -> list[Line]:
        """Break runs of (text, role) into lines of ``cells`` cells of ``cell`` pt."""
        spans = [Span(text, role) for text, role in runs if text]
        measure = self.measure_for(size)
        return break_lines(spans, cell=cell, cells=cells, indent=indent, measure=measure)

    def line_items(
        self, line: Line, *, role: Role, size: float, cell: float, x0: float, kind: str
    ) -> tuple[Item, ...]:
        """Glyph runs of one broken line; y is the baseline relative to the row top."""
        theme = self.theme
        y = self.baseline(self.fonts.face(role), size)
        items: list[TextItem] = []
        for piece in line.pieces:
            if piece.kind == "space":
                continue
            for item in self.piece_items(piece, size=size, cell=cell, x0=x0, y=y, kind=kind):
                last = items[-1] if items else None
                if last is not None and mergeable(last, item):
                    items[-1] = replace(last, text=last.text + item.text)
                else:
                    items.append(item)
        return tuple(replace(i, color=theme.black) for i in items)

    def piece_items(
        self, piece: Piece, *, size: float, cell: float, x0: float, y: float, kind: str
    ) -> Iterator[TextItem]:
        """The glyphs of one piece of a broken line."""
        role = cast(Role, piece.style)
        fonts = self.fonts
        black = self.theme.black
        left = x0 + piece.x
        # A character no face of the chain has is measured with the primary
        # face and not drawn: its cell stays empty (coverage has warned).
        if piece.kind in ("ideo", "punct") and len(piece.text) == 1:
            char = piece.text
            found = fonts.face_for(role, char)
            face = found or fonts.face(role)
            adv = face.advance(char) * size
            if piece.squeezed:
                x = self._squeezed_origin(piece, face, char, size, left)
            else:
                # The em box is centred on the cell: on an unspread line the
                # origin is the cell's left edge (the grid column).
                x = left + (piece.width - cell) / 2 + (size - adv) / 2
            if found is not None:
                yield TextItem(x, y, char, face, size, black, piece.width - adv, kind=kind)
            return
        # Latin runs, ——, ……: fill the box exactly with even spacing.
        text = piece.text
        found_faces = [fonts.face_for(role, c) for c in text]
        faces = [f or fonts.face(role) for f in found_faces]
        natural = sum(f.advance(c) for f, c in zip(faces, text, strict=True)) * size
        tc = (piece.width - natural) / len(text)
        x = left + tc / 2
        for found_face, face, char in zip(found_faces, faces, text, strict=True):
            if found_face is not None:
                yield TextItem(x, y, char, face, size, black, tc, kind=kind)
            x += face.advance(char) * size + tc

    @staticmethod
    def _squeezed_origin(
        piece: Piece, face: FontFace, char: str, size: float, left: float
    ) -> float:
        """Origin of a punctuation mark set in half a cell, its ink kept in the box."""
        adv = face.advance(char) * size
        right = left + piece.width
        if piece.align == "left":
            x = left
        elif piece.align == "right":
            x = right - adv
        else:
            x = left + (piece.width - adv) / 2
        ink = face.ink(char)
        if ink is not None:
            ink_left, ink_right = x + ink[0] * size, x + ink[2] * size
            if ink_right > right:
                x -= ink_right - right
            if ink_left < left:
                x += left - ink_left
        return x

    def paragraph_lines(self, runs: Sequence[Styled], *, indent: int = 2) -> list[Line]:
        """A paragraph broken in body size on the full grid, ``indent`` cells
        free on its first line."""
        theme = self.theme
        return self.break_runs(
            [(r.text.value, r.role) for r in runs],
            size=theme.body_size,
            cell=theme.cell,
            cells=theme.chars_per_line,
            indent=indent,
        )

    def paragraph_rows(
        self, runs: Sequence[Styled], *, role: Role, indent: int = 2, kind: str = "body"
    ) -> list[Row]:
        """The rows of a paragraph (``paragraph_lines``), set in ``role``'s face."""
        theme = self.theme
        lines = self.paragraph_lines(runs, indent=indent)
        return [
            Row(
                self.line_items(
                    line,
                    role=role,
                    size=theme.body_size,
                    cell=theme.cell,
                    x0=theme.block_left,
                    kind=kind,
                )
            )
            for line in lines
        ]

    def centred_row(
        self,
        text: str,
        *,
        role: Role,
        size: float,
        kind: str,
        color: CMYK | None = None,
        room: float | None = None,
    ) -> Row:
        """One line centred on the text block (titles, kicker, subtitle),
        compressed horizontally when wider than ``room`` (default: the block)."""
        theme = self.theme
        face = self.fonts.face(role)
        items: list[TextItem] = []
        width = sum((self.fonts.face_for(role, c) or face).advance(c) for c in text) * size
        room = theme.block_width if room is None else room
        scale = min(1.0, room / width) if width else 1.0
        x = theme.block_left + (theme.block_width - width * scale) / 2
        y = self.baseline(face, size)
        for char in text:
            found = self.fonts.face_for(role, char)
            f = found or face
            if found is None:  # not in any face of the chain: leave its space empty
                x += f.advance(char) * size * scale
                continue
            item = TextItem(x, y, char, f, size, color or theme.black, hscale=scale, kind=kind)
            if items and mergeable(items[-1], item):
                items[-1] = replace(items[-1], text=items[-1].text + char)
            else:
                items.append(item)
            x += f.advance(char) * size * scale
        return Row(tuple(items))

    def aligned_row(
        self,
        align: Align,
        text: str,
        *,
        role: Role,
        size: float,
        kind: str,
        x: float | None = None,
        room: float | None = None,
    ) -> Row:
        """One line flush ``align`` against ``x`` (default: the block's edge),
        compressed when wider than ``room``."""
        row = self.centred_row(text, role=role, size=size, kind=kind, room=room)
        if not row.items:
            return row
        theme = self.theme
        first = row.items[0]
        assert isinstance(first, TextItem)
        width = sum(i.advance() for i in row.items if isinstance(i, TextItem))
        if align == "left":
            target = theme.block_left if x is None else x
        else:
            target = (theme.block_right if x is None else x) - width
        shift = target - first.x
        return Row(tuple(replace(i, x=i.x + shift) for i in row.items if isinstance(i, TextItem)))


def mergeable(a: TextItem, b: TextItem) -> bool:
    """Whether ``b`` continues ``a`` as one string: same face, size, colour,
    spacing and row, starting where ``a`` ends."""
    return (
        a.face is b.face
        and a.size == b.size
        and a.y == b.y
        and a.hscale == b.hscale
        and a.color == b.color
        and a.kind == b.kind
        and abs(a.char_space - b.char_space) < 1e-9
        and abs(a.x + a.advance() - b.x) < 1e-6
    )
