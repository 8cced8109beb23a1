"""Planning a batch: the command line's inputs become jobs.

In: the inputs (files, folders, globs, ``-`` for stdin), where the PDFs go
(``-o``, ``--out-dir``) and the ``--series`` file.  Out: one ``Job`` per
issue file found, with its output — beside the issue, or mirrored under the
output folder — and failed ``Result``s for arguments that name nothing or
outputs that would collide or overwrite an input.  Folder scans leave out
series files, hidden files and files that are no issue.
"""

from __future__ import annotations

import glob
import os
from collections import ChainMap
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from ..errors import JianbaoError
from ..i18n import _
from ..issue.series import (
    ISSUE_SUFFIXES,
    SERIES_FILE,
    file_key,
    issue_files,
    peek,
    peek_series,
)
from ..pipeline import guard_output, protect
from ..records import dataclass
from .jobs import STDIN, InputProblem, Job, Result, UsageProblem, error, os_problem


@dataclass(frozen=True)
class Found:
    """An input file and the folder an output tree mirrors it from."""

    path: Path | None  # None: stdin
    root: Path
    listed: bool = False  # found in a folder or by a glob, not named


@dataclass(frozen=True)
class Unmatched:
    """An argument that names no issue file."""

    arg: str
    message: str


def plan(
    inputs: Sequence[str],
    *,
    output: str | None = None,
    out_dir: Path | None = None,
    stdin: bytes | None = None,
    write: bool = True,
    series: Path | None = None,
) -> tuple[list[Job], list[Result]]:
    """The jobs for ``inputs`` and, numbered in the same order, failed
    results for arguments that name nothing or outputs that would collide.

    ``output`` is the PDF of a single named input (``-``: stdout), else a
    folder like ``out_dir``, which mirrors the input tree.  Without either,
    each PDF goes beside its issue file.  A single named input is always
    rendered; in a batch, an up-to-date PDF is skipped.  ``write=False``
    (check) plans no outputs.  ``series`` (``--series``) is a series file,
    never an issue, when a folder or glob finds it.  Raises
    ``UsageProblem`` for combinations that make no sense, and
    ``InputProblem`` if an input cannot even be looked at (``OSError``: a
    name too long, say).
    """
    items = expand(inputs, series)
    try:
        return _plan(inputs, items, output, out_dir, stdin, write)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        raise InputProblem.of(exc, " ".join(inputs)) from exc


def _plan(
    inputs: Sequence[str],
    items: list[Found | Unmatched],
    output: str | None,
    out_dir: Path | None,
    stdin: bytes | None,
    write: bool,
) -> tuple[list[Job], list[Result]]:
    found = [f for f in items if isinstance(f, Found)]
    from_stdin = any(f.path is None for f in found)
    named_one = len(items) == 1 and len(found) == 1 and not found[0].listed
    if output is not None and out_dir is not None:
        raise UsageProblem(_("give either -o/--output or --out-dir, not both"))
    if from_stdin and len(inputs) > 1:
        raise UsageProblem(_("'-' (stdin) cannot be combined with other inputs"))
    if output not in (None, STDIN) and (output.endswith(("/", os.sep)) or Path(output).is_dir()):
        # -o build/ (or an existing folder) is a folder for the PDFs, as
        # --out-dir: never a file named 'build'
        out_dir, output = Path(output), None
    if output == STDIN and not named_one:
        raise UsageProblem(_("-o - writes one PDF to stdout: give exactly one issue file"))
    if output not in (None, STDIN) and not named_one:
        if Path(output).suffix.lower() == ".pdf":
            # A folder or glob may hold one issue today and two tomorrow: -o
            # means the same whatever it finds, a folder for the PDFs.
            raise UsageProblem(
                _(
                    "-o {output} names one PDF, but the inputs are several issues, a folder "
                    "or a glob: name the issue file to write one PDF, or give a folder "
                    "(--out-dir DIR) for the PDFs"
                ).format(output=output)
            )
        out_dir, output = Path(output), None
    if out_dir is not None and from_stdin:
        raise UsageProblem(_("an issue read from stdin needs -o FILE.pdf or -o -, not a folder"))

    base = _common_root(found) if out_dir is not None else None
    protected = protect((f.path, _("an issue file of this run")) for f in found if f.path)
    claimed: dict[str, str] = {}
    jobs: list[Job] = []
    failures: list[Result] = []
    for index, item in enumerate(items):
        if isinstance(item, Unmatched):
            failures.append(Result(index, item.arg, "failed", diagnostics=(error(item.message),)))
            continue
        name = STDIN if item.path is None else str(item.path)
        target = _target(item, output, out_dir, base) if write else None
        if target is not None:
            key = _key(target)
            own = protect([(item.path, _("the issue file"))] if item.path else [])
            try:
                guard_output(target, ChainMap(own, protected))
            except JianbaoError as exc:
                failures.append(Result(index, name, "failed", diagnostics=(error(str(exc)),)))
                continue
            if key in claimed:
                problem = _("{path}: the output of {other} would be written there too").format(
                    path=target, other=claimed[key]
                )
                failures.append(Result(index, name, "failed", diagnostics=(error(problem),)))
                continue
            claimed[key] = name
        data = stdin if item.path is None else None
        jobs.append(Job(index, name, item.path, target, data, not named_one, out_dir is not None))
    return jobs, failures


def _target(
    item: Found, output: str | None, out_dir: Path | None, base: Path | None
) -> Path | None:
    """Where ``item``'s PDF goes; ``None``: to stdout."""
    if output == STDIN:
        return None
    if output is not None:
        return Path(output)
    if item.path is None:
        return None
    if out_dir is not None and base is not None:
        # by the path as given, not resolved: a symlink inside the folder
        # that points out of it is mirrored where the link is
        return out_dir / _absolute(item.path).relative_to(base).with_suffix(".pdf")
    return item.path.with_suffix(".pdf")


def expand(inputs: Sequence[str], series: Path | None = None) -> list[Found | Unmatched]:
    """The issue files named by ``inputs``, in order: files as given (even
    if missing: reading them reports it), folders searched recursively,
    globs matched, ``-`` for stdin.  Among what folders and globs find,
    series files (``series`` too: the ``--series`` file) and files that
    are clearly no issue (JSON Schema documents: a top-level ``$schema``
    key …) are left out; a file found twice counts once.  ``InputProblem``
    for an input that cannot be looked at (``OSError``: a name too long …)."""
    found: list[tuple[Unmatched, list[Found]]] = []
    for arg in inputs:
        unreadable: list[OSError] = []
        try:
            unmatched, hits = _expand_one(arg, unreadable)
        except (OSError, RuntimeError) as exc:
            raise InputProblem.of(exc, arg) from exc
        # a folder that cannot be listed fails the run, as a file that cannot be read
        troubles = [Unmatched(arg, _unlisted(exc)) for exc in unreadable]
        found.append((unmatched, hits))
        found += [(trouble, []) for trouble in troubles]
    named, not_issues = _look(h.path for _unmatched, hits in found for h in hits if h.path)
    left_out = named | not_issues | ({_key(series)} if series is not None else set())
    items: list[Found | Unmatched] = []
    seen: set[str] = set()
    for unmatched, hits in found:
        kept = [h for h in hits if not (h.listed and h.path and _key(h.path) in left_out)]
        if not kept:
            items.append(unmatched)
        for hit in kept:
            key = _key(hit.path) if hit.path is not None else STDIN
            if key not in seen:
                seen.add(key)
                items.append(hit)
    return items


def _expand_one(arg: str, unreadable: list[OSError]) -> tuple[Unmatched, list[Found]]:
    """What ``arg`` finds, and what to say if nothing (once series files
    and files that are no issue are left out); a folder in it that cannot
    be listed goes to ``unreadable``."""
    if arg == STDIN:
        return Unmatched(arg, ""), [Found(None, Path.cwd())]
    path = Path(arg)
    if path.is_dir():
        hits = [Found(p, path, True) for p in issue_files(path, unreadable)]
        message = _("{arg}: no issue files (*.yaml, *.yml, *.json) here").format(arg=arg)
        return Unmatched(arg, message), hits
    if not path.exists() and any(c in arg for c in "*?["):
        root = _glob_root(arg)
        hits = []
        for match in sorted(glob.glob(arg, recursive=True)):
            p = Path(match)
            if p.is_dir():
                hits += [Found(q, root, True) for q in issue_files(p, unreadable)]
            elif p.suffix.lower() in ISSUE_SUFFIXES:
                hits.append(Found(p, root, True))
        return Unmatched(arg, _("{arg}: no issue files match").format(arg=arg)), hits
    return Unmatched(arg, ""), [Found(path, path.parent)]


def _unlisted(exc: OSError) -> str:
    name, reason = os_problem(exc, str(exc.filename or "?"))
    return _("{path}: cannot list this folder ({reason}); its issues are not rendered").format(
        path=name, reason=reason
    )


def _look(paths: Iterable[Path]) -> tuple[set[str], set[str]]:
    """A quick look (no locations) at ``paths``: the files their ``series:``
    keys name plus every ``jianbao.yaml``, and the files that are clearly
    no issue — a JSON Schema document, say ``jianbao schema > x.json``:
    a top-level key starting with ``$`` (``$schema``, ``$id`` …), or both
    ``type`` and ``properties``.  Files that do not parse are left to the
    render to report."""
    series: set[str] = set()
    not_issues: set[str] = set()
    for path in paths:
        if path.name == SERIES_FILE:
            series.add(_key(path))
            continue
        root = peek(path)
        if root is None:
            continue
        keys = {k.value for k, _value in root.value if isinstance(k, yaml.ScalarNode)}
        if any(k.startswith("$") for k in keys) or {"type", "properties"} <= keys:
            not_issues.add(_key(path))
        named = peek_series(root, path)
        if named is not None:
            series.add(_key(named))
    return series, not_issues


def _glob_root(pattern: str) -> Path:
    """The folder part of ``pattern`` before its first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path()


def _common_root(found: Sequence[Found]) -> Path:
    """The folder an output tree mirrors: the deepest one holding every
    root and every file, as given (absolute, ``..`` folded, symlinks not
    followed)."""
    places = [_absolute(f.root) for f in found]
    places += [_absolute(f.path).parent for f in found if f.path is not None]
    return Path(os.path.commonpath([str(p) for p in places] or [str(Path.cwd())]))


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _key(path: Path) -> str:
    return file_key(path)
