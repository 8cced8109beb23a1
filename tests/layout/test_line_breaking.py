"""Chinese line breaking on the 28-cell grid: kinsoku, squeeze, push and
spread, kept units, Latin runs, the last line; properties over random text."""

from __future__ import annotations

from itertools import pairwise

import pytest
import yaml
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao.layout.linebreak import Line, Span, break_lines

P = 442.205 / 28  # 15.793 pt: the GB/T 9704 character pitch
HALF = P / 2
CELLS = 28
EDGE = CELLS * P
EPS = 1e-6

# The spec's lists, written out again here so the tests do not trust the module's.
NO_START = set("、，。：；！？”’）〕］】｝〗」』》〉—～·/,.:;!?)]}")
NO_END = set("“‘（〔［【｛〖「『《〈([{")
KEPT_SPACES = "\u3000\u00a0\u2007\u202f"  # 全角空格 and no-break spaces are text
UNITS = set("年月日时分秒个元万亿千百岁名人次件项家户条期号届%")


def measure(text: str, style: object) -> float:
    """A fake font: digits 8 pt, capitals 10, small letters 7, the rest 5; emph 10 % wider."""
    width = 0.0
    for ch in text:
        if ch.isdigit():
            width += 8
        elif ch.isupper():
            width += 10
        elif ch.islower():
            width += 7
        elif ch == " ":
            width += 4
        else:
            width += 5
    return width * (1.1 if style == "emph" else 1.0)


def brk(text: str | list[Span], indent: int = 0, **kw: object) -> list[Line]:
    spans = [Span(text, "body")] if isinstance(text, str) else text
    return break_lines(spans, cell=P, cells=CELLS, indent=indent, measure=measure, **kw)  # type: ignore[arg-type]


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def right(line: Line) -> float:
    last = line.pieces[-1]
    return last.x + last.width


def check_lines(lines: list[Line], full: str, indent: int, cells: int = CELLS) -> None:
    """Properties every result must have, whatever the input."""
    edge = cells * P
    for number, line in enumerate(lines):
        assert line.pieces
        assert line.indent == (indent if number == 0 else 0)
        assert line.last == (number == len(lines) - 1)
        assert line.start == line.pieces[0].start
        assert line.end == line.pieces[-1].start + len(line.pieces[-1].text)
        assert line.pieces[0].kind != "space" and line.pieces[-1].kind != "space"
        x = line.indent * P
        for piece in line.pieces:
            assert piece.x >= x - EPS  # in order, no overlap
            assert piece.x + piece.width <= edge + EPS  # nothing hangs outside
            x = piece.x + piece.width
            if piece.kind == "space":
                assert piece.text == " " and full[piece.start].isspace()
            else:
                assert full[piece.start : piece.start + len(piece.text)] == piece.text
        if line.spread or line.squeezed or not line.last:
            assert right(line) == pytest.approx(edge, abs=EPS)  # justified
        if not line.squeezed and not line.spread:
            for piece in line.pieces:
                if piece.kind in ("ideo", "punct", "dash"):
                    k = piece.x / P
                    assert abs(k - round(k)) < 1e-9, (line.text, piece)
                    cells_wide = 2 if piece.kind == "dash" else 1
                    assert piece.width == pytest.approx(cells_wide * P, abs=1e-9)
                else:
                    units = piece.width / HALF
                    assert abs(units - round(units)) < 1e-9
        for piece in line.pieces:
            if piece.squeezed:
                assert piece.kind == "punct" and line.squeezed
                assert piece.width == pytest.approx(HALF)
    for a, b in pairwise(lines):
        assert a.end <= b.start
    joined = "".join(texts(lines)).replace(" ", "")
    assert joined == "".join(c for c in full if not c.isspace() or c in KEPT_SPACES)


def check_rules(lines: list[Line]) -> None:
    """Kinsoku, kept units, the last line, for inputs that allow them."""
    for line in lines:
        assert line.text[0] not in NO_START, line.text
        assert line.text[-1] not in NO_END, line.text
    for a, b in pairwise(lines):
        assert not (a.text[-1].isdigit() and b.text[0] in UNITS), (a.text, b.text)
        pa, pb = a.pieces[-1], b.pieces[0]
        # A Latin run shorter than a line is never split.
        assert not (pa.kind == pb.kind == "latin" and pa.start + len(pa.text) == pb.start)
    if sum(len(line.text) for line in lines) >= 2:
        assert len(lines[-1].text) >= 2


def reference_paragraphs() -> list[str]:
    doc = yaml.safe_load((ROOT / "examples" / "liaocheng-2021-08.yaml").read_text("utf-8"))
    return [p.strip() for a in doc["articles"] for p in a["body"].split("\n\n") if p.strip()]


IDEOS = "市委常委秘书长荣红智带领督导组到东昌府区柳园街道光岳社区豈𠀀あ한①"
CLOSING = "，。、；：？！”）》」"
OPENING = "“（《「"
LATIN = "abcXYZ0123456789"


@st.composite
def words(draw: st.DrawFn) -> list[Span]:
    """A word: opening marks, a core, closing marks; in one of two styles."""
    style = draw(st.sampled_from(["body", "emph"]))
    core_kind = draw(st.sampled_from(["ideo", "ideo", "ideo", "latin", "number", "dash"]))
    if core_kind == "ideo":
        core = draw(st.text(IDEOS, min_size=1, max_size=4))
    elif core_kind == "latin":
        core = draw(st.text(LATIN, min_size=1, max_size=12))
        core += draw(st.sampled_from(["", ".5%", "/T", "-2012"]))
    elif core_kind == "number":
        digits = draw(st.text("0123456789", min_size=1, max_size=4))
        core = digits + draw(st.sampled_from("年月日%个"))
    else:
        core = draw(st.sampled_from(IDEOS)) + draw(st.sampled_from(["——", "……", "—", "…"]))
    text = (
        draw(st.text(OPENING, max_size=2))
        + core
        + draw(st.text(CLOSING, max_size=3))
        + draw(st.sampled_from(["", "", " "]))
    )
    if core_kind == "latin" and len(text) > 2 and draw(st.booleans()):
        cut = draw(st.integers(1, len(text) - 1))  # a run that changes style inside
        return [Span(text[:cut], style), Span(text[cut:], "emph")]
    return [Span(text, style)]


paragraphs = st.lists(words(), min_size=1, max_size=60).map(lambda ws: [s for w in ws for s in w])
ANY = IDEOS + CLOSING + OPENING + LATIN + "——……· ~.,;:()[]%/\t\n\u3000\u0301\U000e0100é"


def test_reference_sentence_breaks_where_counted_by_hand() -> None:
    text = (
        "3月9日，市委常委、秘书长荣红智带领督导组到东昌府区柳园街道光岳社区、"
        "育新社区、顺河社区督导检查第二网格创城工作。"
    )
    lines = brk(text, indent=2)
    # 26 cells after the indent: 3 and 9 take a cell each (padded), then 21 ideographs.
    assert texts(lines) == [
        "3月9日，市委常委、秘书长荣红智带领督导组到东昌府区",
        "柳园街道光岳社区、育新社区、顺河社区督导检查第二网格创城",
        "工作。",
    ]
    first = lines[0]
    assert not first.squeezed and not first.spread
    assert [p.x / P for p in first.pieces[:4]] == pytest.approx([2, 3, 4, 5])
    assert first.pieces[0].width == pytest.approx(P)  # "3": one unit, padded to a cell
    assert right(first) == pytest.approx(EDGE)
    assert lines[2].last and right(lines[2]) == pytest.approx(3 * P)
    check_lines(lines, text, 2)


def test_comma_after_a_full_first_line_is_squeezed_in() -> None:
    text = "荣红智一行先后到金柱文苑小区、华盛超市、光岳社区等地，实地查看了环境卫生。"
    lines = brk(text, indent=2)
    assert texts(lines)[0] == "荣红智一行先后到金柱文苑小区、华盛超市、光岳社区等地，"
    first = lines[0]
    assert first.squeezed and not first.spread
    squeezed = [p for p in first.pieces if p.squeezed]
    # The line-end comma and, from the end, the second 、 give half a cell each.
    assert [p.text for p in squeezed] == ["、", "，"]
    assert [p.x / P for p in squeezed] == pytest.approx([21, 27.5])
    assert all(p.align == "left" for p in first.pieces if p.squeezed)
    assert right(first) == pytest.approx(EDGE)
    check_lines(lines, text, 2)
    check_rules(lines)


@pytest.mark.skipif(
    not (ROOT / "examples" / "liaocheng-2021-08.yaml").exists(), reason="no reference issue"
)
def test_reference_bulletin_keeps_every_rule() -> None:
    lines: list[Line] = []
    for para in reference_paragraphs():
        para_lines = brk(para, indent=2)
        check_lines(para_lines, para, 2)
        check_rules(para_lines)
        lines += para_lines
    assert len(lines) > 100
    on_grid = sum(not (line.squeezed or line.spread) for line in lines)
    assert on_grid >= 0.85 * len(lines)


def test_full_stop_with_nothing_to_squeeze_pushes_and_spreads() -> None:
    text = "甲" * 27 + "乙。丙"
    lines = brk(text)
    assert texts(lines) == ["甲" * 27, "乙。丙"]
    first = lines[0]
    assert first.spread and not first.squeezed
    gap = P / 26  # one cell of slack between 27 pieces
    assert [p.x for p in first.pieces] == pytest.approx([k * (P + gap) for k in range(27)])
    assert right(first) == pytest.approx(EDGE)
    assert not lines[1].spread  # the last line stays ragged
    check_lines(lines, text, 0)


def test_opening_quote_never_ends_a_line() -> None:
    text = "甲" * 27 + "“乙”丙丁"
    lines = brk(text)
    assert texts(lines) == ["甲" * 27, "“乙”丙丁"]
    assert lines[0].spread
    check_rules(lines)


def test_pair_is_squeezed_before_a_lone_mark() -> None:
    text = "甲，" + "乙" * 24 + "丙。”丁戊"  # the ” may not start line 2
    lines = brk(text)
    assert texts(lines)[0] == "甲，" + "乙" * 24 + "丙。”"
    assert [p.text for p in lines[0].pieces if p.squeezed] == ["。", "”"]
    check_lines(lines, text, 0)


def test_squeezed_marks_say_where_their_ink_goes() -> None:
    lines = brk("甲" * 25 + "（乙" + "丙" + "。丁戊")
    marks = {p.text: p.align for p in lines[0].pieces if p.squeezed}
    assert marks == {"（": "right", "。": "left"}
    lines = brk("甲" * 26 + "：乙" + "。丁戊")
    marks = {p.text: p.align for p in lines[0].pieces if p.squeezed}
    assert marks == {"：": "center", "。": "left"}


def test_dash_is_one_token_and_never_starts_a_line() -> None:
    text = "甲" * 27 + "——乙丙"
    lines = brk(text)
    assert texts(lines) == ["甲" * 26, "甲——乙丙"]
    dash = lines[1].pieces[1]
    assert dash.kind == "dash" and dash.width == pytest.approx(2 * P)
    assert lines[0].spread
    check_lines(lines, text, 0)
    ellipsis = [p for line in brk("甲" * 27 + "……乙") for p in line.pieces if p.kind == "dash"]
    assert [p.text for p in ellipsis] == ["……"]


def test_single_dash_and_ellipsis_take_one_cell() -> None:
    pieces = brk("甲—乙…丙")[0].pieces
    marks = pieces[1:4:2]
    assert [(p.text, p.kind) for p in marks] == [("—", "punct"), ("…", "punct")]
    assert [p.width for p in marks] == pytest.approx([P, P])


def test_number_stays_with_its_unit() -> None:
    text = "甲" * 26 + "2021年3月"
    assert texts(brk(text)) == ["甲" * 26, "2021年3月"]
    assert texts(brk(text, keep_units=False)) == ["甲" * 26 + "2021", "年3月"]


def test_no_one_character_last_line() -> None:
    text = "甲" * 29
    lines = brk(text)
    assert texts(lines) == ["甲" * 27, "甲" * 2]
    assert lines[0].spread and right(lines[0]) == pytest.approx(EDGE)
    assert texts(brk("甲" * 28)) == ["甲" * 28]
    assert texts(brk("甲")) == ["甲"]


def test_latin_run_fills_whole_units() -> None:
    # GB/T: 35 pt = 4.43 half-cells -> 5 units, padded to 6 before an ideograph.
    pieces = brk("按GB/T执行")[0].pieces
    assert [(p.text, p.kind) for p in pieces[:3]] == [
        ("按", "ideo"),
        ("GB/T", "latin"),
        ("执", "ideo"),
    ]
    assert pieces[1].natural == 35
    assert pieces[1].width == pytest.approx(6 * HALF)
    assert pieces[2].x == pytest.approx(4 * P)
    last = brk("按GB/T")[0].pieces[-1]
    assert last.width == pytest.approx(5 * HALF)  # at the end: no padding
    # 4 digits of 8 pt are 4.05 half-cells: within tolerance, 2 cells.
    year = brk("2021年")[0].pieces[0]
    assert year.width == pytest.approx(2 * P)


def test_spaces_between_latin_words_are_kept_and_dropped_elsewhere() -> None:
    text = " 执行 GB/T 9704-2012 标准，2021 年 3 月 "
    lines = brk(text)
    assert texts(lines) == ["执行GB/T 9704-2012标准，2021年3月"]
    space = [p for p in lines[0].pieces if p.kind == "space"]
    assert len(space) == 1 and space[0].width == pytest.approx(HALF)
    assert space[0].natural == 4
    check_lines(lines, text, 0)


def test_space_at_a_line_edge_disappears() -> None:
    text = "甲" * 26 + "ab cd"
    lines = brk(text)
    assert texts(lines) == ["甲" * 26 + "ab", "cd"]
    check_lines(lines, text, 0)


def test_latin_longer_than_a_line_is_split_at_characters() -> None:
    url = "http://www.example.com/" + "abcdefghij" * 12
    text = "见" + url + "。"
    lines = brk(text, indent=2)
    assert len(lines) >= 3
    assert lines[0].text.startswith("见http")
    assert all(right(line) == pytest.approx(EDGE) for line in lines[:-1])
    check_lines(lines, text, 2)


def test_latin_run_across_two_styles_is_not_broken() -> None:
    spans = [Span("甲" * 27, "body"), Span("12", "body"), Span("34", "emph"), Span("乙丙", "body")]
    lines = brk(spans)
    assert texts(lines) == ["甲" * 27, "1234乙丙"]
    assert [p.style for p in lines[1].pieces[:2]] == ["body", "emph"]


def test_variation_selector_stays_with_its_ideograph() -> None:
    text = "葛\U000e0100优"
    pieces = brk(text)[0].pieces
    assert [p.text for p in pieces] == ["葛\U000e0100", "优"]


def test_full_width_forms_and_circled_numbers_take_a_cell() -> None:
    pieces = brk("①２０𠀀あ한")[0].pieces
    assert all(p.width == pytest.approx(P) for p in pieces)
    assert len(pieces) == 6


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"cell": 0.0}, "cell"),
        ({"cells": 1}, "cells"),
        ({"indent": 27}, "indent"),
        ({"indent": -1}, "indent"),
    ],
)
def test_bad_geometry_is_refused(kw: dict[str, float], message: str) -> None:
    args: dict[str, float] = {"cell": P, "cells": CELLS, "indent": 0, **kw}
    with pytest.raises(ValueError, match=message):
        break_lines([Span("甲", "body")], measure=measure, **args)  # type: ignore[arg-type]


def test_empty_paragraph_has_no_lines() -> None:
    assert brk("") == []
    assert brk("  \n ") == []


@settings(max_examples=300, deadline=None)
@given(paragraphs, st.sampled_from([0, 0, 2]), st.booleans())
def test_words_break_by_the_rules(spans: list[Span], indent: int, keep: bool) -> None:
    full = "".join(s.text for s in spans)
    lines = break_lines(spans, cell=P, cells=CELLS, indent=indent, measure=measure, keep_units=keep)
    check_lines(lines, full, indent)
    for line in lines:
        assert line.text[0] not in NO_START, line.text
        assert line.text[-1] not in NO_END, line.text
    if keep:
        check_rules(lines)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.text(ANY, max_size=40), st.sampled_from(["body", "emph"])), max_size=6),
    st.integers(2, 30),
    st.data(),
)
def test_any_text_is_placed_inside_the_measure(
    parts: list[tuple[str, str]], cells: int, data: st.DataObject
) -> None:
    indent = data.draw(st.integers(0, cells - 2))
    spans = [Span(t, s) for t, s in parts]
    full = "".join(t for t, _ in parts)
    lines = break_lines(spans, cell=P, cells=cells, indent=indent, measure=measure)
    check_lines(lines, full, indent, cells)
