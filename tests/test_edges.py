"""Edge cases found in review: long masthead lines, stranded headings, a
colophon longer than a page, invisible pasted characters, font files
replaced while a process runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fontmaker import make_font, save

from jianbao.errors import IssueError
from jianbao.fonts.face import FontLoader, bundled_dir
from jianbao.fonts.select import FontOptions
from jianbao.layout.frame import TextItem
from jianbao.model import FontChoice, Text
from jianbao.pipeline import Options, Session, render
from jianbao.roles import ROLES
from jianbao.theme import DEFAULT_THEME

HEAD = "masthead: {name: 工作简报, number: 1, issuer: %s, date: 2026-01-05}\n"
FILLER = "为深入贯彻落实工作会议精神，我市召开专题会议，对有关工作进行安排部署。" * 6


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_long_issuer_is_compressed_before_the_date(tmp_path: Path, session: Session) -> None:
    issuer = "聊城市创建全国文明城市工作领导小组办公室综合协调组宣传督导科"
    path = write(tmp_path, HEAD % issuer + "articles:\n  - {title: 标题, body: 正文。}\n")
    items = render(path, session=session).layout.pages[0].items
    (left,) = [i for i in items if isinstance(i, TextItem) and i.kind == "issuer"]
    dates = [i for i in items if isinstance(i, TextItem) and i.kind == "date"]
    assert left.hscale < 1
    assert left.x == pytest.approx(DEFAULT_THEME.block_left)
    assert left.x + left.advance() <= min(d.x for d in dates) - DEFAULT_THEME.cell + 1e-6


def test_heading_is_never_the_last_line_of_a_page(tmp_path: Path, session: Session) -> None:
    for filler in range(4, 12):
        body = "\n\n".join([FILLER] * filler + ["一、这是一个一级标题", FILLER])
        path = write(tmp_path, HEAD % "办公室" + "articles:\n  - title: 标题\n    body: |\n")
        with path.open("a", encoding="utf-8") as handle:
            for line in body.splitlines():
                handle.write(f"      {line}\n" if line else "\n")
        layout = render(path, session=session).layout
        for page in layout.pages[:-1]:
            rows = [i for i in page.items if isinstance(i, TextItem) and i.kind != "folio"]
            last_y = max(i.y for i in rows)
            assert not any(i.kind == "heading1" and i.y == last_y for i in rows), filler


def test_colophon_longer_than_a_page_is_an_error(tmp_path: Path, session: Session) -> None:
    text = (
        HEAD % "办公室"
        + "articles:\n  - {title: 标题, body: 正文。}\n"
        + "colophon:\n  report_to: "
        + "市委常委，" * 400
        + "\n"
    )
    with pytest.raises(IssueError) as info:
        render(write(tmp_path, text), session=session)
    (problem,) = info.value.diagnostics
    assert problem.location is not None and problem.location.line == 5
    assert "the colophon needs" in problem.message and "a page holds 22" in problem.message


def test_invisible_pasted_characters_are_dropped(tmp_path: Path, session: Session) -> None:
    text = (
        HEAD % "办公\u200b室" + 'articles:\n  - {title: "标\u00ad题", body: "正\u200b文\ufeff。"}\n'
    )
    loaded = session.read(write(tmp_path, text))
    assert loaded.issue.masthead.issuer.value == "办公室"
    assert loaded.issue.articles[0].title[0].value == "标题"
    render(loaded, session=session)  # no missing-glyph error for the invisible ones


def test_a_font_file_replaced_on_disk_is_opened_anew(tmp_path: Path) -> None:
    path = tmp_path / "f.ttf"
    save(make_font("国一", family="Swap", ps_name="Swap-Regular"), path)
    loader = FontLoader()
    before = loader.open(path)
    save(make_font("国一新", family="Swap", ps_name="Swap-Regular"), path)
    os.utime(path, ns=(before_ns := path.stat().st_mtime_ns + 10**9, before_ns))
    after = loader.open(path)
    assert after is not before
    assert after.has("新") and not before.has("新")
    assert after.pdf_name != before.pdf_name


def test_two_files_with_one_postscript_name_in_one_pdf(
    tmp_path: Path, font_loader: FontLoader
) -> None:
    """A copy of the bundled 楷体 as the body face: two fonts named
    FandolKai-Regular in one document (ReportLab would redefine its objects)."""
    import shutil

    import pypdfium2 as pdfium

    copy = shutil.copy(bundled_dir() / ROLES["kai"].bundled, tmp_path / "kai-copy.ttf")
    options = FontOptions(fonts=(FontChoice("body", (Text(str(copy)),)),), system_fonts=False)
    text = HEAD % "办公室" + "contents: true\narticles:\n"
    text += "  - {title: 甲篇, body: 正文第一段。}\n  - {title: 乙篇, body: 正文第二段。}\n"
    rendered = render(write(tmp_path, text), session=Session(Options(fonts=options), font_loader))
    page = pdfium.PdfDocument(rendered.pdf)[0]
    extracted = page.get_textpage().get_text_range()
    assert "正文第一段" in extracted.replace("\r\n", "") and "甲篇" in extracted
