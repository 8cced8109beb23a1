"""The command line's commands: a thin typer layer over the library.

In: argv (and stdin for ``-``).  Out: files written, the PDF or a JSON
report on stdout when asked for, everything for people on stderr, and an
exit code — 0 success, 1 an issue failed (bad input or failed render), 2
usage error.  A traceback reaches the user only with ``--debug``.  The only
place that reads the clock (``jianbao new``'s date).

Commands: ``render`` and ``check`` (any number of files, folders, globs or
``-``; ``batch`` runs them), ``new`` (the next issue's file), ``import``
(drafts into articles: ``importer``), ``schema`` (the JSON Schema),
``fonts`` (``fonts``), ``watch`` (render again on every save: ``watch``)
and ``completion`` (typer's shell completion scripts).  Help and usage
errors are worded by ``help``; diagnostics are shown by ``console``.
"""

# No ``from __future__ import annotations`` here: typer reads every command's
# annotations with get_type_hints, which compiles each one written as a string
# (~5 ms of every run); written as objects they are evaluated once, from bytecode.

import dataclasses
import datetime as dt
import gc
import itertools
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..errors import Diagnostic, IssueError, JianbaoError
from ..fsutil import dump_json
from ..i18n import N_, _, language
from ..version import __version__
from . import streams
from .console import ScanProgress, Sources, colour_for, show, terminal_progress
from .fonts import fonts_command
from .help import COMPLETE_VAR, Command, Group
from .jobs import STDIN, InputProblem, Mode, Result, UsageProblem, os_problem
from .options import (
    AllowMissingOption,
    AllowOutsideOption,
    ConfigOption,
    DebugOption,
    DraftOption,
    FontDirOption,
    FontOption,
    SeriesOption,
    font_options,
    for_cli,
    series_option,
)
from .proof import DEFAULT_DPI, MAX_DPI, MIN_DPI, Looks
from .report import Reporter, attach, json_report

if TYPE_CHECKING:
    from .batch import Settings

# The stages themselves (ReportLab, fontTools, Pillow: ~0.4 s) are imported
# in the commands that use them, so that --version and --help start at once.

app = typer.Typer(
    name="jianbao",
    cls=Group,
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "Typeset a Chinese work bulletin (工作简报) from a YAML issue file into a "
        "print-ready A4 PDF.\n\nExit codes: 0 success, 1 an issue failed, 2 usage error."
        "\n\nExample: jianbao render examples/liaocheng-2021-08.yaml"
    ),
)

Inputs = Annotated[
    list[str],
    typer.Argument(
        metavar="ISSUE",
        help=N_(
            "Issue files (YAML or JSON), folders, globs, or - to read one issue from "
            "stdin. A folder or glob takes every *.yaml, *.yml and *.json file (folders "
            "recursively) except hidden ones, series files (jianbao.yaml, the --series file "
            "and files named by a series: key) and files that are no issue (JSON Schema "
            "documents: a top-level $schema key); a file named on its own is always taken."
        ),
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("-q", "--quiet", help=N_("Print only failures and their summary."))
]
PngOption = Annotated[
    Path | None,
    typer.Option(
        "--png",
        metavar="DIR",
        help=N_(
            "Also write each page as a PNG into DIR (NAME-1.png, NAME-2.png …), "
            "for a quick look or a proof sent in a chat."
        ),
    ),
]
DpiOption = Annotated[
    int,
    typer.Option(
        "--dpi",
        min=MIN_DPI,
        max=MAX_DPI,
        metavar="N",
        help=N_("Resolution of the PNG pages, in dots per inch (default: 150)."),
    ),
]
OpenOption = Annotated[
    bool, typer.Option("--open", help=N_("Open the PDF in the system's viewer when written."))
]
JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help=N_(
            "Print one JSON report on stdout (per input: status, output, pages, "
            "diagnostics with file/line/col, seconds) instead of text on stderr."
        ),
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jianbao {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Print the version.")),
    ] = False,
) -> None:
    """Typeset work bulletins (工作简报)."""


@app.command(cls=Command)
def render(
    inputs: Inputs,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            metavar="OUT",
            help=N_(
                "For one issue file: the PDF to write (- for stdout). For several, a "
                "folder or a glob: a folder, as --out-dir (a name ending in .pdf is then a "
                "usage error, even if only one issue is found). Default: each PDF beside its "
                "issue file."
            ),
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            help=N_("Write the PDFs here, mirroring the input tree."),
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "-j",
            "--jobs",
            min=1,
            metavar="N",
            help=N_("Render N issues at once (default: cores)."),
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=N_("Render even when the PDF is newer than its issue, series, config and fonts."),
        ),
    ] = False,
    quiet: QuietOption = False,
    as_json: JsonOption = False,
    series: SeriesOption = None,
    font: FontOption = None,
    font_dir: FontDirOption = None,
    config: ConfigOption = None,
    allow_missing: AllowMissingOption = False,
    allow_outside: AllowOutsideOption = False,
    draft: DraftOption = False,
    png: PngOption = None,
    dpi: DpiOption = DEFAULT_DPI,
    open_pdf: OpenOption = False,
    debug: DebugOption = False,
) -> None:
    """Render issues into PDFs: each beside its issue file, or under -o/--out-dir.

    In a batch (folders, globs, several files) a PDF newer than its issue,
    series file, config and fonts, and made by this jianbao with the same font
    options and font files, is skipped (--force renders it anyway); what each
    PDF was made with is kept in .jianbao-stamps.json beside it.  A failed
    issue does not stop the others.  --debug renders in this process.

    Example: jianbao render examples/liaocheng-2021-08.yaml -o /tmp/bulletin.pdf

    Example: jianbao render examples/series --out-dir build -j 4

    Example: cat issue.json | jianbao render - -o - > issue.pdf

    Example: jianbao render 第8期.yaml --png proofs --open
    """
    from ..pipeline import Options
    from .batch import Settings, default_jobs

    fonts = font_options(font, font_dir, config, allow_missing or draft)
    options = Options(series_option(series), fonts, draft=draft, allow_outside=allow_outside)
    settings = Settings(options, "render", force=force, debug=debug, lang=language())
    looks = Looks(png, dpi, open_pdf)
    _run(inputs, settings, output=output, out_dir=out_dir, jobs=jobs or default_jobs(),
         quiet=quiet, as_json=as_json, looks=looks)  # fmt: skip


@app.command(cls=Command)
def check(
    inputs: Inputs,
    quiet: QuietOption = False,
    as_json: JsonOption = False,
    series: SeriesOption = None,
    font: FontOption = None,
    font_dir: FontDirOption = None,
    config: ConfigOption = None,
    allow_missing: AllowMissingOption = False,
    allow_outside: AllowOutsideOption = False,
    debug: DebugOption = False,
) -> None:
    """Check issues (format, series, fonts have every character) and write nothing.

    Reports problems as render does, and warns about duplicated or missing
    issue numbers and dates out of order within a series (render does too),
    among all the series' issue files in the series file's folder tree, for
    the issues given.

    Example: jianbao check examples/series
    """
    from ..pipeline import Options
    from .batch import Settings

    fonts = font_options(font, font_dir, config, allow_missing)
    options = Options(series_option(series), fonts, allow_outside=allow_outside)
    settings = Settings(options, "check", debug=debug, lang=language())
    _run(inputs, settings, jobs=1, quiet=quiet, as_json=as_json)


@app.command(cls=Command)
def new(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help=N_("Where the issue file goes."))
    ] = Path(),
    series: Annotated[
        Path | None,
        typer.Option(
            "--series",
            metavar="FILE",
            help=N_("The series file (default: a jianbao.yaml in DIR or a parent)."),
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help=N_("Date of issue (default: today).")),
    ] = None,
) -> None:
    """Write the next issue's file (YYYY-NN.yaml in DIR) and print its path.

    The next number of the year and the date are filled in, the series' keys
    listed as comments, every key explained in Chinese.

    Example: jianbao new examples/series/2026
    """
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        message = _("'{date}' is not a date YYYY-MM-DD").format(date=date)
        raise typer.BadParameter(message, param_hint="'--date'") from None
    series = series_option(series)
    if folder.exists() and not folder.is_dir():
        message = _("'{folder}' is not a folder").format(folder=folder)
        raise typer.BadParameter(message, param_hint="'DIR'")
    try:
        from ..issue.template import new_issue

        made = new_issue(folder, day, series=series)
    except IssueError as exc:
        _fail_with(exc.diagnostics)
    except JianbaoError as exc:
        _fail(_error_line(str(exc)))
    try:
        made.path.parent.mkdir(parents=True, exist_ok=True)
        with made.path.open("x", encoding="utf-8") as handle:
            handle.write(made.text)
    except FileExistsError:
        _fail(_("{path}: already exists; not overwritten").format(path=made.path))
    except OSError as exc:
        name, reason = os_problem(exc, str(made.path))
        _fail(f"{name}: " + _error_line(reason))
    from ..issue.reach import reach_for

    if made.series is not None and not reach_for(made.path, None).allows(made.series):
        message = _(
            "{path} names the series file {series}, outside its folder: render it with "
            "--allow-outside, or keep issues in the series file's folder"
        ).format(path=made.path, series=made.series)
        _say(Diagnostic(None, message, severity="warning"))
    typer.echo(str(made.path))


@app.command("import", cls=Command)
def import_(
    drafts: Annotated[
        list[Path],
        typer.Argument(metavar="DRAFT...", help=N_("Word (.docx), .md or .txt drafts.")),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help=N_("Write a new issue file.")),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option("--into", metavar="FILE", help=N_("Add the articles to this issue file.")),
    ] = None,
    series: SeriesOption = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help=N_("A new issue's date (default: today).")
        ),
    ] = None,
) -> None:
    """Turn drafts into articles of an issue file, to finish by hand.

    With -o, a new issue (numbered and dated as jianbao new makes it); with
    --into, the articles are added to an existing issue's articles:, the
    rest of the file kept as it is; else the new issue goes to stdout.
    Pictures in the drafts are written to images/ beside the issue file.
    To print a draft without importing it, name it in the issue instead:
    articles: [{file: 稿件.docx}].

    Example: jianbao import 稿件/交警支队.docx 稿件/城管局.md -o 2026-08.yaml
    """
    if output is not None and into is not None:
        raise typer.BadParameter(_("give -o or --into, not both"), param_hint="'--into'")
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        message = _("'{date}' is not a date YYYY-MM-DD").format(date=date)
        raise typer.BadParameter(message, param_hint="'--date'") from None
    try:
        from .importer import import_drafts

        text, written, warnings = import_drafts(
            drafts, output=output, into=into, series=series_option(series), day=day
        )
    except IssueError as exc:
        _fail_with(exc.diagnostics)
    except JianbaoError as exc:
        _fail(_error_line(str(exc)))
    except OSError as exc:
        name, reason = os_problem(exc, str(output or into or "."))
        _fail(f"{name}: " + _error_line(reason))
    for warning in warnings:
        _say(warning)
    typer.echo(text if written is None else str(written), nl=written is not None)


@app.command(cls=Command)
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the issue format, for editors.

    Example: jianbao schema > jianbao.schema.json
    """
    from ..issue.schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


app.command("fonts", cls=Command)(fonts_command)


@app.command(cls=Command)
def watch(
    issue: Annotated[
        Path, typer.Argument(metavar="ISSUE", help=N_("The issue file to render and watch."))
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="OUT.pdf",
            help=N_("The PDF to write (default: beside the issue file)."),
        ),
    ] = None,
    series: SeriesOption = None,
    font: FontOption = None,
    font_dir: FontDirOption = None,
    config: ConfigOption = None,
    allow_missing: AllowMissingOption = False,
    allow_outside: AllowOutsideOption = False,
    draft: DraftOption = False,
    png: PngOption = None,
    dpi: DpiOption = DEFAULT_DPI,
    open_pdf: OpenOption = False,
) -> None:
    """Render an issue, then again each time it or one of its files changes.

    Watched: the issue file, its series file, its images and drafts, the
    config file and the font files it is set in.  Fonts stay loaded between
    renders, so a render after a change takes a fraction of the first.  A
    render that fails prints its problems and keeps the last good PDF.
    Ctrl-C stops.

    Example: jianbao watch 第8期.yaml --open

    Example: jianbao watch 第8期.yaml -o /tmp/第8期.pdf --png /tmp/proofs
    """
    if not issue.is_file():
        what = _("'{path}' is a folder") if issue.is_dir() else _("'{path}' does not exist")
        raise typer.BadParameter(what.format(path=issue), param_hint="'ISSUE'")
    target = output if output is not None else issue.with_suffix(".pdf")
    if str(target) == STDIN:
        raise typer.BadParameter(_("watch writes a file; give -o OUT.pdf"), param_hint="'-o'")
    from ..pipeline import Options
    from .watch import Watcher, file_changes
    from .watch import watch as watch_files

    fonts = font_options(font, font_dir, config, allow_missing or draft)
    options = Options(series_option(series), fonts, draft=draft, allow_outside=allow_outside)
    err = typer.get_text_stream("stderr")
    looks = Looks(png, dpi, open_pdf)
    watcher = Watcher(issue, target, options, lambda line: typer.echo(line, err=True, color=True),
                      colour=colour_for(err), progress=terminal_progress())  # fmt: skip

    def after(pdf: Path) -> None:
        for line in looks.after(Result(0, str(issue), "rendered", output=str(pdf))):
            typer.echo(line, err=True, color=True)

    watcher.after = after
    typer.echo(_("watching {path} (Ctrl-C stops)").format(path=issue), err=True)
    try:
        watch_files(watcher, file_changes)
    except KeyboardInterrupt:
        typer.echo(_("stopped watching {path}").format(path=issue), err=True)


@app.command(cls=Command)
def completion(
    shell: Annotated[
        str, typer.Argument(metavar="SHELL", help=N_("bash, zsh, fish or powershell."))
    ],
    install: Annotated[
        bool,
        typer.Option("--install", help=N_("Install it in the shell's start-up files.")),
    ] = False,
) -> None:
    """Print the shell completion script of jianbao (or install it).

    Example: jianbao completion bash >> ~/.bashrc

    Example: jianbao completion powershell --install
    """
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script
    from typer._completion_shared import install as install_script

    shells = ("bash", "zsh", "fish", "powershell", "pwsh")
    if shell not in shells:
        message = _("'{shell}' is not a shell jianbao completes: {shells}")
        raise typer.BadParameter(
            message.format(shell=shell, shells=", ".join(shells)), param_hint="'SHELL'"
        )
    completion_init()
    if not install:
        script = get_completion_script(prog_name="jianbao", complete_var=COMPLETE_VAR, shell=shell)
        typer.echo(script)
        return
    done, path = install_script(shell=shell, prog_name="jianbao", complete_var=COMPLETE_VAR)
    typer.echo(_("completion for {shell} installed in {path}; it works in a new terminal")
               .format(shell=done, path=path), err=True)  # fmt: skip


def _run(
    inputs: list[str],
    settings: "Settings",
    *,
    output: str | None = None,
    out_dir: Path | None = None,
    jobs: int,
    quiet: bool,
    as_json: bool,
    looks: Looks | None = None,
) -> None:
    """Plan, run and report ``render`` or ``check``; exit 1 if any failed."""
    from ..issue.series import neighbours, sequence_warnings
    from .batch import run
    from .plan import plan

    mode: Mode = settings.mode
    try:
        todo, failed = plan(inputs, output=output, out_dir=out_dir,
                            write=mode == "render", series=settings.options.series)  # fmt: skip
    except UsageProblem as exc:
        raise typer.BadParameter(str(exc)) from None
    except InputProblem as exc:
        if settings.debug:
            raise
        if as_json:  # still one report on stdout, as scripts expect
            problem = Diagnostic(None, f"{exc.path}: {exc.reason}")
            report = json_report([Result(0, exc.path, "failed", diagnostics=(problem,))], mode, 0.0)
            _print_json(report)
            raise typer.Exit(1) from None
        _fail(f"{exc.path}: " + _error_line(exc.reason))
    if looks is not None:
        looks.check(todo)
    to_stdout = mode == "render" and any(job.output is None for job in todo)
    if to_stdout and as_json:
        raise typer.BadParameter(_("--json and a PDF on stdout (-o -) cannot share stdout"))
    try:
        stdout = streams.stdout() if to_stdout or as_json else None
        if to_stdout and stdout is not None and stdout.isatty():
            raise typer.BadParameter(
                _(
                    "not writing a PDF to the terminal: redirect stdout (> out.pdf) "
                    "or give -o OUT.pdf"
                )
            )
        if any(job.path is None for job in todo):  # read only once the command is known good
            data = streams.read_stdin()
            todo = [
                dataclasses.replace(job, data=data) if job.path is None else job for job in todo
            ]
    except streams.StreamProblem as exc:
        _fail(_error_line(str(exc)))
    err = typer.get_text_stream("stderr")
    reporter_tty = err.isatty() and not as_json
    reporter = Reporter(
        lambda line: typer.echo(line, err=True, color=True),
        total=len(todo) + len(failed),
        mode=mode,
        tty=err.isatty() and not as_json,
        quiet=quiet or as_json,
        debug=settings.debug,
        write=lambda text: typer.echo(text, err=True, nl=False),
        colour=colour_for(err) and not as_json,
    )
    start = time.monotonic()
    if not as_json:
        reporter.start()
    results: list[Result] = []
    scan = ScanProgress(reporter.write) if reporter_tty else None
    for result in itertools.chain(failed, run(todo, settings, workers=jobs, progress=scan)):
        results.append(result)
        if result.pdf is not None and stdout is not None:
            try:
                streams.write(stdout, result.pdf)
            except streams.StreamProblem as exc:
                _fail(
                    _error_line(str(exc)),
                    _("{input}: no PDF written").format(input=result.input),
                )
        if not as_json:
            reporter.result(result)
        if looks is not None:
            shown = looks.after(result, quiet=quiet)
            if not as_json:
                reporter.lines(shown)
    numbered = [r.numbered for r in results if r.numbered]
    warnings = sequence_warnings(numbered, neighbours(numbered, settings.options.series))
    if as_json:
        _print_json(json_report(attach(results, warnings), mode, time.monotonic() - start))
    else:
        reporter.summary(results, warnings)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


def _print_json(report: object) -> None:
    """The JSON report on stdout, or a one-line error (exit 1) if it cannot be written."""
    text = dump_json(report, indent=2) + "\n"
    try:
        streams.write(streams.stdout(), text.encode("utf-8"))
    except streams.StreamProblem as exc:
        _fail(_error_line(str(exc)))


def _error_line(message: str) -> str:
    """``error: message`` (``错误：…``), coloured on a terminal."""
    return show(Diagnostic(None, message), colour=colour_for(typer.get_text_stream("stderr")))


def _say(d: Diagnostic) -> None:
    """One diagnostic on stderr: its source line quoted, coloured on a terminal."""
    colour = colour_for(typer.get_text_stream("stderr"))
    typer.echo(show(for_cli(d), colour=colour, sources=Sources()), err=True, color=True)


def _fail_with(diagnostics: tuple[Diagnostic, ...]) -> NoReturn:
    for d in diagnostics:
        _say(d)
    raise typer.Exit(1)


def _fail(*lines: str) -> NoReturn:
    for line in lines:
        typer.echo(line, err=True, color=True)
    raise typer.Exit(1)


def main() -> None:
    """Console-script entry point.  SIGTERM (``timeout``, a CI cancel, a
    service manager) stops a run as Ctrl-C does: workers stopped, temporary
    files removed; the exit code is 143 (128 + 15), as the shell reports.

    A run of the command is short and its heap is mostly fonts, glyph
    tables and layout that live to the end: the cyclic garbage collector
    (~0.2 s a render, finding nothing to free) runs only every 50,000
    allocations instead of 700, and the process ends without tearing the
    heap down (~0.25 s) — once every file is written (atomically, in the
    commands) and stdout and stderr are flushed; a run that started worker
    processes exits normally, so that multiprocessing's finalizers run.
    Only here: the Python API, and a program that runs ``app`` itself,
    keep Python's defaults."""
    signal.signal(signal.SIGTERM, _terminated)
    gc.set_threshold(50_000, 20, 20)
    try:
        app(prog_name="jianbao")
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    if "multiprocessing" in sys.modules:  # a pool ran: its queues' semaphores must be freed
        gc.collect()
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with that descriptor closed
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            code = code or 1
    os._exit(code)


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # SystemExit("message"), as Python prints it
    return 1


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
