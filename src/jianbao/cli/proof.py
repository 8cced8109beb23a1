"""Looking at a PDF without a PDF viewer: PNG proofs, and the system viewer.

In: a rendered PDF (its bytes or its path), a folder and a resolution.
Out, for ``render``/``watch`` ``--png DIR --open`` (``Looks``): one PNG per
page (``write_pngs``) — ``第8期-1.png``, ``第8期-2.png`` … — to look at or
to send as a proof in a chat; or the PDF opened in the
system's viewer (``open_in_viewer``: ``os.startfile`` on Windows, ``open``
on macOS, ``xdg-open`` elsewhere).  Pages are drawn with pdfium (pypdfium2),
the engine of Chrome's and WPS's viewers, so a proof shows what a reader
of the PDF sees.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from dataclasses import field
from pathlib import Path

import typer

from ..errors import Diagnostic, JianbaoError
from ..fsutil import write_atomic
from ..i18n import _
from ..records import dataclass
from .console import colour_for, show
from .jobs import STDIN, Job, Result

DEFAULT_DPI = 150
MIN_DPI, MAX_DPI = 30, 600


def png_names(stem: str, pages: int) -> list[str]:
    """The file names of the proofs of a PDF of ``pages`` pages: numbered
    from 1, zero-padded so that they sort in page order."""
    digits = len(str(pages))
    return [f"{stem}-{n:0{digits}d}.png" for n in range(1, pages + 1)]


def write_pngs(pdf: bytes | Path, folder: Path, stem: str, dpi: int = DEFAULT_DPI) -> list[Path]:
    """Write every page of ``pdf`` as a PNG of ``dpi`` into ``folder`` (made
    if missing), each atomically; proofs of the same ``stem`` left from a
    longer earlier version are removed.  Returns the files written."""
    import pypdfium2 as pdfium  # only here: rendering pages is the one use

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = _("cannot create the folder {path}: {reason}")
        raise JianbaoError(message.format(path=folder, reason=exc.strerror or exc)) from exc
    document = pdfium.PdfDocument(data)
    try:
        names = png_names(stem, len(document))
        written = []
        for page, name in zip(document, names, strict=True):
            image = page.render(scale=dpi / 72).to_pil()
            target = folder / name
            write_atomic(target, _png_bytes(image))
            written.append(target)
    finally:
        document.close()
    _remove_stale(folder, stem, set(names))
    return written


def _png_bytes(image: object) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _remove_stale(folder: Path, stem: str, keep: set[str]) -> None:
    """Proofs ``stem-N.png`` in ``folder`` that the new PDF has no page for."""
    pattern = re.compile(re.escape(stem) + r"-\d+\.png")
    for path in folder.iterdir():
        if pattern.fullmatch(path.name) and path.name not in keep:
            with contextlib.suppress(OSError):
                path.unlink()


def open_in_viewer(path: Path) -> str | None:
    """Open ``path`` in the system's viewer without waiting for it; the
    reason it could not be opened, or ``None``."""
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            os.startfile(path)  # type: ignore[attr-defined]
            return None
        subprocess.Popen(
            [opener, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except FileNotFoundError:
        return _("no {program} found to open it with; open it yourself").format(program=opener)
    except OSError as exc:
        return str(exc.strerror or exc)
    return None


@dataclass
class Looks:
    """What ``render`` and ``watch`` do with each PDF for people to look at
    it: PNG pages into ``png`` at ``dpi``; the PDF opened in the viewer
    (each once: ``watch`` does not open a new window at every save)."""

    png: Path | None = None
    dpi: int = DEFAULT_DPI
    open_pdf: bool = False
    opened: set[Path] = field(default_factory=set)

    def check(self, todo: list[Job]) -> None:
        """A usage error if two PDFs of the run would write the same PNGs."""
        if self.png is None:
            return
        seen: dict[str, Job] = {}
        for job in todo:
            stem = job.output.stem if job.output is not None else _stdin_stem(job.input)
            if stem in seen:
                message = _(
                    "--png: {first} and {second} would both write {stem}-1.png …; "
                    "render them with separate --png folders"
                ).format(first=seen[stem].input, second=job.input, stem=stem)
                raise typer.BadParameter(message)
            seen[stem] = job

    def after(self, result: Result, quiet: bool = False) -> list[str]:
        """PNGs and the viewer for ``result``; the lines to print (only the
        problems when ``quiet``)."""
        if result.status not in ("rendered", "skipped"):
            return []
        if result.pdf is not None:  # -o -: the PDF went to stdout
            pdf: Path | bytes = result.pdf
            stem = _stdin_stem(result.input)
        elif result.output not in (None, STDIN):
            pdf = Path(str(result.output))
            stem = pdf.stem
        else:
            return []
        colour = colour_for(typer.get_text_stream("stderr"))
        lines = []
        if self.png is not None:
            try:
                written = write_pngs(pdf, self.png, stem, self.dpi)
            except (JianbaoError, OSError) as exc:
                return [show(Diagnostic(None, str(exc)), colour=colour)]
            if written and not quiet:
                lines.append(_("{first}: {count} PNG page(s) at {dpi} dpi").format(
                    first=written[0], count=len(written), dpi=self.dpi))  # fmt: skip
        if self.open_pdf and isinstance(pdf, Path) and pdf not in self.opened:
            self.opened.add(pdf)
            problem = open_in_viewer(pdf)
            if problem is not None:
                warning = _("cannot open {path}: {reason}").format(path=pdf, reason=problem)
                lines.append(show(Diagnostic(None, warning, severity="warning"), colour=colour))
        return lines


def _stdin_stem(name: str) -> str:
    """The PNG names of an issue read from stdin, or of a PDF sent to stdout."""
    return "stdin" if name == STDIN else Path(name).stem
