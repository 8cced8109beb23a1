"""jianbao (简报): typeset a Chinese work bulletin from one YAML file into a print-ready PDF.

The API (see ``api``)::

    import jianbao
    pdf = jianbao.render("2026/2026-07.yaml")            # -> bytes
    jianbao.render({"masthead": {...}, ...}, "out.pdf")   # -> Path("out.pdf")
    warnings = jianbao.check("2026/2026-07.yaml")         # raises jianbao.IssueError

The stages, each a package whose docstring says what comes in and what goes
out: ``issue`` (read and validate) → ``fonts`` (choose, prepare, check
coverage) → ``layout`` (pages of positioned items) → ``pdf`` (draw);
``pipeline`` runs them in order, ``api`` is the public facade over it and
``cli`` the command line.  Below them all: ``errors``, ``model`` (what the
user wrote), ``roles`` (the font roles), ``theme`` (every number of the
page) and ``fsutil`` (safe writing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import Diagnostic, IssueError, JianbaoError, Location
from .version import __version__

if TYPE_CHECKING:
    from .api import Renderer, check, load, render

_API = ("Renderer", "check", "load", "render")


def __getattr__(name: str) -> Any:
    """The API's functions, imported on first use: ``import jianbao.cli``
    for ``jianbao --version`` or ``--help`` need not load ReportLab,
    fontTools and Pillow (~0.35 s) first."""
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'jianbao' has no attribute {name!r}")


__all__ = [
    "Diagnostic",
    "IssueError",
    "JianbaoError",
    "Location",
    "Renderer",
    "__version__",
    "check",
    "load",
    "render",
]
