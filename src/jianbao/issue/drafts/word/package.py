"""Word packages: a .docx opened, a file that is none refused, a .doc or .wps converted.

In: the path of a draft, and where and by what name its messages locate it
(paragraph 1).  Out: the python-docx document (``opened``), or
``IssueError`` saying what the file is and how to fix it — no zip, a zip
that is no Word document (an Excel workbook, a PowerPoint presentation), a
damaged part (which one, at which line), a template or macro-enabled
document; whether an OLE file is an encrypted .docx (``encrypted``); a
.doc, .wps, RTF or web page converted to .docx by LibreOffice in a folder
of the caller's (``convert``), or refused when LibreOffice fails or takes
longer than ``CONVERT_TIMEOUT``.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.parser import parse_xml

from ....errors import Diagnostic, IssueError, Location
from ....i18n import N_, _

CONVERT_TIMEOUT = 120  # seconds LibreOffice may take to convert a .doc

FIX = N_("save it as .docx in Word or WPS (文件 → 另存为 → .docx)")
_RESAVE = N_("open it in Word or WPS and save it again as .docx")


def refused(where: Location, message: str, hint: str | None) -> IssueError:
    return IssueError([Diagnostic(where, message, hint)])


def reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def encrypted(path: Path) -> bool:
    """An OLE compound file holding an ``EncryptionInfo`` stream: an encrypted
    .docx (its directory names the streams in UTF-16)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return "EncryptionInfo".encode("utf-16-le") in data


def convert(office: str, path: Path, kind: str, folder: Path, first: Location, name: str) -> Path:
    """``soffice --headless --convert-to docx``, in a profile of its own (a
    LibreOffice already open would otherwise swallow the request)."""
    source = folder / f"draft{kind}"
    out = folder / "out"
    try:
        shutil.copyfile(path, source)
    except OSError as exc:
        message = _("'{name}' cannot be read: {reason}").format(name=name, reason=reason(exc))
        raise refused(first, message, None) from exc
    command = [
        office,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise refused(
            first,
            _("LibreOffice did not convert '{name}' within {seconds} s").format(
                name=name, seconds=CONVERT_TIMEOUT
            ),
            _(FIX),
        ) from exc
    except OSError as exc:
        message = _("LibreOffice could not be started: {reason}").format(reason=reason(exc))
        raise refused(first, message, _(FIX)) from exc
    result = out / f"{source.stem}.docx"
    if not result.is_file():
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        message = (
            _("LibreOffice could not convert '{name}' ({detail})").format(
                name=name, detail=said[-1]
            )
            if said
            else _("LibreOffice could not convert '{name}'").format(name=name)
        )
        raise refused(first, message, _(FIX))
    return result


def opened(path: Path, first: Location, name: str) -> Any:
    """The python-docx document at ``path``, or what is wrong with the file."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        message = _("'{name}' is damaged: it is not a whole zip file").format(name=name)
        raise refused(first, message, _(_RESAVE)) from exc
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            message = _("'{name}' is not a Word document (.docx): it is an Excel workbook")
        elif "ppt/presentation.xml" in names:
            message = _("'{name}' is not a Word document (.docx): it is a PowerPoint presentation")
        else:
            message = _(
                "'{name}' is not a Word document (.docx): "
                "it is a zip file without word/document.xml"
            )
        raise refused(first, message.format(name=name), _(FIX))
    try:
        return docx.Document(str(path))
    except SyntaxError as exc:  # lxml's XMLSyntaxError
        message = _("'{name}' is damaged: {problem}").format(name=name, problem=_broken_part(path))
        raise refused(first, message, _(_RESAVE)) from exc
    except ValueError as exc:  # a main part that is no plain document
        raise refused(
            first,
            _(
                "'{name}' is a Word file of another kind (a template or macro-enabled document)"
            ).format(name=name),
            _(FIX),
        ) from exc
    except (KeyError, PackageNotFoundError, zipfile.BadZipFile, OSError) as exc:
        message = _("'{name}' is damaged: {problem}").format(name=name, problem=exc)
        raise refused(first, message, _(_RESAVE)) from exc


def _broken_part(path: Path) -> str:
    """Which XML part of the package does not parse, and where."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not member.endswith((".xml", ".rels")):
                continue
            try:
                parse_xml(archive.read(member))
            except SyntaxError as exc:
                return _("{part} is not well-formed XML (line {line})").format(
                    part=member, line=exc.lineno
                )
    return _("one of its parts is not well-formed XML")
