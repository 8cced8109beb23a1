"""The Python API: ``load``, ``check`` and ``render`` one issue; ``Renderer`` for many.

In: a source — a path (``str`` or ``os.PathLike``) to a YAML or JSON issue
file, the file's content as ``bytes``, or the issue as a mapping (e.g. from
``json.loads``) — and keywords.  Out: the validated ``Issue`` (``load``),
the warnings (``check``), or the PDF as bytes or written to a path
(``render``).  Bad input raises ``IssueError`` whose ``diagnostics`` say
what and where (file, line, column); other failures raise ``JianbaoError``.

The series file that applies to a path (its ``series:`` key, else
``series=``, else a ``jianbao.yaml`` in its folder or a parent) is laid
under it; for bytes or a mapping, only a ``series:`` key (relative to the
working folder) or ``series=`` applies.

Keywords: ``series=`` (a series file), ``fonts=`` (a role — title, body,
heading, kai, folio — mapped to a font name or path, or a list of them:
primary, then fallbacks; it wins over the issue's ``fonts:``),
``font_dirs=`` (folders searched before the system's font folders) and
``allow_missing=`` (a character no font has is a warning instead of an
error), ``allow_outside=`` (the issue may name a series file, images and
drafts outside its own folder and its bulletin's, see ``issue.reach``;
for bytes and a mapping the folder is the working folder) and, for
``render``, ``draft=`` (placeholders left by ``jianbao new`` are warnings
too, and so are missing characters); ``lang=`` — ``"en"`` (the default)
or ``"zh"`` — is the language of the messages of an ``IssueError`` and of
the warnings returned (``Diagnostic.message``, ``hint``).  ``Renderer``
renders many issues with one font index and each font file opened once.
Nothing here prints, exits or reads the clock; this module is only the
facade over ``pipeline``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Union

from . import pipeline
from .errors import Diagnostic, IssueError, JianbaoError
from .fonts.select import FontOptions
from .i18n import ENGLISH, _, using
from .issue.read import Source
from .model import FontChoice, Issue, Text
from .pipeline import Options, Session
from .roles import is_role, role_hint

PathArg = Union[str, "os.PathLike[str]"]
FontNames = Mapping[str, str | Sequence[str]]

__all__ = ["Renderer", "check", "load", "options", "render"]


def load(
    source: Source,
    *,
    series: PathArg | None = None,
    allow_outside: bool = False,
    lang: str = ENGLISH,
) -> Issue:
    """The validated issue in ``source``, with its series applied."""
    with using(lang):
        return Session(options(series, allow_outside=allow_outside)).read(source).issue


def check(
    source: Source,
    *,
    series: PathArg | None = None,
    fonts: FontNames | None = None,
    font_dirs: Sequence[PathArg] = (),
    allow_missing: bool = False,
    allow_outside: bool = False,
    lang: str = ENGLISH,
) -> tuple[Diagnostic, ...]:
    """Validate ``source`` and check that its fonts have every character it
    prints; write nothing.  Returns the warnings; raises ``IssueError``."""
    with using(lang):
        opts = options(series, fonts, font_dirs, allow_missing, allow_outside=allow_outside)
    return Renderer(opts, lang=lang).check(source)


def render(
    source: Source,
    output: PathArg | None = None,
    *,
    series: PathArg | None = None,
    fonts: FontNames | None = None,
    font_dirs: Sequence[PathArg] = (),
    allow_missing: bool = False,
    draft: bool = False,
    allow_outside: bool = False,
    lang: str = ENGLISH,
) -> bytes | Path:
    """Typeset ``source``: the PDF's bytes, or, given ``output``, the path
    it was written to (atomically; never over the issue file or another of
    its inputs)."""
    with using(lang):
        opts = options(
            series, fonts, font_dirs, allow_missing, draft=draft, allow_outside=allow_outside
        )
    return Renderer(opts, lang=lang).render(source, output)


def options(
    series: PathArg | None = None,
    fonts: FontNames | None = None,
    font_dirs: Sequence[PathArg] = (),
    allow_missing: bool = False,
    *,
    draft: bool = False,
    allow_outside: bool = False,
) -> Options:
    """``Options`` from the keywords of ``render`` and ``check``:
    ``TypeError`` for ``fonts`` that is no mapping, ``IssueError`` for an
    unknown role, ``JianbaoError`` for a font folder that does not exist (a
    typo would only show later, as a font not found)."""
    if fonts is not None and not isinstance(fonts, Mapping):
        message = f"fonts must map a role to names, e.g. {{'body': '仿宋_GB2312'}}, not {fonts!r}"
        raise TypeError(message)
    unknown = [
        Diagnostic(
            None, _("unknown font role '{role}' in fonts=").format(role=role), role_hint(role)
        )
        for role in fonts or {}
        if not is_role(role)
    ]
    if unknown:
        raise IssueError(unknown)
    for folder in font_dirs:
        if not Path(folder).is_dir():
            message = _("font folder '{folder}' does not exist")
            raise JianbaoError(message.format(folder=os.fspath(folder)))
    choices = tuple(
        FontChoice(role, tuple(Text(n) for n in ((names,) if isinstance(names, str) else names)))
        for role, names in (fonts or {}).items()
        if is_role(role)
    )
    font_options = FontOptions(
        fonts=choices,
        font_dirs=tuple(Path(d) for d in font_dirs),
        allow_missing=allow_missing or draft,
    )
    series_path = None if series is None else Path(series)
    return Options(series_path, font_options, draft=draft, allow_outside=allow_outside)


class Renderer:
    """Checks and renders issues one after another with one font index and
    each font file opened once; messages in ``lang`` (``"en"`` or ``"zh"``)."""

    def __init__(self, opts: Options | None = None, *, lang: str = ENGLISH) -> None:
        self.session = Session(opts)
        self.lang = lang

    def check(self, source: Source) -> tuple[Diagnostic, ...]:
        """The warnings of ``source`` (as ``check``), or ``IssueError``."""
        with using(self.lang):
            return self.session.check(self.session.read(source))

    def render(self, source: Source, output: PathArg | None = None) -> bytes | Path:
        """The PDF of ``source`` as bytes, or written to ``output`` (never
        over one of its inputs: issue, series, config or font file)."""
        session = self.session
        with using(self.lang):
            loaded = session.read(source)
            if output is None:
                return pipeline.render(loaded, session=session).pdf
            target = Path(output)
            session.write(loaded, target)
            return target
