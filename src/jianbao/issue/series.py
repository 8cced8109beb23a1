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
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, IssueError, Location
from ..model import Text
from .load import Document, MapNode, Scalar, load_path, merge

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
    node = root.get("series") if isinstance(root, MapNode) else None
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
    if not isinstance(root, MapNode):
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
    return file_key(a) == file_key(b)


def file_key(path: Path) -> str:
    """One spelling per file, for comparing paths: resolved (symlinks
    followed), in the case the system compares.  A path that cannot be
    resolved (a symlink loop, a name too long) is only made absolute."""
    try:
        resolved = str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        resolved = os.path.abspath(path)
    return os.path.normcase(resolved)


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


def sequence_warnings(
    issues: Iterable[Numbered], context: Iterable[Numbered] = ()
) -> list[Diagnostic]:
    """Within each series and year: duplicated 期号, missing numbers and
    dates out of order among ``issues`` and ``context`` (the other issues
    of their series, e.g. ``neighbours``), reporting only what involves one
    of ``issues``, each warning placed in one of them."""
    mine: set[int] = set()
    groups: dict[tuple[str, int], list[Numbered]] = defaultdict(list)
    for issue in issues:
        mine.add(id(issue))
        groups[(issue.series, issue.date.year)].append(issue)
    for issue in context:
        if (issue.series, issue.date.year) in groups:
            groups[(issue.series, issue.date.year)].append(issue)

    def place(first: Numbered, second: Numbered) -> tuple[Numbered, Numbered] | None:
        """(where to warn, the other one): ``second`` if it is one of ``issues``."""
        if id(second) in mine:
            return second, first
        if id(first) in mine:
            return first, second
        return None

    out: list[Diagnostic] = []
    for (_, year), group in sorted(groups.items()):
        # one of ``issues`` comes first among issues of one number
        group.sort(key=lambda i: (i.number, id(i) not in mine, i.date, i.file))
        by_number: dict[int, Numbered] = {}
        for issue in group:
            first = by_number.setdefault(issue.number, issue)
            placed = place(first, issue) if first is not issue else None
            if placed is not None:
                at, other = placed
                message = f"issue number {at.number} of {year} is also used by {other.file}"
                out.append(_warning(at.number_at, message, "give each issue its own number"))
        ordered = [by_number[n] for n in sorted(by_number)]
        for before, after in itertools.pairwise(ordered):
            placed = place(before, after)
            if placed is None:
                continue
            at, _ = placed
            if after.number - before.number > 1:
                missing = _span(before.number + 1, after.number - 1)
                message = f"no issue {missing} of {year} between {before.file} and {after.file}"
                out.append(_warning(at.number_at, message))
            if after.date < before.date:
                hint = "check the date or the number"
                if at is after:
                    message = (
                        f"issue {after.number} is dated {after.date.isoformat()}, before issue "
                        f"{before.number} ({before.date.isoformat()}, {before.file})"
                    )
                else:
                    message = (
                        f"issue {before.number} is dated {before.date.isoformat()}, after issue "
                        f"{after.number} ({after.date.isoformat()}, {after.file})"
                    )
                out.append(_warning(at.date_at, message, hint))
    return sorted(out, key=lambda d: d.location or Location("", 0, 0))


def neighbours(issues: Iterable[Numbered], default: Path | None = None) -> list[Numbered]:
    """The other issues of the series of ``issues``: every issue file in the
    folder tree of each series file that belongs to it (``series_issues``),
    leaving out the files of ``issues``.  ``default``: the series for issue
    files that name none (``--series``)."""
    issues = list(issues)
    taken = {file_key(Path(i.file)) for i in issues}
    out: list[Numbered] = []
    for series in sorted({i.series for i in issues}):
        out += series_issues(Path(series), default, skip=taken)
    return out


def series_issues(
    series: Path, default: Path | None = None, *, skip: Collection[str] = ()
) -> list[Numbered]:
    """The issue files under ``series``' folder that belong to it (the rule
    of ``series_path``), each with its number and date.

    A quick look, for sequence warnings: no validation and no locations
    (each entry is located at 1:1 of its file); a file that does not parse
    or has no positive number and date (of its own or from the series) is
    left out, and so are the files in ``skip`` (``file_key``s)."""
    key = file_key(series)
    base = peek(series)
    fallback = _masthead(base)
    found: dict[str, Path | None] = {}  # folder → the jianbao.yaml that applies there
    out: list[Numbered] = []
    for path in issue_files(series.parent):
        if file_key(path) in skip or file_key(path) == key:
            continue
        root = peek(path)
        if root is None:
            continue
        belongs = peek_series(root, path) or default
        if belongs is None:
            folder = str(path.parent)
            if folder not in found:
                found[folder] = find_series(path.parent)
            belongs = found[folder]
        if belongs is None or file_key(belongs) != key:
            continue
        own = _masthead(root)
        number = own.get("number", fallback.get("number"))
        date = own.get("date", fallback.get("date"))
        if isinstance(number, int) and isinstance(date, dt.date):
            name = str(_shown(path))
            where = Location(name, 1, 1)
            out.append(Numbered(str(series.resolve()), name, number, where, date, where))
    return out


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def peek(path: Path) -> yaml.MappingNode | None:
    """The top-level mapping of a YAML or JSON file, composed only (no
    locations), or None if it is not one or cannot be read."""
    try:
        root = yaml.compose(path.read_text("utf-8-sig"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return root if isinstance(root, yaml.MappingNode) else None


def peek_series(root: yaml.MappingNode, path: Path) -> Path | None:
    """The series file that the ``series:`` key of ``path`` (its ``peek``
    ``root``) names, relative to its folder; None if it names none."""
    named = _scalar(root, "series")
    if isinstance(named, str) and named.strip():
        return path.parent / named.strip()
    return None


def _scalar(mapping: yaml.MappingNode | None, key: str) -> object:
    """The value of ``key`` in ``mapping`` if it is a plain scalar: an int,
    a date or a string; else None."""
    if mapping is None:
        return None
    for k, v in mapping.value:
        if not (isinstance(k, yaml.ScalarNode) and k.value == key):
            continue
        if not isinstance(v, yaml.ScalarNode):
            return None
        if v.tag.endswith(":int"):
            try:
                number = int(v.value)
            except ValueError:
                return None
            return number if number > 0 else None
        if v.tag.endswith((":timestamp", ":str")) and _ISO_DATE.fullmatch(v.value.strip()):
            try:
                return dt.date.fromisoformat(v.value.strip())
            except ValueError:
                return None
        return v.value if v.tag.endswith(":str") else None
    return None


def _masthead(root: yaml.MappingNode | None) -> dict[str, object]:
    """The number and date a file's masthead gives, where it gives them."""
    if root is None:
        return {}
    node = next(
        (v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "masthead"),
        None,
    )
    if not isinstance(node, yaml.MappingNode):
        return {}
    out: dict[str, object] = {}
    for key in ("number", "date"):
        value = _scalar(node, key)
        if value is not None:
            out[key] = value
    return out


def _warning(where: Location, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(where, message, hint, "warning")


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
