"""ReportLab's parse of a TrueType file, kept between runs.

In: a font file.  Out: ReportLab's ``TTFontFace`` of it — the tables its
``extractInfo`` reads (cmap, widths, glyph offsets, metrics) — parsed once
and then loaded from the user's cache folder.  ``extractInfo`` is pure
Python and reads every glyph's metrics one ``struct.unpack`` at a time:
~70 ms for each CJK face, a third of a cold render of the flagship; the
pickle of what it found loads in a few milliseconds.

The font's bytes are not in the cache, nor kept in memory: ReportLab reads
the whole file into a ``bytes`` object (32 MiB for the five bundled faces,
a third of a render's memory) but then reads only the tables and glyphs a
subset needs.  The face is given a ``FileBytes`` instead, which reads each
slice from the open file when asked.  (Mapping the file with ``mmap`` would
do the same, but a font file copied over in place — ``cp`` truncates it
first — while ``watch`` holds it mapped would end the process with SIGBUS;
a read past the end only comes back short.  On Windows, where a file held
open cannot be replaced or deleted, the bytes are read as ReportLab reads
them.)  An entry is keyed by the
SHA-256 of the file's contents, its path (ReportLab keeps it) and the
versions of jianbao, ReportLab and Python (a new font file, a new
ReportLab: a new entry); it holds the SHA-256 of its own payload, checked
before it is unpickled, so a damaged entry (a crash mid-write, a bad disk)
is parsed again and rewritten, never used.
Entries are written atomically.  The cache folder is the user's own
(``fsutil.cache_dir``), as the font index and the converted fonts are.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import operator
import os
import pickle
import sys
import threading
from pathlib import Path
from typing import Any

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.ttfonts import TTFontFace

from ..fsutil import WriteError, cache_dir, write_atomic
from ..version import __version__

PARSED_DIR = "parsed-fonts"
_FORMAT = 1
_DIGEST = 32  # bytes of SHA-256 before the payload
_NOT_STORED = ("_ttf_data", "_pdfScale")  # the file itself; a lambda (made again)


def parsed_face(path: Path, cache: Path | None = None) -> Any:
    """ReportLab's ``TTFontFace`` of ``path`` (a TrueType file), from the
    cache when it holds this file's parse, else parsed and stored."""
    data: FileBytes | bytes
    if os.name == "nt":  # an open file there cannot be replaced or deleted: read it
        data = path.read_bytes()
        digest = hashlib.sha256(data).digest()
    else:
        data = FileBytes(path)
        digest = data.digest()
    key = _key(digest, path)
    entry = (cache or cache_dir()) / PARSED_DIR / f"{key}.pickle"
    face = _load(entry, data)
    if face is not None:
        return face
    face = TTFontFace(str(path))
    face._ttf_data = data  # the same bytes, read when needed
    fields = {k: v for k, v in face.__dict__.items() if k not in _NOT_STORED}
    payload = pickle.dumps((_FORMAT, fields), protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError, WriteError):  # a cache only saves time
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, hashlib.sha256(payload).digest() + payload)
    return face


class FileBytes:
    """A font file's bytes as ReportLab reads them — ``data[i]``,
    ``data[a:b]``, ``len(data)`` — each slice read from the open file."""

    def __init__(self, path: Path) -> None:
        self.handle = open(path, "rb")  # noqa: SIM115 - open as long as the face lives
        self.size = os.fstat(self.handle.fileno()).st_size
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, int):
            if key < 0:
                key += self.size
            chunk = self._read(key, 1)
            if not chunk:
                raise IndexError("font data index out of range")
            return chunk[0]
        start, stop, step = key.indices(self.size)
        if step != 1:
            return self._read(0, self.size)[key]
        return self._read(start, max(0, stop - start))

    def _read(self, start: int, length: int) -> bytes:
        with self.lock:
            self.handle.seek(start)
            return self.handle.read(length)

    def digest(self) -> bytes:
        """SHA-256 of the whole file, read in chunks."""
        with self.lock:
            self.handle.seek(0)
            return hashlib.file_digest(self.handle, "sha256").digest()

    def __del__(self) -> None:
        handle = getattr(self, "handle", None)
        if handle is not None:  # at any time, the interpreter's end too
            handle.close()


def _key(digest: bytes, path: Path) -> str:
    """The entry of the file of SHA-256 ``digest`` read from ``path``: the
    path too, because ReportLab keeps it and uses it (a font without a
    PostScript name is named after its file)."""
    versions = f"{__version__}\0{REPORTLAB_VERSION}\0{sys.version_info[:2]}\0{_FORMAT}\0{path}"
    return hashlib.sha256(versions.encode() + digest).hexdigest()


def _load(entry: Path, data: FileBytes | bytes) -> Any:
    """The face stored in ``entry`` over ``data``, or None (absent, damaged,
    of another format)."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    digest, payload = raw[:_DIGEST], raw[_DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        version, fields = pickle.loads(payload)
    except Exception:  # written by us, checked above: only a bug gets here
        return None
    if version != _FORMAT or not isinstance(fields, dict):
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(fields)
    face._ttf_data = data
    face._pdfScale = _scale(face.unitsPerEm)
    return face


def _scale(units_per_em: int) -> Any:
    """ReportLab's font-unit → 1/1000 em conversion (a lambda, which
    pickle cannot store), as ``extractInfo`` makes it."""
    if units_per_em == 1000:
        return _same
    return functools.partial(operator.mul, 1000 / units_per_em)  # x * (1000/upm), exactly


def _same(x: Any) -> Any:
    return x
