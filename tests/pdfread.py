"""Reading a PDF back: pypdfium2's characters with their boxes, origins and
fonts, and just enough of a parser for ReportLab's objects and streams; and
what a reader should copy from it, written out from the issue itself."""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from jianbao.layout.frame import TextItem
from jianbao.model import Block, Figure, Heading, Issue, Paragraph, Quote, Table
from jianbao.pipeline import Rendered


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


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- ink inside the text block --------------------------------------------------
def folio_split(page: list[Char], number: int) -> tuple[list[Char], list[Char]]:
    inked = [c for c in page if c.ink]
    n = len(f"—{number}—")
    body, folio = inked[:-n], inked[-n:]
    assert "".join(c.text for c in folio) == f"—{number}—"
    return body, folio


@pytest.fixture(scope="module")
def chars(flagship_pdf: pdfium.PdfDocument) -> list[list[Char]]:
    """The characters of every page, in content (reading) order."""
    return [page_chars(flagship_pdf[i]) for i in range(len(flagship_pdf))]


# --- what a reader should copy -----------------------------------------------
def printed_texts(issue: Issue, numbers: Sequence[str] = ()) -> Iterator[str]:
    """Every text the issue prints, in reading order, written out from the
    issue itself (not from the layout's copy), without page numbers but
    those of the contents (``numbers``, one per entry, when it prints them)."""
    m = issue.masthead
    if m.mark is not None:
        yield m.mark.value
    yield from (t.value for t in m.name)
    # "\x01": a space jianbao adds around a number, which an extractor may drop.
    prefix = {"regular": "", "supplement": "增刊", "special": "特刊"}[m.kind]
    label = prefix if m.number is None else f"{prefix}第\x01{m.number}\x01期"
    yield label + (f"（总第\x01{m.total}\x01期）" if m.total is not None else "")
    yield m.issuer.value
    yield f"{m.date.year}年{m.date.month}月{m.date.day}日"
    if issue.contents.show:
        yield issue.contents.heading.value if issue.contents.heading else "本期要目"
        for k, a in enumerate(issue.articles):
            if a.toc is not None:
                yield a.toc.value
            else:
                yield (a.kicker.value if a.kicker else "") + "".join(t.value for t in a.title)
            if numbers:
                yield numbers[k]
    for i, block in enumerate(issue.note):
        yield ("编者按：" if i == 0 else "") + "".join(block_texts(block))
    for article in issue.articles:
        for i, block in enumerate(article.note):
            yield ("编者按：" if i == 0 else "") + "".join(block_texts(block))
        if article.kicker is not None:
            yield article.kicker.value
        yield from (t.value for t in article.title)
        if article.subtitle is not None:
            yield article.subtitle.value
        for block in article.blocks:
            yield from block_texts(block)
        if article.source is not None:
            yield article.source.value
    c = issue.colophon
    if c is not None:
        lines = (("报：", c.report_to), ("送：", c.send_to), ("发：", c.issue_to))
        for label, value in (*lines, ("本期增发：", c.also_to)):
            if value is not None:
                yield label + value.value
        if c.copies is not None:
            yield f"共印\x01{c.copies}\x01份"


def block_texts(block: Block) -> Iterator[str]:
    """The texts of one body block in reading order (a table's cells row by
    row: the examples' tables keep each cell on one line, since copying
    reads a row's wrapped cells line by line across the row)."""
    if isinstance(block, Paragraph):
        yield "".join(r.text.value for r in block.runs)
    elif isinstance(block, Heading):
        yield "".join(r.text.value for r in (*block.runs, *block.body))
    elif isinstance(block, Quote):
        for para in block.blocks:
            yield "".join(r.text.value for r in para.runs)
    elif isinstance(block, Figure):
        yield from (p.caption.value for p in block.pictures if p.caption is not None)
    elif isinstance(block, Table):
        if block.caption is not None:
            yield block.caption.value
        for row in (block.header, *block.rows):
            yield from (cell.value for cell in row if cell.value)


def contents_numbers(rendered: Rendered) -> list[str]:
    """The contents' page numbers as laid out, in order."""
    return [
        item.text
        for page in rendered.layout.pages
        for item in page.items
        if isinstance(item, TextItem) and item.kind == "contents-page"
    ]
