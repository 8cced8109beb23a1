"""Text drafts: a .txt typed or pasted from Word, a .md, read into a ``Draft``
(``issue.drafts.text``) with every character located at line:col in the
draft.  Every draft is written in ``tmp_path`` at test time; pictures are
made there with Pillow.  Bad drafts are a table: the draft's text, the
``line:col: message`` it gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from PIL import Image

from jianbao.errors import IssueError, Location
from jianbao.issue.drafts import Draft, read_draft
from jianbao.issue.drafts.text import read_text_draft
from jianbao.model import Block, Figure, Heading, Paragraph, Quote, Table, Text


def read(path: Path) -> Draft:
    return read_draft(path, shown=str(path), images=path.parent / "images", heading_limit=28)


def shape(blocks: tuple[Block, ...]) -> list[tuple[str, str]]:
    """Each block as (kind, text) with emphasis runs written **…**."""
    out: list[tuple[str, str]] = []
    for b in blocks:
        if isinstance(b, Heading | Paragraph):
            kind = f"h{b.level}" if isinstance(b, Heading) else "p"
            runs = [f"**{r.text}**" if r.emphasis else str(r.text) for r in b.runs]
            body = "".join(str(r.text) for r in b.body) if isinstance(b, Heading) else ""
            out.append((kind, "".join(runs) + (f" | {body}" if body else "")))
        elif isinstance(b, Figure):
            out.append(("figure", " ".join(f"{p.path.name}:{p.caption}" for p in b.pictures)))
        elif isinstance(b, Table):
            rows = [[c.value for c in b.header], *([c.value for c in r] for r in b.rows)]
            out.append(("table", f"{b.caption}: {rows}"))
        elif isinstance(b, Quote):
            paras = ("".join(str(r.text) for r in p.runs) for p in b.blocks)
            out.append(("quote", " / ".join(paras)))
    return out


def at(loc: Location | None) -> str:
    assert loc is not None
    return f"{loc.line}:{loc.col}"


def head(draft: Draft) -> tuple[str | None, list[str], str | None, str | None]:
    """(kicker, title lines, subtitle, source)."""

    def value(t: Text | None) -> str | None:
        return t.value if t is not None else None

    return (
        value(draft.kicker),
        [t.value for t in draft.title],
        value(draft.subtitle),
        value(draft.source),
    )


# --- plain text ------------------------------------------------------------


def test_txt_with_blank_lines(tmp_path: Path) -> None:
    draft = read(
        write(
            tmp_path / "稿件.txt",
            "市交警支队\n\n全力推进“四大攻坚战”\n\n——2021年工作综述\n\n"
            "今年以来，支队**坚持**问题导向，\n聚焦群众关切。\n\n"
            "一、强化组织领导\n\n（一）明确责任。各大队要落实。\n\n（市交警支队供稿）\n",
        )
    )
    assert head(draft) == (
        "市交警支队",
        ["全力推进“四大攻坚战”"],
        "——2021年工作综述",
        "（市交警支队供稿）",
    )
    assert shape(draft.blocks) == [
        ("p", "今年以来，支队**坚持**问题导向，聚焦群众关切。"),
        ("h1", "一、强化组织领导"),
        ("h2", "（一）明确责任。 | 各大队要落实。"),
    ]
    assert draft.warnings == ()
    assert at(draft.kicker and draft.kicker.locate(0)) == "1:1"
    assert at(draft.title[0].locate(4)) == "3:5"
    assert at(draft.source and draft.source.origin) == "14:1"
    para = draft.blocks[0]
    assert isinstance(para, Paragraph)
    strong = para.runs[1].text
    assert (strong.value, at(strong.locate(0))) == ("坚持", "7:10")
    assert at(para.runs[2].text.locate(5)) == "8:1"  # the joined second line
    assert str(para.runs[0].text.origin).startswith(str(tmp_path / "稿件.txt"))


def test_txt_pasted_from_word(tmp_path: Path) -> None:
    """No blank lines, 　　 indents: one paragraph a line, the indents gone,
    the heading lines still headings; no warning (that is how .txt reads)."""
    draft = read(
        write(
            tmp_path / "稿件.txt",
            "全力推进“四大攻坚战”\n——2021年工作综述\n"
            "　　今年以来，支队坚持问题导向。\n"
            "　　一、强化组织领导\n"
            "　　支队成立领导小组，\n"
            "　　由支队长任组长。\n"
            "（市交警支队供稿）\n",
        )
    )
    assert head(draft) == (
        None,
        ["全力推进“四大攻坚战”"],
        "——2021年工作综述",
        "（市交警支队供稿）",
    )
    assert shape(draft.blocks) == [
        ("p", "今年以来，支队坚持问题导向。"),
        ("h1", "一、强化组织领导"),
        ("p", "支队成立领导小组，"),
        ("p", "由支队长任组长。"),
    ]
    assert at(draft.blocks[1].runs[0].text.locate(0)) == "4:3"
    assert draft.warnings == ()


def test_txt_pasted_below_a_title_parted_by_a_blank_line(tmp_path: Path) -> None:
    """The title, a blank line, then the text pasted one paragraph a line
    (CRLF, as Notepad saves it): still one paragraph a line."""
    draft = read(
        write(
            tmp_path / "a.txt",
            "开展环境综合整治工作\r\n\r\n"
            "　　3月9日，市城市管理局召开专题会议。\r\n"
            "　　一、治理占道经营。对主次干道两侧集中整治。\r\n"
            "　　二、规范户外广告。拆除违规招牌。\r\n",
        )
    )
    assert head(draft) == (None, ["开展环境综合整治工作"], None, None)
    assert shape(draft.blocks) == [
        ("p", "3月9日，市城市管理局召开专题会议。"),
        ("h1", "一、治理占道经营。 | 对主次干道两侧集中整治。"),
        ("h1", "二、规范户外广告。 | 拆除违规招牌。"),
    ]


def test_txt_wrapped_paragraphs_parted_by_blank_lines_stay_joined(tmp_path: Path) -> None:
    draft = read(write(tmp_path / "a.txt", "标题\n\n第一段的前半，\n后半。\n\n第二段。\n"))
    assert shape(draft.blocks) == [("p", "第一段的前半，后半。"), ("p", "第二段。")]


def test_txt_pasted_by_sentence_ends_with_a_two_line_title(tmp_path: Path) -> None:
    draft = read(
        write(
            tmp_path / "a.txt",
            "关于进一步加强全市道路交通安全\n工作的通报\n第一段。\n第二段！\n第三段\n",
        )
    )
    assert head(draft) == (None, ["关于进一步加强全市道路交通安全", "工作的通报"], None, None)
    assert shape(draft.blocks) == [("p", "第一段。"), ("p", "第二段！"), ("p", "第三段")]


def test_txt_kicker_only_before_exactly_the_title(tmp_path: Path) -> None:
    # a longer first line: a title, the shorter line after it is body text
    draft = read(write(tmp_path / "a.txt", "全力推进“四大攻坚战”\n\n市交警支队\n\n正文。\n"))
    assert head(draft) == (None, ["全力推进“四大攻坚战”"], None, None)
    assert shape(draft.blocks) == [("p", "市交警支队"), ("p", "正文。")]


def test_txt_hard_wrapped_without_blank_lines_is_one_paragraph(tmp_path: Path) -> None:
    text = "今年以来，支队坚持问题导向，\n聚焦群众关切\n推进工作。\n"
    draft = read(write(tmp_path / "a.txt", text))
    assert draft.title == ()
    assert shape(draft.blocks) == [("p", "今年以来，支队坚持问题导向，聚焦群众关切推进工作。")]
    (warning,) = draft.warnings
    assert warning.severity == "warning"
    assert f"{at(warning.location)}: {warning.message}" == (
        "1:1: the draft's first paragraph is no title (it is long or ends a sentence): "
        "the article has no title from the draft"
    )


def test_txt_in_gbk_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "记事本.txt"
    path.write_bytes("关于加强安全生产的通知\n\n正文第一段。\n".encode("gbk"))
    draft = read(path)
    assert head(draft) == (None, ["关于加强安全生产的通知"], None, None)
    assert shape(draft.blocks) == [("p", "正文第一段。")]
    (warning,) = draft.warnings
    assert warning.severity == "warning"
    assert "GB18030 (GBK)" in warning.message and at(warning.location) == "1:1"


def test_txt_with_a_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeff标题\r\n\r\n正文。\r\n".encode())
    draft = read(path)
    assert head(draft) == (None, ["标题"], None, None)
    assert at(draft.title[0].locate(0)) == "1:1"
    assert at(draft.blocks[0].runs[0].text.locate(0)) == "3:1"
    assert draft.warnings == ()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("（供稿：市交警支队）", "（供稿：市交警支队）"),
        ("作者：张三", "作者：张三"),
        ("（ 县城管局 供稿 ）", "（县城管局 供稿）"),
        ("(县城管局供稿)", "(县城管局供稿)"),
    ],
)
def test_txt_source_lines(tmp_path: Path, source: str, expected: str) -> None:
    draft = read(write(tmp_path / "a.txt", f"标题\n\n正文。\n{source}\n"))
    assert draft.source is not None and draft.source.value == expected
    assert shape(draft.blocks) == [("p", "正文。")]


# --- Markdown ----------------------------------------------------------------


MD = """\
市交警支队

# 全力推进“四大攻坚战”

——2021年工作综述

今年以来，支队**坚持**问题导向，
聚焦[群众关切](https://example.org)。

## 强化组织领导

### 细化责任分工

#### 落实到人

## 一、总体要求

![执勤现场](photos/现场.png)

表1 各大队警力
| 大队 | 人数 |
|---|---|
| 一大队 | 30 |

> 市委书记批示：要抓紧。
>
> 第二段。

1. 明确责任分工

（市交警支队供稿）
"""


def test_md(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    Image.new("RGB", (40, 30), "red").save(tmp_path / "photos" / "现场.png")
    draft = read(write(tmp_path / "稿件.md", MD))
    assert head(draft) == (
        "市交警支队",
        ["全力推进“四大攻坚战”"],
        "——2021年工作综述",
        "（市交警支队供稿）",
    )
    assert shape(draft.blocks) == [
        ("p", "今年以来，支队**坚持**问题导向，聚焦群众关切。"),
        ("h1", "强化组织领导"),
        ("h2", "细化责任分工"),
        ("h3", "落实到人"),
        ("h1", "一、总体要求"),
        ("figure", "现场.png:执勤现场"),
        ("table", "表1 各大队警力: [['大队', '人数'], ['一大队', '30']]"),
        ("quote", "市委书记批示：要抓紧。 / 第二段。"),
        ("h3", "1.明确责任分工"),
    ]
    assert draft.warnings == ()
    assert at(draft.title[0].locate(0)) == "3:3"
    para, h1 = draft.blocks[0], draft.blocks[1]
    assert isinstance(para, Paragraph)
    link = para.runs[2].text
    assert link.value == "问题导向，聚焦群众关切。"
    assert [at(link.locate(i)) for i in (4, 7, 11)] == ["7:18", "8:4", "8:30"]
    assert at(h1.runs[0].text.locate(0)) == "10:4"
    (figure_block, table) = draft.blocks[5:7]
    assert isinstance(figure_block, Figure) and isinstance(table, Table)
    (photo,) = figure_block.pictures
    assert photo.path == tmp_path / "photos" / "现场.png"
    assert photo.pixels == (40, 30)
    assert at(photo.origin) == "18:9"
    assert at(table.header[1].origin) == "21:8"
    assert at(table.caption and table.caption.origin) == "20:1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the numbering in the heading wins over its depth
        ("# 标题\n\n### 一、总体要求\n\n正文。\n", [("h1", "一、总体要求"), ("p", "正文。")]),
        ("# 标题\n\n## （二）分工\n\n正文。\n", [("h2", "（二）分工"), ("p", "正文。")]),
        ("# 标题\n\n##### 细则\n\n###### 更细\n", [("h4", "细则"), ("h4", "更细")]),
        # Markdown joins a paragraph's lines, whatever they end with
        ("# 标题\n\n第一句。\n第二句。\n", [("p", "第一句。第二句。")]),
        # __bold__, *italics*, `code`, escapes, bullets, a pipe table without outer pipes
        ("# 标题\n\n__要__ *斜* `码` \\# 号\n", [("p", "**要**斜 码#号")]),
        ("# 标题\n\n- 甲\n- 乙\n", [("p", "甲"), ("p", "乙")]),
        (
            "# 标题\n\n甲 | 乙\n--|--\n1 | 2\n",
            [("table", "None: [['甲', '乙'], ['1', '2']]")],
        ),
        # a heading written as setext, a later # as level 1, HTML left out
        ("标题\n===\n\n<!-- 注 -->\n\n# 再一\n\n正文。\n", [("h1", "再一"), ("p", "正文。")]),
    ],
)
def test_md_blocks(tmp_path: Path, text: str, expected: list[tuple[str, str]]) -> None:
    draft = read(write(tmp_path / "a.md", text))
    assert [t.value for t in draft.title] == ["标题"]
    assert shape(draft.blocks) == expected


def test_md_without_a_title_says_so(tmp_path: Path) -> None:
    draft = read(write(tmp_path / "a.markdown", "\n正文。\n"))
    assert draft.title == ()
    assert shape(draft.blocks) == [("p", "正文。")]
    (warning,) = draft.warnings
    assert (at(warning.location), warning.severity) == ("2:1", "warning")
    assert "no '# ' title" in warning.message


# --- bad drafts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "a.md",
            "# 标题\n\n正文。\n\n  ![图](missing.png)\n",
            ["5:8: image 'missing.png' does not exist"],
        ),
        (
            "a.md",
            "# 标题\n\n| a | b |\n| 1 | 2 |\n",
            ["4:1: the second line of a table must be its rule line, e.g. | --- | --- |"],
        ),
        (
            "a.md",
            "# 标题\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n",
            ["5:1: table row 1 has 3 cells, the header has 2"],
        ),
        (
            "a.md",
            "# 标题\n\n## 小标题 **未闭\n\n正文 ![图](a.png) 中。\n",
            [
                "3:8: unclosed '**' in the draft",
                "5:4: an image must stand on a line of its own: ![caption](file.jpg)",
            ],
        ),
        ("a.md", "# 标题\n", ["1:5: the draft has no text after its title"]),
        ("a.txt", "标题\n\n正文**未闭合。\n", ["3:3: unclosed '**' in the draft"]),
        ("a.txt", "标题\n\n　　正文\n　　![图](缺.png)\n", ["4:8: image '缺.png' does not exist"]),
        ("a.txt", " \n\n\t\n", ["1:1: the draft is empty"]),
        ("a.md", "", ["1:1: the draft is empty"]),
    ],
)
def test_bad_drafts(tmp_path: Path, name: str, text: str, expected: list[str]) -> None:
    with pytest.raises(IssueError) as info:
        read(write(tmp_path / name, text))
    got = info.value.diagnostics
    assert [f"{at(d.location)}: {d.message}" for d in got] == expected
    assert all(d.location is not None and d.location.file == str(tmp_path / name) for d in got)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "标题\n\n正文".encode() + b"\xff\xfe\n",
            "3:3: the draft is neither UTF-8 nor GB18030 (GBK) text: byte 0xFF is no character",
        ),
        (
            b"\xef\xbb\xbf" + "标题\n正".encode() + b"\xa1\n",
            "2:2: the draft is not UTF-8 text: byte 0xA1 is no character",
        ),
        (b"PK\x03\x04\x00\x00", "1:1: the draft is not a text file (it holds NUL bytes)"),
    ],
)
def test_undecodable_drafts(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.raises(IssueError) as info:
        read(path)
    assert [f"{at(d.location)}: {d.message}" for d in info.value.diagnostics] == [expected]


def test_missing_draft(tmp_path: Path) -> None:
    with pytest.raises(IssueError, match=r"a\.txt:1:1: error: cannot read the draft"):
        read_text_draft(tmp_path / "a.txt", shown=str(tmp_path / "a.txt"), heading_limit=28)
