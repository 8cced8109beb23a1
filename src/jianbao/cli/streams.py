"""Standard input and output for ``-``, ``-o -`` and ``--json``, with their faults.

In: the process's standard streams.  Out: stdin's bytes (at most the input
limit), PDFs and reports written to stdout — or a ``StreamProblem`` that
says in one line what went wrong: a stream closed (``>&-``, ``<&-``), a
disk full (``>/dev/full``), a reader gone (``| head``).  After a failed
write, stdout is pointed at the null device so that Python's own flush at
exit cannot print a traceback of its own.
"""

from __future__ import annotations

import os
import sys
from typing import BinaryIO

from ..errors import JianbaoError
from ..fsutil import input_limit
from ..i18n import _
from .jobs import known_reason


class StreamProblem(JianbaoError):
    """A standard stream that cannot be read or written."""


def stdout() -> BinaryIO:
    """The binary standard output, or ``StreamProblem`` if it is closed."""
    stream = sys.stdout
    if stream is None or not hasattr(stream, "buffer") or _closed(1):
        raise StreamProblem(_("standard output is closed: give -o FILE, or redirect it (> FILE)"))
    binary: BinaryIO = stream.buffer
    return binary


def read_stdin() -> bytes:
    """All of standard input, at most the input limit."""
    stream = sys.stdin
    if stream is None or not hasattr(stream, "buffer") or _closed(0):
        raise StreamProblem(_("standard input is closed: nothing to read for '-'"))
    limit = input_limit()
    try:
        data: bytes = stream.buffer.read(limit + 1)
    except OSError as exc:
        message = _("cannot read standard input: {reason}").format(reason=_reason(exc))
        raise StreamProblem(message) from None
    if len(data) > limit:
        raise StreamProblem(
            _(
                "standard input is larger than {mib} MiB, the most an issue "
                "may be (raise the limit with JIANBAO_MAX_INPUT_MB)"
            ).format(mib=limit // (1024 * 1024))
        )
    return data


def write(stream: BinaryIO, data: bytes) -> None:
    """``data`` written to ``stream`` (stdout) and flushed, or ``StreamProblem``."""
    try:
        stream.write(data)
        stream.flush()
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed
        _silence()
        message = _("cannot write to standard output: {reason}").format(reason=_reason(exc))
        raise StreamProblem(message) from None


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def _silence() -> None:
    """Point fd 1 at the null device: what is still buffered for it is
    dropped instead of failing again when Python flushes at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def _reason(exc: Exception) -> str:
    if isinstance(exc, BrokenPipeError):
        return _("the program reading it has stopped")
    if isinstance(exc, OSError) and exc.strerror:
        return known_reason(exc) or exc.strerror.lower()
    return str(exc) or type(exc).__name__
