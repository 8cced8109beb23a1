"""The command line's own face: ``--help``, usage errors and ``--lang``.

In: typer's commands (their help text, parameters and metavars), argv, the
environment.  Out: help in the reader's language, wrapped to the terminal
without cutting a word (and without type names such as ``<bool>``); a
usage error printed as diagnostics are (``jianbao render: error: no such
option: --foo`` with a hint), exit code 2; the language chosen for the
run (``--lang``, ``JIANBAO_LANG``, the locale) before anything is parsed,
so that help and errors come out in it.

``Group`` and ``Command`` are the click classes typer builds the
``jianbao`` command and its subcommands from.  Help texts are written in
English in the code (marked ``N_`` or command docstrings) and translated
here as they are shown.  Typer's vendored click words its own errors in
English f-strings without gettext, so each kind of error is worded here
from what the exception holds.
"""

from __future__ import annotations

import difflib
import inspect
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
from typer._click import exceptions as click_errors  # typer ≥ 0.29 vendors click
from typer._click.core import Context, Parameter
from typer._coercion import RuntimeParam
from typer.core import TyperArgument as Argument
from typer.core import TyperCommand, TyperGroup
from typer.core import TyperOption as Option

from ..errors import Diagnostic
from ..i18n import N_, _, known, language_from, using
from ..records import dataclass
from .console import colour_for, columns, show, width, wrap

LANG_OPTION = "--lang"
HELP_OPTION_HELP = N_("Show this message and exit.")
LANG_HELP = N_("Language of messages and help: en or zh (default: JIANBAO_LANG, else the locale).")
EXIT_USAGE = 2
COMPLETE_VAR = "_JIANBAO_COMPLETE"  # the shell's completion script asks through it


class UsageStop(Exception):
    """A usage error found before click parses (a bad ``--lang``)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def take_lang(args: Sequence[str]) -> tuple[list[str], str | None]:
    """``args`` without ``--lang X`` / ``--lang=X`` (anywhere before ``--``),
    and the last language so given."""
    rest: list[str] = []
    lang = None
    items = list(args)
    i = 0
    while i < len(items):
        arg = items[i]
        if arg == "--":
            rest += items[i:]
            break
        if arg == LANG_OPTION or arg.startswith(LANG_OPTION + "="):
            if arg == LANG_OPTION:
                if i + 1 >= len(items):
                    raise UsageStop(_("option --lang needs a value: en or zh"))
                value = items[i + 1]
                i += 2
            else:
                value = arg.partition("=")[2]
                i += 1
            if not known(value):
                raise UsageStop(
                    _("--lang takes en or zh, not '{value}'").format(value=value),
                    _("write --lang zh for Chinese, --lang en for English"),
                )
            lang = value
            continue
        rest.append(arg)
        i += 1
    return rest, lang


class _Help:
    """Help in our words, shared by the group and its commands."""

    def format_help(self, ctx: Context, formatter: Any) -> None:
        assert isinstance(self, (TyperCommand, TyperGroup))
        formatter.write(help_text(self, ctx) + "\n")


class _Plain(_Help):
    """Parameters converted without pydantic: typer 0.29 converts every
    value through a pydantic ``TypeAdapter``, and importing pydantic costs
    ~0.2 s a run — a fifth of a whole render.  jianbao's parameters are
    text, paths, whole numbers and flags (and lists of them), which
    ``PlainValue`` converts, wording its errors itself; any other type is
    left to typer."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        params: list[Parameter] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:  # --help among them, which click makes on first use
            descriptor = getattr(param, "type_descriptor", None)
            if (
                descriptor is not None
                and getattr(param, "_runtime_param", None) is None
                and PlainValue.takes(descriptor.annotation)
            ):
                plain = PlainValue(descriptor.parameter_info, descriptor.annotation)
                param._runtime_param = plain  # type: ignore[attr-defined]
        return params


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """A command-line value as ``str``, ``Path``, ``int`` (within the
    option's ``min``/``max``) or ``bool``, or a list of one of them."""

    SIMPLE = (str, Path, int, bool)

    @classmethod
    def takes(cls, annotation: Any) -> bool:
        origin: Any = get_origin(annotation)
        if origin is list:
            return get_args(annotation)[0] in cls.SIMPLE
        return annotation in cls.SIMPLE

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        kind = self.annotation
        origin: Any = get_origin(kind)
        if origin is list:
            (item,) = get_args(kind)
            values = value if isinstance(value, (list, tuple)) else [value]
            return [self._one(item, v, param, ctx) for v in values]
        return self._one(kind, value, param, ctx)

    def _one(self, kind: Any, value: Any, param: Any, ctx: Any) -> Any:
        if kind is int and not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                raise typer.BadParameter(_("must be a whole number"), ctx, param) from None
        if kind is int:
            info = self.parameter_info
            if info.min is not None and value < info.min:
                message = _("must be at least {minimum}").format(minimum=info.min)
                raise typer.BadParameter(message, ctx, param)
            if info.max is not None and value > info.max:
                message = _("must be at most {maximum}").format(maximum=info.max)
                raise typer.BadParameter(message, ctx, param)
            return value
        if kind is bool and not isinstance(value, bool):  # flags give bools; else words
            return str(value).strip().lower() in ("1", "true", "yes", "on")
        return kind(value)


class Command(_Plain, TyperCommand):
    """A subcommand (``render``, ``check`` …) with jianbao's help."""


class Group(_Plain, TyperGroup):
    """``jianbao`` itself: its help, the language, and usage errors in the
    style of diagnostics."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        prog = prog_name or "jianbao"
        if os.environ.get(complete_var or COMPLETE_VAR):  # a shell asks for completions
            from typer._completion_classes import completion_init

            completion_init()
        lang = language_from(os.environ)
        try:
            argv, asked = take_lang(argv)
        except UsageStop as exc:
            with using(lang):
                code = usage_error(prog, exc.message, exc.hint)
            return _leave(code, standalone_mode)
        with using(asked or lang):
            code = self._run(argv, prog, complete_var, **extra)
        return _leave(code, standalone_mode)

    def _run(self, argv: list[str], prog: str, complete_var: str | None, **extra: Any) -> int:
        try:
            result = super().main(
                argv, prog, complete_var=complete_var, standalone_mode=False, **extra
            )
        except click_errors.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
            return EXIT_USAGE
        except click_errors.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else self._path(prog, argv)
            message, hint = usage_words(exc, where)
            return usage_error(where, message, hint)
        except click_errors.ClickException as exc:  # a file option that cannot be opened …
            return usage_error(prog, exc.format_message(), None)
        except typer.Abort:
            typer.echo(_("aborted"), err=True)
            return 1
        return result if isinstance(result, int) else 0

    def _path(self, prog: str, argv: list[str]) -> str:
        """``jianbao render`` for an error click tells without its context:
        the command named in ``argv``, if any."""
        for arg in argv:
            if arg in self.commands:
                return f"{prog} {arg}"
        return prog


def _leave(code: int, standalone: bool) -> int:
    if standalone:
        sys.exit(code)
    return code


def usage_error(where: str, message: str, hint: str | None) -> int:
    """Print a usage error as a diagnostic (``where: error: …``); exit code 2."""
    colour = colour_for(typer.get_text_stream("stderr"))
    typer.echo(show(Diagnostic(None, message, hint), colour=colour, where=where), err=True,
               color=True)  # fmt: skip
    return EXIT_USAGE


# ---------------------------------------------------------------------------
# Usage errors in words


def usage_words(exc: click_errors.UsageError, path: str) -> tuple[str, str | None]:
    """(message, hint) of a usage error in ``path`` (``jianbao render``), in
    the language in effect."""
    ctx = exc.ctx
    help_hint = _("'{command} --help' lists what it takes").format(command=path)
    if isinstance(exc, click_errors.NoSuchOption):
        close = _close_options(exc.option_name, ctx)
        if close:
            names = ", ".join(close)
            return _("no such option: {option}").format(option=exc.option_name), _(
                "did you mean {options}?"
            ).format(options=names)
        return _("no such option: {option}").format(option=exc.option_name), help_hint
    if isinstance(exc, click_errors.MissingParameter):
        name = _param_name(exc.param, ctx)
        if isinstance(exc.param, Argument):
            return _("missing {name}").format(name=name), help_hint
        return _("missing option {name}").format(name=name), help_hint
    if isinstance(exc, click_errors.BadParameter):
        hint = exc.param_hint if isinstance(exc.param_hint, str) else None
        if hint is None and exc.param is not None:
            hint = _param_name(exc.param, ctx)
        if hint:
            return _("{param}: {message}").format(param=hint.strip("'"), message=exc.message), None
        return exc.message, None
    if isinstance(exc, click_errors.BadOptionUsage):
        return _option_words(exc.option_name, exc.message), help_hint
    if m := _NO_COMMAND.fullmatch(exc.message):
        if m[2]:
            return _("no such command '{name}'").format(name=m[1]), _(
                "did you mean {options}?"
            ).format(options=m[2])
        return _("no such command '{name}'").format(name=m[1]), help_hint
    return _usage_words(exc.message), help_hint


def _close_options(option: str, ctx: Context | None) -> list[str]:
    """The options of the command that ``option`` is a typo of: close in
    spelling without their dashes (``--forse`` → ``--force``), at most three
    — stricter than click's guesses, which offer ``--jobs`` for ``--bogus``."""
    if ctx is None:
        return []
    names = [n for p in ctx.command.get_params(ctx) for n in (*p.opts, *p.secondary_opts)]
    names = [n for n in names if n.startswith("-")]
    by_word = {n.lstrip("-"): n for n in names}
    close = difflib.get_close_matches(option.lstrip("-"), list(by_word), n=3, cutoff=0.75)
    return [by_word[w] for w in close]


def _param_name(param: Parameter | None, ctx: Context | None) -> str:
    if param is None:
        return _("a value")
    if isinstance(param, Option):
        return max(param.opts, key=len)
    return (param.metavar or (param.name or "").upper()).rstrip(".")


def _option_words(option: str, message: str) -> str:
    if "requires" in message:
        return _("option {option} needs a value").format(option=option)
    if "does not take a value" in message:
        return _("option {option} takes no value").format(option=option)
    return message


_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", re.S)
_NO_COMMAND = re.compile(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", re.S)


def _usage_words(message: str) -> str:
    if m := _EXTRA.fullmatch(message):
        return _("unexpected extra arguments: {args}").format(args=m[1])
    if message.startswith("Missing command"):
        return _("missing command")
    return message


# ---------------------------------------------------------------------------
# Help


def help_text(cmd: TyperCommand | TyperGroup, ctx: Context) -> str:
    """The help of ``cmd``: usage, description, examples, arguments, options,
    and for the group its commands and the global ``--lang``."""
    limit = columns()
    params = [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if isinstance(p, Argument)]
    options = [p for p in params if isinstance(p, Option)]
    pieces = [_("[OPTIONS]")] if options else []
    pieces += [_metavar(a) for a in arguments]
    if isinstance(cmd, TyperGroup):
        pieces.append(_("COMMAND [ARGS]..."))
    usage = _("Usage: {usage}").format(usage=" ".join([ctx.command_path, *pieces]))
    out = [*wrap(usage, limit), ""]
    description, examples = _split_help(_(inspect.cleandoc(cmd.help or "")))
    for paragraph in description:
        out += [*wrap(paragraph, limit), ""]
    if examples:
        out.append(_("Examples:"))
        out += [f"  {example}" for example in examples] + [""]
    if arguments:
        out.append(_("Arguments:"))
        out += _table([(_metavar(a), _(getattr(a, "help", None) or "")) for a in arguments], limit)
        out.append("")
    rows = [(_option_names(o), _(o.help or "")) for o in options]
    if isinstance(cmd, TyperGroup):
        rows.append((f"{LANG_OPTION} LANG", _(LANG_HELP)))
        out.append(_("Options:"))
        out += [*_table(rows, limit), ""]
        out.append(_("Commands:"))
        commands = [(name, cmd.commands[name]) for name in cmd.list_commands(ctx)]
        out += _table([(name, _short(c)) for name, c in commands if not c.hidden], limit)
    else:
        out.append(_("Options:"))
        out += _table(rows, limit)
    return "\n".join(out).rstrip("\n")


def _split_help(text: str) -> tuple[list[str], list[str]]:
    """Paragraphs of ``text`` (joined lines) and its examples (paragraphs
    opening ``Example:``, kept as written, without that word)."""
    paragraphs: list[str] = []
    examples: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines()]
        head = lines[0] if lines else ""
        for word in ("Example:", "示例："):
            if head.startswith(word):
                examples.append(" ".join(lines)[len(word) :].strip())
                break
        else:
            paragraphs.append(_join(lines))
    return [p for p in paragraphs if p], examples


def _join(lines: list[str]) -> str:
    """Lines of a paragraph as one: a space between them, none between two
    Chinese characters; a run of spaces is one."""
    text = ""
    for line in lines:
        if text and not (width(text[-1]) == 2 and line and width(line[0]) == 2):
            text += " "
        text += line
    return re.sub(r" {2,}", " ", text)


def _short(cmd: Any) -> str:
    """A command's summary: the first sentence of its help (to a semicolon,
    if that is long)."""
    paragraphs, _examples = _split_help(_(inspect.cleandoc(cmd.help or "")))
    text = paragraphs[0] if paragraphs else ""
    for end in (". ", "。"):
        text = text.split(end)[0].rstrip(".") if end in text else text
    if width(text) > 60:
        for stop in ("; ", "；"):
            text = text.split(stop)[0]
    return text.rstrip(".。")


def _metavar(arg: Any) -> str:
    name = arg.metavar or (arg.name or "").upper()
    if arg.nargs == -1 and not name.endswith("..."):
        name += "..."
    return name if arg.required else f"[{name}]"


def _option_names(opt: Any) -> str:
    names = ", ".join(sorted([*opt.opts, *opt.secondary_opts], key=len))
    if opt.is_flag or opt.count:
        return names
    metavar = opt.metavar or (opt.name or "").upper()
    return f"{names} {metavar}"


def _table(rows: list[tuple[str, str]], limit: int) -> list[str]:
    """Two columns: names, then their help wrapped beside them; below the
    name, indented, for a name too long or a window too narrow for two."""
    if not rows:
        return []
    first = min(30, max(width(name) for name, _h in rows)) + 4
    stacked = limit - first < 24
    text_width = limit - 6 if stacked else limit - first
    out: list[str] = []
    for name, text in rows:
        lines = wrap(_join(text.split("\n")), text_width) if text else []
        if stacked or width(name) + 4 > first:
            indent = 6 if stacked else first
            out.append(f"  {name}")
            out += [" " * indent + line for line in lines]
            continue
        pad = " " * (first - 2 - width(name))
        out.append(f"  {name}{pad}{lines[0] if lines else ''}".rstrip())
        out += [" " * first + line for line in lines[1:]]
    return out
