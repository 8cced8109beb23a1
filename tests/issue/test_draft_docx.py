"""Word drafts read into an article: ``issue.drafts.word.read_docx``.

Every draft is made here, in ``tmp_path``, with python-docx (and lxml for
what python-docx cannot write: numbering definitions, tracked changes); no
binary is committed.  Each test asserts the ``Draft`` exactly — blocks,
texts and the paragraph each text is located at — and a bad draft is a row
of a table: the file, the message printed.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from draftkit import numbered, tracked, with_numbering
from PIL import Image

from jianbao.errors import Diagnostic, IssueError, Location
from jianbao.issue.drafts import Draft
from jianbao.issue.drafts.word import (
    TITLE_GUESSED,
    TRACKED_CHANGES,
    format_number,
    read_docx,
)
from jianbao.model import Figure, Heading, Paragraph, Picture, Run, Table, Text

SHOWN = "稿件.docx"
GUESSED_HINT = "if it is not, give the article's title: in the issue"
FIX = "save it as .docx in Word or WPS (文件 → 另存为 → .docx)"


def at(n: int, shown: str = SHOWN) -> Location:
    return Location(shown, n, 0, paragraph=True)


def plain(text: str, n: int) -> Run:
    return Run(Text(text, at(n)))


def bold(text: str, n: int) -> Run:
    return Run(Text(text, at(n)), emphasis=True)


def para(text: str, n: int) -> Paragraph:
    return Paragraph((plain(text, n),))


def read(document: docx.document.Document, folder: Path, limit: int = 28) -> Draft:
    """``document`` saved as 稿件.docx in ``folder`` and read back."""
    path = folder / SHOWN
    document.save(str(path))
    return read_docx(path, shown=SHOWN, images=folder / "images", heading_limit=limit)


def titled(text: str = "春运工作简报") -> docx.document.Document:
    """A new draft whose first paragraph is styled Title."""
    document = docx.Document()
    document.add_paragraph(text, style="Title")
    return document


# --- the title, its kicker and subtitle --------------------------------------------
def test_a_centred_bold_title_with_a_kicker_above_and_a_subtitle_below(tmp_path: Path) -> None:
    document = docx.Document()
    kicker = document.add_paragraph()
    kicker.add_run("市交警支队").font.size = Pt(16)
    title = document.add_paragraph()
    run = title.add_run("多措并举保畅通")
    run.font.size, run.bold = Pt(22), True
    document.add_paragraph("——春运工作纪实")
    for p in (kicker, title, document.paragraphs[2]):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("　　今年春运以来，支队多措并举。")
    assert read(document, tmp_path) == Draft(
        title=(Text("多措并举保畅通", at(2)),),
        kicker=Text("市交警支队", at(1)),
        subtitle=Text("——春运工作纪实", at(3)),
        blocks=(para("今年春运以来，支队多措并举。", 4),),
    )


@pytest.mark.parametrize("style", ["Title", "Heading 1", "标题", "标题 1"])
def test_a_title_by_its_style_in_english_or_chinese(tmp_path: Path, style: str) -> None:
    document = docx.Document()
    if style not in ("Title", "Heading 1"):
        document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("全市春运工作有序推进", style=style)
    document.add_paragraph("春运以来，全市道路安全平稳。")
    draft = read(document, tmp_path)
    assert draft.title == (Text("全市春运工作有序推进", at(1)),)
    assert draft.blocks == (para("春运以来，全市道路安全平稳。", 2),)
    assert draft.warnings == ()


def test_a_title_in_two_lines_by_a_line_break(tmp_path: Path) -> None:
    document = docx.Document()
    title = document.add_paragraph(style="Title")
    title.add_run("关于春运工作的")
    title.add_run().add_break()
    title.add_run("情况通报")
    document.add_paragraph("正文。")
    assert read(document, tmp_path).title == (
        Text("关于春运工作的", at(1)),
        Text("情况通报", at(1)),
    )


def test_a_title_nothing_marks_is_the_first_paragraph_with_a_warning(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("春运工作情况")
    document.add_paragraph("全市道路安全平稳。")
    draft = read(document, tmp_path)
    assert draft.title == (Text("春运工作情况", at(2)),)
    assert draft.blocks == (para("全市道路安全平稳。", 3),)
    assert draft.warnings == (Diagnostic(at(2), TITLE_GUESSED, GUESSED_HINT, "warning"),)
    assert str(draft.warnings[0]) == (
        "稿件.docx: paragraph 2: warning: no paragraph is styled or set as the title "
        "(centred, larger or bold): the first paragraph is taken as the title\n"
        "  hint: if it is not, give the article's title: in the issue"
    )


# --- paragraphs: indents, line breaks, empty paragraphs ------------------------------
def test_indents_dropped_line_breaks_joined_and_empty_paragraphs_left_out(
    tmp_path: Path,
) -> None:
    document = titled()
    document.add_paragraph("　　春运以来，全市")
    first = document.paragraphs[-1]
    first.add_run().add_break()
    first.add_run("道路安全平稳。")
    document.add_paragraph("")
    latin = document.add_paragraph("\t  The Spring")
    latin.add_run().add_break()
    latin.add_run("Festival rush 　")
    document.add_paragraph("  ")
    document.add_paragraph("共 1200 起。")
    assert read(document, tmp_path).blocks == (
        para("春运以来，全市道路安全平稳。", 2),
        para("The Spring Festival rush", 4),
        para("共1200起。", 6),
    )


def test_text_in_links_and_field_results_is_read_but_no_field_code(tmp_path: Path) -> None:
    document = titled()
    p = document.add_paragraph("详见")
    p._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>交通安全网</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    for xml in (
        '<w:r><w:t xml:space="preserve">第</w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>3</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏的批注）</w:t></w:r>",
        "<w:r><w:t>页。</w:t></w:r>",
    ):
        p._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))
    assert read(document, tmp_path).blocks == (para("详见交通安全网第3页。", 2),)


# --- emphasis ------------------------------------------------------------------------
def test_bold_runs_are_emphasis_and_other_formatting_is_ignored(tmp_path: Path) -> None:
    document = titled()
    p = document.add_paragraph("全市")
    p.add_run("共查处违法行为1200起").bold = True
    italic = p.add_run("，同比")
    italic.italic, italic.font.name, italic.font.size = True, "仿宋", Pt(18)
    p.add_run("上升").style = "Strong"  # bold from the character style
    p.add_run("。")
    assert read(document, tmp_path).blocks == (
        Paragraph(
            (
                plain("全市", 2),
                bold("共查处违法行为1200起", 2),
                plain("，同比", 2),
                bold("上升", 2),
                plain("。", 2),
            )
        ),
    )


def test_markup_in_a_paragraph_is_read_and_its_errors_are_located_by_paragraph(
    tmp_path: Path,
) -> None:
    document = titled()
    document.add_paragraph("要**突出重点**。")
    document.add_paragraph("")
    document.add_paragraph("抓好**落实。")
    with pytest.raises(IssueError) as caught:
        read(document, tmp_path)
    assert [str(d) for d in caught.value.diagnostics] == [
        "稿件.docx: paragraph 4: error: unclosed '**' in the paragraph\n"
        "  hint: emphasis ends in the paragraph it starts in: write '**text**'; "
        "for asterisks printed as written (张**), write \\*\\*"
    ]


def test_a_paragraph_opening_with_a_bar_or_a_chevron_stays_text(tmp_path: Path) -> None:
    document = titled()
    document.add_paragraph("| 不是表格 |")
    document.add_paragraph(">> 不是引文")
    assert read(document, tmp_path).blocks == (para("|不是表格|", 2), para(">>不是引文", 3))


# --- headings: numbering text, automatic numbering, heading styles -------------------
def test_automatic_numbering_gives_the_number_the_reader_saw(tmp_path: Path) -> None:
    document = titled()
    with_numbering(document)
    numbered(document, "总体情况", 90, 0)
    numbered(document, "加强组织领导", 90, 1)
    document.add_paragraph("各单位高度重视。")
    numbered(document, "强化宣传引导", 90, 1)
    numbered(document, "", 90, 2)  # an empty numbered paragraph still counts
    numbered(document, "发放资料", 90, 2)
    numbered(document, "印发手册一万册", 90, 3)  # a bullet: no number
    numbered(document, "下步打算", 92, 0)  # the same list goes on
    numbered(document, "压实责任。各地要明确专人。", 90, 1)  # restarts after 二、
    numbered(document, "专项整治", 91, 0)  # a start override: 一、 again
    assert read(document, tmp_path).blocks == (
        Heading(1, (plain("一、总体情况", 2),)),
        Heading(2, (plain("（一）加强组织领导", 3),)),
        para("各单位高度重视。", 4),
        Heading(2, (plain("（二）强化宣传引导", 5),)),
        Heading(3, (plain("2.发放资料", 7),)),
        para("印发手册一万册", 8),
        Heading(1, (plain("二、下步打算", 9),)),
        Heading(2, (plain("（一）压实责任。", 10),), (plain("各地要明确专人。", 10),)),
        Heading(1, (plain("一、专项整治", 11),)),
    )


def test_numbering_given_by_a_paragraph_style(tmp_path: Path) -> None:
    document = titled()
    with_numbering(document)
    style = document.styles.add_style("一级标题", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="90"/></w:numPr>')
    )
    document.add_paragraph("基本情况", style="一级标题")
    document.add_paragraph("存在问题", style="一级标题")
    assert read(document, tmp_path).blocks == (
        Heading(1, (plain("一、基本情况", 2),)),
        Heading(1, (plain("二、存在问题", 3),)),
    )


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (21, "chineseCounting", "二十一"),
        (105, "chineseCounting", "一〇五"),
        (10, "chineseCountingThousand", "十"),
        (105, "chineseCountingThousand", "一百零五"),
        (1020, "chineseCountingThousand", "一千零二十"),
        (11, "chineseLegalSimplified", "壹拾壹"),
        (3, "ideographTraditional", "丙"),
        (12, "ideographZodiac", "亥"),
        (20, "ideographDigital", "二〇"),
        (2, "decimalEnclosedCircle", "②"),
        (3, "decimalEnclosedParen", "⑶"),
        (4, "decimalEnclosedFullstop", "⒋"),
        (1, "ideographEnclosedCircle", "㈠"),
        (7, "decimalFullWidth", "７"),
        (5, "decimalZero", "05"),
        (12, "decimalZero", "12"),
        (14, "upperRoman", "XIV"),
        (4, "lowerRoman", "iv"),
        (28, "lowerLetter", "bb"),
        (3, "upperLetter", "C"),
        (1, "none", ""),
        (8, "ordinalText", "8"),  # not supported: decimal
    ],
)
def test_numbering_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_heading_styles_without_numbering_text(tmp_path: Path) -> None:
    document = titled()
    document.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("基本情况", style="Heading 1")
    document.add_paragraph("组织领导", style="Heading 2")
    document.add_paragraph("宣传发动", style="标题 3")
    document.add_paragraph("一、主要做法", style="Heading 2")  # its numbering text decides
    assert read(document, tmp_path).blocks == (
        Heading(1, (plain("基本情况", 2),)),  # the style's bold is no emphasis
        Heading(2, (plain("组织领导", 3),)),
        Heading(3, (plain("宣传发动", 4),)),
        Heading(1, (plain("一、主要做法", 5),)),
    )


def test_under_a_heading_1_title_heading_2_is_level_1(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("春运工作简报", style="Heading 1")
    document.add_paragraph("基本情况", style="Heading 2")
    document.add_paragraph("组织领导", style="Heading 3")
    draft = read(document, tmp_path)
    assert draft.title == (Text("春运工作简报", at(1)),)
    assert draft.blocks == (
        Heading(1, (plain("基本情况", 2),)),
        Heading(2, (plain("组织领导", 3),)),
    )


# --- pictures --------------------------------------------------------------------------
def png(path: Path, colour: str, size: tuple[int, int] = (60, 40)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_a_picture_with_its_caption_is_written_beside_the_issue(tmp_path: Path) -> None:
    photo = png(tmp_path / "photo.png", "red")
    document = titled()
    document.add_paragraph("民警在路口执勤。")
    document.add_picture(str(photo))
    document.add_paragraph("图1 民警在路口执勤")
    document.add_paragraph("执勤持续到深夜。")
    written = tmp_path / "images" / "稿件-1.png"
    assert read(document, tmp_path).blocks == (
        para("民警在路口执勤。", 2),
        Figure(
            (Picture(written.resolve(), (60, 40), Text("图1 民警在路口执勤", at(4)), None, at(3)),)
        ),
        para("执勤持续到深夜。", 5),
    )
    assert written.read_bytes() == photo.read_bytes()


def test_a_picture_file_is_rewritten_only_when_it_changed(tmp_path: Path) -> None:
    photo = png(tmp_path / "photo.png", "red")
    document = titled()
    document.add_picture(str(photo))
    read(document, tmp_path)
    written = tmp_path / "images" / "稿件-1.png"
    inode = written.stat().st_ino
    read(document, tmp_path)
    assert written.stat().st_ino == inode  # write_atomic would have replaced it
    written.write_bytes(b"stale")
    read(document, tmp_path)
    assert written.read_bytes() == photo.read_bytes()


def test_two_pictures_in_one_paragraph_stand_side_by_side(tmp_path: Path) -> None:
    document = titled()
    p = document.add_paragraph()
    p.add_run().add_picture(str(png(tmp_path / "a.png", "red")))
    p.add_run("　")
    p.add_run().add_picture(str(png(tmp_path / "b.png", "blue", (30, 40))))
    centred = document.add_paragraph("图1 设卡检查　　图2 宣传咨询")
    centred.alignment = WD_ALIGN_PARAGRAPH.CENTER
    images = (tmp_path / "images").resolve()
    assert read(document, tmp_path).blocks == (
        Figure(
            (
                Picture(images / "稿件-1.png", (60, 40), Text("图1 设卡检查", at(3)), None, at(2)),
                Picture(images / "稿件-2.png", (30, 40), Text("图2 宣传咨询", at(3)), None, at(2)),
            )
        ),
    )


def test_a_table_of_pictures_with_captions_below_is_a_figure(tmp_path: Path) -> None:
    document = titled()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).paragraphs[0].add_run().add_picture(str(png(tmp_path / "a.png", "red")))
    table.cell(0, 1).paragraphs[0].add_run().add_picture(str(png(tmp_path / "b.png", "blue")))
    table.cell(1, 0).text = "设卡检查"
    table.cell(1, 1).text = "宣传咨询"
    images = (tmp_path / "images").resolve()
    assert read(document, tmp_path).blocks == (
        Figure(
            (
                Picture(images / "稿件-1.png", (60, 40), Text("设卡检查", at(4)), None, at(2)),
                Picture(images / "稿件-2.png", (60, 40), Text("宣传咨询", at(5)), None, at(3)),
            )
        ),
    )


# --- tables ----------------------------------------------------------------------------
def test_a_table_with_merged_cells_and_its_caption(tmp_path: Path) -> None:
    document = titled()
    document.add_paragraph("表1 各城区查处情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 0).merge(table.cell(2, 0))
    for (row, col), text in {
        (0, 0): "城区",
        (0, 1): "查处（起）",
        (1, 0): "东城",
        (1, 1): "12",
        (1, 2): "3",
        (2, 1): "9",
        (2, 2): "1",
    }.items():
        table.cell(row, col).text = text
    document.add_paragraph("以上数据截至3月底。")
    # paragraphs: 1 title, 2 caption, 3–4 the header row's two cells,
    # 5–7 the second row, 8–10 the third, 11 the paragraph after
    assert read(document, tmp_path).blocks == (
        Table(
            header=(Text("城区", at(3)), Text("查处（起）", at(4)), Text("", at(4))),
            rows=(
                (Text("东城", at(5)), Text("12", at(6)), Text("3", at(7))),
                (Text("", at(8)), Text("9", at(9)), Text("1", at(10))),
            ),
            caption=Text("表1 各城区查处情况", at(2)),
            origin=at(3),
        ),
        para("以上数据截至3月底。", 11),
    )


def test_a_table_of_one_cell_is_a_frame_around_paragraphs(tmp_path: Path) -> None:
    document = titled()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "编者按：春运是一场硬仗。"
    cell.add_paragraph("各地要总结经验。")
    document.add_paragraph("正文。")
    assert read(document, tmp_path).blocks == (
        para("编者按：春运是一场硬仗。", 2),
        para("各地要总结经验。", 3),
        para("正文。", 4),
    )


def test_a_paragraph_with_text_around_a_picture(tmp_path: Path) -> None:
    document = titled()
    p = document.add_paragraph("现场照片如下：")
    p.add_run().add_break()
    p.add_run().add_picture(str(png(tmp_path / "a.png", "red")))
    p.add_run().add_break()
    p.add_run("民警在路口执勤，群众纷纷点赞，现场秩序井然，车辆通行顺畅有序。")
    written = (tmp_path / "images" / "稿件-1.png").resolve()
    assert read(document, tmp_path).blocks == (
        para("现场照片如下：", 2),
        Figure((Picture(written, (60, 40), None, None, at(2)),)),
        para("民警在路口执勤，群众纷纷点赞，现场秩序井然，车辆通行顺畅有序。", 2),
    )


def test_a_docx_named_doc_is_read_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_office(monkeypatch)
    document = titled()
    document.add_paragraph("正文。")
    document.save(str(tmp_path / "稿件.doc"))
    draft = read_docx(
        tmp_path / "稿件.doc", shown="稿件.doc", images=tmp_path / "images", heading_limit=28
    )
    assert draft.blocks == (Paragraph((Run(Text("正文。", at(2, "稿件.doc"))),)),)
    assert draft.warnings == ()


# --- the source line ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "line", ["（市交警支队供稿）", "（供稿：市交警支队）", "作者：张明", "（作者：张明）"]
)
def test_a_last_source_line_is_the_source(tmp_path: Path, line: str) -> None:
    document = titled()
    document.add_paragraph("全市道路安全平稳。")
    document.add_paragraph(line)
    document.add_paragraph("")
    draft = read(document, tmp_path)
    assert draft.source == Text(line, at(3))
    assert draft.blocks == (para("全市道路安全平稳。", 2),)


# --- tracked changes and comments --------------------------------------------------------
def test_tracked_changes_insertions_kept_deletions_dropped_and_one_warning(
    tmp_path: Path,
) -> None:
    document = titled()
    p = document.add_paragraph("今年共")
    p._p.append(tracked("ins", "新增"))
    p._p.append(tracked("del", "删除"))
    p.add_run("两处。")
    document.add_comment(p.runs, text="请核实数字", author="审稿人")
    merged = document.add_paragraph("上半句")
    merged._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:rPr {nsdecls("w")}><w:del w:id="2" w:author="审稿人" '
            'w:date="2024-03-01T00:00:00Z"/></w:rPr>'
        )
    )
    document.add_paragraph("下半句。")
    draft = read(document, tmp_path)
    assert draft.blocks == (para("今年共新增两处。", 2), para("上半句下半句。", 3))
    assert draft.warnings == (
        Diagnostic(
            at(2), TRACKED_CHANGES, "accept or reject them in Word (审阅 → 接受 / 拒绝)", "warning"
        ),
    )
    assert draft.warnings[0].message == (
        "the draft has unaccepted tracked changes: insertions kept, deletions dropped"
    )


# --- .doc and .wps ---------------------------------------------------------------------
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def no_office(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)


def test_a_doc_is_converted_when_libreoffice_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = titled()
    converted.add_paragraph("全市道路安全平稳。")
    commands: list[list[str]] = []

    def soffice(command: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
        commands.append(command)
        out = Path(command[command.index("--outdir") + 1])
        out.mkdir()
        converted.save(str(out / (Path(command[-1]).stem + ".docx")))
        return subprocess.CompletedProcess(command, 0, b"", b"")

    monkeypatch.setattr(shutil, "which", lambda name: f"/opt/{name}")
    monkeypatch.setattr(subprocess, "run", soffice)
    (tmp_path / "稿件.doc").write_bytes(OLE)
    draft = read_docx(
        tmp_path / "稿件.doc", shown="稿件.doc", images=tmp_path / "images", heading_limit=28
    )
    assert draft.title == (Text("春运工作简报", at(1, "稿件.doc")),)
    assert draft.blocks == (Paragraph((Run(Text("全市道路安全平稳。", at(2, "稿件.doc"))),)),)
    assert draft.warnings == (
        Diagnostic(
            at(1, "稿件.doc"),
            "converted from .doc with LibreOffice",
            "paragraphs are counted in the converted document; "
            "save it as .docx to have it read as it is",
            "warning",
        ),
    )
    [command] = commands
    assert command[0] == "/opt/soffice"
    assert command[2:6] == ["--headless", "--convert-to", "docx", "--outdir"]


def test_a_conversion_that_takes_too_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(command: list[str], **options: object) -> None:
        raise subprocess.TimeoutExpired(command, 120)

    monkeypatch.setattr(shutil, "which", lambda name: f"/opt/{name}")
    monkeypatch.setattr(subprocess, "run", stuck)
    (tmp_path / "稿件.wps").write_bytes(OLE)
    with pytest.raises(IssueError) as caught:
        read_docx(tmp_path / "稿件.wps", shown="稿件.wps", images=tmp_path / "i", heading_limit=28)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"稿件.wps: paragraph 1: error: LibreOffice did not convert '稿件.wps' within 120 s\n"
        f"  hint: {FIX}"
    ]


# --- bad drafts ------------------------------------------------------------------------
def write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def zipped(members: dict[str, bytes]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)

    return make


def saved(document: Callable[[], docx.document.Document]) -> Callable[[Path], None]:
    return lambda path: document().save(str(path))


def broken_xml(path: Path) -> None:
    good = path.with_suffix(".good")
    titled().save(str(good))
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = b'<?xml version="1.0"?>\n<w:document>\n<w:body>'
            target.writestr(item, data)


ENCRYPTED = OLE + "EncryptionInfo".encode("utf-16-le") + bytes(16)
RESAVE = "open it in Word or WPS and save it again as .docx"
BAD = [
    ("稿件.docx", write(b"hello"), "'稿件.docx' is not a Word document (.docx)", FIX),
    ("稿件.docx", write(b""), "'稿件.docx' is not a Word document (.docx)", FIX),
    (
        "稿件.docx",
        zipped({"readme.txt": b"hello"}),
        "'稿件.docx' is not a Word document (.docx): it is a zip file without word/document.xml",
        FIX,
    ),
    (
        "稿件.docx",
        zipped({"xl/workbook.xml": b"<workbook/>"}),
        "'稿件.docx' is not a Word document (.docx): it is an Excel workbook",
        FIX,
    ),
    (
        "稿件.docx",
        write(b"PK\x03\x04broken"),
        "'稿件.docx' is damaged: it is not a whole zip file",
        RESAVE,
    ),
    (
        "稿件.docx",
        broken_xml,
        "'稿件.docx' is damaged: word/document.xml is not well-formed XML (line 2)",
        RESAVE,
    ),
    (
        "稿件.docx",
        write(ENCRYPTED),
        "'稿件.docx' is encrypted (password-protected)",
        "save a copy without a password",
    ),
    (
        "稿件.docx",
        write(OLE),
        "'稿件.docx' is a Word 97–2003 document (.doc) under a .docx name, "
        "which jianbao cannot read",
        FIX,
    ),
    (
        "稿件.doc",
        write(OLE),
        "'稿件.doc' is a Word 97–2003 document, which jianbao cannot read",
        FIX,
    ),
    ("稿件.wps", write(OLE), "'稿件.wps' is a WPS document (.wps), which jianbao cannot read", FIX),
    (
        "稿件.doc",
        write(b"{\\rtf1\\ansi }"),
        "'稿件.doc' is an RTF document, which jianbao cannot read",
        FIX,
    ),
    (
        "稿件.doc",
        write(b"MIME-Version: 1.0\r\n"),
        "'稿件.doc' is a web page (HTML or MHT) saved as a Word file, which jianbao cannot read",
        FIX,
    ),
    (
        "稿件.docx",
        saved(docx.Document),
        "'稿件.docx' has no text",
        "is it the right file? a draft needs a title",
    ),
]


@pytest.mark.parametrize(("name", "make", "message", "hint"), BAD)
def test_bad_drafts(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    make: Callable[[Path], None],
    message: str,
    hint: str,
) -> None:
    no_office(monkeypatch)
    path = tmp_path / name
    make(path)
    with pytest.raises(IssueError) as caught:
        read_docx(path, shown=name, images=tmp_path / "images", heading_limit=28)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{name}: paragraph 1: error: {message}\n  hint: {hint}"
    ]
    assert not (tmp_path / "images").exists()


def test_a_picture_that_is_no_png_or_jpeg_is_located_at_its_paragraph(tmp_path: Path) -> None:
    gif = tmp_path / "anim.gif"
    Image.new("RGB", (20, 20), "green").save(gif)
    document = titled()
    document.add_paragraph("正文。")
    document.add_picture(str(gif))
    with pytest.raises(IssueError) as caught:
        read(document, tmp_path)
    written = (tmp_path / "images" / "稿件-1.gif").resolve()
    assert [str(d) for d in caught.value.diagnostics] == [
        f"稿件.docx: paragraph 3: error: image '{written}' is GIF, not PNG or JPEG\n"
        "  hint: save it as PNG or JPEG"
    ]
