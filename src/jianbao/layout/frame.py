"""Frames: the finished layout — pages of items at fixed positions.

In: nothing (the typesetter builds these).  Out: ``Layout``, pages holding
``TextItem``s (a string in one face and size, from its first glyph's
baseline origin), ``RuleItem``s and ``VRuleItem``s (horizontal and
vertical rules) and ``ImageItem``s, in pt, origin at the top-left corner of
the page, y down (docs/typesetting.md §1).  These are the types layout and
``pdf.draw`` exchange; draw paints them and decides nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import Diagnostic
from ..fonts.face import FontFace
from ..records import dataclass
from ..theme import CMYK


@dataclass(frozen=True)
class TextItem:
    """A string in one face and size; (x, y) is the first glyph's baseline origin.

    ``char_space`` is added after every glyph (PDF Tc); ``hscale`` squeezes
    glyphs horizontally (1.0 = none).
    """

    x: float
    y: float
    text: str
    face: FontFace
    size: float
    color: CMYK
    char_space: float = 0.0
    hscale: float = 1.0
    kind: str = "body"

    def advance(self) -> float:
        """Distance from this item's origin to where a following glyph would go."""
        natural = sum(self.face.advance(c) for c in self.text) * self.size * self.hscale
        return natural + self.char_space * len(self.text)


@dataclass(frozen=True)
class RuleItem:
    """A horizontal rule from x0 to x1 whose centre line is at y."""

    x0: float
    x1: float
    y: float
    width: float
    color: CMYK
    kind: str = "rule"
    dots: float = 0.0  # > 0: a dotted line (a leader), round dots this far apart

    @property
    def top(self) -> float:
        return self.y - self.width / 2

    @property
    def bottom(self) -> float:
        return self.y + self.width / 2


@dataclass(frozen=True)
class VRuleItem:
    """A vertical rule from y0 down to y1 whose centre line is at x."""

    x: float
    y0: float
    y1: float
    width: float
    color: CMYK
    kind: str = "rule"


@dataclass(frozen=True)
class ImageItem:
    """An image file drawn into the box whose top-left corner is (x, y),
    ``width`` × ``height`` pt (its aspect ratio, already kept by layout)."""

    x: float
    y: float
    width: float
    height: float
    path: Path
    kind: str = "image"


Item = TextItem | RuleItem | VRuleItem | ImageItem


@dataclass(frozen=True)
class Page:
    """One page: its number (from 1) and its items in painting order."""

    number: int
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Layout:
    """The laid-out document: its pages, the PDF's title and author, and
    the warnings found while laying it out."""

    pages: tuple[Page, ...]
    title: str
    author: str
    warnings: tuple[Diagnostic, ...] = ()


def shifted(item: Item, dy: float) -> Item:
    """``item`` moved down by ``dy``."""
    if isinstance(item, VRuleItem):
        return replace(item, y0=item.y0 + dy, y1=item.y1 + dy)
    return replace(item, y=item.y + dy)
