"""Loading an issue file: YAML or JSON text becomes located nodes (every
key, value and character knows its file:line:col); syntax errors, duplicate
keys, bad encodings and missing files become diagnostics; series files merge
key by key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jianbao.errors import IssueError, Location
from jianbao.issue.load import Document, ListNode, MapNode, Scalar, load_path, load_text, merge
from jianbao.issue.schema import validate
from jianbao.model import Text

SOURCE = """\
masthead:
  name: [聊城市创建全国文明城市, 工作简报]
  number: 8
  date: 2021-03-10
articles:
  - title: 荣红智到第二网格督导创城工作
    body: |
      3月9日，市委常委。

      第二段**重点**。
"""


def text_at(doc: Document, *path: str | int) -> Text:
    node = doc.node(path)
    assert isinstance(node, Scalar) and isinstance(node.value, Text)
    return node.value


def where(loc: Location | None) -> str:
    assert loc is not None
    return f"{loc.line}:{loc.col}"


TAG_HINT = "remove the tag; write plain text, numbers or dates"
INDENT = "line up the keys of one mapping in the same column"
SERIES = """\
masthead:
  name: [聊城市创建全国文明城市, 工作简报]
  issuer: 市创城办
  mark: 内部资料
colophon:
  report_to: 市委
  copies: 200
"""
ISSUE = """\
masthead:
  number: 8
  mark: 注意保存
articles:
  - title: 甲
colophon:
  copies: 260
"""


def test_plain_data() -> None:
    doc = load_text(SOURCE, "issue.yaml")
    assert doc.data() == {
        "masthead": {
            "name": ["聊城市创建全国文明城市", "工作简报"],
            "number": 8,
            "date": dt.date(2021, 3, 10),
        },
        "articles": [
            {
                "title": "荣红智到第二网格督导创城工作",
                "body": "3月9日，市委常委。\n\n第二段**重点**。\n",
            }
        ],
    }


@pytest.mark.parametrize(
    ("path", "value_at", "key_at"),
    [
        (("masthead",), "2:3", "1:1"),
        (("masthead", "number"), "3:11", "3:3"),
        (("masthead", "name", 1), "2:23", "2:23"),
        (("articles", 0), "6:5", "6:5"),
        (("articles", 0, "body"), "7:11", "7:5"),
        (("articles", 0, "kicker"), "6:5", "6:5"),  # missing: its parent
        (("nothing", 3), "1:1", "1:1"),
    ],
)
def test_locations(path: tuple[str | int, ...], value_at: str, key_at: str) -> None:
    doc = load_text(SOURCE, "issue.yaml")
    assert doc.location(path) == Location("issue.yaml", *map(int, value_at.split(":")))
    assert where(doc.key_location(path)) == key_at


def test_node_lookup() -> None:
    doc = load_text(SOURCE, "issue.yaml")
    assert isinstance(doc.root, MapNode)
    assert doc.root.keys() == ("masthead", "articles")
    assert isinstance(doc.node(("articles",)), ListNode)
    assert doc.node(("articles", 1)) is None
    assert doc.node(("masthead", 0)) is None


@pytest.mark.parametrize(
    ("source", "path", "expected"),
    [
        # block literal: every character on its own line and column
        (
            SOURCE,
            ("articles", 0, "body"),
            {0: "8:7", 9: "8:16", 10: "8:17", 12: "10:7", 15: "10:10"},
        ),
        # flow sequence item
        (SOURCE, ("masthead", "name", 0), {0: "2:10", 10: "2:20"}),
        # folded plain scalar: the folded space is the line break
        ("t: 荣红智到\n  第二网格\n", ("t",), {0: "1:4", 3: "1:7", 4: "1:8", 5: "2:3", 8: "2:6"}),
        # single quotes: '' is one character
        ("t: 'it''s 好'\n", ("t",), {2: "1:7", 3: "1:9", 5: "1:11"}),
        # double quotes: an escape is located at its backslash
        ('t: "a\\u4e2d\\"b"\n', ("t",), {0: "1:5", 1: "1:6", 2: "1:12", 3: "1:14"}),
        # folded block scalar
        ("t: >\n  一二\n  三\n", ("t",), {0: "2:3", 2: "2:5", 3: "3:3"}),
        # CRLF line endings count as one break
        ("a: 1\r\nt: |\r\n  中文\r\n", ("t",), {0: "3:3", 1: "3:4"}),
    ],
)
def test_character_offsets(
    source: str, path: tuple[str | int, ...], expected: dict[int, str]
) -> None:
    text = text_at(load_text(source, "t.yaml"), *path)
    assert len(text.offsets) == len(text.value)
    assert {i: where(text.locate(i)) for i in expected} == expected


def test_scalar_types() -> None:
    doc = load_text("a: 8\nb: true\nc: ~\nd: 2021-03-10\ne: 2021-13-01\nf: 1.5\ng: '8'\n", "t")
    assert doc.data() == {
        "a": 8,
        "b": True,
        "c": None,
        "d": dt.date(2021, 3, 10),
        "e": "2021-13-01",  # looks like a date, is not one: kept as text
        "f": 1.5,
        "g": "8",
    }
    node = doc.node(("e",))
    assert isinstance(node, Scalar) and node.raw == "2021-13-01"


def test_blank_value_is_located_at_its_key() -> None:
    doc = load_text("masthead:\n  issuer:\n  number: 8\n", "t")
    assert doc.node(("masthead", "issuer")) == Scalar(None, Location("t", 2, 3))


def test_json_input() -> None:
    source = '{\n\t"masthead": {"number": 8,\t"name": "简报\\t甲"},\n\t"articles": []\n}\n'
    doc = load_text(source, "issue.json")
    assert doc.data() == {"masthead": {"number": 8, "name": "简报\t甲"}, "articles": []}
    assert where(doc.location(("masthead", "number"))) == "2:25"
    assert where(text_at(doc, "masthead", "name").locate(2)) == "2:39"  # the escape \t


def test_empty_file() -> None:
    for source in ("", "# only a comment\n", "\ufeff"):
        doc = load_text(source, "t.yaml")
        assert doc.root is None
        assert doc.start == Location("t.yaml", 1, 1)


def test_aliases_share_a_node() -> None:
    doc = load_text("a: &x [1, 2]\nb: *x\n", "t")
    assert doc.node(("a",)) is doc.node(("b",))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n",
            [
                ("4:3", "duplicate key 'c'", "it is already set at line 3; keep one"),
                ("5:1", "duplicate key 'a'", "it is already set at line 1; keep one"),
            ],
        ),
        (
            '{"a": 1, "a": 2}',
            [("1:10", "duplicate key 'a'", "it is already set at line 1; keep one")],
        ),
        (
            "title: 创城: 工作\n",
            [
                (
                    "1:10",
                    "unexpected ':' here",
                    "a value containing ': ' must be quoted, or the line is indented wrongly",
                )
            ],
        ),
        ("a:\n\t- b\n", [("2:1", "tab character in indentation", "indent with spaces, not tabs")]),
        (
            "a: '创城\n\nb: 1\n",
            [
                (
                    "4:1",
                    "the file ends inside a quoted string",
                    "close the quote; the quoted string starts at line 1",
                )
            ],
        ),
        (
            "a:\n  - b\n c: 2\n",
            [
                (
                    "3:2",
                    "this line is not indented like the lines above it",
                    f"{INDENT}; the mapping starts at line 1",
                )
            ],
        ),
        (
            '{"a": 1,\n "b": 2\n',
            [
                (
                    "1:1",
                    "the '{' opened at line 1 is never closed",
                    "add the missing '}'",
                )
            ],
        ),
        (
            '{"a": 1,, "b": 2}',
            [("1:9", "two commas in a row", "remove one ','")],
        ),
        (
            '{"a": 1},\n',
            [("1:9", "a ',' after the end of the document", "remove it: the file holds one issue")],
        ),
        (
            "...\n",
            [
                (
                    "1:1",
                    "'...' (the end-of-document mark) where a value should be",
                    "remove the '...' line, or put the value in quotes",
                )
            ],
        ),
        (
            "a:\n  b: [x, {c: '[', d: 1}\n",
            [("2:6", "the '[' opened at line 2 is never closed", "add the missing ']'")],
        ),
        (
            "a:\n  b：1\n  c: 2\n",
            [("2:4", "full-width colon '：' after the key 'b'", "write ':' followed by a space")],
        ),
        (
            "a:\n  b: 1\n\u3000 c: 2\n",
            [
                (
                    "3:1",
                    "the line is indented with a full-width space (U+3000)",
                    "indent with ordinary spaces",
                )
            ],
        ),
        (
            "a: 1\nb: 甲\u2028乙\nc: \x85\n",
            [
                (
                    "2:5",
                    "the file contains the invisible line separator U+2028",
                    "delete it; part paragraphs with a blank line",
                ),
                (
                    "3:4",
                    "the file contains the invisible line break U+0085 (NEL)",
                    "delete it; part paragraphs with a blank line",
                ),
            ],
        ),
        (
            "a: 1\n---\nb: 2\n",
            [("2:1", "only one document is allowed in a file", "remove the second '---'")],
        ),
        (
            "a: !!python/object:os.system x\nb: !tag y\n",
            [
                ("1:4", "unsupported tag '!!python/object:os.system'", TAG_HINT),
                ("2:4", "unsupported tag '!tag'", TAG_HINT),
            ],
        ),
        (
            "a: x\x07\n",
            [
                (
                    "1:5",
                    "the file contains the control character U+0007",
                    "delete it (it is often invisible)",
                )
            ],
        ),
        ("a: *nowhere\n", [("1:4", "this alias (*name) refers to no anchor (&name)", None)]),
        ("? [a]\n: b\n", [("1:3", "a key must be plain text, not a list or mapping", None)]),
    ],
)
def test_bad_yaml(source: str, expected: list[tuple[str, str, str | None]]) -> None:
    """Fatal problems raise; those that leave a usable tree (duplicate keys,
    tags, bad keys) are kept on the document for validation to report."""
    try:
        problems = load_text(source, "t.yaml").problems
    except IssueError as exc:
        problems = exc.diagnostics
    found = [(where(d.location), d.message, d.hint) for d in problems]
    assert found == expected
    assert all(d.location and d.location.file == "t.yaml" for d in problems)


def test_load_problems_come_with_validation_problems() -> None:
    source = (
        "masthead: {name: 简报, number: 1, issuer: 办, date: 2021-03-10, number: 2}\n"
        "articles: []\n"
        "a: 1\n"
    )
    with pytest.raises(IssueError) as info:
        validate(load_text(source, "t.yaml"))
    messages = [d.message for d in info.value.diagnostics]
    assert "duplicate key 'number'" in messages
    assert any(m.startswith("unknown key 'a'") for m in messages)
    assert any("articles" in m for m in messages)


def test_bom_and_utf8(tmp_path: Path) -> None:
    path = tmp_path / "issue.yaml"
    path.write_bytes("\ufeffa: 工作简报\n".encode())
    doc = load_path(path)
    assert doc.file == str(path)
    assert doc.data() == {"a": "工作简报"}
    assert where(text_at(doc, "a").locate(0)) == "1:4"


def test_bom_in_text() -> None:
    assert load_text("\ufeffa: 1\n", "t").data() == {"a": 1}


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("a: 1\nb: 简报\n".encode("gbk"))
    with pytest.raises(IssueError) as info:
        load_path(path)
    (d,) = info.value.diagnostics
    assert str(d) == (
        f"{path}:2:4: error: the file is not UTF-8 text (byte 0xBC)\n"
        "  hint: save it as UTF-8; Chinese editors often save as GBK or GB18030"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IssueError) as info:
        load_path(tmp_path / "nope.yaml")
    (d,) = info.value.diagnostics
    assert d.location is None
    assert d.message == f"cannot read {tmp_path / 'nope.yaml'}: no such file or directory"


def test_merge_overrides_key_by_key() -> None:
    doc = merge(load_text(SERIES, "series.yaml"), load_text(ISSUE, "issue.yaml"))
    assert doc.file == "issue.yaml"
    assert doc.data() == {
        "masthead": {
            "name": ["聊城市创建全国文明城市", "工作简报"],
            "issuer": "市创城办",
            "mark": "注意保存",
            "number": 8,
        },
        "colophon": {"report_to": "市委", "copies": 260},
        "articles": [{"title": "甲"}],
    }
    # each value keeps the file it was written in
    assert str(doc.location(("masthead", "issuer"))) == "series.yaml:3:11"
    assert str(doc.key_location(("masthead", "mark"))) == "issue.yaml:3:3"
    assert str(doc.location(("masthead", "mark"))) == "issue.yaml:3:9"
    assert str(doc.location(("colophon", "report_to"))) == "series.yaml:6:14"
    assert str(doc.location(("colophon", "copies"))) == "issue.yaml:7:11"
    assert where(text_at(doc, "masthead", "name", 1).locate(0)) == "2:23"


@pytest.mark.parametrize(
    ("base", "over", "expected"),
    [
        ("a: [1, 2, 3]", "a: [4]", {"a": [4]}),  # lists replace
        ("a: {b: 1}", "a: 2", {"a": 2}),  # a scalar replaces a mapping
        ("a: 1", "a: {b: 2}", {"a": {"b": 2}}),
        ("a: 1", "a: null", {"a": None}),  # null overrides (and means: unset)
        ("a: {b: {c: 1, d: 2}}", "a: {b: {d: 3}}", {"a": {"b": {"c": 1, "d": 3}}}),
        ("", "a: 1", {"a": 1}),
        ("a: 1", "", {"a": 1}),
        ("[1]", "a: 1", {"a": 1}),
    ],
)
def test_merge_table(base: str, over: str, expected: object) -> None:
    assert merge(load_text(base, "s"), load_text(over, "i")).data() == expected


def test_json_surrogate_pairs_are_joined() -> None:
    """Python's json.dumps (and PHP's) write 𠮷 as the escaped pair
    \\ud842\\udfb7: it reads as the one character, and the characters after
    it keep their columns."""
    doc = load_text('{"t": "\\ud842\\udfb7乙", "u": "x\\uD842\\uDFB7"}', "t.json")
    assert doc.problems == ()
    t = doc.node(("t",))
    assert isinstance(t, Scalar) and isinstance(t.value, Text)
    assert t.value.value == "𠮷乙"
    assert [where(o) for o in t.value.offsets] == ["1:8", "1:20"]
    assert doc.data() == {"t": "𠮷乙", "u": "x𠮷"}


CONTROL = "the file contains the control character"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('t: "正文\\a。"\n', ("1:7", f"{CONTROL} U+0007 (written \\a)")),
        ('t: "\\e[31m红"\n', ("1:5", f"{CONTROL} U+001B (written \\e)")),
        ('t: "\\u001b[31m"\n', ("1:5", f"{CONTROL} U+001B (written \\u001b)")),
        ('t: "a\\0b"\n', ("1:6", f"{CONTROL} U+0000 (written \\0)")),
        ('t: "a\\x85"\n', ("1:6", f"{CONTROL} U+0085 (written \\x85)")),
        ('t: "a\\Lb"\n', ("1:6", f"{CONTROL} U+2028 (written \\L)")),
        ('- "\\udfb7x"\n', ("1:4", "[1] holds a lone surrogate \\udfb7, half of a character "
                                   "beyond U+FFFF")),
    ],
)  # fmt: skip
def test_escaped_characters_a_file_cannot_hold(source: str, expected: tuple[str, str]) -> None:
    """An escape must not let in what the file could not hold written raw."""
    problems = load_text(source, "t.yaml").problems
    assert [(where(d.location), d.message) for d in problems] == [expected]


def test_tabs_and_line_breaks_written_as_escapes_stay_allowed() -> None:
    assert load_text('t: "甲\\t乙\\n丙"\n', "t.yaml").problems == ()
