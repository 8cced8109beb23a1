"""Body markup: an article's ``body`` text in, model blocks out.

In: a ``Text`` from the issue file (with per-character locations).  Out: a
tuple of ``Paragraph`` and ``Heading`` blocks whose runs keep the location
of every character, or ``IssueError`` for an unclosed ``**``.

The markup is what an editor types:

- paragraphs are separated by blank lines; a line break inside a paragraph
  joins without a space (two Latin words across a break get one space);
- ``**…**`` is an emphasis run (黑体);
- a one-line paragraph that starts with 一、 / （一） / 1. / （1）, is at most
  ``heading_limit`` characters long and has no sentence-ending punctuation
  is a heading of level 1 / 2 / 3 / 4.

``normalise`` is the editor's clean-up every text field gets: strip, and
drop the stray spaces typed around Chinese ("2021 年 3 月" → "2021年3月").
"""

from __future__ import annotations

import re

from ..errors import Diagnostic, IssueError, Location
from ..model import Block, Heading, Paragraph, Run, Text

HEADING_LIMIT = 28

# A Text being edited: each character with the location it came from.
Chars = list[tuple[str, Location | None]]

_NUMERAL = (
    "(?:[一二三四五六七八九]|十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)"
)
_DIGITS = "[0-9０-９]{1,2}"
_MARKERS = (
    (1, re.compile(f"{_NUMERAL}、")),
    (2, re.compile(f"[（(]{_NUMERAL}[）)]")),
    (3, re.compile(f"{_DIGITS}[.．、](?![0-9０-９])")),
    (4, re.compile(f"[（(]{_DIGITS}[）)]")),
)
_SENTENCE_END = frozenset("。！？；…!?;")
_SPACES = " \t\u00a0"
_LATIN_STOPS = frozenset(",.;:!?)")
_CJK_PUNCT = frozenset("“”‘’—…·")


def heading_level(line: str, *, limit: int = HEADING_LIMIT) -> int | None:
    """The heading level of a one-line paragraph, or None if it is body text."""
    if len(line) > limit:
        return None
    for level, marker in _MARKERS:
        m = marker.match(line)
        if m:
            rest = line[m.end() :].strip()
            if rest and not _SENTENCE_END.intersection(rest):
                return level
            return None
    return None


def parse_body(
    text: Text, *, path: str = "body", heading_limit: int = HEADING_LIMIT
) -> tuple[Block, ...]:
    """Split ``text`` into paragraphs and headings (see the module docstring).

    ``path`` names the field in messages (``articles[1].body``).
    """
    blocks: list[Block] = []
    problems: list[Diagnostic] = []
    for lines in _paragraphs(_chars(text)):
        runs = _emphasis(_join(lines), path, problems)
        runs = _merge_runs(_squeeze_runs(runs))
        if not runs:
            continue
        model_runs = tuple(Run(_text(chars, text.origin), emphasis) for emphasis, chars in runs)
        line = "".join(r.text.value for r in model_runs)
        level = heading_level(line, limit=heading_limit) if len(lines) == 1 else None
        blocks.append(Paragraph(model_runs) if level is None else Heading(level, model_runs))
    if problems:
        raise IssueError(problems)
    return tuple(blocks)


def normalise(text: Text) -> Text:
    """``text`` stripped, without spaces between Chinese and Latin/digits or
    next to Chinese punctuation; spaces between Latin words stay."""
    chars = _strip(_chars(text))
    drop = _squeeze([c for c, _ in chars])
    return _text([ch for i, ch in enumerate(chars) if i not in drop], text.origin)


# Invisible characters that pasted text (web pages, WeChat, Word) carries
# along: zero-width space, word joiner, BOM, soft hyphen.  No font needs them
# and none prints them, so they are dropped rather than reported missing.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad")


def _chars(text: Text) -> Chars:
    return [(c, text.locate(i)) for i, c in enumerate(text.value) if c not in INVISIBLE]


def _text(chars: Chars, origin: Location | None) -> Text:
    locs = [loc for _, loc in chars]
    value = "".join(c for c, _ in chars)
    if all(loc is not None for loc in locs):
        offsets = tuple(loc for loc in locs if loc is not None)
        return Text(value, offsets[0] if offsets else origin, offsets)
    return Text(value, origin)


def _strip(chars: Chars) -> Chars:
    start, end = 0, len(chars)
    while start < end and chars[start][0].isspace():
        start += 1
    while end > start and chars[end - 1][0].isspace():
        end -= 1
    return chars[start:end]


def _paragraphs(chars: Chars) -> list[list[Chars]]:
    """Lines (stripped) grouped into paragraphs; each line keeps the line
    break that ended it as its last character, for joining."""
    paragraphs: list[list[Chars]] = []
    current: list[Chars] = []
    line: Chars = []
    for ch in [*chars, ("\n", chars[-1][1] if chars else None)]:
        if ch[0] != "\n":
            line.append(ch)
            continue
        stripped = _strip(line)
        line = []
        if stripped:
            current.append([*stripped, ch])
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _join(lines: list[Chars]) -> Chars:
    """One paragraph's lines joined: no space, except one between Latin words
    (it takes the location of the line break it replaces)."""
    out: Chars = []
    for i, line in enumerate(lines):
        if i and (_latin(out[-1][0]) or out[-1][0] in _LATIN_STOPS) and _latin(line[0][0]):
            out.append((" ", lines[i - 1][-1][1]))
        out += line[:-1]
    return out


def _emphasis(chars: Chars, path: str, problems: list[Diagnostic]) -> list[tuple[bool, Chars]]:
    """Split at ``**`` markers into (emphasis, chars) runs."""
    runs: list[tuple[bool, Chars]] = []
    run: Chars = []
    opened: Location | None = None
    emphasis, i = False, 0
    while i < len(chars):
        if chars[i][0] == "*" and i + 1 < len(chars) and chars[i + 1][0] == "*":
            runs.append((emphasis, run))
            run, emphasis, opened = [], not emphasis, chars[i][1]
            i += 2
            continue
        run.append(chars[i])
        i += 1
    runs.append((emphasis, run))
    if emphasis:
        problems.append(
            Diagnostic(
                opened,
                f"unclosed '**' in {path}",
                hint="emphasis ends in the paragraph it starts in: write '**text**'",
            )
        )
    return runs


def _squeeze_runs(runs: list[tuple[bool, Chars]]) -> list[tuple[bool, Chars]]:
    """``normalise`` across runs, looking through the ``**`` markers; spaces
    typed beside a marker go too, unless both neighbours are Latin."""
    flat = [c for _, chars in runs for c, _ in chars]
    edges, i = set(), 0
    for _, chars in runs:
        i += len(chars)
        edges.add(i)
    drop = _squeeze(flat, edges)
    out, i = [], 0
    for emphasis, chars in runs:
        out.append((emphasis, [ch for j, ch in enumerate(chars, i) if j not in drop]))
        i += len(chars)
    return out


def _merge_runs(runs: list[tuple[bool, Chars]]) -> list[tuple[bool, Chars]]:
    out: list[tuple[bool, Chars]] = []
    for emphasis, chars in runs:
        if not chars:
            continue
        if out and out[-1][0] == emphasis:
            out[-1][1].extend(chars)
        else:
            out.append((emphasis, list(chars)))
    return out


def _squeeze(chars: list[str], edges: frozenset[int] | set[int] = frozenset()) -> set[int]:
    """Indices of spaces to drop: a run of spaces between a Chinese character
    and a Latin letter or digit, or next to Chinese punctuation, or touching
    one of the ``edges`` (run boundaries) unless between two Latin words."""
    drop: set[int] = set()
    i = 0
    while i < len(chars):
        if chars[i] not in _SPACES:
            i += 1
            continue
        j = i
        while j < len(chars) and chars[j] in _SPACES:
            j += 1
        if i > 0 and j < len(chars):
            a, b = chars[i - 1], chars[j]
            at_edge = any(e in edges for e in range(i, j + 1))
            if _tight(a, b) or (at_edge and not (_latin(a) and _latin(b))):
                drop.update(range(i, j))
        i = j
    return drop


def _tight(a: str, b: str) -> bool:
    if _cjk_punct(a) or _cjk_punct(b):
        return True
    return (_han(a) and _latin(b)) or (_latin(a) and _han(b))


def _han(c: str) -> bool:
    """A Chinese (or Japanese) character, or a full-width letter or digit."""
    o = ord(c)
    return (
        0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
        or 0x3040 <= o <= 0x30FF
        or (0xFF10 <= o <= 0xFF5A and c.isalnum())
    )


def _cjk_punct(c: str) -> bool:
    o = ord(c)
    return c in _CJK_PUNCT or 0x3001 <= o <= 0x303F or (0xFF01 <= o <= 0xFF65 and not c.isalnum())


def _latin(c: str) -> bool:
    return c.isalnum() and ord(c) < 0x2E80
