"""Batch: many issues in one run, rendered or checked, in parallel.

In: the ``Job``s of a run (``plan``) and its ``Settings``.  Out: one
``Result`` per job, yielded as each finishes (``run``), each with its issue's
place in its series (``Result.numbered``, for the run's sequence warnings).
Nothing here prints; the CLI reports.  Besides the PDFs, a run writes a
stamps index beside them (``stamps``) so that the next run can tell which
are up to date.

Parallel runs use worker processes started with ``spawn``: each imports
jianbao and opens its fonts once (one ``FontLoader`` per worker), then
takes issues from a queue until there are none.  ``spawn`` rather than
``fork`` because it is what Windows and macOS use anyway (so there is one
behaviour to test), because a forked child of a threaded host — an office
tool calling the API — can deadlock, and because fonts are per worker
either way: the start-up it costs (importing jianbao in each worker, in
parallel: 35 issues with -j 2 took 2.2 s against 1.7 s with ``fork``) is
paid once per run, not per issue.  A worker that dies fails only the issue it was on; a
new one takes its place.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
import traceback
from collections.abc import Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, IssueError, JianbaoError
from ..fonts.index import Progress
from ..fsutil import write_atomic
from ..i18n import _
from ..issue.series import (
    numbered,
)
from ..pipeline import Options, Session, guard_output, guard_replaceable, protect, render
from ..records import dataclass
from .jobs import STDIN, Job, Mode, Result, error, os_problem
from .options import for_cli
from .stamps import (
    STAMPS_FILE,
    entry_current,
    load_stamps,
    quick_current,
    quick_numbered,
    quick_record,
    record_stamps,
    run_key,
    stamp,
    up_to_date,
)


@dataclass(frozen=True)
class Settings:
    """What every job of a run shares."""

    options: Options = dataclasses.field(default_factory=Options)
    mode: Mode = "render"
    force: bool = False
    debug: bool = False  # let unexpected exceptions through (in-process only)
    lang: str = "en"  # the language of messages (``i18n``), told to worker processes


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def run(
    jobs: Sequence[Job],
    settings: Settings,
    workers: int = 1,
    progress: Progress | None = None,
) -> Iterator[Result]:
    """Run ``jobs``, yielding each result as it is ready (in completion order).

    PDFs whose index entries vouch for them are skipped first, unread
    (``Skipper``).  With ``workers`` > 1 and more than one job left, the
    rest in that many processes; else (and always with ``debug``, for real
    tracebacks) here, one after another, with one ``Session`` — told of a
    cold font scan's ``progress``.
    """
    by_index = {job.index: job for job in jobs}
    skipper = Skipper(settings)
    skipped = [r for r in (skipper.skip(job) for job in jobs) if r is not None]
    yield from skipped  # decided here, unloaded: no worker is started for them
    done = {r.index for r in skipped}
    left = [job for job in jobs if job.index not in done]
    workers = 1 if settings.debug else min(workers, len(left))
    made: list[tuple[Path, str, bool, dict[str, Any] | None]] = []  # PDF, stamp, may start, quick
    if not left:
        return
    if workers <= 1:
        results = _here(left, settings, progress, skipper.run)
    else:  # only now: a single render need not import multiprocessing
        from .pool import pool

        results = pool(left, settings, workers, Worker)
    said: set[str] = set()  # warnings about a folder, not an issue: once a run
    try:
        for result in results:
            result = _once(result, said)
            job = by_index[result.index]
            if result.status == "rendered" and result.stamp and job.output is not None:
                made.append((job.output, result.stamp, job.incremental, result.quick))
            yield result
    finally:
        results.close()  # stops the workers if the caller stopped early
        # Here, not in the workers: one process writes each index.
        record_stamps(made)


def _once(result: Result, said: set[str]) -> Result:
    """``result`` without the unlocated warnings already ``said`` in this
    run (each worker tells of a bad stamps index it reads)."""
    kept = []
    for d in result.diagnostics:
        if d.severity == "warning" and d.location is None:
            if d.message in said:
                continue
            said.add(d.message)
        kept.append(d)
    if len(kept) == len(result.diagnostics):
        return result
    return dataclasses.replace(result, diagnostics=tuple(kept))


def _here(
    jobs: Sequence[Job], settings: Settings, progress: Progress | None, run: str | None
) -> Generator[Result, None, None]:
    worker = Worker(settings, progress, run)
    for job in jobs:
        yield worker.do(job)


class Skipper:
    """Decides, before any issue is read or any worker started, which PDFs
    of a run are up to date: those whose index entry vouches for them
    (``stamps.quick_current``).  The rest go to the workers, which check
    them fully."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.indexes: dict[Path, dict[str, Any]] = {}
        self.run: str | None = None  # ``stamps.run_key``, once an entry asks for it

    def skip(self, job: Job) -> Result | None:
        """``skipped`` for ``job`` when its entry vouches for it, else None."""
        start = time.perf_counter()
        out = job.output
        settings = self.settings
        if out is None or job.path is None or not job.incremental or settings.force:
            return None
        if settings.mode != "render":
            return None
        if out.parent not in self.indexes:
            self.indexes[out.parent] = load_stamps(out.parent)[0]  # a bad one: told by a worker
        entry = self.indexes[out.parent].get(out.name)
        if not isinstance(entry, dict) or "quick" not in entry:
            return None  # (before the run key, which walks the font folders)
        if self.run is None:
            self.run = run_key(Session(settings.options))
        if not quick_current(entry, out, self.run, job.path):
            return None
        seq = quick_numbered(entry, str(job.path))
        return Result(job.index, job.input, "skipped", output=str(out),
                      seconds=_since(start), numbered=seq)  # fmt: skip


class Worker:
    """Renders or checks jobs one after another with one ``Session`` (so
    each font file is opened once)."""

    def __init__(
        self, settings: Settings, progress: Progress | None = None, run: str | None = None
    ) -> None:
        self.settings = settings
        self.session = Session(settings.options, progress=progress)
        self.indexes: dict[Path, dict[str, Any]] = {}  # folder → its stamps, read once
        self.notes: list[Diagnostic] = []  # said with the next result (a bad index)
        self._run = run  # ``stamps.run_key`` (the Skipper's, here), else made once

    def do(self, job: Job) -> Result:
        result = self._guarded(job)
        if self.notes:
            notes, self.notes = tuple(self.notes), []
            result = dataclasses.replace(result, diagnostics=notes + result.diagnostics)
        return result

    def _guarded(self, job: Job) -> Result:
        start = time.perf_counter()
        try:
            return self._do(job, start)
        except IssueError as exc:
            if self.settings.debug:
                raise
            return self._failed(job, start, exc.diagnostics)
        except JianbaoError as exc:
            if self.settings.debug:
                raise
            return self._failed(job, start, (error(str(exc)),))
        except OSError as exc:
            if self.settings.debug:
                raise
            name, reason = os_problem(exc, job.input)
            problem = error(_("{path}: {reason}").format(path=name, reason=reason))
            return self._failed(job, start, (problem,))
        except Exception as exc:
            if self.settings.debug:
                raise
            problem = error(
                _("internal error: {error}: {detail} (run with --debug)").format(
                    error=type(exc).__name__, detail=exc
                )
            )
            return self._failed(job, start, (problem,), traceback.format_exc())

    def _do(self, job: Job, start: float) -> Result:
        session = self.session
        source = job.data if job.path is None else job.path
        assert source is not None
        loaded = session.read(source, name="<stdin>")
        masthead = loaded.issue.masthead
        seq = numbered(loaded.doc, loaded.series, masthead)
        done = functools.partial(Result, job.index, job.input, numbered=seq)
        if self.settings.mode == "check":
            return done("checked", seconds=_since(start), diagnostics=_cli(session.check(loaded)))
        out = job.output
        mark = None
        if out is not None:
            inputs = session.inputs(loaded)
            guard_output(out, protect(inputs.items()))
            guard_replaceable(out)
            mark = stamp(session, loaded)
            if (
                job.incremental
                and not self.settings.force
                and up_to_date(out, inputs)
                and self._stamped(out, mark)
            ):
                return done("skipped", output=str(out), seconds=_since(start))
        if out is not None and job.make_dirs:  # before the work, which it may waste
            _make_folder(out.parent)
        rendered = render(loaded, session=session)
        quick = None
        if out is not None:
            write_atomic(out, rendered.pdf)
            if job.incremental or (out.parent / STAMPS_FILE).is_file():  # an index to keep it
                if self._run is None:
                    self._run = run_key(session)
                quick = quick_record(self._run, inputs, seq)
        return done(
            "rendered",
            output=STDIN if out is None else str(out),
            pages=rendered.pages,
            seconds=_since(start),
            diagnostics=_cli(rendered.warnings),
            pdf=rendered.pdf if out is None else None,
            stamp=mark,
            quick=quick,
        )

    def _stamped(self, output: Path, mark: str) -> bool:
        """Whether the index beside ``output`` says it was made with ``mark``."""
        return entry_current(self._index(output.parent).get(output.name), output, mark)

    def _index(self, folder: Path) -> dict[str, Any]:
        """The stamps index of ``folder``, read once a worker (a bad one is
        told once, with the next result)."""
        if folder not in self.indexes:
            self.indexes[folder], problem = load_stamps(folder)
            if problem is not None:
                hint = _(
                    "it is read as empty: the PDFs here are rendered again and it is rewritten"
                )
                self.notes.append(Diagnostic(None, problem, hint, severity="warning"))
        return self.indexes[folder]

    def _failed(
        self, job: Job, start: float, diagnostics: Sequence[Diagnostic], trace: str | None = None
    ) -> Result:
        return Result(
            job.index,
            job.input,
            "failed",
            seconds=_since(start),
            diagnostics=_cli(diagnostics),
            trace=trace or (traceback.format_exc() if self.settings.debug else None),
        )


def _make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) for outputs, or say why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        name, reason = os_problem(exc, str(folder))
        message = _("cannot create the folder {path}: {reason}").format(path=name, reason=reason)
        raise JianbaoError(message) from exc


def _cli(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """The diagnostics with their fixes worded as options (``options.for_cli``)."""
    return tuple(for_cli(d) for d in diagnostics)


def _since(start: float) -> float:
    return time.perf_counter() - start
