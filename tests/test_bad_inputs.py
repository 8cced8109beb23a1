"""The bad-input corpus: every file of ``tests/bad_inputs/`` rendered as a user does.

In: a case file (YAML, or JSON) whose opening comment block — or, for a
file that cannot hold comments (JSON, an empty file), a sidecar
``NAME.expect`` — gives what ``jianbao render`` must print::

    # expect: 7:9: error: image 'missing.jpg' does not exist
    # expect-hint: the path is relative to the file that names it
    # make: photo.jpg text not a photo      (a file made in the run's folder)
    # xfail: the message should name the column (why today's output is wrong)

Out: one test per case.  The case is copied into a fresh folder and run
through the real command line (``jianbao render CASE -o out.pdf``); it must
exit 1, print exactly the expected lines on stderr (each ``file:line:col:``
diagnostic, its hint, then the ``N error(s); no PDF written`` line), and
write nothing.  A case marked ``xfail`` lists what it *should* print: it is
a strict xfail until the message is fixed.  See ``bad_inputs/README.md``.
"""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from clikit import runner

from jianbao.cli.app import app

CORPUS = Path(__file__).parent / "bad_inputs"
SUFFIXES = (".yaml", ".yml", ".json")
OUT = "out.pdf"
OLD_PDF = b"%PDF-1.4\n% an older PDF that a failed render must leave alone\n"
DIRECTIVE = re.compile(r"^#\s*(expect|expect-hint|make|xfail):\s?(.*?)\s*$")


@dataclass(frozen=True)
class Case:
    """One bad input and what ``jianbao render`` must print for it."""

    path: Path
    lines: tuple[str, ...]  # stderr, without the summary line
    errors: int
    makes: tuple[tuple[str, ...], ...]
    xfail: str | None

    @property
    def name(self) -> str:
        return self.path.name

    def stderr(self) -> str:
        summary = f"{self.name}: {self.errors} error(s); no PDF written"
        return "".join(f"{line}\n" for line in (*self.lines, summary))


def _header(raw: bytes) -> list[str]:
    """The opening comment lines of a case (any encoding: directives are ASCII)."""
    text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    out = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        out.append(line)
    return out


def read_case(path: Path) -> Case:
    sidecar = path.with_suffix(".expect")
    source = sidecar if sidecar.exists() else path
    lines: list[str] = []
    errors = 0
    makes: list[tuple[str, ...]] = []
    xfail = None
    for comment in _header(source.read_bytes()):
        m = DIRECTIVE.match(comment)
        if m is None:
            continue
        key, value = m.groups()
        if key == "expect":
            # 7:9: error: … is located in the case file; error: … is not located
            lines.append(f"{path.name}:{value}" if value[:1].isdigit() else value)
            errors += ": error: " in f": {value}"
        elif key == "expect-hint":
            assert lines, f"{source.name}: expect-hint before any expect"
            lines.append(f"  hint: {value}")
        elif key == "make":
            makes.append(tuple(value.split(" ", 2)))
        else:
            xfail = value
    assert lines, f"{source.name}: no '# expect:' line"
    return Case(path, tuple(lines), errors, tuple(makes), xfail)


CASES = [read_case(p) for p in sorted(CORPUS.iterdir()) if p.suffix in SUFFIXES and p.is_file()]


def _png_header(width: int, height: int) -> bytes:
    """A gray PNG whose header claims ``width`` × ``height`` pixels but which
    holds one row of one pixel: a decompression bomb in a hundred bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff")
    chunks = chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def make(folder: Path, name: str, kind: str, arg: str = "") -> None:
    """What a case needs beside it: a folder, an image made with Pillow, a
    PNG header claiming a size, or a file of text."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        path.mkdir()
    elif kind == "text":  # "\\n" in ARG: a line break
        path.write_text(arg.replace("\\n", "\n"), encoding="utf-8")
    elif kind == "zip":  # a zip holding one file named ARG
        with zipfile.ZipFile(path, "w") as z:
            z.writestr(arg, "hello")
    elif kind == "encrypted-docx":  # what Word saves with a password: an OLE file
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        path.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(16))
    elif kind == "docx":  # a Word document of the paragraphs in ARG ("|" between them)
        import docx

        document = docx.Document()
        for text in filter(None, arg.split("|")):
            document.add_paragraph(text)
        document.save(str(path))
    elif kind == "png-header":
        width, height = (int(n) for n in arg.split("x"))
        path.write_bytes(_png_header(width, height))
    elif kind in ("png", "jpeg", "gif", "truncated-jpeg"):
        from PIL import Image

        width, height = (int(n) for n in arg.split("x"))
        fmt = "JPEG" if kind == "truncated-jpeg" else kind.upper()
        Image.new("RGB", (width, height), (200, 60, 40)).save(path, fmt)
        if kind == "truncated-jpeg":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        raise AssertionError(f"unknown make kind {kind!r}")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file and folder under ``folder``: bytes and mtime (None for a folder)."""
    return {
        p.relative_to(folder).as_posix(): (
            None if p.is_dir() else (p.read_bytes(), p.stat().st_mtime_ns)
        )
        for p in sorted(folder.rglob("*"))
    }


def prepare(case: Case, folder: Path) -> None:
    shutil.copyfile(case.path, folder / case.name)
    for spec in case.makes:
        make(folder, *spec)


def render(case: Case, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``jianbao render CASE -o out.pdf`` run in ``folder``: exit code, stderr."""
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["render", case.name, "-o", OUT])
    return result.exit_code, result.stderr


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.path.stem, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prepare(case, tmp_path)
    before = snapshot(tmp_path)
    code, stderr = render(case, tmp_path, monkeypatch)
    assert without_excerpts(stderr, case) == case.stderr()
    assert code == 1
    assert snapshot(tmp_path) == before  # nothing written: no out.pdf, no temporary


EXCERPT = re.compile(r"  (\d+| +) \| .*")


def without_excerpts(stderr: str, case: Case) -> str:
    """``stderr`` without the source lines quoted under its diagnostics
    (``  5 |   date: …`` and the caret line), each checked: it quotes the line
    the diagnostic before it names, from the case file."""
    kept: list[str] = []
    source = case.path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    for line in stderr.splitlines(keepends=True):
        m = EXCERPT.fullmatch(line.rstrip("\n"))
        if m is None:
            kept.append(line)
            continue
        if m[1].strip():  # the quoted line: the one the diagnostic above names
            where = re.match(r"(.+?):(\d+):\d+: ", kept[-1])
            assert where is not None and where[2] == m[1], (kept[-1], line)
            if where[1] == case.name:
                quoted = line.rstrip("\n").split(" | ", 1)[1]
                text = source[int(m[1]) - 1].replace("\t", " ").rstrip()
                assert quoted == text or "…" in quoted
    return "".join(kept)


def test_existing_output_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = next(c for c in CASES if c.path.stem == "image-missing")
    prepare(case, tmp_path)
    (tmp_path / OUT).write_bytes(OLD_PDF)
    before = snapshot(tmp_path)
    code, stderr = render(case, tmp_path, monkeypatch)
    assert (code, without_excerpts(stderr, case)) == (1, case.stderr())
    assert snapshot(tmp_path) == before
    assert (tmp_path / OUT).read_bytes() == OLD_PDF


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40  # issue 8 asks for 60


def test_every_file_is_a_case_or_documented() -> None:
    """A sidecar belongs to a case; any other committed file is named in the README."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    cases = {c.path.stem for c in CASES}
    for path in CORPUS.iterdir():
        if path.suffix in SUFFIXES or path.name == "README.md":
            continue
        if path.suffix == ".expect":
            assert path.stem in cases, f"{path.name} has no case"
        else:
            assert f"`{path.name}`" in readme, f"{path.name} is not in bad_inputs/README.md"
