"""Report: what the CLI tells people and scripts about a run.

In: ``batch.Result``s as they arrive, and the sequence warnings at the end.
Out: text on stderr — each problem as ``file:line:col: error: …``, one line
per issue (or a progress bar with counts and ETA on a terminal), and a
summary — or one JSON document (``json_report``) for scripts.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from ..errors import Diagnostic
from ..i18n import _
from ..version import __version__
from .console import Sources, show
from .jobs import STDIN, Mode, Result

Echo = Callable[[str], None]


class Reporter:
    """Human output for one run, written through ``echo`` (stderr).

    ``tty``: draw a progress bar and print only problems above it; else one
    plain line per issue.  ``quiet``: only failures and, if any, the summary.
    ``colour``: colour the problems (a terminal without ``NO_COLOR``).  Each
    problem quotes its source line with a caret under it.
    """

    def __init__(
        self,
        echo: Echo,
        *,
        total: int,
        mode: Mode = "render",
        tty: bool = False,
        quiet: bool = False,
        debug: bool = False,
        write: Callable[[str], None] | None = None,
        colour: bool = False,
    ) -> None:
        self.echo = echo
        self.write = write or echo  # without a newline: for the bar
        self.total = total
        self.mode = mode
        self.bar = tty and not quiet and total > 1
        self.quiet = quiet
        self.debug = debug
        self.done = 0
        self.started = time.monotonic()
        self.shown = False
        self.colour = colour
        self.sources = Sources()

    # -- as results arrive ------------------------------------------------

    def start(self) -> None:
        """Show the empty bar (on a terminal) while the first issues render."""
        if self.bar:
            self._draw()

    def result(self, r: Result) -> None:
        self.done += 1
        lines: list[str] = []
        if r.status == "failed":
            lines += [self.show(d) for d in r.diagnostics]
            if self.debug and r.trace:
                lines.append(r.trace.rstrip())
            lines.append(self._failed_line(r))
        elif not self.quiet:
            lines += [self.show(d) for d in r.diagnostics]
            if not self.bar:
                lines.append(self._done_line(r))
        self.lines(lines)

    def show(self, d: Diagnostic) -> str:
        return show(d, colour=self.colour, sources=self.sources)

    def lines(self, lines: Iterable[str]) -> None:
        """Print ``lines`` (above the bar, which is then drawn again)."""
        lines = list(lines)
        if lines and self.shown:
            self.write("\r\x1b[K")
            self.shown = False
        for line in lines:
            self.echo(line)
        if self.bar and self.done < self.total:
            self._draw()
        elif self.shown:
            self.write("\r\x1b[K")
            self.shown = False

    def _draw(self) -> None:
        width = max(10, min(30, shutil.get_terminal_size((80, 20)).columns - 50))
        filled = round(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        elapsed = time.monotonic() - self.started
        eta = "--:--"
        if self.done:
            eta = _clock(elapsed / self.done * (self.total - self.done))
        percent = 100 * self.done // self.total
        line = _("{done}/{total} [{bar}] {percent:3d}%  ETA {eta}").format(
            done=self.done, total=self.total, bar=bar, percent=percent, eta=eta
        )
        self.write("\r" + line)
        self.shown = True

    def _done_line(self, r: Result) -> str:
        if r.status == "skipped":
            return _("{output}: up to date, skipped").format(output=r.output)
        if r.status == "checked":
            return _("{input}: ok").format(input=_shown(r.input, "<stdin>"))
        return _("{output}: {pages} page(s)").format(
            output=_shown(r.output, "<stdout>"), pages=r.pages
        )

    def _failed_line(self, r: Result) -> str:
        count = len(r.errors)
        name = _shown(r.input, "<stdin>")
        if self.mode == "check":
            return _("{input}: {count} error(s)").format(input=name, count=count)
        return _("{input}: {count} error(s); no PDF written").format(input=name, count=count)

    # -- at the end -------------------------------------------------------

    def summary(self, results: Sequence[Result], warnings: Sequence[Diagnostic]) -> None:
        """The sequence warnings, then (for more than one input, or any
        failure when quiet) the counts and each failure's first error."""
        if not self.quiet:
            self.lines(self.show(w) for w in warnings)
        counts = Counter(r.status for r in results)
        failed = [r for r in results if r.status == "failed"]
        if len(results) <= 1 or (self.quiet and not failed):
            return
        seconds = time.monotonic() - self.started
        if self.mode == "check":
            head = _("checked {total}: {ok} ok, {failed} failed").format(
                total=len(results), ok=counts["checked"], failed=counts["failed"]
            )
        else:
            skipped = _("skipped {count}").format(count=counts["skipped"])
            if counts["skipped"]:
                skipped = _("skipped {count} (up to date; --force renders them)").format(
                    count=counts["skipped"]
                )
            head = _("rendered {rendered}, {skipped}, failed {failed}").format(
                rendered=counts["rendered"], skipped=skipped, failed=counts["failed"]
            )
        lines = [_("{summary} in {seconds:.1f} s").format(summary=head, seconds=seconds)]
        for r in failed:
            lines.append(f"  {first_error(r)}")
        self.lines(lines)


def first_error(r: Result) -> str:
    """The first error of a failed result on one line, naming the input."""
    d = r.errors[0] if r.errors else Diagnostic(None, _("failed"))
    text = d.headline()
    name = _shown(r.input, "<stdin>")
    if d.location is None:
        return f"{name}: {text}"
    if d.location.file not in (r.input, name):
        return f"{name}: {d.location}: {text}"
    return f"{d.location}: {text}"


def attach(results: Sequence[Result], warnings: Iterable[Diagnostic]) -> list[Result]:
    """``results`` with each sequence warning added to the issue it is about."""
    extra: dict[str, list[Diagnostic]] = {}
    for w in warnings:
        if w.location is not None:
            extra.setdefault(w.location.file, []).append(w)
    out = []
    for r in results:
        more = extra.get(r.numbered.file, []) if r.numbered else []
        out.append(replace(r, diagnostics=r.diagnostics + tuple(more)) if more else r)
    return out


def json_report(results: Sequence[Result], mode: Mode, seconds: float) -> dict[str, Any]:
    """The run as one JSON-ready mapping (results in input order)."""
    counts: Counter[str] = Counter(r.status for r in results)
    names = ("checked", "failed") if mode == "check" else ("rendered", "skipped", "failed")
    return {
        "jianbao": __version__,
        "command": mode,
        "ok": counts["failed"] == 0,
        "counts": {name: counts[name] for name in names},
        "seconds": round(seconds, 3),
        "inputs": [
            {
                "input": r.input,
                "status": r.status,
                "output": r.output,
                "pages": r.pages,
                "seconds": round(r.seconds, 3),
                "diagnostics": [d.as_dict() for d in r.diagnostics],
            }
            for r in sorted(results, key=lambda r: r.index)
        ],
    }


def _shown(name: str | None, dash: str) -> str:
    """``-`` (stdin or stdout) as ``<stdin>``/``<stdout>`` in text."""
    return dash if name == STDIN else str(name)


def _clock(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"
