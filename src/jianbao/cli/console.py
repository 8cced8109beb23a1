"""What people read on a terminal: diagnostics with their source line, colour,
and text wrapped to the window.

In: ``Diagnostic``s, text to wrap, the stream it goes to and the
environment.  Out: the lines to print — a diagnostic as a compiler prints
it, its source line quoted with a caret under the problem::

    issue.yaml:5:9: error: masthead.date must be a date written YYYY-MM-DD, got '2021/3/10'
      5 |   date: 2021/3/10
        |         ^^^^^^^^^
      hint: write 2021-03-10

— coloured on a terminal (error red, warning yellow, hint dim), plain when
piped or under ``NO_COLOR``; and help text wrapped at spaces or between
Chinese characters (never before a closing mark such as ，), counting a
Chinese character two columns wide, as terminals draw it.
"""

from __future__ import annotations

import os
import shutil
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TextIO

from ..errors import Diagnostic
from ..i18n import N_, _
from ..layout.linebreak import NO_END, NO_START
from ..records import dataclass

RED, YELLOW, DIM, BOLD, CYAN = "1;31", "1;33", "2", "1", "36"
QUOTED_SUFFIXES = (".yaml", ".yml", ".json", ".md", ".txt")  # text files a line is quoted from
MAX_QUOTED = 160  # columns of a source line quoted at most; longer lines are cut around the caret
SCANNING = N_("scanning fonts {done}/{total}")  # a cold font index scan
CHECKING = N_("checking fonts for Chinese {done}/{total}")  # jianbao fonts reads their cmaps


def colour_for(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what goes to ``stream``: a terminal, no ``NO_COLOR``
    (https://no-color.org), not ``TERM=dumb``; ``FORCE_COLOR`` forces it."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def paint(text: str, style: str, colour: bool) -> str:
    return f"\x1b[{style}m{text}\x1b[0m" if colour and text else text


def columns() -> int:
    """The width to wrap help at: the terminal's (``COLUMNS`` first), 40 to 100."""
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


# ---------------------------------------------------------------------------
# Display width and wrapping


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    return sum(char_width(c) for c in text)


def _wide(ch: str) -> bool:
    return char_width(ch) == 2


def wrap(text: str, limit: int) -> list[str]:
    """``text`` on lines of at most ``limit`` columns: broken at a space, or
    between two characters where one is Chinese, never before a closing mark
    nor after an opening one; a word longer than a line stays whole."""
    if not text:
        return [""]
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line and width((line + piece).rstrip()) > limit:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break: after a space, or between two
    characters where one is wide (Chinese), by the body text's rules of
    what may not start or end a line (``layout.linebreak``)."""
    pieces: list[str] = []
    current = ""
    for i, ch in enumerate(text):
        current += ch
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if not nxt:
            break
        if ch == " " or nxt == " ":
            breakable = ch == " " and nxt != " "
        else:  # between two characters, one Chinese: as the body text breaks
            breakable = (_wide(ch) or _wide(nxt)) and nxt not in NO_START and ch not in NO_END
        if breakable:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


# ---------------------------------------------------------------------------
# Diagnostics


@dataclass
class Sources:
    """The lines of the files diagnostics point into, each read once."""

    cache: dict[str, list[str] | None] = field(default_factory=dict)

    def line(self, file: str, number: int) -> str | None:
        if file not in self.cache:
            self.cache[file] = _read_lines(file)
        lines = self.cache[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]


def _read_lines(file: str) -> list[str] | None:
    path = Path(file)
    if file in ("-", "<stdin>") or path.suffix.lower() not in QUOTED_SUFFIXES:
        return None
    try:
        if path.stat().st_size > 16 * 1024 * 1024:
            return None
        return path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except (OSError, ValueError):
        return None


def show(
    d: Diagnostic,
    *,
    colour: bool = False,
    sources: Sources | None = None,
    where: str | None = None,
) -> str:
    """``d`` as the terminal shows it: the headline, the source line with a
    caret under the problem (when the file can be read), the hint.
    ``where`` names what a diagnostic without a location is about (the
    command, for a usage error)."""
    style = RED if d.severity == "error" else YELLOW
    head = d.headline(lambda label: paint(label, style, colour))
    place = str(d.location) if d.location else where
    lines = [f"{paint(place, BOLD, colour)}: {head}" if place else head]
    loc = d.location
    if sources is not None and loc is not None and not loc.paragraph and loc.col > 0:
        text = sources.line(loc.file, loc.line)
        if text is not None:
            lines += _excerpt(text, loc.line, loc.col, colour, style)
    if d.hint:
        lines.append("  " + paint(d.hint_line(), DIM, colour))
    return "\n".join(lines)


def _excerpt(text: str, number: int, col: int, colour: bool, style: str) -> list[str]:
    """The source line and the caret line under column ``col`` (from 1)."""
    text = text.replace("\t", " ").rstrip()
    start = min(col - 1, len(text))
    span = token_length(text, start)
    before, token = text[:start], text[start : start + span]
    shown = text
    if width(text) > MAX_QUOTED:  # a very long line: the part around the caret
        left = max(0, start - 40)
        before = ("…" if left else "") + text[left:start]
        shown = before + text[start : start + max(span, 80)] + "…"
    gutter = " " * len(str(number))
    caret = paint("^" * max(1, width(token)), style, colour)
    bar = paint("|", CYAN, colour)
    return [
        f"  {paint(str(number), CYAN, colour)} {bar} {shown}",
        f"  {gutter} {bar} {' ' * width(before)}{caret}",
    ]


def token_length(line: str, start: int) -> int:
    """How many characters from ``start`` the value or key there takes: a
    quoted string to its closing quote, a key to its colon, a plain value
    to a comment, a flow separator or the end of the line."""
    rest = line[start:]
    if not rest:
        return 1
    quote = rest[0]
    if quote in "'\"":
        i = 1
        while i < len(rest):
            if rest[i] == "\\" and quote == '"':
                i += 2
                continue
            if rest[i] == quote:
                if quote == "'" and rest[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return len(rest)
    if rest[0] in "[{":
        return 1
    if rest.startswith("- "):
        return 1
    end = len(rest)
    flow = "[" in line[:start] or "{" in line[:start]  # inside [a, b] or {k: v}
    for stop in (": ", " #", *((", ", ",", "]", "}") if flow else ())):
        at = rest.find(stop)
        if at > 0:
            end = min(end, at)
    if rest.endswith(":") and end == len(rest):
        end -= 1
    return max(1, len(rest[:end].rstrip()))


# ---------------------------------------------------------------------------
# Progress of a cold font scan


@dataclass
class ScanProgress:
    """``正在扫描字体 1234/5678`` on one terminal line while a cold font index
    is built (the first run on an office PC opens thousands of fonts, ~30 s),
    redrawn at most ten times a second and cleared when done; nothing for a
    scan of fewer than ``minimum`` files, which ends before it could be read."""

    write: Callable[[str], None]
    minimum: int = 20
    label: str = SCANNING  # a message with {done} and {total}, marked N_
    last: float = 0.0

    def __call__(self, done: int, total: int) -> None:
        if total < self.minimum:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        line = _(self.label).format(done=done, total=total)
        self.write("\r\x1b[K" + line)
        if done == total:
            self.write("\r\x1b[K")


def terminal_progress(label: str = SCANNING) -> ScanProgress | None:
    """A ``ScanProgress`` drawn on stderr when it is a terminal, else None."""
    import typer

    if not typer.get_text_stream("stderr").isatty():
        return None
    return ScanProgress(lambda text: typer.echo(text, err=True, nl=False), label=label)
