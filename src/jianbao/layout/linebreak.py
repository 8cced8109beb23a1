"""Break a paragraph of Chinese text into lines on the character grid (断行).

In: the paragraph as styled ``Span``s (text plus an opaque style key), the
grid pitch ``cell`` in pt, ``cells`` per full line, the first line's indent
in cells, and a ``measure(text, style)`` callback giving the natural width
in pt of a Latin run at the line's font size.
Out: ``Line``s of ``Piece``s: one box per ideograph or full-width mark, per
Latin run (or part of one), per ——/…… and per kept space, each with its x
offset and width in pt from the text block's left edge.  No fonts and no
ReportLab here.

The model (docs/typesetting.md §7): an ideograph or a full-width mark takes
one cell, ——/…… two, a Latin run its natural width (never letter-spaced),
a space between Latin words its natural width.  The breaks of the whole
paragraph are chosen together (total fit): every line but the last fills
the measure exactly, first by squeezing full-width marks to half a cell
(挤进: the line-end mark, then a mark beside another mark, a lone mark
only as a last resort), then by spreading the slack evenly over the gaps
between its boxes, never more than ``stretch`` pt per gap.  A line that
holds only ideographs and marks at full width sits exactly on the grid.
Kinsoku (禁则) forbids some breaks, glue keeps a number with its unit and
short bracketed words together, and a Latin run breaks only where Unicode
line breaking allows (after ``/`` in a URL, before a domain's ``.``, around
``×``, after a hyphen).  The limits above are tried in tiers: first no lone
mark squeezed and at most ``stretch`` pt per gap, then a lone mark, then
twice the stretch, then breaking glue, and only then anything; a last line
of one ideograph (孤字不成行) is a cost, not a ban, so that the least bad
choice is always taken when no choice meets every rule.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import field
from typing import Literal, TypeAlias

from ..model import Punctuation
from ..records import dataclass

__all__ = [
    "INK_LEFT",
    "INK_RIGHT",
    "NO_END",
    "NO_START",
    "Align",
    "Kind",
    "Line",
    "Measure",
    "Piece",
    "Punctuation",
    "Span",
    "StyleKey",
    "break_lines",
]

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
# Units of more than one character a number keeps whole (35微克/立方米).
UNIT_WORDS = (  # longest first
    "平方公里",
    "平方千米",
    "万平方米",
    "个百分点",
    "平方米",
    "立方米",
    "千瓦时",
    "万千瓦",
    "百分点",
    "微克",
    "毫克",
    "千克",
    "公斤",
    "公吨",
    "毫米",
    "厘米",
    "分米",
    "千米",
    "公里",
    "千瓦",
    "兆瓦",
    "千伏",
    "万元",
    "亿元",
    "千元",
    "百元",
    "万人",
    "万户",
    "万吨",
    "万亩",
    "个月",
    "小时",
    "分钟",
    "周岁",
    "余人",
    "余名",
    "余家",
    "余个",
    "多人",
    "多名",
    "多家",
)
# A bracketed group of at most this many characters is never broken: （市、区）.
SHORT_BRACKET = 6
_BRACKETS = {"（": "）", "(": ")", "〔": "〕", "［": "］", "【": "】"}

# Full-width marks that may be set in half a cell, by where their ink sits:
# "left" marks (closing) have their white half on the right, "right" marks
# (opening) on the left, "center" marks on both sides.
INK_LEFT = frozenset("，。、”’）〕］】｝〗」』》〉．〙〛")
INK_RIGHT = frozenset("“‘（〔［【｛〖「『《〈〘〚")
INK_CENTER = frozenset("·・‧：；")
# East Asian Width "A" (ambiguous) characters that are full-width in Chinese.
_WIDE_EXTRA = frozenset("“”‘’—―…⋯·‧※№℃℉")
_PUNCT_EXTRA = frozenset("～〜")
_PAIRED = frozenset("—―…⋯")  # doubled, one two-cell token: —— ……
_FW_ALNUM = frozenset(
    chr(c) for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)
)

# The most a gap between two boxes may be widened, in pt: extractors copy a
# wider gap as a space (pdfminer from ~1.6 pt at 16 pt, pdftotext -raw ~2.5).
STRETCH = 1.5
# A space between Latin words may shrink to this share of its width.
_SPACE_SHRINK = 0.4

# Costs of the choices a line can make (the sum over the paragraph is minimised).
_RAGGED = 2_000.0  # a line with nothing to spread (part of a long URL), when empty
_LINE = 1.0  # every line
_SQUEEZE_END = 2.0  # the line-end mark in half a cell
_SQUEEZE_PAIR = 12.0  # a mark beside another mark
_SQUEEZE_LONE = 400.0  # a lone mark in mid-line: a last resort
_SPACE_SQUEEZE = 4.0  # per pt a Latin space gives up
_BADNESS = 100.0  # spreading a line by ``stretch`` per gap
_LOOSEST = 50_000.0  # the most a spread line costs (less than a forbidden break)
_ORPHAN = 5_000.0  # a last line of one ideograph (孤字)
_PENALTY = {
    "ok": 0.0,
    "latin": 30.0,  # inside a Latin run, where Unicode allows it
    "slash": 300.0,  # after / in a short code (GB/T): only when it must
    "glue": 100_000.0,  # a number from its unit, inside a short bracket
    "kinsoku": 1_000_000.0,  # a forbidden line start or end
    "char": 200.0,  # inside a run wider than a line, which must break somewhere
}
_NEVER = -1.0
# What is tried, in order, until a breaking is found: (most a gap may widen,
# in units of ``stretch``; the dearest break allowed; whether a lone mark may
# be squeezed in mid-line).  First a lone mark is squeezed (it looks like an
# ASCII one), then a gap may be copied as a space by some extractors
# (pdfminer), then a short bracket or a number and its unit are split; the
# last takes anything.
_TIERS = (
    (1.0, _PENALTY["slash"], False),
    (1.0, _PENALTY["slash"], True),
    (2.0, _PENALTY["slash"], True),
    (2.0, _PENALTY["glue"], True),
    (math.inf, math.inf, True),
)


@dataclass(frozen=True)
class Span:
    """A run of paragraph text in one style."""

    text: str
    style: StyleKey


@dataclass(frozen=True)
class Piece:
    """One box of a line: an ideograph or mark, a Latin run, ——/……, or a space.

    ``x`` and ``width`` are in pt from the text block's left edge (the
    indent and the gaps before it included); ``width`` is the box itself (a
    cell, half a cell when ``squeezed``, a run's natural width).  ``start``
    is the offset of the first character in the paragraph's concatenated
    span text.  ``align`` says where a mark's ink sits in its box.
    ``joined``: this box continues the Latin run of the box before it (no
    gap between them).
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
    joined: bool = False


@dataclass(frozen=True)
class Line:
    """One line of a paragraph; ``start``/``end`` are offsets, end exclusive.

    ``gap`` is what was added between two boxes (pt, ≥ 0); ``spread`` says
    it is not zero, ``squeezed`` that some mark was set in half a cell.
    """

    pieces: tuple[Piece, ...]
    start: int
    end: int
    indent: int
    squeezed: bool
    spread: bool
    last: bool
    gap: float = 0.0

    @property
    def text(self) -> str:
        """The line's text (spaces at its edges are not part of it)."""
        return "".join(p.text for p in self.pieces)


@dataclass(slots=True)
class _Atom:
    """A token that is never split."""

    text: str
    style: StyleKey
    kind: Kind
    start: int
    width: float
    ink: Align = "center"  # where a mark's ink sits (its white is on the other side)
    joined: bool = False  # part of the same Latin run as the atom before it
    squeezable: bool = False
    cut: str = "ok"  # inside a Latin run: which break penalty the break before it costs

    @property
    def cjk(self) -> bool:
        return self.kind in ("ideo", "punct", "dash")


@dataclass
class _Fit:
    """How one line of atoms fills its measure."""

    cost: float
    squeezed: list[int] = field(default_factory=list)  # atoms set in half a cell
    space_shrink: float = 0.0  # pt taken from the Latin spaces
    gap: float = 0.0  # pt added at every gap


def break_lines(
    spans: Sequence[Span],
    *,
    cell: float,
    cells: int,
    indent: int = 0,
    measure: Measure,
    keep_units: bool = True,
    punctuation: Punctuation = "pairs",
    stretch: float = STRETCH,
) -> list[Line]:
    """Break one paragraph into lines of ``cells`` grid cells of ``cell`` pt.

    ``indent`` cells are left free on the first line only.  ``keep_units``
    keeps a number on the line of the unit after it (2021年).  Returns the
    lines in order, ``[]`` for a paragraph with no text; raises
    ``ValueError`` for a geometry no text fits (``cells`` < 2, ``indent``
    outside 0..cells-2).
    """
    if not cell > 0:
        raise ValueError(f"cell must be positive, got {cell}")
    if cells < 2:
        raise ValueError(f"a line needs at least 2 cells, got {cells}")
    if not 0 <= indent <= cells - 2:
        raise ValueError(f"indent must be 0..{cells - 2} cells, got {indent}")
    atoms = _tokenize(spans, cell, measure, cells * cell)
    if not atoms:
        return []
    penalty = _penalties(atoms, keep_units)
    paired = _pairs(atoms) if punctuation == "pairs" else set()
    breaker = _Breaker(atoms, penalty, paired, cell, cells * cell, indent * cell, stretch)
    ends = None
    for limit, allowed, lone in _TIERS:
        ends = breaker.solve(stretch * limit, allowed, lone=lone)
        if ends is not None:
            break
    assert ends is not None  # the last tier always finds a way
    lines: list[Line] = []
    start = 0
    for number, end in enumerate(ends):
        s = _skip_space(atoms, start)
        last = end == len(atoms)
        fit = breaker.fit(s, end, first=number == 0, last=last, limit=math.inf, lone=True)
        assert fit is not None
        offset = indent * cell if number == 0 else 0.0
        lines.append(breaker.place(s, end, fit, offset, indent if number == 0 else 0, last))
        start = end
    return lines


def natural_width(text: str, style: StyleKey, *, cell: float, measure: Measure) -> float:
    """The width ``text`` takes on one line of the grid before any squeeze
    or spread: a cell per ideograph or mark, Latin at its natural width."""
    atoms = _tokenize([Span(text, style)], cell, measure, math.inf)
    return sum(a.width for a in atoms)


def allowed_breaks(text: str, *, keep_units: bool = True) -> set[int]:
    """The offsets in ``text`` before which ``break_lines`` may break without
    breaking a rule (kinsoku, kept units, short brackets, ——/……, and inside
    Latin runs only where Unicode allows); for titles, which are broken by
    words and balanced rather than filled."""
    atoms = _tokenize([Span(text, None)], 1.0, lambda t, s: float(len(t)), math.inf)
    penalty = _penalties(atoms, keep_units)
    out = set()
    for i in range(1, len(atoms)):
        if 0 <= penalty[i] <= _PENALTY["latin"]:
            out.add(
                atoms[_skip_space(atoms, i)].start if atoms[i].kind == "space" else atoms[i].start
            )
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


def _ink(ch: str) -> Align:
    if ch in INK_LEFT:
        return "left"
    if ch in INK_RIGHT:
        return "right"
    return "left" if ch in "？！" else "center"


def _tokenize(spans: Sequence[Span], cell: float, measure: Measure, full: float) -> list[_Atom]:
    """Cut the spans into atoms; keep one space only between Latin atoms.
    A Latin run is cut where it may break (``_split_latin``), and a part
    still wider than a line (``full`` pt) into its characters."""
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
                    space = _Atom(" ", style, "space", offset + i, 0.0)
                i += 1
                continue
            if cls == "m" and atoms and space is None:
                atoms[-1].text += ch  # variation selector, combining accent …
                i += 1
                continue
            joined = False
            if cls == "w":
                if ch in _PAIRED and i + 1 < n and text[i + 1] == ch:
                    atom = _Atom(ch + ch, style, "dash", offset + i, 2 * cell)
                else:
                    kind = _wide_kind(ch)
                    atom = _Atom(ch, style, kind, offset + i, cell, _ink(ch))
                    atom.squeezable = kind == "punct" and (
                        ch in INK_LEFT or ch in INK_RIGHT or ch in INK_CENTER
                    )
                i += len(atom.text)
            else:
                j = i + 1
                while j < n and _char_class(text[j]) in "lm":
                    j += 1
                joined = bool(atoms) and atoms[-1].kind == "latin" and space is None
                atom = _Atom(text[i:j], style, "latin", offset + i, 0.0, joined=joined)
                if joined:
                    atom.cut = "glue"  # one run in two styles
                i = j
            if space is not None:
                if atoms and atoms[-1].kind == "latin" and atom.kind == "latin":
                    atoms.append(space)
                space = None
            atoms.append(atom)
        offset += n
    out: list[_Atom] = []
    for atom in atoms:
        if atom.kind == "latin":
            for part in _split_latin(atom, measure):
                out += _characters(part, measure) if part.width > full else [part]
        elif atom.kind == "space":
            atom.width = measure(" ", atom.style)
            out.append(atom)
        else:
            out.append(atom)
    return out


_URL = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*://|www\.)")


def _split_latin(atom: _Atom, measure: Measure) -> list[_Atom]:
    """A Latin run cut where Unicode line breaking allows a break inside it:
    after ``/`` and before ``.`` or after ``? & = # -`` in a URL, around
    ``×``, after a hyphen between letters, after ``/`` in a short code (a
    break only when it must).  Never inside a word or a number."""
    text = atom.text
    cuts: list[tuple[int, str]] = []  # (offset, penalty kind) of a break before text[offset]
    url = bool(_URL.match(text)) or "://" in text
    for k in range(1, len(text)):
        a, b = text[k - 1], text[k]
        if url:
            if (a == "/" and b != "/") or (b == "." and a != ".") or a in "?&=#-_":
                cuts.append((k, "latin"))
        elif "×" in (a, b) or (a == "-" and b.isalpha() and text[k - 2 : k - 1].isalpha()):
            cuts.append((k, "latin"))
        elif a == "/" and b.isalpha() and text[k - 2 : k - 1].isalnum():
            cuts.append((k, "slash"))
    pieces: list[_Atom] = []
    last = 0
    kinds: list[str] = []
    for k, kind in [*cuts, (len(text), "")]:
        part = text[last:k]
        piece = _Atom(part, atom.style, "latin", atom.start + last, measure(part, atom.style))
        piece.joined = atom.joined if last == 0 else True
        piece.cut = atom.cut if last == 0 else "ok"
        pieces.append(piece)
        kinds.append(kind)
        last = k
    for piece, kind in zip(pieces[1:], kinds[:-1], strict=True):
        piece.cut = kind
    return pieces


def _characters(atom: _Atom, measure: Measure) -> list[_Atom]:
    """A Latin run too wide for any line, one atom per character (with its
    combining marks): it may break anywhere, at a cost."""
    out: list[_Atom] = []
    for k, ch in enumerate(atom.text):
        if out and _char_class(ch) == "m":
            out[-1].text += ch
            out[-1].width = measure(out[-1].text, atom.style)
            continue
        part = _Atom(ch, atom.style, "latin", atom.start + k, measure(ch, atom.style))
        part.joined = atom.joined if not out else True
        part.cut = atom.cut if not out else "char"
        out.append(part)
    return out


def _penalties(atoms: list[_Atom], keep_units: bool) -> list[float]:
    """The cost of a break before each atom (``_NEVER``: no break there);
    one more entry for the end of the paragraph."""
    n = len(atoms)
    out = [0.0] * (n + 1)
    out[0] = _NEVER
    for i in range(1, n):
        prev, cur = atoms[i - 1], atoms[i]
        if prev.kind == "space":
            out[i] = _NEVER  # the same break as the one before the space
            continue
        nxt = atoms[i + 1] if cur.kind == "space" and i + 1 < n else cur
        if cur.kind == "latin" and cur.joined:
            out[i] = _PENALTY[cur.cut]  # inside a run: the run's own rules
            if cur.cut == "glue" and (prev.text[-1] in NO_END or cur.text[0] in NO_START):
                out[i] = _PENALTY["kinsoku"]  # a run in two styles: 0 | .5%
        elif prev.text[-1] in NO_END or nxt.text[0] in NO_START:
            out[i] = _PENALTY["kinsoku"]
        elif prev.text[-1] in _FW_ALNUM and cur.text[0] in _FW_ALNUM:
            out[i] = _PENALTY["glue"]  # a full-width number
        elif prev.text == cur.text and prev.text in _PAIRED:
            out[i] = _PENALTY["glue"]  # —— or …… made of two spans
    if keep_units:
        _glue_units(atoms, out)
    _glue_brackets(atoms, out)
    return out


def _glue_units(atoms: list[_Atom], out: list[float]) -> None:
    """Keep a number with the unit after it: 2021年, 3.5万元, 35微克/立方米."""
    n = len(atoms)
    for i in range(n - 1):
        a = atoms[i]
        last = a.text[-1]
        if not (last.isdigit() or last in _FW_ALNUM or a.text.endswith("%")):
            continue
        if a.kind != "latin" and last not in _FW_ALNUM:
            continue
        j = _unit_end(atoms, i + 1)
        for k in range(i + 1, j):
            out[k] = max(out[k], _PENALTY["glue"])
        while j < n and atoms[j].text == "/" and _unit_end(atoms, j + 1) > j + 1:
            end = _unit_end(atoms, j + 1)  # 微克/立方米: may break after the / only
            out[j] = max(out[j], _PENALTY["glue"])
            out[j + 1] = max(out[j + 1], _PENALTY["slash"])
            for k in range(j + 2, end):
                out[k] = max(out[k], _PENALTY["glue"])
            j = end


def _unit_end(atoms: list[_Atom], i: int) -> int:
    """The end of the unit that starts at ``atoms[i]`` (``i`` if none)."""
    text = "".join(a.text for a in atoms[i : i + 5] if a.kind == "ideo")
    for word in UNIT_WORDS:
        if text.startswith(word) and all(a.kind == "ideo" for a in atoms[i : i + len(word)]):
            return i + len(word)
    if i < len(atoms) and atoms[i].text in UNIT_CHARS:
        return i + 1
    return i


def _glue_brackets(atoms: list[_Atom], out: list[float]) -> None:
    """A short bracketed group is one word: （市、区）."""
    for i, atom in enumerate(atoms):
        close = _BRACKETS.get(atom.text)
        if close is None:
            continue
        inside = 0
        for j in range(i + 1, len(atoms)):
            if atoms[j].text == close:
                for k in range(i + 1, j + 1):
                    out[k] = max(out[k], _PENALTY["glue"])
                break
            inside += len(atoms[j].text)
            if inside > SHORT_BRACKET:
                break


def _pairs(atoms: list[_Atom]) -> set[int]:
    """The marks set in half a cell in every line with ``punctuation="pairs"``:
    of two adjacent marks, the one whose white half faces the other."""
    out: set[int] = set()
    for i in range(len(atoms) - 1):
        a, b = atoms[i], atoms[i + 1]
        if not (a.squeezable and b.squeezable) or i in out:
            continue
        if a.ink == "left":
            out.add(i)
        elif b.ink == "right":
            out.add(i + 1)
    return out


_QUOTES = frozenset("“”‘’《》〈〉「」『』")


def _nested(atoms: list[_Atom], k: int, squeezed: Collection[int]) -> bool:
    """Whether squeezing ``atoms[k]`` would set two nested quotes (“‘, ’”,
    《〈 …), one beside the other, both in half a cell.  ``squeezed`` holds
    the marks already in half a cell, those of a pair included."""
    a = atoms[k]
    if a.text not in _QUOTES:
        return False
    for j in (k - 1, k + 1):
        if j in squeezed and atoms[j].text in _QUOTES and atoms[j].ink == a.ink:
            return True
    return False


def _skip_space(atoms: list[_Atom], j: int) -> int:
    return j + 1 if j < len(atoms) and atoms[j].kind == "space" else j


# --- choosing the breaks -------------------------------------------------------


class _Breaker:
    """Total fit: the breaks of the whole paragraph with the least cost."""

    def __init__(
        self,
        atoms: list[_Atom],
        penalty: list[float],
        paired: set[int],
        cell: float,
        full: float,
        indent: float,
        stretch: float,
    ) -> None:
        self.atoms = atoms
        self.penalty = penalty
        self.paired = paired
        self.half = cell / 2
        self.full = full
        self.indent = indent
        self.stretch = stretch
        # Prefix sums over the atoms: widths (paired marks already at half a
        # cell), how much each could shrink at most, and the places between
        # boxes that may widen.
        self.before = [0.0]
        self.shrinkable = [0.0]
        self.gaps_before = [0]
        for k, a in enumerate(atoms):
            paired_here = k in paired
            self.before.append(self.before[-1] + a.width - (self.half if paired_here else 0.0))
            give = 0.0
            if a.kind == "space":
                give = a.width * (1 - _SPACE_SHRINK)
            elif a.squeezable and not paired_here:
                give = self.half
            self.shrinkable.append(self.shrinkable[-1] + give)
            self.gaps_before.append(self.gaps_before[-1] + (0 if a.joined else 1))

    def solve(self, limit: float, allowed: float, *, lone: bool) -> list[int] | None:
        """The line ends (exclusive atom indices) of the best breaking whose
        lines widen no gap by more than ``limit`` pt, whose breaks cost at
        most ``allowed`` each and which squeeze a lone mark only if ``lone``;
        or None if there is none."""
        atoms = self.atoms
        n = len(atoms)
        best: dict[int, tuple[float, int]] = {0: (0.0, -1)}
        starts = [0]
        k = 0
        while k < len(starts):
            start = starts[k]
            k += 1
            cost0 = best[start][0]
            s = _skip_space(atoms, start)
            first = start == 0
            measure = self.full - (self.indent if first else 0.0)
            end = s + 1
            while end <= n:
                code = self.penalty[end]
                natural = self.before[end] - self.before[s]
                shrink = self.shrinkable[end] - self.shrinkable[s]
                if natural - shrink > measure + 1e-9 and end > s + 1:
                    break
                gaps = self.gaps_before[end] - self.gaps_before[s + 1]
                short = end < n and gaps and measure - natural > limit * gaps + 1e-9
                if code != _NEVER and code <= allowed and not short:
                    fit = self.fit(s, end, first=first, last=end == n, limit=limit, lone=lone)
                    if fit is not None:
                        total = cost0 + fit.cost + max(code, 0.0)
                        if end not in best or total < best[end][0]:
                            if end not in best:
                                starts.append(end)
                            best[end] = (total, start)
                end += 1
            starts[k:] = sorted(starts[k:])
        if n not in best:
            return None
        ends = []
        at = n
        while at > 0:
            ends.append(at)
            at = best[at][1]
        return ends[::-1]

    def fit(
        self, s: int, end: int, *, first: bool, last: bool, limit: float, lone: bool
    ) -> _Fit | None:
        """How ``atoms[s:end]`` fills its measure with no gap widened by more
        than ``limit`` pt, or None if it cannot."""
        atoms = self.atoms
        if atoms[end - 1].kind == "space":
            return None
        measure = self.full - (self.indent if first else 0.0)
        natural = self.before[end] - self.before[s]
        slack = measure - natural
        gaps = self._gaps(s, end)
        if not last and gaps and slack > limit * gaps + 1e-9:
            return None  # too short even spread to the limit
        fit = _Fit(_LINE)
        if slack < -1e-9:
            if not self._shrink(s, end, -slack, fit, lone=lone):
                if end > s + 1 or limit < math.inf:
                    return None
                fit = _Fit(_PENALTY["kinsoku"])  # one box wider than a line
                return fit
            slack = measure - natural + fit.space_shrink + self.half * len(fit.squeezed)
        if last:
            if self._orphan(s, end):
                fit.cost += _ORPHAN
            return fit
        if slack > 1e-9:
            if gaps == 0:  # one box, or one Latin run: it cannot be spread
                if not all(a.kind == "latin" for a in atoms[s:end]) and limit < math.inf:
                    return None
                fit.cost += _RAGGED * slack / measure
                return fit
            gap = slack / gaps
            fit.gap = gap
            # Capped: a loose line is better than a forbidden break.
            fit.cost += min(_BADNESS * (gap / self.stretch) ** 3, _LOOSEST)
        return fit

    def _gaps(self, s: int, end: int) -> int:
        """Places between boxes that may widen (not inside a Latin run)."""
        return self.gaps_before[end] - self.gaps_before[s + 1]

    def _orphan(self, s: int, end: int) -> bool:
        """A last line of one ideograph, alone or with its marks (作。)."""
        if s == 0:
            return False
        kinds = [a.kind for a in self.atoms[s:end]]
        return kinds.count("ideo") == 1 and all(k in ("ideo", "punct") for k in kinds)

    def _shrink(self, s: int, end: int, need: float, fit: _Fit, *, lone: bool) -> bool:
        """Take ``need`` pt out of ``atoms[s:end]``: the line-end mark, then
        marks beside marks (from the end), Latin spaces, then lone marks."""
        atoms = self.atoms
        half = self.half
        paired = self.paired
        candidates: list[tuple[float, int, float]] = []  # (cost per pt, order, atom)
        last = end - 1
        for k in range(s, end):
            a = atoms[k]
            if a.kind == "space":
                give = a.width * (1 - _SPACE_SHRINK)
                candidates.append((_SPACE_SQUEEZE, -k, -give))
                continue
            if not a.squeezable or k in paired:
                continue
            if k == last and a.ink != "right":
                cost = _SQUEEZE_END
            elif (k > s and atoms[k - 1].squeezable) or (k < last and atoms[k + 1].squeezable):
                cost = _SQUEEZE_PAIR
            elif lone:
                cost = _SQUEEZE_LONE
            else:
                continue
            candidates.append((cost / half, -k, float(k)))
        candidates.sort()
        for cost, _, what in candidates:
            if need <= 1e-9:
                break
            if what < 0:  # a Latin space
                take = min(-what, need)
                fit.space_shrink += take
                fit.cost += cost * take
                need -= take
                continue
            k = int(what)
            if _nested(atoms, k, set(fit.squeezed) | self.paired):
                continue  # never both quotes of a nested pair (“‘ ’”)
            fit.squeezed.append(k)
            fit.cost += cost * half
            need -= half
        return need <= 1e-9

    # --- placing --------------------------------------------------------------

    def place(self, s: int, end: int, fit: _Fit, offset: float, indent: int, last: bool) -> Line:
        """Give each atom of one line its box: squeeze, then spread."""
        atoms = self.atoms
        half = self.half
        squeezed = set(fit.squeezed) | {k for k in self.paired if s <= k < end}
        spaces = sum(1 for k in range(s, end) if atoms[k].kind == "space")
        pieces = []
        x = offset
        for k in range(s, end):
            a = atoms[k]
            width = a.width - (half if k in squeezed else 0.0)
            if a.kind == "space" and spaces:
                width -= fit.space_shrink / spaces
            if k > s and not a.joined:
                x += fit.gap
            pieces.append(
                Piece(
                    a.text,
                    a.style,
                    a.kind,
                    x,
                    width,
                    a.width,
                    a.start,
                    k in squeezed,
                    a.ink if a.kind == "punct" else "left",
                    a.joined and k > s,
                )
            )
            x += width
        tail = atoms[end - 1]
        return Line(
            tuple(pieces),
            atoms[s].start,
            tail.start + len(tail.text),
            indent,
            bool(squeezed),
            fit.gap > 1e-9,
            last,
            fit.gap,
        )
