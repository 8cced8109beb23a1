"""ReportLab's parse of a TrueType file, kept between runs.

In: a font file.  Out: ReportLab's ``TTFontFace`` of it — the tables its
``extractInfo`` reads (cmap, widths, glyph offsets, metrics) — parsed once
and then loaded from the user's cache folder.  ``extractInfo`` is pure
Python and reads every glyph's metrics one ``struct.unpack`` at a time:
~70 ms for each CJK face, a third of a cold render of the flagship.

The entry stores the big per-character and per-glyph tables as arrays of
machine integers, not as pickled dicts and lists of 10,000 Python objects
each (~8 ms a face to unpickle in a fresh process, most of it allocating):
the character map and widths become dicts again in C (``dict(zip(…))``),
the glyph offsets stay an array, the metrics are read from two arrays as
``(advance, lsb)`` pairs, and the glyph → characters map that only
ReportLab's shaping uses is made from the character map when asked.

The font's bytes are not in the cache, nor kept in memory: ReportLab reads
the whole file into a ``bytes`` object (32 MiB for the five bundled faces,
a third of a render's memory) but then reads only the tables and glyphs a
subset needs.  The face is given a ``FileBytes`` instead, which reads each
slice from the open file when asked.  (Mapping the file with ``mmap`` would
do the same, but a font file copied over in place — ``cp`` truncates it
first — while ``watch`` holds it mapped would end the process with SIGBUS;
a read past the end only comes back short.  On Windows, where a file held
open cannot be replaced or deleted, the bytes are read as ReportLab reads
them.)

An entry is keyed by the SHA-256 of the file's contents (remembered by
path, size and mtime in ``fonthashes-v1.json``, as for converted fonts:
``index.content_hash``), its path (ReportLab keeps it) and the versions of
jianbao, ReportLab and Python (a new font file, a new ReportLab: a new
entry); it holds the SHA-256 of its own payload, checked before it is
unpickled, so a damaged entry (a crash mid-write, a bad disk) is parsed
again and rewritten, never used.  Entries are written atomically.  The
cache folder is the user's own (``fsutil.cache_dir``), as the font index
and the converted fonts are.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import operator
import os
import pickle
import sys
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.ttfonts import TTFontFace

from ..fsutil import WriteError, cache_dir, write_atomic
from ..version import __version__
from .index import content_hash

PARSED_DIR = "parsed-fonts"
_FORMAT = 2
_DIGEST = 32  # bytes of SHA-256 before the payload
# The file itself; a lambda (made again); made from charToGlyph when asked.
_NOT_STORED = ("_ttf_data", "_pdfScale", "glyphToChar")
# Stored as arrays (``_pack``).
_PACKED = ("charToGlyph", "charWidths", "hmetrics", "glyphPos")


def parsed_face(path: Path, cache: Path | None = None) -> Any:
    """ReportLab's ``TTFontFace`` of ``path`` (a TrueType file), from the
    cache when it holds this file's parse, else parsed and stored."""
    folder = cache or cache_dir()
    digest = content_hash(path, folder)
    data: FileBytes | bytes = path.read_bytes() if os.name == "nt" else FileBytes(path)
    entry = folder / PARSED_DIR / f"{_key(digest, path)}.pickle"
    face = _load(entry, data)
    if face is not None:
        return face
    fields = _pack(TTFontFace(str(path)))
    payload = pickle.dumps((_FORMAT, fields), protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError, WriteError):  # a cache only saves time
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, hashlib.sha256(payload).digest() + payload)
    return _face(fields, data)  # as a later run loads it


class CachedFace(TTFontFace):  # type: ignore[misc]  # ReportLab is untyped
    """A ``TTFontFace`` as the cache stores it: the same fields, with
    ``glyphPos`` an array, ``hmetrics`` a view of two arrays and
    ``glyphToChar`` made on first use; its glyph table is read glyph by
    glyph as a subset takes them, not whole (megabytes per CJK face)."""

    def get_table(self, tag: str) -> Any:
        if tag == "glyf":
            return Window(self._ttf_data, *self.get_table_pos(tag))
        return super().get_table(tag)

    @functools.cached_property
    def glyphToChar(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for char, glyph in self.charToGlyph.items():
            out.setdefault(glyph, []).append(char)
        return out


class Metrics:
    """ReportLab's ``hmetrics`` — ``(advance, lsb)`` in font units, per
    glyph — read from two arrays."""

    def __init__(self, advances: array[Any], lsbs: array[int]) -> None:
        self.advances = advances
        self.lsbs = lsbs

    def __len__(self) -> int:
        return len(self.advances)

    def __getitem__(self, glyph: int) -> tuple[float, int]:
        return self.advances[glyph], self.lsbs[glyph]

    def __iter__(self) -> Iterator[tuple[float, int]]:
        return zip(self.advances, self.lsbs, strict=True)


class Window:
    """``length`` bytes of ``data`` from ``start``, sliced as a ``bytes``
    of them would be, each slice read when asked."""

    def __init__(self, data: FileBytes | bytes, start: int, length: int) -> None:
        self.data = data
        self.start = start
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key: slice) -> bytes:
        begin, end, step = key.indices(self.length)
        if step != 1:
            raise ValueError("a font table is read in runs of bytes")
        return bytes(self.data[self.start + begin : self.start + max(begin, end)])


def _pack(face: Any) -> dict[str, Any]:
    """The fields of ``face`` to store: ``_PACKED`` ones as arrays."""
    fields = {k: v for k, v in face.__dict__.items() if k not in _NOT_STORED + _PACKED}
    cmap, widths = face.charToGlyph, face.charWidths
    fields["charToGlyph"] = (array("L", cmap), array("L", cmap.values()))
    fields["charWidths"] = (array("L", widths), _numbers(widths.values()))
    # The advances past hhea's numberOfHMetrics are the last one *scaled*, as
    # ReportLab keeps them: floats for a font of other than 1000 units per em.
    metrics = face.hmetrics
    fields["hmetrics"] = (_numbers(m[0] for m in metrics), array("l", (m[1] for m in metrics)))
    fields["glyphPos"] = array("L", face.glyphPos)
    return fields


def _numbers(values: Iterable[float]) -> array[Any]:
    """``values`` in an array of their own type: integers (widths of a font
    of 1000 units per em) or floats (scaled from another unit)."""
    listed = list(values)
    return array("q" if all(type(v) is int for v in listed) else "d", listed)


def _unpack(fields: dict[str, Any]) -> dict[str, Any]:
    codes, glyphs = fields["charToGlyph"]
    fields["charToGlyph"] = dict(zip(codes, glyphs, strict=True))
    codes, widths = fields["charWidths"]
    fields["charWidths"] = dict(zip(codes, widths, strict=True))
    fields["hmetrics"] = Metrics(*fields["hmetrics"])
    return fields


class FileBytes:
    """A font file's bytes as ReportLab reads them — ``data[i]``,
    ``data[a:b]``, ``len(data)`` — each slice read from the open file with
    one ``pread`` (no shared file position, so no lock between threads)."""

    def __init__(self, path: Path) -> None:
        self.handle = open(path, "rb", buffering=0)  # noqa: SIM115 - open as long as the face lives
        self.fd = self.handle.fileno()
        self.size = os.fstat(self.fd).st_size

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
        return os.pread(self.fd, length, start)

    def __del__(self) -> None:
        handle = getattr(self, "handle", None)
        if handle is not None:  # at any time, the interpreter's end too
            handle.close()


def _key(digest: str, path: Path) -> str:
    """The entry of the file of SHA-256 ``digest`` read from ``path``: the
    path too, because ReportLab keeps it and uses it (a font without a
    PostScript name is named after its file)."""
    versions = f"{__version__}\0{REPORTLAB_VERSION}\0{sys.version_info[:2]}\0{_FORMAT}\0{path}"
    return hashlib.sha256(f"{versions}\0{digest}".encode()).hexdigest()


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
    return _face(fields, data)


def _face(fields: dict[str, Any], data: FileBytes | bytes) -> CachedFace:
    """The face of stored ``fields`` over the file's ``data``."""
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update(_unpack(dict(fields)))
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
