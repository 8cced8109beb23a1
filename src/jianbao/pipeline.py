"""The pipeline in one place: an issue in, a PDF out.

    read (load → series → validate; placeholders left from ``new`` are
    errors unless a draft) → compose (the copy: every text and its face) →
    fonts (choose, prepare, check coverage) → layout → pdf

``check`` runs every stage but the PDF, and adds what a proofreader would
flag (``issue.proofread``).

In: a source (a path, bytes or a mapping; ``issue.read``) and ``Options``.
Out: ``Rendered`` (the PDF's bytes, its layout and the warnings), or
``IssueError`` with every diagnostic found; ``Session.write`` writes a PDF
without ever replacing one of its inputs.  A ``Session`` keeps what is
worth keeping between issues (the config file, the font index, each font
file parsed once); the API, the batch workers and the tests all enter here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path

from .errors import Diagnostic, IssueError, JianbaoError
from .fonts.coverage import check_glyphs
from .fonts.face import FontLoader
from .fonts.index import Progress
from .fonts.select import FontOptions, FontSelector, Selection
from .fsutil import write_atomic
from .i18n import N_, _
from .issue.config import read_config
from .issue.proofread import placeholders, proofread
from .issue.reach import outside_fonts
from .issue.read import Loaded, Source, read_issue
from .issue.series import file_key
from .layout import Copy, Layout, compose, typeset
from .model import Config, Issue
from .pdf.draw import draw
from .records import dataclass
from .theme import DEFAULT_THEME
from .version import __version__

PRODUCER = f"jianbao {__version__}"


@dataclass(frozen=True)
class Options:
    """Settings shared by every issue of a run (picklable, for batch workers)."""

    series: Path | None = None  # the series file for issues that name none
    fonts: FontOptions = field(default_factory=FontOptions)
    draft: bool = False  # placeholders left from ``jianbao new`` are warnings, not errors
    allow_outside: bool = False  # an issue may name files beyond its folder (``issue.reach``)


@dataclass(frozen=True)
class Rendered:
    """A rendered issue: the PDF, its page count and layout, the warnings."""

    pdf: bytes
    pages: int
    layout: Layout
    warnings: tuple[Diagnostic, ...] = ()


def render(
    source: Source | Loaded, options: Options | None = None, *, session: Session | None = None
) -> Rendered:
    """Typeset one issue, every stage in order (``session``: one kept
    between issues, whose options then apply)."""
    session = session or Session(options)
    loaded = session.read(source)  # load → series → validate
    issue = loaded.issue
    left = session.placeholders(issue)
    theme = DEFAULT_THEME.with_style(issue.style)
    copy = compose(issue, theme)  # what is printed, in which face
    fonts = session.fonts(issue, copy)  # choose, prepare, open; coverage
    pages = typeset(copy, theme, fonts.fonts)  # layout
    pdf = draw(pages, theme, PRODUCER)  # pdf
    warnings = (*issue.warnings, *left, *fonts.problems, *pages.warnings)
    return Rendered(pdf, len(pages.pages), pages, warnings)


class Session:
    """Renders and checks issues one after another with one font selector
    (the config file read once, the font index built at most once) and one
    font loader (each font file parsed once); a batch worker keeps one."""

    def __init__(
        self,
        options: Options | None = None,
        loader: FontLoader | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.options = options or Options()
        self.loader = loader or FontLoader()
        self.progress = progress  # of a cold font index scan: (files opened, files to open)
        self._selector: FontSelector | None = None

    @property
    def selector(self) -> FontSelector:
        """The font selector, made on first use (``IssueError`` for a bad
        config file, raised again at every use until it is fixed)."""
        if self._selector is None:
            path = self.options.fonts.config
            config = read_config(path) if path is not None else Config()
            self._selector = FontSelector(self.options.fonts, config, self.progress)
        return self._selector

    def read(self, source: Source | Loaded, *, name: str | None = None) -> Loaded:
        """``source`` loaded, laid over its series and validated (``name``
        names bytes or a mapping in messages)."""
        if isinstance(source, Loaded):
            return source
        opts = self.options
        loaded = read_issue(source, opts.series, name=name, allow_outside=opts.allow_outside)
        beyond = outside_fonts(loaded.issue, loaded.reach, self.selector.dirs())
        if beyond:
            raise IssueError(beyond)
        return loaded

    def fonts(self, issue: Issue, copy: Copy) -> Selection:
        """The fonts of ``issue``, which prints ``copy``: ``IssueError`` when
        they lack a character (unless allowed) or cannot be used."""
        printed = tuple(copy.printed())
        selection = self.selector.select(issue, printed, self.loader)
        if selection.errors:
            raise IssueError(selection.problems)
        check_glyphs(printed, selection.fonts)
        return selection

    def placeholders(self, issue: Issue) -> tuple[Diagnostic, ...]:
        """Placeholders ``jianbao new`` wrote that are still in ``issue``: as
        warnings in a draft, else ``IssueError``."""
        left = placeholders(issue)
        if left and not self.options.draft:
            raise IssueError([dataclasses.replace(d, severity="error") for d in left])
        return tuple(left)

    def check(self, loaded: Loaded) -> tuple[Diagnostic, ...]:
        """Every stage but the PDF — fonts and their coverage, the layout —
        and proofreading: the warnings, or ``IssueError``."""
        issue = loaded.issue
        theme = DEFAULT_THEME.with_style(issue.style)
        copy = compose(issue, theme)
        fonts = self.fonts(issue, copy)
        pages = typeset(copy, theme, fonts.fonts)
        return (*issue.warnings, *proofread(issue), *fonts.problems, *pages.warnings)

    def font_files(self, loaded: Loaded) -> list[Path]:
        """The font files ``loaded`` is set in (every face of every role's chain)."""
        files: list[Path] = []
        for chain in self.selector.chains(loaded.issue).values():
            files += [record.path for record in chain.records]
        return list(dict.fromkeys(files))

    def inputs(self, loaded: Loaded) -> dict[Path, str]:
        """Every file the PDF of ``loaded`` depends on — the issue, its
        series, the config file, the font files, the drafts and the images (for
        up-to-date checks and the overwrite guard) — with what each is, for
        messages ('the series file', in English: marked ``N_``, translated
        where shown)."""
        files: dict[Path, str] = {}
        for path, what in (
            (loaded.path, N_("the issue file")),
            (loaded.series, N_("the series file")),
            (self.options.fonts.config, N_("the config file")),
        ):
            if path is not None:
                files.setdefault(path, what)
        for path in self.font_files(loaded):
            files.setdefault(path, N_("a font file of this issue"))
        for article in loaded.issue.articles:
            if article.draft is not None:
                files.setdefault(article.draft, N_("a draft of this issue"))
        for picture in loaded.issue.pictures():
            files.setdefault(picture.path, N_("an image of this issue"))
        return files

    def write(self, loaded: Loaded, output: Path) -> Rendered:
        """Render ``loaded`` into ``output``, never over one of its inputs."""
        guard_output(output, protect(self.inputs(loaded).items()))
        guard_replaceable(output)
        rendered = render(loaded, session=self)
        write_atomic(output, rendered.pdf)
        return rendered


Protected = Mapping[str, str]  # ``series.file_key`` of a file → what it is


def protect(files: Iterable[tuple[Path, str]]) -> dict[str, str]:
    """The files no output may replace, each as (path, what it is) — e.g.
    ``(issue, N_("the issue file"))``, in English, marked for the catalog —
    keyed for ``guard_output``."""
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
        message = _("{output}: the output would overwrite {what}")
        raise JianbaoError(message.format(output=output, what=_(what)))


def guard_replaceable(output: Path) -> None:
    """Refuse (``JianbaoError``) to replace a file at ``output`` that is not a
    PDF; asked after ``guard_output``, just before writing."""
    if output.is_file() and not _is_pdf(output):
        # -o b.yaml (meant: b.pdf) must not turn another issue into a PDF.
        raise JianbaoError(
            _(
                "{output}: the output would overwrite a file that is not a PDF; "
                "not overwritten (give a .pdf name, or delete the file first)"
            ).format(output=output)
        )


def _is_pdf(path: Path) -> bool:
    """Whether ``path`` is a PDF (or empty): what an output may replace."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return True  # writing will say why it cannot
    return not head or b"%PDF-" in head
