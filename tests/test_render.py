"""render: the flagship PDF read back with pypdfium2 and from its raw bytes.

Page size, text in reading order, embedded fonts, ink inside the text
block, glyphs on the grid, kinsoku, page numbers, CMYK colours, metadata
and byte-identical output.  (pdfplumber/pdfminer misplace glyphs drawn with
character spacing, so positions come from pdfium only.)
"""

from __future__ import annotations

import base64
import ctypes
import re
import subprocess
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import FLAGSHIP, BodyRow

from jianbao.fonts.select import FontOptions
from jianbao.layout.frame import RuleItem
from jianbao.layout.linebreak import NO_END, NO_START
from jianbao.model import Heading, Issue
from jianbao.pipeline import Options, Rendered, render
from jianbao.theme import MM, Theme

A4 = (595.28, 841.89)
TOLERANCE = 0.5  # pt, for ink against the text block


# --- reading the PDF --------------------------------------------------------
@dataclass(frozen=True)
class Char:
    """One character of a pdfium text page (PDF coordinates, y up)."""

    text: str
    generated: bool
    box: tuple[float, float, float, float]  # tight: left, bottom, right, top
    loose: tuple[float, float, float, float]  # advance × font bounds
    origin: tuple[float, float]
    font: str

    @property
    def ink(self) -> bool:
        return not self.generated and not self.text.isspace()


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    textpage = page.get_textpage()
    out = []
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for i in range(textpage.count_chars()):
        x, y = ctypes.c_double(), ctypes.c_double()
        assert pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
        pdfium_c.FPDFText_GetFontInfo(textpage, i, name, 256, flags)
        out.append(
            Char(
                chr(pdfium_c.FPDFText_GetUnicode(textpage, i)),
                bool(pdfium_c.FPDFText_IsGenerated(textpage, i)),
                textpage.get_charbox(i, loose=False),
                textpage.get_charbox(i, loose=True),
                (x.value, y.value),
                name.value.decode("latin-1"),
            )
        )
    return out


@pytest.fixture(scope="module")
def chars(flagship_pdf: pdfium.PdfDocument) -> list[list[Char]]:
    """The characters of every page, in content (reading) order."""
    return [page_chars(flagship_pdf[i]) for i in range(len(flagship_pdf))]


@pytest.fixture(scope="module")
def page_texts(flagship_pdf: pdfium.PdfDocument) -> list[str]:
    return [flagship_pdf[i].get_textpage().get_text_range() for i in range(len(flagship_pdf))]


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
        return {n: d for n in self.objects if re.search(rb"/Type\s*/Font\b", d := self.dict_of(n))}


@pytest.fixture(scope="module")
def raw(flagship: Rendered) -> RawPdf:
    return RawPdf(flagship.pdf)


def operators(content: str) -> list[str]:
    """The operators of a content stream, strings and names removed."""
    content = re.sub(r"\((?:\\.|[^\\()])*\)", " ", content, flags=re.S)
    content = re.sub(r"/[^\s/\[\]()<>]+", " ", content)
    return [t for t in content.split() if re.fullmatch(r"[A-Za-z'\"*]+", t)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- page geometry ------------------------------------------------------------
def test_every_page_is_a4(flagship_pdf: pdfium.PdfDocument, flagship: Rendered) -> None:
    assert len(flagship_pdf) == flagship.pages == 7
    for i in range(len(flagship_pdf)):
        width, height = flagship_pdf[i].get_size()
        assert width == pytest.approx(A4[0], abs=0.01), i
        assert height == pytest.approx(A4[1], abs=0.01), i


# --- text -------------------------------------------------------------------
def expected_text(issue: Issue) -> str:
    """Everything the issue prints, in reading order, without page numbers."""
    m = issue.masthead
    parts = [t.value for t in m.name]
    parts.append(f"第{m.number}期" + (f"（总第{m.total}期）" if m.total is not None else ""))
    parts += [m.issuer.value, f"{m.date.year}年{m.date.month}月{m.date.day}日"]
    if issue.contents:
        parts.append("本期要目")
        parts += ["".join(t.value for t in a.title) for a in issue.articles]
    for article in issue.articles:
        if article.kicker is not None:
            parts.append(article.kicker.value)
        parts += [t.value for t in article.title]
        if article.subtitle is not None:
            parts.append(article.subtitle.value)
        for block in article.blocks:
            parts.append("".join(r.text.value for r in block.runs))
    c = issue.colophon
    if c is not None:
        for label, value in (("报：", c.report_to), ("送：", c.send_to), ("发：", c.issue_to)):
            if value is not None:
                parts.append(label + value.value)
        if c.copies is not None:
            parts.append(f"共印{c.copies}份")
    return squash("".join(parts))


def test_text_in_reading_order(page_texts: list[str], flagship_issue: Issue) -> None:
    pages = []
    for number, text in enumerate(page_texts, start=1):
        text = squash(text)
        folio = f"—{number}—"
        assert text.endswith(folio), (number, text[-20:])
        pages.append(text.removesuffix(folio))
    assert "".join(pages) == expected_text(flagship_issue)


def test_expected_text_has_the_reference_details(flagship_issue: Issue) -> None:
    text = expected_text(flagship_issue)
    assert text.startswith("聊城市创建全国文明城市工作简报第8期聊城市创建全国文明城市工作办公室")
    assert "2021年3月10日本期要目荣红智到第二网格督导创城工作" in text
    assert text.endswith("共印260份")
    assert not any(isinstance(b, Heading) for a in flagship_issue.articles for b in a.blocks)


def test_no_unmapped_characters(chars: list[list[Char]]) -> None:
    for number, page in enumerate(chars, start=1):
        for char in page:
            assert char.text not in ("\ufffd", "\x00"), number
            assert unicodedata.category(char.text) != "Co", number  # private use


# --- fonts ------------------------------------------------------------------
def test_no_standard_fonts(flagship: Rendered) -> None:
    for name in (b"Helvetica", b"Times-Roman", b"Courier", b"Symbol", b"ZapfDingbats"):
        assert b"/BaseFont /" + name not in flagship.pdf
    assert b"/Type1" not in flagship.pdf


def test_every_font_embedded(raw: RawPdf) -> None:
    fonts = raw.fonts
    assert fonts
    for number, head in fonts.items():
        base = re.search(rb"/BaseFont /([^\s/]+)", head)
        assert base, number
        assert re.fullmatch(rb"[A-Z]{6}\+\S+", base.group(1)), base.group(1)  # a subset
        subtype = re.search(rb"/Subtype /(\w+)", head)
        assert subtype and subtype.group(1) in (b"TrueType", b"Type0"), head[:200]
        descendant = number
        if subtype.group(1) == b"Type0":
            m = re.search(rb"/DescendantFonts\s*\[\s*(\d+) 0 R", head)
            assert m, number
            descendant = int(m.group(1))
        descriptor = raw.ref(descendant, b"FontDescriptor")
        assert descriptor is not None, number
        font_file = raw.ref(descriptor, b"FontFile2")
        assert font_file is not None, (number, raw.dict_of(descriptor))
        assert len(raw.stream(font_file)) > 1000
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
            names.add(buffer.value.decode())
    assert names == {
        "FandolSong-Bold",
        "FandolFang-Regular",
        "FandolHei-Regular",
        "FandolKai-Regular",
        "FandolSong-Regular",
    }


def test_faces_by_role(chars: list[list[Char]]) -> None:
    page1 = [c for c in chars[0] if c.ink]
    text = "".join(c.text for c in page1)

    def font_at(s: str) -> str:
        return page1[text.index(s)].font

    assert "FandolSong-Bold" in font_at("聊城市创建全国文明城市")  # masthead
    assert "FandolFang" in font_at("第8期")
    assert "FandolHei" in font_at("本期要目")
    assert "FandolKai" in page1[text.index("本期要目") + 4].font  # contents
    assert "FandolSong-Bold" in font_at("荣红智到第二网格督导创城工作3")  # title
    last = [c for c in chars[-1] if c.ink]
    assert "FandolSong-Regular" in last[-1].font  # page number
    assert "FandolFang" in last[-5].font  # 共印 260 份


# --- ink inside the text block --------------------------------------------------
def folio_split(page: list[Char], number: int) -> tuple[list[Char], list[Char]]:
    inked = [c for c in page if c.ink]
    n = len(f"—{number}—")
    body, folio = inked[:-n], inked[-n:]
    assert "".join(c.text for c in folio) == f"—{number}—"
    return body, folio


def test_no_ink_outside_text_block(chars: list[list[Char]], theme: Theme) -> None:
    height = theme.page_height
    left, right = theme.block_left - TOLERANCE, theme.block_right + TOLERANCE
    top, bottom = height - theme.block_top + TOLERANCE, height - theme.block_bottom - TOLERANCE
    for number, page in enumerate(chars, start=1):
        body, folio = folio_split(page, number)
        for c in body:
            x0, y0, x1, y1 = c.box
            where = (number, c.text, c.box)
            assert left <= x0 and x1 <= right, where
            assert bottom <= y0 and y1 <= top, where
        for c in folio:  # page numbers: below the block, inside the page width
            assert c.box[3] < height - theme.block_bottom
            assert theme.block_left <= c.box[0] and c.box[2] <= theme.block_right


def test_rules_drawn_inside_text_block(
    flagship_pdf: pdfium.PdfDocument, flagship: Rendered, theme: Theme
) -> None:
    height = theme.page_height
    for i, page in enumerate(flagship.layout.pages):
        wanted = sorted(
            (item for item in page.items if isinstance(item, RuleItem)), key=lambda r: r.y
        )
        drawn = []
        for obj in flagship_pdf[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            width = ctypes.c_float()
            assert pdfium_c.FPDFPageObj_GetStrokeWidth(obj.raw, width)
            w = width.value
            # pdfium pads a stroked path's bounds by the full line width.
            x0, y0, x1, y1 = obj.get_bounds()
            drawn.append((x0 + w, x1 - w, height - (y0 + y1) / 2, w))
        drawn.sort(key=lambda d: d[2])
        assert len(drawn) == len(wanted), page.number
        for (x0, x1, y, w), rule in zip(drawn, wanted, strict=True):
            assert (x0, x1, y, w) == pytest.approx((rule.x0, rule.x1, rule.y, rule.width), abs=0.01)
            # Butt caps: the ink is x0..x1 and y ± w/2.
            assert theme.block_left - 0.01 <= x0 and x1 <= theme.block_right + 0.01
            assert theme.block_top - 0.01 <= y - w / 2
            assert y + w / 2 <= theme.block_bottom + 0.01


def test_colophon_last_rule_on_block_bottom_in_pdf(
    flagship_pdf: pdfium.PdfDocument, theme: Theme
) -> None:
    last = flagship_pdf[len(flagship_pdf) - 1]
    lowest = None
    for obj in last.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj.raw, width)
        _, b, _, t = obj.get_bounds()
        lower_edge = theme.page_height - ((b + t) / 2 - width.value / 2)
        lowest = lower_edge if lowest is None else max(lowest, lower_edge)
    assert lowest == pytest.approx(theme.block_bottom, abs=0.01)


# --- the grid ---------------------------------------------------------------
def row_chars(chars: list[list[Char]], row: BodyRow, theme: Theme) -> list[Char]:
    """The inked characters drawn on a body row's baseline."""
    y = theme.page_height - row.baseline
    return [c for c in chars[row.page - 1] if c.ink and abs(c.origin[1] - y) < 0.02]


def test_body_ideographs_on_columns_in_pdf(
    chars: list[list[Char]], flagship_rows: list[BodyRow], theme: Theme
) -> None:
    total = on = 0
    for row in flagship_rows:
        drawn = row_chars(chars, row, theme)
        assert "".join(c.text for c in drawn) == row.text, (row.page, row.text)
        kinds = [p.kind for p in row.line.pieces if p.kind != "space" for _ in p.text]
        for c, kind in zip(drawn, kinds, strict=True):
            if kind != "ideo" or not unicodedata.name(c.text, "").startswith("CJK UNIFIED"):
                continue
            x = c.origin[0]
            k = round((x - theme.block_left) / theme.cell)
            hit = abs(x - theme.column_x(k)) <= 0.05
            total += 1
            on += hit
            if row.on_grid:
                assert hit, (row.page, row.text, c.text, x)
    assert total > 2000
    assert on / total >= 0.85, f"{on} of {total}"


def test_body_baselines_on_rows_in_pdf(
    chars: list[list[Char]], flagship_rows: list[BodyRow], theme: Theme
) -> None:
    offsets = set()
    for row in flagship_rows:
        for c in row_chars(chars, row, theme):
            top = theme.page_height - c.origin[1]
            k = int((top - theme.block_top) // theme.line_pitch)
            offsets.add(round(top - theme.row_top(k), 2))
    assert len(offsets) == 1, offsets


def test_no_forbidden_character_at_line_edges(
    page_texts: list[str], flagship_rows: list[BodyRow]
) -> None:
    checked = 0
    for number, text in enumerate(page_texts, start=1):
        lines = [squash(line) for line in text.split("\r\n")]
        position = 0
        for row in (r for r in flagship_rows if r.page == number):
            # The body rows appear as whole extracted lines, in order.
            position = lines.index(row.text, position)
            line = lines[position]
            assert line[0] not in NO_START, (number, line)
            assert line[-1] not in NO_END, (number, line)
            checked += 1
    assert checked == len(flagship_rows)


# --- page numbers ---------------------------------------------------------------
def test_page_numbers_in_pdf(chars: list[list[Char]], theme: Theme) -> None:
    height = theme.page_height
    for number, page in enumerate(chars, start=1):
        _, folio = folio_split(page, number)
        first, last = folio[0], folio[-1]
        if number % 2:  # odd: flush right, inset one character (14 pt)
            assert last.loose[2] == pytest.approx(theme.block_right - 14, abs=0.05)
        else:  # even: flush left, inset 14 pt
            assert first.loose[0] == pytest.approx(theme.block_left + 14, abs=0.05)
        for dash in (first, last):
            assert dash.text == "—"
            dash_top = height - dash.box[3]
            assert dash_top == pytest.approx(theme.block_bottom + 7 * MM, abs=0.05)


# --- colour ---------------------------------------------------------------------
def test_masthead_red_and_text_black_cmyk(raw: RawPdf) -> None:
    contents = [raw.content(page) for page in raw.pages]
    assert len(contents) == 7
    first = contents[0]
    assert "0 1 1 0 k" in first  # red name
    assert "0 1 1 0 K" in first  # red rule
    red_text = [b for b in re.findall(r"BT.*?ET", first, re.S) if "0 1 1 0 k" in b]
    assert len(red_text) == 2  # the two name lines
    assert all(re.search(r" (42|66) Tf", b) for b in red_text)
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
