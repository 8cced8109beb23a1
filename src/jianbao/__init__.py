"""jianbao (简报): typeset a Chinese work bulletin from one YAML file into a print-ready PDF.

The API (see ``api``)::

    import jianbao
    pdf = jianbao.render("2026/2026-07.yaml")            # -> bytes
    jianbao.render({"masthead": {...}, ...}, "out.pdf")   # -> Path("out.pdf")
    warnings = jianbao.check("2026/2026-07.yaml")         # raises jianbao.IssueError
"""

from __future__ import annotations

__version__ = "0.1.0"

# After __version__: the modules below import it.
from .api import Renderer, check, load, render
from .errors import Diagnostic, IssueError, JianbaoError, Location

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
