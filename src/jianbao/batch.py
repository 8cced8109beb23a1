"""Batch: many issues in one run — find them, plan outputs, render in parallel.

In: the command line's inputs (files, folders, globs, ``-`` for stdin),
where the PDFs go and ``Options``.  Out: one ``Result`` per input, yielded
as each finishes (``run``), and the sequence warnings of the whole run
(``series.sequence_warnings`` over ``Result.numbered``).  Nothing here
prints; the CLI reports.

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
import glob
import itertools
import os
import queue
import signal
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any, Literal

import yaml

from .api import Options, Renderer
from .errors import Diagnostic, IssueError, JianbaoError
from .pipeline import write_atomic
from .series import ISSUE_SUFFIXES, SERIES_FILE, Numbered, issue_files, numbered

STDIN = "-"

Status = Literal["rendered", "skipped", "failed", "checked"]
Mode = Literal["render", "check"]


class UsageProblem(JianbaoError):
    """The inputs and output options do not fit together (exit code 2)."""


@dataclass(frozen=True)
class Job:
    """One issue to render or check."""

    index: int
    input: str  # as the user would name it: the path given or found, or "-"
    path: Path | None  # None: ``data`` came from stdin
    output: Path | None = None  # None: the PDF goes back in the result
    data: bytes | None = None
    incremental: bool = True  # skip when the output is up to date
    make_dirs: bool = False  # create the output's folder (an --out-dir tree)


@dataclass(frozen=True)
class Result:
    """What became of one input."""

    index: int
    input: str
    status: Status
    output: str | None = None  # a path, "-" for stdout, None if nothing written
    pages: int | None = None
    seconds: float = 0.0
    diagnostics: tuple[Diagnostic, ...] = ()
    numbered: Numbered | None = None
    pdf: bytes | None = None
    trace: str | None = None

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


@dataclass(frozen=True)
class Found:
    """An input file and the folder an output tree mirrors it from."""

    path: Path | None  # None: stdin
    root: Path
    listed: bool = False  # found in a folder or by a glob, not named


@dataclass(frozen=True)
class Unmatched:
    """An argument that names no issue file."""

    arg: str
    message: str


# ---------------------------------------------------------------------------
# Inputs → jobs


def plan(
    inputs: Sequence[str],
    *,
    output: str | None = None,
    out_dir: Path | None = None,
    stdin: bytes | None = None,
    write: bool = True,
) -> tuple[list[Job], list[Result]]:
    """The jobs for ``inputs`` and, numbered in the same order, failed
    results for arguments that name nothing or outputs that would collide.

    ``output`` is the PDF of a single named input (``-``: stdout), else a
    folder like ``out_dir``, which mirrors the input tree.  Without either,
    each PDF goes beside its issue file.  A single named input is always
    rendered; in a batch, an up-to-date PDF is skipped.  ``write=False``
    (check) plans no outputs.  Raises ``UsageProblem`` for combinations
    that make no sense.
    """
    items = expand(inputs)
    found = [f for f in items if isinstance(f, Found)]
    from_stdin = any(f.path is None for f in found)
    named_one = len(items) == 1 and len(found) == 1 and not found[0].listed
    if output is not None and out_dir is not None:
        raise UsageProblem("give either -o/--output or --out-dir, not both")
    if from_stdin and len(inputs) > 1:
        raise UsageProblem("'-' (stdin) cannot be combined with other inputs")
    if output == STDIN and not named_one:
        raise UsageProblem("-o - writes one PDF to stdout: give exactly one issue file")
    if output not in (None, STDIN) and not named_one:
        out_dir, output = Path(output), None
    if out_dir is not None and from_stdin:
        raise UsageProblem("an issue read from stdin needs -o FILE.pdf or -o -, not a folder")

    base = _common_root([f.root for f in found]) if out_dir is not None else None
    protected = {_key(f.path) for f in found if f.path is not None}
    claimed: dict[str, str] = {}
    jobs: list[Job] = []
    failures: list[Result] = []
    for index, item in enumerate(items):
        if isinstance(item, Unmatched):
            failures.append(Result(index, item.arg, "failed", diagnostics=(_error(item.message),)))
            continue
        name = STDIN if item.path is None else str(item.path)
        target = _target(item, output, out_dir, base) if write else None
        if target is not None:
            key = _key(target)
            problem = None
            if key in protected:
                problem = f"{target}: the output would overwrite the issue file"
            elif key in claimed:
                problem = f"{target}: the output of {claimed[key]} would be written there too"
            if problem is not None:
                failures.append(Result(index, name, "failed", diagnostics=(_error(problem),)))
                continue
            claimed[key] = name
        data = stdin if item.path is None else None
        jobs.append(Job(index, name, item.path, target, data, not named_one, out_dir is not None))
    return jobs, failures


def _target(
    item: Found, output: str | None, out_dir: Path | None, base: Path | None
) -> Path | None:
    """Where ``item``'s PDF goes; ``None``: to stdout."""
    if output == STDIN:
        return None
    if output is not None:
        return Path(output)
    if item.path is None:
        return None
    if out_dir is not None and base is not None:
        return out_dir / item.path.resolve().relative_to(base).with_suffix(".pdf")
    return item.path.with_suffix(".pdf")


def expand(inputs: Sequence[str]) -> list[Found | Unmatched]:
    """The issue files named by ``inputs``, in order: files as given (even
    if missing: reading them reports it), folders searched recursively,
    globs matched, ``-`` for stdin.  Series files among what folders and
    globs find are left out; a file found twice counts once."""
    items: list[Found | Unmatched] = []
    seen: set[str] = set()
    for arg in inputs:
        if arg == STDIN:
            items.append(Found(None, Path.cwd()))
            continue
        path = Path(arg)
        if path.is_dir():
            hits = [Found(p, path, True) for p in issue_files(path)]
            if not hits:
                items.append(Unmatched(arg, f"{arg}: no issue files (*.yaml, *.yml, *.json) here"))
        elif not path.exists() and any(c in arg for c in "*?["):
            root = _glob_root(arg)
            hits = []
            for match in sorted(glob.glob(arg, recursive=True)):
                p = Path(match)
                if p.is_dir():
                    hits += [Found(q, root, True) for q in issue_files(p)]
                elif p.suffix.lower() in ISSUE_SUFFIXES:
                    hits.append(Found(p, root, True))
            if not hits:
                items.append(Unmatched(arg, f"{arg}: no issue files match"))
        else:
            hits = [Found(path, path.parent)]
        for hit in hits:
            assert hit.path is not None
            key = _key(hit.path)
            if key not in seen:
                seen.add(key)
                items.append(hit)
    series = _series_named_by(f.path for f in items if isinstance(f, Found) and f.path)
    return [
        f
        for f in items
        if not (isinstance(f, Found) and f.listed and f.path and _key(f.path) in series)
    ]


def _series_named_by(paths: Iterable[Path]) -> set[str]:
    """The files that the ``series:`` keys of ``paths`` name, plus every
    ``jianbao.yaml``.  A quick look (no locations): files that do not parse
    are left to the render to report."""
    out: set[str] = set()
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in paths:
        if path.name == SERIES_FILE:
            out.add(_key(path))
            continue
        try:
            root = yaml.compose(path.read_text("utf-8-sig"), Loader=loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if not isinstance(root, yaml.MappingNode):
            continue
        for key, value in root.value:
            if key.value == "series" and isinstance(value, yaml.ScalarNode) and value.value:
                out.add(_key(path.parent / value.value.strip()))
    return out


def _glob_root(pattern: str) -> Path:
    """The folder part of ``pattern`` before its first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path()


def _common_root(roots: Sequence[Path]) -> Path:
    resolved = [str(r.resolve()) for r in roots] or [str(Path.cwd())]
    return Path(os.path.commonpath(resolved))


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def _error(message: str) -> Diagnostic:
    return Diagnostic(None, message)


# ---------------------------------------------------------------------------
# Running jobs


@dataclass(frozen=True)
class Settings:
    """What every job of a run shares."""

    options: Options = dataclasses.field(default_factory=Options)
    mode: Mode = "render"
    force: bool = False
    debug: bool = False  # let unexpected exceptions through (in-process only)


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def run(jobs: Sequence[Job], settings: Settings, workers: int = 1) -> Iterator[Result]:
    """Run ``jobs``, yielding each result as it is ready (in completion order).

    With ``workers`` > 1 and more than one job, in that many processes;
    else (and always with ``debug``, for real tracebacks) here, one after
    another, with one ``Renderer``.
    """
    workers = 1 if settings.debug else min(workers, len(jobs))
    if workers <= 1:
        worker = Worker(settings)
        for job in jobs:
            yield worker.do(job)
        return
    yield from _pool(jobs, settings, workers)


class Worker:
    """Renders or checks jobs one after another with one ``Renderer`` (so
    each font file is opened once)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.renderer = Renderer(settings.options)

    def do(self, job: Job) -> Result:
        start = time.perf_counter()
        try:
            return self._do(job, start)
        except IssueError as exc:
            if self.settings.debug:
                raise
            return self._failed(job, start, exc.diagnostics)
        except (JianbaoError, OSError) as exc:
            if self.settings.debug:
                raise
            return self._failed(job, start, (_error(str(exc)),))
        except Exception as exc:
            if self.settings.debug:
                raise
            problem = _error(f"internal error: {type(exc).__name__}: {exc} (run with --debug)")
            return self._failed(job, start, (problem,), traceback.format_exc())

    def _do(self, job: Job, start: float) -> Result:
        renderer = self.renderer
        source = job.data if job.path is None else job.path
        assert source is not None
        prepared = renderer.prepare(source, name="<stdin>")
        masthead = prepared.issue.masthead
        seq = numbered(prepared.doc, prepared.series, masthead.number, masthead.date)
        done = functools.partial(Result, job.index, job.input, numbered=seq)
        if self.settings.mode == "check":
            return done("checked", seconds=_since(start), diagnostics=renderer.check(prepared))
        out = job.output
        if out is not None:
            inputs = renderer.inputs(prepared)
            if any(_key(out) == _key(p) for p in inputs):
                raise JianbaoError(f"{out}: the output would overwrite an input of this issue")
            if job.incremental and not self.settings.force and up_to_date(out, inputs):
                return done("skipped", output=str(out), seconds=_since(start))
        rendered = renderer.typeset(prepared)
        if out is not None:
            if job.make_dirs:
                out.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out, rendered.pdf)
        return done(
            "rendered",
            output=STDIN if out is None else str(out),
            pages=rendered.pages,
            seconds=_since(start),
            diagnostics=rendered.warnings,
            pdf=rendered.pdf if out is None else None,
        )

    def _failed(
        self, job: Job, start: float, diagnostics: Sequence[Diagnostic], trace: str | None = None
    ) -> Result:
        return Result(
            job.index,
            job.input,
            "failed",
            seconds=_since(start),
            diagnostics=tuple(diagnostics),
            trace=trace or (traceback.format_exc() if self.settings.debug else None),
        )


def up_to_date(output: Path, sources: Iterable[Path]) -> bool:
    """Whether ``output`` exists and is newer than every one of ``sources``."""
    try:
        made = output.stat().st_mtime_ns
        return all(made > source.stat().st_mtime_ns for source in sources)
    except OSError:
        return False


def _since(start: float) -> float:
    return time.perf_counter() - start


# ---------------------------------------------------------------------------
# The worker pool


def _serve(wid: int, tasks: Queue[Job | None], results: Queue[Any], settings: Settings) -> None:
    """A worker process: take jobs until the ``None`` that says stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    worker = Worker(settings)
    for job in iter(tasks.get, None):
        results.put(("start", wid, job.index))
        results.put(("done", wid, worker.do(job)))


def _pool(jobs: Sequence[Job], settings: Settings, workers: int) -> Iterator[Result]:
    ctx = get_context("spawn")
    tasks: Queue[Job | None] = ctx.Queue()
    results: Queue[Any] = ctx.Queue()
    pending = {job.index: job for job in jobs}
    for job in jobs:
        tasks.put(job)
    for _ in range(workers):
        tasks.put(None)

    def start(wid: int) -> BaseProcess:
        process = ctx.Process(
            target=_serve, args=(wid, tasks, results, settings), name=f"jianbao-{wid}"
        )
        process.start()
        return process

    def failed(index: int, problem: str) -> Result:
        job = pending.pop(index)
        return Result(job.index, job.input, "failed", diagnostics=(_error(problem),))

    procs = {wid: start(wid) for wid in range(workers)}
    ids = itertools.count(workers)
    busy: dict[int, int] = {}  # worker → index of the job it is on
    heard: set[int] = set()  # workers that have taken a job
    try:
        while pending:
            try:
                kind, wid, payload = results.get(timeout=0.25 if procs else 1.0)
            except queue.Empty:
                if not procs:  # every worker is gone and nothing more came
                    problem = "no worker process was left to render it"
                    yield from [failed(i, problem) for i in list(pending)]
                    break
                for wid, process in list(procs.items()):
                    if process.is_alive():
                        continue
                    del procs[wid]
                    index = busy.pop(wid, None)
                    if process.exitcode == 0:
                        continue
                    code = process.exitcode
                    if wid not in heard:  # it could not even start: neither will others
                        problem = f"a worker process failed to start (exit code {code}); try -j 1"
                        yield from [failed(i, problem) for i in list(pending)]
                        return
                    if index is not None and index in pending:
                        yield failed(index, f"the worker process died (exit code {code})")
                    new = next(ids)
                    procs[new] = start(new)
                continue
            heard.add(wid)
            if kind == "start":
                busy[wid] = payload
            else:
                busy.pop(wid, None)
                if pending.pop(payload.index, None) is not None:
                    yield payload
    finally:
        for process in procs.values():
            if pending:
                process.terminate()
            process.join(timeout=5)
        tasks.cancel_join_thread()
        results.cancel_join_thread()
