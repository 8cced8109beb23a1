"""CFF (PostScript-outline) fonts end to end: converted once per character
set, cached, embedded under their own name; two subsets of one font in one
process keep their own glyphs."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from choicekit import options, rendered, session_of, with_fonts
from officefonts import RARE

import jianbao.fonts.prepare


def test_cff_fonts_render_and_are_converted_once(
    office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    convert = jianbao.fonts.prepare.cff_to_truetype

    def counting(font: object) -> object:
        calls.append("convert")
        return convert(font)

    monkeypatch.setattr(jianbao.fonts.prepare, "cff_to_truetype", counting)
    text = with_fonts(
        "  title: 方正小标宋简体\n  body: [FZXBSJW--GB1-0, extb.ttf]\n  folio: FZXBSJW--GB1-0\n"
    )
    opts = options(office, tmp_path)
    first = rendered(text, session_of(opts))
    assert calls == ["convert"]  # one face, prepared once for three roles
    prepared = list((tmp_path / "fonts").glob("FZXBSJW--GB1-0-*.ttf"))
    assert len(prepared) == 1
    assert first.layout.pages[0].items[0].face.path == prepared[0]  # type: ignore[union-attr]

    again = rendered(text, session_of(opts))
    assert calls == ["convert"]  # the cached TrueType file is reused
    assert again.pdf.startswith(b"%PDF")

    pdf = pdfium.PdfDocument(first.pdf)
    try:
        page_text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "测试正文" in page_text and RARE in page_text
    assert b"FZXBSJW--GB1-0" in first.pdf  # embedded under its own name


def test_two_subsets_of_one_font_in_one_process(office: Path, tmp_path: Path) -> None:
    """Each issue gets its own subset of a CFF font, and each subset file
    carries the font's PostScript name; the second must not be drawn with
    the first one's glyphs (ReportLab's registerFont would do that)."""
    one = session_of(options(office, tmp_path))
    texts = []
    for body in ("测试正文", "正文简报"):
        text = with_fonts("  body: [FZXBSJW--GB1-0, 测试扩展B]\n").replace("测试正文", body)
        pdf = pdfium.PdfDocument(rendered(text, one).pdf)
        try:
            texts.append(pdf[0].get_textpage().get_text_range())
        finally:
            pdf.close()
    assert len(list((tmp_path / "fonts").glob("FZXBSJW--GB1-0-*.ttf"))) == 2
    assert f"测试正文{RARE}字。" in texts[0]
    assert f"正文简报{RARE}字。" in texts[1]


@pytest.mark.parametrize("damage", ["truncate", "scramble", "no seal"])
def test_a_damaged_cached_conversion_is_made_again(
    office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """A cut or scrambled entry failed every render ("unpack requires a
    buffer of 2 bytes"): each entry's hash is kept beside it and checked."""
    text = with_fonts("  body: [FZXBSJW--GB1-0, extb.ttf]\n")
    opts = options(office, tmp_path)
    rendered(text, session_of(opts))
    (prepared,) = (tmp_path / "fonts").glob("FZXBSJW--GB1-0-*.ttf")
    data = prepared.read_bytes()
    if damage == "truncate":
        prepared.write_bytes(data[: len(data) // 3])
    elif damage == "scramble":
        prepared.write_bytes(data[:1000] + bytes(reversed(data[1000:])))
    else:
        prepared.with_name(prepared.name + ".sha256").unlink()
    calls: list[str] = []
    convert = jianbao.fonts.prepare.cff_to_truetype
    monkeypatch.setattr(
        jianbao.fonts.prepare, "cff_to_truetype", lambda font: calls.append("c") or convert(font)
    )
    again = rendered(text, session_of(opts))
    assert calls == ["c"] and again.pdf.startswith(b"%PDF")
    assert prepared.read_bytes() == data
