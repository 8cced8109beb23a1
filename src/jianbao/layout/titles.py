"""Titles: a title line too wide for the block, broken between words into
balanced lines.

In: a title line (its text and location), the width it may take at its
size, and a function measuring a text.  Out: the texts of the lines it is
set in — itself when it fits once compressed to ``title_min_scale``
(docs/typesetting.md §5.2), else two or more lines of about equal width,
broken only between words (a Chinese segmenter, rjieba, finds them; it is
loaded only when a title needs breaking), never inside paired marks
(“…” 《…》 （…）), never against the line-breaking rules (kinsoku, a number
and its unit) — or ``IssueError`` at the title's place when no such break
exists, asking for the title as a list of lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from ..errors import Diagnostic, IssueError
from ..i18n import N_, _
from ..model import Text
from .linebreak import allowed_breaks

# Paired marks a title line never breaks inside.
PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "(": ")", "「": "」", "『": "』"}
MAX_LINES = 4


# What is said of a title that cannot be broken ({value}: the title), and how to mend it.
_TITLE_TOO_LONG = N_(
    "the title '{value}' is too long for one line and has no break between words that fits"
)
_TITLE_FIX = N_(
    "write the title as a list of lines, breaking it where it reads best: title: [第一行, 第二行]"
)


def title_lines(
    text: Text,
    room: float,
    width: Callable[[str], float],
    *,
    too_long: str = _TITLE_TOO_LONG,
    fix: str = _TITLE_FIX,
) -> list[str]:
    """The lines ``text`` is set in, each at most ``room`` wide; when it
    cannot be broken, ``too_long`` (a message marked ``N_``, ``{value}``
    the text) says so and ``fix`` (marked too) says how to mend it."""
    value = text.value
    if width(value) <= room:
        return [value]
    cuts = sorted(word_breaks(value) & allowed_breaks(value) & _outside_pairs(value))
    for count in range(2, MAX_LINES + 1):
        lines = _balanced(value, cuts, count, room, width)
        if lines is not None:
            return lines
    raise IssueError(
        [
            Diagnostic(
                text.origin,
                _(too_long).format(value=value),
                _(fix),
            )
        ]
    )


def _balanced(
    value: str, cuts: list[int], count: int, room: float, width: Callable[[str], float]
) -> list[str] | None:
    """``value`` cut at ``count - 1`` of ``cuts`` into lines that fit
    ``room``, the widest as narrow as can be; None if there is no such cut."""
    points = [0, *cuts, len(value)]
    # best[k][j]: (widest line, cut positions) of value[:points[j]] in k lines
    best: list[dict[int, tuple[float, tuple[int, ...]]]] = [{0: (0.0, ())}]
    for _line in range(count):
        layer: dict[int, tuple[float, tuple[int, ...]]] = {}
        for i, (widest, path) in best[-1].items():
            for j in range(i + 1, len(points)):
                w = width(value[points[i] : points[j]])
                if w > room:
                    break
                candidate = (max(widest, w), (*path, j))
                if j not in layer or candidate[0] < layer[j][0]:
                    layer[j] = candidate
        best.append(layer)
    end = len(points) - 1
    if end not in best[count]:
        return None
    path = (0, *best[count][end][1])
    return [value[points[a] : points[b]] for a, b in itertools.pairwise(path)]


def _outside_pairs(value: str) -> set[int]:
    """Offsets not inside a pair of marks."""
    out = set()
    open_marks: list[str] = []
    for k, ch in enumerate(value):
        if not open_marks and k:
            out.add(k)
        if open_marks and ch == open_marks[-1]:
            open_marks.pop()
        elif ch in PAIRS:
            open_marks.append(PAIRS[ch])
    if not open_marks:
        out.add(len(value))
    return out


def word_breaks(value: str) -> set[int]:
    """Offsets between two words of ``value``."""
    words = _segment(value)
    if "".join(words) != value:  # the segmenter changed the text: any offset
        return set(range(1, len(value)))
    out = set()
    at = 0
    for word in words[:-1]:
        at += len(word)
        out.add(at)
    return out


def _segment(value: str) -> tuple[str, ...]:
    import rjieba  # ~0.2 s: only when a title must be broken

    return tuple(rjieba.cut(value))
