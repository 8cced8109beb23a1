"""Body markup: an article's text becomes paragraphs, headings (by their
numbering) and emphasis runs, every character keeping its location; text
fields are normalised (stray spaces, invisible pasted characters)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from conftest import yaml_body as body

from jianbao.errors import Diagnostic, IssueError, Location
from jianbao.issue.load import Scalar, load_text
from jianbao.issue.markup import heading_level, normalise, parse_body
from jianbao.model import Block, Heading, Paragraph, Text
from jianbao.pipeline import Session, render


def shape(blocks: tuple[Block, ...]) -> list[tuple[str, list[str]]]:
    """Each block as (kind, runs) with emphasis runs written **…**."""
    out = []
    for b in blocks:
        kind = f"h{b.level}" if isinstance(b, Heading) else "p"
        out.append((kind, [f"**{r.text}**" if r.emphasis else str(r.text) for r in b.runs]))
    return out


def where(loc: Location | None) -> str:
    assert loc is not None
    return f"{loc.line}:{loc.col}"


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、总体要求", 1),
        ("九、其他", 1),
        ("十、工作安排", 1),
        ("十一、工作安排", 1),
        ("二十、工作安排", 1),
        ("九十九、工作安排", 1),
        ("（一）加强组织领导", 2),
        ("（十）加强组织领导", 2),
        ("（十二）加强组织领导", 2),
        ("(三)加强组织领导", 2),
        ("1.明确责任分工", 3),
        ("1. 明确责任分工", 3),
        ("2．明确责任分工", 3),
        ("3、明确责任分工", 3),
        ("12.明确责任分工", 3),
        ("（1）强化督导", 4),
        ("(2)强化督导", 4),
        ("一、" + "字" * 26, 1),  # exactly 28 characters
        # not headings
        ("一、" + "字" * 27, None),  # 29 characters
        ("一、加强领导。", None),  # sentence-ending punctuation
        ("（一）加强领导。各单位要抓落实", None),  # run-in heading: a paragraph
        ("1.为什么要创城？", None),
        ("（1）强化督导；严格考核", None),
        ("一、总之……", None),
        ("一、", None),  # nothing after the marker
        ("一百、工作安排", None),
        ("十十、工作安排", None),
        ("零、工作安排", None),
        ("一.工作安排", None),
        ("1.5万人参加", None),  # a decimal number, not 1.
        ("100、工作安排", None),  # three digits
        ("（一工作安排", None),
        ("会议指出，一、二、三", None),
        ("2021年3月9日", None),
        ("", None),
    ],
)
def test_heading_level(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_heading_limit_is_a_parameter() -> None:
    line = "一、" + "字" * 30
    assert heading_level(line) is None
    assert heading_level(line, limit=40) == 1
    assert shape(parse_body(Text(line), heading_limit=40)) == [("h1", [line])]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("一段。", [("p", ["一段。"])]),
        ("第一段。\n\n第二段。", [("p", ["第一段。"]), ("p", ["第二段。"])]),
        ("第一段。\n\n\n\n第二段。\n\n", [("p", ["第一段。"]), ("p", ["第二段。"])]),
        # a line break inside a paragraph joins without a space
        ("荣红智带领督导组\n到东昌府区。", [("p", ["荣红智带领督导组到东昌府区。"])]),
        # ... but two Latin words get one
        ("防控 COVID\n19 疫情", [("p", ["防控COVID 19疫情"])]),
        ("see the\nreport, then\nact.", [("p", ["see the report, then act."])]),
        # indentation typed with full-width spaces and blank lines of spaces are dropped
        ("　　第一段。\n  \n　　第二段。", [("p", ["第一段。"]), ("p", ["第二段。"])]),
        # normalised like every text: 2021 年 3 月 → 2021年3月
        (
            "2021 年 3 月 10 日，市交警支队 “四大攻坚战”",
            [("p", ["2021年3月10日，市交警支队“四大攻坚战”"])],
        ),
        # headings: one short line only
        ("一、总体要求\n\n正文。", [("h1", ["一、总体要求"]), ("p", ["正文。"])]),
        ("一、总体\n要求", [("p", ["一、总体要求"])]),
        (
            "（二）加强领导\n\n（1）明确分工",
            [("h2", ["（二）加强领导"]), ("h4", ["（1）明确分工"])],
        ),
        # emphasis
        ("会议**强调**，要加强。", [("p", ["会议", "**强调**", "，要加强。"])]),
        ("**全文强调。**", [("p", ["**全文强调。**"])]),
        ("**一、**总体要求", [("h1", ["**一、**", "总体要求"])]),
        ("一**二**三**四**五", [("p", ["一", "**二**", "三", "**四**", "五"])]),
        ("跨行**强\n调**结束", [("p", ["跨行", "**强调**", "结束"])]),
        ("空的****强调", [("p", ["空的强调"])]),
        # literal asterisks: escaped, or where ** can neither open nor close
        ("对张\\*\\*、李\\*\\*等人通报。", [("p", ["对张**、李**等人通报。"])]),
        ("张**，李**。", [("p", ["张**，李**。"])]),
        ("王\\*\\*同志**受到表扬**。", [("p", ["王**同志", "**受到表扬**", "。"])]),
        ("重点是**“四大攻坚战”**。", [("p", ["重点是", "**“四大攻坚战”**", "。"])]),
        # spaces typed beside a marker go, unless between Latin words
        ("带领 **督导组** 到", [("p", ["带领", "**督导组**", "到"])]),
        ("read **this** now", [("p", ["read ", "**this**", " now"])]),
        ("", []),
        ("\n\n  \n", []),
    ],
)
def test_blocks(source: str, expected: list[tuple[str, list[str]]]) -> None:
    assert shape(parse_body(body(source))) == expected


def test_model_types() -> None:
    blocks = parse_body(body("一、要求\n\n正文**重点**。"))
    assert isinstance(blocks[0], Heading) and blocks[0].level == 1
    assert isinstance(blocks[1], Paragraph)
    assert [r.emphasis for r in blocks[1].runs] == [False, True, False]


def test_offsets_point_into_the_file() -> None:
    # body lines are file lines 2..; column 3 is the first character
    blocks = parse_body(body("第一段。\n\n　　第二段\n接**重点**内容。\n\n（一）标题"))
    first, second, heading = blocks
    assert where(first.runs[0].text.locate(0)) == "2:3"
    plain, strong, rest = second.runs
    assert plain.text.value == "第二段接"
    assert [where(plain.text.locate(i)) for i in range(4)] == ["4:5", "4:6", "4:7", "5:3"]
    assert strong.text.value == "重点"
    assert [where(strong.text.locate(i)) for i in range(2)] == ["5:6", "5:7"]
    assert where(strong.text.origin) == "5:6"
    assert where(rest.text.locate(2)) == "5:12"
    assert where(heading.runs[0].text.locate(3)) == "7:6"
    for block in blocks:
        for run in block.runs:
            assert len(run.text.offsets) == len(run.text.value)


def test_joining_space_is_located_at_the_line_break() -> None:
    (para,) = parse_body(body("word\nnext"))
    text = para.runs[0].text
    assert text.value == "word next"
    assert where(text.locate(4)) == "2:7"


def test_text_without_offsets_uses_its_origin() -> None:
    origin = Location("x.yaml", 9, 4)
    (para,) = parse_body(Text("甲**乙**", origin))
    assert [r.text.value for r in para.runs] == ["甲", "乙"]
    assert all(r.text.locate(0) == origin for r in para.runs)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("会议**强调，要加强。", ["a.yaml:2:5: error: unclosed '**' in body"]),
        (
            "一**二**三**四\n\n正文\n\n末段 **",  # a ** at the end opens nothing
            ["a.yaml:2:10: error: unclosed '**' in body"],
        ),
        # emphasis does not run across paragraphs
        ("开始**强调\n\n结束**", ["a.yaml:2:5: error: unclosed '**' in body"]),
        # masked names: the first ** opens nothing (、 follows), the second has no partner
        ("对张**、李**等人通报。", ["a.yaml:2:9: error: unclosed '**' in body"]),
    ],
)
def test_unclosed_emphasis(source: str, expected: list[str]) -> None:
    with pytest.raises(IssueError) as info:
        parse_body(body(source))
    assert [f"{d.location}: {d.severity}: {d.message}" for d in info.value.diagnostics] == expected
    assert info.value.diagnostics[0].hint == (
        "emphasis ends in the paragraph it starts in: write '**text**'; "
        "for asterisks printed as written (张**), write \\*\\*"
    )


@pytest.mark.parametrize(
    ("source", "warned"),
    [
        ("对张**同志提出批评，李**同志作检讨。", ["2:5"]),  # two masked names, read as bold
        ("要**坚持问题导向**，抓好落实。", []),  # bold in a sentence
        ("**一是**加强领导，**二是**压实责任。", []),
        ("要**抓好宣传、加强督查**，确保实效。", []),  # a marker beside punctuation
        ("对张\\*\\*同志提出批评，李\\*\\*同志作检讨。", []),
    ],
)
def test_emphasis_that_may_be_masked_names_is_a_warning(source: str, warned: list[str]) -> None:
    """Both markers between ideographs and a clause mark inside: bold, but
    said, for 张**同志……李**同志 means two masked names more often than not."""
    notes: list[Diagnostic] = []
    parse_body(body(source), notes=notes)
    assert [f"{d.location.line}:{d.location.col}" for d in notes if d.location] == warned
    assert all(d.severity == "warning" and "\\*\\*" in (d.hint or "") for d in notes)


def test_unclosed_emphasis_names_the_path() -> None:
    with pytest.raises(IssueError, match=r"unclosed '\*\*' in articles\[2\]\.body"):
        parse_body(body("**重点"), path="articles[2].body")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  工作简报  ", "工作简报"),
        ("2021 年 3 月", "2021年3月"),
        ("第 8 期", "第8期"),
        ("市交警支队 “四大攻坚战” 推进", "市交警支队“四大攻坚战”推进"),
        ("聊城银保监分局 ， 安排", "聊城银保监分局，安排"),
        ("（ 市交警支队供稿 ）", "（市交警支队供稿）"),
        ("内部资料 注意保存", "内部资料 注意保存"),  # two Chinese words keep their space
        ("内部资料　注意保存", "内部资料　注意保存"),  # so does a full-width space
        ("COVID 19 疫情", "COVID 19疫情"),
        ("Hello  world", "Hello  world"),
        ("共 260 份", "共260份"),
        ("ＡＢＣ 公司", "ＡＢＣ 公司"),
        ("\t\n", ""),
    ],
)
def test_normalise(value: str, expected: str) -> None:
    assert normalise(Text(value)).value == expected


def test_normalise_keeps_offsets() -> None:
    node = load_text("t: ' 2021 年 3 月'\n", "t.yaml").node(("t",))
    assert isinstance(node, Scalar) and isinstance(node.value, Text)
    text = normalise(node.value)
    assert text.value == "2021年3月"
    assert [where(text.locate(i)) for i in range(len(text.value))] == [
        "1:6", "1:7", "1:8", "1:9", "1:11", "1:13", "1:15",
    ]  # fmt: skip
    assert where(text.origin) == "1:6"


def test_invisible_pasted_characters_are_dropped(tmp_path: Path, session: Session) -> None:
    text = (
        "masthead: {name: 工作简报, number: 1, issuer: 办公\u200b室, date: 2026-01-05}\n"
        'articles:\n  - {title: "标\u00ad题", body: "正\u200b文\ufeff。"}\n'
    )
    loaded = session.read(write(tmp_path / "issue.yaml", text))
    assert loaded.issue.masthead.issuer.value == "办公室"
    assert loaded.issue.articles[0].title[0].value == "标题"
    render(loaded, session=session)  # no missing-glyph error for the invisible ones
