"""Files: writing them safely, and where jianbao keeps what it caches.

Writing: a temporary file beside the target, then a rename.

In: a target path and its bytes, or a function that writes the file given a
path.  Out: the target replaced in one step; on any failure the target is
untouched, no temporary file is left, and ``WriteError`` names the target
(not the temporary file) and says why in words.  Permissions follow the
process umask, as for a plain ``open(path, "wb")``, without changing the
umask (safe in threads).  Devices and FIFOs are written through, symlinks
kept (see ``write_atomic``).
"""

from __future__ import annotations

import glob
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import Diagnostic, IssueError, JianbaoError
from .i18n import N_, _

Writer = Callable[[Path], None]


class WriteError(JianbaoError):
    """A file could not be written; the message names it and says why."""


def write_atomic(path: Path, data: bytes | Writer) -> None:
    """Replace ``path`` by ``data`` in one step.

    ``data`` is the file's bytes, or a function that creates the file at
    the temporary path it is given (``font.save``, say).  The temporary file
    and its folder are synced before the rename, so a crash leaves the old
    file or the new one, never a part.  A symlink keeps being one: the file
    it points to is replaced.  A character device or a FIFO (``/dev/null``,
    ``/dev/stdout``, a pipe) is written through, never replaced by a file;
    a block device or a socket is refused.  Raises ``WriteError`` when
    ``path`` is a folder, its folder does not exist, or writing fails.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise WriteError(
            _("cannot write {path}: it is a folder; give a file name").format(path=path)
        )
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = 0
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        _write_through(path, data)
        return
    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        if stat.S_ISBLK(mode):
            message = _("cannot write {path}: it is a disk device, not a file")
        else:
            message = _("cannot write {path}: it is a socket, not a file")
        raise WriteError(message.format(path=path))
    folder = path.parent
    if not folder.is_dir():
        message = _("cannot write {path}: the folder {folder} does not exist")
        raise WriteError(message.format(path=path, folder=folder))
    remove_stale(path)
    # os.urandom, not secrets: the name only has to be unlikely to clash, and
    # secrets (through hmac) costs ~8 ms of every start-up.
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    try:
        if isinstance(data, bytes):
            with open(tmp, "xb") as handle:  # O_EXCL, mode 0o666 & ~umask
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            data(tmp)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
        _sync_folder(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = (exc.strerror or str(exc)).lower()
        raise WriteError(
            _("cannot write {path}: {reason}").format(path=path, reason=reason)
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# A temporary file of ``write_atomic`` older than this was left by a run
# that was killed (a render of the longest issue allowed takes ~15 s).
STALE_SECONDS = 15 * 60


def remove_stale(path: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files ``write_atomic`` left beside ``path`` in a
    run that was killed at the rename (``.NAME.1a2b3c4d.tmp``, exactly that
    pattern: nobody else's files), once older than ``STALE_SECONDS``; a
    younger one may be another run's, writing now.  Returns those removed."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.tmp")
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))
    except OSError:
        return []
    for candidate in candidates:
        if not pattern.fullmatch(candidate.name):
            continue
        try:
            st = candidate.lstat()
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_SECONDS:
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            continue
    return removed


def dump_json(
    data: object, indent: int | None = None, *, sort_keys: bool = False, compact: bool = False
) -> str:
    """``data`` as JSON text that is valid UTF-8 whatever its strings hold:
    Chinese as written, but a lone surrogate — a file name that is not
    UTF-8 (GBK bytes from a Windows zip), as ``os.fsdecode`` gives it — as
    its ``\\udcXX`` escape, which ``json.loads`` reads back to the same name."""
    separators = (",", ":") if compact else None
    text = json.dumps(
        data, ensure_ascii=False, indent=indent, sort_keys=sort_keys, separators=separators
    )
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _write_through(path: Path, data: bytes | Writer) -> None:
    """Write ``data`` into the device or FIFO at ``path``."""
    if not isinstance(data, bytes):
        with tempfile.TemporaryDirectory() as scratch:
            made = Path(scratch) / path.name
            data(made)
            data = made.read_bytes()
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise WriteError(
            _("cannot write {path}: {reason}").format(path=path, reason=reason)
        ) from exc


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders
    cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where jianbao caches (fonts converted, pictures taken out of drafts):
    ``$JIANBAO_CACHE_DIR``, else ``$XDG_CACHE_HOME/jianbao``, else the
    platform's cache folder (``%LOCALAPPDATA%\\jianbao\\cache`` on Windows,
    ``~/.cache/jianbao`` elsewhere).  Safe to delete."""
    env = os.environ if environ is None else environ
    if env.get("JIANBAO_CACHE_DIR"):
        return Path(env["JIANBAO_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "jianbao"
    if os.name == "nt" and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "jianbao" / "cache"
    home = env.get("HOME") or env.get("USERPROFILE")
    return (Path(home) if home else Path.home()) / ".cache" / "jianbao"


# How large an input file may be (the flagship bulletin is 9 KB; a year of
# issues in one file would be under 1 MB).  JIANBAO_MAX_INPUT_MB raises it.
MAX_INPUT_MB = 16


def input_limit(environ: Mapping[str, str] | None = None) -> int:
    """The largest input accepted, in bytes: ``$JIANBAO_MAX_INPUT_MB`` MiB
    if set to a whole number, else ``MAX_INPUT_MB``."""
    value = (os.environ if environ is None else environ).get("JIANBAO_MAX_INPUT_MB", "")
    megabytes = int(value) if value.strip().isdigit() and int(value) > 0 else MAX_INPUT_MB
    return megabytes * 1024 * 1024


def read_input(
    path: str | os.PathLike[str], limit: int | None = None, kind: str = N_("an issue file")
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit``
    (``input_limit()``): ``IssueError`` for a larger one, for a pipe or a
    device (``/dev/zero`` would fill memory, a FIFO would wait forever: it
    is opened without blocking and refused), and for one that cannot be read.
    ``kind`` says what the file should be, in messages (marked ``N_`` by the
    caller, translated here)."""
    name = str(path)
    limit = input_limit() if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise IssueError([_cannot_read(name, reason)]) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            message = _("{name} is a folder, not {kind}")
        elif stat.S_ISFIFO(mode):
            message = _("{name} is a pipe, not {kind}")
        elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            message = _("{name} is a device, not {kind}")
        else:
            message = _("{name} is no file, not {kind}")
        hint = _("give the path of an issue file (.yaml, .yml or .json)")
        if stat.S_ISFIFO(mode):
            hint = _("to read an issue from a pipe, give '-' and send it to standard input")
        raise IssueError([Diagnostic(None, message.format(name=name, kind=_(kind)), hint)])
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise IssueError([_cannot_read(name, reason)]) from None
    if len(data) > limit:
        raise IssueError([too_large(name, limit)])
    return data


def _cannot_read(name: str, reason: str) -> Diagnostic:
    """``name`` could not be read, for ``reason`` (the system's words)."""
    message = _("cannot read {name}: {reason}").format(name=name, reason=reason.lower())
    return Diagnostic(None, message)


def too_large(name: str, limit: int) -> Diagnostic:
    """The input ``name`` is over ``limit`` bytes."""
    message = _("{name} is larger than {mib} MiB, the most an issue may be").format(
        name=name, mib=limit // (1024 * 1024)
    )
    hint = _("split it into issues; or raise the limit with JIANBAO_MAX_INPUT_MB")
    return Diagnostic(None, message, hint)
