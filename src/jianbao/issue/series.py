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
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard

import yaml

from ..errors import Diagnostic, IssueError, Location
from ..fsutil import read_input
from ..i18n import N_, _
from ..model import IssueKind, Masthead, Text
from ..records import dataclass
from .load import Document, MapNode, Scalar, load_path, merge

SERIES_FILE = "jianbao.yaml"
ISSUE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Sourced:
    """An issue's document with its series laid under it."""

    doc: Document
    series: Path | None = None


def find_series(folder: Path) -> Path | None:
    """The ``jianbao.yaml`` in ``folder`` or its nearest parent, if any.

    A folder of that name in the way is an ``IssueError``: skipping it
    would render the issues without the series they were written for."""
    folder = folder.resolve()
    for place in (folder, *folder.parents):
        candidate = place / SERIES_FILE
        if candidate.is_file():
            return candidate
        if candidate.is_dir():
            message = _("the series file {path} is a folder").format(path=_shown(candidate))
            hint = _("rename the folder, or put the series file in its place")
            raise IssueError([Diagnostic(None, message, hint)])
    return None


def issue_files(folder: Path, unreadable: list[OSError] | None = None) -> list[Path]:
    """Issue files under ``folder``, recursively and sorted: hidden files
    and folders, series files (``jianbao.yaml``) and what is there but no
    regular file (a FIFO would wait forever, a link to /dev/zero never
    end) aside; a broken link is kept, for reading it to report.
    A folder that cannot be listed is added to ``unreadable``."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=_collect(unreadable)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name == SERIES_FILE:
                continue
            path = Path(dirpath) / name
            special = path.exists() and not path.is_file()  # a broken link is told
            if path.suffix.lower() in ISSUE_SUFFIXES and not special:
                out.append(path)
    return out


def _collect(into: list[OSError] | None) -> Callable[[OSError], None] | None:
    return into.append if into is not None else None


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
    if not path.is_file() or (named is not None and same_file(path, Path(doc.file))):
        raise IssueError([_unusable(path, named, folder, doc)])
    path = _shown(path)
    series = load_path(path)
    _check_series(series)
    return Sourced(merge(series, doc), path)


def _unusable(path: Path, named: Text | None, folder: Path | None, doc: Document) -> Diagnostic:
    """Why the series file at ``path`` (``named`` by the issue, or given by
    the caller) cannot be read: a folder, the issue itself, or nothing."""
    where = named.origin if named is not None else None
    shown = named.value.strip() if named is not None else str(path)
    if path.is_dir():
        inside = f"{shown.rstrip('/')}/{SERIES_FILE}"
        message = _("series file '{path}' is a folder").format(path=shown)
        hint = _("name the file inside it, e.g. series: {inside}").format(inside=inside)
        return Diagnostic(where, message, hint)
    if path.is_file():  # named, and the issue itself
        message = _("series: names this issue file itself")
        hint = _("name the series file, e.g. series: {file}, or remove the key").format(
            file=SERIES_FILE
        )
        return Diagnostic(where, message, hint)
    relative = (
        _("the path is relative to the issue file's folder")
        if folder
        else _("the path is relative to the working folder")
    )
    message = _("series file '{path}' not found").format(path=shown)
    return Diagnostic(where, message, relative if named else None)


def _check_series(series: Document) -> None:
    root = series.root
    if root is None:
        return
    if not isinstance(root, MapNode):
        message = _("a series file must be a mapping of keys (masthead:, colophon: …)")
        raise IssueError([Diagnostic(root.location, message)])
    entry = root.entry("series")
    if entry is not None:
        hint = _("a series file cannot name another series; move its keys here")
        message = _("'series' in a series file")
        raise IssueError([Diagnostic(entry.key_location, message, hint)])


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
# Sequence: numbers, running numbers and dates of the issues of one series.

Kind = IssueKind

# The masthead key that holds each kind's number: ``number: 8`` (第8期),
# ``supplement: 1`` (增刊第1期) or ``supplement: true`` (增刊), ``special:`` (特刊).
NUMBER_KEYS: dict[Kind, str] = {
    "regular": "number",
    "supplement": "supplement",
    "special": "special",
}
# The warnings about the 期号 of each kind, each a whole sentence (with the
# 期号 as printed, 增刊第2期, after a number of a supplement or special issue).
_ALSO_USED: dict[Kind, str] = {
    "regular": N_("issue number {number} of {year} is also used by {file}"),
    "supplement": N_(
        "supplement number {number} of {year} (增刊第{number}期) is also used by {file}"
    ),
    "special": N_(
        "special issue number {number} of {year} (特刊第{number}期) is also used by {file}"
    ),
}
_OWN_NUMBER: dict[Kind, str] = {
    "regular": N_("give each issue its own number"),
    "supplement": N_("give each supplement its own number"),
    "special": N_("give each special issue its own number"),
}
_MISSING: dict[Kind, str] = {
    "regular": N_("no issue {missing} of {year} between {first} and {second}"),
    "supplement": N_(
        "no supplement {missing} of {year} (增刊第{missing}期) between {first} and {second}"
    ),
    "special": N_(
        "no special issue {missing} of {year} (特刊第{missing}期) between {first} and {second}"
    ),
}
_DATED_BEFORE: dict[Kind, str] = {
    "regular": N_("issue {number} is dated {date}, before issue {other} ({other_date}, {file})"),
    "supplement": N_(
        "supplement {number} (增刊第{number}期) is dated {date}, "
        "before supplement {other} ({other_date}, {file})"
    ),
    "special": N_(
        "special issue {number} (特刊第{number}期) is dated {date}, "
        "before special issue {other} ({other_date}, {file})"
    ),
}
_DATED_AFTER: dict[Kind, str] = {
    "regular": N_("issue {number} is dated {date}, after issue {other} ({other_date}, {file})"),
    "supplement": N_(
        "supplement {number} (增刊第{number}期) is dated {date}, "
        "after supplement {other} ({other_date}, {file})"
    ),
    "special": N_(
        "special issue {number} (特刊第{number}期) is dated {date}, "
        "after special issue {other} ({other_date}, {file})"
    ),
}


@dataclass(frozen=True)
class Numbered:
    """Where one issue sits in its series: its kind and 期号 (None: 增刊 or
    特刊 without a number), its date and its running number (总第 N 期,
    ``total``), with locations (``total_at`` None: at ``number_at``)."""

    series: str
    file: str
    number: int | None
    number_at: Location
    date: dt.date
    date_at: Location
    kind: Kind = "regular"
    total: int | None = None
    total_at: Location | None = None


def numbered(doc: Document, series: Path | None, masthead: Masthead) -> Numbered | None:
    """The sequence entry of a validated issue (its ``masthead``), or None
    outside a series."""
    if series is None:
        return None
    return Numbered(
        str(series.resolve()),
        doc.file,
        masthead.number,
        doc.location(("masthead", NUMBER_KEYS[masthead.kind])),
        masthead.date,
        doc.location(("masthead", "date")),
        kind=masthead.kind,
        total=masthead.total,
        total_at=None if masthead.total is None else doc.location(("masthead", "total")),
    )


def sequence_warnings(
    issues: Iterable[Numbered], context: Iterable[Numbered] = ()
) -> list[Diagnostic]:
    """Warnings about the issues of each series among ``issues`` and
    ``context`` (the other issues of their series, e.g. ``neighbours``):

    - per kind (regular, 增刊, 特刊) and year: duplicated 期号, missing
      numbers and dates out of order (``_number_warnings``);
    - across all years: the same for running numbers (总第 N 期), and, per
      year, running numbers that do not count on with 期号
      (``_total_warnings``).

    Only what involves one of ``issues`` is reported, each warning placed in
    one of them."""
    issues = list(issues)
    mine = _Mine(frozenset(map(id, issues)))
    names = {i.series for i in issues}
    every = issues + [i for i in context if i.series in names]
    runs: dict[tuple[str, Kind, int], list[Numbered]] = defaultdict(list)
    for issue in every:
        if issue.number is not None:
            runs[(issue.series, issue.kind, issue.date.year)].append(issue)
    out: list[Diagnostic] = []
    for (_series, kind, year), run in sorted(runs.items()):
        out += _number_warnings(run, kind, year, mine)
    for name in sorted(names):
        out += _total_warnings([i for i in every if i.series == name], mine)
    return sorted(out, key=lambda d: d.location or Location("", 0, 0))


@dataclass(frozen=True)
class _Mine:
    """The issues warnings are about (by ``id``), and where to place them."""

    ids: frozenset[int]

    def __contains__(self, issue: Numbered) -> bool:
        return id(issue) in self.ids

    def place(self, first: Numbered, second: Numbered) -> tuple[Numbered, Numbered] | None:
        """(where to warn, the other one): ``second`` if it is one of them,
        else ``first`` if it is, else None."""
        if second in self:
            return second, first
        if first in self:
            return first, second
        return None


def _number_warnings(run: list[Numbered], kind: Kind, year: int, mine: _Mine) -> list[Diagnostic]:
    """Duplicated 期号, missing numbers and dates out of order in ``run``:
    the numbered issues of one kind, series and year."""
    # one of the issues warned about comes first among issues of one number
    run = sorted(run, key=lambda i: (i.number, i not in mine, i.date, i.file))
    by_number: dict[int, Numbered] = {}
    out: list[Diagnostic] = []
    for issue in run:
        assert issue.number is not None
        first = by_number.setdefault(issue.number, issue)
        placed = mine.place(first, issue) if first is not issue else None
        if placed is not None:
            at, other = placed
            message = _(_ALSO_USED[kind]).format(number=issue.number, year=year, file=other.file)
            out.append(_warning(at.number_at, message, _(_OWN_NUMBER[kind])))
    for (n, before), (m, after) in itertools.pairwise(sorted(by_number.items())):
        placed = mine.place(before, after)
        if placed is None:
            continue
        at, _other = placed
        if m - n > 1:
            message = _(_MISSING[kind]).format(
                missing=_span(n + 1, m - 1), year=year, first=before.file, second=after.file
            )
            out.append(_warning(at.number_at, message))
        if after.date < before.date:
            (this, i), (other, j) = (
                ((after, m), (before, n)) if at is after else ((before, n), (after, m))
            )
            dated = _DATED_BEFORE if at is after else _DATED_AFTER
            message = _(dated[kind]).format(
                number=i,
                date=this.date.isoformat(),
                other=j,
                other_date=other.date.isoformat(),
                file=other.file,
            )
            out.append(_warning(at.date_at, message, _("check the date or the number")))
    return out


def _total_warnings(group: list[Numbered], mine: _Mine) -> list[Diagnostic]:
    """Duplicated running numbers (总第 N 期), missing ones and dates out of
    order among the issues of one series (``group``) that carry one, then
    ``_count_warnings``.  Two regular issues of one year are left to their
    期号 (``_number_warnings``, ``_count_warnings``): between them a gap in
    running numbers is a gap in 期号 or a running number that does not
    count on, and dates out of order are told by 期号."""
    # one of the issues warned about comes first among issues of one total
    totalled = sorted(
        ((i.total, i) for i in group if i.total is not None),
        key=lambda pair: (pair[0], pair[1] not in mine, pair[1].date, pair[1].file),
    )
    by_total: dict[int, Numbered] = {}
    out: list[Diagnostic] = []
    for total, issue in totalled:
        first = by_total.setdefault(total, issue)
        if first is issue or (_one_year(first, issue) and first.number == issue.number):
            continue  # the same 期号 as well: its warning tells it
        placed = mine.place(first, issue)
        if placed is not None:
            at, other = placed
            message = _("running number {total} (总第{total}期) is also used by {file}").format(
                total=total, file=other.file
            )
            hint = _("give each issue its own running number (total:)")
            out.append(_warning(_total_at(at), message, hint))
    for (t, before), (u, after) in itertools.pairwise(sorted(by_total.items())):
        placed = mine.place(before, after)
        if placed is None or _one_year(before, after):
            continue
        at, _other = placed
        if u - t > 1:
            message = _("no issue 总第{missing}期 between {first} and {second}").format(
                missing=_span(t + 1, u - 1), first=before.file, second=after.file
            )
            out.append(_warning(_total_at(at), message))
        if after.date < before.date:
            (this, i), (other, j) = (
                ((after, u), (before, t)) if at is after else ((before, t), (after, u))
            )
            dated = (
                _(
                    "issue 总第{number}期 is dated {date}, "
                    "before issue 总第{other}期 ({other_date}, {file})"
                )
                if at is after
                else _(
                    "issue 总第{number}期 is dated {date}, "
                    "after issue 总第{other}期 ({other_date}, {file})"
                )
            )
            message = dated.format(
                number=i,
                date=this.date.isoformat(),
                other=j,
                other_date=other.date.isoformat(),
                file=other.file,
            )
            hint = _("check the date or the running number (total:)")
            out.append(_warning(_total_at(at), message, hint))
    return out + _count_warnings(group, mine)


class _Counted(NamedTuple):
    """A regular issue with its 期号 and running number."""

    number: int
    total: int
    issue: Numbered


def _count_warnings(group: list[Numbered], mine: _Mine) -> list[Diagnostic]:
    """Running numbers that do not count on with 期号 among the regular
    issues of one series (``group``), year by year: from one issue to the
    next the running number goes up by the difference of their 期号, plus
    the running numbers of 增刊 and 特刊 in between.

    Each issue is compared with the one before it; after an issue that does
    not fit, the next one is also compared with the last one that did, so a
    single wrong running number is told once, and a changed count once."""
    taken = {i.total for i in group if i.kind != "regular" and i.total is not None}
    years: dict[int, dict[int, _Counted]] = defaultdict(dict)
    # one of the issues warned about stands for its number
    for issue in sorted(group, key=lambda i: (i not in mine, i.date, i.file)):
        if issue.kind == "regular" and issue.number is not None and issue.total is not None:
            counted = _Counted(issue.number, issue.total, issue)
            years[issue.date.year].setdefault(issue.number, counted)
    out: list[Diagnostic] = []
    for year, chain in sorted(years.items()):
        ordered = [chain[n] for n in sorted(chain)]
        fits = ordered[0]  # the last issue whose running number fits
        for before, after in itertools.pairwise(ordered):
            expected = _counted_on(before, after.number, taken)
            if after.total == expected or (
                before is not fits and after.total == _counted_on(fits, after.number, taken)
            ):
                fits = after
                continue
            placed = mine.place(before.issue, after.issue)
            if placed is None:
                continue
            at, _other = placed
            this, other = (after, before) if at is after.issue else (before, after)
            message = _(
                "issue {number} of {year} is 总第{total}期, but issue {other} "
                "({file}) is 总第{other_total}期: "
                "expected 总第{expected}期 for issue {after}"
            ).format(
                number=this.number,
                year=year,
                total=this.total,
                other=other.number,
                file=other.issue.file,
                other_total=other.total,
                expected=expected,
                after=after.number,
            )
            hint = _(
                "总第 goes up by one with each issue (增刊 and 特刊 that carry one included); "
                "check total: or number:"
            )
            out.append(_warning(_total_at(at), message, hint))
    return out


def _counted_on(start: _Counted, number: int, taken: Collection[int]) -> int:
    """The running number of regular issue ``number`` counting on from
    ``start`` (an issue before it): one for each issue, skipping the running
    numbers ``taken`` by 增刊 and 特刊."""
    total, steps = start.total, number - start.number
    while steps > 0:
        total += 1
        if total not in taken:
            steps -= 1
    return total


def _one_year(a: Numbered, b: Numbered) -> bool:
    """Whether ``a`` and ``b`` are numbered regular issues of one year."""
    regular = a.kind == b.kind == "regular" and a.number is not None and b.number is not None
    return regular and a.date.year == b.date.year


def _total_at(issue: Numbered) -> Location:
    return issue.number_at if issue.total_at is None else issue.total_at


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
    of ``series_path``), each with its kind, number, date and running number.

    A quick look, for sequence warnings: no validation and no locations
    (each entry is located at 1:1 of its file).  The kind, number and date
    come from the issue's masthead or else the series'; the running number
    (``total``) only from the issue's, as it is one issue's own.  A file that
    does not parse, has no date, or neither a positive ``number`` nor
    ``supplement:``/``special:`` (a positive number or ``true``) is left out,
    and so are the files in ``skip`` (``file_key``s)."""
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
        masthead = fallback | own
        kind = _kind(masthead)
        date = masthead.get("date")
        if kind is None or not isinstance(date, dt.date):
            continue
        name = str(_shown(path))
        where = Location(name, 1, 1)
        number = masthead.get(NUMBER_KEYS[kind])
        total = own.get("total")
        out.append(
            Numbered(
                str(series.resolve()),
                name,
                number if _positive(number) else None,
                where,
                date,
                where,
                kind=kind,
                total=total if _positive(total) else None,
            )
        )
    return out


def _kind(masthead: dict[str, object]) -> Kind | None:
    """Which kind of issue a peeked masthead is: 增刊 or 特刊 if it says so
    (a positive number or ``true``), else regular if it has a number."""
    for kind in ("supplement", "special"):
        value = masthead.get(kind)
        if value is True or _positive(value):
            return kind
    return "regular" if _positive(masthead.get("number")) else None


def _positive(value: object) -> TypeGuard[int]:
    """Whether ``value`` is a whole number (``_scalar`` passes only positive
    ones), not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def peek(path: Path) -> yaml.MappingNode | None:
    """The top-level mapping of a YAML or JSON file, composed only (no
    locations), or None if it is not one or cannot be read (read as
    ``load.read_input`` reads: no pipe, no device, nothing too large)."""
    try:
        root = yaml.compose(read_input(path).decode("utf-8-sig"), Loader=_LOADER)
    except (IssueError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
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
    """The value of ``key`` in ``mapping`` if it is a plain scalar: a
    positive int, a bool, a date or a string; else None."""
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
        if v.tag.endswith(":bool"):
            return yaml.constructor.SafeConstructor.bool_values.get(v.value.lower())
        if v.tag.endswith((":timestamp", ":str")) and _ISO_DATE.fullmatch(v.value.strip()):
            try:
                return dt.date.fromisoformat(v.value.strip())
            except ValueError:
                return None
        return v.value if v.tag.endswith(":str") else None
    return None


def _masthead(root: yaml.MappingNode | None) -> dict[str, object]:
    """The number (of its kind), running number and date a file's masthead
    gives, where it gives them."""
    if root is None:
        return {}
    node = next(
        (v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "masthead"),
        None,
    )
    if not isinstance(node, yaml.MappingNode):
        return {}
    out: dict[str, object] = {}
    for key in (*NUMBER_KEYS.values(), "total", "date"):
        value = _scalar(node, key)
        if value is not None:
            out[key] = value
    return out


def _warning(where: Location, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(where, message, hint, "warning")


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
