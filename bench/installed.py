"""Measure jianbao as it is installed: with its modules compiled.

pip compiles a wheel's modules to bytecode when it installs them.  A
checkout run under ``PYTHONDONTWRITEBYTECODE=1`` (set on this project's
machine) cannot keep the ``.pyc`` files it makes, and so compiles every
jianbao module again in every process: ~80 ms of a cold render, which no
installed copy pays.  Every benchmark calls ``compile_sources()`` before it
measures (``compileall`` writes the files whatever the variable says).
"""

from __future__ import annotations

import compileall
import importlib.util


def compile_sources() -> None:
    """Compile the jianbao that ``python -m jianbao`` runs, where it is."""
    spec = importlib.util.find_spec("jianbao")
    assert spec is not None and spec.submodule_search_locations, "jianbao is not installed"
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)
