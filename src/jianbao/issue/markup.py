"""Body markup: an article's ``body`` text in, model blocks out.

In: a ``Text`` from the issue file (with per-character locations).  Out: a
tuple of blocks — ``Paragraph``, ``Heading``, ``Figure``, ``Table``,
``Quote`` — whose
text keeps the location of every character, or ``IssueError`` with every
problem (an unclosed ``**``, an image or a table that does not parse, an
image file that cannot be used).

The markup is what an editor types:

- paragraphs are separated by blank lines; a line break inside a paragraph
  joins without a space (two Latin words across a break get one space) —
  but a body with no blank line at all whose lines look like paragraphs
  pasted from Word (two or more start with 　　, or every line but the last
  ends a sentence or is a heading: ``looks_pasted``) is one paragraph a
  line, and says so in a warning;
- ``**…**`` is an emphasis run (黑体);
- a one-line paragraph that starts with 一、 / （一） / 1. / （1）, is at most
  ``heading_limit`` characters long and has no sentence-ending punctuation
  is a heading of level 1 / 2 / 3 / 4; a paragraph that starts so and has a
  。 within that length is a run-in heading: （一）加强组织领导。各乡镇要……;
- ``![caption](photo.jpg)`` alone on a line is an image (two such lines in
  one paragraph: two images side by side), relative to the issue file;
- a Markdown pipe table (a header row, a ``|---|---|`` line, rows) is a
  table; a one-line paragraph just before it that starts 表1 is its caption;
- lines that start with ``>`` are a quotation (引文, 楷体, indented on both
  sides), a line of ``>`` alone parting its paragraphs.

An image written inside a line of text, or a ``|`` line that is no table,
is an error, never printed as it is.

``normalise`` is the editor's clean-up every text field gets: strip, and
drop the stray spaces typed around Chinese ("2021 年 3 月" → "2021年3月").
"""

from __future__ import annotations

import re

from ..errors import Diagnostic, IssueError, Location
from ..i18n import N_, _, ngettext
from ..model import Block, Figure, Heading, Paragraph, Picture, Quote, Run, Table, Text
from .pictures import picture
from .tables import make_table

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
    text: Text,
    *,
    path: str = "body",
    heading_limit: int = HEADING_LIMIT,
    notes: list[Diagnostic] | None = None,
    one_per_line: bool | None = None,
) -> tuple[Block, ...]:
    """Split ``text`` into blocks (see the module docstring).

    ``path`` names the field in messages (``articles[1].body``); ``notes``,
    when given, receives the warnings (text taken as pasted from Word).
    ``one_per_line``: every text line is a paragraph (True), lines join
    (False), or decide by ``looks_pasted`` when no blank line parts the
    body (None, with a warning in ``notes`` when the lines are split).
    """
    blocks: list[Block] = []
    problems: list[Diagnostic] = []
    chars = _chars(text)
    paragraphs = _paragraphs(chars)
    split = one_per_line
    if split is None:
        pasted = _pasted(paragraphs, _raw_lines(chars), heading_limit)
        split = pasted is not None
        if pasted is not None and notes is not None:
            notes.append(
                Diagnostic(
                    pasted,
                    _(
                        "lines without blank lines between them are taken as one paragraph each "
                        "(text pasted from Word)"
                    ),
                    _(
                        "leave a blank line between paragraphs, or join the lines if they are "
                        "one paragraph"
                    ),
                    severity="warning",
                )
            )
    for lines in paragraphs:
        groups = _groups(lines)
        if split:
            groups = _one_per_line(groups)
        for kind, group in groups:
            if kind == "image":
                figure = _figure(group, problems)
                if figure is not None:
                    blocks.append(figure)
            elif kind == "table":
                table = _table(group, _caption(blocks), problems)
                if table is not None:
                    blocks.append(table)
            elif kind == "quote":
                quote = _quote(group, text, path, problems)
                if quote is not None:
                    blocks.append(quote)
            else:
                block = _paragraph(group, text, path, heading_limit, problems)
                if block is not None:
                    blocks.append(block)
    errors = [d for d in problems if d.severity == "error"]
    if errors:
        raise IssueError(errors)
    if notes is not None:
        notes += [d for d in problems if d.severity == "warning"]
    return tuple(blocks)


# What ends a Word paragraph: a sentence, a colon (现将有关情况通报如下：),
# also before the quotes and brackets that close it (。” ！） ？》); a line
# ending in a closing mark alone (开展“四大攻坚战”) may be wrapped mid-sentence.
_PARAGRAPH_END = frozenset("。！？…；：!?;:")
_CLOSERS = frozenset("”’」』》〉）)】〕\"'")
_INDENT = "\u3000\u3000"


def looks_pasted(lines: list[str], *, heading_limit: int = HEADING_LIMIT) -> bool:
    """Whether ``lines``, written with no blank line between them, are
    paragraphs pasted from Word (one a line) rather than one paragraph
    wrapped: at least two start with 　　, or every line but the last ends a
    paragraph (``。！？…；：``, also before a closing quote or bracket: ``。”``)
    or is a heading (一、总体要求) — and at least one ends a paragraph."""
    if len(lines) < 2:
        return False
    if sum(line.lstrip(_SPACES).startswith(_INDENT) for line in lines) >= 2:
        return True
    ends = 0
    for line in lines[:-1]:
        value = line.replace("**", "").strip()
        if ends_paragraph(value):
            ends += 1
        elif heading_level(value, limit=heading_limit) is None:
            return False
    return ends > 0


def ends_paragraph(line: str) -> bool:
    """Whether ``line`` ends as a paragraph does (see ``looks_pasted``)."""
    value = line.rstrip().rstrip("".join(_CLOSERS)).rstrip()
    return bool(value) and value[-1] in _PARAGRAPH_END


def _pasted(paragraphs: list[list[Chars]], raw: list[Chars], heading_limit: int) -> Location | None:
    """Where the first of the lines pasted from Word starts, when the body
    has no blank line between paragraphs and every run of several text lines
    ``looks_pasted``; None when its lines join as typed.  ``raw`` are the
    same lines unstripped (for the 　　 indents)."""
    if len(paragraphs) != 1:
        return None
    first: Location | None = None
    index = 0
    for kind, group in _groups(paragraphs[0]):
        lines = raw[index : index + len(group)]
        index += len(group)
        if kind != "text" or len(group) < 2:
            continue
        if not looks_pasted(
            ["".join(c for c, _loc in line) for line in lines], heading_limit=heading_limit
        ):
            return None
        if first is None:
            first = lines[0][0][1]
    return first


def _one_per_line(groups: list[tuple[str, list[Chars]]]) -> list[tuple[str, list[Chars]]]:
    """``groups`` with every text line a group (a paragraph) of its own."""
    out: list[tuple[str, list[Chars]]] = []
    for kind, group in groups:
        if kind == "text":
            out += [(kind, [line]) for line in group]
        else:
            out.append((kind, group))
    return out


def _raw_lines(chars: Chars) -> list[Chars]:
    """The lines of ``chars`` that are not blank, unstripped, without their
    line breaks: those ``_paragraphs`` keeps, in the same order."""
    lines: list[Chars] = [[]]
    for ch in chars:
        if ch[0] == "\n":
            lines.append([])
        else:
            lines[-1].append(ch)
    return [line for line in lines if strip_chars(line)]


def _groups(lines: list[Chars]) -> list[tuple[str, list[Chars]]]:
    """A paragraph's lines in runs of one kind: ``image`` (![…](…)),
    ``table`` (| … |), ``quote`` (> …) or ``text``."""
    out: list[tuple[str, list[Chars]]] = []
    for line in lines:
        first = line[0][0]
        if first == "|":
            kind = "table"
        elif first == ">":
            kind = "quote"
        elif first == "!" and len(line) > 1 and line[1][0] == "[":
            kind = "image"
        else:
            kind = "text"
        if out and out[-1][0] == kind:
            out[-1][1].append(line)
        else:
            out.append((kind, [line]))
    return out


def _paragraph(
    lines: list[Chars], text: Text, path: str, heading_limit: int, problems: list[Diagnostic]
) -> Paragraph | Heading | None:
    joined = _join(lines)
    inline = _INLINE_IMAGE.search("".join(c for c, _loc in joined))
    if inline is not None:
        problems.append(
            Diagnostic(
                joined[inline.start()][1],
                _("an image must stand on a line of its own: ![caption](file.jpg)"),
                _("put a line break before and after it"),
            )
        )
        return None
    runs = _emphasis(joined, path, problems)
    runs = _merge_runs(_squeeze_runs(runs))
    if not runs:
        return None
    model_runs = tuple(Run(_text(chars, text.origin), emphasis) for emphasis, chars in runs)
    line = "".join(r.text.value for r in model_runs)
    level = heading_level(line, limit=heading_limit) if len(lines) == 1 else None
    if level is not None:
        return Heading(level, model_runs)
    run_in = run_in_heading(line, limit=heading_limit)
    if run_in is not None:
        level, end = run_in
        head, body = _split_runs(model_runs, end)
        return Heading(level, head, body)
    return Paragraph(model_runs)


def run_in_heading(line: str, *, limit: int = HEADING_LIMIT) -> tuple[int, int] | None:
    """(level, length of the heading) of a paragraph that opens with a heading
    ended by 。 and goes on in body text: （一）加强组织领导。各乡镇要……"""
    for level, marker in _MARKERS:
        m = marker.match(line)
        if not m:
            continue
        end = line.find("。", m.end())
        if m.end() < end < limit and line[end + 1 :].strip():
            return level, end + 1
        return None
    return None


def _split_runs(runs: tuple[Run, ...], at: int) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """``runs`` cut before the character at offset ``at`` of their text."""
    head: list[Run] = []
    tail: list[Run] = []
    offset = 0
    for run in runs:
        value = run.text.value
        if offset + len(value) <= at:
            head.append(run)
        elif offset >= at:
            tail.append(run)
        else:
            k = at - offset
            head.append(Run(_slice(run.text, 0, k), run.emphasis))
            tail.append(Run(_slice(run.text, k, len(value)), run.emphasis))
        offset += len(value)
    return tuple(head), tuple(tail)


def _slice(text: Text, start: int, end: int) -> Text:
    offsets = text.offsets[start:end] if text.offsets else ()
    return Text(text.value[start:end], text.locate(start), offsets)


_IMAGE = re.compile(r"^!\[([^\]]*)\]\(\s*([^)\s]+)\s*\)$")
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_CAPTION = re.compile(r"^表\s*[0-9０-９一二三四五六七八九十]+")
_RULE_CELL = re.compile(r"^\s*:?-+:?\s*$")


def _line(chars: Chars) -> tuple[str, Chars]:
    """A paragraph line (without its line break), stripped, as text and chars."""
    body = strip_chars(chars[:-1])
    return "".join(c for c, _loc in body), body


def _figure(lines: list[Chars], problems: list[Diagnostic]) -> Figure | None:
    """Image lines: one image, or two side by side."""
    pictures: list[Picture] = []
    ok = True
    for chars in lines:
        value, body = _line(chars)
        m = _IMAGE.match(value)
        where = body[0][1] if body else None
        if m is None:
            problems.append(
                Diagnostic(
                    where,
                    _("an image line must be ![caption](file.jpg) and nothing else"),
                    _("put the image on a line of its own; the caption goes in the [ ]"),
                )
            )
            ok = False
            continue
        caption = _text(body[m.start(1) : m.end(1)], where) if m.group(1).strip() else None
        written = _text(body[m.start(2) : m.end(2)], where)
        found = picture(written, caption and normalise(caption), None, problems)
        ok = ok and found is not None
        if found is not None:
            pictures.append(found)
    if len(lines) > 2:
        where = _line(lines[2])[1][0][1] if _line(lines[2])[1] else None
        problems.append(
            Diagnostic(
                where,
                _("at most two images stand side by side"),
                _("leave a blank line between images"),
            )
        )
        return None
    return Figure(tuple(pictures)) if ok else None


def _cells(body: Chars) -> list[Text]:
    """The cells of a table line ``| a | b |`` (``\\|`` is a literal bar)."""
    cells: list[Chars] = []
    current: Chars = []
    i = 1 if body and body[0][0] == "|" else 0
    end = len(body) - 1 if len(body) > 1 and body[-1][0] == "|" else len(body)
    while i < end:
        c = body[i]
        if c[0] == "\\" and i + 1 < end and body[i + 1][0] == "|":
            current.append(body[i + 1])
            i += 2
            continue
        if c[0] == "|":
            cells.append(current)
            current = []
        else:
            current.append(c)
        i += 1
    cells.append(current)
    origin = body[0][1] if body else None
    return [normalise(_text(cell, origin)) for cell in cells]


def _table(lines: list[Chars], caption: Text | None, problems: list[Diagnostic]) -> Table | None:
    """A pipe table: header, rule line, rows (``tables.make_table``)."""
    parsed: list[tuple[Location | None, list[Text]]] = []
    for chars in lines:
        value, body = _line(chars)
        where = body[0][1] if body else None
        if len(value) < 2 or not value.endswith("|"):
            problems.append(
                Diagnostic(where, _("a table line must start and end with |"), _("write | a | b |"))
            )
            return None
        parsed.append((where, _cells(body)))
    if len(parsed) < 2 or not all(_RULE_CELL.match(c.value) for c in parsed[1][1]):
        where = parsed[1][0] if len(parsed) > 1 else parsed[0][0]
        problems.append(
            Diagnostic(
                where,
                _("the second line of a table must be its rule line, e.g. | --- | --- |"),
                _("a table is a header row, a rule line, then the rows"),
            )
        )
        return None
    if len(parsed[1][1]) != len(parsed[0][1]):
        n = len(parsed[1][1])
        message = ngettext(
            "the rule line has {n} cell, the header has {header}",
            "the rule line has {n} cells, the header has {header}",
            n,
        ).format(n=n, header=len(parsed[0][1]))
        problems.append(
            Diagnostic(parsed[1][0], message, _("give the rule line one --- per column"))
        )
        return None
    rows = [(cells, where) for where, cells in parsed[2:]]
    return make_table(parsed[0][1], rows, problems, origin=parsed[0][0], caption=caption)


def _quote(lines: list[Chars], text: Text, path: str, problems: list[Diagnostic]) -> Quote | None:
    """``>`` lines: a quotation, its paragraphs parted by a line of ``>`` alone."""
    paragraphs: list[Paragraph] = []
    current: list[Chars] = []
    for chars in [*lines, []]:
        body = strip_chars(chars[1:-1]) if chars else []
        if body:
            current.append([*body, chars[-1]])
            continue
        if current:
            runs = _merge_runs(_squeeze_runs(_emphasis(_join(current), path, problems)))
            model_runs = tuple(Run(_text(c, text.origin), emphasis) for emphasis, c in runs)
            if model_runs:
                paragraphs.append(Paragraph(model_runs))
            current = []
    return Quote(tuple(paragraphs)) if paragraphs else None


def _caption(blocks: list[Block]) -> Text | None:
    """A one-line paragraph 表1 … just before a table: its caption (taken off)."""
    if not blocks or not isinstance(blocks[-1], Paragraph):
        return None
    runs = blocks[-1].runs
    value = "".join(r.text.value for r in runs)
    if not _CAPTION.match(value) or len(value) > 40:
        return None
    blocks.pop()
    offsets = tuple(o for r in runs for o in r.text.offsets)
    return Text(value, runs[0].text.origin, offsets if len(offsets) == len(value) else ())


def normalise(text: Text) -> Text:
    """``text`` stripped, without spaces between Chinese and Latin/digits or
    next to Chinese punctuation; spaces between Latin words stay."""
    chars = strip_chars(_chars(text))
    drop = _squeeze([c for c, _loc in chars])
    return _text([ch for i, ch in enumerate(chars) if i not in drop], text.origin)


# Invisible characters that pasted text (web pages, WeChat, Word) carries
# along: zero-width space, word joiner, BOM, soft hyphen.  No font needs them
# and none prints them, so they are dropped rather than reported missing.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad")


def _chars(text: Text) -> Chars:
    return [(c, text.locate(i)) for i, c in enumerate(text.value) if c not in INVISIBLE]


def _text(chars: Chars, origin: Location | None) -> Text:
    locs = [loc for _c, loc in chars]
    value = "".join(c for c, _loc in chars)
    if all(loc is not None for loc in locs):
        offsets = tuple(loc for loc in locs if loc is not None)
        return Text(value, offsets[0] if offsets else origin, offsets)
    return Text(value, origin)


def strip_chars(chars: Chars) -> Chars:
    """``chars`` without white space at either end."""
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
        stripped = strip_chars(line)
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


# A ``**`` followed by one of these (or by a space, or ending the text)
# opens nothing, and one after an opening mark closes nothing: 张**、李**
# are masked names, not emphasis.
_NO_OPEN_BEFORE = frozenset("、，。；：？！）》」』”’,.;:?!)]")
_NO_CLOSE_AFTER = frozenset("（《「『“‘([")
UNCLOSED_HINT = N_(
    "emphasis ends in the paragraph it starts in: write '**text**'; "
    "for asterisks printed as written (张**), write \\*\\*"
)


def _emphasis(chars: Chars, path: str, problems: list[Diagnostic]) -> list[tuple[bool, Chars]]:
    """Split at ``**`` markers into (emphasis, chars) runs.  ``\\*`` is a
    literal asterisk; a ``**`` that can neither open (before a space or a
    closing mark, or at the end) nor close (after a space or an opening
    mark) stays as written."""
    runs: list[tuple[bool, Chars]] = []
    run: Chars = []
    opened: Location | None = None
    tight: list[bool] = []  # each turning marker: between two ideographs
    emphasis, i = False, 0
    while i < len(chars):
        c = chars[i][0]
        if c == "\\" and i + 1 < len(chars) and chars[i + 1][0] == "*":
            run.append(chars[i + 1])
            i += 2
            continue
        if c == "*" and i + 1 < len(chars) and chars[i + 1][0] == "*":
            after = chars[i + 2][0] if i + 2 < len(chars) else None
            before = run[-1][0] if run else None
            if emphasis:
                # (an empty pair, ****, closes at once and prints nothing)
                turns = before is None or (not before.isspace() and before not in _NO_CLOSE_AFTER)
            else:
                turns = after is not None and not after.isspace() and after not in _NO_OPEN_BEFORE
            if turns:
                runs.append((emphasis, run))
                tight.append(_ideograph(before) and _ideograph(after))
                if emphasis and tight[-2] and tight[-1] and _CLAUSE & {ch for ch, _loc in run}:
                    problems.append(_ambiguous(opened, run, path))
                run, emphasis, opened = [], not emphasis, chars[i][1]
            else:
                run += chars[i : i + 2]
            i += 2
            continue
        run.append(chars[i])
        i += 1
    runs.append((emphasis, run))
    if emphasis:
        message = _("unclosed '**' in {path}").format(path=path)
        problems.append(Diagnostic(opened, message, hint=_(UNCLOSED_HINT)))
    return runs


# What parts the clauses of a sentence: emphasis rarely spans one.
_CLAUSE = frozenset("，、；。")


def _ideograph(c: str | None) -> bool:
    return c is not None and ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")


def _ambiguous(opened: Location | None, run: Chars, path: str) -> Diagnostic:
    """The warning for emphasis that may be two masked names (张**同志……李**同志):
    both markers sit between ideographs and the emphasis spans a clause mark."""
    shown = "".join(c for c, _loc in run)
    shown = shown if len(shown) <= 12 else shown[:11] + "…"
    message = _(
        "'**' in {path} sets '{text}' in bold; were the asterisks meant to be printed?"
    ).format(path=path, text=shown)
    hint = _("for asterisks printed as written (张**), write \\*\\*; for bold, keep it as it is")
    return Diagnostic(opened, message, hint, severity="warning")


def _squeeze_runs(runs: list[tuple[bool, Chars]]) -> list[tuple[bool, Chars]]:
    """``normalise`` across runs, looking through the ``**`` markers; spaces
    typed beside a marker go too, unless both neighbours are Latin."""
    flat = [c for _bold, chars in runs for c, _loc in chars]
    edges, i = set(), 0
    for _bold, chars in runs:
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
    one of the ``edges`` (run boundaries) unless between two Latin words —
    but for one space after a caption's label (表1, 图2-1)."""
    drop: set[int] = set()
    # The space after a caption's number stays, one of it: 表1 各乡镇……
    label = _LABEL.match("".join(chars))
    i = 0
    while i < len(chars):
        if chars[i] not in _SPACES:
            i += 1
            continue
        j = i
        while j < len(chars) and chars[j] in _SPACES:
            j += 1
        if label is not None and i == label.end() and j < len(chars):
            drop.update(range(i + 1, j))
        elif i > 0 and j < len(chars):
            a, b = chars[i - 1], chars[j]
            at_edge = any(e in edges for e in range(i, j + 1))
            if _tight(a, b) or (at_edge and not (_latin(a) and _latin(b))):
                drop.update(range(i, j))
        i = j
    return drop


_LABEL = re.compile(r"[表图][0-9０-９]+(?:[-.－．][0-9０-９]+)?(?=\s)")


def _tight(a: str, b: str) -> bool:
    if _cjk_punct(a) or _cjk_punct(b):
        return True
    # Latin punctuation too (1. 提高, A. 提): the line breaker keeps a space
    # only between two Latin runs, so the text must not keep it either.
    return (_han(a) and _narrow(b)) or (_narrow(a) and _han(b))


def _narrow(c: str) -> bool:
    """A Latin letter, digit or mark (what the line breaker sets as Latin)."""
    return ord(c) < 0x2E80 and not c.isspace()


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
