"""Coverage: is every character the layout will print in its role's fonts?

In: an ``Issue``, a ``Theme`` and a ``FontSet``.  Out: every occurrence
of a character that no font of its role's chain has (``missing``), or one
``Diagnostic`` per occurrence (``check_coverage``).  Run before layout:
ReportLab would silently draw glyph 0 (a blank or a box) for such a
character; layout leaves its cell empty instead.
"""

from __future__ import annotations

import shlex
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .errors import Diagnostic, Location
from .fonts import FontSet
from .layout import texts_by_role
from .model import Issue
from .theme import Theme

ROLE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "title": "title (小标宋)",
        "body": "body (仿宋)",
        "heading": "heading (黑体)",
        "kai": "kai (楷体)",
        "folio": "page-number (宋体)",
    }
)

# Given a character, names an available font that has it (or None).
Suggest = Callable[[str, str], str | None]  # (character, role) → a font's name


def char_label(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"'{char}' ({code} {name})" if name else f"'{char}' ({code})"


@dataclass(frozen=True)
class Missing:
    """One occurrence of a character that no font of its role's chain has."""

    role: str
    char: str
    location: Location | None


def missing(issue: Issue, theme: Theme, fonts: FontSet) -> list[Missing]:
    """Every occurrence of a character missing from its role's fonts, in print order."""
    out: list[Missing] = []
    for role, text in texts_by_role(issue, theme):
        for index, char in enumerate(text.value):
            if char.isspace() or fonts.face_for(role, char) is not None:
                continue
            out.append(Missing(role, char, text.locate(index)))
    return out


def check_coverage(
    issue: Issue,
    theme: Theme,
    fonts: FontSet,
    suggest: Suggest | None = None,
    severity: str = "error",
) -> list[Diagnostic]:
    """One diagnostic per occurrence of a character missing from its role's fonts.

    ``suggest`` is asked once per missing character (it may be slow) for
    an installed font that has it, which the hint then names.
    """
    out: list[Diagnostic] = []
    hints: dict[tuple[str, str], str] = {}
    found: dict[tuple[str, str], str | None] = {}
    for m in missing(issue, theme, fonts):
        families = [f.family for f in fonts.chains[m.role]]
        key = (m.role, m.char)
        if key not in hints:
            if key not in found:
                found[key] = suggest(m.char, m.role) if suggest else None
            hints[key] = _hint(m.role, families, found[key])
        out.append(
            Diagnostic(
                m.location,
                f"character {char_label(m.char)} is not in the {ROLE_NAMES[m.role]} font "
                f"({', '.join(families)})",
                hints[key],
                "error" if severity == "error" else "warning",
            )
        )
    return out


def _hint(role: str, families: list[str], found: str | None) -> str:
    if found is None:
        return (
            "no installed font has it; add a font that has it with --font-dir, "
            "or write the character differently"
        )
    option = shlex.quote(f"{role}={','.join([*families, found])}")
    return f"the installed font '{found}' has it; add it as a fallback: --font {option}"
