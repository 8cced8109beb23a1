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

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from ..errors import Diagnostic, IssueError, JianbaoError, Location
from ..model import Issue
from .load import Document, load_bytes, load_path, load_text
from .schema import validate
from .series import with_series

Source = Union[str, "os.PathLike[str]", bytes, Mapping[str, object]]


@dataclass(frozen=True)
class Loaded:
    """An issue loaded, laid over its series and validated."""

    issue: Issue
    doc: Document
    series: Path | None  # the series file laid under it
    path: Path | None  # the issue file; None for bytes or a mapping


def read_issue(source: Source, series: Path | None = None, *, name: str | None = None) -> Loaded:
    """Load ``source``, lay it over its series (``series``: the one for an
    issue that names none) and validate it.  ``name`` names bytes or a
    mapping in messages; a path is named as given.

    ``TypeError`` for a source of another type; ``JianbaoError`` for a
    ``str`` that holds an issue's text rather than a path."""
    if not isinstance(source, str | bytes | Mapping | os.PathLike):
        message = "an issue source is a path, bytes or a mapping, not"
        raise TypeError(f"{message} {type(source).__name__}")
    if isinstance(source, str) and "\n" in source:
        raise JianbaoError(
            "a str source is the path of an issue file, and this one has line breaks: "
            "to pass the issue's text, pass bytes (text.encode())"
        )
    path = None
    if isinstance(source, bytes):
        sourced = with_series(load_bytes(source, name or "<bytes>"), None, series)
    elif isinstance(source, Mapping):
        try:
            text = json.dumps(source, ensure_ascii=False, indent=2, default=str)
        except ValueError:  # an int of over 4300 digits cannot even be written out
            where = Location(name or "<data>", 1, 1)
            message = "a number in the data has more than 4300 digits"
            hint = "期号 (number) is at most 9999, total 99999, copies 1000000"
            raise IssueError([Diagnostic(where, message, hint)]) from None
        sourced = with_series(load_text(text, name or "<data>"), None, series)
    else:
        path = Path(source)
        sourced = with_series(load_path(path), path.parent, series)
    return Loaded(validate(sourced.doc), sourced.doc, sourced.series, path)
