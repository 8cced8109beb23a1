"""Where the files an issue names may lie: its own folder tree.

In: the issue file's path (``None`` for text from stdin or a program's
data), the series file a caller gave and whether anywhere is allowed.  Out:
a ``Reach`` that answers whether a path lies within it, and
``outside_problems`` for a validated issue: every picture or draft it names
beyond its reach, located where it is named.

An issue is a document people pass around; what its ``series:`` names is
merged into it and printed.  Left free, ``series: ../secret/creds.yaml``
prints a token as the issuer.  So the files an issue (or its series file,
or a draft) names must lie in

- the issue's folder or below it (for text from stdin or a program's data:
  the working folder);
- the bulletin's folder: that of the ``jianbao.yaml`` found above the issue
  (issues of a series name ``../jianbao.yaml`` and a shared ``images/``);
- the folder of the series file given by the caller (``--series``);
- jianbao's cache (the pictures taken out of Word drafts are kept there).

Paths are compared resolved, symlinks followed: a link inside the tree to a
file outside it is outside.  ``--allow-outside`` (``allow_outside=True``)
lifts the rule for a user who trusts the file.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import Diagnostic, IssueError, Location
from ..fsutil import cache_dir
from ..i18n import N_, _
from ..model import Issue, Picture, Text
from ..records import dataclass
from .load import Document
from .series import find_series

OUTSIDE_HINT = N_(
    "an issue may name files in its own folder and in its bulletin's folder (where "
    "jianbao.yaml is); to allow others, pass --allow-outside"
)


@dataclass(frozen=True)
class Reach:
    """The folders (resolved) an issue's files may lie in, or anywhere."""

    roots: tuple[Path, ...]
    anywhere: bool = False

    def allows(self, path: Path) -> bool:
        if self.anywhere:
            return True
        real = _real(path)
        return any(real.is_relative_to(root) for root in self.roots)

    def shown(self) -> str:
        """The first root, as messages name the issue's own folder."""
        return str(self.roots[0]) if self.roots else "."


def reach_for(issue: Path | None, given_series: Path | None, anywhere: bool = False) -> Reach:
    """The reach of the issue at ``issue`` (see the module docstring)."""
    folder = issue.parent if issue is not None else Path.cwd()
    roots = [folder]
    try:
        bulletin = find_series(folder)
    except IssueError:  # a folder named jianbao.yaml: with_series says so
        bulletin = None
    if bulletin is not None:
        roots.append(bulletin.parent)
    if given_series is not None:
        roots.append(given_series.parent)
    roots.append(cache_dir())
    return Reach(tuple(dict.fromkeys(_real(r) for r in roots)), anywhere)


def outside_problems(issue: Issue, doc: Document, reach: Reach) -> list[Diagnostic]:
    """A diagnostic for each picture or draft of ``issue`` beyond ``reach``."""
    if reach.anywhere:
        return []
    out = []
    for index, article in enumerate(issue.articles):
        if article.draft is not None and not reach.allows(article.draft):
            where = doc.location(("articles", index, "file"))
            out.append(outside(where, N_("draft"), article.draft, reach))
    for picture in _pictures(issue):
        if not reach.allows(picture.path):
            out.append(outside(picture.origin, N_("image"), picture.path, reach))
    return sorted(out, key=lambda d: d.location or doc.start)


_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2")


def outside_fonts(issue: Issue, reach: Reach, font_dirs: Iterable[Path]) -> list[Diagnostic]:
    """A diagnostic for each font *file* an issue (or its series file)
    names that lies beyond ``reach`` and outside every font folder searched
    (``font_dirs``: the user's, the bundled and the system's).  A font name
    (仿宋_GB2312) is looked up in those folders and is never outside."""
    if reach.anywhere:
        return []
    wide = Reach((*reach.roots, *(_real(d) for d in font_dirs)))
    out = []
    for choice in issue.fonts:
        for name in choice.names:
            where = name.origin
            value = name.value.rsplit("#", 1)[0].strip()
            path_like = "/" in value or "\\" in value or value.startswith("~")
            if where is None or not (path_like or value.lower().endswith(_FONT_SUFFIXES)):
                continue
            path = Path(value).expanduser()
            if not path.is_absolute():
                path = Path(where.file).parent / path
            if path.exists() and not wide.allows(path):
                out.append(outside(where, N_("font file"), path, reach))
    return out


def outside(where: Location | None, what: str, path: Path, reach: Reach) -> Diagnostic:
    """The diagnostic for ``what`` (series file, image …, marked ``N_`` by the
    caller) at ``path`` beyond ``reach``."""
    message = _("{what} '{path}' lies outside the issue's folder ({folder})").format(
        what=_(what), path=_real(path), folder=reach.shown()
    )
    return Diagnostic(where, message, _(OUTSIDE_HINT))


def _pictures(value: object) -> Iterator[Picture]:
    """Every ``Picture`` in a model value (an issue, its articles and
    blocks), depth first; text, locations and diagnostics hold none."""
    if isinstance(value, Picture):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _pictures(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type | Text | Diagnostic):
        for f in dataclasses.fields(value):
            yield from _pictures(getattr(value, f.name))


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return Path(os.path.abspath(path))
