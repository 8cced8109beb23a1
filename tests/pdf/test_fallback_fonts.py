"""Fallback fonts in the PDF: a glyph from the second font of a chain sits on
its neighbours' baseline and grid column, both fonts are embedded, and a
character beyond the BMP (𠮷 U+20BB7) comes back out as itself."""

from __future__ import annotations

import itertools
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import read
from officefonts import ISSUE, RARE, make_office_fonts

from jianbao.cli.options import parse_font_option
from jianbao.fonts.select import FontOptions
from jianbao.layout.frame import TextItem
from jianbao.pipeline import Options, Rendered, render
from jianbao.theme import DEFAULT_THEME as THEME

# The body in the bundled FandolFang with the office's Extension B font
# behind it; a heading line and a title use the same chain through --font.
TEXT = ISSUE.split("fonts:\n")[0].replace(
    f"测试正文{RARE}字。", f"测试正文{RARE}字，{RARE}在行中。\n\n      {RARE}"
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    office = make_office_fonts(tmp_path_factory.mktemp("office"))
    chains = ("body=FandolFang,测试扩展B", "title=FandolSong Bold,测试扩展B")
    options = FontOptions(
        fonts=tuple(parse_font_option(v) for v in chains),
        font_dirs=(office,),
        cache_dir=tmp_path_factory.mktemp("cache"),
        system_fonts=False,
        environ={},
    )
    loaded = read(TEXT.replace("title: 测试标题", f"title: 测试{RARE}标题"), "t.yaml")
    return render(loaded, Options(fonts=options))


def body_lines(result: Rendered) -> list[list[TextItem]]:
    """The body's text items, one list per line (by baseline), left to right."""
    lines: dict[float, list[TextItem]] = {}
    for item in result.layout.pages[0].items:
        if isinstance(item, TextItem) and item.kind == "body":
            lines.setdefault(item.y, []).append(item)
    return [sorted(items, key=lambda i: i.x) for _, items in sorted(lines.items())]


def test_fallback_glyph_sits_on_the_baseline_and_grid(rendered: Rendered) -> None:
    first, second = body_lines(rendered)
    assert "".join(i.text for i in first) == f"测试正文{RARE}字，{RARE}在行中。"
    families = [i.face.family for i in first]
    assert families.count("ExtB Test") == 2
    for k, item in enumerate(first):
        if item.text != RARE:
            continue
        assert item.face.family == "ExtB Test"
        before, after = first[k - 1], first[k + 1]
        assert before.face.family.startswith("FandolFang")
        assert item.y == before.y == after.y  # the same baseline
        column = (item.x - THEME.block_left) / THEME.cell
        assert column == pytest.approx(round(column), abs=1e-6)  # on a grid column
        assert before.x + before.advance() == pytest.approx(item.x)  # no gap before
        assert item.x + item.advance() == pytest.approx(after.x)  # nor after
    # A line that starts with the fallback glyph: indented two cells, like any other.
    assert [i.text for i in second] == [RARE]
    assert second[0].x == pytest.approx(THEME.block_left + 2 * THEME.cell)


def test_fallback_glyph_in_a_centred_title(rendered: Rendered) -> None:
    title = [
        i for i in rendered.layout.pages[0].items if isinstance(i, TextItem) and i.kind == "title"
    ]
    assert "".join(i.text for i in title) == f"测试{RARE}标题"
    assert len({i.y for i in title}) == 1
    for a, b in itertools.pairwise(title):
        assert a.x + a.advance() == pytest.approx(b.x)


def test_text_beyond_the_bmp_is_extracted_as_itself(rendered: Rendered) -> None:
    pdf = pdfium.PdfDocument(rendered.pdf)
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    lines = [line.strip() for line in text.splitlines()]
    assert f"测试{RARE}标题" in lines
    assert f"测试正文{RARE}字，{RARE}在行中。" in lines
    assert RARE in lines


def test_both_fonts_are_embedded(rendered: Rendered, tmp_path: Path) -> None:
    assert b"/FontFile2" in rendered.pdf
    assert b"ExtBTest" in rendered.pdf and b"FandolFang" in rendered.pdf
