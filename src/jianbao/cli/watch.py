"""``jianbao watch``: render an issue again each time one of its files changes.

In: the issue file, the PDF to write, the run's ``Options``, and the
changes ``watchfiles`` reports.  Out: the PDF rewritten after each change
to the issue, its series file, its images or drafts, the config file or a
font it is set in; each render's diagnostics (or its page count and time)
on stderr.  A render that fails prints why and leaves the last good PDF as
it was (writes are atomic).  One ``Session`` lives across renders, so the
font files are parsed once: a re-render costs the layout and the PDF only.
A change to a font file or the config file starts a new session (the new
font is read); Ctrl-C stops cleanly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import field
from pathlib import Path

from ..errors import Diagnostic, IssueError, JianbaoError
from ..fonts.index import Progress
from ..i18n import _
from ..pipeline import Options, Session
from ..records import dataclass
from .console import Sources, show
from .jobs import os_problem
from .options import for_cli

Echo = Callable[[str], None]


@dataclass
class Watcher:
    """Renders ``issue`` into ``output`` on demand and knows which files the
    next render depends on."""

    issue: Path
    output: Path
    options: Options
    echo: Echo
    colour: bool = False
    after: Callable[[Path], None] | None = None  # called after each good render (PNGs …)
    progress: Progress | None = None  # of a cold font scan
    session: Session = field(init=False)
    watched: set[Path] = field(init=False)  # the files of the last render, resolved
    renews: set[Path] = field(init=False)  # changes to these need a new session
    good: int = 0  # renders that wrote the PDF

    def __post_init__(self) -> None:
        self.session = Session(self.options, progress=self.progress)
        self.watched = {_resolved(self.issue)}
        self.renews = set()
        if self.options.fonts.config is not None:
            self.renews.add(_resolved(self.options.fonts.config))
        if self.options.series is not None:
            self.watched.add(_resolved(self.options.series))

    def render(self) -> bool:
        """Render once; print what came of it.  Whether the PDF was written."""
        start = time.perf_counter()
        session = self.session
        try:
            loaded = session.read(self.issue)
            inputs = session.inputs(loaded)
            self.watched |= {_resolved(p) for p in inputs}
            self.renews |= {_resolved(p) for p in session.font_files(loaded)}
            rendered = session.write(loaded, self.output)
        except IssueError as exc:
            self._problems(exc.diagnostics)
            return False
        except JianbaoError as exc:
            self._problems((Diagnostic(None, str(exc)),))
            return False
        except OSError as exc:
            name, reason = os_problem(exc, str(self.issue))
            self._problems((Diagnostic(None, f"{name}: {reason}"),))
            return False
        self._show(rendered.warnings)
        seconds = time.perf_counter() - start
        self.echo(
            _("{output}: {pages} page(s) in {seconds:.2f} s").format(
                output=self.output, pages=rendered.pages, seconds=seconds
            )
        )
        self.good += 1
        if self.after is not None:
            self.after(self.output)
        return True

    def changed(self, paths: Iterable[Path]) -> bool:
        """Whether ``paths`` (changed) touch the issue's files; a font or the
        config file among them opens a new session."""
        hit = {_resolved(p) for p in paths} & (self.watched | self.renews)
        if hit & self.renews:
            self.session = Session(self.options, progress=self.progress)
        return bool(hit)

    def folders(self) -> set[Path]:
        """The folders to watch: those of the watched files (editors save by
        writing a new file and renaming it over the old one)."""
        return {p.parent for p in self.watched | self.renews if p.parent.is_dir()}

    def _problems(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._show(diagnostics)
        if self.output.exists():
            self.echo(_("{output}: not written; the last good PDF is kept").format(
                output=self.output))  # fmt: skip
        else:
            self.echo(_("{output}: not written").format(output=self.output))

    def _show(self, diagnostics: Iterable[Diagnostic]) -> None:
        sources = Sources()
        for d in diagnostics:
            self.echo(show(for_cli(d), colour=self.colour, sources=sources))


def watch(watcher: Watcher, changes: Callable[[set[Path]], Iterable[set[Path]]]) -> None:
    """Render, then render again after every batch of ``changes`` that
    touches the issue's files, until ``changes`` ends (or Ctrl-C).
    ``changes(folders)`` yields sets of changed paths in those folders; it
    is asked again when the folders to watch change (a new image …)."""
    watcher.render()
    while True:
        folders = watcher.folders()
        for batch in changes(folders):
            if watcher.changed(batch):
                watcher.render()
            if watcher.folders() != folders:
                break
        else:
            return


def file_changes(folders: set[Path]) -> Iterable[set[Path]]:
    """Changes in ``folders`` (not below them), as ``watchfiles`` reports
    them, debounced: an editor's save is one batch."""
    import watchfiles  # only for watch: it starts a thread of its own

    for batch in watchfiles.watch(*sorted(folders), recursive=False, debounce=200):
        yield {Path(path) for _change, path in batch}


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
