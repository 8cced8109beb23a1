"""jianbao (简报): typeset a Chinese work bulletin from one YAML file into a print-ready PDF."""

from __future__ import annotations

__version__ = "0.1.0"
