"""Chinese line breaking on the 28-cell grid: the whole paragraph's breaks
chosen together; kinsoku, squeeze (line end, pairs, a lone mark last),
push and spread within a limit, kept units and short brackets, Latin runs
at their natural width and broken only where Unicode allows, no 孤字;
properties over random text."""

from __future__ import annotations

from itertools import pairwise

import pytest
import yaml
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao.layout.linebreak import STRETCH, Line, Span, allowed_breaks, break_lines

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


def squeezed(line: Line) -> list[str]:
    return [p.text for p in line.pieces if p.squeezed]


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
            if piece.joined:  # inside a Latin run: no gap
                assert piece.x == pytest.approx(x, abs=EPS)
            x = piece.x + piece.width
            if piece.kind == "space":
                assert piece.text == " " and full[piece.start].isspace()
            else:
                assert full[piece.start : piece.start + len(piece.text)] == piece.text
            if piece.kind == "latin":
                assert piece.width == pytest.approx(measure(piece.text, piece.style))  # natural
            if piece.squeezed:
                assert piece.kind == "punct" and piece.width == pytest.approx(HALF)
        one_box = len(line.pieces) == 1 or all(p.joined for p in line.pieces[1:])
        if not one_box:
            assert right(line) <= edge + EPS  # nothing hangs outside
            if not line.last:
                assert right(line) == pytest.approx(edge, abs=EPS)  # justified
        if not line.squeezed and not line.spread and line.gap == 0:
            for piece in line.pieces:
                if piece.kind in ("ideo", "punct", "dash") and all(
                    p.kind != "latin" for p in line.pieces
                ):
                    k = piece.x / P
                    assert abs(k - round(k)) < 1e-9, (line.text, piece)
                    cells_wide = 2 if piece.kind == "dash" else 1
                    assert piece.width == pytest.approx(cells_wide * P, abs=1e-9)
    for a, b in pairwise(lines):
        assert a.end <= b.start
    joined = "".join(texts(lines)).replace(" ", "")
    assert joined == "".join(c for c in full if not c.isspace() or c in KEPT_SPACES)


def check_rules(lines: list[Line]) -> None:
    """Kinsoku, kept units, the last line, the spacing limit, for inputs that allow them."""
    for line in lines:
        assert line.text[0] not in NO_START, line.text
        assert line.text[-1] not in NO_END, line.text
        assert line.gap <= 2 * STRETCH + EPS, (line.text, line.gap)
    for a, b in pairwise(lines):
        assert not (a.text[-1].isdigit() and b.text[0] in UNITS), (a.text, b.text)
    if len(lines) >= 2:
        last = lines[-1].text
        alone = sum(1 for c in last if "\u4e00" <= c <= "\u9fff") == 1 and len(last) <= 3
        assert not (alone and all(not c.isascii() for c in last)), last


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


# --- the reference bulletin ----------------------------------------------------


def test_reference_sentence_keeps_its_digits_tight() -> None:
    text = (
        "3月9日，市委常委、秘书长荣红智带领督导组到东昌府区柳园街道光岳社区、"
        "育新社区、顺河社区督导检查第二网格创城工作。"
    )
    lines = brk(text, indent=2)
    assert texts(lines) == [
        "3月9日，市委常委、秘书长荣红智带领督导组到东昌府区",
        "柳园街道光岳社区、育新社区、顺河社区督导检查第二网格创城",
        "工作。",
    ]
    first = lines[0]
    # "3" and "9" keep their 8 pt: the line is spread by what they leave.
    assert first.pieces[0].x == pytest.approx(2 * P)
    assert first.pieces[0].width == 8
    assert first.spread and 0 < first.gap < STRETCH
    assert not lines[1].spread and not lines[1].squeezed  # on the grid
    assert right(first) == pytest.approx(EDGE)
    check_lines(lines, text, 2)
    check_rules(lines)


def test_reference_bulletin_keeps_every_rule() -> None:
    lines: list[Line] = []
    for para in reference_paragraphs():
        para_lines = brk(para, indent=2)
        check_lines(para_lines, para, 2)
        check_rules(para_lines)
        lines += para_lines
    assert len(lines) > 100
    assert all(line.gap <= STRETCH + EPS for line in lines)
    plain = [line for line in lines if all(p.kind != "latin" for p in line.pieces)]
    on_grid = [line for line in plain if not line.spread and not line.squeezed]
    assert len(on_grid) >= 0.6 * len(plain)


# --- squeeze, push, spread ------------------------------------------------------------


def test_a_lone_mark_is_not_squeezed_while_a_push_will_do() -> None:
    text = "荣红智一行先后到金柱文苑小区、华盛超市、光岳社区等地，实地查看了环境卫生。"
    lines = brk(text, indent=2)
    assert texts(lines) == [
        "荣红智一行先后到金柱文苑小区、华盛超市、光岳社区等",
        "地，实地查看了环境卫生。",
    ]
    assert not lines[0].squeezed and lines[0].spread
    check_lines(lines, text, 2)
    check_rules(lines)


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


def test_the_line_end_mark_is_squeezed_first() -> None:
    # ”。 share a cell and a half; the 。 at the line end gives the last half.
    lines = brk("甲" * 25 + "“乙”。丙丁")
    assert texts(lines) == ["甲" * 25 + "“乙”。", "丙丁"]
    assert squeezed(lines[0]) == ["”", "。"] and not lines[0].spread
    assert right(lines[0]) == pytest.approx(EDGE)


def test_pairs_share_one_and_a_half_cells_in_every_line() -> None:
    text = "甲" * 5 + "“红色物业”“三遍访”" + "乙" * 4
    (line,) = brk(text)
    assert squeezed(line) == ["”"]
    (full,) = brk(text, punctuation="full")
    assert squeezed(full) == []
    # Nested quotes: one of the two marks of a pair, never both.
    (nested,) = brk("“‘甲’”乙")
    assert squeezed(nested) == ["‘", "’"]
    # ... also when the line end needs one more half: not the ” beside the ’.
    first, _ = brk("甲" * 25 + "‘乙’”丙丁")
    assert squeezed(first) == ["‘", "’"]


def test_a_pair_is_squeezed_before_a_lone_mark() -> None:
    text = "甲，" + "乙" * 24 + "丙。”丁戊"  # the ” may not start line 2
    lines = brk(text, punctuation="full")
    assert texts(lines)[0] == "甲，" + "乙" * 24 + "丙。”"
    assert squeezed(lines[0]) == ["。", "”"]
    check_lines(lines, text, 0)


def test_a_lone_mark_is_squeezed_before_a_gap_would_copy_as_a_space() -> None:
    # Pushing 丙 and its marks down would widen 24 gaps by 2 cells / 24 = 1.3 pt
    # each … and pushing one more leaves 2.6 pt: the lone comma gives half a cell.
    text = "甲" * 25 + "（乙" + "丙" + "。丁戊"
    lines = brk(text)
    assert lines[0].gap <= STRETCH
    marks = {p.text: p.align for p in lines[0].pieces if p.squeezed}
    assert set(marks) <= {"（", "。"} and all(
        marks[m] == ("right" if m == "（" else "left") for m in marks
    )
    check_lines(lines, text, 0)


def test_squeezed_marks_say_where_their_ink_goes() -> None:
    (line,) = brk("甲“红”“乙”丙")
    assert [(p.text, p.align) for p in line.pieces if p.squeezed] == [("”", "left")]
    (line,) = brk("甲（乙）“丙”")
    assert [(p.text, p.align) for p in line.pieces if p.squeezed] == [("）", "left")]


def test_opening_quote_never_ends_a_line() -> None:
    text = "甲" * 27 + "“乙”丙丁"
    lines = brk(text)
    assert texts(lines) == ["甲" * 27, "“乙”丙丁"]
    assert lines[0].spread
    check_rules(lines)


def test_the_spacing_limit_holds_before_a_long_latin_run() -> None:
    text = "按" * 20 + "见https://www.example.gov.cn/zwfw/index.html或电话"
    lines = brk(text, indent=2)
    assert all(line.gap <= STRETCH + EPS for line in lines), [(x.text, x.gap) for x in lines]
    check_lines(lines, text, 2)


def test_the_whole_paragraph_is_broken_together() -> None:
    # One line at a time would fill line 1 and leave the run no room but a
    # widely spread line 2; the paragraph shares the slack instead.
    text = "甲" * 26 + "乙" * 20 + "GB/T 9704-2012" + "丙" * 10
    lines = brk(text, indent=2)
    assert max(line.gap for line in lines) <= STRETCH + EPS
    check_lines(lines, text, 2)
    check_rules(lines)


# --- tokens that stay together ------------------------------------------------------------


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
    assert texts(brk("甲" * 25 + "2021年3月", keep_units=False)) == ["甲" * 25 + "2021", "年3月"]


@pytest.mark.parametrize(
    "kept",
    ["3.5万元", "35微克/立方米", "PM2.5", "12.5%", "1,204户", "（市、区）", "6.3个百分点"],
)
def test_compound_units_and_short_brackets_are_never_broken(kept: str) -> None:
    # Wherever it falls, as long as the line before can stay within the
    # spacing limit when it goes down whole (a compound unit may break
    # after its "/": 35微克/ 立方米).
    for filler in range(24, 29):
        text = "甲" * filler + kept + "乙" * 6
        lines = brk(text)
        whole = any(kept in line.text for line in lines)
        assert whole or ("/" in kept and any(line.text.endswith("/") for line in lines))


def test_latin_runs_break_only_where_unicode_allows() -> None:
    url = "https://www.qinghe.gov.cn/zwfw/index.html"
    breaks = allowed_breaks("见" + url + "查")
    inside = sorted(k - 1 for k in breaks if 1 < k < len(url) + 1)
    assert [url[k] for k in inside] == [
        "w",
        ".",
        ".",
        ".",
        "z",
        "i",
        ".",
    ]  # after // and /, before .
    assert allowed_breaks("210mm×297mm") >= {5, 6}  # around ×
    assert 9 not in allowed_breaks("e-mail地址")  # after a hyphen between letters: 2
    assert 2 in allowed_breaks("e-mail地址")
    assert not allowed_breaks("9704-2012") & set(range(1, 9))  # never inside a number
    assert not allowed_breaks("GDP") and not allowed_breaks("Word")


def test_a_short_code_keeps_its_number_where_it_fits() -> None:
    text = "甲" * 14 + "执行GB/T 9704-2012标准"
    (line,) = brk(text)
    assert "GB/T 9704-2012" in line.text


def test_no_one_character_last_line() -> None:
    text = "甲" * 29
    lines = brk(text)
    assert texts(lines) == ["甲" * 27, "甲" * 2]
    assert lines[0].spread and right(lines[0]) == pytest.approx(EDGE)
    assert texts(brk("甲" * 28)) == ["甲" * 28]
    assert texts(brk("甲")) == ["甲"]
    # An ideograph with its mark is alone too (作。).
    assert texts(brk("甲" * 27 + "作。")) == ["甲" * 26, "甲作。"]


# --- Latin text -------------------------------------------------------------------------


def test_latin_runs_keep_their_natural_width() -> None:
    pieces = brk("按GB/T执行")[0].pieces
    assert [(p.text, p.kind) for p in pieces[:3]] == [
        ("按", "ideo"),
        ("GB/", "latin"),
        ("T", "latin"),
    ]
    assert [p.width for p in pieces[1:3]] == [25, 10]  # never letter-spaced
    assert pieces[3].x == pytest.approx(P + 35)  # the next ideograph follows the run
    year = brk("2021年")[0].pieces[0]
    assert year.width == 32


def test_spaces_between_latin_words_are_kept_and_dropped_elsewhere() -> None:
    text = " 执行 GB/T 9704-2012 标准，2021 年 3 月 "
    lines = brk(text)
    assert texts(lines) == ["执行GB/T 9704-2012标准，2021年3月"]
    space = [p for p in lines[0].pieces if p.kind == "space"]
    assert len(space) == 1 and space[0].width == 4
    check_lines(lines, text, 0)


def test_space_at_a_line_edge_disappears() -> None:
    text = "甲" * 26 + "abcde fgh"
    lines = brk(text)
    assert texts(lines) == ["甲" * 26, "abcde fgh"]
    check_lines(lines, text, 0)


def test_latin_longer_than_a_line_is_split() -> None:
    url = "http://www.example.com/" + "abcdefghij" * 12
    text = "见" + url + "。"
    lines = brk(text, indent=2)
    assert len(lines) >= 3
    assert lines[0].text.startswith("见http")
    assert lines[0].gap <= STRETCH
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
@given(paragraphs, st.sampled_from([0, 0, 2]), st.booleans(), st.sampled_from(["pairs", "full"]))
def test_words_break_by_the_rules(spans: list[Span], indent: int, keep: bool, mode: str) -> None:
    full = "".join(s.text for s in spans)
    lines = break_lines(
        spans,
        cell=P,
        cells=CELLS,
        indent=indent,
        measure=measure,
        keep_units=keep,
        punctuation=mode,  # type: ignore[arg-type]
    )
    check_lines(lines, full, indent)
    for line in lines:
        assert line.text[0] not in NO_START, line.text
        assert line.text[-1] not in NO_END, line.text


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
