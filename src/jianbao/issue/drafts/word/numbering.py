"""Styles and numbering: what a paragraph's style gives, and the number Word prints before it.

In: the XML of a draft's styles.xml and numbering.xml (lxml elements from
python-docx).  Out: ``Styles`` — each style by id, the chain it is based
on, the document defaults, the list a paragraph style numbers with — and
``Numbering``, which counts every list as the document goes on and gives
each numbered paragraph the number text the reader saw (None for a bullet
or an unknown list); ``format_number`` writes a number in an ECMA-376
numbering format.  Also the helpers the reader takes the XML apart with
(``q``, ``find``, ``val``, ``on``, ``number``).
"""

from __future__ import annotations

import re
from typing import Any

from ....records import dataclass

# An lxml element of the draft (python-docx's XML types are untyped).
Xml = Any

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "v": "urn:schemas-microsoft-com:vml",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


# --- styles and numbering ----------------------------------------------------------
def val(el: Xml | None, attr: str = "w:val") -> str | None:
    return None if el is None else el.get(q(attr))


def find(el: Xml | None, *tags: str) -> Xml | None:
    for tag in tags:
        if el is None:
            return None
        el = el.find(q(tag))
    return el


def on(el: Xml | None) -> bool | None:
    """A toggle property (w:b, w:vanish): None when absent."""
    if el is None:
        return None
    return val(el) not in ("0", "false", "off", "none")


def number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Style:
    name: str
    based_on: str | None
    ppr: Xml | None
    rpr: Xml | None


class Styles:
    """styles.xml: each style by id, the chain it is based on, the defaults."""

    def __init__(self, root: Xml | None) -> None:
        self._by_id: dict[str, Style] = {}
        self.default: str | None = None
        self.defaults = find(root, "w:docDefaults", "w:rPrDefault", "w:rPr")
        for el in root.iterchildren(q("w:style")) if root is not None else ():
            style_id = el.get(q("w:styleId"))
            if not style_id:
                continue
            self._by_id[style_id] = Style(
                (val(find(el, "w:name")) or style_id).strip(),
                val(find(el, "w:basedOn")),
                find(el, "w:pPr"),
                find(el, "w:rPr"),
            )
            default = el.get(q("w:default")) in ("1", "true", "on")
            if default and el.get(q("w:type")) == "paragraph":
                self.default = style_id

    def chain(self, style_id: str | None) -> list[Style]:
        out: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            out.append(self._by_id[style_id])
            style_id = out[-1].based_on
        return out

    def numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives, each None when it gives none."""
        num_id = ilvl = None
        for style in self.chain(style_id):
            num = find(style.ppr, "w:numPr")
            num_id = num_id or val(find(num, "w:numId"))
            ilvl = ilvl or val(find(num, "w:ilvl"))
        return num_id, ilvl


def rpr_first(rprs: list[Xml | None], tag: str) -> Xml | None:
    for rpr in rprs:
        found = find(rpr, tag)
        if found is not None:
            return found
    return None


_CN_DIGITS = "〇一二三四五六七八九"
_CN_ZERO = "零一二三四五六七八九"
_LEGAL_SIMPLIFIED = ("零壹贰叁肆伍陆柒捌玖", "拾佰仟万")
_LEGAL_TRADITIONAL = ("零壹貳參肆伍陸柒捌玖", "拾佰仟萬")
_COUNTING = (_CN_ZERO, "十百千万")
_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _grouped(n: int, digits: str, units: str, *, ten_alone: bool) -> str:
    """Counting with 十百千万 (or 拾佰仟万): 十一, 一百零五, 一千零二十;
    ``ten_alone``: 10–19 as 十… rather than 一十…."""
    if n >= 10000:
        high, low = divmod(n, 10000)
        head = _grouped(high, digits, units, ten_alone=ten_alone) + units[3]
        if not low:
            return head
        gap = digits[0] if low < 1000 else ""
        return head + gap + _grouped(low, digits, units, ten_alone=False)
    out: list[str] = []
    pending_zero = False
    for place, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // place % 10
        if not digit:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        if not (ten_alone and place == 10 and digit == 1 and not out):
            out.append(digits[digit])
        out.append(unit)
    return "".join(out) or digits[0]


def _counting(n: int) -> str:
    """chineseCounting: 一 … 九, 十, 十一 … 九十九, then digit by digit (一〇〇)."""
    if n >= 100:
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    return _grouped(n, _CN_DIGITS, "十百千万", ten_alone=True)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """``n`` in the numbering format ``fmt`` (ECMA-376 ST_NumberFormat)."""
    if fmt == "none":
        return ""
    if n < 0:
        return str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        text = _roman(n) if n else str(n)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, 20)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)
    if fmt == "ideographEnclosedCircle":
        return _enclosed(n, 0x3220, 10)
    if fmt in ("chineseCounting", "taiwaneseCounting"):
        return _counting(n)
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand", "japaneseCounting"):
        return _grouped(n, *_COUNTING, ten_alone=True)
    if fmt == "chineseLegalSimplified":
        return _grouped(n, *_LEGAL_SIMPLIFIED, ten_alone=False)
    if fmt == "ideographLegalTraditional":
        return _grouped(n, *_LEGAL_TRADITIONAL, ten_alone=False)
    if fmt == "ideographTraditional":
        return _TRADITIONAL[n - 1] if 1 <= n <= 10 else str(n)
    if fmt == "ideographZodiac":
        return _ZODIAC[n - 1] if 1 <= n <= 12 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    return str(n)


@dataclass(frozen=True)
class _List:
    """A w:num: the abstract list it uses, with its overrides."""

    abstract: str
    starts: dict[int, int]
    levels: dict[int, Xml]


class Numbering:
    """numbering.xml, and the counters of each list as the document goes on."""

    def __init__(self, root: Xml | None, styles: Styles) -> None:
        self._styles = styles
        self._abstracts: dict[str, Xml] = {}
        self._lists: dict[str, _List] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._starts: dict[str, dict[int, int]] = {}
        self._used: set[str] = set()
        if root is None:
            return
        for el in root.iterchildren(q("w:abstractNum")):
            self._abstracts[el.get(q("w:abstractNumId")) or ""] = el
        for el in root.iterchildren(q("w:num")):
            starts: dict[int, int] = {}
            levels: dict[int, Xml] = {}
            for override in el.iterchildren(q("w:lvlOverride")):
                ilvl = number(override.get(q("w:ilvl")), 0)
                start = find(override, "w:startOverride")
                if start is not None:
                    starts[ilvl] = number(val(start), 0)
                lvl = find(override, "w:lvl")
                if lvl is not None:
                    levels[ilvl] = lvl
            abstract = val(find(el, "w:abstractNumId")) or ""
            self._lists[el.get(q("w:numId")) or ""] = _List(abstract, starts, levels)

    def _abstract(self, abstract_id: str) -> Xml | None:
        """The abstract list, through a ``numStyleLink`` to a numbering style."""
        el = self._abstracts.get(abstract_id)
        link = val(find(el, "w:numStyleLink"))
        if link:
            num_id, _ = self._styles.numbering(link)
            linked = self._lists.get(num_id or "")
            if linked is not None and linked.abstract != abstract_id:
                return self._abstracts.get(linked.abstract, el)
        return el

    def _level(self, num: _List, ilvl: int) -> Xml | None:
        if ilvl in num.levels:
            return num.levels[ilvl]
        abstract = self._abstract(num.abstract)
        if abstract is None:
            return None
        for lvl in abstract.iterchildren(q("w:lvl")):
            if number(lvl.get(q("w:ilvl")), -1) == ilvl:
                return lvl
        return None

    def level_of_style(self, num_id: str, style_id: str | None) -> int:
        """The level of a list that names ``style_id`` (w:lvl/w:pStyle), else 0."""
        num = self._lists.get(num_id)
        abstract = self._abstract(num.abstract) if num else None
        if abstract is not None and style_id:
            for lvl in abstract.iterchildren(q("w:lvl")):
                if val(find(lvl, "w:pStyle")) == style_id:
                    return number(lvl.get(q("w:ilvl")), 0)
        return 0

    def next(self, num_id: str, ilvl: int) -> tuple[str, bool] | None:
        """The number text of the next paragraph of list ``num_id`` at level
        ``ilvl`` and whether the list prints it bold; None for no number (a
        bullet, an unknown list)."""
        num = self._lists.get(num_id)
        if num is None or not 0 <= ilvl <= 8:
            return None
        lvl = self._level(num, ilvl)
        if lvl is None:
            return None
        key = num.abstract
        counters = self._counters.setdefault(key, [None] * 9)
        starts = self._starts.setdefault(key, {})
        if num_id not in self._used:
            self._used.add(num_id)
            for level, start in num.starts.items():
                if 0 <= level <= 8:
                    counters[level], starts[level] = None, start
        value = counters[ilvl]
        counters[ilvl] = self._start(num, ilvl, starts) if value is None else value + 1
        for deeper in range(ilvl + 1, 9):
            restart = val(find(self._level(num, deeper), "w:lvlRestart"))
            if restart is None or ilvl < number(restart, 9):
                counters[deeper] = None
        if _format_of(lvl) == "bullet":
            return None
        legal = on(find(lvl, "w:isLgl")) is True

        def numeral(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            shown = counters[level]
            if shown is None:
                shown = self._start(num, level, starts)
            fmt = "decimal" if legal else _format_of(self._level(num, level))
            return format_number(shown, fmt)

        text = re.sub(r"%([1-9])", numeral, val(find(lvl, "w:lvlText")) or "")
        return text, on(find(lvl, "w:rPr", "w:b")) is True

    def _start(self, num: _List, ilvl: int, starts: dict[int, int]) -> int:
        if ilvl in starts:
            return starts[ilvl]
        return number(val(find(self._level(num, ilvl), "w:start")), 0)


def _format_of(lvl: Xml | None) -> str:
    """A level's numFmt (the fallback of a Word 2010 custom format)."""
    fmt = find(lvl, "w:numFmt")
    if fmt is None:
        fmt = find(lvl, "mc:AlternateContent", "mc:Fallback", "w:numFmt")
    return val(fmt) or "decimal"
