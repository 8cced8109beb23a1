"""Font selection (选字体): which TrueType files play each role for an issue.

In: ``FontOptions`` (fonts per role and font folders given by the caller —
the command line's ``--font``/``--font-dir`` or the API's ``fonts=`` and
``font_dirs=`` — and whether missing characters are allowed), the config
file's ``model.Config``, the issue's ``fonts:`` and the texts it prints,
each with its role (layout's copy).  Out: a ``Selection`` — a ``FontSet``
whose role chains hold TrueType files that ReportLab can embed, where each
chain came from, and the coverage diagnostics — or ``IssueError`` naming
every font that could not be found, at the file:line:col where it was
written.

Per role, the first of these that names it gives the whole chain: the
options, the issue's ``fonts:``, the config file's ``fonts:``, the bundled
font.  A name is a family, full or PostScript name (Chinese or English,
case and spaces ignored) or a path; ``index`` finds it.  The font index is
built only when a name needs it (or a hint does), and at most once per
``FontSelector``.  Each face is prepared once with every character of every
role that uses it (CFF, WOFF and collection faces are subset, converted and
cached on disk by ``prepare``).

A character that no font of its role has is an error whose hint names an
installed font that has it.  With ``allow_missing`` it is a warning
instead, and the character is drawn from the first indexed font that has
it (added at the end of that role's chain); when no font has it, its cell
is left empty — never glyph 0.  Fonts in the folders the user gave (the
options' and the config file's font folders, ``$JIANBAO_FONT_PATH``) come
before the bundled and the system's fonts, in hints and in drafts alike.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from pathlib import Path

from ..errors import Diagnostic, Fix, IssueError, Location
from ..i18n import _
from ..model import Config, FontChoice, Issue, Text
from ..records import dataclass
from ..roles import ROLE_KEYS, ROLES, Role, guess_role
from .coverage import Printed, check_coverage, missing, not_in_font
from .face import REFERENCE_IDEOGRAPH, FontLoader, FontSet, bundled_dir, load_fonts
from .index import (
    FONT_SUFFIXES,
    FontError,
    FontIndex,
    FontRecord,
    Progress,
    default_cache_dir,
    search_dirs,
    style_rank,
)
from .prepare import embeddable

__all__ = [
    "FontOptions",
    "FontSelector",
    "RoleChain",
    "Selection",
    "merge_choices",
    "role_texts",
    "suits",
]

# A face that stands in for a role's own kind when none of that kind has a
# character: 仿宋 and 楷体 text reads best in a Song (serif) face.
_NEAR: Mapping[Role, tuple[Role, ...]] = {
    "body": ("title",),
    "kai": ("title",),
    "folio": ("title",),
}
# Names of faces for simplified Chinese, and for other scripts.
_SIMPLIFIED = re.compile(r"(?i)\bsc\b|简|gb|simplified|\bcn\b|prc")
_OTHER_SCRIPT = re.compile(
    r"(?i)\b(?:jp|tc|kr|hk|tw|japanese|korean|traditional)\b|繁|ゴシック|明朝"
)

# Who chose a chain, when it is neither a file nor the bundled fonts.
OPTIONS = "options"
BUNDLED = "bundled"


@dataclass(frozen=True)
class FontOptions:
    """What the caller asked for besides the issue file.

    ``fonts`` are the fonts chosen per role, in the order given (they win
    over the issue file's); ``font_dirs`` are searched first; ``config`` is
    the config file the caller read (its ``Config`` is given to the
    selector; the path is kept for up-to-date checks).  ``cache_dir``
    defaults to ``index.default_cache_dir()``; ``system_fonts=False``
    searches only ``font_dirs``, the config's folders,
    ``$JIANBAO_FONT_PATH`` and the bundled fonts.  ``environ`` replaces
    ``os.environ`` (for tests).
    """

    fonts: tuple[FontChoice, ...] = ()
    font_dirs: tuple[Path, ...] = ()
    config: Path | None = None
    allow_missing: bool = False
    cache_dir: Path | None = None
    system_fonts: bool = True
    environ: Mapping[str, str] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RoleChain:
    """The faces of one role, as chosen: primary first, then fallbacks.

    ``source`` says who chose it: ``OPTIONS``, the issue file's or the
    config file's name, or ``BUNDLED``; ``names`` are the values as
    written (each ``origin`` is where), one per record.
    """

    role: Role
    source: str
    names: tuple[Text, ...]
    records: tuple[FontRecord, ...]


@dataclass(frozen=True)
class Selection:
    """The fonts of one issue and what the coverage check found.

    ``chains`` are the chosen chains; ``fonts`` may hold more faces at the
    end of a chain (``allow_missing`` fallbacks).
    """

    fonts: FontSet
    chains: Mapping[Role, RoleChain]
    problems: tuple[Diagnostic, ...] = ()

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def merge_choices(choices: Iterable[FontChoice]) -> tuple[FontChoice, ...]:
    """One choice per role: the names of repeated roles joined, in order."""
    out: dict[Role, tuple[Text, ...]] = {}
    for choice in choices:
        out[choice.role] = out.get(choice.role, ()) + choice.names
    return tuple(FontChoice(role, names) for role, names in out.items())


def role_texts(printed: Printed) -> dict[Role, str]:
    """Every character each role prints (sorted, no spaces), plus the
    reference ideograph that places a face's baseline."""
    chars: dict[Role, set[str]] = {role: {REFERENCE_IDEOGRAPH} for role in ROLE_KEYS}
    for role, text in printed:
        chars[role].update(c for c in text.value if not c.isspace())
    return {role: "".join(sorted(found)) for role, found in chars.items()}


def suits(record: FontRecord) -> Role | None:
    """The role a face's names suggest (``roles.guess_role``)."""
    return guess_role(" ".join(record.names))


class FontSelector:
    """Resolves font choices for one issue or a batch of them.

    Holds what is worth keeping between issues: the options, the config
    file's settings and the font index (built at most once, on first need).
    """

    def __init__(
        self,
        options: FontOptions | None = None,
        config: Config | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.options = options or FontOptions()
        self.progress = progress  # told of each font file a cold index scan opens
        self.config = config or Config()
        self._index: FontIndex | None = None
        self._config_folders: list[Path] | None = None
        self.config_problems: list[Diagnostic] = []  # warnings about the config file
        self._suggestions: dict[tuple[str, Role | None, bool], FontRecord | None] = {}
        self._defaults: dict[Role, RoleChain] = {}

    # -- where fonts come from -------------------------------------------

    @property
    def cache_dir(self) -> Path:
        opts = self.options
        return opts.cache_dir or default_cache_dir(opts.environ)

    def own_dirs(self) -> list[Path]:
        """The folders the user gave, highest priority first: the options',
        the config file's, then ``$JIANBAO_FONT_PATH``'s (those that exist)."""
        opts = self.options
        extra = [*opts.font_dirs, *self._config_dirs()]
        return search_dirs(extra, None, opts.environ, system=False)

    def dirs(self) -> list[Path]:
        """The font folders to search, highest priority first: the user's
        own, the bundled fonts, then (unless turned off) the system's."""
        opts = self.options
        extra = [*opts.font_dirs, *self._config_dirs()]
        return search_dirs(extra, bundled_dir(), opts.environ, system=opts.system_fonts)

    def _config_dirs(self) -> list[Path]:
        """The config file's ``font_dirs`` that exist (relative to the file);
        a missing one is a warning in ``config_problems``."""
        if self._config_folders is None:
            found: list[Path] = []
            for text in self.config.font_dirs:
                base = Path(text.origin.file).parent if text.origin else Path.cwd()
                folder = base / Path(text.value).expanduser()
                if folder.is_dir():
                    found.append(folder)
                else:
                    message = _("font folder '{folder}' does not exist; skipped").format(
                        folder=text.value
                    )
                    self.config_problems.append(Diagnostic(text.origin, message, None, "warning"))
            self._config_folders = found
        return self._config_folders

    @property
    def index(self) -> FontIndex:
        """Every face in ``dirs()``, built (from the on-disk cache) on first use."""
        if self._index is None:
            self._index = FontIndex.build(self.dirs(), self.cache_dir, self.progress)
        return self._index

    # -- resolving names ---------------------------------------------------

    def chains(self, issue: Issue | None = None) -> dict[Role, RoleChain]:
        """The chosen chain of every role, or IssueError naming every font
        that cannot be found or embedded."""
        problems: list[Diagnostic] = []
        out: dict[Role, RoleChain] = {}
        sources = self._sources(issue)
        for role in ROLE_KEYS:
            chosen = next(
                ((label, c) for label, choices in sources for c in choices if c.role == role),
                None,
            )
            if chosen is None:
                out[role] = self._bundled(role)
                continue
            label, choice = chosen
            records: list[FontRecord] = []
            for name in choice.names:
                record = self._resolve(role, name, problems)
                if record is not None:
                    records.append(record)
            if len(records) == len(choice.names):
                out[role] = RoleChain(role, label, choice.names, tuple(records))
        if problems:
            raise IssueError(problems)
        return out

    def _sources(self, issue: Issue | None) -> list[tuple[str, tuple[FontChoice, ...]]]:
        """Who may choose fonts, first wins: (label, choices)."""
        opts = self.options
        out = [(OPTIONS, merge_choices(opts.fonts))]
        if issue is not None:
            out.append((issue.source, issue.fonts))
        if opts.config is not None:
            out.append((str(opts.config), self.config.fonts))
        return out

    def _bundled(self, role: Role) -> RoleChain:
        if role not in self._defaults:
            path = bundled_dir() / ROLES[role].bundled
            record = FontIndex((), cache_dir=self.cache_dir).find(str(path))
            assert record is not None
            self._defaults[role] = RoleChain(role, BUNDLED, (Text(path.name),), (record,))
        return self._defaults[role]

    def _resolve(self, role: Role, name: Text, problems: list[Diagnostic]) -> FontRecord | None:
        """The face ``name`` means; a relative path is relative to the file
        it is written in (issue, series or config file), else to the
        working folder."""
        value = name.value
        where = name.origin
        # Written nowhere (the options): the message says which font it is about.
        about = _("the {role} font '{font}': ").format(role=role, font=value)
        prefix = "" if where is not None else about
        base = Path(where.file).parent if where is not None else None
        try:
            record = self._lookup(value, base)
        except FontError as exc:
            problems.append(Diagnostic(where, f"{prefix}{exc}"))
            return None
        if record is None:
            problems.append(self._not_found(value, where, prefix, base))
            return None
        if not record.embeddable:
            problems.append(
                Diagnostic(
                    where,
                    prefix
                    + _(
                        "the font '{family}' ({font}) forbids embedding in a PDF "
                        "(fsType {fs_type:#06x})"
                    ).format(family=record.family, font=record.spec, fs_type=record.fs_type),
                    _("choose another font; only its maker can grant a licence to embed it"),
                )
            )
            return None
        return record

    def _lookup(self, value: str, base: Path | None) -> FontRecord | None:
        """A path is read directly (no index); a name is looked up in the index."""
        path = Path(value).expanduser()
        if base is not None and not path.is_absolute():
            plain = Path(value.rsplit("#", 1)[0]).expanduser()
            if (base / path).is_file() or (base / plain).is_file():
                value = str(base / value)
        direct = FontIndex((), cache_dir=self.cache_dir).find(value)
        if direct is not None or _is_path(value):
            if direct is None and Path(value).parent == Path("."):
                return self.index.find(value)  # a bare file name: look among indexed files
            return direct
        return self.index.find(value)

    def _not_found(
        self, value: str, where: Location | None, prefix: str, base: Path | None = None
    ) -> Diagnostic:
        if _is_path(value) and ((base or Path()) / Path(value).expanduser()).is_dir():
            hint = _(
                "name a font file in it (.ttf, .otf, .ttc); to search every font in the "
                "folder, add it to font_dirs (--font-dir on the command line)"
            )
            message = _("'{folder}' is a folder, not a font file").format(folder=value)
            return Diagnostic(where, prefix + message, hint)
        if _is_path(value) and Path(value).parent != Path("."):
            message = _("font file '{file}' does not exist").format(file=value)
            return Diagnostic(where, prefix + message)
        index = self.index
        close = tuple(index.suggest(value))
        if close:
            names = ", ".join(f"'{n}'" for n in close)
            hint = _(
                "did you mean {names}? Or add the folder that holds it to the font folders "
                "searched (font_dirs)"
            ).format(names=names)
        else:
            hint = _("add the folder that holds it to the font folders searched (font_dirs)")
        message = prefix + _("no font named '{font}' among the {count} fonts found").format(
            font=value, count=len(index)
        )
        return Diagnostic(where, message, hint, fix=Fix("font_name", names=close))

    # -- the fonts of an issue --------------------------------------------

    def select(
        self, issue: Issue, printed: Sequence[tuple[Role, Text]], loader: FontLoader | None = None
    ) -> Selection:
        """Resolve, prepare and open the fonts of ``issue``, which prints
        ``printed`` (layout's copy), and check coverage.

        Coverage problems are errors (with a hint naming an installed font
        that has the character) unless ``allow_missing``; IssueError is
        raised only for fonts that cannot be found, read or converted.
        """
        loader = loader or FontLoader()
        chains = self.chains(issue)
        texts = role_texts(printed)
        records = {role: list(chain.records) for role, chain in chains.items()}
        fonts = self._open(records, texts, loader, chains)
        self._config_dirs()
        notes = list(self.config_problems)
        # A suggestion keeps the weight the role is set in (a bold title face).
        bold = {role: style_rank(c.records[0].style) == 2 for role, c in chains.items()}
        if not self.options.allow_missing:
            problems = check_coverage(
                printed, fonts, lambda char, role: self._suggest_name(char, role, bold[role])
            )
            return Selection(fonts, chains, tuple(notes + problems))
        gaps = missing(printed, fonts)
        drawn: dict[tuple[Role, str], FontRecord] = {}
        for gap in gaps:
            key = (gap.role, gap.char)
            if key in drawn:
                continue
            have = [r for r in records[gap.role] if ord(gap.char) in self.index.cmap(r)]
            extra = have[0] if have else self._suggest(gap.char, gap.role, bold[gap.role])
            if extra is not None:
                drawn[key] = extra
                if extra not in records[gap.role]:
                    records[gap.role].append(extra)
        if drawn:
            fonts = self._open(records, texts, loader, chains)
        for gap in gaps:
            source = drawn.get((gap.role, gap.char))
            families = [r.family for r in chains[gap.role].records]
            hint = (
                _("drawn from '{family}' ({font}) for this draft").format(
                    family=source.family, font=source.spec
                )
                if source is not None
                else _("no installed font has it: its place is left empty in this draft")
            )
            message = not_in_font(gap.char, gap.role, families)
            notes.append(Diagnostic(gap.location, message, hint, "warning"))
        return Selection(fonts, chains, tuple(notes))

    def _open(
        self,
        records: Mapping[Role, list[FontRecord]],
        texts: Mapping[Role, str],
        loader: FontLoader,
        chains: Mapping[Role, RoleChain],
    ) -> FontSet:
        """Prepare each face once with the text of every role that uses it."""
        needed: dict[FontRecord, set[str]] = {}
        for role, chain in records.items():
            for record in chain:
                needed.setdefault(record, set()).update(texts[role])
        files: dict[FontRecord, Path] = {}
        problems: list[Diagnostic] = []
        for record, chars in needed.items():
            try:
                files[record] = embeddable(record, "".join(sorted(chars)), self.cache_dir)
            except FontError as exc:
                problems.append(Diagnostic(self._origin(record, chains), str(exc)))
        if problems:
            raise IssueError(problems)
        return load_fonts(
            {role: [files[r] for r in chain] for role, chain in records.items()}, loader
        )

    @staticmethod
    def _origin(record: FontRecord, chains: Mapping[Role, RoleChain]) -> Location | None:
        for chain in chains.values():
            for name, rec in zip(chain.names, chain.records, strict=True):
                if rec == record:
                    return name.origin
        return None

    def _suggest(self, char: str, role: Role | None, bold: bool = False) -> FontRecord | None:
        """An embeddable indexed face that has ``char``: from the user's own
        folders before the others; then one whose names suit ``role`` (a
        仿宋 for body text), one of a kind near it (a Song for 仿宋 or 楷体
        text), any Chinese face, any face; then one for simplified Chinese;
        then of the weight asked for (``bold``, or regular).  Slow the first
        time: it reads every face's character map."""
        key = (char, role, bold)
        if key not in self._suggestions:
            own = [os.path.realpath(d) for d in self.own_dirs()]
            found = [r for r in self.index.fonts_with(char) if r.embeddable]

            def rank(record: FontRecord) -> tuple[bool, int, int, bool]:
                path = os.path.realpath(record.path)
                mine = any(path.startswith(os.path.join(d, "")) for d in own)
                guessed = suits(record)
                if role is not None and guessed == role:
                    kind = 0
                elif role is not None and guessed in _NEAR.get(role, ()):
                    kind = 1
                else:
                    kind = 2 if guessed is not None else 3
                names = " ".join(record.names)
                script = 0 if _SIMPLIFIED.search(names) else 2 if _OTHER_SCRIPT.search(names) else 1
                weight = (style_rank(record.style) == 2) != bold
                return (not mine, kind, script, weight)

            best = min(found, key=rank, default=None)  # min is stable: search order
            self._suggestions[key] = best
        return self._suggestions[key]

    def _suggest_name(self, char: str, role: Role, bold: bool = False) -> str | None:
        record = self._suggest(char, role, bold)
        if record is None:
            return None
        if self.index.find(record.family) == record:
            return record.family
        return record.full_names[0] if record.full_names else record.spec


def _is_path(value: str) -> bool:
    if "/" in value or os.sep in value or value.startswith("~"):
        return True
    return value.rsplit("#", 1)[0].lower().endswith(FONT_SUFFIXES)
