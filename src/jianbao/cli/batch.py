"""Batch: many issues in one run — find them, plan outputs, render in parallel.

In: the command line's inputs (files, folders, globs, ``-`` for stdin),
where the PDFs go and ``Options``.  Out: one ``Result`` per input, yielded
as each finishes (``run``), and the sequence warnings of the whole run
(``series.sequence_warnings`` over ``Result.numbered``, with the other
issues of their series on disk).  Nothing here prints; the CLI reports.
Besides the PDFs, a run writes a stamps index beside them (see "Stamps"
below) so that the next run can tell which are up to date.

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

import contextlib
import dataclasses
import functools
import glob
import hashlib
import itertools
import json
import os
import queue
import signal
import time
import traceback
from collections import ChainMap
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any, Literal

import yaml

from ..errors import Diagnostic, IssueError, JianbaoError
from ..fsutil import write_atomic
from ..issue.read import Loaded
from ..issue.series import (
    ISSUE_SUFFIXES,
    SERIES_FILE,
    Numbered,
    file_key,
    issue_files,
    numbered,
    peek,
    peek_series,
)
from ..pipeline import Options, Session, guard_output, protect, render
from ..version import __version__
from .options import for_cli

STDIN = "-"

Status = Literal["rendered", "skipped", "failed", "checked"]
Mode = Literal["render", "check"]


class UsageProblem(JianbaoError):
    """The inputs and output options do not fit together (exit code 2)."""


class InputProblem(JianbaoError):
    """An input could not even be looked at (a name too long, a folder that
    cannot be read …): the run stops before anything is rendered (exit code 1).
    Reads ``PATH: error: reason``."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: error: {reason}")

    @classmethod
    def of(cls, exc: OSError | RuntimeError, arg: str) -> InputProblem:
        """From the error of looking at ``arg`` (the path it names, if any)."""
        return cls(*os_problem(exc, arg))


def os_problem(exc: OSError | RuntimeError, arg: str) -> tuple[str, str]:
    """(the path, the reason) of an ``OSError`` — ``arg`` when it names no
    path — in words, not ``[Errno 13] …``; a ``RuntimeError`` is a symlink
    loop, from ``Path.resolve`` (Python < 3.13)."""
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else arg
        reason = exc.strerror or str(exc)
    else:
        name, reason = arg, str(exc)
    return os.fsdecode(name), reason[:1].lower() + reason[1:]


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
    stamp: str | None = None  # of the PDF written (``stamp``), for the output's index

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
    series: Path | None = None,
) -> tuple[list[Job], list[Result]]:
    """The jobs for ``inputs`` and, numbered in the same order, failed
    results for arguments that name nothing or outputs that would collide.

    ``output`` is the PDF of a single named input (``-``: stdout), else a
    folder like ``out_dir``, which mirrors the input tree.  Without either,
    each PDF goes beside its issue file.  A single named input is always
    rendered; in a batch, an up-to-date PDF is skipped.  ``write=False``
    (check) plans no outputs.  ``series`` (``--series``) is a series file,
    never an issue, when a folder or glob finds it.  Raises
    ``UsageProblem`` for combinations that make no sense, and
    ``InputProblem`` if an input cannot even be looked at (``OSError``: a
    name too long, say).
    """
    items = expand(inputs, series)
    try:
        return _plan(inputs, items, output, out_dir, stdin, write)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        raise InputProblem.of(exc, " ".join(inputs)) from exc


def _plan(
    inputs: Sequence[str],
    items: list[Found | Unmatched],
    output: str | None,
    out_dir: Path | None,
    stdin: bytes | None,
    write: bool,
) -> tuple[list[Job], list[Result]]:
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
        if Path(output).suffix.lower() == ".pdf":
            # A folder or glob may hold one issue today and two tomorrow: -o
            # means the same whatever it finds, a folder for the PDFs.
            raise UsageProblem(
                f"-o {output} names one PDF, but the inputs are several issues, a folder "
                "or a glob: name the issue file to write one PDF, or give a folder "
                "(--out-dir DIR) for the PDFs"
            )
        out_dir, output = Path(output), None
    if out_dir is not None and from_stdin:
        raise UsageProblem("an issue read from stdin needs -o FILE.pdf or -o -, not a folder")

    base = _common_root(found) if out_dir is not None else None
    protected = protect((f.path, "an issue file of this run") for f in found if f.path)
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
            own = protect([(item.path, "the issue file")] if item.path else [])
            try:
                guard_output(target, ChainMap(own, protected))
            except JianbaoError as exc:
                failures.append(Result(index, name, "failed", diagnostics=(_error(str(exc)),)))
                continue
            if key in claimed:
                problem = f"{target}: the output of {claimed[key]} would be written there too"
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
        # by the path as given, not resolved: a symlink inside the folder
        # that points out of it is mirrored where the link is
        return out_dir / _absolute(item.path).relative_to(base).with_suffix(".pdf")
    return item.path.with_suffix(".pdf")


def expand(inputs: Sequence[str], series: Path | None = None) -> list[Found | Unmatched]:
    """The issue files named by ``inputs``, in order: files as given (even
    if missing: reading them reports it), folders searched recursively,
    globs matched, ``-`` for stdin.  Among what folders and globs find,
    series files (``series`` too: the ``--series`` file) and files that
    are clearly no issue (JSON Schema documents: a top-level ``$schema``
    key …) are left out; a file found twice counts once.  ``InputProblem``
    for an input that cannot be looked at (``OSError``: a name too long …)."""
    found: list[tuple[Unmatched, list[Found]]] = []
    for arg in inputs:
        try:
            found.append(_expand_one(arg))
        except (OSError, RuntimeError) as exc:
            raise InputProblem.of(exc, arg) from exc
    named, not_issues = _look(h.path for _, hits in found for h in hits if h.path)
    left_out = named | not_issues | ({_key(series)} if series is not None else set())
    items: list[Found | Unmatched] = []
    seen: set[str] = set()
    for unmatched, hits in found:
        kept = [h for h in hits if not (h.listed and h.path and _key(h.path) in left_out)]
        if not kept:
            items.append(unmatched)
        for hit in kept:
            key = _key(hit.path) if hit.path is not None else STDIN
            if key not in seen:
                seen.add(key)
                items.append(hit)
    return items


def _expand_one(arg: str) -> tuple[Unmatched, list[Found]]:
    """What ``arg`` finds, and what to say if nothing (once series files
    and files that are no issue are left out)."""
    if arg == STDIN:
        return Unmatched(arg, ""), [Found(None, Path.cwd())]
    path = Path(arg)
    if path.is_dir():
        hits = [Found(p, path, True) for p in issue_files(path)]
        return Unmatched(arg, f"{arg}: no issue files (*.yaml, *.yml, *.json) here"), hits
    if not path.exists() and any(c in arg for c in "*?["):
        root = _glob_root(arg)
        hits = []
        for match in sorted(glob.glob(arg, recursive=True)):
            p = Path(match)
            if p.is_dir():
                hits += [Found(q, root, True) for q in issue_files(p)]
            elif p.suffix.lower() in ISSUE_SUFFIXES:
                hits.append(Found(p, root, True))
        return Unmatched(arg, f"{arg}: no issue files match"), hits
    return Unmatched(arg, ""), [Found(path, path.parent)]


def _look(paths: Iterable[Path]) -> tuple[set[str], set[str]]:
    """A quick look (no locations) at ``paths``: the files their ``series:``
    keys name plus every ``jianbao.yaml``, and the files that are clearly
    no issue — a JSON Schema document, say ``jianbao schema > x.json``:
    a top-level key starting with ``$`` (``$schema``, ``$id`` …), or both
    ``type`` and ``properties``.  Files that do not parse are left to the
    render to report."""
    series: set[str] = set()
    not_issues: set[str] = set()
    for path in paths:
        if path.name == SERIES_FILE:
            series.add(_key(path))
            continue
        root = peek(path)
        if root is None:
            continue
        keys = {k.value for k, _ in root.value if isinstance(k, yaml.ScalarNode)}
        if any(k.startswith("$") for k in keys) or {"type", "properties"} <= keys:
            not_issues.add(_key(path))
        named = peek_series(root, path)
        if named is not None:
            series.add(_key(named))
    return series, not_issues


def _glob_root(pattern: str) -> Path:
    """The folder part of ``pattern`` before its first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path()


def _common_root(found: Sequence[Found]) -> Path:
    """The folder an output tree mirrors: the deepest one holding every
    root and every file, as given (absolute, ``..`` folded, symlinks not
    followed)."""
    places = [_absolute(f.root) for f in found]
    places += [_absolute(f.path).parent for f in found if f.path is not None]
    return Path(os.path.commonpath([str(p) for p in places] or [str(Path.cwd())]))


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _key(path: Path) -> str:
    return file_key(path)


def _cli(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """The diagnostics with their fixes worded as options (``options.for_cli``)."""
    return tuple(for_cli(d) for d in diagnostics)


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
    another, with one ``Session``.
    """
    workers = 1 if settings.debug else min(workers, len(jobs))
    by_index = {job.index: job for job in jobs}
    made: list[tuple[Path, str, bool]] = []  # (PDF, its stamp, may start an index)
    results = _here(jobs, settings) if workers <= 1 else _pool(jobs, settings, workers)
    try:
        for result in results:
            job = by_index[result.index]
            if result.status == "rendered" and result.stamp and job.output is not None:
                made.append((job.output, result.stamp, job.incremental))
            yield result
    finally:
        results.close()  # stops the workers if the caller stopped early
        # Here, not in the workers: one process writes each index.
        record_stamps(made)


def _here(jobs: Sequence[Job], settings: Settings) -> Generator[Result, None, None]:
    worker = Worker(settings)
    for job in jobs:
        yield worker.do(job)


class Worker:
    """Renders or checks jobs one after another with one ``Session`` (so
    each font file is opened once)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.session = Session(settings.options)
        self.indexes: dict[Path, dict[str, Any]] = {}  # folder → its stamps, read once

    def do(self, job: Job) -> Result:
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
            return self._failed(job, start, (_error(str(exc)),))
        except OSError as exc:
            if self.settings.debug:
                raise
            name, reason = os_problem(exc, job.input)
            return self._failed(job, start, (_error(f"{name}: {reason}"),))
        except Exception as exc:
            if self.settings.debug:
                raise
            problem = _error(f"internal error: {type(exc).__name__}: {exc} (run with --debug)")
            return self._failed(job, start, (problem,), traceback.format_exc())

    def _do(self, job: Job, start: float) -> Result:
        session = self.session
        source = job.data if job.path is None else job.path
        assert source is not None
        loaded = session.read(source, name="<stdin>")
        masthead = loaded.issue.masthead
        seq = numbered(loaded.doc, loaded.series, masthead.number, masthead.date)
        done = functools.partial(Result, job.index, job.input, numbered=seq)
        if self.settings.mode == "check":
            return done("checked", seconds=_since(start), diagnostics=_cli(session.check(loaded)))
        out = job.output
        mark = None
        if out is not None:
            inputs = session.inputs(loaded)
            guard_output(out, protect(inputs.items()))
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
        if out is not None:
            write_atomic(out, rendered.pdf)
        return done(
            "rendered",
            output=STDIN if out is None else str(out),
            pages=rendered.pages,
            seconds=_since(start),
            diagnostics=_cli(rendered.warnings),
            pdf=rendered.pdf if out is None else None,
            stamp=mark,
        )

    def _stamped(self, output: Path, mark: str) -> bool:
        """Whether the index beside ``output`` says it was made with ``mark``."""
        folder = output.parent
        if folder not in self.indexes:
            self.indexes[folder] = read_stamps(folder)
        return _entry_current(self.indexes[folder].get(output.name), output, mark)

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
        raise JianbaoError(f"cannot create the folder {name}: {reason}") from exc


def up_to_date(output: Path, sources: Iterable[Path]) -> bool:
    """Whether ``output`` exists and is newer than every one of ``sources``."""
    try:
        made = output.stat().st_mtime_ns
        return all(made > source.stat().st_mtime_ns for source in sources)
    except OSError:
        return False


# ---------------------------------------------------------------------------
# Stamps: what, besides its inputs' contents, a PDF was made with.
#
# An up-to-date PDF must be newer than its inputs (``up_to_date``) *and* made
# with the same jianbao, the same font options and the same font files as
# now: a different --font, --font-dir, --config, --allow-missing or --series
# must render again.  That "same" is a stamp, a hash (``stamp``), kept in a
# small index beside the PDFs, ``.jianbao-stamps.json`` in each folder that
# holds outputs: PDF file name → stamp, and the PDF's size and mtime when
# the stamp was recorded.
#
# Why not inside the PDF (its /Keywords, say)?  The PDF is written by the
# pipeline, which must stay byte-for-byte reproducible: the same issue gives
# the same bytes whatever folder the fonts were found in; reading a stamp
# back would also mean parsing every PDF of a batch.  Why one index per
# folder rather than one per run's output root?  The same index is found
# however the PDF was made (a folder, a glob, --out-dir, one named file), so
# runs over a tree and over a part of it agree.  The PDF's size and mtime
# in the entry catch a PDF replaced since (``jianbao render ONE.yaml``, the
# API, a copy): the entry no longer matches and the PDF is rendered again.
# Hidden (a leading dot), so folder scans pass it by; losing or deleting it
# costs one render of each PDF, never a wrong skip.

STAMPS_FILE = ".jianbao-stamps.json"
_STAMPS_FORMAT = 1


def stamp(session: Session, loaded: Loaded) -> str:
    """The stamp of the PDF ``session`` would make of ``loaded``: jianbao's
    version, the font options (--font, --font-dir, --config,
    --allow-missing, --series) and the font files chosen (path, size, mtime)."""
    options = session.options
    fonts = options.fonts
    files = []
    for path in session.font_files(loaded):
        try:
            st = path.stat()
            files.append([str(_absolute(path)), st.st_size, st.st_mtime_ns])
        except OSError:
            files.append([str(_absolute(path)), None, None])
    data = {
        "jianbao": __version__,
        "series": None if options.series is None else str(_absolute(options.series)),
        "fonts": [[c.role, [n.value for n in c.names]] for c in fonts.fonts],
        "font_dirs": [str(_absolute(d)) for d in fonts.font_dirs],
        "config": None if fonts.config is None else str(_absolute(fonts.config)),
        "allow_missing": fonts.allow_missing,
        "font_files": files,
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_stamps(folder: Path) -> dict[str, Any]:
    """The stamp entries of ``folder``'s index (empty if none or unreadable)."""
    try:
        data = json.loads((folder / STAMPS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _STAMPS_FORMAT:
        return {}
    pdfs = data.get("pdfs")
    return pdfs if isinstance(pdfs, dict) else {}


def record_stamps(made: Iterable[tuple[Path, str, bool]]) -> None:
    """Add (PDF, stamp, may start an index) to the index of each PDF's
    folder, each index read, updated and written atomically once.  A PDF
    rendered alone (not in a batch) updates an index that exists but starts
    none, so ``-o /tmp/x.pdf`` leaves no index in /tmp.  An index that
    cannot be written is let be: the PDFs are only rendered again."""
    folders: dict[Path, dict[str, str]] = {}
    start: dict[Path, bool] = {}
    for output, mark, may_start in made:
        folders.setdefault(output.parent, {})[output.name] = mark
        start[output.parent] = start.get(output.parent, False) or may_start
    for folder, marks in folders.items():
        index_path = folder / STAMPS_FILE
        if not start[folder] and not index_path.is_file():
            continue
        entries = read_stamps(folder)
        for name, mark in marks.items():
            try:
                st = (folder / name).stat()
            except OSError:
                entries.pop(name, None)
                continue
            entries[name] = {"stamp": mark, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        data = {
            "about": "jianbao: what each PDF here was rendered with, to skip it while "
            "nothing changed; safe to delete (everything is rendered again)",
            "format": _STAMPS_FORMAT,
            "pdfs": dict(sorted(entries.items())),
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        with contextlib.suppress(JianbaoError, OSError):
            write_atomic(index_path, text.encode("utf-8"))


def _entry_current(entry: object, output: Path, mark: str) -> bool:
    """Whether an index entry records ``mark`` for ``output`` as it is now."""
    if not isinstance(entry, dict):
        return False
    try:
        st = output.stat()
    except OSError:
        return False
    return entry == {"stamp": mark, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


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


def _pool(jobs: Sequence[Job], settings: Settings, workers: int) -> Generator[Result, None, None]:
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
