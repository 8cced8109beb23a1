"""Jobs and results: one issue to render or check, and what became of it.

In: nothing (``plan`` makes jobs, ``batch`` runs them).  Out: the types the
batch modules and the report share — ``Job``, ``Result``, the two problems
that stop a run before it starts (``UsageProblem``: exit 2;
``InputProblem``: exit 1) — and ``os_problem``, an ``OSError`` in words.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import Diagnostic, JianbaoError
from ..i18n import N_, _
from ..records import dataclass

if TYPE_CHECKING:
    from ..issue.series import Numbered

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
        super().__init__(_("{path}: error: {reason}").format(path=path, reason=reason))

    @classmethod
    def of(cls, exc: OSError | RuntimeError, arg: str) -> InputProblem:
        """From the error of looking at ``arg`` (the path it names, if any)."""
        return cls(*os_problem(exc, arg))


# The system's words for the errors a user meets, as the C library (glibc)
# says them, first letter lower-cased: in the reader's language (``known_reason``).
_REASONS: dict[int, str] = {
    errno.ENOENT: N_("no such file or directory"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EISDIR: N_("is a directory"),
    errno.ENOTDIR: N_("not a directory"),
    errno.ENOSPC: N_("no space left on device"),
    errno.EROFS: N_("read-only file system"),
    errno.ENAMETOOLONG: N_("file name too long"),
    errno.ELOOP: N_("too many levels of symbolic links"),
    errno.EEXIST: N_("file exists"),
    errno.EBUSY: N_("device or resource busy"),
    errno.EMFILE: N_("too many open files"),
    errno.EIO: N_("input/output error"),
    errno.EXDEV: N_("invalid cross-device link"),
    errno.ENOTEMPTY: N_("directory not empty"),
}


def known_reason(exc: OSError) -> str | None:
    """The reason of ``exc`` in the reader's language, if it is one of the
    errors a user meets (``_REASONS``) and the system worded it; else None
    (say the system's own words)."""
    message = _REASONS.get(exc.errno) if exc.errno is not None and exc.strerror else None
    return None if message is None else _(message)


def os_problem(exc: OSError | RuntimeError, arg: str) -> tuple[str, str]:
    """(the path, the reason) of an ``OSError`` — ``arg`` when it names no
    path — in words, not ``[Errno 13] …``; a ``RuntimeError`` is a symlink
    loop, from ``Path.resolve`` (Python < 3.13)."""
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else arg
        known = known_reason(exc)
        if known is not None:
            return os.fsdecode(name), known
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
    quick: dict[str, Any] | None = None  # what tells, unloaded, it is still up to date

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


def error(message: str) -> Diagnostic:
    return Diagnostic(None, message)
