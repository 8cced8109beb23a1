"""Word drafts made at test time with python-docx, and lxml for what
python-docx cannot write: numbering definitions (Word's automatic
numbering) and tracked changes."""

from __future__ import annotations

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

ABSTRACT = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
    <w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>"""


def with_numbering(document: docx.document.Document) -> None:
    """Lists 90 and 92 (one abstract list: 一、 （一） 1. •) and 91, the same
    list restarted at 一、 by a start override."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="90"/></w:num>')
    )


def numbered(document: docx.document.Document, text: str, num: int, ilvl: int) -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
        )
    )


def tracked(kind: str, text: str) -> object:
    tag = "w:delText" if kind == "del" else "w:t"
    return parse_xml(
        f'<w:{kind} {nsdecls("w")} w:id="1" w:author="审稿人" w:date="2024-03-01T00:00:00Z">'
        f"<w:r><{tag}>{text}</{tag}></w:r></w:{kind}>"
    )
