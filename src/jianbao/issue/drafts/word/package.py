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

CONVERT_TIMEOUT = 120  # seconds LibreOffice may take to convert a .doc

FIX = "save it as .docx in Word or WPS (文件 → 另存为 → .docx)"
_RESAVE = "open it in Word or WPS and save it again as .docx"


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
        raise refused(first, f"'{name}' cannot be read: {reason(exc)}", None) from exc
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
            f"LibreOffice did not convert '{name}' within {CONVERT_TIMEOUT} s",
            FIX,
        ) from exc
    except OSError as exc:
        raise refused(first, f"LibreOffice could not be started: {reason(exc)}", FIX) from exc
    result = out / f"{source.stem}.docx"
    if not result.is_file():
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f" ({said[-1]})" if said else ""
        raise refused(first, f"LibreOffice could not convert '{name}'{detail}", FIX)
    return result


def opened(path: Path, first: Location, name: str) -> Any:
    """The python-docx document at ``path``, or what is wrong with the file."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refused(first, f"'{name}' is damaged: it is not a whole zip file", _RESAVE) from exc
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            what = "an Excel workbook"
        elif "ppt/presentation.xml" in names:
            what = "a PowerPoint presentation"
        else:
            what = "a zip file without word/document.xml"
        raise refused(first, f"'{name}' is not a Word document (.docx): it is {what}", FIX)
    try:
        return docx.Document(str(path))
    except SyntaxError as exc:  # lxml's XMLSyntaxError
        raise refused(first, f"'{name}' is damaged: {_broken_part(path)}", _RESAVE) from exc
    except ValueError as exc:  # a main part that is no plain document
        raise refused(
            first,
            f"'{name}' is a Word file of another kind (a template or macro-enabled document)",
            FIX,
        ) from exc
    except (KeyError, PackageNotFoundError, zipfile.BadZipFile, OSError) as exc:
        raise refused(first, f"'{name}' is damaged: {exc}", _RESAVE) from exc


def _broken_part(path: Path) -> str:
    """Which XML part of the package does not parse, and where."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not member.endswith((".xml", ".rels")):
                continue
            try:
                parse_xml(archive.read(member))
            except SyntaxError as exc:
                return f"{member} is not well-formed XML (line {exc.lineno})"
    return "one of its parts is not well-formed XML"
