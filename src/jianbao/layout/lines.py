"""Lines: one line of text becomes glyph items on a grid row.

In: text with its role (``content.Styled`` runs, or a string and a role), a
size, and the theme and fonts.  Out: ``Row``s — the items of one grid row,
their y relative to the row's top (the baseline) — built by a ``Setter``:
paragraphs broken by ``linebreak`` and placed by ``glyphs``, or single
lines centred or flush left/right, compressed when too wide.
docs/typesetting.md §2 (baselines) and §8 (placing glyphs).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import replace
from typing import Literal, cast

from ..errors import Diagnostic, IssueError
from ..fonts.face import FontFace, FontSet
from ..i18n import N_, _
from ..model import Text
from ..records import dataclass
from ..roles import Role
from ..theme import CMYK, Theme
from .content import Styled
from .frame import Item, TextItem
from .glyphs import line_glyphs
from .linebreak import INK_LEFT, INK_RIGHT, Line, Measure, Span, break_lines, natural_width

Align = Literal["left", "right"]


@dataclass(frozen=True)
class Row:
    """One row of the flow; item y values are relative to the row top.

    A grid row (``height`` None) takes one line pitch and starts on the
    grid; a taller row (a figure, a table row) takes ``height`` pt and the
    grid row after it starts on the next grid line.  ``keep_next``: it
    stays on the page of the row after it; ``floats``: when it does not fit,
    the rows after it (of the same ``article``) may fill the page before it;
    ``break_before``: it starts a new page; ``repeat``: rows set again
    before it when it is the first of its ``table`` on a page (a table's
    header); ``at_break``: items
    drawn only when the page ends after it (a table's closing rule);
    ``anchor``: a name for where it lands (an article's first row).
    """

    items: tuple[Item, ...] = ()
    keep_next: bool = False
    height: float | None = None
    floats: bool = False
    break_before: bool = False
    repeat: tuple[Row, ...] = ()
    at_break: tuple[Item, ...] = ()
    anchor: str | None = None
    article: int = -1
    table: int = 0  # the rows of one table share a number (0: no table)

    @property
    def blank(self) -> bool:
        return not self.items and self.height is None


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

    def width(self, text: str, role: Role, size: float) -> float:
        """Natural width of ``text`` in pt in ``role``'s faces (fallbacks included)."""
        return self.measure_for(size)(text, role)

    def grid_width(self, text: str, role: Role, size: float, cell: float) -> float:
        """The width ``text`` takes on the grid of ``cell`` pt (``linebreak.natural_width``)."""
        return natural_width(text, role, cell=cell, measure=self.measure_for(size))

    def break_runs(
        self, runs: Sequence[tuple[str, Role]], *, size: float, cell: float, cells: int, indent: int
    ) -> list[Line]:
        """Break runs of (text, role) into lines of ``cells`` cells of ``cell`` pt."""
        spans = [Span(text, role) for text, role in runs if text]
        measure = self.measure_for(size)
        return break_lines(
            spans,
            cell=cell,
            cells=cells,
            indent=indent,
            measure=measure,
            punctuation=self.theme.punctuation,
        )

    def line_items(
        self, line: Line, *, role: Role, size: float, cell: float, x0: float, kind: str
    ) -> tuple[Item, ...]:
        """Glyph runs of one broken line; y is the baseline relative to the row top."""
        y = self.baseline(self.fonts.face(role), size)
        return line_glyphs(
            line,
            self.fonts,
            role=role,
            size=size,
            cell=cell,
            x0=x0,
            y=y,
            kind=kind,
            color=self.theme.black,
        )

    def paragraph_lines(
        self, runs: Sequence[Styled], *, indent: int = 2, inset: int = 0
    ) -> list[Line]:
        """A paragraph broken in body size on the grid, ``inset`` cells free
        on both sides and ``indent`` more on its first line."""
        theme = self.theme
        return self.break_runs(
            [(r.text.value, r.role) for r in runs],
            size=theme.body_size,
            cell=theme.cell,
            cells=theme.chars_per_line - 2 * inset,
            indent=indent,
        )

    def paragraph_rows(
        self,
        runs: Sequence[Styled],
        *,
        role: Role,
        indent: int = 2,
        inset: int = 0,
        kind: str = "body",
    ) -> list[Row]:
        """The rows of a paragraph (``paragraph_lines``), set in ``role``'s face."""
        theme = self.theme
        lines = self.paragraph_lines(runs, indent=indent, inset=inset)
        return [
            Row(
                self.line_items(
                    line,
                    role=role,
                    size=theme.body_size,
                    cell=theme.cell,
                    x0=theme.column_x(inset),
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
        padding: bool = False,
        source: Text | None = None,
    ) -> Row:
        """One line centred on the text block (titles, kicker, subtitle),
        compressed horizontally when wider than ``room`` (default: the block).
        ``padding``: its spaces are white jianbao put round a number (第 8 期),
        not text, and are not drawn.  ``source``: the text as written, for an
        ``IssueError`` at its place when the line would be compressed past
        ``theme.min_line_scale`` (past it, a line is a bar, not text)."""
        theme = self.theme
        face = self.fonts.face(role)
        fonts = self.fonts
        advances = [self._advance(text, k, role, size) for k in range(len(text))]
        width = sum(advances)
        room = theme.block_width if room is None else room
        scale = min(1.0, room / width) if width else 1.0
        if source is not None and scale < theme.min_line_scale - 1e-9:
            raise IssueError([_too_long(source, text, scale, theme.min_line_scale, kind)])
        # Centred by what shows: an opening mark's white before the first
        # ink, a closing mark's white after the last, are left out.
        lead, trail = self._white_edges(text, role, size)
        seen = width - lead - trail
        x = theme.block_left + (theme.block_width - seen * scale) / 2 - lead * scale
        y = self.baseline(face, size)
        items: list[TextItem] = []
        for k, (char, advance) in enumerate(zip(text, advances, strict=True)):
            # A space widened to a full-width one (between Chinese) or a
            # character in no face of the chain: its room is left empty.  A
            # plain space is drawn, so that it is copied (表1 各乡镇).
            blank = char == " " and (padding or advance != self._natural(text, k, role, size))
            found = None if blank else fonts.face_for(role, char)
            if found is None:
                x += advance * scale
                continue
            item = TextItem(x, y, char, found, size, color or theme.black, hscale=scale, kind=kind)
            if items and mergeable(items[-1], item):
                items[-1] = replace(items[-1], text=items[-1].text + char)
            else:
                items.append(item)
            x += advance * scale
        return Row(tuple(items))

    def _natural(self, text: str, k: int, role: Role, size: float) -> float:
        char = text[k]
        return (self.fonts.face_for(role, char) or self.fonts.face(role)).advance(char) * size

    def _advance(self, text: str, k: int, role: Role, size: float) -> float:
        """The advance of ``text[k]`` on a single line: a space between two
        Chinese characters (内部资料 注意保存) is a full-width space."""
        char = text[k]
        if (
            char == " "
            and 0 < k < len(text) - 1
            and not (text[k - 1].isascii() or text[k + 1].isascii())
        ):
            return size
        return self._natural(text, k, role, size)

    def _white_edges(self, text: str, role: Role, size: float) -> tuple[float, float]:
        """The white of an opening mark before the line's first ink and of a
        closing mark after its last, in pt."""
        lead = trail = 0.0
        if text and text[0] in INK_RIGHT:
            face = self.fonts.face_for(role, text[0])
            ink = face.ink(text[0]) if face else None
            lead = ink[0] * size if ink else 0.0
        if text and text[-1] in INK_LEFT:
            face = self.fonts.face_for(role, text[-1])
            ink = face.ink(text[-1]) if face else None
            trail = (face.advance(text[-1]) - ink[2]) * size if face and ink else 0.0
        return lead, trail

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
        padding: bool = False,
        source: Text | None = None,
    ) -> Row:
        """One line flush ``align`` against ``x`` (default: the block's edge),
        compressed when wider than ``room`` (``source``: as ``centred_row``)."""
        row = self.centred_row(
            text, role=role, size=size, kind=kind, room=room, padding=padding, source=source
        )
        if not row.items:
            return row
        theme = self.theme
        first, last = row.items[0], row.items[-1]
        assert isinstance(first, TextItem) and isinstance(last, TextItem)
        width = last.x + last.advance() - first.x
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


# What each kind of one-line element is called in messages.
_ELEMENTS = {
    "mark": N_("the mark line (密级)"),
    "issuer": N_("the issuer (编印单位)"),
    "kicker": N_("the kicker (引题)"),
    "subtitle": N_("the subtitle (副题)"),
    "source": N_("the source line (供稿)"),
    "caption": N_("the caption"),
}


def _too_long(source: Text, text: str, scale: float, least: float, kind: str) -> Diagnostic:
    """The error for a one-line element that would be squeezed past ``least``."""
    fits = max(1, int(len(text) * scale / least))
    what = _(_ELEMENTS.get(kind, N_("this line")))
    message = _(
        "{what} is too long for its line: its {count} characters would be compressed "
        "to {scale:.0%} of their width (below {least:.0%} it is no longer legible)"
    ).format(what=what, count=len(text), scale=scale, least=least)
    hint = _("shorten it to about {count} characters").format(count=fits)
    return Diagnostic(source.origin, message, hint)
