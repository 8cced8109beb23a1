"""Write 交警支队.docx, the Word draft of examples/drafts/drafts.yaml
(run once; the result is committed, so that the example reads a real
.docx as an office would receive it):

    python examples/drafts/稿件/make.py

It is set the way drafts arrive by e-mail: a kicker line in a smaller size
above a centred bold title in 二号, body paragraphs indented with 　　 and
in the sender's own font, headings numbered by Word's automatic numbering
(一、 and （一） come from numbering definitions, not from the text), a
manual line break inside a paragraph, a bold sentence, a photo with its
caption below, a table with its caption above, and the 供稿 line last.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
PHOTO = HERE.parent.parent / "images" / "site.jpg"

# One list: level 0 prints 一、, level 1 （一）, as Word's "多级列表" sets them.
NUMBERING = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="80">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""


def numbered(document: docx.document.Document, text: str, level: int) -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="80"/></w:numPr>'
        )
    )


def centred(document: docx.document.Document, text: str, size: float, bold: bool) -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.font.name = "方正小标宋简体"  # the sender's font: never matters


def body(document: docx.document.Document, *parts: str | tuple[str]) -> None:
    """A paragraph indented with 　　; a part in a tuple is bold, "\\n" a
    manual line break."""
    p = document.add_paragraph()
    p.add_run("　　")
    for part in parts:
        text = part[0] if isinstance(part, tuple) else part
        for i, piece in enumerate(text.split("\n")):
            if i:
                p.add_run().add_break()
            run = p.add_run(piece)
            run.bold = isinstance(part, tuple)
            run.font.name = "仿宋_GB2312"


def main() -> None:
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(16)
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="80"><w:abstractNumId w:val="80"/></w:num>')
    )

    centred(document, "市交警支队", 14, False)
    centred(document, "“四大攻坚战”推进创城工作", 22, True)
    document.add_paragraph()
    body(
        document,
        "3月8日，全市公安交警系统举行创建全国文明城市工作暨创建“温暖型警队”誓师大会。",
        "会议提出全警全力打赢交通秩序整治、宣传曝光劝导、窗口创建达标、社区帮包服务四大",
        "“创城”攻坚战。",
    )
    numbered(document, "交通秩序整治", 0)
    body(
        document,
        "以市驻地城区主干道，学校、医院、商圈、车站、背街小巷等区域为重点，\n"
        "开展“创文明城市·治交通乱象”三年行动，重点治理机动车、非机动车乱停乱放。",
        ("特别是要用足法律手段，从严治理乱闯红灯、逆向行驶违法乱象。",),
    )
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(str(PHOTO), width=Mm(120))
    centred(document, "图1 交警在主要路口劝导文明出行", 12, False)
    numbered(document, "宣传曝光劝导", 0)
    numbered(document, "加强曝光。对闯红灯、翻越护栏、非机动车逆行等交通违法行为公开曝光。", 1)
    numbered(
        document,
        "志愿劝导。组织文明单位、志愿者和记满12分培训学员开展文明交通志愿服务活动。",
        1,
    )
    centred(document, "表1 3月上旬交通违法行为查处情况", 12, False)
    rows = [
        ("类别", "查处（起）", "曝光（起）"),
        ("机动车不礼让斑马线", "412", "38"),
        ("非机动车闯红灯", "1,206", "95"),
        ("行人翻越护栏", "87", "12"),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    numbered(document, "窗口创建达标", 0)
    body(
        document,
        "车管所、事故科、驾考中心等窗口要规范办事流程，提升工作效率，"
        "坚决杜绝门难进、脸难看、事难办等问题。",
    )
    body(document, "（市交警支队供稿）")
    document.core_properties.author = "jianbao example"
    document.save(str(HERE / "交警支队.docx"))


if __name__ == "__main__":
    main()
