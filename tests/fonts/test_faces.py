"""Faces: a font file replaced on disk is opened anew; two files with one
PostScript name in one PDF keep their own glyphs."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import write
from fontmaker import make_font, save

from jianbao.fonts.face import FontLoader, bundled_dir
from jianbao.fonts.select import FontOptions
from jianbao.model import FontChoice, Text
from jianbao.pipeline import Options, Session, render
from jianbao.roles import ROLES

HEAD = "masthead: {name: 工作简报, number: 1, issuer: %s, date: 2026-01-05}\n"


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
    rendered = render(
        write(tmp_path / "issue.yaml", text), session=Session(Options(fonts=options), font_loader)
    )
    page = pdfium.PdfDocument(rendered.pdf)[0]
    extracted = page.get_textpage().get_text_range()
    assert "正文第一段" in extracted.replace("\r\n", "") and "甲篇" in extracted
