"""Proofreading (校对): what an editor would mark in an issue before it goes out.

In: a validated ``Issue``.  Out: warnings (``Diagnostic``, severity
"warning"), each at the offending character (``Text.locate``), in the
order the issue prints its texts:

- a placeholder ``jianbao new`` wrote and nobody replaced (（标题）,
  （正文第一段。） …); ``placeholders`` finds these alone, so that a caller
  can refuse to render them;
- a half-width , ; : ? ! ( ) in Chinese text (完成,推进 → 完成，推进);
- an unbalanced “” ‘’ 《》 （） within one paragraph;
- a doubled 的的 / 了了 / 是是 / 在在 / 和和 that is a slip, not a word;
- a paragraph of more than ``PARAGRAPH_LIMIT`` characters.

Every text is checked that the issue prints: the masthead (name, issuer,
mark), the 本期要目 heading, the issue's 编者按, each article's 编者按,
kicker, title, subtitle, body (paragraphs, headings with their run-in
text, image captions, table captions and cells, quotations), source and
要目 entry, and the colophon.  A title or masthead name written in several
lines is one text; so are a paragraph's runs.

Half-width marks: a mark is flagged when what stands on each side of it
(looking past spaces, curly quotes, …, — and other half-width marks) is
Chinese or the end of the text, and at least one side is Chinese.  So
3:00, 1:2, 1,000 and 3,完成 are left alone, as is everything inside a URL.
A pair of half-width parentheses is flagged when a Chinese character (not
a mark) stands just inside or just outside it: 通知(试行), 收入(GDP)增长,
(1)加强; not (a), nor (b)。 after Latin text.

Balance: a quotation that runs over several paragraphs opens each with “
and closes only in the last, so an unclosed “ is not flagged when the next
paragraph of the same run of paragraphs (body, quotation or 编者按) opens
with “.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..errors import Diagnostic
from ..i18n import N_, _, ngettext
from ..model import Block, Figure, Heading, Issue, PageBreak, Paragraph, Quote, Run, Table, Text
from ..records import dataclass
from .template import PLACEHOLDER_TEXTS

PARAGRAPH_LIMIT = 1000

# Doubled characters that are a slip, each with the real words holding the
# same two characters (不了了之, 为了了解 …): where one of these is written
# around the pair, it is left alone.
DOUBLED: dict[str, tuple[str, ...]] = {
    "的的": ("目的的", "标的的", "的的确"),
    "了了": (
        "不了了之",
        "小时了了",
        "了了分明",
        "了了解",
        "了了结",
        "了了却",
        "了了断",
        "了了然",
    ),
    "是是": ("是是非", "是是否"),
    "在在": ("实在在", "现在在"),
    "和和": ("和和气", "和和美", "温和和", "平和和", "缓和和", "柔和和", "祥和和", "总和和"),
}

# Half-width marks and what Chinese text writes instead.
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# What the half-width check looks past to find a mark's neighbours.
_SEE_THROUGH = frozenset(" \t\u00a0\u3000“”‘’…—·") | frozenset(_FULL_WIDTH)
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s，。；：！？、“”‘’（）《》]+")
# Paired marks: opening → closing.
_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）"}
_OPENING = {close: open_ for open_, close in _PAIRS.items()}
_PLACEHOLDER_HINT = N_("write the real text, or render with --draft")


@dataclass(frozen=True)
class _Passage:
    """A text as printed: one field, or the pieces of one paragraph or title
    joined (runs, lines); ``paragraph`` for body text, held to its length."""

    texts: tuple[Text, ...]
    paragraph: bool = False

    @property
    def value(self) -> str:
        return "".join(t.value for t in self.texts)

    def warn(self, index: int, message: str, hint: str) -> tuple[int, Diagnostic]:
        """A warning at character ``index`` of the joined text."""
        where = self.texts[-1].origin if self.texts else None
        rest = index
        for text in self.texts:
            if rest < len(text.value):
                where = text.locate(rest)
                break
            rest -= len(text.value)
        return index, Diagnostic(where, message, hint, "warning")


_Found = list[tuple[int, Diagnostic]]  # (index in the passage, warning)


def proofread(issue: Issue) -> list[Diagnostic]:
    """Every warning of the module docstring, placeholders included, in the
    order the issue prints its texts."""
    out: list[Diagnostic] = []
    for flow in _flows(issue):
        for k, passage in enumerate(flow):
            continued = k + 1 < len(flow) and flow[k + 1].value.startswith("“")
            found = [
                *_placeholders(passage),
                *_half_width(passage),
                *_unbalanced(passage, continued=continued),
                *_doubled(passage),
                *_too_long(passage),
            ]
            out += [d for _index, d in sorted(found, key=lambda f: f[0])]
    return out


def placeholders(issue: Issue) -> list[Diagnostic]:
    """The placeholders of ``jianbao new`` still in the issue, as warnings
    (``proofread`` reports them too): a caller that will not print them makes
    these errors, and gives ``proofread``'s warnings only when there are none."""
    return [d for flow in _flows(issue) for p in flow for _index, d in _placeholders(p)]


def _flows(issue: Issue) -> Iterator[list[_Passage]]:
    """Every printed text, in runs of passages: a run of paragraphs (body,
    quotation, 编者按) is one, any other text a run of its own."""
    masthead = issue.masthead
    yield [_Passage(masthead.name)]
    yield from _fields(masthead.issuer, masthead.mark, issue.contents.heading)
    yield from _blocks(issue.note)
    for article in issue.articles:
        yield from _blocks(article.note)
        yield from _fields(article.kicker)
        yield [_Passage(article.title)]
        yield from _fields(article.subtitle)
        yield from _blocks(article.blocks)
        yield from _fields(article.source, article.toc)
    colophon = issue.colophon
    if colophon is not None:
        yield from _fields(
            colophon.report_to, colophon.send_to, colophon.issue_to, colophon.also_to
        )


def _fields(*texts: Text | None) -> Iterator[list[_Passage]]:
    for text in texts:
        if text is not None:
            yield [_Passage((text,))]


def _blocks(blocks: tuple[Block, ...]) -> Iterator[list[_Passage]]:
    paragraphs: list[_Passage] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            paragraphs.append(_Passage(_texts(block.runs), paragraph=True))
            continue
        if paragraphs:
            yield paragraphs
            paragraphs = []
        match block:
            case Heading(runs=runs, body=body):
                yield [_Passage(_texts(runs + body), paragraph=bool(body))]
            case Figure(pictures=pictures):
                yield from _fields(*(p.caption for p in pictures))
            case Table(header=header, rows=rows, caption=caption):
                yield from _fields(caption, *header, *(cell for row in rows for cell in row))
            case Quote(blocks=quoted):
                yield [_Passage(_texts(p.runs), paragraph=True) for p in quoted]
            case PageBreak():
                pass
    if paragraphs:
        yield paragraphs


def _texts(runs: tuple[Run, ...]) -> tuple[Text, ...]:
    return tuple(run.text for run in runs)


def _placeholders(passage: _Passage) -> _Found:
    value = passage.value
    found: _Found = []
    for placeholder in PLACEHOLDER_TEXTS:
        at = value.find(placeholder)
        while at >= 0:
            message = _("placeholder {placeholder} is still here").format(placeholder=placeholder)
            found.append(passage.warn(at, message, _(_PLACEHOLDER_HINT)))
            at = value.find(placeholder, at + len(placeholder))
    return found


def _half_width(passage: _Passage) -> _Found:
    value = passage.value
    in_url = {i for m in _URL.finditer(value) for i in range(m.start(), m.end())}
    found: _Found = []
    pairs, lone = _parentheses(value, in_url)
    for start, end in pairs:
        sides = (
            _side(value, start, -1),
            _side(value, start, 1),
            _side(value, end, -1),
            _side(value, end, 1),
        )
        if any(_chinese(c, letter=True) for c in sides):
            shown = _excerpt(value, start, end + 1, 2)
            right = _excerpt(_to_full_width(value, start, end), start, end + 1, 2)
            message = _("half-width parentheses in Chinese text: '{shown}'").format(shown=shown)
            hint = _("use the full-width （）: '{right}'").format(right=right)
            found.append(passage.warn(start, message, hint))
    for i, mark in enumerate(value):
        if i in in_url or mark not in _FULL_WIDTH or (mark in "()" and i not in lone):
            continue
        before, after = _side(value, i, -1), _side(value, i, 1)
        if (before or after) and all(c is None or _chinese(c) for c in (before, after)):
            shown = _excerpt(value, i, i + 1, 2)
            right = _excerpt(_to_full_width(value, i), i, i + 1, 2)
            message = _("half-width '{mark}' in Chinese text: '{shown}'").format(
                mark=mark, shown=shown
            )
            hint = _("use the full-width '{full}': '{right}'").format(
                full=_FULL_WIDTH[mark], right=right
            )
            found.append(passage.warn(i, message, hint))
    return found


def _parentheses(value: str, skip: set[int]) -> tuple[list[tuple[int, int]], set[int]]:
    """The half-width parentheses of ``value`` (but those at ``skip``): the
    matched pairs (index of ``(``, index of ``)``) and the lone ones."""
    pairs: list[tuple[int, int]] = []
    opened: list[int] = []
    lone: set[int] = set()
    for i, c in enumerate(value):
        if i in skip:
            continue
        if c == "(":
            opened.append(i)
        elif c == ")" and opened:
            pairs.append((opened.pop(), i))
        elif c == ")":
            lone.add(i)
    return pairs, lone | set(opened)


def _side(value: str, index: int, step: int) -> str | None:
    """The character next to ``value[index]`` (``step`` -1: before it, 1:
    after it), looking past spaces, quotes and marks; None at the end."""
    i = index + step
    while 0 <= i < len(value) and value[i] in _SEE_THROUGH:
        i += step
    return value[i] if 0 <= i < len(value) else None


def _chinese(c: str | None, *, letter: bool = False) -> bool:
    """A Chinese character or full-width mark (not a full-width letter or
    digit); with ``letter``, not a mark either."""
    if c is None or unicodedata.east_asian_width(c) not in ("W", "F"):
        return False
    if letter:
        return unicodedata.category(c) == "Lo"
    plain = unicodedata.normalize("NFKC", c)
    return not (plain.isascii() and plain.isalnum())


def _to_full_width(value: str, *indices: int) -> str:
    """``value`` with the half-width marks at ``indices`` made full-width."""
    chars = list(value)
    for i in indices:
        chars[i] = _FULL_WIDTH[chars[i]]
    return "".join(chars)


def _unbalanced(passage: _Passage, *, continued: bool) -> _Found:
    """Paired marks without their partner; ``continued``: the next paragraph
    opens with “ (a quotation going on), so an unclosed “ is right."""
    value = passage.value
    found: _Found = []
    opened: list[int] = []
    for i, c in enumerate(value):
        if _apostrophe(value, i):
            continue
        if c in _PAIRS:
            opened.append(i)
        elif c in _OPENING and _OPENING[c] in (value[j] for j in opened):
            while value[opened[-1]] != _OPENING[c]:
                found.append(_unclosed(passage, opened.pop()))
            opened.pop()
        elif c in _OPENING:
            opening = _OPENING[c]
            message = _("'{mark}' has no opening '{opening}': '{excerpt}'").format(
                mark=c, opening=opening, excerpt=_excerpt(value, i, i + 1, 3)
            )
            hint = _("add the opening '{opening}', or delete this '{mark}'").format(
                opening=opening, mark=c
            )
            found.append(passage.warn(i, message, hint))
    found += [_unclosed(passage, i) for i in opened if not (continued and value[i] == "“")]
    return found


def _unclosed(passage: _Passage, index: int) -> tuple[int, Diagnostic]:
    value = passage.value
    mark = value[index]
    message = _("'{mark}' is not closed: '{excerpt}'").format(
        mark=mark, excerpt=_excerpt(value, index, index + 1, 3)
    )
    hint = _("add the closing '{closing}'").format(closing=_PAIRS[mark])
    return passage.warn(index, message, hint)


def _apostrophe(value: str, index: int) -> bool:
    """’ between two Latin letters: an apostrophe (don’t), not a quotation mark."""
    return (
        value[index] == "’"
        and 0 < index < len(value) - 1
        and value[index - 1].isascii()
        and value[index - 1].isalpha()
        and value[index + 1].isascii()
        and value[index + 1].isalpha()
    )


def _doubled(passage: _Passage) -> _Found:
    value = passage.value
    found: _Found = []
    for pair, words in DOUBLED.items():
        at = value.find(pair)
        while at >= 0:
            if not any(_written_around(value, at, pair, word) for word in words):
                shown = _excerpt(value, at, at + 2, 2)
                message = _("doubled '{pair}': '{shown}'").format(pair=pair, shown=shown)
                hint = _("delete one '{char}'").format(char=pair[0])
                found.append(passage.warn(at + 1, message, hint))
                at = value.find(pair, at + 2)
            else:
                at = value.find(pair, at + 1)
    return found


def _written_around(value: str, at: int, pair: str, word: str) -> bool:
    """Whether ``word`` is written in ``value`` with its ``pair`` at ``at``."""
    start = at - word.index(pair)
    return start >= 0 and value[start : start + len(word)] == word


def _too_long(passage: _Passage) -> _Found:
    length = len(passage.value)
    if not passage.paragraph or length <= PARAGRAPH_LIMIT:
        return []
    message = ngettext("paragraph of {n} character", "paragraph of {n} characters", length).format(
        n=length
    )
    hint = _("break it into shorter paragraphs (at most {limit} characters)").format(
        limit=PARAGRAPH_LIMIT
    )
    return [passage.warn(0, message, hint)]


def _excerpt(value: str, start: int, end: int, wing: int) -> str:
    """``value[start:end]`` with ``wing`` characters each side, for a message;
    a long middle is cut short with …."""
    middle = value[start:end]
    if len(middle) > 12:
        middle = middle[:6] + "…" + middle[-3:]
    return value[max(0, start - wing) : start] + middle + value[end : end + wing]
