"""Errors and diagnostics: what went wrong, where, and what would be right.

A ``Diagnostic`` is one problem found in a user's file, printed like a
compiler message (``issue.yaml:12:5: error: …`` plus an optional ``hint:``
line).  Every exception jianbao raises on purpose is a ``JianbaoError``;
``IssueError`` carries all the diagnostics found in one input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from .i18n import _
from .records import dataclass
from .roles import Role

Severity = Literal["error", "warning"]
FixKind = Literal["fallback", "font_dir", "font_name"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` and ``col`` count from 1.

    A Word draft has no lines: there ``line`` is the number of a paragraph
    (from 1, as Word's navigation counts them), ``col`` is 0 and
    ``paragraph`` is set, and it reads ``稿件.docx: paragraph 12``.
    """

    file: str
    line: int
    col: int
    paragraph: bool = False

    def __str__(self) -> str:
        if self.paragraph:
            return _("{file}: paragraph {number}").format(file=self.file, number=self.line)
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Fix:
    """A setting that would fix a problem, for a caller to word its own way.

    ``fallback``: add the font ``names[-1]`` to the chain of ``role`` (the
    chain becomes ``names``); ``font_dir``: search a folder holding a font
    that has the character; ``font_name``: a font name not found, ``names``
    the close ones (did you mean), else search the folder that holds it.
    The library's ``hint`` says it as the issue file and the API write it
    (``fonts: {body: [...]}``); the command line says it as options
    (``--font body=…``).
    """

    kind: FixKind
    role: Role | None = None
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the user's input."""

    location: Location | None
    message: str
    hint: str | None = None
    severity: Severity = "error"
    fix: Fix | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = where + self.headline()
        if self.hint:
            text += "\n  " + self.hint_line()
        return text

    def headline(self, mark: Callable[[str], str] = str) -> str:
        """``error: …`` (``错误：…``), without the location; ``mark`` dresses
        the severity word (a terminal colours it)."""
        label = _("error") if self.severity == "error" else _("warning")
        return _("{severity}: {message}").format(severity=mark(label), message=self.message)

    def hint_line(self) -> str:
        """``hint: …`` (``提示：…``)."""
        return _("hint: {hint}").format(hint=self.hint)

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "severity": self.severity,
            "file": loc.file if loc else None,
            "line": loc.line if loc and not loc.paragraph else None,
            "col": loc.col if loc and not loc.paragraph else None,
            "paragraph": loc.line if loc and loc.paragraph else None,
            "message": self.message,
            "hint": self.hint,
        }


class JianbaoError(Exception):
    """Base of every error jianbao raises on purpose."""


class IssueError(JianbaoError):
    """The input could not be rendered; ``diagnostics`` says why."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")
