"""Every example, read back from its PDF as a reader would copy it and as a
typesetter would measure it.

- Copied text: what pdfium (Chrome, Edge, WPS) and a second, independent
  extractor (pdfminer.six, and poppler's pdftotext where installed) give is
  the issue's text in order — no character inserted, dropped or reordered;
  a line break may fall anywhere, a space only where the issue has one or
  between two separately printed texts (the issuer and the date).
- Body lines: no gap between two ideographs widened by more than 3 pt,
  Latin runs at their natural spacing, continuation lines flush left on
  the text block, no line of one ideograph (孤字) at a paragraph's end.
- Titles: no line compressed below 95 %, no break inside a word or a pair
  of marks.
- Page 1: every row below the name on the row grid.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, BodyRow, body_rows
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams
from pdfread import contents_numbers, printed_texts

from jianbao.fonts.face import FontSet
from jianbao.layout.frame import TextItem
from jianbao.layout.linebreak import allowed_breaks
from jianbao.layout.titles import PAIRS, word_breaks
from jianbao.model import Issue
from jianbao.pipeline import Rendered, Session, render
from jianbao.theme import DEFAULT_THEME, Theme

EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml") if p.name != "jianbao.yaml")
FOLIO = re.compile(r"^\s*—\s*\d+\s*—\s*$")


@dataclass(frozen=True)
class Example:
    path: Path
    issue: Issue
    rendered: Rendered
    rows: list[BodyRow]


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def example(request: pytest.FixtureRequest, session: Session, fonts: FontSet) -> Example:
    loaded = session.read(request.param)
    rendered = render(loaded, session=session)
    rows = body_rows(loaded, rendered.layout, DEFAULT_THEME, fonts)
    return Example(request.param, loaded.issue, rendered, rows)


def assert_copied(extracted: str, texts: list[str], who: str) -> None:
    """``extracted`` is ``texts`` in order: a line break anywhere, a space
    where a text has one or between two texts, nothing else added or lost
    ("\x01" in a text: a space that may be copied or not)."""
    lines = [line for line in extracted.replace("\r", "").split("\n") if not FOLIO.match(line)]
    got = "\n".join(lines).replace("\x0c", "\n")
    want = "\x00".join(texts)  # \x00 marks where one printed text ends

    def soft(k: int) -> bool:
        return want[k] in "\x00\x01" or want[k].isspace()

    p = 0
    for i, c in enumerate(got):
        if c == "\n":
            continue
        if c.isspace():
            if p < len(want) and soft(p):
                while p < len(want) and soft(p):
                    p += 1
                continue
            if p > 0 and want[p - 1] == "\x00":
                continue
            raise AssertionError(
                f"{who}: a space that is not in the issue: …{got[i - 20 : i + 20]!r}"
            )
        while p < len(want) and (
            want[p] in "\x00\x01" or (want[p].isspace() and got[i - 1] == "\n")
        ):
            p += 1
        assert p < len(want), f"{who}: more text than the issue has: {got[i : i + 40]!r}"
        if want[p] != c:
            raise AssertionError(
                f"{who}: copied …{got[max(0, i - 20) : i + 1]!r}, the issue has "
                f"…{want[max(0, p - 20) : p + 1]!r}"
            )
        p += 1
    rest = want[p:].replace("\x00", "").replace("\x01", "")
    assert not rest.strip(), f"{who}: not copied: {rest[:60]!r}"


def copied(example: Example, page_text: Callable[[int], str], who: str) -> None:
    """The pages' text (``page_text(i)`` for page index ``i``) is the issue's:
    a table header set again at the top of a page is left out first."""
    pages = []
    for i, page in enumerate(example.rendered.layout.pages):
        again = [
            item.text
            for item in page.items
            if isinstance(item, TextItem) and item.kind == "table-again"
        ]
        pages.append(without_prefix(page_text(i), again, who))
    expected = printed_texts(example.issue, contents_numbers(example.rendered))
    assert_copied("\n".join(pages), list(expected), who)


def without_prefix(text: str, parts: list[str], who: str) -> str:
    """``text`` without ``parts`` at its start (whitespace between them)."""
    for part in parts:
        stripped = text.lstrip()
        assert stripped.replace(" ", "").startswith(part.replace(" ", "")), (who, part, text[:60])
        taken = 0
        for k, c in enumerate(stripped):
            if not c.isspace():
                taken += 1
            if taken == len(part.replace(" ", "")):
                text = stripped[k + 1 :]
                break
    return text


def test_copied_with_pdfium(example: Example) -> None:
    doc = pdfium.PdfDocument(example.rendered.pdf)
    try:
        copied(example, lambda i: str(doc[i].get_textpage().get_text_range()), "pdfium")
    finally:
        doc.close()


def test_copied_with_pdfminer(example: Example) -> None:
    # Text boxes in page order, top to bottom (pdfminer's own flow analysis
    # would reorder a centred short line such as 第 8 期), and a word space
    # from 0.2 em (at pdfminer's 0.1 em, a justified line spread by more
    # than 1.6 pt between its characters copies as spaced-out letters).
    params = LAParams(boxes_flow=None, word_margin=0.2)
    pdf = example.rendered.pdf

    def page_text(i: int) -> str:
        return str(extract_text(io.BytesIO(pdf), laparams=params, page_numbers=[i]))

    copied(example, page_text, "pdfminer")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext not installed")
def test_copied_with_pdftotext(example: Example, tmp_path: Path) -> None:
    # A page with a table is read with -raw (the order the glyphs are
    # written in): poppler's layout analysis reads a table's narrow columns
    # as blocks of their own, column after column, whatever the file's order.
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(example.rendered.pdf)

    def pages(*flags: str) -> list[str]:
        run = subprocess.run(
            ["pdftotext", *flags, str(pdf), "-"], capture_output=True, text=True, check=True
        )
        return run.stdout.split("\x0c")

    laid, raw = pages(), pages("-raw")
    tables = {
        i
        for i, page in enumerate(example.rendered.layout.pages)
        if any(isinstance(t, TextItem) and t.kind == "table" for t in page.items)
    }
    copied(example, lambda i: raw[i] if i in tables else laid[i], "pdftotext")


def ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def glyphs(items: tuple[TextItem, ...]) -> list[tuple[str, float, float, TextItem]]:
    """(char, origin, advance with spacing, item) of a row's glyphs, in order."""
    out = []
    for item in items:
        x = item.x
        for char in item.text:
            step = item.face.advance(char) * item.size * item.hscale + item.char_space
            out.append((char, x, step, item))
            x += step
    return out


def test_body_lines(example: Example) -> None:
    theme = DEFAULT_THEME
    for row in example.rows:
        gs = glyphs(row.items)
        for (a, xa, _, _), (b, xb, _, _) in itertools.pairwise(gs):
            if ideograph(a) and ideograph(b):
                assert xb - xa - theme.cell <= 3.0 + 1e-6, (row.text, a, b, xb - xa)
        # Inside a Latin run, glyphs at their natural advances (never letter-spaced).
        drawn = iter(gs)
        for piece in row.line.pieces:
            if piece.kind == "space":
                continue
            run = [next(drawn) for _ in piece.text]
            if piece.kind == "latin":
                for (c, _, step, item), _next in itertools.pairwise(run):
                    natural = item.face.advance(c) * item.size
                    assert step == pytest.approx(natural, abs=1e-6), (row.text, piece.text)
        if row.line.indent == 0:  # a quotation's lines are inset two cells
            inset = 2 if row.items[0].kind == "quote" else 0
            left = theme.column_x(inset)
            assert row.items[0].x == pytest.approx(left, abs=0.01), row.text
    for block_rows in _paragraphs(example.rows):
        last = block_rows[-1].text
        if len(block_rows) > 1:
            ideos = [c for c in last if ideograph(c)]
            alone = len(ideos) == 1 and all(ideograph(c) or not c.isalnum() for c in last)
            assert not alone, last


def _paragraphs(rows: list[BodyRow]) -> Iterator[list[BodyRow]]:
    current: list[BodyRow] = []
    for row in rows:
        if row.line.indent and current:
            yield current
            current = []
        current.append(row)
    if current:
        yield current


def test_titles(example: Example) -> None:
    theme = DEFAULT_THEME
    for page in example.rendered.layout.pages:
        for item in page.items:
            if isinstance(item, TextItem) and item.kind == "title":
                assert item.hscale >= theme.title_min_scale - 1e-9, item.text
    for article in example.issue.articles:
        for line in article.title:
            printed = _title_rows(example.rendered, line.value)
            if len(printed) < 2:
                continue
            cuts = {sum(len(p) for p in printed[:k]) for k in range(1, len(printed))}
            words = word_breaks(line.value) & allowed_breaks(line.value)
            assert cuts <= words, (line.value, printed)
            depth = 0
            for k, ch in enumerate(line.value):
                if k in cuts:
                    assert depth == 0, (line.value, printed)
                depth += ch in PAIRS
                depth -= ch in PAIRS.values()


def _title_rows(rendered: Rendered, title: str) -> list[str]:
    """The printed rows that together make ``title``."""
    rows: dict[tuple[int, float], str] = {}
    for page in rendered.layout.pages:
        for item in page.items:
            if isinstance(item, TextItem) and item.kind == "title":
                key = (page.number, item.y)
                rows[key] = rows.get(key, "") + item.text
    texts = list(rows.values())
    for start in range(len(texts)):
        for end in range(start + 1, len(texts) + 1):
            if "".join(texts[start:end]) == title:
                return texts[start:end]
    return []


def test_page_one_rows_on_the_grid(example: Example) -> None:
    theme: Theme = DEFAULT_THEME
    page = example.rendered.layout.pages[0]
    rows: dict[int, list[TextItem]] = {}
    for item in page.items:
        if not isinstance(item, TextItem) or item.kind in ("masthead", "folio", "mark"):
            continue
        if item.kind == "title":
            continue  # a 二号 title is centred on its row by its own face
        rows.setdefault(int((item.y - theme.block_top) // theme.line_pitch), []).append(item)
    for row, items in rows.items():
        # One baseline per row, centring the ink of the face of one of its
        # texts (a line mixing faces, 编者按： in 黑体 before 楷体, takes its
        # paragraph's).
        (offset,) = {round(item.y - theme.row_top(row), 6) for item in items}
        centred = {round(theme.line_pitch / 2 + i.face.centre * i.size, 6) for i in items}
        assert offset in centred, (row, [i.text for i in items])


def test_examples_hold_every_case() -> None:
    stress = (ROOT / "examples" / "stress.yaml").read_text("utf-8")
    for case in (
        "3.5万元", "35微克/立方米", "PM2.5", "12.5%", "1,204", "https://", "GB/T 9704-2012",
        "210mm×297mm", "GDP", "APP", "5G", "CPI", "‘", "”“", "）“", "》《", "》“", "——", "……",
        "《青禾县", "note:", "kicker:", "subtitle:",
    ):  # fmt: skip
        assert case in stress, case
