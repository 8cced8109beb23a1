"""Copied text: what pypdfium2 extracts from the flagship PDF is the issue's
text in reading order, every character mapped, no forbidden mark at a line
edge, and the page numbers."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import pypdfium2 as pdfium
import pytest
from conftest import BodyRow
from pdfread import Char, contents_numbers, folio_split, printed_texts, squash

from jianbao.fonts.face import FontFace, bundled_dir
from jianbao.layout.linebreak import NO_END, NO_START
from jianbao.model import Heading, Issue
from jianbao.pipeline import Rendered
from jianbao.roles import ROLES
from jianbao.theme import MM, Theme

# The top of the folio's dash (FandolSong's U+2014) above its baseline, in em.
DASH_INK_TOP = FontFace(bundled_dir() / ROLES["folio"].bundled).ink("—")[3]


@pytest.fixture(scope="module")
def page_texts(flagship_pdf: pdfium.PdfDocument) -> list[str]:
    return [flagship_pdf[i].get_textpage().get_text_range() for i in range(len(flagship_pdf))]


# --- text -------------------------------------------------------------------
def expected_text(issue: Issue, numbers: Sequence[str] = ()) -> str:
    """Everything the issue prints, in reading order, without page numbers
    (but the contents' ``numbers``)."""
    return squash("".join(printed_texts(issue, numbers)).replace("\x01", ""))


def test_text_in_reading_order(
    page_texts: list[str], flagship_issue: Issue, flagship: Rendered
) -> None:
    pages = []
    for number, text in enumerate(page_texts, start=1):
        text = squash(text)
        folio = f"—{number}—"
        assert text.endswith(folio), (number, text[-20:])
        pages.append(text.removesuffix(folio))
    assert "".join(pages) == expected_text(flagship_issue, contents_numbers(flagship))


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
            # The dash's ink top from its baseline and the face's own outline:
            # pdfium's tight box of a composite font's glyph runs ~0.4 % of
            # the size high (its rendering does not).
            dash_top = height - dash.origin[1] - DASH_INK_TOP * theme.folio_size
            assert dash_top == pytest.approx(theme.block_bottom + 7 * MM, abs=0.05)
