"""Stage 5, the command line: ``jianbao render|check|new|import|schema|fonts|watch|completion``.

In: argv, stdin for ``-``, the environment (config file, font folders).
Out: files written, the PDF or a JSON report on stdout when asked for,
everything for people on stderr, and an exit code — 0 success, 1 an issue
failed (bad input or failed render), 2 usage error.  The only place that
prints, exits or reads the clock, and the only one that words fixes as
options (``--font body=…``).

Modules: ``app`` (the commands), ``options`` (the options they share),
``help`` (``--help``, usage errors and ``--lang``), ``console``
(diagnostics with their source line, colour, wrapping), ``fonts`` (the
``fonts`` command), ``jobs`` (a job and its result), ``plan`` (inputs →
jobs), ``batch`` (running jobs) and ``pool`` (in worker processes),
``stamps`` (which PDFs are up to date), ``report`` (what people and
scripts see), ``proof`` (PNG pages, the system viewer) and ``watch``
(render on save).  Everything people read is in their language (``i18n``).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point (``app.main``); ``jianbao --version``
    answers before typer and the commands are imported (~0.1 s)."""
    if sys.argv[1:] == ["--version"]:
        from ..version import __version__

        sys.stdout.write(f"jianbao {__version__}\n")
        return
    from .app import main as run

    run()


__all__ = ["main"]
