"""The issue format: every problem of a file reported at once with its
file:line:col (a table of bad inputs), good variants accepted, and the
JSON Schema agreeing with the validator key by key."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import operator
import re
from collections.abc import Iterator
from typing import Any

import pytest

from jianbao.errors import IssueError, Location
from jianbao.issue.kinds import Field, ListOf, Record, show
from jianbao.issue.load import KeyPath, load_text, merge, plain
from jianbao.issue.schema import MASTHEAD, SCHEMA, json_schema, validate
from jianbao.model import Heading, Issue, Paragraph

# Lines 1-5 of most files below.
HEAD = """\
masthead:
  name: 工作简报
  number: 8
  issuer: 市创城办
  date: 2021-03-10
"""
ARTICLE = """\
articles:
  - title: 甲
    body: 乙
"""


def check(source: str, file: str = "t.yaml") -> Issue:
    return validate(load_text(source, file))


def problems(source: str) -> list[str]:
    """Each diagnostic as ``line:col: error: message``."""
    with pytest.raises(IssueError) as info:
        check(source)
    out = []
    for d in info.value.diagnostics:
        assert d.location is not None and d.location.file == "t.yaml"
        out.append(f"{d.location.line}:{d.location.col}: {d.severity}: {d.message}")
    return out


BAD = [
    pytest.param(
        HEAD.replace("2021-03-10", "2021/3/10") + ARTICLE,
        ["5:9: error: masthead.date must be a date written YYYY-MM-DD, got '2021/3/10'"],
        id="date-with-slashes",
    ),
    pytest.param(
        HEAD.replace("2021-03-10", "2021-13-01") + ARTICLE,
        ["5:9: error: masthead.date must be a date written YYYY-MM-DD, got '2021-13-01'"],
        id="date-month-13",
    ),
    pytest.param(
        HEAD.replace("2021-03-10", "'2021-02-30'") + ARTICLE,
        ["5:9: error: masthead.date must be a date written YYYY-MM-DD, got '2021-02-30'"],
        id="date-quoted-no-such-day",
    ),
    pytest.param(
        HEAD.replace("2021-03-10", "20210310") + ARTICLE,
        ["5:9: error: masthead.date must be a date written YYYY-MM-DD, got 20210310"],
        id="date-number",
    ),
    pytest.param(
        HEAD.replace("2021-03-10", "2021年3月10日") + ARTICLE,
        ["5:9: error: masthead.date must be a date written YYYY-MM-DD, got '2021年3月10日'"],
        id="date-in-chinese",
    ),
    pytest.param(
        HEAD.replace("number: 8", "number: 0") + ARTICLE,
        ["3:11: error: masthead.number must be a positive integer, got 0"],
        id="number-zero",
    ),
    pytest.param(
        HEAD.replace("number: 8", "number: true\n  total: -3") + ARTICLE,
        [
            "3:11: error: masthead.number must be a positive integer, got true",
            "4:10: error: masthead.total must be a positive integer, got -3",
        ],
        id="number-boolean-total-negative",
    ),
    pytest.param(
        HEAD.replace("number: 8", "number: '8'\n  total: 1.5") + ARTICLE,
        [
            "3:11: error: masthead.number must be a positive integer, got '8'",
            "4:10: error: masthead.total must be a positive integer, got 1.5",
        ],
        id="number-string-total-float",
    ),
    pytest.param(
        HEAD.replace("number: 8", "number: 第8期") + ARTICLE,
        ["3:11: error: masthead.number must be a positive integer, got '第8期'"],
        id="number-as-written-on-paper",
    ),
    pytest.param(
        "mastead:\n  name: 工作简报\n" + ARTICLE,
        ["1:1: error: unknown key 'mastead'", "1:1: error: missing required key 'masthead'"],
        id="typo-at-top",
    ),
    pytest.param(
        HEAD.replace("number", "numbr") + "articles:\n  - titel: 甲\n    body: 乙\n    foo: 1\n",
        [
            "2:3: error: missing required key 'number' in masthead",
            "3:3: error: unknown key 'numbr' in masthead",
            "7:5: error: unknown key 'titel' in articles[1]",
            "7:5: error: missing required key 'title' in articles[1]",
            "9:5: error: unknown key 'foo' in articles[1]",
        ],
        id="typos-nested",
    ),
    pytest.param(
        HEAD.replace("  issuer: 市创城办\n", "") + "articles:\n  - title: 甲\n",
        [
            "2:3: error: missing required key 'issuer' in masthead",
            "6:5: error: missing required key 'body' in articles[1]",
        ],
        id="missing-keys",
    ),
    pytest.param(
        "- masthead\n- articles\n",
        ["1:1: error: the file must be a mapping, got a list"],
        id="top-level-list",
    ),
    pytest.param(
        "就是一段文字\n",
        ["1:1: error: the file must be a mapping, got '就是一段文字'"],
        id="top-level-text",
    ),
    pytest.param("", ["1:1: error: the file is empty"], id="empty-file"),
    pytest.param("# 工作简报\n\n", ["1:1: error: the file is empty"], id="only-a-comment"),
    pytest.param(
        HEAD.replace("name: 工作简报", "name: []").replace("市创城办", "'   '") + ARTICLE,
        ["2:9: error: masthead.name must not be empty", "4:11: error: masthead.issuer is empty"],
        id="empty-name-list-blank-issuer",
    ),
    pytest.param(
        HEAD.replace("name: 工作简报", "name: [聊城市, '', 工作简报]")
        + 'articles:\n  - title: "第一行\\n第二行"\n    body: 乙\n',
        [
            "2:15: error: masthead.name[2] is empty",
            "7:12: error: articles[1].title must be a single line",
        ],
        id="empty-name-line-multiline-title",
    ),
    pytest.param(
        HEAD + "articles:\n  - title:\n      - 第一行\n      - |\n        第二行\n        第三行\n"
        "    body: 乙\n",
        ["9:9: error: articles[1].title[2] must be a single line"],
        id="multiline-title-line",
    ),
    pytest.param(
        HEAD + "articles: []\n",
        ["6:11: error: articles must not be empty"],
        id="no-articles",
    ),
    pytest.param(
        HEAD + "articles:\n  title: 甲\n  body: 乙\n",
        ["7:3: error: articles must be a list, got a mapping"],
        id="articles-not-a-list",
    ),
    pytest.param(
        HEAD + "articles:\n  - 甲\n  -\n",
        [
            "7:5: error: articles[1] must be a mapping, got '甲'",
            "8:4: error: articles[2] must be a mapping, got nothing",
        ],
        id="article-not-a-mapping",
    ),
    pytest.param(
        HEAD + "contents: 'yes'\narticles:\n  - title: 甲\n    body: |\n\n\n",
        [
            "6:11: error: contents must be true or false, got 'yes'",
            "9:11: error: articles[1].body is empty",
        ],
        id="contents-text-body-blank",
    ),
    pytest.param(
        HEAD.replace(" 市创城办", "")
        + "articles:\n  - title: no\n    kicker: 2021\n    subtitle: '  '\n    body: 乙\n",
        [
            "4:3: error: masthead.issuer must be text, got nothing",
            "7:12: error: articles[1].title must be text or a list of lines,"
            " got no (read as false)",
            "8:13: error: articles[1].kicker must be text, got 2021",
            "9:15: error: articles[1].subtitle is empty",
        ],
        id="blank-issuer-yaml-boolean-number-as-text",
    ),
    pytest.param(
        HEAD + ARTICLE + "colophon:\n  report_to: [市委]\n  copies: 0\n  copy: 3\n",
        [
            "10:14: error: colophon.report_to must be text, got a list",
            "11:11: error: colophon.copies must be a positive integer, got 0",
            "12:3: error: unknown key 'copy' in colophon",
        ],
        id="colophon",
    ),
    pytest.param(
        HEAD + ARTICLE + "colophon: 报市委\n",
        ["9:11: error: colophon must be a mapping, got '报市委'"],
        id="colophon-not-a-mapping",
    ),
    pytest.param(
        "masthead: 工作简报\n" + ARTICLE,
        ["1:11: error: masthead must be a mapping, got '工作简报'"],
        id="masthead-not-a-mapping",
    ),
    pytest.param(
        HEAD.replace("name: 工作简报", "name: {first: 聊城}") + ARTICLE,
        ["2:9: error: masthead.name must be text or a list of lines, got a mapping"],
        id="name-mapping",
    ),
    pytest.param(
        HEAD
        + ARTICLE
        + "  - title: 丙\n    body: |\n      第一段。\n\n      会议**强调，要加强。\n",
        ["13:9: error: unclosed '**' in articles[2].body"],
        id="unclosed-emphasis",
    ),
    pytest.param(
        HEAD + ARTICLE + "2: x\n",
        ["9:1: error: unknown key '2'"],
        id="number-as-key",
    ),
]
GOOD = """\
masthead:
  name: [聊城市创建全国文明城市, 工作简报]
  number: 8
  total: 120
  issuer: 聊城市创建全国文明城市工作办公室
  date: 2021-03-10
  mark: 内部资料 注意保存
articles:
  - title: 荣红智到第二网格督导创城工作
    body: |
      3月9日，市委常委、秘书长荣红智带领督导组到东昌府区。

      荣红智指出，各级各部门要高度重视。

      荣红智强调，创城工作要在“真”字上下功夫。
  - kicker: 市城市管理局
    title: [开展环境综合整治工作]
    subtitle: 以城市品质提升助力创城
    body: |
      一、总体要求

      3 月 8 日，市城市管理局召开**动员会议**。
colophon:
  report_to: 市委常委，市人大主任、副主任
  issue_to: 聊城市创建全国文明城市工作办公室全体成员
  copies: 260
"""


def _walk(
    record: Record, schema: dict[str, Any], path: KeyPath, in_item: bool = False
) -> Iterator[tuple[KeyPath, Field]]:
    """Every field of ``record`` checked against its part of ``schema``.

    The schema fits issue files a series completes: outside list items a
    series file may supply any key (mappings merge), so none is required
    there; inside a list item (lists replace) it requires exactly what the
    validator requires."""
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == [f.key for f in record.fields], path
    required = [f.key for f in record.fields if f.required and not f.unless]
    assert schema["required"] == (required if in_item else []), path
    unless = [f for f in record.fields if f.required and f.unless]
    if unless and in_item:  # an article: title and body, or a draft to read them from
        assert schema["anyOf"] == [{"required": ["file"]}, {"required": ["title", "body"]}]
    for f in record.fields:
        prop = schema["properties"][f.key]
        assert prop["description"] == f"{f.doc} ({f.term})"
        assert re.search("[\u4e00-\u9fff]", f.term), f"{f.key} needs its Chinese term"
        nullable = "null" in prop.get("type", []) or {"type": "null"} in prop.get("anyOf", [])
        assert nullable is not f.required, f"{f.key}: an optional key may be left blank"
        yield (*path, f.key), f
        if isinstance(f.kind, ListOf):
            assert prop["minItems"] == 1
            yield from _walk(f.kind.item, prop["items"], (*path, f.key, 0), True)
        elif isinstance(f.kind, Record):
            yield from _walk(f.kind, prop, (*path, f.key), in_item)


# Every key of the format, once.
FULL: dict[str, Any] = {
    "masthead": {
        "name": ["聊城市创建全国文明城市", "工作简报"],
        "number": 8,
        "total": 120,
        "issuer": "市创城办",
        "date": "2021-03-10",
        "mark": "内部资料",
    },
    "contents": {"show": True, "pages": True, "heading": "本期导读"},
    "note": "本期编者按。",
    "articles": [
        {
            "title": "甲",
            "kicker": "乙",
            "subtitle": "丙",
            "body": "丁",
            "note": "戊",
            "source": "己",
            "toc": "庚",
        }
    ],
    "colophon": {
        "report_to": "市委",
        "send_to": "市人大",
        "issue_to": "各区",
        "also_to": "市档案馆",
        "copies": 260,
    },
    "style": {
        "page_numbers": "centre",
        "first_page_number": False,
        "masthead_rule": "double",
        "red": "spot",
        "pad_pages": 2,
        "colophon_even_page": True,
        "punctuation": "full",
        "widow_control": False,
        "figures": "here",
        "copies_position": "last_line",
    },
    "fonts": {"title": "FandolSong", "body": ["仿宋_GB2312", "FandolFang"]},
    "series": "../jianbao.yaml",
}
FIELDS = list(_walk(SCHEMA, json_schema(), ()))
# Keys of which a masthead gives exactly one (FULL gives number).
ONE_OF = [("masthead", key) for key in MASTHEAD.one_of]
# An article reads its title and body from file: (tests/issue/test_draft_articles.py).
ONE_OF.append(("articles", 0, "file"))


def _without(path: KeyPath) -> str:
    data = copy.deepcopy(FULL)
    parent = functools.reduce(operator.getitem, path[:-1], data)
    parent.pop(path[-1], None)
    return json.dumps(data, ensure_ascii=False)


def _only(path: KeyPath) -> str:
    """A series file holding just the value of FULL at ``path``."""
    value = functools.reduce(operator.getitem, path, FULL)
    for step in reversed(path):
        value = [value] if isinstance(step, int) else {step: value}
    return json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize(("source", "expected"), BAD)
def test_bad_issue(source: str, expected: list[str]) -> None:
    assert problems(source) == expected


def test_table_is_big_enough() -> None:
    assert len(BAD) >= 20


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        (HEAD.replace("2021-03-10", "2021/3/10") + ARTICLE, "write 2021-03-10"),
        (HEAD.replace("2021-03-10", "2021年3月9日") + ARTICLE, "write 2021-03-09"),
        (
            HEAD.replace("2021-03-10", "2021-13-01") + ARTICLE,
            "there is no such day in the calendar",
        ),
        (
            HEAD.replace("2021-03-10", "2021-03-10 09:30:00") + ARTICLE,
            "write the day only: 2021-03-10",
        ),
        (HEAD.replace("number: 8", "number: '8'") + ARTICLE, "write 8 without quotes"),
        ("mastead: {}\n" + ARTICLE, "did you mean 'masthead'?"),
        (HEAD + ARTICLE + "colophon:\n  copy: 3\n", "did you mean 'copies'?"),
        (
            HEAD + ARTICLE + "zzz: 1\n",
            "expected one of: masthead, contents, note, articles, colophon, style, fonts, series",
        ),
        (
            HEAD + "articles:\n  - title: no\n    body: 乙\n",
            "to use it as text, put it in quotes: 'no'",
        ),
        (
            HEAD + 'articles:\n  - title: "一\\n二"\n    body: 乙\n',
            "to break it, write a list with one line per item",
        ),
        (
            HEAD + 'articles:\n  - title: ["一\\n二"]\n    body: 乙\n',
            "put each line in its own list item",
        ),
        ("", "an issue needs at least 'masthead' and 'articles'"),
        ("[]", "its keys are masthead, contents, note, articles, colophon, style, fonts, series"),
    ],
)
def test_hints(source: str, hint: str) -> None:
    with pytest.raises(IssueError) as info:
        check(source)
    assert info.value.diagnostics[0].hint == hint


def test_diagnostic_text() -> None:
    with pytest.raises(IssueError) as info:
        check(HEAD.replace("2021-03-10", "2021/3/10") + ARTICLE, "issue.yaml")
    assert str(info.value) == (
        "issue.yaml:5:9: error: masthead.date must be a date written YYYY-MM-DD, got '2021/3/10'\n"
        "  hint: write 2021-03-10"
    )


def test_all_problems_are_reported_together() -> None:
    source = """\
masthead:
  name: ['']
  number: -1
  isuer: 市创城办
  date: 2021/3/10
contents: maybe
articles:
  - title: 甲
    body: 乙
  - kicker: 3
    body: '**重点'
colophon:
  copies: 二百六十
"""
    assert problems(source) == [
        "2:3: error: missing required key 'issuer' in masthead",
        "2:10: error: masthead.name[1] is empty",
        "3:11: error: masthead.number must be a positive integer, got -1",
        "4:3: error: unknown key 'isuer' in masthead",
        "5:9: error: masthead.date must be a date written YYYY-MM-DD, got '2021/3/10'",
        "6:11: error: contents must be true or false, got 'maybe'",
        "10:5: error: missing required key 'title' in articles[2]",
        "10:13: error: articles[2].kicker must be text, got 3",
        "11:12: error: unclosed '**' in articles[2].body",
        "13:11: error: colophon.copies must be a positive integer, got '二百六十'",
    ]


def test_good_issue() -> None:
    issue = check(GOOD, "issue.yaml")
    m = issue.masthead
    assert [t.value for t in m.name] == ["聊城市创建全国文明城市", "工作简报"]
    assert (m.number, m.total, m.date) == (8, 120, dt.date(2021, 3, 10))
    assert m.issuer.value == "聊城市创建全国文明城市工作办公室"
    assert m.mark is not None and m.mark.value == "内部资料 注意保存"
    assert issue.contents.show is True  # two articles
    assert issue.source == "issue.yaml"
    assert issue.title == "聊城市创建全国文明城市工作简报 第8期"
    first, second = issue.articles
    assert [t.value for t in first.title] == ["荣红智到第二网格督导创城工作"]
    assert first.kicker is None and first.subtitle is None
    assert len(first.blocks) == 3
    assert second.kicker is not None and second.kicker.value == "市城市管理局"
    assert second.subtitle is not None and second.subtitle.value == "以城市品质提升助力创城"
    heading, para = second.blocks
    assert isinstance(heading, Heading) and heading.level == 1
    assert isinstance(para, Paragraph)
    assert [(r.text.value, r.emphasis) for r in para.runs] == [
        ("3月8日，市城市管理局召开", False),
        ("动员会议", True),
        ("。", False),
    ]
    assert issue.colophon is not None
    assert issue.colophon.report_to is not None
    assert issue.colophon.report_to.value == "市委常委，市人大主任、副主任"
    assert issue.colophon.send_to is None
    assert issue.colophon.copies == 260


@pytest.mark.parametrize(
    ("source", "contents", "colophon"),
    [
        (HEAD + ARTICLE, False, False),  # one article: no contents by default
        (HEAD + "contents: true\n" + ARTICLE, True, False),
        (HEAD + "contents: false\n" + ARTICLE + "  - title: 丙\n    body: 丁\n", False, False),
        (HEAD + "contents:\n" + ARTICLE + "colophon:\n", False, False),  # blank = absent
        (HEAD + ARTICLE + "colophon: {}\n", False, True),
        (HEAD.replace("2021-03-10", "'2021-03-10'") + ARTICLE, False, False),
    ],
)
def test_good_variants(source: str, contents: bool, colophon: bool) -> None:
    issue = check(source)
    assert issue.contents.show is contents
    assert (issue.colophon is not None) is colophon
    assert issue.masthead.date == dt.date(2021, 3, 10)


def test_optional_keys_may_be_left_blank() -> None:
    source = HEAD.replace("number: 8", "number: 8\n  total:\n  mark:") + (
        "articles:\n  - title: 甲\n    kicker:\n    subtitle: ~\n    body: 乙\n"
    )
    issue = check(source)
    assert issue.masthead.total is None and issue.masthead.mark is None
    assert issue.articles[0].kicker is None and issue.articles[0].subtitle is None


@pytest.mark.parametrize(
    ("field", "written", "expected"),
    [
        ("issuer", "'  聊城市 创城办 '", "聊城市 创城办"),
        ("issuer", "2021 年创城办 ", "2021年创城办"),
        ("issuer", "创城办 （2021）", "创城办（2021）"),
        ("mark", "内部资料 注意保存", "内部资料 注意保存"),
        ("mark", "|\n    内部资料\n", "内部资料"),
    ],
)
def test_texts_are_normalised(field: str, written: str, expected: str) -> None:
    source = HEAD.replace("date:", f"{field}: {written}\n  date:", 1)
    if field == "issuer":
        source = source.replace("  issuer: 市创城办\n", "", 1)
    value = getattr(check(source + ARTICLE).masthead, field)
    assert value.value == expected


def test_json_input() -> None:
    source = json.dumps(
        {
            "masthead": {
                "name": ["聊城市创建全国文明城市", "工作简报"],
                "number": 8,
                "issuer": "市创城办",
                "date": "2021-03-10",
            },
            "articles": [{"title": "甲", "body": "第一段。\n\n第二段**重点**。"}],
        },
        ensure_ascii=False,
        indent=2,
    )
    issue = check(source, "issue.json")
    assert issue.masthead.date == dt.date(2021, 3, 10)
    assert issue.masthead.name[1].value == "工作简报"
    assert len(issue.articles[0].blocks) == 2
    bad = source.replace('"number": 8', '"number": "8"')
    with pytest.raises(IssueError) as info:
        check(bad, "issue.json")
    assert str(info.value.diagnostics[0].location) == "issue.json:7:15"


def test_offsets_of_chinese_text() -> None:
    issue = check(GOOD, "issue.yaml")
    third = issue.articles[0].blocks[2]
    assert isinstance(third, Paragraph)
    text = third.runs[0].text
    assert text.value.startswith("荣红智强调")
    # the 3rd paragraph of the first body is line 15, indented 6 spaces
    assert text.locate(0) == Location("issue.yaml", 15, 7)
    i = text.value.index("真")
    assert text.locate(i) == Location("issue.yaml", 15, 7 + i)
    para = issue.articles[1].blocks[1]
    assert isinstance(para, Paragraph)
    strong = para.runs[1].text  # 动员会议: normalising "3 月 8 日" moved nothing in the file
    assert strong.locate(0) == Location("issue.yaml", 22, 7 + len("3 月 8 日，市城市管理局召开**"))
    name = issue.masthead.name[1]
    assert name.locate(3) == Location("issue.yaml", 2, 26)
    assert issue.masthead.issuer.origin == Location("issue.yaml", 5, 11)


def test_heading_limit_is_passed_on() -> None:
    source = HEAD + "articles:\n  - title: 甲\n    body: 一、" + "字" * 30 + "\n"
    assert isinstance(check(source).articles[0].blocks[0], Paragraph)
    issue = validate(load_text(source, "t.yaml"), heading_limit=40)
    assert isinstance(issue.articles[0].blocks[0], Heading)


def test_merged_series() -> None:
    series = load_text("masthead:\n  name: 工作简报\n  issuer: 市创城办\n", "series.yaml")
    issue = load_text("masthead:\n  number: 8\n  date: 2021-03-10\n" + ARTICLE, "issue.yaml")
    merged = validate(merge(series, issue))
    assert merged.source == "issue.yaml"
    assert merged.masthead.issuer.origin == Location("series.yaml", 3, 11)
    assert merged.masthead.number == 8


def test_merged_series_reports_each_file() -> None:
    series = load_text("masthead:\n  name: 工作简报\n  issuer: ''\n", "series.yaml")
    issue = load_text(
        "masthead:\n  number: 8\n  date: 2021-03-10\n" + ARTICLE.replace("乙", "'**重点'"),
        "issue.yaml",
    )
    with pytest.raises(IssueError) as info:
        validate(merge(series, issue))
    assert [str(d).split("\n")[0] for d in info.value.diagnostics] == [
        "issue.yaml:6:12: error: unclosed '**' in articles[1].body",
        "series.yaml:3:11: error: masthead.issuer is empty",
    ]


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ((), "the file"),
        (("masthead", "date"), "masthead.date"),
        (("articles", 1, "title", 0), "articles[2].title[1]"),
    ],
)
def test_show_path(path: tuple[str | int, ...], shown: str) -> None:
    assert show(path) == shown


def test_json_schema_lists_every_key() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert len(FIELDS) == 39
    assert ("articles", 0, "body") in [p for p, _ in FIELDS]
    assert plain(load_text(json.dumps(FULL), "t").root) == FULL  # FULL uses every key
    check(json.dumps(FULL))


@pytest.mark.parametrize("key", ["number", "supplement", "special"])
def test_one_of_the_issue_kinds(key: str) -> None:
    data = copy.deepcopy(FULL)
    del data["masthead"]["number"]
    data["masthead"][key] = 2
    assert check(json.dumps(data)).masthead.number == 2
    if key != "number":
        data["masthead"]["number"] = 8
        with pytest.raises(IssueError, match="both given"):
            check(json.dumps(data))
    data["masthead"].pop("number", None)
    data["masthead"].pop(key, None)
    with pytest.raises(IssueError, match="missing required key 'number'") as info:
        check(json.dumps(data))
    assert "supplement: N or true (增刊)" in (info.value.diagnostics[0].hint or "")


@pytest.mark.parametrize(("path", "field"), FIELDS, ids=[show(p) for p, _ in FIELDS])
def test_validator_agrees_with_json_schema(path: KeyPath, field: Field) -> None:
    """An optional key may be left out.  A key the validator requires is
    missing from an issue without it; the schema requires it exactly where
    no series file could supply it (in a list item); elsewhere a series
    file that has it completes the issue."""
    jsonschema = pytest.importorskip("jsonschema")
    checker = jsonschema.Draft202012Validator(json_schema())
    if path in ONE_OF:
        return  # test_one_of_the_issue_kinds
    in_item = any(isinstance(step, int) for step in path)
    assert checker.is_valid(json.loads(_without(path))) is not (field.required and in_item)
    if not field.required:
        check(_without(path))
        return
    with pytest.raises(IssueError, match=f"missing required key '{field.key}'"):
        check(_without(path))
    completed = merge(load_text(_only(path), "series.json"), load_text(_without(path), "t.json"))
    if in_item:  # the issue's list replaces the series' list
        with pytest.raises(IssueError, match=f"missing required key '{field.key}'"):
            validate(completed)
    else:
        validate(completed)
