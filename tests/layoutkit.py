"""Reading a laid-out page: its text items and rules by kind, grid rows and
columns, glyph origins."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from jianbao.layout.frame import Page, RuleItem, TextItem
from jianbao.pipeline import Rendered
from jianbao.theme import Theme

IssueYaml = Callable[..., str]
RenderYaml = Callable[[str], Rendered]


# --- helpers ----------------------------------------------------------------
def texts(page: Page, *kinds: str) -> list[TextItem]:
    return [i for i in page.items if isinstance(i, TextItem) and (not kinds or i.kind in kinds)]


def rules(page: Page, kind: str | None = None) -> list[RuleItem]:
    return [i for i in page.items if isinstance(i, RuleItem) and (kind is None or i.kind == kind)]


def row_of(theme: Theme, item: TextItem) -> int:
    """The grid row (0-based) whose band holds the item's baseline."""
    return math.floor((item.y - theme.block_top) / theme.line_pitch)


def para(lines: int, char: str = "文") -> str:
    """A paragraph that fills exactly ``lines`` full lines (2-cell indent)."""
    return char * (26 + 28 * (lines - 1))


def glyph_origins(items: Iterable[TextItem]) -> list[tuple[str, float]]:
    """Each character of ``items`` with its glyph origin x, in order."""
    out = []
    for item in items:
        x = item.x
        for char in item.text:
            out.append((char, x))
            x += item.face.advance(char) * item.size * item.hscale + item.char_space
    return out
