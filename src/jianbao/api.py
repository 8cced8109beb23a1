"""The Python API: ``load``, ``check`` and ``render`` one issue.

In: a source — a path (``str`` or ``os.PathLike``) to a YAML or JSON issue
file, the file's content as ``bytes``, or the issue as a mapping (e.g. from
``json.loads``) — and options.  Out: the validated ``Issue`` (``load``),
the warnings (``check``), or the PDF as bytes or written to a path
(``render``).  Bad input raises ``IssueError`` whose ``diagnostics`` say
what and where (file, line, column); other failures raise ``JianbaoError``.

The series file that applies to a path (its ``series:`` key, else
``series=``, else a ``jianbao.yaml`` in its folder or a parent) is laid
under it; for bytes or a mapping, only a ``series:`` key (relative to the
working folder) or ``series=`` applies.

``Renderer`` does the same for many issues in a row, keeping what is worth
keeping between them: the font index and config (one ``FontSelector``) and
each font file opened once (one ``FontLoader``).  Nothing here prints,
exits or reads the clock.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from .errors import Diagnostic, IssueError, JianbaoError
from .fonts import FontLoader
from .fontsel import FontOptions, FontSelector
from .load import Document, _not_utf8, load_path, load_text
from .model import FontChoice, Issue, Text
from .pipeline import Rendered, typeset, write_atomic
from .series import file_key, with_series
from .theme import DEFAULT_THEME
from .validate import validate

Source = Union[str, "os.PathLike[str]", bytes, Mapping[str, object]]
PathArg = Union[str, "os.PathLike[str]"]
FontNames = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class Options:
    """Settings shared by every issue of a run (picklable, for batch workers)."""

    series: Path | None = None  # the series file for issues that name none
    fonts: FontOptions = field(default_factory=FontOptions)


@dataclass(frozen=True)
class Prepared:
    """An issue loaded, laid over its series and validated."""

    issue: Issue
    doc: Document
    series: Path | None
    path: Path | None  # the issue file; None for bytes or a mapping


def load(source: Source, *, series: PathArg | None = None) -> Issue:
    """The validated issue in ``source``, with its series applied."""
    return prepare(source, _path(series)).issue


def check(
    source: Source,
    *,
    series: PathArg | None = None,
    fonts: FontNames | None = None,
    font_dirs: Sequence[PathArg] = (),
    allow_missing: bool = False,
) -> tuple[Diagnostic, ...]:
    """Validate ``source`` and check that its fonts have every character it
    prints; write nothing.  Returns the warnings; raises ``IssueError``."""
    renderer = Renderer(options(series, fonts, font_dirs, allow_missing))
    return renderer.check(renderer.prepare(source))


def render(
    source: Source,
    output: PathArg | None = None,
    *,
    series: PathArg | None = None,
    fonts: FontNames | None = None,
    font_dirs: Sequence[PathArg] = (),
    allow_missing: bool = False,
) -> bytes | Path:
    """Typeset ``source``: the PDF's bytes, or, given ``output``, the path
    it was written to (atomically; never over the issue file).

    ``fonts`` maps a role (title, body, heading, kai, folio) to a font name
    or path, or a list of them (primary, then fallbacks); ``font_dirs`` are
    searched before the system's font folders; ``allow_missing`` turns a
    character no font has into a warning (a draft) instead of an error.
    """
    return Renderer(options(series, fonts, font_dirs, allow_missing)).render(source, output)


def options(
    series: PathArg | None = None,
    fonts: FontNames | None = None,
    font_dirs: Sequence[PathArg] = (),
    allow_missing: bool = False,
) -> Options:
    """``Options`` from the keyword arguments of ``render`` and ``check``:
    ``TypeError`` for ``fonts`` that is no mapping, ``JianbaoError`` for a
    font folder that does not exist (a typo would only show later, as a
    font not found)."""
    if fonts is not None and not isinstance(fonts, Mapping):
        message = f"fonts must map a role to names, e.g. {{'body': '仿宋_GB2312'}}, not {fonts!r}"
        raise TypeError(message)
    for folder in font_dirs:
        if not Path(folder).is_dir():
            raise JianbaoError(f"font folder '{os.fspath(folder)}' does not exist")
    choices = tuple(
        FontChoice(role, tuple(Text(n) for n in ((names,) if isinstance(names, str) else names)))
        for role, names in (fonts or {}).items()
    )
    font_options = FontOptions(
        fonts=choices, font_dirs=tuple(Path(d) for d in font_dirs), allow_missing=allow_missing
    )
    return Options(_path(series), font_options)


class Renderer:
    """Loads, checks and renders issues one after another with one font
    index and each font file opened once (a batch worker keeps one)."""

    def __init__(self, opts: Options | None = None) -> None:
        self.options = opts or Options()
        self.selector = FontSelector(self.options.fonts)
        self.loader = FontLoader()

    def prepare(self, source: Source, *, name: str | None = None) -> Prepared:
        """``source`` loaded, laid over its series and validated."""
        return prepare(source, self.options.series, name=name)

    def check(self, prepared: Prepared) -> tuple[Diagnostic, ...]:
        """Choose the fonts and check coverage: the warnings, or ``IssueError``."""
        selection = self.selector.select(prepared.issue, DEFAULT_THEME, self.loader)
        if any(p.severity == "error" for p in selection.problems):
            raise IssueError(selection.problems)
        return selection.problems

    def typeset(self, prepared: Prepared) -> Rendered:
        """Lay out and draw a prepared issue."""
        return typeset(prepared.issue, loader=self.loader, selector=self.selector)

    def fonts(self, prepared: Prepared) -> list[Path]:
        """The font files ``prepared`` is set in (every face of every role's chain)."""
        files: list[Path] = []
        for chain in self.selector.chains(prepared.issue).values():
            files += [record.path for record in chain.records]
        return list(dict.fromkeys(files))

    def labelled_inputs(self, prepared: Prepared) -> dict[Path, str]:
        """Every file the PDF of ``prepared`` depends on — the issue, its
        series, the config file and the font files (for up-to-date checks
        and the overwrite guard) — with what each is, for messages ('the
        series file')."""
        files: dict[Path, str] = {}
        for path, what in (
            (prepared.path, "the issue file"),
            (prepared.series, "the series file"),
            (self.options.fonts.config, "the config file"),
        ):
            if path is not None:
                files.setdefault(path, what)
        for path in self.fonts(prepared):
            files.setdefault(path, "a font file of this issue")
        return files

    def render(self, source: Source, output: PathArg | None = None) -> bytes | Path:
        """The PDF of ``source`` as bytes, or written to ``output`` (never
        over one of its inputs: issue, series, config or font file)."""
        prepared = self.prepare(source)
        target = None if output is None else Path(output)
        if target is not None:
            guard_output(target, protect(self.labelled_inputs(prepared).items()))
        pdf = self.typeset(prepared).pdf
        if target is None:
            return pdf
        write_atomic(target, pdf)
        return target


Protected = Mapping[str, str]  # ``series.file_key`` of a file → what it is


def protect(files: Iterable[tuple[Path, str]]) -> dict[str, str]:
    """The files no output may replace, each as (path, what it is) — e.g.
    ``(issue, "the issue file")`` — keyed for ``guard_output``."""
    out: dict[str, str] = {}
    for path, what in files:
        out.setdefault(file_key(path), what)
    return out


def guard_output(output: Path, inputs: Protected) -> None:
    """Refuse (``JianbaoError``) to write ``output`` over one of ``inputs``
    (from ``protect``).  The one overwrite guard: the API, a batch plan and
    each batch job all ask it."""
    what = inputs.get(file_key(output))
    if what is not None:
        raise JianbaoError(f"{output}: the output would overwrite {what}")


def prepare(source: Source, series: Path | None = None, *, name: str | None = None) -> Prepared:
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
    if isinstance(source, bytes | Mapping):
        if isinstance(source, bytes):
            label = name or "<bytes>"
            try:
                text = source.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise IssueError([_not_utf8(label, source, exc)]) from None
        else:
            label = name or "<data>"
            text = json.dumps(source, ensure_ascii=False, indent=2, default=str)
        sourced = with_series(load_text(text, label), None, series)
        path = None
    else:
        path = Path(source)
        sourced = with_series(load_path(path), path.parent, series)
    return Prepared(validate(sourced.doc), sourced.doc, sourced.series, path)


def _path(value: PathArg | None) -> Path | None:
    return None if value is None else Path(value)
