"""Text pasted from Word into a YAML ``body:``: with no blank line anywhere
in the body and lines that look like Word paragraphs (indented 　　, or
ending a sentence), each line is a paragraph, and ``parse_body`` says so
once, where the lines start.  A paragraph typed across lines still joins."""

from __future__ import annotations

import pytest
from conftest import yaml_body as body

from jianbao.errors import Diagnostic
from jianbao.issue.markup import looks_pasted, parse_body
from jianbao.model import Block, Heading, Paragraph, Quote, Table

WARNING = (
    "lines without blank lines between them are taken as one paragraph each (text pasted from Word)"
)
HINT = "leave a blank line between paragraphs, or join the lines if they are one paragraph"


def shape(blocks: tuple[Block, ...]) -> list[tuple[str, str]]:
    out = []
    for b in blocks:
        if isinstance(b, Heading | Paragraph):
            kind = f"h{b.level}" if isinstance(b, Heading) else "p"
            out.append((kind, "".join(str(r.text) for r in b.runs)))
        elif isinstance(b, Table):
            out.append(("table", b.header[0].value))
        elif isinstance(b, Quote):
            out.append(("quote", str(len(b.blocks))))
    return out


def parse(source: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The blocks of ``source`` and the notes, each ``line:col: message``."""
    notes: list[Diagnostic] = []
    blocks = parse_body(body(source), notes=notes)
    for note in notes:
        assert (note.severity, note.message, note.hint) == ("warning", WARNING, HINT)
    return shape(blocks), [f"{n.location.line}:{n.location.col}" for n in notes if n.location]


@pytest.mark.parametrize(
    ("source", "expected", "at"),
    [
        # 　　 indents, as Word's first-line indent pastes: dropped
        (
            "　　今年以来，支队坚持问题导向\n　　聚焦群众关切\n　　推进工作",
            [("p", "今年以来，支队坚持问题导向"), ("p", "聚焦群众关切"), ("p", "推进工作")],
            "2:3",
        ),
        # every line but the last ends a sentence
        (
            "第一段。\n第二段！\n第三段？\n末段没有句号",
            [("p", "第一段。"), ("p", "第二段！"), ("p", "第三段？"), ("p", "末段没有句号")],
            "2:3",
        ),
        # a sentence end inside a closing quote or bracket; a colon
        (
            "他说：“要抓紧。”\n会议要求：\n一是加强领导（见附件。）\n二是落实。",
            [
                ("p", "他说：“要抓紧。”"),
                ("p", "会议要求："),
                ("p", "一是加强领导（见附件。）"),
                ("p", "二是落实。"),
            ],
            "2:3",
        ),
        # heading lines among them are still headings; run-in ones too
        (
            "一、总体要求\n各单位要加强领导。\n（一）明确责任。各大队要落实。\n1.细化分工\n落实到人。",
            [
                ("h1", "一、总体要求"),
                ("p", "各单位要加强领导。"),
                ("h2", "（一）明确责任。"),
                ("h3", "1.细化分工"),
                ("p", "落实到人。"),
            ],
            "2:3",
        ),
        # the warning is where the text lines start, after a table
        (
            "| 项目 | 数 |\n|---|---|\n| 甲 | 1 |\n第一段。\n第二段。",
            [("table", "项目"), ("p", "第一段。"), ("p", "第二段。")],
            "5:3",
        ),
    ],
)
def test_pasted_lines_are_paragraphs(source: str, expected: list[tuple[str, str]], at: str) -> None:
    assert parse(source) == (expected, [at])


def test_one_warning_for_many_lines() -> None:
    source = "\n".join(f"　　第{i}段。" for i in range(1, 30))
    blocks, notes = parse(source)
    assert len(blocks) == 29 and notes == ["2:3"]


def test_locations_survive_the_split() -> None:
    blocks = parse_body(body("　　第一段。\n　　第二段。"))
    assert [str(b.runs[0].text.locate(0)) for b in blocks if isinstance(b, Paragraph)] == [
        "a.yaml:2:5",
        "a.yaml:3:5",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a paragraph typed across lines (wrapped at 40 characters) joins
        (
            "市交警支队坚持问题导向和目标导向，聚焦群众反映强烈的突出问题，全力推进\n"
            "四大攻坚战，取得了阶段性成效，道路交通安全形势持续平稳向好，群众的\n"
            "获得感和安全感明显增强。",
            [
                (
                    "p",
                    "市交警支队坚持问题导向和目标导向，聚焦群众反映强烈的突出问题，全力推进"
                    "四大攻坚战，取得了阶段性成效，道路交通安全形势持续平稳向好，群众的"
                    "获得感和安全感明显增强。",
                )
            ],
        ),
        ("荣红智带领督导组\n到东昌府区。", [("p", "荣红智带领督导组到东昌府区。")]),
        # a line broken after a quoted name is no sentence end
        ("开展“四大攻坚战”\n行动。", [("p", "开展“四大攻坚战”行动。")]),
        # a heading that is all the ends: one paragraph, as before
        ("一、总体\n要求", [("p", "一、总体要求")]),
        # one indented line is a paragraph's first line
        ("　　第一段开始\n接着写完。", [("p", "第一段开始接着写完。")]),
        # a blank line anywhere: paragraphs are parted by blank lines
        ("甲。\n\n乙。\n丙。", [("p", "甲。"), ("p", "乙。丙。")]),
        ("　　甲。\n　　乙。\n\n丙。", [("p", "甲。乙。"), ("p", "丙。")]),
        # one line; quotation lines keep their own rule
        ("一段。", [("p", "一段。")]),
        ("> 甲。\n> 乙。", [("quote", "1")]),
        ("see the report.\nThen act.", [("p", "see the report. Then act.")]),
    ],
)
def test_typed_lines_still_join(source: str, expected: list[tuple[str, str]]) -> None:
    assert parse(source) == (expected, [])


def test_the_caller_may_decide() -> None:
    notes: list[Diagnostic] = []
    joined = parse_body(body("第一段。\n第二段。"), notes=notes, one_per_line=False)
    assert shape(joined) == [("p", "第一段。第二段。")] and notes == []
    split = parse_body(body("甲\n乙"), notes=notes, one_per_line=True)
    assert shape(split) == [("p", "甲"), ("p", "乙")] and notes == []


def test_without_notes_the_lines_are_split_all_the_same() -> None:
    assert shape(parse_body(body("第一段。\n第二段。"))) == [("p", "第一段。"), ("p", "第二段。")]


@pytest.mark.parametrize(
    ("lines", "pasted"),
    [
        (["　　甲", "　　乙"], True),
        (["  　　甲", "\t　　乙"], True),
        (["甲。", "乙"], True),
        (["**一、总体要求**", "正文。", "末"], True),
        (["一、总体要求", "正文"], False),
        (["甲", "乙。"], False),
        (["甲。"], False),
        (["甲》", "乙。"], False),
        (["甲。》", "乙"], True),
    ],
)
def test_looks_pasted(lines: list[str], pasted: bool) -> None:
    assert looks_pasted(lines) is pasted
