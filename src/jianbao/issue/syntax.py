"""YAML and JSON syntax problems in plain words, at the place a user looks.

In: the text of a file and what PyYAML raised (or the text alone, for what
PyYAML accepts but a user never means).  Out: ``Diagnostic``s located in
the file as an editor counts lines and columns.

PyYAML words its errors for the people who write parsers ("expected the
node content, but found ','") and often places them where it noticed the
problem, a line after the slip.  The slips people really make are few and
known: a full-width colon or space typed with a Chinese input method, an
invisible line separator pasted from a web page, a bracket left open, a
comma doubled in hand-edited JSON.  Each is looked for by name here before
PyYAML's own words are translated.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import yaml

from ..errors import Diagnostic, Location
from ..i18n import N_, _

# What YAML counts as a line break: editors show only "\n" (and "\r\n").
_BREAKS = re.compile("[\n\x85\u2028\u2029]")
_SEPARATORS = {
    "\x85": N_("the file contains the invisible line break U+0085 (NEL)"),
    "\u2028": N_("the file contains the invisible line separator U+2028"),
    "\u2029": N_("the file contains the invisible paragraph separator U+2029"),
}


class Source:
    """The text of one file, answering index → Location as PyYAML counts
    lines (``\\x85``, U+2028 and U+2029 break lines too; a file holding them
    is refused by ``invisible_breaks`` first, so the two counts agree)."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.starts = [0] + [m.end() for m in _BREAKS.finditer(text)]

    def at(self, index: int) -> Location:
        line = bisect.bisect_right(self.starts, index) - 1
        return Location(self.file, line + 1, index - self.starts[line] + 1)

    def mark(self, mark: yaml.Mark) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1)


def invisible_breaks(text: str, file: str) -> list[Diagnostic]:
    """Raw NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR characters: YAML ends
    a line at each, editors show nothing, so every later message would name
    a line the user cannot find.  Located by "\\n" lines, as editors count."""
    found = []
    for m in re.finditer("[\x85\u2028\u2029]", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        where = Location(file, text.count("\n", 0, m.start()) + 1, m.start() - line_start + 1)
        message = _(_SEPARATORS[m.group()])
        hint = _("delete it; part paragraphs with a blank line")
        found.append(Diagnostic(where, message, hint))
    return found


# A key typed with a Chinese input method's colon: `title：标题`.
_WIDE_COLON = re.compile(r"^[ ]*(?:-[ ]+)*([A-Za-z_][A-Za-z0-9_.-]*)[ ]*：")
# A line indented with an ideographic space (U+3000), alone or after spaces.
_WIDE_INDENT = re.compile(r"^[ ]*(?:-[ ]+)*\u3000")


def syntax_error(src: Source, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """One diagnostic for what PyYAML could not parse."""
    mark = exc.problem_mark or exc.context_mark
    slip = _ime_slip(src, mark.line if mark is not None else len(src.starts) - 1)
    if slip is not None:
        return slip
    where = src.mark(mark) if mark is not None else None
    problem, context = (exc.problem or "").strip(), (exc.context or "").strip()
    named = _named(src, problem, mark)
    if named is not None:
        return Diagnostic(where if named[0] is None else named[0], named[1], named[2])
    words, hint = _plain_words(problem, context)
    started = _CONTEXTS.get(context)
    ctx = exc.context_mark
    if started and ctx is not None and (mark is None or ctx.line != mark.line):
        started = _(started).format(line=ctx.line + 1)
        hint = _("{hint}; {started}").format(hint=hint, started=started) if hint else started
    return Diagnostic(where, words, hint=hint)


def _ime_slip(src: Source, line: int) -> Diagnostic | None:
    """A full-width colon or indent on the line PyYAML stopped at or on one
    of the few before it (it notices such a line only at the next key)."""
    lines = src.text.split("\n")
    for n in range(min(line, len(lines) - 1), max(line - 3, 0) - 1, -1):
        text = lines[n]
        indent = _WIDE_INDENT.match(text)
        if indent:
            where = Location(src.file, n + 1, indent.end())
            message = _("the line is indented with a full-width space (U+3000)")
            return Diagnostic(where, message, _("indent with ordinary spaces"))
        colon = _WIDE_COLON.match(text)
        if colon:
            where = Location(src.file, n + 1, colon.end())
            message = _("full-width colon '：' after the key '{key}'").format(key=colon.group(1))
            return Diagnostic(where, message, _("write ':' followed by a space"))
    return None


def _named(
    src: Source, problem: str, mark: yaml.Mark | None
) -> tuple[Location | None, str, str] | None:
    """The slips PyYAML words as a parser's state: a doubled comma, a comma
    after the document, a bracket still open at the end, a lone '...'."""
    if problem == "expected the node content, but found ','" and mark is not None:
        before = src.text[: mark.index].rstrip()
        if before.endswith(","):
            return None, _("two commas in a row"), _("remove one ','")
        message, hint = _("a ',' where a value should be"), _("write the value, or remove the ','")
        return None, message, hint
    if problem == "expected '<document start>', but found ','":
        message = _("a ',' after the end of the document")
        return None, message, _("remove it: the file holds one issue")
    if problem.endswith("but found '<document end>'"):
        message = _("'...' (the end-of-document mark) where a value should be")
        return None, message, _("remove the '...' line, or put the value in quotes")
    if problem.endswith("'<stream end>'"):
        opened = _unclosed(src.text)
        if opened:
            bracket = src.text[opened[-1]]
            closers = "".join("]" if src.text[i] == "[" else "}" for i in reversed(opened))
            where = src.at(opened[-1])
            message = _("the '{bracket}' opened at line {line} is never closed").format(
                bracket=bracket, line=where.line
            )
            return where, message, _("add the missing '{closers}'").format(closers=closers)
    return None


def _unclosed(text: str) -> list[int]:
    """Where each '[' or '{' still open at the end of ``text`` opened,
    outermost first (outside quotes and comments)."""
    stack: list[int] = []
    for i in unquoted(text):
        if text[i] in "[{":
            stack.append(i)
        elif text[i] in "]}" and stack:
            stack.pop()
    return stack


def unquoted(text: str) -> Iterator[int]:
    """The indexes of ``text`` outside quoted strings and ``#`` comments (a
    quote after a letter is an apostrophe, as in a plain ``it's``)."""
    quote, i = "", 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'" and (i == 0 or not text[i - 1].isalnum()):
            quote = c
        elif c == "#" and (i == 0 or text[i - 1] in " \t\n"):
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline
            continue
        else:
            yield i
        i += 1


# PyYAML's problem (or context) → (plain words, hint), translated where used
_PROBLEMS: tuple[tuple[str, str, str | None], ...] = (
    ("mapping values are not allowed here", N_("unexpected ':' here"),
     N_("a value containing ': ' must be quoted, or the line is indented wrongly")),
    ("found character '\\t' that cannot start any token", N_("tab character in indentation"),
     N_("indent with spaces, not tabs")),
    ("could not find expected ':'", N_("a key here is missing its ':'"), None),
    ("did not find expected key", N_("this line is not indented like the keys above it"),
     N_("line up the keys of one mapping in the same column")),
    ("did not find expected '-' indicator",
     N_("this line is not indented like the list above it"),
     N_("line up the '-' of one list in the same column")),
    ("expected <block end>, but found", N_("this line is not indented like the lines above it"),
     N_("line up the keys of one mapping in the same column")),
    ("found unexpected end of stream", N_("the file ends inside a quoted string"),
     N_("close the quote")),
    ("found unknown escape character",
     N_("unknown escape after '\\' in a double-quoted string"),
     N_("write '\\\\' for a backslash, or use single quotes")),
    ("expected a single document in the stream", N_("only one document is allowed in a file"),
     N_("remove the second '---'")),
    ("found undefined alias", N_("this alias (*name) refers to no anchor (&name)"), None),
    ("found character '", N_("this character cannot start a value"),
     N_("put the value in quotes")),
    ("expected ',' or ']'", N_("a list in [ ] is not closed"), N_("add the missing ']' or ','")),
    ("expected ',' or '}'", N_("a mapping in {{ }} is not closed"),
     N_("add the missing '}}' or ','")),
    ("expected the node content", N_("a value is missing here"), None),
    ("expected '<document start>'", N_("text after the end of the document"),
     N_("the file holds one issue: remove what follows it")),
)  # fmt: skip
# PyYAML's context → where the broken construct started, translated where used
_CONTEXTS = {
    "while scanning a quoted scalar": N_("the quoted string starts at line {line}"),
    "while parsing a flow mapping": N_("the '{{' is at line {line}"),
    "while parsing a flow sequence": N_("the '[' is at line {line}"),
    "while parsing a block mapping": N_("the mapping starts at line {line}"),
    "while parsing a block collection": N_("the list starts at line {line}"),
}


def _plain_words(problem: str, context: str) -> tuple[str, str | None]:
    for known, words, hint in _PROBLEMS:
        if problem.startswith(known) or context.startswith(known):
            # templates without placeholders: braces in them are doubled
            return _(words).format(), _(hint).format() if hint else None
    return _("invalid YAML: {problem}").format(problem=problem or context), None


def reader_error(src: Source, exc: yaml.YAMLError) -> Diagnostic:
    """A character YAML forbids anywhere in a file (a raw control character)."""
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    where = src.at(position) if isinstance(position, int) else None
    if isinstance(character, int):
        message = _("the file contains the control character U+{code:04X}").format(code=character)
        return Diagnostic(where, message, hint=_("delete it (it is often invisible)"))
    return Diagnostic(where, _("the file contains a character YAML does not allow"))


def not_utf8(name: str, data: bytes, exc: UnicodeDecodeError) -> Diagnostic:
    """Bytes that are not UTF-8, located at the first bad byte."""
    before = data[: exc.start]
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8-sig", errors="replace")) + 1
    where = Location(name, before.count(b"\n") + 1, col)
    return Diagnostic(
        where,
        _("the file is not UTF-8 text (byte 0x{byte:02X})").format(byte=data[exc.start]),
        hint=_("save it as UTF-8; Chinese editors often save as GBK or GB18030"),
    )
