"""Command-line options shared by ``render``, ``check`` and ``fonts``, and
the wording of fixes as options.

In: argv values (``--font ROLE=NAME``, ``--font-dir``, ``--config``,
``--allow-missing``, ``--series``).  Out: the library's ``FontOptions``
(``font_options``), the series file (``series_option``) — a usage error
(exit 2) for a value that makes no sense — and ``for_cli``, which words a
diagnostic's fix the way this command line takes it (``--font body=…``)
where the library words it as the issue file and the API write it.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import Diagnostic, JianbaoError
from ..i18n import N_, _
from ..model import FontChoice, Text
from ..roles import is_role, role_hint

if TYPE_CHECKING:
    from ..fonts.select import FontOptions


class FontOptionError(JianbaoError):
    """A ``--font`` value that is not ``ROLE=NAME[,NAME…]`` with a known role."""


FontOption = Annotated[
    list[str] | None,
    typer.Option(
        "--font",
        metavar="ROLE=NAME",
        help=N_(
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
        help=N_("Another folder to search for fonts (before the system's). Repeatable."),
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help=N_(
            "Config file with fonts: and font_dirs: "
            "(default: $XDG_CONFIG_HOME/jianbao/config.yaml, if it exists)."
        ),
    ),
]
AllowMissingOption = Annotated[
    bool,
    typer.Option(
        "--allow-missing",
        help=N_(
            "Draft: a character the role's fonts lack is a warning; it is drawn "
            "from another installed font that has it, or left blank."
        ),
    ),
]
AllowOutsideOption = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help=N_(
            "Let an issue name a series file, images or drafts outside its own folder "
            "and its bulletin's folder (for files you trust)."
        ),
    ),
]
DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft",
        help=N_(
            "Draft: placeholders left by 'jianbao new' are warnings, and so are "
            "characters the fonts lack (as --allow-missing)."
        ),
    ),
]
SeriesOption = Annotated[
    Path | None,
    typer.Option(
        "--series",
        metavar="FILE",
        help=N_(
            "Series file for issues that name none (default: a jianbao.yaml in the "
            "issue's folder or a parent; none for stdin)."
        ),
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", help=N_("Show tracebacks."))]


def series_option(series: Path | None) -> Path | None:
    """``--series FILE`` as given; a usage error (exit 2) if it is no file."""
    if series is not None and not series.is_file():
        if series.is_dir():
            message = _("'{path}' is a folder").format(path=series)
        else:
            message = _("'{path}' does not exist").format(path=series)
        raise typer.BadParameter(message, param_hint="'--series'")
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
    from ..fonts.select import FontOptions
    from ..issue.config import default_config_path

    try:
        choices = tuple(parse_font_option(value) for value in font or ())
    except FontOptionError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--font'") from None
    for folder in font_dir or ():
        if not folder.is_dir():
            message = _("'{folder}' is not a folder").format(folder=folder)
            raise typer.BadParameter(message, param_hint="'--font-dir'")
    if config is not None and not config.is_file():
        raise typer.BadParameter(_not_a_config(config), param_hint="'--config'")
    if config is None:
        env = os.environ if environ is None else environ
        default = default_config_path(env)
        named = bool(env.get("JIANBAO_CONFIG"))
        if (named and not default.is_file()) or default.is_dir():
            # set on purpose, or in the way: silently skipping it would set
            # every issue in fonts the office did not choose
            message = _not_a_config(default)
            if not named:
                message = _("'{path}' is a folder where the config file goes; rename it").format(
                    path=default
                )
            raise typer.BadParameter(message, param_hint=_config_source(named))
        config = default if default.is_file() else None
    return FontOptions(
        fonts=choices,
        font_dirs=tuple(font_dir or ()),
        config=config,
        allow_missing=allow_missing,
        environ=environ,
    )


def _not_a_config(path: Path) -> str:
    from ..issue.config import CONFIG_NAME

    if path.is_dir():
        return _("'{path}' is a folder; give the config file in it (e.g. {example})").format(
            path=path, example=path / CONFIG_NAME
        )
    return _("'{path}' does not exist").format(path=path)


def _config_source(named: bool) -> str:
    return "JIANBAO_CONFIG" if named else _("the config file")


def parse_font_option(value: str) -> FontChoice:
    """``ROLE=NAME[,NAME…]`` (``--font body=仿宋_GB2312,FandolFang``) as a choice."""
    role, sep, names = value.partition("=")
    role = role.strip()
    if not sep or not role:
        raise FontOptionError(
            _("'{value}' is not ROLE=NAME (e.g. body=仿宋_GB2312)").format(value=value)
        )
    if not is_role(role):
        message = _("unknown font role '{role}' in '{value}'; {hint}")
        raise FontOptionError(message.format(role=role, value=value, hint=role_hint(role)))
    parts = tuple(Text(n.strip()) for n in names.split(",") if n.strip())
    if not parts:
        raise FontOptionError(_("'{value}' names no font").format(value=value))
    return FontChoice(role, parts)


def for_cli(diagnostic: Diagnostic) -> Diagnostic:
    """``diagnostic`` with its fix worded as this command line's options."""
    fix = diagnostic.fix
    if fix is None:
        return diagnostic
    if fix.kind == "fallback":
        option = shlex.quote(f"{fix.role}={','.join(fix.names)}")
        hint = _(
            "the installed font '{font}' has it; add it as a fallback: --font {option}"
        ).format(font=fix.names[-1], option=option)
    elif fix.kind == "font_dir":
        hint = _(
            "no installed font has it; add a font that has it with --font-dir, "
            "or write the character differently"
        )
    else:
        hint = _("run 'jianbao fonts' to list the fonts found; add folders with --font-dir")
        if fix.names:
            names = ", ".join(f"'{n}'" for n in fix.names)
            hint = _("did you mean {names}? {hint}").format(names=names, hint=hint)
    return replace(diagnostic, hint=hint)
