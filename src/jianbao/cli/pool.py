"""The worker pool of a batch: issues rendered in parallel processes.

In: the jobs of a run, its ``Settings`` and the number of workers, and
the class that does one job (``batch.Worker``, passed in so that this
module needs nothing of the batch but its types).  Out: one ``Result`` per
job, as each finishes.  Imported only when a run has more than one worker
(a single render never loads ``multiprocessing``).  Workers are started
with ``spawn`` (see ``batch``); one that dies fails only the issue it was
on, and a new one takes its place; one that cannot start fails the run's
remaining issues once, with a hint to try ``-j 1``.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import threading
from collections.abc import Callable, Generator, Sequence
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import Any, Protocol

from ..i18n import _, set_language
from .jobs import Job, Result, error


class Doer(Protocol):
    def do(self, job: Job) -> Result: ...


class Shared(Protocol):
    @property
    def lang(self) -> str: ...


def _serve(
    wid: int,
    tasks: Queue[Job | None],
    results: Queue[Any],
    settings: Shared,
    make: Callable[[Any], Doer],
) -> None:
    """A worker process: take jobs until the ``None`` that says stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    # The parent stops a worker with SIGTERM: as an exception, so that a PDF
    # being written removes its temporary file (write_atomic) on the way out.
    signal.signal(signal.SIGTERM, _stopped)
    set_language(settings.lang)
    threading.Thread(target=_die_with_parent, name="jianbao-parent", daemon=True).start()
    worker = make(settings)
    for job in iter(tasks.get, None):
        results.put(("start", wid, job.index))
        results.put(("done", wid, worker.do(job)))


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _die_with_parent() -> None:
    """Wait for the parent process to end, then end this worker at once.

    A parent killed with SIGKILL (what ``timeout -s KILL`` and a CI cancel
    send) runs no cleanup: without this its workers would go on taking
    jobs from the queue and writing PDFs nobody asked for any more.  The
    parent's sentinel (a pipe on POSIX, a handle on Windows) becomes ready
    when it dies."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    multiprocessing.connection.wait([parent.sentinel])
    os._exit(1)


def pool(
    jobs: Sequence[Job], settings: Shared, workers: int, make: Callable[[Any], Doer]
) -> Generator[Result, None, None]:
    """Run ``jobs`` in ``workers`` processes, each doing them with a
    ``make(settings)``; yield each result as it arrives."""
    ctx = get_context("spawn")
    tasks: Queue[Job | None] = ctx.Queue()
    results: Queue[Any] = ctx.Queue()
    pending = {job.index: job for job in jobs}
    for job in jobs:
        tasks.put(job)
    for _worker in range(workers):
        tasks.put(None)

    def start(wid: int) -> BaseProcess:
        process = ctx.Process(
            target=_serve, args=(wid, tasks, results, settings, make), name=f"jianbao-{wid}"
        )
        process.start()
        return process

    def failed(index: int, problem: str) -> Result:
        job = pending.pop(index)
        return Result(job.index, job.input, "failed", diagnostics=(error(problem),))

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
                    problem = _("no worker process was left to render it")
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
                        problem = _(
                            "a worker process failed to start (exit code {code}); try -j 1"
                        ).format(code=code)
                        yield from [failed(i, problem) for i in list(pending)]
                        return
                    if index is not None and index in pending:
                        died = _("the worker process died (exit code {code})").format(code=code)
                        yield failed(index, died)
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
