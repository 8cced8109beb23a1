"""The PDF for the print shop: A4 pages, every font embedded (no standard
fonts), CMYK colours only, byte-identical renders, metadata."""

from __future__ import annotations

import base64
import ctypes
import re
import subprocess
import zlib
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import FLAGSHIP
from pdfread import squash

from jianbao.fonts.select import FontOptions
from jianbao.model import Issue
from jianbao.pipeline import Options, Rendered, render

A4 = (595.28, 841.89)


class RawPdf:
    """Just enough of a PDF parser for ReportLab's output: objects and streams."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.objects = {
            int(m.group(1)): m.group(2)
            for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)
        }

    def dict_of(self, number: int) -> bytes:
        body = self.objects[number]
        return body.split(b"stream", 1)[0]

    def ref(self, number: int, key: bytes) -> int | None:
        m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", self.dict_of(number))
        return int(m.group(1)) if m else None

    def stream(self, number: int) -> bytes:
        body = self.objects[number]
        m = re.match(rb"(<<.*?>>)\s*stream\r?\n", body, re.S)
        assert m, f"object {number} is not a stream"
        head = m.group(1)
        length = re.search(rb"/Length (\d+)", head)
        assert length, f"object {number} has no direct /Length"
        data = body[m.end() : m.end() + int(length.group(1))]
        filters = re.search(rb"/Filter\s*(\[[^\]]*\]|/\w+)", head)
        for name in re.findall(rb"/(\w+)", filters.group(1)) if filters else []:
            if name == b"ASCII85Decode":
                data = base64.a85decode(re.sub(rb"\s", b"", data).removesuffix(b"~>"))
            elif name == b"FlateDecode":
                data = zlib.decompress(data)
            else:  # pragma: no cover - ReportLab writes only these two
                raise AssertionError(f"unexpected filter {name!r}")
        return data

    @cached_property
    def pages(self) -> list[int]:
        (tree,) = [n for n, body in self.objects.items() if re.search(rb"/Type /Pages\b", body)]
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", self.objects[tree])
        assert kids
        return [int(n) for n in re.findall(rb"(\d+) 0 R", kids.group(1))]

    def content(self, page: int) -> str:
        """The decoded content stream(s) of the page object ``page``."""
        head = self.dict_of(page)
        m = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", head)
        assert m
        numbers = [int(n) for n in re.findall(rb"(\d+) 0 R", m.group(1))]
        return b"\n".join(self.stream(n) for n in numbers).decode("latin-1")

    @cached_property
    def fonts(self) -> dict[int, bytes]:
        """The fonts pages name (not a composite font's descendant)."""
        return {
            n: d
            for n in self.objects
            if re.search(rb"/Type\s*/Font\b", d := self.dict_of(n))
            and not re.search(rb"/Subtype\s*/CIDFontType", d)
        }


@pytest.fixture(scope="module")
def raw(flagship: Rendered) -> RawPdf:
    return RawPdf(flagship.pdf)


def operators(content: str) -> list[str]:
    """The operators of a content stream, strings and names removed."""
    content = re.sub(r"\((?:\\.|[^\\()])*\)", " ", content, flags=re.S)
    content = re.sub(r"/[^\s/\[\]()<>]+", " ", content)
    return [t for t in content.split() if re.fullmatch(r"[A-Za-z'\"*]+", t)]


# --- page geometry ------------------------------------------------------------
def test_every_page_is_a4(flagship_pdf: pdfium.PdfDocument, flagship: Rendered) -> None:
    assert len(flagship_pdf) == flagship.pages == 7
    for i in range(len(flagship_pdf)):
        width, height = flagship_pdf[i].get_size()
        assert width == pytest.approx(A4[0], abs=0.01), i
        assert height == pytest.approx(A4[1], abs=0.01), i


# --- fonts ------------------------------------------------------------------
def test_no_standard_fonts(flagship: Rendered) -> None:
    for name in (b"Helvetica", b"Times-Roman", b"Courier", b"Symbol", b"ZapfDingbats"):
        assert b"/BaseFont /" + name not in flagship.pdf
    assert b"/Type1" not in flagship.pdf


def test_every_font_embedded(raw: RawPdf) -> None:
    """Each face is one Type0 font with one embedded TrueType program."""
    fonts = raw.fonts
    assert fonts
    programs = []
    for number, head in fonts.items():
        base = re.search(rb"/BaseFont /([^\s/]+)", head)
        assert base, number
        assert re.fullmatch(rb"[A-Z]{6}\+\S+", base.group(1)), base.group(1)  # a subset
        assert re.search(rb"/Subtype /Type0\b", head), head[:200]
        assert b"/Encoding /Identity-H" in head
        assert raw.ref(number, b"ToUnicode") is not None, number
        m = re.search(rb"/DescendantFonts\s*\[\s*(\d+) 0 R", head)
        assert m, number
        descendant = int(m.group(1))
        assert re.search(rb"/Subtype /CIDFontType2\b", raw.dict_of(descendant))
        descriptor = raw.ref(descendant, b"FontDescriptor")
        assert descriptor is not None, number
        font_file = raw.ref(descriptor, b"FontFile2")
        assert font_file is not None, (number, raw.dict_of(descriptor))
        assert len(raw.stream(font_file)) > 1000
        programs.append(base.group(1).split(b"+")[1])
    # One program per face: the five bundled faces, none split.
    assert sorted(programs) == [
        b"FandolFang-Regular",
        b"FandolHei-Regular",
        b"FandolKai-Regular",
        b"FandolSong-Bold",
        b"FandolSong-Regular",
    ]
    assert raw.data.count(b"/Length1 ") == 5
    # Every font a page names is one of those.
    referenced = set()
    for page in raw.pages:
        resources = raw.dict_of(page)
        fonts_ref = re.search(rb"/Font\s+(\d+) 0 R", resources)
        font_dict = raw.dict_of(int(fonts_ref.group(1))) if fonts_ref else resources
        referenced |= {int(n) for n in re.findall(rb"/F[^\s/]*\s+(\d+) 0 R", font_dict)}
    assert referenced
    assert referenced <= set(fonts)


def test_pdfium_sees_every_text_font_embedded(flagship_pdf: pdfium.PdfDocument) -> None:
    names = set()
    buffer = ctypes.create_string_buffer(256)
    for i in range(len(flagship_pdf)):
        for obj in flagship_pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
            font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            assert pdfium_c.FPDFFont_GetIsEmbedded(font) == 1
            pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
            names.add(buffer.value.decode().split("+")[-1])  # without the subset tag
    assert names == {
        "FandolSong-Bold",
        "FandolFang-Regular",
        "FandolHei-Regular",
        "FandolKai-Regular",
        "FandolSong-Regular",
    }


# --- colour ---------------------------------------------------------------------
def test_masthead_red_and_text_black_cmyk(raw: RawPdf) -> None:
    contents = [raw.content(page) for page in raw.pages]
    assert len(contents) == 7
    first = contents[0]
    assert "0 1 1 0 k" in first  # red name
    assert "0 1 1 0 K" in first  # red rule
    red_text = [b for b in re.findall(r"BT.*?ET", first, re.S) if "0 1 1 0 k" in b]
    assert len(red_text) == 2  # the two name lines
    assert all(re.search(r" (36|56) Tf", b) for b in red_text)  # 小初: 初号 is too wide
    for content in contents:
        assert "0 0 0 1 k" in content
    for content in contents[1:]:
        assert "0 1 1 0 k" not in content and "0 1 1 0 K" not in content


def test_no_rgb_or_grey_colour_operators(raw: RawPdf) -> None:
    for page in raw.pages:
        ops = set(operators(raw.content(page)))
        assert ops & {"rg", "RG", "g", "G", "sc", "scn", "SC", "SCN", "cs", "CS"} == set()
        assert {"k", "BT", "ET", "Tj"} <= ops


def test_text_fill_colours(raw: RawPdf) -> None:
    # Every text object sets its fill in CMYK: red only for page 1's name.
    for number, page in enumerate(raw.pages, start=1):
        fills = set()
        for block in re.findall(r"BT.*?ET", raw.content(page), re.S):
            colours = re.findall(r"((?:[\d.]+ ){4})k\b", block)
            assert colours, (number, block[:80])
            fills |= {c.strip() for c in colours}
        assert fills == ({"0 1 1 0", "0 0 0 1"} if number == 1 else {"0 0 0 1"}), number


# --- reproducibility and metadata ----------------------------------------------
def test_two_renders_byte_identical(flagship: Rendered) -> None:
    again = render(FLAGSHIP, Options(fonts=FontOptions(system_fonts=False)))  # fresh fonts
    assert again.pdf == flagship.pdf


def test_fonts_elsewhere_give_the_same_bytes(flagship: Rendered, tmp_path: Path) -> None:
    """The bundled faces copied to another folder (another path, another
    mtime) and chosen there for every role: the same PDF, byte for byte."""
    import os
    import shutil

    from jianbao.fonts.face import bundled_dir
    from jianbao.fonts.select import FontChoice
    from jianbao.model import Text
    from jianbao.roles import ROLES

    choices = []
    for role, info in ROLES.items():
        copy = tmp_path / "elsewhere" / info.bundled
        if not copy.exists():
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(bundled_dir() / info.bundled, copy)
            os.utime(copy, ns=(10**18, 10**18))
        choices.append(FontChoice(role, (Text(str(copy)),)))
    fonts = FontOptions(fonts=tuple(choices), system_fonts=False, cache_dir=tmp_path / "cache")
    assert render(FLAGSHIP, Options(fonts=fonts)).pdf == flagship.pdf


@pytest.mark.slow
def test_subprocess_render_byte_identical(
    flagship: Rendered, flagship_subprocess: tuple[subprocess.CompletedProcess[str], Path]
) -> None:
    proc, out = flagship_subprocess
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == flagship.pdf


def test_metadata(flagship_pdf: pdfium.PdfDocument, flagship_issue: Issue) -> None:
    meta = flagship_pdf.get_metadata_dict()
    name = "".join(t.value for t in flagship_issue.masthead.name)
    assert name == "聊城市创建全国文明城市工作简报"
    assert meta["Title"].startswith(name)
    assert squash(meta["Title"]) == name + "第8期"
    assert meta["Author"] == "聊城市创建全国文明城市工作办公室"
    assert meta["Author"] == flagship_issue.masthead.issuer.value
