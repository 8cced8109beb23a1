"""Stage 5, the command line: ``jianbao render|check|new|schema|fonts``.

In: argv, stdin for ``-``, the environment (config file, font folders).
Out: files written, the PDF or a JSON report on stdout when asked for,
everything for people on stderr, and an exit code — 0 success, 1 an issue
failed (bad input or failed render), 2 usage error.  The only place that
prints, exits or reads the clock, and the only one that words fixes as
options (``--font body=…``).

Modules: ``app`` (the commands), ``options`` (the options they share),
``fonts`` (the ``fonts`` command), ``jobs`` (a job and its result),
``plan`` (inputs → jobs), ``batch`` (running jobs, in worker processes),
``stamps`` (which PDFs are up to date) and ``report`` (what people and
scripts see).
"""

from .app import main

__all__ = ["main"]
