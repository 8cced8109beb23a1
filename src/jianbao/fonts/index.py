"""The font index (字体索引): find the fonts an office already has, by name.

In: font folders (``search_dirs``: ``--font-dir``, ``$JIANBAO_FONT_PATH``,
the bundled fonts, then the user's and the system's font folders) and a
font named the way people name fonts: a family, full or PostScript name in
Chinese or English (方正小标宋简体, 仿宋_GB2312, FZXBSJW--GB1-0, FandolFang)
or a path (``x.otf``, ``x.ttc#1``, ``x.ttc#SimSun``).

Out: a ``FontRecord`` for one face (``FontIndex.find``) and did-you-mean
hints (``FontIndex.suggest``, ``FontIndex.fonts_with``); ``prepare`` makes a
record's file embeddable.

The index reads only the name, maxp and OS/2 tables of each file and is
cached as JSON in the cache folder; files whose size and mtime are
unchanged are never opened again.  Cache layout, under
``default_cache_dir()``::

    fontindex-v1.json   folders → files (size, mtime_ns) → face records
    fonthashes-v1.json  file path → (size, mtime_ns, sha256 of its content)
    fontfiles-v1.json   file named by path → (size, mtime_ns) → face records
    fonts/<PostScriptName>-<key>.ttf   prepared fonts (``prepare``)
    parsed-fonts/<key>.pickle          ReportLab's parse of a file (``parsed``)
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from ..errors import IssueError, JianbaoError
from ..fsutil import WriteError, cache_dir, dump_json, read_input, write_atomic
from ..i18n import _
from ..records import dataclass

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

__all__ = [
    "FONT_SUFFIXES",
    "Container",
    "FontError",
    "FontIndex",
    "FontRecord",
    "Outline",
    "default_cache_dir",
    "is_cff",
    "read_faces",
    "search_dirs",
]

Outline = Literal["truetype", "cff"]
Container = Literal["ttf", "otf", "ttc", "otc", "woff", "woff2"]

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2")
Progress = Callable[[int, int], None]  # (files opened, files to open)
INDEX_FILE = "fontindex-v1.json"
HASH_FILE = "fonthashes-v1.json"
FILES_FILE = "fontfiles-v1.json"
# Bump when the JSON layout of the index changes.
_INDEX_VERSION = 1

_ENGLISH = ((3, 0x409), (1, 0))
_REGULAR_STYLES = frozenset(
    {"", "regular", "normal", "book", "roman", "standard", "plain"}
    | {"常规", "常規", "標準", "标准", "正常"}
)
_STRONG_STYLE_WORDS = ("bold", "italic", "oblique", "black", "heavy", "粗", "斜")


class FontError(JianbaoError):
    """A font file exists but cannot be read, embedded or converted."""


@dataclass(frozen=True)
class FontRecord:
    """One face of one font file, as the index knows it.

    ``family_names`` holds name IDs 16 and 1 in every language of the name
    table (the English typographic family first), ``full_names`` name ID 4.
    ``fs_type`` is OS/2 fsType, the embedding permission bits.
    """

    path: Path
    face_index: int
    family_names: tuple[str, ...]
    full_names: tuple[str, ...]
    postscript_name: str
    style: str
    outline: Outline
    container: Container
    glyph_count: int
    size: int
    mtime_ns: int
    fs_type: int = 0

    @property
    def family(self) -> str:
        """The family name to show people (English if there is one)."""
        if self.family_names:
            return self.family_names[0]
        return self.postscript_name or self.path.stem

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this face answers to."""
        ps = (self.postscript_name,) if self.postscript_name else ()
        return self.family_names + self.full_names + ps

    @property
    def spec(self) -> str:
        """The value that finds exactly this face again: path or path#N."""
        if self.container in ("ttc", "otc"):
            return f"{self.path}#{self.face_index}"
        return str(self.path)

    @property
    def embeddable(self) -> bool:
        """False when fsType forbids embedding or subsetting (as ReportLab checks)."""
        return not (self.fs_type == 0x0002 or self.fs_type & 0x0300)

    def _to_json(self) -> dict[str, Any]:
        return {
            "face_index": self.face_index,
            "family_names": list(self.family_names),
            "full_names": list(self.full_names),
            "postscript_name": self.postscript_name,
            "style": self.style,
            "outline": self.outline,
            "container": self.container,
            "glyph_count": self.glyph_count,
            "fs_type": self.fs_type,
        }

    @classmethod
    def _from_json(
        cls, path: Path, size: int, mtime_ns: int, data: Mapping[str, Any]
    ) -> FontRecord:
        return cls(
            path=path,
            face_index=int(data["face_index"]),
            family_names=tuple(str(n) for n in data["family_names"]),
            full_names=tuple(str(n) for n in data["full_names"]),
            postscript_name=str(data["postscript_name"]),
            style=str(data["style"]),
            outline=cast(Outline, data["outline"]),
            container=cast(Container, data["container"]),
            glyph_count=int(data["glyph_count"]),
            size=size,
            mtime_ns=mtime_ns,
            fs_type=int(data["fs_type"]),
        )


# --------------------------------------------------------------------------
# Where fonts live


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The cache folder (``fsutil.cache_dir``), where converted fonts and
    the font list are kept."""
    return cache_dir(environ)


def search_dirs(
    extra: Iterable[str | os.PathLike[str]] = (),
    bundled: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    system: bool = True,
) -> list[Path]:
    """The font folders to index, highest priority first, only those that exist.

    Order: ``extra`` (``--font-dir``), ``$JIANBAO_FONT_PATH`` (os.pathsep
    separated), ``bundled``, then the user and system font folders of Linux,
    macOS and Windows — unless ``system`` is false or ``$JIANBAO_SYSTEM_FONTS``
    is ``0`` (a build server or a test suite that must not depend on the
    fonts installed).  A folder inside an earlier one is dropped (the
    earlier one is scanned recursively).  Callers that want to report a
    missing ``--font-dir`` must check it themselves.
    """
    env = os.environ if environ is None else environ
    candidates: list[Path] = [Path(d) for d in extra]
    candidates += [Path(d) for d in env.get("JIANBAO_FONT_PATH", "").split(os.pathsep) if d]
    if bundled is not None:
        candidates.append(Path(bundled))
    if system and env.get("JIANBAO_SYSTEM_FONTS", "").strip().lower() not in _OFF:
        candidates += _system_dirs(env)
    found: list[Path] = []
    for d in candidates:
        d = d.expanduser()
        if not d.is_dir():
            continue
        real = Path(os.path.realpath(d))
        if any(real == f or f in real.parents for f in (Path(os.path.realpath(p)) for p in found)):
            continue
        found.append(d)
    return found


_OFF = ("0", "no", "false", "off")


def _system_dirs(env: Mapping[str, str]) -> list[Path]:
    """The user's and the system's font folders on Linux, macOS and Windows,
    and those of WPS Office, which brings the fonts most offices set their
    bulletins in (方正小标宋, 仿宋_GB2312, 楷体_GB2312) and installs fonts its
    users download into a folder of its own."""
    home = _home(env)
    out = [Path(env["XDG_DATA_HOME"]) / "fonts"] if env.get("XDG_DATA_HOME") else []
    out += [
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / "Library" / "Fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
        # WPS Office for Linux: its own fonts, and those it installs for the user
        Path("/opt/kingsoft/wps-office/office6/fonts"),
        home / ".kingsoft" / "office6" / "fonts",
        home / ".local" / "share" / "Kingsoft" / "office6" / "fonts",
    ]
    if env.get("WINDIR"):
        out.append(Path(env["WINDIR"]) / "Fonts")
    if env.get("LOCALAPPDATA"):  # fonts a Windows user installed "for me only"
        out.append(Path(env["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    if env.get("APPDATA"):  # WPS Office for Windows: the fonts it installs for the user
        out.append(Path(env["APPDATA"]) / "kingsoft" / "office6" / "fonts")
    return out


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME") or env.get("USERPROFILE")
    return Path(home) if home else Path.home()


# --------------------------------------------------------------------------
# Reading one file


def is_cff(font: TTFont) -> bool:
    """True when the font's outlines are PostScript (CFF or CFF2)."""
    return "CFF " in font or "CFF2" in font


def read_faces(path: Path) -> list[FontRecord]:
    """Records for every usable face of the font file at ``path``.

    Reads only the name, maxp and OS/2 tables.  Faces without TrueType or
    CFF outlines (bitmap-only fonts) are left out.  Raises whatever
    fontTools raises for a file that is not a font.
    """
    from fontTools.ttLib import TTFont  # ~25 ms: only when a file is read
    from fontTools.ttLib.ttCollection import TTCollection

    st = path.stat()
    with path.open("rb") as f:
        magic = f.read(4)
    if magic == b"ttcf":
        with TTCollection(str(path), lazy=True) as collection:
            fonts = list(collection.fonts)
            container: Container = "otc" if any(is_cff(font) for font in fonts) else "ttc"
            faces = [_face(font, path, i, container, st) for i, font in enumerate(fonts)]
    else:
        kinds: dict[bytes, Container] = {
            b"\0\1\0\0": "ttf",
            b"true": "ttf",
            b"OTTO": "otf",
            b"wOFF": "woff",
            b"wOF2": "woff2",
        }
        if magic not in kinds:
            message = _("{path}: not a font file (starts with {magic!r})")
            raise FontError(message.format(path=path, magic=magic))
        with TTFont(str(path), lazy=True) as font:
            faces = [_face(font, path, 0, kinds[magic], st)]
    return [face for face in faces if face is not None]


def _face(
    font: TTFont, path: Path, index: int, container: Container, st: os.stat_result
) -> FontRecord | None:
    if is_cff(font):
        outline: Outline = "cff"
    elif "glyf" in font:
        outline = "truetype"
    else:
        return None
    table = font["name"]
    family = _names(table, (16, 1))
    full = _names(table, (4,))
    ps = _names(table, (6,))
    style = _names(table, (17, 2))
    return FontRecord(
        path=path,
        face_index=index,
        family_names=family,
        full_names=full,
        postscript_name=ps[0] if ps else "",
        style=style[0] if style else "",
        outline=outline,
        container=container,
        glyph_count=int(font["maxp"].numGlyphs),
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        fs_type=int(font["OS/2"].fsType) if "OS/2" in font else 0,
    )


def _names(table: Any, name_ids: tuple[int, ...]) -> tuple[str, ...]:
    """Distinct strings of ``name_ids``, English first, then in ID order."""
    ranked: list[tuple[int, int, int, str]] = []
    for order, rec in enumerate(table.names):
        if rec.nameID not in name_ids:
            continue
        try:
            text = rec.toUnicode().replace("\0", "").strip()
        except (UnicodeDecodeError, LookupError):
            continue
        if not text or "\ufffd" in text:
            continue
        english = 0 if (rec.platformID, rec.langID) in _ENGLISH else 1
        ranked.append((english, name_ids.index(rec.nameID), order, text))
    out: dict[str, None] = {}
    for *_rank, text in sorted(ranked):
        out.setdefault(text, None)
    return tuple(out)


# --------------------------------------------------------------------------
# The index


def _key(name: str) -> str:
    """Match key: NFKC, case-folded, without any whitespace; '_' and '-' stay."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def style_rank(style: str) -> int:
    """0 for a regular style, 2 for a strong one (bold, black, italic …), 1 else."""
    key = _key(style)
    if key in _REGULAR_STYLES:
        return 0
    if any(word in key for word in _STRONG_STYLE_WORDS):
        return 2
    return 1


def _looks_like_path(value: str) -> bool:
    seps = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    if any(sep in value for sep in seps) or value.startswith("~"):
        return True
    base = value.rsplit("#", 1)[0]
    return value.lower().endswith(FONT_SUFFIXES) or base.lower().endswith(FONT_SUFFIXES)


class FontIndex:
    """Every face in the searched folders, found by name or path.

    Build it with ``FontIndex.build``; lookups never touch the folders
    again (a path lookup reads only the file named).
    """

    def __init__(
        self,
        records: Iterable[FontRecord],
        dirs: Iterable[Path] = (),
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.records: tuple[FontRecord, ...] = tuple(records)
        self.dirs: tuple[Path, ...] = tuple(dirs)
        # Where the faces of files looked up by path are remembered.
        self._files = Path(cache_dir) / FILES_FILE if cache_dir is not None else None
        # match key → (kind, position); kind 0 = full or PostScript name, 1 = family
        self._by_name: dict[str, list[tuple[int, int]]] = {}
        self._by_path: dict[str, list[FontRecord]] = {}
        self._cmaps: dict[tuple[Path, int], frozenset[int]] = {}
        # Which searched folder each record is in (its rank: earlier wins).
        roots = [os.path.join(os.path.realpath(d), "") for d in self.dirs]
        self._folder = [
            next((i for i, r in enumerate(roots) if os.path.realpath(rec.path).startswith(r)), 0)
            for rec in self.records
        ]
        for pos, rec in enumerate(self.records):
            exact = rec.full_names + ((rec.postscript_name,) if rec.postscript_name else ())
            for kind, names in ((0, exact), (1, rec.family_names)):
                for name in names:
                    hits = self._by_name.setdefault(_key(name), [])
                    if (kind, pos) not in hits:
                        hits.append((kind, pos))
            self._by_path.setdefault(path_key(rec.path), []).append(rec)

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[FontRecord]:
        return iter(self.records)

    @classmethod
    def build(
        cls,
        dirs: Iterable[str | os.PathLike[str]],
        cache_dir: str | os.PathLike[str] | None = None,
        progress: Progress | None = None,
    ) -> FontIndex:
        """Index every font file under ``dirs`` (recursively), in that order.

        With a ``cache_dir``, faces are read from ``fontindex-v1.json`` for
        every file whose size and mtime are unchanged; only new or changed
        files are opened, and the cache is rewritten only when something
        changed.  Files fontTools cannot read are skipped (and remembered
        as such).  ``progress(done, total)`` is told of each file opened
        (``total``: the files to open, known before the first is), for a
        scan of thousands of office fonts that takes half a minute.
        """
        folders = [Path(d) for d in dirs]
        cache_path = Path(cache_dir) / INDEX_FILE if cache_dir is not None else None
        cached = _load_index(cache_path) if cache_path else {}
        stored: dict[str, dict[str, Any]] = {
            folder: files for folder, files in cached.items() if Path(folder).is_dir()
        }
        changed = len(stored) != len(cached)
        seen: set[object] = set()
        found: list[tuple[str, list[tuple[Path, os.stat_result, list[FontRecord] | None]]]] = []
        for folder in folders:
            folder_key = os.path.abspath(folder)
            old = cached.get(folder_key, {})
            files = []
            for path, st in _walk(Path(folder_key)):
                ident: object = (st.st_dev, st.st_ino) if st.st_ino else path_key(path)
                if ident in seen:
                    continue
                seen.add(ident)
                entry = old.get(str(path))
                files.append((path, st, None if entry is None else _cached_faces(entry, path, st)))
            found.append((folder_key, files))
        total = sum(faces is None for _folder, files in found for _p, _s, faces in files)
        opened = 0
        records: list[FontRecord] = []
        for folder_key, files in found:
            old = cached.get(folder_key, {})
            new: dict[str, Any] = {}
            for path, st, faces in files:
                file_key = str(path)
                entry = old.get(file_key)
                if faces is None:
                    try:
                        faces = read_faces(path)
                    except Exception:  # any file fontTools cannot read is skipped
                        faces = []
                    changed = True
                    entry = {
                        "size": st.st_size,
                        "mtime_ns": st.st_mtime_ns,
                        "faces": [face._to_json() for face in faces],
                    }
                    opened += 1
                    if progress is not None:
                        progress(opened, total)
                new[file_key] = entry
                records.extend(faces)
            if new.keys() != old.keys():
                changed = True
            stored[folder_key] = new
        if cache_path is not None and changed:
            # The cache only saves time; an unwritable one costs a rescan.
            with contextlib.suppress(OSError, WriteError):
                write_json(cache_path, {"version": _INDEX_VERSION, "folders": stored})
        return cls(records, folders, cache_dir)

    # -- lookups ------------------------------------------------------------

    def find(self, name: str) -> FontRecord | None:
        """The face ``name`` means, or None.

        ``name`` is a path (``x.otf``; ``x.ttc#2`` or ``x.ttc#SimSun`` for
        one face of a collection; a bare file name is also looked up among
        the indexed files) or a family, full or PostScript name, matched
        ignoring case and spaces (but not '_' or '-').  A face in an
        earlier search folder wins (``--font-dir`` before the system's);
        within a folder, a family with several styles gives its Regular
        face.  Raises ``FontError`` for an existing file that is not a
        usable font.
        """
        value = name.strip()
        if not value:
            return None
        if _looks_like_path(value):
            return self._find_path(value)
        return self._best(self._by_name.get(_key(value), []), self.records)

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Indexed names close to ``name``, best first, for a did-you-mean hint."""
        value = name.strip()
        if _looks_like_path(value):
            value = value.rsplit("#", 1)[0].replace("\\", "/").rsplit("/", 1)[-1]
            candidates = [rec.path.name for rec in self.records]
        else:
            candidates = [n for rec in self.records for n in rec.names]
        key = _key(value)
        if not key:
            return []
        # Each face is offered once, under its best-matching name (not as
        # 'FandolFang', 'FandolFang R' and 'FandolFang-Regular').
        owner = {
            _key(n): i
            for i, rec in enumerate(self.records)
            for n in ((rec.path.name,) if _looks_like_path(value) else rec.names)
        }
        best: dict[int, tuple[float, str]] = {}
        for candidate in candidates:
            other = _key(candidate)
            score = difflib.SequenceMatcher(None, key, other).ratio()
            if min(len(key), len(other)) >= 2 and (key in other or other in key):
                score = max(score, 0.75)
            if score < 0.6:
                continue
            face = owner.get(other, -1)
            if face not in best or -score < best[face][0]:
                best[face] = (-score, candidate)
        shown: dict[str, float] = {}
        for score, display in best.values():
            shown.setdefault(display, score)
        return [d for d, _score in sorted(shown.items(), key=lambda kv: (kv[1], kv[0]))[:limit]]

    def fonts_with(self, char: str) -> list[FontRecord]:
        """Indexed faces whose cmap has ``char`` (one character), in search order.

        Reads each face's cmap on first use and keeps it in this index.
        """
        if len(char) != 1:
            raise ValueError(f"fonts_with() wants one character, got {char!r}")
        cp = ord(char)
        return [rec for rec in self.records if cp in self.cmap(rec)]

    def cmap(self, record: FontRecord) -> frozenset[int]:
        """The code points ``record`` maps (empty if the file is unreadable)."""
        key = (record.path, record.face_index)
        if key not in self._cmaps:
            from fontTools.ttLib import TTFont

            try:
                with TTFont(str(record.path), fontNumber=record.face_index, lazy=True) as font:
                    best = font.getBestCmap() or {}
                self._cmaps[key] = frozenset(best)
            except Exception:  # a hint must not fail the run
                self._cmaps[key] = frozenset()
        return self._cmaps[key]

    # -- helpers --------------------------------------------------------------

    def _best(
        self, hits: Iterable[tuple[int, int]], pool: tuple[FontRecord, ...]
    ) -> FontRecord | None:
        """The earlier search folder first, then within one folder the
        Regular style (only when matched by family), then position, then kind."""
        folder = self._folder if pool is self.records else [0] * len(pool)
        ranked = sorted(
            (folder[pos], style_rank(pool[pos].style) if kind else 0, pos, kind)
            for kind, pos in hits
        )
        return pool[ranked[0][2]] if ranked else None

    def _find_path(self, value: str) -> FontRecord | None:
        path = Path(value).expanduser()
        selector: str | None = None
        if not path.is_file() and "#" in value:
            base, selector = value.rsplit("#", 1)
            path = Path(base).expanduser()
        if not path.is_file():
            if path.parent == Path(".") and not path.exists():
                same = [r for r in self.records if r.path.name.casefold() == path.name.casefold()]
                if same:
                    return self._pick_face(self._faces_of(same[0].path), selector)
            return None
        return self._pick_face(self._faces_of(path.absolute()), selector)

    def _faces_of(self, path: Path) -> tuple[FontRecord, ...]:
        st = path.stat()
        key = path_key(path)
        known = self._by_path.get(key, [])
        if known and all(r.size == st.st_size and r.mtime_ns == st.st_mtime_ns for r in known):
            return tuple(known)
        files = _load_files(self._files) if self._files is not None else {}
        remembered = _cached_faces(files[key], path, st) if key in files else None
        if remembered:
            return tuple(remembered)
        try:
            faces = read_faces(path)
        except Exception as exc:  # fontTools raises many kinds
            message = _("{path}: cannot read this font file ({reason})")
            raise FontError(message.format(path=path, reason=exc)) from exc
        if not faces:
            raise FontError(_("{path}: has no TrueType or CFF outlines").format(path=path))
        if self._files is not None:
            files[key] = {
                "size": st.st_size,
                "mtime_ns": st.st_mtime_ns,
                "faces": [face._to_json() for face in faces],
            }
            with contextlib.suppress(OSError, WriteError):  # reading again is slow, not wrong
                write_json(self._files, {"version": _INDEX_VERSION, "files": files})
        return tuple(faces)

    def _pick_face(self, faces: tuple[FontRecord, ...], selector: str | None) -> FontRecord | None:
        if selector is None:
            return min(faces, key=lambda r: r.face_index)
        if selector.isdigit():
            return next((r for r in faces if r.face_index == int(selector)), None)
        key = _key(selector)
        hits = []
        for pos, rec in enumerate(faces):
            exact = (*rec.full_names, rec.postscript_name)
            hits += [(0, pos) for n in exact if _key(n) == key]
            hits += [(1, pos) for n in rec.family_names if _key(n) == key]
        return self._best(hits, faces)


def path_key(path: Path) -> str:
    """One spelling of ``path`` for comparing (absolute, in the system's case)."""
    return os.path.normcase(os.path.abspath(path))


def content_hash(path: Path, cache_dir: str | os.PathLike[str] | None = None) -> str:
    """sha256 of the file's bytes, remembered in ``fonthashes-v1.json`` by
    (path, size, mtime_ns) so a big font is hashed once."""
    st = path.stat()
    store = Path(cache_dir) / HASH_FILE if cache_dir is not None else None
    key = path_key(path)
    known = read_json(store) if store else {}
    entry = known.get(key)
    if isinstance(entry, list) and entry[:2] == [st.st_size, st.st_mtime_ns] and len(entry) == 3:
        return str(entry[2])
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    value = digest.hexdigest()
    if store is not None:
        known[key] = [st.st_size, st.st_mtime_ns, value]
        with contextlib.suppress(OSError, WriteError):  # hashing again is slow, not wrong
            write_json(store, known)
    return value


def fingerprint(dirs: Iterable[Path]) -> str:
    """A hash of every font file under ``dirs`` (path, size, mtime): it
    changes when a font is added, removed or replaced anywhere a name could
    resolve to, so a PDF can be known up to date without resolving its
    fonts again (``cli.stamps``).  A walk and a stat per file, no opening."""
    digest = hashlib.sha256()
    for folder in dirs:
        for path, st in _walk(Path(folder)):
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _walk(root: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """Font files under ``root`` with their stat, sorted, following symlinks once."""
    found: list[tuple[Path, os.stat_result]] = []
    seen_dirs: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen_dirs:
            continue
        seen_dirs.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    stack.append(Path(entry.path))
                elif entry.name.lower().endswith(FONT_SUFFIXES) and entry.is_file():
                    found.append((Path(entry.path), entry.stat()))
            except OSError:
                continue
    found.sort(key=lambda item: str(item[0]))
    return iter(found)


def _cached_faces(entry: Any, path: Path, st: os.stat_result) -> list[FontRecord] | None:
    """Faces from a cache entry, or None when it is stale or malformed."""
    try:
        if entry["size"] != st.st_size or entry["mtime_ns"] != st.st_mtime_ns:
            return None
        size, mtime_ns = st.st_size, st.st_mtime_ns
        return [FontRecord._from_json(path, size, mtime_ns, face) for face in entry["faces"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _load_files(path: Path) -> dict[str, Any]:
    data = read_json(path)
    files = data.get("files")
    if data.get("version") != _INDEX_VERSION or not isinstance(files, dict):
        return {}
    return files


def _load_index(path: Path) -> dict[str, dict[str, Any]]:
    data = read_json(path)
    if data.get("version") != _INDEX_VERSION or not isinstance(data.get("folders"), dict):
        return {}
    return {k: v for k, v in data["folders"].items() if isinstance(v, dict)}


def read_json(path: Path) -> dict[str, Any]:
    """A cache file's JSON object: empty when missing, unreadable, damaged,
    nested past reason or not a regular file (a FIFO is never waited for),
    so that a bad cache is built again instead of failing every run."""
    try:
        data = json.loads(read_input(path, _CACHE_LIMIT, "a cache file").decode("utf-8"))
    except (IssueError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: object) -> None:
    """Write a cache file (and its folder); ``OSError`` or ``WriteError``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, dump_json(data, compact=True).encode("utf-8"))


# The index of 10,000 fonts is ~10 MB.
_CACHE_LIMIT = 64 * 2**20
