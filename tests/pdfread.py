"""Reading a PDF back: pypdfium2's characters with their boxes, origins and
fonts, and just enough of a parser for ReportLab's objects and streams."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest


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
