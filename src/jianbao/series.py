"""Series (丛刊): what every issue of one bulletin shares, and how issues follow each other.

In: a loaded issue ``Document`` and the folder it came from.  Out: the
issue laid over its series file (``with_series``), and warnings about a
run of issues of one series (``sequence_warnings``).

A series file holds the keys every issue repeats (masthead name, issuer,
mark, contents, colophon, fonts …).  Which one applies to an issue:

1. the file its ``series:`` key names (relative to the issue's folder);
2. else the one the caller names (``--series FILE``);
3. else a ``jianbao.yaml`` in the issue's folder or the nearest parent.

Issue values override series values key by key; lists replace
(``load.merge``).  Every value keeps the file and line it was written in,
so an error in a series value points into the series file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, IssueError, Location
from .load import Document, Mapping, Scalar, load_path, merge
from .model import Text

SERIES_FILE = "jianbao.yaml"
ISSUE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Sourced:
    """An issue's document with its series laid under it."""

    doc: Document
    series: Path | None = None


def find_series(folder: Path) -> Path | None:
    """The ``jianbao.yaml`` in ``folder`` or its nearest parent, if any."""
    folder = folder.resolve()
    for place in (folder, *folder.parents):
        candidate = place / SERIES_FILE
        if candidate.is_file():
            return candidate
    return None


def issue_files(folder: Path) -> list[Path]:
    """Issue files under ``folder``, recursively and sorted: hidden files
    and folders and series files (``jianbao.yaml``) aside."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name == SERIES_FILE:
                continue
            if Path(name).suffix.lower() in ISSUE_SUFFIXES:
                out.append(Path(dirpath) / name)
    return out


def named_series(doc: Document) -> Text | None:
    """The value of the document's top-level ``series:`` key, if it is text."""
    root = doc.root
    node = root.get("series") if isinstance(root, Mapping) else None
    if isinstance(node, Scalar) and isinstance(node.value, Text) and node.value.value.strip():
        return node.value
    return None


def series_path(
    doc: Document, folder: Path | None, default: Path | None = None
) -> tuple[Path | None, Text | None]:
    """Which series file applies to ``doc`` (see the module docstring), and
    the ``series:`` value that named it (for error locations)."""
    named = named_series(doc)
    if named is not None:
        return (folder or Path.cwd()) / named.value.strip(), named
    if default is not None:
        return default, None
    if folder is not None:
        found = find_series(folder)
        if found is not None and not same_file(found, Path(doc.file)):
            return found, None
    return None, None


def with_series(doc: Document, folder: Path | None, default: Path | None = None) -> Sourced:
    """``doc`` laid over the series file that applies to it.

    ``folder`` is where the issue file is (``None`` for text from stdin: a
    ``series:`` key is then relative to the working folder and no
    ``jianbao.yaml`` is looked for).  Raises ``IssueError`` if the series
    file is missing or broken.
    """
    path, named = series_path(doc, folder, default)
    if path is None:
        return Sourced(doc)
    if not path.is_file():
        where = named.origin if named is not None else None
        shown = named.value.strip() if named is not None else str(path)
        hint = None
        if named is not None:
            where_from = "the issue file's folder" if folder else "the working folder"
            hint = f"the path is relative to {where_from}"
        raise IssueError([Diagnostic(where, f"series file '{shown}' not found", hint)])
    path = _shown(path)
    series = load_path(path)
    _check_series(series)
    return Sourced(merge(series, doc), path)


def _check_series(series: Document) -> None:
    root = series.root
    if root is None:
        return
    if not isinstance(root, Mapping):
        message = "a series file must be a mapping of keys (masthead:, colophon: …)"
        raise IssueError([Diagnostic(root.location, message)])
    entry = root.entry("series")
    if entry is not None:
        hint = "a series file cannot name another series; move its keys here"
        raise IssueError([Diagnostic(entry.key_location, "'series' in a series file", hint)])


def _shown(path: Path) -> Path:
    """``path`` as messages show it: relative to the working folder when
    inside it, else absolute (``2026/../jianbao.yaml`` → ``jianbao.yaml``)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd())
    except ValueError:
        return resolved


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same file."""
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


# ---------------------------------------------------------------------------
# Sequence: numbers and dates of the issues of one series.


@dataclass(frozen=True)
class Numbered:
    """Where one issue sits in its series: 期号 and date, with locations."""

    series: str
    file: str
    number: int
    number_at: Location
    date: dt.date
    date_at: Location


def numbered(doc: Document, series: Path | None, number: int, date: dt.date) -> Numbered | None:
    """The sequence entry of a validated issue, or None outside a series."""
    if series is None:
        return None
    return Numbered(
        str(series.resolve()),
        doc.file,
        number,
        doc.location(("masthead", "number")),
        date,
        doc.location(("masthead", "date")),
    )


def sequence_warnings(issues: Iterable[Numbered]) -> list[Diagnostic]:
    """Within each series and year: duplicated 期号, numbers missing between
    the first and the last issue given, and dates out of order."""
    groups: dict[tuple[str, int], list[Numbered]] = defaultdict(list)
    for issue in issues:
        groups[(issue.series, issue.date.year)].append(issue)
    out: list[Diagnostic] = []
    for (_, year), group in sorted(groups.items()):
        group.sort(key=lambda i: (i.number, i.date, i.file))
        by_number: dict[int, Numbered] = {}
        for issue in group:
            first = by_number.setdefault(issue.number, issue)
            if first is not issue:
                message = f"issue number {issue.number} of {year} is also used by {first.file}"
                out.append(_warning(issue.number_at, message, "give each issue its own number"))
        ordered = [by_number[n] for n in sorted(by_number)]
        for before, after in itertools.pairwise(ordered):
            if after.number - before.number > 1:
                missing = _span(before.number + 1, after.number - 1)
                message = f"no issue {missing} of {year} between {before.file} and {after.file}"
                out.append(_warning(after.number_at, message))
            if after.date < before.date:
                message = (
                    f"issue {after.number} is dated {after.date.isoformat()}, before issue "
                    f"{before.number} ({before.date.isoformat()}, {before.file})"
                )
                out.append(_warning(after.date_at, message, "check the date or the number"))
    return sorted(out, key=lambda d: d.location or Location("", 0, 0))


def _warning(where: Location, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(where, message, hint, "warning")


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
