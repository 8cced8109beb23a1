"""Fonts that cannot be used: damaged tables, a folder named as a font, a
file too large.  Each is refused with its path before anything is drawn,
never drawn blank and never an internal error."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import pytest
from conftest import write

import jianbao
import jianbao.fonts.face
from jianbao.errors import IssueError, JianbaoError
from jianbao.fonts.face import FontFace, FontLoader, bundled_dir

pytestmark = pytest.mark.usefixtures("shared_fonts")

ISSUE = """\
masthead: {{name: 简报, number: 1, issuer: 某办, date: 2026-03-10}}
fonts: {{body: {font}}}
articles:
  - title: 标题
    body: 正文内容。Text 2026。
"""


def damaged(tmp_path: Path, tag: str, skip: int, step: int) -> Path:
    """A copy of FandolFang with the table ``tag`` overwritten by noise
    (from byte ``skip`` of it, every ``step``-th byte)."""
    data = bytearray((bundled_dir() / "FandolFang-Regular.ttf").read_bytes())
    (count,) = struct.unpack(">H", data[4:6])
    for i in range(count):
        record = data[12 + 16 * i : 28 + 16 * i]
        if record[:4] == tag.encode():
            offset, length = struct.unpack(">II", record[8:16])
            noise = random.Random(1)
            for at in range(offset + skip, offset + length, step):
                data[at] = noise.randrange(256)
    path = tmp_path / f"damaged-{tag}.ttf"
    path.write_bytes(bytes(data))
    return path


def render_with(tmp_path: Path, font: Path) -> str:
    path = write(tmp_path / "issue.yaml", ISSUE.format(font=font.name))
    with pytest.raises(JianbaoError) as caught:
        jianbao.render(path)
    assert not isinstance(caught.value, IssueError) or caught.value.diagnostics
    return str(caught.value)


def test_garbage_glyph_locations_are_refused_not_drawn_blank(tmp_path: Path) -> None:
    font = damaged(tmp_path, "loca", 0, 1)
    message = render_with(tmp_path, font)
    assert f"{font}: the font is damaged (its glyph locations (loca)" in message
    assert "install this one again" in message


def test_scrambled_glyphs_are_refused_before_drawing(tmp_path: Path) -> None:
    """The glyph of 正, a character the issue prints, made a composite whose
    component list runs past its end: refused, naming the font."""
    from fontTools.ttLib import TTFont

    source = bundled_dir() / "FandolFang-Regular.ttf"
    with TTFont(str(source)) as ft:
        gid = ft.getGlyphID(ft.getBestCmap()[ord("正")])
        start = ft.reader.tables["glyf"].offset + ft["loca"][gid]
        length = ft["loca"][gid + 1] - ft["loca"][gid]
    data = bytearray(source.read_bytes())
    data[start : start + 2] = b"\xff\xff"  # numberOfContours -1: a composite
    # Every component (flags, glyph, two byte-sized offsets) says another
    # follows (flag 0x20): the list runs off the end of the glyph.
    data[start + 10 : start + length] = (b"\x00\x20\x00\x01\x00\x00" * length)[: length - 10]
    font = tmp_path / "damaged-glyf.ttf"
    font.write_bytes(bytes(data))
    message = render_with(tmp_path, font)
    assert f"{font}: the font is damaged (a composite glyph is cut short" in message


def test_the_check_reads_only_the_glyphs_set() -> None:
    face = FontFace(bundled_dir() / "FandolFang-Regular.ttf")
    face.check_glyphs("正文，。ABC")  # a sound font passes


def test_a_folder_named_as_a_font(tmp_path: Path) -> None:
    (tmp_path / "字体").mkdir()
    path = write(tmp_path / "issue.yaml", ISSUE.format(font="字体/"))
    with pytest.raises(IssueError) as caught:
        jianbao.render(path)
    (problem,) = caught.value.diagnostics
    assert problem.message == "'字体/' is a folder, not a font file"
    assert problem.hint is not None and "font_dirs" in problem.hint


def test_a_font_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jianbao.fonts.face, "MAX_FONT_BYTES", 1024)
    with pytest.raises(JianbaoError, match=r"more than the 0 MiB a font may be"):
        FontLoader().open(bundled_dir() / "FandolFang-Regular.ttf")
