"""Font roles (字体角色): the one table of which face prints what.

In: nothing.  Out: ``Role``, the typed name of a role, and ``ROLES``, one
``RoleInfo`` per role in print order — its Chinese name, the face it stands
for, the names people call it by (for did-you-mean hints), the bundled font
that plays it, and what it prints.

Which text takes which role is decided in ``layout.content``; ``prints``
here says it in words for messages and listings (docs/typesetting.md §3).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, TypeGuard, get_args

from .i18n import N_, _
from .records import dataclass

Role = Literal["title", "body", "heading", "kai", "folio"]


@dataclass(frozen=True)
class RoleInfo:
    """One font role.

    ``term`` is what an office calls the role (小标宋, 页码 …), ``face``
    the kind of face it takes (宋体 for page numbers), ``label`` how
    messages name it, ``aliases`` other names a user may write for it,
    ``bundled`` the file in ``fonts/`` that plays it by default, ``prints``
    what it prints (``label`` and ``prints`` in English, marked for the
    catalog: ``_()`` them where shown), and ``pattern`` what a font's names look like when the
    font suits the role (None: no font is guessed for it).
    """

    key: Role
    term: str
    face: str
    label: str
    aliases: tuple[str, ...]
    bundled: str
    prints: str
    pattern: re.Pattern[str] | None


# fmt: off
ROLES: Mapping[Role, RoleInfo] = MappingProxyType({
    "title": RoleInfo(
        "title", "小标宋", "小标宋", N_("title (小标宋)"), ("masthead", "标题", "宋体", "song"),
        "FandolSong-Bold.ttf", N_("masthead name, titles and kickers"),
        re.compile(r"宋|明朝|songti|song(?![a-z])|simsun|serif|ming(?![a-z])|mincho|xbs")),
    "body": RoleInfo(
        "body", "仿宋", "仿宋", N_("body (仿宋)"), ("正文", "fangsong", "fang"),
        "FandolFang-Regular.ttf", N_("body text, number, issuer, date, colophon"),
        re.compile(r"仿宋|fangsong|fang(?![a-z])")),
    "heading": RoleInfo(
        "heading", "黑体", "黑体", N_("heading (黑体)"), ("黑", "hei", "bold", "emphasis"),
        "FandolHei-Regular.ttf", N_("一、 headings and **emphasis**"),
        re.compile(r"黑|heiti|hei(?![a-z])|sans|gothic|ゴシック")),
    "kai": RoleInfo(
        "kai", "楷体", "楷体", N_("kai (楷体)"), ("楷", "kaiti", "subtitle"),
        "FandolKai-Regular.ttf", N_("（一） headings, contents, subtitles"),
        re.compile(r"楷|kaiti|kai(?![a-z])")),
    "folio": RoleInfo(
        "folio", "页码", "宋体", N_("page-number (宋体)"), ("page", "pagenumber", "页码"),
        "FandolSong-Regular.ttf", N_("page numbers"), None),
})
# fmt: on

ROLE_KEYS: tuple[Role, ...] = get_args(Role)
# The order in which a font's names are matched against the roles' patterns:
# 仿宋 and 楷 contain or resemble 宋, so body and kai come before title.
_GUESS_ORDER: tuple[Role, ...] = ("body", "kai", "heading", "title")


def is_role(name: str) -> TypeGuard[Role]:
    """Whether ``name`` is a role's key, exactly as written."""
    return name in ROLES


def guess_role(names: str) -> Role | None:
    """The role a font's names (joined, any case) suggest: 仿宋 → body, 楷 →
    kai, 黑/Sans → heading, 宋/Serif/Ming → title; None when nothing fits."""
    key = names.casefold()
    for role in _GUESS_ORDER:
        pattern = ROLES[role].pattern
        if pattern is not None and pattern.search(key):
            return role
    return None


def role_hint(name: str) -> str:
    """Did-you-mean for an unknown role written ``name`` (English, Chinese or
    a near miss)."""
    key = "".join(name.casefold().split()).replace("_", "").replace("-", "")
    for info in ROLES.values():
        if key == info.term or key in info.aliases or (len(key) > 1 and key in info.term):
            return _("did you mean '{role}' ({term})?").format(role=info.key, term=info.term)
    close = difflib.get_close_matches(name, list(ROLES), n=1, cutoff=0.6)
    if close:
        return _("did you mean '{role}'?").format(role=close[0])
    roles = ", ".join(f"{info.key} ({info.term})" for info in ROLES.values())
    return _("the roles are {roles}").format(roles=roles)
