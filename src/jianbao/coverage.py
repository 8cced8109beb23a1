"""Coverage: is every character the layout will print in its role's fonts?

In: an ``Issue``, a ``Theme`` and a ``FontSet``.  Out: a list of
``Diagnostic``s, one per occurrence of a character that no font of its
role's chain has.  Run before layout: ReportLab would silently draw glyph
0 (a blank or a box) for such a character.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from .errors import Diagnostic
from .fonts import FontSet
from .layout import texts_by_role
from .model import Issue
from .theme import Theme

ROLE_NAMES = {
    "title": "title (小标宋)",
    "body": "body (仿宋)",
    "heading": "heading (黑体)",
    "kai": "kai (楷体)",
    "folio": "page-number (宋体)",
}

# Given a character, names an available font that has it (or None).
Suggest = Callable[[str], str | None]


def char_label(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"'{char}' ({code} {name})" if name else f"'{char}' ({code})"


def check_coverage(
    issue: Issue,
    theme: Theme,
    fonts: FontSet,
    suggest: Suggest | None = None,
    severity: str = "error",
) -> list[Diagnostic]:
    """One diagnostic per occurrence of a character missing from its role's fonts."""
    out: list[Diagnostic] = []
    hints: dict[str, str | None] = {}
    for role, text in texts_by_role(issue, theme):
        for index, char in enumerate(text.value):
            if char.isspace() or fonts.face_for(role, char) is not None:
                continue
            if char not in hints:
                found = suggest(char) if suggest else None
                hints[char] = (
                    f"the font '{found}' has it: --font {role}='{found}'"
                    if found
                    else (
                        "no installed font has it; add one with --font-dir or write the character "
                        "differently"
                    )
                )
            families = ", ".join(f.family for f in fonts.chains[role])
            out.append(
                Diagnostic(
                    text.locate(index),
                    f"character {char_label(char)} is not in the {ROLE_NAMES[role]} font "
                    f"({families})",
                    hints[char],
                    "error" if severity == "error" else "warning",
                )
            )
    return out
