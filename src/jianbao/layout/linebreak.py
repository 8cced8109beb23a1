"""Break a paragraph of Chinese text into lines on the character grid (断行).

In: the paragraph as styled ``Span``s (text plus an opaque style key), the
grid pitch ``cell`` in pt, ``cells`` per full line, the first line's indent
in cells, and a ``measure(text, style)`` callback giving the natural width
in pt of a Latin run at the line's font size.
Out: ``Line``s of ``Piece``s: one box per ideograph or full-width mark, per
Latin run, per ——/…… and per kept space, each with its x offset and width
in pt from the text block's left edge.  No fonts and no ReportLab here.

The model (docs/typesetting.md §7) counts in half-cell units: an
ideograph or full-width mark is 2, ——/…… is 4, a space between Latin words
is 1, a Latin run is its measured width rounded up.  A Latin run followed
on the same line by an ideograph is padded to whole cells, so the
ideographs of a line that is neither squeezed nor spread sit exactly on
the grid (as Word's character grid does).  A line is filled greedily; at a
break that kinsoku (禁则) or a kept unit forbids, punctuation already on the
line is squeezed to half width (挤进) to pull the forbidden tokens up, and
if that is not enough tokens are pushed down (推出) and the slack is spread
evenly between the pieces of the line.  The last line is ragged and never
holds a single character (孤字不成行).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

__all__ = ["Align", "Kind", "Line", "Measure", "Piece", "Span", "StyleKey", "break_lines"]

StyleKey: TypeAlias = Hashable
Measure: TypeAlias = Callable[[str, StyleKey], float]
Kind = Literal["ideo", "punct", "latin", "dash", "space"]
Align = Literal["left", "right", "center"]

# Kinsoku (clreq basic level, GB/T 15834) and the ASCII counterparts.
NO_START = frozenset("、，。：；！？”’）〕］】｝〗」』》〉—～·/／．・‧〙〛,.:;!?)]}")
NO_END = frozenset("“‘（〔［【｛〖「『《〈〘〚([{")
# Characters a number keeps on its line (2021年, 12分, 100万, 12.5%).
UNIT_CHARS = frozenset(
    "年月日时分秒周天点刻个只条件项次名人位户家所座栋间台辆部本册页篇章节号期届"
    "元角万亿千百岁倍米克斤吨升度亩里公小多余平%％‰℃"
)
# Full-width marks that may be set in half a cell, by where their ink sits.
_SQUEEZE_LEFT = frozenset("，。、”’）〕］】｝〗」』》〉．〙〛")
_SQUEEZE_RIGHT = frozenset("“‘（〔［【｛〖「『《〈〘〚")
_SQUEEZE_CENTER = frozenset("·・‧：；")
_SQUEEZABLE = _SQUEEZE_LEFT | _SQUEEZE_RIGHT | _SQUEEZE_CENTER
# East Asian Width "A" (ambiguous) characters that are full-width in Chinese.
_WIDE_EXTRA = frozenset("“”‘’—―…⋯·‧※№℃℉")
_PUNCT_EXTRA = frozenset("～〜")
_PAIRED = frozenset("—―…⋯")  # doubled, one 4-unit token: —— ……
_FW_ALNUM = frozenset(
    chr(c) for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)
)

# A Latin run may be tightened by this much before it takes one more unit:
# an absolute 0.05 unit plus 2 % (the grid itself sets 16 pt glyphs at a
# 15.793 pt pitch, 1.3 % tighter), so 4 digits of 0.5 em fit 4 units.
_LATIN_SLACK_ABS = 0.05
_LATIN_SLACK_REL = 0.02

# Break codes for the gap before an atom.
_OK, _GLUE, _KINSOKU, _NEVER = 0, 1, 2, 3

_ALIGN: dict[str, Align] = {
    **{c: "left" for c in _SQUEEZE_LEFT},
    **{c: "right" for c in _SQUEEZE_RIGHT},
    **{c: "center" for c in _SQUEEZE_CENTER},
    "？": "left",
    "！": "left",
}


@dataclass(frozen=True)
class Span:
    """A run of paragraph text in one style."""

    text: str
    style: StyleKey


@dataclass(frozen=True)
class Piece:
    """One box of a line: an ideograph or mark, a Latin run, ——/……, or a space.

    ``x`` and ``width`` are in pt from the text block's left edge (the
    indent included); ``width`` holds any spread.  ``start`` is the offset
    of the first character in the paragraph's concatenated span text.
    ``align`` says where a mark's ink belongs in its box when squeezed.
    """

    text: str
    style: StyleKey
    kind: Kind
    x: float
    width: float
    natural: float
    start: int
    squeezed: bool
    align: Align


@dataclass(frozen=True)
class Line:
    """One line of a paragraph; ``start``/``end`` are offsets, end exclusive."""

    pieces: tuple[Piece, ...]
    start: int
    end: int
    indent: int
    squeezed: bool
    spread: bool
    last: bool

    @property
    def text(self) -> str:
        """The line's text (spaces at its edges are not part of it)."""
        return "".join(p.text for p in self.pieces)


@dataclass(slots=True)
class _Atom:
    """A token that is never split (except an over-long Latin run)."""

    text: str
    style: StyleKey
    kind: Kind
    start: int
    units: int = 2
    natural: float = 0.0

    @property
    def cjk(self) -> bool:
        return self.kind in ("ideo", "punct", "dash")


def break_lines(
    spans: Sequence[Span],
    *,
    cell: float,
    cells: int,
    indent: int = 0,
    measure: Measure,
    keep_units: bool = True,
) -> list[Line]:
    """Break one paragraph into lines of ``cells`` grid cells of ``cell`` pt.

    ``indent`` cells are left free on the first line only.  ``keep_units``
    keeps a number on the line of the unit character after it (2021年).
    Returns the lines in order, ``[]`` for a paragraph with no text; raises
    ``ValueError`` for a geometry no text fits (``cells`` < 2, ``indent``
    outside 0..cells-2).
    """
    if not cell > 0:
        raise ValueError(f"cell must be positive, got {cell}")
    if cells < 2:
        raise ValueError(f"a line needs at least 2 cells, got {cells}")
    if not 0 <= indent <= cells - 2:
        raise ValueError(f"indent must be 0..{cells - 2} cells, got {indent}")
    half = cell / 2
    atoms = _tokenize(spans, cell, measure)
    if not atoms:
        return []
    brk = [_break_code(atoms, i, keep_units) for i in range(len(atoms))] + [_OK]
    full = 2 * cells
    first = full - 2 * indent
    ranges = _fill(atoms, brk, first, full, half, measure)
    _fix_orphan(atoms, brk, ranges, first, full)
    out: list[Line] = []
    for number, (s, j) in enumerate(ranges):
        limit, ind = (first, indent) if number == 0 else (full, 0)
        out.append(_place(atoms[s:j], limit, ind, j == len(atoms), half))
    return out


# --- tokens ---------------------------------------------------------------


def _char_class(ch: str) -> str:
    """'s' space, 'm' combining/format mark, 'w' full-width, 'l' Latin."""
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF:  # the common case: a CJK Unified Ideograph
        return "w"
    if o < 0x80:
        return "s" if ch in " \t\n\r\f\v" else "l"
    if ch in _WIDE_EXTRA or ch == "\u3000":
        return "w"
    if ch in "\u00a0\u2007\u202f":
        return "l"
    if ch.isspace():
        return "s"
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return "m"
    if (
        unicodedata.east_asian_width(ch) in ("W", "F")
        or 0x2460 <= o <= 0x24FF
        or 0x2776 <= o <= 0x2793
    ):
        return "w"
    return "l"


def _wide_kind(ch: str) -> Kind:
    if "\u4e00" <= ch <= "\u9fff":
        return "ideo"
    if ch in _PUNCT_EXTRA or unicodedata.category(ch)[0] == "P":
        return "punct"
    return "ideo"


def _units(natural: float, half: float) -> int:
    x = natural / half
    return max(1, math.ceil(x - _LATIN_SLACK_ABS - _LATIN_SLACK_REL * x))


def _tokenize(spans: Sequence[Span], cell: float, measure: Measure) -> list[_Atom]:
    """Cut the spans into atoms; keep one space only between Latin atoms."""
    atoms: list[_Atom] = []
    space: _Atom | None = None  # first space since the last atom
    offset = 0
    for span in spans:
        text, style = span.text, span.style
        n = len(text)
        i = 0
        while i < n:
            ch = text[i]
            cls = _char_class(ch)
            if cls == "s":
                if space is None:
                    space = _Atom(" ", style, "space", offset + i, 1)
                i += 1
                continue
            if cls == "m" and atoms and space is None:
                atoms[-1].text += ch  # variation selector, combining accent …
                i += 1
                continue
            if cls == "w":
                if ch in _PAIRED and i + 1 < n and text[i + 1] == ch:
                    atom = _Atom(ch + ch, style, "dash", offset + i, 4, 2 * cell)
                else:
                    atom = _Atom(ch, style, _wide_kind(ch), offset + i, 2, cell)
                i += len(atom.text)
            else:
                j = i + 1
                while j < n and _char_class(text[j]) in "lm":
                    j += 1
                atom = _Atom(text[i:j], style, "latin", offset + i)
                i = j
            if space is not None:
                if atoms and atoms[-1].kind == "latin" and atom.kind == "latin":
                    atoms.append(space)
                space = None
            atoms.append(atom)
        offset += n
    half = cell / 2
    for atom in atoms:
        if atom.kind == "latin":
            atom.natural = measure(atom.text, atom.style)
            atom.units = _units(atom.natural, half)
        elif atom.kind == "space":
            atom.natural = measure(" ", atom.style)
    return atoms


def _break_code(atoms: list[_Atom], i: int, keep_units: bool) -> int:
    """How bad a break in the gap before ``atoms[i]`` is (``_OK`` … ``_NEVER``)."""
    if i == 0:
        return _NEVER
    prev, cur = atoms[i - 1], atoms[i]
    if prev.kind == "space":
        return _NEVER  # the same break as the one before the space
    if cur.kind == "space":
        cur = atoms[i + 1]
        if prev.text[-1] in NO_END or cur.text[0] in NO_START:
            return _KINSOKU
        return _OK
    if prev.text[-1] in NO_END or cur.text[0] in NO_START:
        return _KINSOKU
    a, b = prev.text[-1], cur.text[0]
    if prev.kind == "latin" and cur.kind == "latin":
        return _GLUE  # one Latin run in two styles
    if a in _FW_ALNUM and b in _FW_ALNUM:
        return _GLUE  # a full-width number
    if keep_units and (a.isdigit() or a in _FW_ALNUM) and b in UNIT_CHARS:
        return _GLUE
    if a == b and a in _PAIRED:
        return _GLUE  # —— or …… made of two spans
    return _OK


# --- filling --------------------------------------------------------------


def _width(atoms: list[_Atom], s: int, j: int) -> int:
    """Units taken by ``atoms[s:j]`` as one line, Latin padding included."""
    pos = 0
    for k in range(s, j):
        a = atoms[k]
        if pos & 1 and a.cjk:
            pos += 1
        pos += a.units
    return pos


def _scan(atoms: list[_Atom], s: int, limit: int) -> tuple[int, int]:
    """The longest ``atoms[s:j]`` (not ending in a space) that fits ``limit``."""
    pos = best_pos = 0
    best = s
    pending = 0
    n = len(atoms)
    j = s
    while j < n:
        a = atoms[j]
        if a.kind == "space":
            pending = 1
            j += 1
            continue
        p = pos + pending
        if p & 1 and a.cjk:
            p += 1
        p += a.units
        if p > limit:
            break
        pos = best_pos = p
        pending = 0
        j += 1
        best = j
    return best, best_pos


def _squeezable(a: _Atom) -> bool:
    return a.kind == "punct" and a.text[0] in _SQUEEZABLE


def _squeeze_order(items: Sequence[_Atom]) -> list[int]:
    """Marks to squeeze, best first: the line-end mark, pairs, then from the end."""
    marks = [k for k in range(len(items) - 1, -1, -1) if _squeezable(items[k])]

    def rank(k: int) -> int:
        if k == len(items) - 1:
            return 0
        paired = (k > 0 and items[k - 1].kind == "punct") or (
            k + 1 < len(items) and items[k + 1].kind == "punct"
        )
        return 1 if paired else 2

    return sorted(marks, key=rank)  # stable: from the end within a rank


def _skip_space(atoms: list[_Atom], j: int) -> int:
    return j + 1 if j < len(atoms) and atoms[j].kind == "space" else j


def _split(
    atoms: list[_Atom], brk: list[int], i: int, room: int, half: float, measure: Measure
) -> bool:
    """Split the Latin atom ``atoms[i]`` so its head fills ``room`` units."""
    a = atoms[i]
    if len(a.text) < 2:
        return False
    lo, hi = 0, len(a.text) - 1  # largest k in 1..len-1 whose head fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _units(measure(a.text[:mid], a.style), half) <= room:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return False
    head, tail = a.text[:lo], a.text[lo:]
    nat = measure(head, a.style)
    atoms[i] = _Atom(head, a.style, "latin", a.start, _units(nat, half), nat)
    nat = measure(tail, a.style)
    atoms.insert(i + 1, _Atom(tail, a.style, "latin", a.start + lo, _units(nat, half), nat))
    brk.insert(i + 1, _OK)
    return True


def _fill(
    atoms: list[_Atom], brk: list[int], first: int, full: int, half: float, measure: Measure
) -> list[tuple[int, int]]:
    """Greedy filling with squeeze and push; returns ``(start, end)`` per line."""
    ranges: list[tuple[int, int]] = []
    s = 0
    while s < len(atoms):
        n = len(atoms)
        limit = full if ranges else first
        j, used = _scan(atoms, s, limit)
        if j == s:  # a Latin run longer than the whole line
            if not _split(atoms, brk, s, limit, half, measure):
                ranges.append((s, s + 1))  # one character wider than a line
                s = _skip_space(atoms, s + 1)
            continue
        if j < n:
            nxt = _skip_space(atoms, j)
            room = limit - used - (nxt - j)
            if (
                atoms[nxt].kind == "latin"
                and atoms[nxt].units > full
                and room > 0
                and _split(atoms, brk, nxt, room, half, measure)
            ):
                continue  # rescan: the head of the long run ends this line
        end = j if j == n or brk[j] == _OK else _squeeze_or_push(atoms, brk, s, j, limit)
        ranges.append((s, end))
        s = _skip_space(atoms, end)
    return ranges


def _squeeze_or_push(atoms: list[_Atom], brk: list[int], s: int, j: int, limit: int) -> int:
    """End of the line ``atoms[s:…]`` when the break before ``atoms[j]`` is illegal."""
    k = j + 1
    while brk[k] != _OK:
        k += 1
    need = _width(atoms, s, k) - limit
    if need <= sum(1 for a in atoms[s:k] if _squeezable(a)):
        return k  # squeeze (挤进)
    for code in (_OK, _GLUE, _KINSOKU):  # push (推出); worse breaks only if forced
        for k in range(j, s, -1):
            if brk[k] == code:
                return k
    return j


def _fix_orphan(
    atoms: list[_Atom], brk: list[int], ranges: list[tuple[int, int]], first: int, full: int
) -> None:
    """Give a one-character last line a companion from the line above."""
    if len(ranges) < 2:
        return
    s_last, n = ranges[-1]
    if sum(len(a.text) for a in atoms[s_last:n]) != 1:
        return
    s0, end0 = ranges[-2]
    limit0 = first if len(ranges) == 2 else full
    for k in range(end0 - 1, s0, -1):
        if brk[k] != _OK:
            continue
        k2 = _skip_space(atoms, k)
        if _width(atoms, k2, n) > full:
            return
        if _width(atoms, s0, k) - limit0 <= sum(1 for a in atoms[s0:k] if _squeezable(a)):
            ranges[-2] = (s0, k)
            ranges[-1] = (k2, n)
            return


# --- placing --------------------------------------------------------------


def _align(a: _Atom) -> Align:
    if a.kind == "punct":
        return _ALIGN.get(a.text[0], "center")
    return "left" if a.kind in ("latin", "space") else "center"


def _place(items: Sequence[_Atom], limit: int, indent: int, last: bool, half: float) -> Line:
    """Give each atom of one line its box: pad, squeeze, spread."""
    units: list[int] = []
    pos = 0
    for a in items:
        if pos & 1 and a.cjk:
            units[-1] += 1  # pad the Latin run before it to a whole cell
            pos += 1
        units.append(a.units)
        pos += a.units
    squeezed = [False] * len(items)
    need = pos - limit
    if need > 0:
        for k in _squeeze_order(items)[:need]:
            squeezed[k] = True
            units[k] -= 1
            pos -= 1
    slack = limit - pos
    spread = not last and slack > 0
    m = len(items)
    gap = slack * half / (m - 1) if spread and m > 1 else 0.0
    pieces = []
    before = 2 * indent
    for k, a in enumerate(items):
        width = units[k] * half
        if k < m - 1:
            width += gap
        elif spread and m == 1:
            width += slack * half
        align = _align(a)
        pieces.append(
            Piece(
                a.text,
                a.style,
                a.kind,
                before * half + k * gap,
                width,
                a.natural,
                a.start,
                squeezed[k],
                align,
            )
        )
        before += units[k]
    end = items[-1].start + len(items[-1].text)
    return Line(tuple(pieces), items[0].start, end, indent, any(squeezed), spread, last)
