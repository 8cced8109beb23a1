"""Command line: a thin typer layer over the library.

In: argv.  Out: files written, diagnostics on stderr, an exit code —
0 success, 1 bad input or failed render, 2 usage error.  A traceback
reaches the user only with ``--debug``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .errors import IssueError, JianbaoError
from .render import load_issue, typeset, write_atomic

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "Typeset a Chinese work bulletin (工作简报) from a YAML issue file into a "
        "print-ready A4 PDF.\n\nExample:  jianbao render examples/liaocheng-2021-08.yaml"
    ),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jianbao {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Typeset work bulletins (工作简报)."""


def _report(error: IssueError) -> None:
    for diagnostic in error.diagnostics:
        typer.echo(str(diagnostic), err=True)


@app.command()
def render(
    issue: Annotated[Path, typer.Argument(help="The issue file (YAML or JSON).")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Where to write the PDF (default: ISSUE with .pdf)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Render ISSUE into a PDF beside it (or at -o OUT.pdf).

    Example: jianbao render examples/liaocheng-2021-08.yaml -o /tmp/bulletin.pdf
    """
    target = output or issue.with_suffix(".pdf")
    try:
        if target.resolve() == issue.resolve():
            raise JianbaoError(f"{target}: the output would overwrite the issue file")
        result = typeset(load_issue(issue))
        for warning in result.warnings:
            typer.echo(str(warning), err=True)
        write_atomic(target, result.pdf)
    except IssueError as exc:
        if debug:
            raise
        _report(exc)
        typer.echo(f"{issue}: {len(exc.errors)} error(s); no PDF written", err=True)
        raise typer.Exit(1) from None
    except (JianbaoError, OSError) as exc:
        if debug:
            raise
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{target}: {result.pages} page(s)", err=True)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="jianbao")


if __name__ == "__main__":  # pragma: no cover
    main()
