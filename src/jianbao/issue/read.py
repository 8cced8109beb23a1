"""Read an issue from any source: load it, lay it over its series, validate it.

In: a source — a path (``str`` or ``os.PathLike``) to a YAML or JSON issue
file, the file's content as ``bytes``, or the issue as a mapping (e.g. from
``json.loads``) — and the series file for an issue that names none.  Out:
``Loaded``: the validated ``Issue``, the located document it came from, the
series file laid under it and the issue file's path; or ``IssueError``
with every problem found.

The series file that applies to a path is its ``series:`` key, else the
one given, else a ``jianbao.yaml`` in its folder or a parent; for bytes or
a mapping, only a ``series:`` key (relative to the working folder) or the
one given applies.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Union

from ..errors import Diagnostic, IssueError, JianbaoError, Location
from ..fsutil import dump_json
from ..i18n import N_, _
from ..model import Issue
from ..records import dataclass
from .load import MAX_DEPTH, Document, KeyPath, load_bytes, load_path, load_text, show
from .reach import Reach, outside, outside_problems, reach_for
from .schema import validate
from .series import series_path, with_series

Source = Union[str, "os.PathLike[str]", bytes, Mapping[str, object]]


@dataclass(frozen=True)
class Loaded:
    """An issue loaded, laid over its series and validated."""

    issue: Issue
    doc: Document
    series: Path | None  # the series file laid under it
    path: Path | None  # the issue file; None for bytes or a mapping
    reach: Reach  # where the files it names may lie


def read_issue(
    source: Source,
    series: Path | None = None,
    *,
    name: str | None = None,
    allow_outside: bool = False,
) -> Loaded:
    """Load ``source``, lay it over its series (``series``: the one for an
    issue that names none) and validate it.  ``name`` names bytes or a
    mapping in messages; a path is named as given.  The files the issue
    names must lie within its reach (``reach``) unless ``allow_outside``.

    ``TypeError`` for a source of another type; ``JianbaoError`` for a
    ``str`` that holds an issue's text rather than a path."""
    if not isinstance(source, str | bytes | Mapping | os.PathLike):
        message = "an issue source is a path, bytes or a mapping, not"
        raise TypeError(f"{message} {type(source).__name__}")
    if isinstance(source, str) and "\n" in source:
        raise JianbaoError(
            _(
                "a str source is the path of an issue file, and this one has line breaks: "
                "to pass the issue's text, pass bytes (text.encode())"
            )
        )
    path = None
    if isinstance(source, bytes):
        doc, folder = load_bytes(source, name or "<bytes>"), None
    elif isinstance(source, Mapping):
        doc, folder = _load_data(source, name or "<data>"), None
    else:
        path = Path(source)
        doc, folder = load_path(path), path.parent
    reach = reach_for(path, series, allow_outside)
    named_path, named = series_path(doc, folder, series)
    if named is not None and named_path is not None and not reach.allows(named_path):
        raise IssueError([outside(named.origin, N_("series file"), named_path, reach)])
    sourced = with_series(doc, folder, series)
    issue = validate(sourced.doc)
    beyond = outside_problems(issue, sourced.doc, reach)
    if beyond:
        raise IssueError(beyond)
    return Loaded(issue, sourced.doc, sourced.series, path, reach)


def _load_data(source: Mapping[str, object], name: str) -> Document:
    """A program's mapping, loaded as the JSON it would be written as, so it
    is validated exactly as a file is; values JSON has no word for are
    reported at their key, not printed as ``b'abc'`` or ``{'甲'}``."""
    bad: list[tuple[KeyPath, str]] = []
    data = _plain_data(source, (), bad)
    try:
        text = dump_json(data, indent=2)
    except ValueError:  # an int of over 4300 digits cannot even be written out
        where = Location(name, 1, 1)
        message = _("a number in the data has more than 4300 digits")
        hint = _("期号 (number) is at most 9999, total 99999, copies 1000000")
        raise IssueError([Diagnostic(where, message, hint)]) from None
    # (dump_json escapes a lone surrogate: the loader names it and its key)
    doc = load_text(text, name)
    if bad:  # what validation would say of the None left in their place is noise
        found = [
            Diagnostic(
                doc.key_location(p),
                _("{path}: {problem}").format(path=show(p), problem=what),
                _(_DATA_HINT),
            )
            for p, what in bad
        ]
        raise IssueError(sorted(doc.problems + tuple(found), key=lambda d: d.location or doc.start))
    return doc


_DATA_HINT = N_("pass text (str), a whole number, true or false, a date, a list or a mapping")


def _plain_data(value: object, path: KeyPath, bad: list[tuple[KeyPath, str]]) -> object:
    """``value`` as JSON's types (dict, list, str, int, float, bool, None);
    a date as its ISO text.  Anything else becomes ``None`` and is recorded
    in ``bad`` with its path; so is nesting deeper than a file may have."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        bad.append((path, _("{value!r} is not a number an issue can hold").format(value=value)))
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if len(path) >= MAX_DEPTH and isinstance(value, Mapping | list | tuple):
        message = _("the data nests more than {depth} levels deep here").format(depth=MAX_DEPTH)
        bad.append((path, message))
        return None
    if isinstance(value, Mapping):
        out: dict[str, object] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                message = _("a key must be text, not {type} {key!r:.40}").format(
                    type=type(key).__name__, key=key
                )
                bad.append((path, message))
                continue
            out[key] = _plain_data(item, (*path, key), bad)
        return out
    if isinstance(value, list | tuple):
        return [_plain_data(item, (*path, i), bad) for i, item in enumerate(value)]
    message = _("{type} is not a value an issue can hold").format(type=type(value).__name__)
    bad.append((path, message))
    return None
