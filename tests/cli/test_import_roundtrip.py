"""Drafts all the way to the page: a Word draft with everything an office
sends (a kicker above a centred bold title, 　　 indents, Word's automatic
numbering, bold runs, a manual line break, a picture with its caption, a
table with its caption, tracked changes, a 供稿 line), a .md and a .txt
pasted from Word — imported with ``jianbao import``, rendered, and the text
of the PDF, as pdfium and pdfminer copy it, compared with the drafts' own
text, paragraph by paragraph."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from clikit import runner
from conftest import write
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from draftkit import numbered, tracked, with_numbering
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams
from PIL import Image

from jianbao.cli.app import app

pytestmark = pytest.mark.usefixtures("shared_fonts")


def centred(document: docx.document.Document, text: str, size: float, bold: bool) -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size, run.bold = Pt(size), bold


def word_draft(folder: Path) -> tuple[Path, list[str]]:
    """The .docx, and the text a reader must copy from its article, in order."""
    photo = folder / "photo.png"
    Image.new("RGB", (1200, 800), (90, 140, 200)).save(photo)
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(16)
    with_numbering(document)
    centred(document, "市交警支队", 14, False)
    centred(document, "“四大攻坚战”推进创城工作", 22, True)
    p = document.add_paragraph("　　3月8日，全市公安交警系统举行誓师大会，")
    p.add_run().add_break()
    p.add_run("会议提出")
    p.add_run("全警全力打赢四大攻坚战。").bold = True
    numbered(document, "交通秩序整治", 90, 0)
    p = document.add_paragraph("　　今年共")
    p._p.append(tracked("ins", "新增"))
    p._p.append(tracked("del", "删除"))
    p.add_run("整治路段12条。")
    document.add_paragraph().add_run().add_picture(str(photo), width=Mm(100))
    centred(document, "图1 交警在路口劝导", 12, False)
    numbered(document, "窗口创建达标", 90, 1)
    centred(document, "表1 查处情况", 12, False)
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([("类别", "查处（起）"), ("闯红灯", "1,206"), ("翻越护栏", "87")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("\t（市交警支队供稿）")
    path = folder / "交警支队.docx"
    document.save(str(path))
    return path, [
        "市交警支队",
        "“四大攻坚战”推进创城工作",
        "3月8日，全市公安交警系统举行誓师大会，会议提出全警全力打赢四大攻坚战。",
        "一、交通秩序整治",
        "今年共新增整治路段12条。",
        "图1 交警在路口劝导",
        "（一）窗口创建达标",
        "表1 查处情况",
        "类别",
        "查处（起）",
        "闯红灯",
        "1,206",
        "翻越护栏",
        "87",
        "（市交警支队供稿）",
    ]


MD = """\
# 银保监分局安排部署创城工作

3月8日，分局召开动员会议，
部署创城工作任务。

## 一、提高工作站位

要求各单位**压实工作责任**。
"""
TXT = (
    "城管局开展环境整治\r\n\r\n"
    "　　3月9日，市城市管理局召开专题会议。\r\n"
    "　　一、治理占道经营。对主次干道集中整治。\r\n"
)


def copied(pdf: bytes) -> tuple[str, str]:
    """The text of every page as pdfium and pdfminer copy it, without white space."""
    doc = pdfium.PdfDocument(pdf)
    try:
        by_pdfium = "".join(str(page.get_textpage().get_text_range()) for page in doc)
    finally:
        doc.close()
    # as in tests/pdf/test_every_example.py: boxes top to bottom, so that
    # pdfminer's flow analysis does not read a table column by column
    params = LAParams(boxes_flow=None, word_margin=0.2)
    by_pdfminer = str(extract_text(io.BytesIO(pdf), laparams=params))
    return tuple("".join(text.split()) for text in (by_pdfium, by_pdfminer))  # type: ignore[return-value]


FLOATS = "图1 交警在路口劝导"  # a figure's caption moves with it to the next page


def in_order(text: str, parts: list[str], who: str) -> None:
    """``parts`` copied in order (a floated figure's caption anywhere)."""
    assert "".join(FLOATS.split()) in text, f"{who}: {FLOATS!r} not copied"
    at = 0
    for part in (p for p in parts if p != FLOATS):
        found = text.find("".join(part.split()), at)
        assert found >= 0, f"{who}: {part!r} not copied after …{text[max(0, at - 30) : at]!r}"
        at = found + len("".join(part.split()))


def test_drafts_imported_and_rendered_copy_as_the_drafts_read(tmp_path: Path) -> None:
    folder = tmp_path / "稿件"
    folder.mkdir()
    word, word_text = word_draft(folder)
    md = write(folder / "银保监分局.md", MD)
    txt = write(folder / "城管局.txt", TXT)
    issue = tmp_path / "2026-03.yaml"
    made = runner.invoke(
        app, ["import", str(word), str(md), str(txt), "-o", str(issue), "--date", "2026-03-15"]
    )
    assert made.exit_code == 0, made.output
    assert "tracked changes" in made.stderr  # the warning, located in the draft
    assert "交警支队.docx: paragraph 5: warning:" in made.stderr
    assert sorted(p.name for p in (tmp_path / "images").iterdir()) == ["交警支队-1.png"]
    rendered = runner.invoke(app, ["render", str(issue), "--draft"])
    assert rendered.exit_code == 0, rendered.output
    pdf = issue.with_suffix(".pdf").read_bytes()
    expected = [
        *word_text,
        "银保监分局安排部署创城工作",
        "3月8日，分局召开动员会议，部署创城工作任务。",
        "一、提高工作站位",
        "要求各单位压实工作责任。",
        "城管局开展环境整治",
        "3月9日，市城市管理局召开专题会议。",
        "一、治理占道经营。对主次干道集中整治。",
    ]
    for who, text in zip(("pdfium", "pdfminer"), copied(pdf), strict=True):
        in_order(text, expected, who)
        assert "删除" not in text


def test_an_issue_naming_its_drafts_renders_the_same_text(tmp_path: Path) -> None:
    folder = tmp_path / "稿件"
    folder.mkdir()
    _, word_text = word_draft(folder)
    issue = write(
        tmp_path / "issue.yaml",
        "masthead: {name: 创城工作简报, number: 9, issuer: 市创城办, date: 2026-03-15}\n"
        "articles:\n  - file: 稿件/交警支队.docx\n    kicker: 市公安局交警支队\n",
    )
    rendered = runner.invoke(app, ["render", str(issue)])
    assert rendered.exit_code == 0, rendered.output
    for who, text in zip(
        ("pdfium", "pdfminer"), copied(issue.with_suffix(".pdf").read_bytes()), strict=True
    ):
        in_order(text, ["市公安局交警支队", *word_text[1:]], who)
    assert not (tmp_path / "images").exists()  # pictures of a named draft go to the cache
