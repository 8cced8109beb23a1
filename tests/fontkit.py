"""A folder of small test fonts (TrueType, CFF, collections, WOFF2, locked) and
helpers to look them up, shared by the font index and conversion tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontmaker import make_font, save, save_collection

from jianbao.fonts.index import FontIndex, FontRecord

FANG = {"en": "FangSong_GB2312", "zh": "仿宋_GB2312"}
SONG = {"en": "Test Song", "zh": "测试宋体"}
TEXT = "简报工作字ABC"


def make_fontdir(root: Path) -> Path:
    """A folder of tiny fonts, one of each kind fontdb handles."""
    save(make_font("仿宋字ABC", family=FANG, ps_name="FangSong_GB2312"), root / "fang.ttf")
    # "song-bold" sorts before "song-regular": the Regular must still win.
    for style in ("Bold", "Regular"):
        font = make_font(TEXT, family=SONG, style=style, ps_name=f"TestSong-{style}", cff=True)
        save(font, root / f"song-{style.lower()}.otf")
    faces = [
        make_font("宋A", family="Sim Test", ps_name="SimTest"),
        make_font("新宋B", family={"en": "NSim Test", "zh": "新宋测试"}, ps_name="NSimTest"),
    ]
    save_collection(faces, root / "sub" / "coll.ttc")
    web = make_font("网A", family="Web Test", ps_name="WebTest")
    save(web, root / "sub" / "web.woff2", "woff2")
    save(make_font("禁A", family="Locked", ps_name="Locked", fs_type=2), root / "locked.ttf")
    (root / "bad.ttf").write_bytes(b"\0\1\0\0 this is not a font")
    (root / "notes.txt").write_text("not a font either")
    return root


def found(index: FontIndex, name: str) -> FontRecord:
    record = index.find(name)
    assert record is not None, name
    return record


@pytest.fixture(scope="module")
def fontdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fontdir(tmp_path_factory.mktemp("fonts"))


@pytest.fixture(scope="module")
def index(fontdir: Path) -> FontIndex:
    return FontIndex.build([fontdir])
