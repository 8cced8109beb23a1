"""Font selection (选字体): which TrueType files play each role for an issue.

In: the issue's ``fonts:`` mapping, ``FontOptions`` (``--font ROLE=NAME``,
``--font-dir``, ``--allow-missing``, a config file) and the bundled Fandol
fonts.  Out: a ``Selection`` — a ``FontSet`` whose role chains hold
TrueType files that ReportLab can embed, where the chain came from, and the
coverage diagnostics — or ``IssueError`` naming every font that could not
be found, at the file:line:col where it was written.

Per role, the first of these that names it gives the whole chain:
``--font`` options, the issue's ``fonts:``, the config file's ``fonts:``,
the bundled font.  A name is a family, full or PostScript name (Chinese or
English, case and spaces ignored) or a path; ``fontdb`` finds it.  The
font index is built only when a name needs it (or a hint does), and at
most once per ``FontSelector``.  Each face is prepared once with every
character of every role that uses it (CFF, WOFF and collection faces are
subset, converted and cached on disk by ``fontdb.prepare``).

A character that no font of its role has is an error whose hint names an
installed font that has it.  With ``allow_missing`` it is a warning
instead, and the character is drawn from the first indexed font that has
it (added at the end of that role's chain); when no font has it, its cell
is left empty — never glyph 0.

Config file (``default_config_path``)::

    fonts:                      # as in an issue file
      title: 方正小标宋简体
      body: [仿宋_GB2312, FandolFang]
    font_dirs: [D:/公文字体]     # searched before the system folders
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .coverage import ROLE_NAMES, char_label, check_coverage, missing
from .errors import Diagnostic, IssueError, JianbaoError, Location
from .fontdb import (
    FONT_SUFFIXES,
    FontError,
    FontIndex,
    FontRecord,
    default_cache_dir,
    prepare,
    search_dirs,
)
from .fonts import BUNDLED, REFERENCE_IDEOGRAPH, ROLES, FontLoader, FontSet, bundled_dir, load_fonts
from .layout import texts_by_role
from .load import load_path
from .model import FontChoice, Issue, Text
from .theme import Theme
from .validate import Field as SchemaField
from .validate import FontChoices, Names, Record, check_document, role_hint

__all__ = [
    "CONFIG",
    "Config",
    "FontOptionError",
    "FontOptions",
    "FontSelector",
    "RoleChain",
    "Selection",
    "default_config_path",
    "guess_role",
    "merge_choices",
    "parse_font_option",
    "role_texts",
]

CONFIG_NAME = "config.yaml"
# Characters that show a face can set Chinese text (for listings).
CJK_SAMPLE = "的一是国中人工作简报"


class FontOptionError(JianbaoError):
    """A ``--font`` value that is not ``ROLE=NAME[,NAME…]`` with a known role."""


@dataclass(frozen=True)
class FontOptions:
    """What the user asked for besides the issue file.

    ``fonts`` are the ``--font`` choices in the order given; ``config`` is
    the config file to read (None: none).  ``cache_dir`` defaults to
    ``fontdb.default_cache_dir()``; ``system_fonts=False`` searches only
    ``font_dirs``, ``$JIANBAO_FONT_PATH`` and the bundled fonts.
    ``environ`` replaces ``os.environ`` (for tests).
    """

    fonts: tuple[FontChoice, ...] = ()
    font_dirs: tuple[Path, ...] = ()
    config: Path | None = None
    allow_missing: bool = False
    cache_dir: Path | None = None
    system_fonts: bool = True
    environ: Mapping[str, str] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Config:
    """The config file: fonts per role and more folders to search."""

    fonts: tuple[FontChoice, ...] = ()
    font_dirs: tuple[Text, ...] = ()


# fmt: off
CONFIG = Record(Config, (
    SchemaField("fonts", FontChoices(), "fonts per role, as in an issue file", "字体"),
    SchemaField("font_dirs", Names("a folder or a list of folders"),
                "more folders to search for fonts", "字体文件夹"),
))
# fmt: on


@dataclass(frozen=True)
class RoleChain:
    """The faces of one role, as chosen: primary first, then fallbacks.

    ``source`` says who chose it: ``--font``, the issue file's or the
    config file's name, or ``bundled``; ``names`` are the values as
    written (each ``origin`` is where), one per record.
    """

    role: str
    source: str
    names: tuple[Text, ...]
    records: tuple[FontRecord, ...]


@dataclass(frozen=True)
class Selection:
    """The fonts of one issue and what the coverage check found.

    ``chains`` are the chosen chains; ``fonts`` may hold more faces at the
    end of a chain (``--allow-missing`` fallbacks).
    """

    fonts: FontSet
    chains: Mapping[str, RoleChain]
    problems: tuple[Diagnostic, ...] = ()


def default_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$JIANBAO_CONFIG``, else ``$XDG_CONFIG_HOME/jianbao/config.yaml``, else
    ``%APPDATA%\\jianbao\\config.yaml`` on Windows, else
    ``~/.config/jianbao/config.yaml``.  It may not exist."""
    env = os.environ if environ is None else environ
    if env.get("JIANBAO_CONFIG"):
        return Path(env["JIANBAO_CONFIG"])
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]) / "jianbao" / CONFIG_NAME
    if os.name == "nt" and env.get("APPDATA"):
        return Path(env["APPDATA"]) / "jianbao" / CONFIG_NAME
    home = env.get("HOME") or env.get("USERPROFILE")
    return (Path(home) if home else Path.home()) / ".config" / "jianbao" / CONFIG_NAME


def parse_font_option(value: str) -> FontChoice:
    """``ROLE=NAME[,NAME…]`` (``--font body=仿宋_GB2312,FandolFang``) as a choice."""
    role, sep, names = value.partition("=")
    role = role.strip()
    if not sep or not role:
        raise FontOptionError(f"'{value}' is not ROLE=NAME (e.g. body=仿宋_GB2312)")
    if role not in ROLES:
        raise FontOptionError(f"unknown font role '{role}' in '{value}'; {role_hint(role)}")
    parts = tuple(Text(n.strip()) for n in names.split(",") if n.strip())
    if not parts:
        raise FontOptionError(f"'{value}' names no font")
    return FontChoice(role, parts)


def merge_choices(choices: Iterable[FontChoice]) -> tuple[FontChoice, ...]:
    """One choice per role: the names of repeated roles joined, in order."""
    out: dict[str, tuple[Text, ...]] = {}
    for choice in choices:
        out[choice.role] = out.get(choice.role, ()) + choice.names
    return tuple(FontChoice(role, names) for role, names in out.items())


def role_texts(issue: Issue, theme: Theme) -> dict[str, str]:
    """Every character each role prints (sorted, no spaces), plus the
    reference ideograph that places a face's baseline."""
    chars: dict[str, set[str]] = {role: {REFERENCE_IDEOGRAPH} for role in ROLES}
    for role, text in texts_by_role(issue, theme):
        chars[role].update(c for c in text.value if not c.isspace())
    return {role: "".join(sorted(found)) for role, found in chars.items()}


_ROLE_PATTERNS = (
    ("body", re.compile(r"仿宋|fangsong|fang(?![a-z])")),
    ("kai", re.compile(r"楷|kaiti|kai(?![a-z])")),
    ("heading", re.compile(r"黑|heiti|hei(?![a-z])|sans|gothic|ゴシック")),
    ("title", re.compile(r"宋|明朝|songti|song(?![a-z])|simsun|serif|ming(?![a-z])|mincho|xbs")),
)


def guess_role(record: FontRecord) -> str | None:
    """The role a face's names suggest: 仿宋 → body, 楷 → kai, 黑/Sans →
    heading, 宋/Serif/Ming → title; None when nothing fits."""
    names = " ".join(record.names).casefold()
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(names):
            return role
    return None


class FontSelector:
    """Resolves font choices for one issue or a batch of them.

    Holds what is worth keeping between issues: the options, the config
    file (read once) and the font index (built at most once, on first need).
    """

    def __init__(self, options: FontOptions | None = None) -> None:
        self.options = options or FontOptions()
        self._index: FontIndex | None = None
        self._config: Config | None = None
        self._config_folders: list[Path] | None = None
        self.config_problems: list[Diagnostic] = []  # warnings about the config file
        self._suggestions: dict[tuple[str, str | None], FontRecord | None] = {}
        self._defaults: dict[str, RoleChain] = {}

    # -- where fonts come from -------------------------------------------

    @property
    def cache_dir(self) -> Path:
        opts = self.options
        return opts.cache_dir or default_cache_dir(opts.environ)

    @property
    def config(self) -> Config:
        """The config file's settings (empty without one); IssueError if bad."""
        if self._config is None:
            path = self.options.config
            config = Config()
            if path is not None:
                value = check_document(load_path(path), CONFIG)
                assert isinstance(value, Config)
                config = value
            self._config = config
        return self._config

    def dirs(self) -> list[Path]:
        """The font folders to search, highest priority first."""
        opts = self.options
        extra = list(opts.font_dirs) + self._config_dirs()
        if opts.system_fonts:
            return search_dirs(extra, bundled_dir(), opts.environ)
        env = os.environ if opts.environ is None else opts.environ
        listed = [Path(d) for d in env.get("JIANBAO_FONT_PATH", "").split(os.pathsep) if d]
        return [d for d in [*extra, *listed, bundled_dir()] if d.is_dir()]

    def _config_dirs(self) -> list[Path]:
        """The config file's ``font_dirs`` that exist (relative to the file);
        a missing one is a warning in ``config_problems``."""
        if self._config_folders is None:
            path = self.options.config
            base = path.parent if path is not None else Path.cwd()
            found: list[Path] = []
            for text in self.config.font_dirs:
                folder = base / Path(text.value).expanduser()
                if folder.is_dir():
                    found.append(folder)
                else:
                    message = f"font folder '{text.value}' does not exist; skipped"
                    self.config_problems.append(Diagnostic(text.origin, message, None, "warning"))
            self._config_folders = found
        return self._config_folders

    @property
    def index(self) -> FontIndex:
        """Every face in ``dirs()``, built (from the on-disk cache) on first use."""
        if self._index is None:
            self._index = FontIndex.build(self.dirs(), self.cache_dir)
        return self._index

    # -- resolving names ---------------------------------------------------

    def chains(self, issue: Issue | None = None) -> dict[str, RoleChain]:
        """The chosen chain of every role, or IssueError naming every font
        that cannot be found or embedded."""
        problems = [
            Diagnostic(None, f"unknown font role '{c.role}'", role_hint(c.role))
            for c in self.options.fonts
            if c.role not in ROLES  # the API takes a plain mapping
        ]
        out: dict[str, RoleChain] = {}
        sources = self._sources(issue)
        for role in ROLES:
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
        out = [("--font", merge_choices(opts.fonts))]
        if issue is not None:
            out.append((issue.source, issue.fonts))
        if opts.config is not None:
            out.append((str(opts.config), self.config.fonts))
        return out

    def _bundled(self, role: str) -> RoleChain:
        if role not in self._defaults:
            path = bundled_dir() / BUNDLED[role]
            record = FontIndex(()).find(str(path))
            assert record is not None
            self._defaults[role] = RoleChain(role, "bundled", (Text(path.name),), (record,))
        return self._defaults[role]

    def _resolve(self, role: str, name: Text, problems: list[Diagnostic]) -> FontRecord | None:
        """The face ``name`` means; a relative path is relative to the file
        it is written in (issue, series or config file), else to the
        working folder."""
        value = name.value
        where = name.origin
        prefix = "" if where is not None else f"--font {role}={value}: "
        base = Path(where.file).parent if where is not None else None
        try:
            record = self._lookup(value, base)
        except FontError as exc:
            problems.append(Diagnostic(where, f"{prefix}{exc}"))
            return None
        if record is None:
            problems.append(self._not_found(role, value, where, prefix))
            return None
        if not record.embeddable:
            problems.append(
                Diagnostic(
                    where,
                    f"{prefix}the font '{record.family}' ({record.spec}) forbids embedding "
                    f"in a PDF (fsType {record.fs_type:#06x})",
                    "choose another font; only its maker can grant a licence to embed it",
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
        direct = FontIndex(()).find(value)
        if direct is not None or _is_path(value):
            if direct is None and Path(value).parent == Path("."):
                return self.index.find(value)  # a bare file name: look among indexed files
            return direct
        return self.index.find(value)

    def _not_found(self, role: str, value: str, where: Location | None, prefix: str) -> Diagnostic:
        if _is_path(value) and Path(value).parent != Path("."):
            return Diagnostic(where, f"{prefix}font file '{value}' does not exist")
        index = self.index
        close = index.suggest(value)
        hint = "run 'jianbao fonts' to list the fonts found; add folders with --font-dir"
        if close:
            hint = "did you mean " + ", ".join(f"'{n}'" for n in close) + "? " + hint
        message = f"{prefix}no font named '{value}' among the {len(index)} fonts found"
        return Diagnostic(where, message, hint)

    # -- the fonts of an issue --------------------------------------------

    def select(self, issue: Issue, theme: Theme, loader: FontLoader | None = None) -> Selection:
        """Resolve, prepare and open the fonts of ``issue`` and check coverage.

        Coverage problems are errors (with a hint naming an installed font
        that has the character) unless ``allow_missing``; IssueError is
        raised only for fonts that cannot be found, read or converted.
        """
        loader = loader or FontLoader()
        chains = self.chains(issue)
        texts = role_texts(issue, theme)
        records = {role: list(chain.records) for role, chain in chains.items()}
        fonts = self._open(records, texts, loader, chains)
        self._config_dirs()
        notes = list(self.config_problems)
        if not self.options.allow_missing:
            problems = check_coverage(issue, theme, fonts, self._suggest_name)
            return Selection(fonts, chains, tuple(notes + problems))
        gaps = missing(issue, theme, fonts)
        drawn: dict[tuple[str, str], FontRecord] = {}
        for gap in gaps:
            key = (gap.role, gap.char)
            if key in drawn:
                continue
            have = [r for r in records[gap.role] if ord(gap.char) in self.index.cmap(r)]
            extra = have[0] if have else self._suggest(gap.char, gap.role)
            if extra is not None:
                drawn[key] = extra
                if extra not in records[gap.role]:
                    records[gap.role].append(extra)
        if drawn:
            fonts = self._open(records, texts, loader, chains)
        for gap in gaps:
            source = drawn.get((gap.role, gap.char))
            families = ", ".join(r.family for r in chains[gap.role].records)
            hint = (
                f"drawn from '{source.family}' ({source.spec}) for this draft"
                if source is not None
                else "no installed font has it: its place is left empty in this draft"
            )
            notes.append(
                Diagnostic(
                    gap.location,
                    f"character {char_label(gap.char)} is not in the {ROLE_NAMES[gap.role]} "
                    f"font ({families})",
                    hint,
                    "warning",
                )
            )
        return Selection(fonts, chains, tuple(notes))

    def _open(
        self,
        records: Mapping[str, list[FontRecord]],
        texts: Mapping[str, str],
        loader: FontLoader,
        chains: Mapping[str, RoleChain],
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
                files[record] = prepare(record, "".join(sorted(chars)), self.cache_dir)
            except FontError as exc:
                problems.append(Diagnostic(self._origin(record, chains), str(exc)))
        if problems:
            raise IssueError(problems)
        return load_fonts(
            {role: [files[r] for r in chain] for role, chain in records.items()}, loader
        )

    @staticmethod
    def _origin(record: FontRecord, chains: Mapping[str, RoleChain]) -> Location | None:
        for chain in chains.values():
            for name, rec in zip(chain.names, chain.records, strict=True):
                if rec == record:
                    return name.origin
        return None

    def _suggest(self, char: str, role: str | None = None) -> FontRecord | None:
        """An embeddable indexed face that has ``char``: one whose names
        suit ``role`` first (a 仿宋 for body text), then any Chinese face,
        then any face (slow the first time: it reads every face's cmap)."""
        key = (char, role)
        if key not in self._suggestions:
            found = [r for r in self.index.fonts_with(char) if r.embeddable]
            roles = [guess_role(r) for r in found]
            suited = [r for r, g in zip(found, roles, strict=True) if role and g == role]
            cjk = [r for r, g in zip(found, roles, strict=True) if g is not None]
            best = suited or cjk or found
            self._suggestions[key] = best[0] if best else None
        return self._suggestions[key]

    def _suggest_name(self, char: str, role: str | None = None) -> str | None:
        record = self._suggest(char, role)
        if record is None:
            return None
        if self.index.find(record.family) == record:
            return record.family
        return record.full_names[0] if record.full_names else record.spec


def _is_path(value: str) -> bool:
    if "/" in value or os.sep in value or value.startswith("~"):
        return True
    return value.rsplit("#", 1)[0].lower().endswith(FONT_SUFFIXES)
