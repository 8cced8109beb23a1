"""Writing files safely: a temporary file beside the target, then a rename.

In: a target path and its bytes (or a function that writes a file).  Out:
the target replaced in one step; on any failure the target is untouched and
no temporary file is left.  Permissions follow the process umask, as for a
plain ``open(path, "wb")``, without changing the umask (safe in threads).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically; OSError on failure."""

    def write(tmp: Path) -> None:
        with open(tmp, "xb") as handle:  # O_EXCL, mode 0o666 & ~umask
            handle.write(data)

    replace_atomic(path, write)


def replace_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` for a fresh temporary path beside ``path``, then
    rename it over ``path``.  ``write`` must create the file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
