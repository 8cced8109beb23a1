"""``jianbao fonts``: the fonts jianbao can use, or those of one issue.

In: an optional issue file and the font options.  Out: on stdout, a
listing of the usable fonts grouped by the role their names suggest, or,
for an issue, the file each role resolves to and how much of the issue's
text it covers — as text, or as JSON with ``--json``; exit code 1 when the
issue's fonts lack a character.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import Diagnostic, IssueError, JianbaoError
from ..i18n import N_, _
from ..roles import ROLE_KEYS, ROLES

if TYPE_CHECKING:  # the stages are imported where used: --help needs none of them
    from ..fonts.index import FontIndex, FontRecord, Progress
    from ..fonts.select import FontSelector
    from ..model import Issue
    from ..theme import Theme
from .console import CHECKING, terminal_progress
from .options import (
    ConfigOption,
    DebugOption,
    FontDirOption,
    FontOption,
    SeriesOption,
    font_options,
    series_option,
)

# Characters that show a face can set Chinese text (for listings).
CJK_SAMPLE = "的一是国中人工作简报"


def fonts_command(
    issue: Annotated[
        Path | None,
        typer.Argument(help=N_("An issue file: show the font each role resolves to for it.")),
    ] = None,
    font: FontOption = None,
    font_dir: FontDirOption = None,
    config: ConfigOption = None,
    series: SeriesOption = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=N_("Also list fonts without Chinese characters."))
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON for scripts."))] = False,
    debug: DebugOption = False,
) -> None:
    """List the fonts jianbao can use, grouped by the role they suit; or, for
    ISSUE, which font file each role resolves to and its coverage.

    Example: jianbao fonts

    Example: jianbao fonts examples/liaocheng-2021-08.yaml --font body=仿宋_GB2312
    """
    from ..pipeline import Options, Session
    from ..theme import DEFAULT_THEME

    options = Options(series_option(series), font_options(font, font_dir, config))
    session = Session(options, progress=terminal_progress())
    try:
        if issue is None:
            fonts = list_fonts(
                session.selector, show_all=show_all, progress=terminal_progress(CHECKING)
            )
            data: dict[str, Any] = {"fonts": fonts}
            text = format_listing(data["fonts"])
            ok = True
        else:
            loaded = session.read(issue)
            data = issue_report(session.selector, loaded.issue, DEFAULT_THEME)
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


def list_fonts(
    selector: FontSelector,
    *,
    show_all: bool = False,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Every indexed face with Chinese characters (all faces with ``show_all``),
    with the role its names suggest (None: no guess).  Telling which faces
    have Chinese reads each one's character map (~60 ms for a CJK face), so
    ``progress(done, total)`` hears of each."""
    from ..fonts.select import suits

    index = selector.index
    out = []
    for done, record in enumerate(index, 1):
        chinese = has_chinese(index, record)
        if progress is not None:
            progress(done, len(index))
        if chinese or show_all:
            out.append({**record_data(record), "role": suits(record), "chinese": chinese})
    return out


def issue_report(selector: FontSelector, issue: Issue, theme: Theme) -> dict[str, Any]:
    """For each role: its chain, who chose it, and its coverage of the issue."""
    from ..fonts.coverage import char_label
    from ..fonts.index import FontIndex
    from ..fonts.select import OPTIONS
    from ..layout import compose

    chains = selector.chains(issue)
    cmaps = FontIndex(())  # reads the character maps of the chosen faces only
    where: dict[tuple[str, str], list[str]] = {}
    for role, text in compose(issue, theme).printed():
        for i, char in enumerate(text.value):
            if not char.isspace():
                loc = text.locate(i)
                where.setdefault((role, char), []).extend([str(loc)] if loc else [])
    roles: dict[str, Any] = {}
    for role in ROLE_KEYS:
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
            "source": "--font" if chain.source == OPTIONS else chain.source,
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
        (
            _("{role} ({term}) — {prints}").format(
                role=role, term=info.term, prints=_(info.prints)
            ),
            [f for f in fonts if f["chinese"] and f["role"] == role],
        )
        for role, info in ROLES.items()
        if info.pattern is not None
    ]
    groups.append(
        (
            _("other fonts with Chinese characters"),
            [f for f in fonts if f["chinese"] and not f["role"]],
        )
    )
    groups.append((_("fonts without Chinese characters"), [f for f in fonts if not f["chinese"]]))
    for title, members in groups:
        if not members:
            continue
        lines.append(_("{title}:").format(title=title))
        lines += [f"  {_face_line(f)}" for f in members]
        lines.append("")
    chinese = sum(1 for f in fonts if f["chinese"])
    lines.append(
        _(
            "{n} faces with Chinese characters. Use one by name with --font ROLE=NAME, "
            "or in the issue file:  fonts: {{body: 仿宋_GB2312}}"
        ).format(n=chinese)
    )
    return "\n".join(lines)


def format_report(data: Mapping[str, Any]) -> str:
    """Each role's chain with its source and coverage."""
    lines = [
        _("{issue}: the fonts of each role (--font > issue > config > bundled)").format(
            issue=data["issue"]
        )
    ]
    for role, info in data["roles"].items():
        lines.append(
            _("{role} ({term}) — from {source}").format(
                role=role, term=ROLES[role].term, source=_source(info)
            )
        )
        for i, face in enumerate(info["fonts"], 1):
            total = info["characters"]
            if i == 1:
                share = _("{covers} of {total} characters").format(
                    covers=face["covers"], total=total
                )
            else:
                share = f"+{face['covers']}"
            line = (
                f"  {i}. {face['family']} ({face['style'] or 'Regular'}, {_outline(face)}) "
                f"{_short(face['spec'])} — {share}"
            )
            written = face["name"]
            if info["source"] != "bundled" and written not in (face["family"], face["spec"]):
                line += "  " + _("(named '{name}')").format(name=written)
            lines.append(line)
        if info["missing"]:
            count = len(info["missing"])
            lines.append("  " + _("missing {n} character(s):").format(n=count))
            for m in info["missing"]:
                at = ", ".join(m["locations"][:3]) + (" …" if len(m["locations"]) > 3 else "")
                lines.append("    " + _("{char} at {where}").format(char=m["label"], where=at))
    return "\n".join(lines)


def _source(info: Mapping[str, Any]) -> str:
    if info["source"] == "bundled":
        return _("the bundled fonts")
    first = info["fonts"][0]["written_at"]
    return str(first or info["source"])


def _outline(face: Mapping[str, Any]) -> str:
    outline = "TrueType" if face["outline"] == "truetype" else "CFF"
    container = face["container"]
    if container in ("ttf", "otf"):
        return outline
    return _("{outline} in .{container}").format(outline=outline, container=container)


def _face_line(face: Mapping[str, Any]) -> str:
    names = " / ".join(face["family_names"]) or face["postscript_name"]
    parts = [
        names,
        face["style"] or "Regular",
        _outline(face),
        _("{n} glyphs").format(n=face["glyphs"]),
        _short(face["spec"]),
    ]
    if not face["embeddable"]:
        parts.append(_("embedding forbidden"))
    return " · ".join(parts)


def _short(spec: str) -> str:
    home = os.path.expanduser("~")
    return "~" + spec[len(home) :] if home != "~" and spec.startswith(home + os.sep) else spec
