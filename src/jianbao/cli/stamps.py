"""Stamps: what, besides its inputs' contents, a PDF was made with.

In: a session and an issue (``stamp``), the PDFs a run wrote (``record_stamps``).
Out: the stamp of a PDF, the index of stamps beside it, and whether a PDF is
up to date with its inputs (``up_to_date``).

An up-to-date PDF must be newer than its inputs (``up_to_date``) *and* made
with the same jianbao, the same font options and the same font files as
now: a different --font, --font-dir, --config, --allow-missing or --series
must render again.  That "same" is a stamp, a hash (``stamp``), kept in a
small index beside the PDFs, ``.jianbao-stamps.json`` in each folder that
holds outputs: PDF file name → stamp, and the PDF's size and mtime when
the stamp was recorded.

Why not inside the PDF (its /Keywords, say)?  The PDF is written by the
pipeline, which must stay byte-for-byte reproducible: the same issue gives
the same bytes whatever folder the fonts were found in; reading a stamp
back would also mean parsing every PDF of a batch.  Why one index per
folder rather than one per run's output root?  The same index is found
however the PDF was made (a folder, a glob, --out-dir, one named file), so
runs over a tree and over a part of it agree.  The PDF's size and mtime
in the entry catch a PDF replaced since (``jianbao render ONE.yaml``, the
API, a copy): the entry no longer matches and the PDF is rendered again.
Hidden (a leading dot), so folder scans pass it by; losing or deleting it
costs one render of each PDF, never a wrong skip.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import IssueError, JianbaoError
from ..fsutil import dump_json, read_input, write_atomic
from ..i18n import N_, _
from ..issue.read import Loaded
from ..pipeline import Session
from ..version import __version__


def up_to_date(output: Path, sources: Iterable[Path]) -> bool:
    """Whether ``output`` exists and is newer than every one of ``sources``."""
    try:
        made = output.stat().st_mtime_ns
        return all(made > source.stat().st_mtime_ns for source in sources)
    except OSError:
        return False


STAMPS_FILE = ".jianbao-stamps.json"
_STAMPS_FORMAT = 1


def stamp(session: Session, loaded: Loaded) -> str:
    """The stamp of the PDF ``session`` would make of ``loaded``: jianbao's
    version, the font options (--font, --font-dir, --config,
    --allow-missing, --series), --draft and the font files chosen (path,
    size, mtime)."""
    options = session.options
    fonts = options.fonts
    files = []
    for path in session.font_files(loaded):
        try:
            st = path.stat()
            files.append([_abs(path), st.st_size, st.st_mtime_ns])
        except OSError:
            files.append([_abs(path), None, None])
    data = {
        "jianbao": __version__,
        "series": None if options.series is None else _abs(options.series),
        "fonts": [[c.role, [n.value for n in c.names]] for c in fonts.fonts],
        "font_dirs": [_abs(d) for d in fonts.font_dirs],
        "config": None if fonts.config is None else _abs(fonts.config),
        "allow_missing": fonts.allow_missing,
        "draft": options.draft,
        "font_files": files,
    }
    text = dump_json(data, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_stamps(folder: Path) -> dict[str, Any]:
    """The stamp entries of ``folder``'s index (empty if none or unreadable)."""
    return load_stamps(folder)[0]


def load_stamps(folder: Path) -> tuple[dict[str, Any], str | None]:
    """The stamp entries of ``folder``'s index, and what is wrong with the
    index if it is there but cannot be used: damaged, not JSON, nested past
    reason, of another shape, a folder or a FIFO (never waited for).  A bad
    index is as none: every PDF is rendered again and the index rewritten."""
    path = folder / STAMPS_FILE
    if not os.path.lexists(path):
        return {}, None
    try:
        data = json.loads(read_input(path, _STAMPS_LIMIT, N_("a stamps index")).decode("utf-8"))
    except IssueError as exc:
        return {}, exc.diagnostics[0].message
    except RecursionError:
        return {}, _("{path} is nested too deeply to be a stamps index").format(path=path)
    except ValueError as exc:  # not UTF-8, not JSON
        return {}, _("{path} is damaged ({error})").format(path=path, error=type(exc).__name__)
    pdfs = data.get("pdfs") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != _STAMPS_FORMAT:
        return {}, _("{path} is not a stamps index of this jianbao").format(path=path)
    if not isinstance(pdfs, dict):
        return {}, _("{path} is damaged (no 'pdfs' mapping)").format(path=path)
    return pdfs, None


# A stamps index holds ~150 bytes a PDF: 16 MiB is 100,000 PDFs in a folder.
_STAMPS_LIMIT = 16 * 1024 * 1024


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
        if os.path.lexists(index_path) and not index_path.is_file():
            continue  # a folder or a FIFO in its place: let it be (it was said)
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
        text = dump_json(data, indent=1) + "\n"
        with contextlib.suppress(JianbaoError, OSError):
            write_atomic(index_path, text.encode("utf-8"))


def entry_current(entry: object, output: Path, mark: str) -> bool:
    """Whether an index entry records ``mark`` for ``output`` as it is now."""
    if not isinstance(entry, dict):
        return False
    try:
        st = output.stat()
    except OSError:
        return False
    return entry == {"stamp": mark, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _abs(path: Path) -> str:
    return os.path.abspath(path)
