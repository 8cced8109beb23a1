"""Coverage: is every character the document prints in its role's fonts?

In: the texts the document prints, each with its role (layout's copy:
``layout.content.Copy.printed``), and a ``FontSet``.  Out: every
occurrence of a character that no font of its role's chain has
(``missing``), or one ``Diagnostic`` per occurrence (``check_coverage``).
Run before layout: ReportLab would silently draw glyph 0 (a blank or a box)
for such a character; layout leaves its cell empty instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from ..errors import Diagnostic, Fix, Location, Severity
from ..i18n import _
from ..model import Text
from ..records import dataclass
from ..roles import ROLES, Role
from .face import FontFace, FontSet

Printed = Iterable[tuple[Role, Text]]
# Given a character, names an available font that has it (or None).
Suggest = Callable[[str, Role], str | None]  # (character, role) → a font's name


def char_label(char: str) -> str:
    """``'𠮷' (U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7)``, for messages."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"'{char}' ({code} {name})" if name else f"'{char}' ({code})"


def not_in_font(char: str, role: Role, families: Iterable[str]) -> str:
    """The message for a character missing from the fonts of ``role``."""
    return _("character {char} is not in the {label} font ({families})").format(
        char=char_label(char), label=_(ROLES[role].label), families=", ".join(families)
    )


@dataclass(frozen=True)
class Missing:
    """One occurrence of a character that no font of its role's chain has."""

    role: Role
    char: str
    location: Location | None


def missing(printed: Printed, fonts: FontSet) -> list[Missing]:
    """Every occurrence of a character missing from its role's fonts, in print order."""
    out: list[Missing] = []
    for role, text in printed:
        for index, char in enumerate(text.value):
            if char.isspace() or fonts.face_for(role, char) is not None:
                continue
            out.append(Missing(role, char, text.locate(index)))
    return out


def check_coverage(
    printed: Printed,
    fonts: FontSet,
    suggest: Suggest | None = None,
    severity: Severity = "error",
) -> list[Diagnostic]:
    """One diagnostic per occurrence of a character missing from its role's fonts.

    ``suggest`` is asked once per missing character (it may be slow) for
    an installed font that has it, which the hint then names.
    """
    out: list[Diagnostic] = []
    fixes: dict[tuple[Role, str], tuple[str, Fix]] = {}
    for m in missing(printed, fonts):
        families = [f.family for f in fonts.chains[m.role]]
        key = (m.role, m.char)
        if key not in fixes:
            found = suggest(m.char, m.role) if suggest else None
            fixes[key] = _hint(m.role, families, found)
        hint, fix = fixes[key]
        message = not_in_font(m.char, m.role, families)
        out.append(Diagnostic(m.location, message, hint, severity, fix))
    return out


def _hint(role: Role, families: list[str], found: str | None) -> tuple[str, Fix]:
    if found is None:
        hint = _(
            "no installed font has it; add a folder holding a font that has it to the "
            "font folders searched (font_dirs), or write the character differently"
        )
        return hint, Fix("font_dir")
    names = (*families, found)
    listed = ", ".join(names)
    hint = _(
        "the installed font '{found}' has it; add it as a fallback: fonts: {{{role}: [{listed}]}}"
    ).format(found=found, role=role, listed=listed)
    return hint, Fix("fallback", role, names)


def check_glyphs(printed: Printed, fonts: FontSet) -> None:
    """``JianbaoError`` naming the font when the glyphs ``printed`` is set
    in cannot be read (``FontFace.check_glyphs``): checked before drawing,
    for the characters each face really sets."""
    by_face: dict[FontFace, set[str]] = {}
    for role, text in printed:
        for char in text.value:
            face = fonts.face_for(role, char)
            if face is not None:
                by_face.setdefault(face, set()).add(char)
    for face, chars in by_face.items():
        face.check_glyphs(chars)  # a face's font program holds these glyphs only (embed)
