"""``jianbao fonts`` and the font options of ``render`` and ``check``.

In: argv values (``--font ROLE=NAME``, ``--font-dir``, ``--config``,
``--allow-missing``) and optionally an issue file.  Out: ``FontOptions``
for the library (``font_options``), and for ``jianbao fonts`` a listing of
the usable fonts grouped by the role their names suggest, or, for an
issue, the file each role resolves to and how much of the issue's text it
covers — as text, or as JSON with ``--json``.

``FontOption``, ``FontDirOption``, ``ConfigOption``,
``AllowMissingOption``, ``SeriesOption`` and ``DebugOption`` are typer
parameter types that ``cli`` puts on its commands too (``series_option``
checks the series file); ``fonts_command`` is the whole ``fonts`` command.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from .coverage import char_label
from .errors import Diagnostic, IssueError, JianbaoError
from .fontdb import FontIndex, FontRecord
from .fonts import ROLES
from .fontsel import (
    CJK_SAMPLE,
    FontOptionError,
    FontOptions,
    FontSelector,
    default_config_path,
    guess_role,
    parse_font_option,
)
from .layout import texts_by_role
from .model import Issue
from .theme import DEFAULT_THEME, Theme
from .validate import FONT_ROLES

FontOption = Annotated[
    list[str] | None,
    typer.Option(
        "--font",
        metavar="ROLE=NAME",
        help=(
            "Font of a role (title, body, heading, kai, folio): a name or a path; "
            "commas give fallbacks: --font body=仿宋_GB2312,FandolFang. Repeatable; "
            "wins over the issue's fonts: and the config file."
        ),
    ),
]
FontDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--font-dir",
        metavar="DIR",
        help="Another folder to search for fonts (before the system's). Repeatable.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Config file with fonts: and font_dirs: "
        "(default: $XDG_CONFIG_HOME/jianbao/config.yaml, if it exists).",
    ),
]
AllowMissingOption = Annotated[
    bool,
    typer.Option(
        "--allow-missing",
        help="Draft: a character the role's fonts lack is a warning; it is drawn "
        "from another installed font that has it, or left blank.",
    ),
]
SeriesOption = Annotated[
    Path | None,
    typer.Option(
        "--series",
        metavar="FILE",
        help="Series file for issues that name none (default: a jianbao.yaml in the "
        "issue's folder or a parent; none for stdin).",
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


def series_option(series: Path | None) -> Path | None:
    """``--series FILE`` as given; a usage error (exit 2) if it is no file."""
    if series is not None and not series.is_file():
        what = "is a folder" if series.is_dir() else "does not exist"
        raise typer.BadParameter(f"'{series}' {what}", param_hint="'--series'")
    return series


def font_options(
    font: Sequence[str] | None = None,
    font_dir: Sequence[Path] | None = None,
    config: Path | None = None,
    allow_missing: bool = False,
    environ: Mapping[str, str] | None = None,
) -> FontOptions:
    """The library's ``FontOptions`` from command-line values.

    A malformed ``--font``, a missing ``--font-dir`` or ``--config`` is a
    usage error (``typer.BadParameter``, exit 2).  Without ``--config`` the
    default config file is read when it exists.
    """
    try:
        choices = tuple(parse_font_option(value) for value in font or ())
    except FontOptionError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--font'") from None
    for folder in font_dir or ():
        if not folder.is_dir():
            raise typer.BadParameter(f"'{folder}' is not a folder", param_hint="'--font-dir'")
    if config is not None and not config.is_file():
        raise typer.BadParameter(f"'{config}' does not exist", param_hint="'--config'")
    if config is None:
        default = default_config_path(environ)
        config = default if default.is_file() else None
    return FontOptions(
        fonts=choices,
        font_dirs=tuple(font_dir or ()),
        config=config,
        allow_missing=allow_missing,
        environ=environ,
    )


def fonts_command(
    issue: Annotated[
        Path | None,
        typer.Argument(help="An issue file: show the font each role resolves to for it."),
    ] = None,
    font: FontOption = None,
    font_dir: FontDirOption = None,
    config: ConfigOption = None,
    series: SeriesOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list fonts without Chinese characters.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    debug: DebugOption = False,
) -> None:
    """List the fonts jianbao can use, grouped by the role they suit; or, for
    ISSUE, which font file each role resolves to and its coverage.

    Example: jianbao fonts

    Example: jianbao fonts examples/liaocheng-2021-08.yaml --font body=仿宋_GB2312
    """
    selector = FontSelector(font_options(font, font_dir, config))
    series = series_option(series)
    try:
        if issue is None:
            data: dict[str, Any] = {"fonts": list_fonts(selector, show_all=show_all)}
            text = format_listing(data["fonts"])
            ok = True
        else:
            from .api import load

            data = issue_report(selector, load(issue, series=series), DEFAULT_THEME)
            text = format_report(data)
            ok = all(not role["missing"] for role in data["roles"].values())
    except IssueError as exc:
        if debug:
            raise
        _fail(as_json, [d.as_dict() for d in exc.diagnostics], [str(d) for d in exc.diagnostics])
    except (JianbaoError, OSError) as exc:
        if debug:
            raise
        problem = Diagnostic(None, str(exc))
        _fail(as_json, [problem.as_dict()], [str(problem)])
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)
    if not ok:
        raise typer.Exit(1)


def _fail(as_json: bool, diagnostics: list[dict[str, object]], lines: list[str]) -> None:
    if as_json:
        typer.echo(json.dumps({"diagnostics": diagnostics}, ensure_ascii=False, indent=2))
    else:
        for line in lines:
            typer.echo(line, err=True)
    raise typer.Exit(1)


# ---------------------------------------------------------------------------
# The data (what --json prints)


def record_data(record: FontRecord) -> dict[str, Any]:
    """One face as plain data."""
    return {
        "family": record.family,
        "family_names": list(record.family_names),
        "full_names": list(record.full_names),
        "postscript_name": record.postscript_name,
        "style": record.style,
        "outline": record.outline,
        "container": record.container,
        "file": str(record.path),
        "face_index": record.face_index,
        "spec": record.spec,
        "glyphs": record.glyph_count,
        "embeddable": record.embeddable,
    }


def has_chinese(index: FontIndex, record: FontRecord) -> bool:
    """Whether the face has the commonest Chinese characters."""
    if record.glyph_count < len(CJK_SAMPLE):
        return False
    cmap = index.cmap(record)
    return all(ord(c) in cmap for c in CJK_SAMPLE)


def list_fonts(selector: FontSelector, *, show_all: bool = False) -> list[dict[str, Any]]:
    """Every indexed face with Chinese characters (all faces with ``show_all``),
    with the role its names suggest (None: no guess)."""
    index = selector.index
    out = []
    for record in index:
        chinese = has_chinese(index, record)
        if chinese or show_all:
            out.append({**record_data(record), "role": guess_role(record), "chinese": chinese})
    return out


def issue_report(selector: FontSelector, issue: Issue, theme: Theme) -> dict[str, Any]:
    """For each role: its chain, who chose it, and its coverage of the issue."""
    chains = selector.chains(issue)
    cmaps = FontIndex(())  # reads the character maps of the chosen faces only
    where: dict[tuple[str, str], list[str]] = {}
    for role, text in texts_by_role(issue, theme):
        for i, char in enumerate(text.value):
            if not char.isspace():
                loc = text.locate(i)
                where.setdefault((role, char), []).extend([str(loc)] if loc else [])
    roles: dict[str, Any] = {}
    for role in ROLES:
        chain = chains[role]
        chars = sorted(c for r, c in where if r == role)
        left = set(chars)
        fonts = []
        for name, record in zip(chain.names, chain.records, strict=True):
            cmap = cmaps.cmap(record)
            covers = {c for c in left if ord(c) in cmap}
            left -= covers
            fonts.append(
                {
                    "name": name.value,
                    "written_at": str(name.origin) if name.origin else None,
                    **record_data(record),
                    "covers": len(covers),
                }
            )
        roles[role] = {
            "source": chain.source,
            "fonts": fonts,
            "characters": len(chars),
            "missing": [
                {
                    "char": c,
                    "codepoint": f"U+{ord(c):04X}",
                    "label": char_label(c),
                    "locations": where[(role, c)],
                }
                for c in sorted(left)
            ],
        }
    return {"issue": issue.source, "roles": roles}


# ---------------------------------------------------------------------------
# The text


def format_listing(fonts: list[dict[str, Any]]) -> str:
    """The listing, one group per role, one line per face."""
    lines: list[str] = []
    groups: list[tuple[str, list[dict[str, Any]]]] = [
        (f"{role} ({term}) — {doc}", [f for f in fonts if f["chinese"] and f["role"] == role])
        for role, (doc, term, _) in FONT_ROLES.items()
        if role != "folio"
    ]
    groups.append(
        (
            "other fonts with Chinese characters",
            [f for f in fonts if f["chinese"] and not f["role"]],
        )
    )
    groups.append(("fonts without Chinese characters", [f for f in fonts if not f["chinese"]]))
    for title, members in groups:
        if not members:
            continue
        lines.append(f"{title}:")
        lines += [f"  {_face_line(f)}" for f in members]
        lines.append("")
    chinese = sum(1 for f in fonts if f["chinese"])
    lines.append(
        f"{chinese} faces with Chinese characters. Use one by name with --font ROLE=NAME, "
        "or in the issue file:  fonts: {body: 仿宋_GB2312}"
    )
    return "\n".join(lines)


def format_report(data: Mapping[str, Any]) -> str:
    """Each role's chain with its source and coverage."""
    lines = [f"{data['issue']}: the fonts of each role (--font > issue > config > bundled)"]
    for role, info in data["roles"].items():
        term = FONT_ROLES[role][1]
        lines.append(f"{role} ({term}) — from {_source(info)}")
        for i, face in enumerate(info["fonts"], 1):
            total = info["characters"]
            share = f"{face['covers']} of {total} characters" if i == 1 else f"+{face['covers']}"
            line = (
                f"  {i}. {face['family']} ({face['style'] or 'Regular'}, {_outline(face)}) "
                f"{_short(face['spec'])} — {share}"
            )
            written = face["name"]
            if info["source"] != "bundled" and written not in (face["family"], face["spec"]):
                line += f"  (named '{written}')"
            lines.append(line)
        if info["missing"]:
            lines.append(f"  missing {len(info['missing'])} character(s):")
            for m in info["missing"]:
                at = ", ".join(m["locations"][:3]) + (" …" if len(m["locations"]) > 3 else "")
                lines.append(f"    {m['label']} at {at}")
    return "\n".join(lines)


def _source(info: Mapping[str, Any]) -> str:
    if info["source"] == "bundled":
        return "the bundled fonts"
    first = info["fonts"][0]["written_at"]
    return str(first or info["source"])


def _outline(face: Mapping[str, Any]) -> str:
    outline = "TrueType" if face["outline"] == "truetype" else "CFF"
    container = face["container"]
    return outline if container in ("ttf", "otf") else f"{outline} in .{container}"


def _face_line(face: Mapping[str, Any]) -> str:
    names = " / ".join(face["family_names"]) or face["postscript_name"]
    parts = [
        names,
        face["style"] or "Regular",
        _outline(face),
        f"{face['glyphs']} glyphs",
        _short(face["spec"]),
    ]
    if not face["embeddable"]:
        parts.append("embedding forbidden")
    return " · ".join(parts)


def _short(spec: str) -> str:
    home = os.path.expanduser("~")
    return "~" + spec[len(home) :] if home != "~" and spec.startswith(home + os.sep) else spec
