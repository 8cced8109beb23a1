"""Details a reader sees, each read back from the PDF with pypdfium2 where
the PDF can show it: …… as six even dots, a title centred by its ink, a
typed space in the mark as a full-width space, a blank row after 编者按,
widow control, and located errors for a title or a bulletin name that
cannot be set."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest
from conftest import read
from layoutkit import glyph_origins, row_of, texts

from jianbao.errors import IssueError
from jianbao.layout.frame import TextItem
from jianbao.pipeline import Rendered, Session, render
from jianbao.theme import Theme

HEAD = "masthead: {name: 工作简报, number: 1, issuer: 办公室, date: 2026-01-05%s}\n"


def one(text: str, session: Session, mark: str = "") -> Rendered:
    return render(read(HEAD % mark + text), session=session)


def boxes(pdf: bytes, page: int = 0) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(character, tight ink box) of every character pdfium reads on ``page``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[page].get_textpage()
        return [
            (textpage.get_text_range(i, 1), textpage.get_charbox(i))
            for i in range(textpage.count_chars())
        ]
    finally:
        doc.close()


def test_an_ellipsis_is_six_even_dots(session: Session, theme: Theme) -> None:
    rendered = one("articles:\n  - {title: 标题, body: 甲乙丙……丁戊}\n", session)
    body = [i for i in texts(rendered.layout.pages[0], "body")]
    at = [x for c, x in glyph_origins(body) if c == "…"]
    face = body[0].face
    ink = face.ink("…")
    assert ink is not None and len(at) == 2
    size = body[0].size
    dot = (ink[3] - ink[1]) * size
    pitch = ((ink[2] - ink[0]) * size - dot) / 2
    centres = [x + ink[0] * size + dot / 2 + k * pitch for x in at for k in range(3)]
    steps = [b - a for a, b in itertools.pairwise(centres)]
    assert steps == pytest.approx([steps[0]] * 5, abs=0.01)  # one pitch, also across the glyphs
    # The six dots are centred on the two cells after 丙.
    left = theme.block_left + 5 * theme.cell  # indent 2, then 甲乙丙
    middle = (centres[0] + centres[-1]) / 2
    assert middle == pytest.approx(left + theme.cell, abs=0.05)
    # … and copy as two ellipses.
    chars = "".join(c for c, _ in boxes(rendered.pdf))
    assert "丙……丁" in chars


def test_a_title_with_quotes_is_centred_by_its_ink(session: Session, theme: Theme) -> None:
    rendered = one("articles:\n  - {title: “四大攻坚战”推进工作, body: 正文。}\n", session)
    title = "“四大攻坚战”推进工作"
    found = [(c, b) for c, b in boxes(rendered.pdf) if c in title]
    lefts = [b[0] for c, b in found if c == "“"]
    rights = [b[2] for c, b in found if c == "作"]
    ink_left, ink_right = min(lefts), max(rights)
    assert (ink_left + ink_right) / 2 == pytest.approx(
        theme.block_left + theme.block_width / 2, abs=1.0
    )


def test_a_space_typed_in_the_mark_is_full_width(session: Session) -> None:
    rendered = one(
        "articles:\n  - {title: 标题, body: 正文。}\n", session, ", mark: 内部资料 注意保存"
    )
    mark = texts(rendered.layout.pages[0], "mark")
    at = dict(glyph_origins(mark))
    size = mark[0].size
    assert at["注"] - at["料"] == pytest.approx(2 * size)  # 料 and a full-width space
    assert "".join(i.text for i in mark) == "内部资料注意保存"  # the space is room, not a glyph


def test_a_blank_row_between_the_note_and_the_title(session: Session, theme: Theme) -> None:
    text = (
        "articles:\n  - {title: 甲篇, body: 正文。}\n"
        "  - {title: 乙篇, note: 现将有关情况刊发。, body: 正文。}\n"
    )
    page = one(text, session).layout.pages[0]
    note = texts(page, "note")
    titles = [t for t in texts(page, "title") if t.text == "乙篇"]
    assert row_of(theme, titles[0]) == row_of(theme, note[-1]) + 2


def test_widow_control(session: Session, theme: Theme, issue_yaml: Callable[..., str]) -> None:
    def pages(style: str) -> list[list[str]]:
        # A first paragraph that fills the page but one row, then a
        # paragraph of three lines: its first two go on page 1 or …
        probe = render(read(issue_yaml([("标题", ["甲" * 26])], contents=False)), session=session)
        (title,) = texts(probe.layout.pages[0], "title")
        free = theme.lines_per_page - row_of(theme, title) - 1
        first = "甲" * (26 + 28 * (free - 3))
        second = "乙" * (26 + 28 * 2)
        yaml = issue_yaml([("标题", [first, second])], contents=False) + style
        layout = render(read(yaml), session=session).layout
        return [[i.text for i in texts(p, "body")] for p in layout.pages]

    kept = pages("")
    assert sum("乙" in t for t in kept[1]) >= 2  # no last line alone at the top of page 2
    free = pages("style:\n  widow_control: false\n")
    assert sum("乙" in t for t in free[1]) == 1


def test_a_title_that_cannot_break_between_words_is_a_located_error(session: Session) -> None:
    title = "“" + "甲" * 40 + "”"  # a quotation far wider than the block
    with pytest.raises(IssueError) as info:
        one(f"articles:\n  - {{title: {title}, body: 正文。}}\n", session)
    (problem,) = info.value.diagnostics
    assert problem.location is not None and problem.location.line == 3
    assert "too long for one line" in problem.message
    assert problem.hint is not None and "title: [" in problem.hint


def test_a_bulletin_name_too_long_for_the_masthead_is_a_located_error(session: Session) -> None:
    yaml = (
        "masthead: {name: 某某县人民政府办公室关于全面推进数字政府建设工作情况的简报, "
        "number: 1, issuer: 办公室, date: 2026-01-05}\n"
        "articles:\n  - {title: 标题, body: 正文。}\n"
    )
    with pytest.raises(IssueError) as info:
        render(read(yaml), session=session)
    (problem,) = info.value.diagnostics
    assert problem.location is not None and problem.location.line == 1
    assert "too long for the masthead" in problem.message


def test_a_long_name_steps_down_before_it_compresses(session: Session, theme: Theme) -> None:
    yaml = (
        "masthead: {name: 某县人民政府办公室数字政府建设简报, number: 1, issuer: 办公室, "
        "date: 2026-01-05}\narticles:\n  - {title: 标题, body: 正文。}\n"
    )
    (name,) = texts(render(read(yaml), session=session).layout.pages[0], "masthead")
    assert name.size == 26 and name.hscale == pytest.approx(1.0)  # 一号 fits 17 characters
    assert isinstance(name, TextItem)


def test_a_contents_entry_that_cannot_break_points_to_toc(session: Session) -> None:
    toc = "“" + "丙" * 30 + "”"  # one quotation wider than the contents column
    with pytest.raises(IssueError) as info:
        one(
            f"articles:\n  - {{title: 标题, toc: {toc}, body: 正文。}}\n"
            "  - {title: 另一篇, body: 正文。}\n",
            session,
        )
    (problem,) = info.value.diagnostics
    assert "contents entry" in problem.message
    assert problem.hint is not None and "toc:" in problem.hint
