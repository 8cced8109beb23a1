"""Making a face embeddable: TrueType files used as they are; CFF, WOFF2 and
collection faces subset, converted once and cached by content; fonts that
forbid embedding refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontkit import found
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

from jianbao.fonts import prepare as convert
from jianbao.fonts.index import FontError, FontIndex
from jianbao.fonts.prepare import embeddable as prepare


def load_in_reportlab(path: Path, name: str) -> RLTTFont:
    return RLTTFont(name, str(path))


def test_prepare_truetype_file_is_the_file_itself(index: FontIndex, tmp_path: Path) -> None:
    record = found(index, "仿宋_GB2312")
    assert prepare(record, "仿宋", tmp_path) == record.path
    assert not (tmp_path / convert.PREPARED_DIR).exists()


def test_prepare_cff_end_to_end(
    index: FontIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = found(index, "测试宋体")
    assert record.outline == "cff"
    text = "工作简报 A"  # the space is not in the font; that is the caller's business
    path = prepare(record, text, tmp_path)
    assert path.parent == tmp_path / convert.PREPARED_DIR
    assert path.name.startswith("TestSong-Regular-") and path.suffix == ".ttf"
    face = load_in_reportlab(path, "prepared-song").face
    assert {ord(c) for c in "工作简报A"} <= set(face.charToGlyph)
    assert ord("字") not in face.charToGlyph  # subset to the text
    assert list(tmp_path.glob("**/*.tmp")) == []

    def no_conversion(font: object) -> object:
        raise AssertionError("converted again")

    monkeypatch.setattr(convert, "cff_to_truetype", no_conversion)
    assert prepare(record, "报简作工A 工", tmp_path) == path  # same characters, any order
    with pytest.raises(FontError, match="converted again"):
        prepare(record, "字", tmp_path)  # other characters → a new file


@pytest.mark.parametrize("name", ["新宋测试", "Web Test"])
def test_prepare_collection_face_and_woff2(index: FontIndex, tmp_path: Path, name: str) -> None:
    record = found(index, name)
    path = prepare(record, "新宋网AB", tmp_path)
    assert path != record.path
    font = load_in_reportlab(path, f"prepared-{record.postscript_name}")
    assert font.face.name == record.postscript_name.encode()
    assert ord("A") in font.face.charToGlyph or ord("B") in font.face.charToGlyph


def test_prepare_refuses_fonts_that_forbid_embedding(index: FontIndex, tmp_path: Path) -> None:
    with pytest.raises(FontError, match="forbid embedding"):
        prepare(found(index, "Locked"), "A", tmp_path)


def test_content_hash_is_remembered(
    fontdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fontdir / "song-regular.otf"
    digest = convert.content_hash(path, tmp_path)
    assert len(digest) == 64
    with monkeypatch.context() as m:
        m.setattr(convert, "hashlib", None)  # hashing again would fail
        assert convert.content_hash(path, tmp_path) == digest
    assert convert.content_hash(path) == digest
