"""The pipeline in one place: issue file → PDF bytes, and safe writing.

    load (YAML → data + locations) → validate (→ Issue) → fonts + coverage
      → layout (→ pages of items) → draw (→ PDF bytes)

In: a path or the text of an issue file.  Out: ``Rendered`` (bytes, page
count, warnings), or ``IssueError`` with every diagnostic found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import fsutil
from .coverage import check_coverage
from .draw import draw
from .errors import Diagnostic, IssueError, JianbaoError
from .fonts import FontLoader, FontSet
from .fontsel import FontSelector
from .layout import Layout, layout
from .load import load_path, load_text
from .model import Issue
from .theme import DEFAULT_THEME, Theme
from .validate import validate


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    layout: Layout
    warnings: tuple[Diagnostic, ...] = ()


def load_issue(source: Path | str, *, text: str | None = None) -> Issue:
    """Read and validate an issue file (or ``text`` named ``source``)."""
    doc = load_text(text, str(source)) if text is not None else load_path(Path(source))
    return validate(doc)


def typeset(
    issue: Issue,
    *,
    theme: Theme = DEFAULT_THEME,
    fonts: FontSet | None = None,
    loader: FontLoader | None = None,
    selector: FontSelector | None = None,
) -> Rendered:
    """Choose the fonts, check coverage, lay out and draw a validated issue.

    ``selector`` chooses the fonts from the issue's ``fonts:``, its options
    (``--font``, config file, ``--allow-missing``) and the bundled defaults;
    one selector may serve many issues.  Given ``fonts``, they are used as
    they are and every missing character is an error.
    """
    theme = theme.with_style(issue.style)
    if fonts is None:
        selection = (selector or FontSelector()).select(issue, theme, loader)
        fonts, problems = selection.fonts, list(selection.problems)
    else:
        problems = check_coverage(issue, theme, fonts)
    if any(p.severity == "error" for p in problems):
        raise IssueError(problems)
    pages = layout(issue, theme, fonts)
    return Rendered(draw(pages, theme), len(pages.pages), pages, tuple(problems))


def write_atomic(path: Path, data: bytes) -> None:
    """Write a PDF to ``path`` via a temporary file in the same folder.

    A failure names ``path`` (not the temporary file) and leaves nothing behind.
    """
    path = Path(path)
    if path.is_dir():
        raise JianbaoError(f"cannot write {path}: it is a folder; give a file name ending in .pdf")
    folder = path.parent
    if not folder.is_dir():
        raise JianbaoError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        fsutil.write_atomic(path, data)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise JianbaoError(f"cannot write {path}: {reason}") from exc
