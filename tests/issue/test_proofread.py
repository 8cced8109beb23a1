"""Proofreading: placeholders left from ``jianbao new``, half-width marks in
Chinese text, unbalanced quotation marks and brackets, doubled characters
and overlong paragraphs, each a warning at the exact line:col of the
offending character, in every text the issue prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import read

from jianbao.errors import Location
from jianbao.issue.proofread import DOUBLED, PARAGRAPH_LIMIT, placeholders, proofread
from jianbao.issue.template import PLACEHOLDER_TEXTS, new_issue
from jianbao.model import (
    Article,
    Contents,
    Figure,
    Issue,
    Masthead,
    Paragraph,
    Picture,
    Run,
    Table,
    Text,
)

# The body's first line is line 9; its text starts in column 7.
HEAD = """\
masthead:
  name: 工作简报
  number: 1
  issuer: 市创城办
  date: 2026-03-10
articles:
  - title: 标题
    body: |
"""


def warnings(source: str) -> list[str]:
    """``line:col: message`` of every warning proofreading ``source`` gives."""
    found = proofread(read(source).issue)
    assert all(d.severity == "warning" and d.hint for d in found)
    return [f"{where(d.location)}: {d.message}" for d in found]


def where(location: Location | None) -> str:
    assert location is not None and location.file == "issue.yaml"
    return f"{location.line}:{location.col}"


def body(*paragraphs: str) -> str:
    """An issue whose one article's body is ``paragraphs`` (lines 9, 11, …)."""
    lines = "\n\n".join(paragraphs).split("\n")
    return HEAD + "".join(f"      {line}\n" if line else "\n" for line in lines)


# --- half-width marks ---------------------------------------------------------------
HALF_WIDTH = [
    ("工作完成,推进有力。", ["9:11: half-width ',' in Chinese text: '完成,推进'"]),
    (
        "落实;检查:整改?好!",
        [
            "9:9: half-width ';' in Chinese text: '落实;检查'",
            "9:12: half-width ':' in Chinese text: '检查:整改'",
            "9:15: half-width '?' in Chinese text: '整改?好!'",
            "9:17: half-width '!' in Chinese text: '?好!'",
        ],
    ),
    ("“完成”,推进。", ["9:11: half-width ',' in Chinese text: '成”,推进'"]),
    ("《通知》,要求。", ["9:11: half-width ',' in Chinese text: '知》,要求'"]),
    ("要求如下:", ["9:11: half-width ':' in Chinese text: '如下:'"]),
    ("印发通知(试行)。", ["9:11: half-width parentheses in Chinese text: '通知(试行)。'"]),
    ("收入(GDP)增长。", ["9:9: half-width parentheses in Chinese text: '收入(GDP)增长'"]),
    ("(1)加强领导", ["9:7: half-width parentheses in Chinese text: '(1)加强'"]),  # a heading
    (
        "印发(关于进一步加强城市管理工作的意见)。",
        ["9:9: half-width parentheses in Chinese text: '印发(关于进一步…意见)。'"],
    ),
    ("印发通知(试行。", ["9:11: half-width '(' in Chinese text: '通知(试行'"]),
    # Latin and number contexts, times and ratios
    ("上午9:00开会，比分3:2，共1,000人，比例为1:2。", []),
    ("9:00,开会。", []),
    ("详见http://www.example.cn/a?b=c，或https://例子.中国/路径?查询=值。", []),
    ("参见see (a) and (b)。", []),
    ("他说“ok”, then“yes!”。", []),
    ("Q&A:问答。", []),
]


@pytest.mark.parametrize(("text", "expected"), HALF_WIDTH)
def test_half_width_marks(text: str, expected: list[str]) -> None:
    assert warnings(body(text)) == expected


def test_half_width_hints() -> None:
    found = proofread(read(body("完成,推进3:00,印发通知(试行):要求。")).issue)
    assert [d.hint for d in found] == [
        "use the full-width '，': '完成，推进'",
        "use the full-width （）: '通知（试行）:要'",
        "use the full-width '：': '行)：要求'",
    ]


# --- paired marks -------------------------------------------------------------------
BALANCE = [
    (["他说“要抓落实。"], ["9:9: '“' is not closed: '他说“要抓落'"]),
    (["要抓落实”。"], ["9:11: '”' has no opening '“': '抓落实”。'"]),
    (["学习《通知要求。"], ["9:9: '《' is not closed: '学习《通知要'"]),
    (["学习通知》要求。"], ["9:11: '》' has no opening '《': '习通知》要求。'"]),
    (["他说‘好。"], ["9:9: '‘' is not closed: '他说‘好。'"]),
    (["（试行"], ["9:7: '（' is not closed: '（试行'"]),
    (["他说：“学习‘两会’精神和《关于（试行）的通知》。”"], []),
    (["“‘甲”乙。"], ["9:8: '‘' is not closed: '“‘甲”乙'"]),
    (["引用don’t一词。"], []),
    (["他用了‘don’t’一词。"], []),
    # a quotation over several paragraphs opens each with “ and closes once
    (["“第一段。", "“第二段。", "“第三段。”"], []),
    (["“第一段。", "“第二段。"], ["11:7: '“' is not closed: '“第二段'"]),
    (
        ["“第一段。", "第二段。”"],
        ["9:7: '“' is not closed: '“第一段'", "11:11: '”' has no opening '“': '二段。”'"],
    ),
    (["“第一段。", "一、第二部分", "“第二段。”"], ["9:7: '“' is not closed: '“第一段'"]),
    (["“第一段。", "> “引文。”"], ["9:7: '“' is not closed: '“第一段'"]),
    (["> “引文第一段。\n>\n> “引文第二段。”"], []),
    (["> “引文第一段。\n>\n> 引文第二段。"], ["9:9: '“' is not closed: '“引文第'"]),
]


@pytest.mark.parametrize(("paragraphs", "expected"), BALANCE)
def test_paired_marks(paragraphs: list[str], expected: list[str]) -> None:
    assert warnings(body(*paragraphs)) == expected


def test_title_lines_are_one_text() -> None:
    source = HEAD.replace("title: 标题", "title: [关于“创城, 工作”的通知]") + "      正文。\n"
    assert warnings(source) == []
    source = HEAD.replace("title: 标题", "title: [关于“创城, 工作的通知]") + "      正文。\n"
    assert warnings(source) == ["7:15: '“' is not closed: '关于“创城工'"]


# --- doubled characters -------------------------------------------------------------
@pytest.mark.parametrize("pair", sorted(DOUBLED))
def test_doubled_characters(pair: str) -> None:
    assert warnings(body(f"我们{pair}工作。")) == [
        f"9:10: doubled '{pair}': '我们{pair}工作'"  # at the second of the two
    ]


@pytest.mark.parametrize(
    "text",
    ["不了了之", "是是非非", "为了了解情况", "的的确确", "达到目的的手段", "现在在做", "和和气气"],
)
def test_words_with_doubled_characters(text: str) -> None:
    assert warnings(body(f"{text}。")) == []


def test_every_exception_holds_its_pair() -> None:
    assert all(pair in word for pair, words in DOUBLED.items() for word in words)


def test_doubled_hint() -> None:
    (found,) = proofread(read(body("做了了工作。")).issue)
    assert found.hint == "delete one '了'"


# --- paragraph length ---------------------------------------------------------------
def test_paragraph_length() -> None:
    at_limit = "甲" * PARAGRAPH_LIMIT
    over = "乙" * (PARAGRAPH_LIMIT + 234)
    run_in = "（一）加强领导。" + "丙" * PARAGRAPH_LIMIT
    quoted = "> " + "丁" * (PARAGRAPH_LIMIT + 1)
    assert warnings(body(at_limit, over, run_in, quoted)) == [
        "11:7: paragraph of 1234 characters",
        "13:7: paragraph of 1008 characters",
        "15:9: paragraph of 1001 characters",
    ]
    (found, *_) = proofread(read(body(over)).issue)
    assert found.hint == "break it into shorter paragraphs (at most 1000 characters)"


def test_titles_are_not_paragraphs() -> None:
    source = HEAD.replace("title: 标题", f"title: {'甲' * (PARAGRAPH_LIMIT + 1)}")
    assert warnings(source + "      正文。\n") == []


# --- placeholders -------------------------------------------------------------------
def test_placeholders_of_a_new_issue(tmp_path: Path) -> None:
    made = new_issue(tmp_path, dt.date(2026, 3, 10))
    found = placeholders(read(made.text).issue)
    lines = made.text.split("\n")
    expected = []
    for text in PLACEHOLDER_TEXTS:
        (line,) = [n for n, row in enumerate(lines, 1) if text in row]
        expected.append((line, lines[line - 1].index(text) + 1, text))
    assert sorted((d.location.line, d.location.col, d.message) for d in found if d.location) == [
        (line, col, f"placeholder {text} is still here") for line, col, text in sorted(expected)
    ]
    assert {d.hint for d in found} == {"write the real text, or render with --draft"}
    assert {d.severity for d in found} == {"warning"}
    assert proofread(read(made.text).issue) == found


def test_template_placeholders() -> None:
    assert PLACEHOLDER_TEXTS == (
        "（简报名称）",
        "（编印单位）",
        "（标题）",
        "（正文第一段。）",
        "（正文第二段。）",
    )


EVERYWHERE = """\
masthead:
  name: [（简报名称）, 工作简报]
  number: 1
  issuer: 市（编印单位）
  date: 2026-03-10
  mark: （标题）
contents: {heading: （标题）}
note: （正文第一段。）
articles:
  - title: [第一行, 关于（标题）的通知]
    kicker: （标题）
    subtitle: （标题）
    note: 按：（正文第二段。）
    body: |
      （正文第一段。）

      一、（标题）

      （一）（标题）。（正文第二段。）

      表1 （标题）

      | （标题） | 乙 |
      | --- | --- |
      | 甲 | （标题） |

      > （正文第一段。）
    source: （标题）
    toc: （标题）
colophon:
  report_to: （标题）
  send_to: （标题）
  issue_to: （标题）
  also_to: （标题）
"""


def test_placeholders_everywhere() -> None:
    found = placeholders(read(EVERYWHERE).issue)
    assert [f"{where(d.location)}: {d.message}" for d in found] == [
        "2:10: placeholder （简报名称） is still here",
        "4:12: placeholder （编印单位） is still here",
        "6:9: placeholder （标题） is still here",
        "7:21: placeholder （标题） is still here",
        "8:7: placeholder （正文第一段。） is still here",
        "13:13: placeholder （正文第二段。） is still here",
        "11:13: placeholder （标题） is still here",
        "10:20: placeholder （标题） is still here",
        "12:15: placeholder （标题） is still here",
        "15:7: placeholder （正文第一段。） is still here",
        "17:9: placeholder （标题） is still here",
        "19:10: placeholder （标题） is still here",
        "19:15: placeholder （正文第二段。） is still here",
        "21:10: placeholder （标题） is still here",
        "23:9: placeholder （标题） is still here",
        "25:13: placeholder （标题） is still here",
        "27:9: placeholder （正文第一段。） is still here",
        "28:13: placeholder （标题） is still here",
        "29:10: placeholder （标题） is still here",
        "31:14: placeholder （标题） is still here",
        "32:12: placeholder （标题） is still here",
        "33:13: placeholder （标题） is still here",
        "34:12: placeholder （标题） is still here",
    ]


# --- texts made in code -------------------------------------------------------------
def test_texts_without_offsets_use_their_origin() -> None:
    at = Location("made.yaml", 3, 5)
    picture = Picture(Path("a.png"), (10, 10), caption=Text("图1 完成,推进", at))
    table = Table(header=(Text("项目"),), rows=((Text("甲的的乙", at),),))
    article = Article(
        title=(Text("标题"),),
        blocks=(Paragraph((Run(Text("正文。")),)), Figure((picture,)), table),
    )
    issue = Issue(
        masthead=Masthead(
            name=(Text("工作简报"),),
            number=1,
            issuer=Text("（编印单位）", at),
            date=dt.date(2026, 3, 10),
        ),
        articles=(article,),
        contents=Contents(show=False),
        colophon=None,
    )
    assert [(d.location, d.message) for d in proofread(issue)] == [
        (at, "placeholder （编印单位） is still here"),
        (at, "half-width ',' in Chinese text: '完成,推进'"),
        (at, "doubled '的的': '甲的的乙'"),
    ]
