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

An entry also says, for a re-run, what the PDF was made of (``quick``):
the files it read, each with its size and mtime, a ``run`` key (jianbao,
the options, and a fingerprint of every font file where a name could
resolve to) and the issue's place in its series.  ``quick_current`` tells
from that, before the issue is even read, that nothing changed: an
up-to-date archive of 350 issues is skipped in well under a second instead
of being loaded and validated issue by issue.  Anything it cannot vouch
for (an entry without it, another run key, a file changed, newer than
the PDF or gone) leaves the decision to the full check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import IssueError, JianbaoError, Location
from ..fonts.index import fingerprint
from ..fsutil import dump_json, read_input, write_atomic
from ..i18n import N_, _
from ..issue.read import Loaded
from ..issue.series import Numbered
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
    """The stamp of the PDF ``session`` would make of ``loaded``: the issue
    file it is made from (two archives rendered into one --out-dir write
    the same PDF names), jianbao's version, the font options (--font,
    --font-dir, --config, --allow-missing, --series), --draft and the font
    files chosen (path, size, mtime)."""
    files = []
    for path in session.font_files(loaded):
        try:
            st = path.stat()
            files.append([_abs(path), st.st_size, st.st_mtime_ns])
        except OSError:
            files.append([_abs(path), None, None])
    issue = None if loaded.path is None else _abs(loaded.path)
    return _hash(session, {"issue": issue, "files": files})


def _hash(session: Session, font_files: object) -> str:
    """The hash of jianbao's version, the run's options and ``font_files``."""
    options = session.options
    fonts = options.fonts
    data = {
        "jianbao": __version__,
        "series": None if options.series is None else _abs(options.series),
        "fonts": [[c.role, [n.value for n in c.names]] for c in fonts.fonts],
        "font_dirs": [_abs(d) for d in fonts.font_dirs],
        "config": None if fonts.config is None else _abs(fonts.config),
        "allow_missing": fonts.allow_missing,
        "draft": options.draft,
        "font_files": font_files,
    }
    return hashlib.sha256(dump_json(data, sort_keys=True).encode("utf-8")).hexdigest()


def run_key(session: Session) -> str:
    """What, besides its files, decides a PDF before its issue is read:
    jianbao's version, the options (as ``stamp``) and the fingerprint of
    the font folders searched (a font added anywhere may change a name's
    resolution).  Once per session: a walk of the font folders."""
    return _hash(session, fingerprint(session.selector.dirs()))


def quick_record(run: str, inputs: Iterable[Path], seq: Numbered | None) -> dict[str, Any]:
    """The ``quick`` part of a PDF's entry: the run key, its files as they
    are now (size, mtime) and its place in its series."""
    files = []
    for path in inputs:
        try:
            st = path.stat()
        except OSError:
            continue
        files.append([_abs(path), st.st_size, st.st_mtime_ns])
    return {"run": run, "inputs": files, "numbered": None if seq is None else _seq_json(seq)}


def quick_current(entry: object, output: Path, run: str, issue: Path) -> bool:
    """Whether ``entry`` vouches, without reading the issue, that ``output``
    is up to date: made from ``issue`` in a run of key ``run``, unchanged
    since (size and mtime as recorded), and every file it was made of as it
    was then and older than it."""
    if not isinstance(entry, dict):
        return False
    quick = entry.get("quick")
    if not isinstance(quick, dict) or quick.get("run") != run:
        return False
    try:
        st = output.stat()
        if [entry.get("size"), entry.get("mtime_ns")] != [st.st_size, st.st_mtime_ns]:
            return False
        inputs = quick.get("inputs")
        if not isinstance(inputs, list) or _abs(issue) not in [item[0] for item in inputs]:
            return False  # (another issue file writes this PDF now)
        for item in inputs:
            path, size, mtime = item
            now = os.stat(path)
            if [now.st_size, now.st_mtime_ns] != [size, mtime] or mtime >= st.st_mtime_ns:
                return False
    except (OSError, TypeError, ValueError):
        return False
    return True


def quick_numbered(entry: dict[str, Any], file: str) -> Numbered | None:
    """The issue's place in its series as the entry recorded it, named
    ``file`` as this run names it (``None``: outside a series)."""
    data = entry["quick"].get("numbered")
    if data is None:
        return None

    def at(value: list[int] | None) -> Location | None:
        return None if value is None else Location(file, value[0], value[1])

    number_at, date_at = at(data["number_at"]), at(data["date_at"])
    assert number_at is not None and date_at is not None
    return Numbered(
        data["series"], file, data["number"], number_at, dt.date.fromisoformat(data["date"]),
        date_at, kind=data["kind"], total=data["total"], total_at=at(data["total_at"]),
    )  # fmt: skip


def _seq_json(seq: Numbered) -> dict[str, Any]:
    def at(loc: Location | None) -> list[int] | None:
        return None if loc is None else [loc.line, loc.col]

    return {
        "series": seq.series,
        "number": seq.number,
        "number_at": at(seq.number_at),
        "date": seq.date.isoformat(),
        "date_at": at(seq.date_at),
        "kind": seq.kind,
        "total": seq.total,
        "total_at": at(seq.total_at),
    }


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


def record_stamps(made: Iterable[tuple[Path, str, bool, dict[str, Any] | None]]) -> None:
    """Add (PDF, stamp, may start an index, its ``quick`` record) to the
    index of each PDF's folder, each index read, updated and written
    atomically once.  A PDF
    rendered alone (not in a batch) updates an index that exists but starts
    none, so ``-o /tmp/x.pdf`` leaves no index in /tmp.  An index that
    cannot be written is let be: the PDFs are only rendered again."""
    folders: dict[Path, dict[str, tuple[str, dict[str, Any] | None]]] = {}
    start: dict[Path, bool] = {}
    for output, mark, may_start, quick in made:
        folders.setdefault(output.parent, {})[output.name] = (mark, quick)
        start[output.parent] = start.get(output.parent, False) or may_start
    for folder, marks in folders.items():
        index_path = folder / STAMPS_FILE
        if not start[folder] and not index_path.is_file():
            continue
        if os.path.lexists(index_path) and not index_path.is_file():
            continue  # a folder or a FIFO in its place: let it be (it was said)
        entries = read_stamps(folder)
        for name, (mark, quick) in marks.items():
            try:
                st = (folder / name).stat()
            except OSError:
                entries.pop(name, None)
                continue
            entry = {"stamp": mark, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
            if quick is not None:
                entry["quick"] = quick
            entries[name] = entry
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
    kept = {k: entry.get(k) for k in ("stamp", "size", "mtime_ns")}
    return kept == {"stamp": mark, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _abs(path: Path) -> str:
    return os.path.abspath(path)
