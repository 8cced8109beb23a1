"""fonts.index and fonts.prepare: finding fonts by name or path, the index cache,
and making a face embeddable."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from fontmaker import make_font, save, save_collection
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

from jianbao.fonts import index as fontdb
from jianbao.fonts import prepare as convert
from jianbao.fonts.index import FontError, FontIndex, FontRecord
from jianbao.fonts.prepare import embeddable as prepare

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture(scope="module")
def fontdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_fontdir(tmp_path_factory.mktemp("fonts"))


@pytest.fixture(scope="module")
def index(fontdir: Path) -> FontIndex:
    return FontIndex.build([fontdir])


def found(index: FontIndex, name: str) -> FontRecord:
    record = index.find(name)
    assert record is not None, name
    return record


# -- reading files ------------------------------------------------------------


def test_records_describe_each_face(index: FontIndex, fontdir: Path) -> None:
    by_ps = {r.postscript_name: r for r in index}
    assert set(by_ps) == {
        "FangSong_GB2312",
        "TestSong-Bold",
        "TestSong-Regular",
        "SimTest",
        "NSimTest",
        "WebTest",
        "Locked",
    }
    fang = by_ps["FangSong_GB2312"]
    assert fang.path == fontdir / "fang.ttf"
    assert fang.family_names == ("FangSong_GB2312", "仿宋_GB2312")
    assert fang.full_names == ("FangSong_GB2312 Regular", "仿宋_GB2312 Regular")
    assert (fang.outline, fang.container, fang.style) == ("truetype", "ttf", "Regular")
    assert fang.glyph_count == 7  # .notdef + 6 characters
    assert fang.size == (fontdir / "fang.ttf").stat().st_size
    assert by_ps["TestSong-Bold"].style == "Bold"
    assert (by_ps["TestSong-Bold"].outline, by_ps["TestSong-Bold"].container) == ("cff", "otf")
    assert (by_ps["NSimTest"].container, by_ps["NSimTest"].face_index) == ("ttc", 1)
    assert by_ps["WebTest"].container == "woff2"
    assert not by_ps["Locked"].embeddable


def test_bad_files_are_skipped(index: FontIndex) -> None:
    assert {r.path.name for r in index} == {
        "fang.ttf",
        "song-bold.otf",
        "song-regular.otf",
        "coll.ttc",
        "web.woff2",
        "locked.ttf",
    }


# -- find by name -------------------------------------------------------------

NAMES = [
    # (what the user wrote, PostScript name of the face found)
    ("仿宋_GB2312", "FangSong_GB2312"),
    ("FangSong_GB2312", "FangSong_GB2312"),
    ("fangsong_gb2312", "FangSong_GB2312"),
    ("  仿 宋_gb2312 ", "FangSong_GB2312"),
    ("仿宋_GB2312 Regular", "FangSong_GB2312"),
    ("Test Song", "TestSong-Regular"),
    ("TESTSONG", "TestSong-Regular"),
    ("测试宋体", "TestSong-Regular"),
    ("TestSong-Bold", "TestSong-Bold"),
    ("Test Song Bold", "TestSong-Bold"),
    ("测试宋体 Bold", "TestSong-Bold"),
    ("新宋测试", "NSimTest"),
    ("NSim Test", "NSimTest"),
    ("simtest", "SimTest"),
    ("Web Test", "WebTest"),
]


@pytest.mark.parametrize(("name", "ps_name"), NAMES)
def test_find_by_name(index: FontIndex, name: str, ps_name: str) -> None:
    assert found(index, name).postscript_name == ps_name


@pytest.mark.parametrize("name", ["仿宋GB2312", "仿宋-GB2312", "FangSong", "", "   ", "Nope"])
def test_find_unknown_name(index: FontIndex, name: str) -> None:
    assert index.find(name) is None


def test_collection_face_is_chosen_by_name_not_index(index: FontIndex) -> None:
    record = found(index, "新宋测试")
    assert (record.path.name, record.face_index) == ("coll.ttc", 1)
    assert record.spec.endswith("coll.ttc#1")


def test_earlier_folder_wins(tmp_path: Path) -> None:
    first = save(make_font("A", family="Same", ps_name="SameOne"), tmp_path / "a" / "x.ttf")
    save(make_font("A", family="Same", ps_name="SameTwo"), tmp_path / "b" / "x.ttf")
    index = FontIndex.build([tmp_path / "b", tmp_path / "a"])
    assert found(index, "Same").postscript_name == "SameTwo"
    index = FontIndex.build([first.parent, tmp_path / "b"])
    assert found(index, "Same").postscript_name == "SameOne"


def test_a_folder_listed_twice_gives_each_face_once(fontdir: Path) -> None:
    index = FontIndex.build([fontdir / "sub", fontdir])
    assert [r.face_index for r in index if r.path.name == "coll.ttc"] == [0, 1]
    assert len(index) == 7


# -- find by path -------------------------------------------------------------


def test_find_by_path(index: FontIndex, fontdir: Path) -> None:
    ttc = fontdir / "sub" / "coll.ttc"
    assert found(index, str(fontdir / "fang.ttf")).postscript_name == "FangSong_GB2312"
    assert found(index, str(ttc)).face_index == 0
    assert found(index, f"{ttc}#1").postscript_name == "NSimTest"
    assert found(index, f"{ttc}#nsim test").postscript_name == "NSimTest"
    assert found(index, f"{ttc}#新宋测试").postscript_name == "NSimTest"
    assert found(index, f"{ttc}#SimTest").face_index == 0
    assert index.find(f"{ttc}#7") is None
    assert index.find(f"{ttc}#NoSuchFace") is None
    assert index.find(str(fontdir / "missing.otf")) is None
    # A bare file name is looked for among the indexed files.
    assert found(index, "coll.ttc#1").postscript_name == "NSimTest"
    assert found(index, "SONG-BOLD.OTF").postscript_name == "TestSong-Bold"


def test_find_path_outside_the_index(index: FontIndex, tmp_path: Path) -> None:
    path = save(make_font("A", family="Elsewhere", ps_name="Elsewhere"), tmp_path / "e.otf")
    assert found(index, str(path)).family == "Elsewhere"
    assert index.find("Elsewhere") is None  # the index itself is unchanged


def test_find_path_relative_to_cwd(
    index: FontIndex, fontdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(fontdir)
    record = found(index, "sub/coll.ttc#NSimTest")
    assert record.path == fontdir / "sub" / "coll.ttc"


def test_find_path_that_is_not_a_font(index: FontIndex, fontdir: Path) -> None:
    with pytest.raises(FontError, match=r"bad\.ttf: cannot read"):
        index.find(str(fontdir / "bad.ttf"))


# -- hints --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("仿宋GB2312", "仿宋_GB2312"),
        ("仿宋", "仿宋_GB2312"),
        ("FangSong", "FangSong_GB2312"),
        ("Tset Song", "Test Song"),
        ("新宋", "新宋测试"),
        ("coll.otc", "coll.ttc"),
    ],
)
def test_suggest(index: FontIndex, name: str, expected: str) -> None:
    assert expected in index.suggest(name)


def test_suggest_nothing_close(index: FontIndex) -> None:
    assert index.suggest("Zapfino") == []
    assert len(index.suggest("Test", limit=2)) == 2


def test_fonts_with(index: FontIndex) -> None:
    assert [r.postscript_name for r in index.fonts_with("仿")] == ["FangSong_GB2312"]
    assert [r.postscript_name for r in index.fonts_with("新")] == ["NSimTest"]
    assert {r.postscript_name for r in index.fonts_with("A")} == {
        "FangSong_GB2312",
        "TestSong-Bold",
        "TestSong-Regular",
        "SimTest",
        "WebTest",
        "Locked",
    }
    assert index.fonts_with("字")[0].postscript_name == "FangSong_GB2312"
    assert index.fonts_with("龘") == []
    with pytest.raises(ValueError, match="one character"):
        index.fonts_with("AB")


# -- the index cache ----------------------------------------------------------


class Counter:
    """Stands in for read_faces, counting the files it is asked to open."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.real = fontdb.read_faces

    def __call__(self, path: Path) -> list[FontRecord]:
        self.paths.append(path.name)
        return self.real(path)


def forbid_opening_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a font file was opened")

    monkeypatch.setattr(fontdb, "TTFont", refuse)
    monkeypatch.setattr(fontdb, "TTCollection", refuse)


def test_cached_index_opens_no_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts, cache = make_fontdir(tmp_path / "fonts"), tmp_path / "cache"
    cold = FontIndex.build([fonts], cache)
    assert (cache / fontdb.INDEX_FILE).is_file()
    counter = Counter()
    monkeypatch.setattr(fontdb, "read_faces", counter)
    with monkeypatch.context() as m:
        forbid_opening_fonts(m)
        warm = FontIndex.build([fonts], cache)
    assert counter.paths == []
    assert warm.records == cold.records
    assert found(warm, "新宋测试").face_index == 1


def test_index_cache_sees_added_changed_and_removed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts, cache = make_fontdir(tmp_path / "fonts"), tmp_path / "cache"
    FontIndex.build([fonts], cache)
    counter = Counter()
    monkeypatch.setattr(fontdb, "read_faces", counter)

    save(make_font("A", family="Newcomer", ps_name="Newcomer"), fonts / "deep" / "new.ttf")
    index = FontIndex.build([fonts], cache)
    assert counter.paths == ["new.ttf"]
    assert found(index, "Newcomer").path == fonts / "deep" / "new.ttf"

    save(make_font("A", family="Renamed", ps_name="Renamed"), fonts / "deep" / "new.ttf")
    os.utime(fonts / "deep" / "new.ttf", ns=(1, 1))  # a new mtime, whatever the clock
    index = FontIndex.build([fonts], cache)
    assert counter.paths == ["new.ttf", "new.ttf"]
    assert index.find("Newcomer") is None
    assert index.find("Renamed") is not None

    (fonts / "fang.ttf").unlink()
    index = FontIndex.build([fonts], cache)
    assert counter.paths == ["new.ttf", "new.ttf"]
    assert index.find("仿宋_GB2312") is None


def test_index_cache_keeps_other_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = save(make_font("A", family="Alpha", ps_name="Alpha"), tmp_path / "a" / "a.ttf").parent
    b = save(make_font("B", family="Beta", ps_name="Beta"), tmp_path / "b" / "b.ttf").parent
    cache = tmp_path / "cache"
    FontIndex.build([a], cache)
    FontIndex.build([b], cache)
    forbid_opening_fonts(monkeypatch)
    index = FontIndex.build([a, b], cache)
    assert [r.family for r in index] == ["Alpha", "Beta"]


def test_corrupt_index_cache_is_rebuilt(tmp_path: Path) -> None:
    fonts, cache = make_fontdir(tmp_path / "fonts"), tmp_path / "cache"
    cache.mkdir()
    (cache / fontdb.INDEX_FILE).write_text('{"version": 1, "folders": {"x": [')
    assert len(FontIndex.build([fonts], cache)) == 7
    stale = {"version": 1, "folders": {str(fonts): {"f": 3, str(fonts / "fang.ttf"): []}}}
    (cache / fontdb.INDEX_FILE).write_text(json.dumps(stale))
    assert len(FontIndex.build([fonts], cache)) == 7


# -- prepare ------------------------------------------------------------------


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


# -- bundled fonts, folders, cache dir ----------------------------------------


def test_bundled_fandol_fonts(tmp_path: Path) -> None:
    index = FontIndex.build([ROOT / "fonts"], tmp_path)
    fang = found(index, "FandolFang")
    assert fang.path == ROOT / "fonts" / "FandolFang-Regular.ttf"
    assert found(index, "fandolsong").style == "Regular"
    assert found(index, "FandolSong-Bold").style == "Bold"
    assert prepare(fang, "简报", tmp_path) == fang.path


def test_search_dirs_order(tmp_path: Path) -> None:
    home, extra, env_a, env_b, bundled = (tmp_path / n for n in ("home", "x", "ea", "eb", "bd"))
    for d in (extra, env_a, env_b, bundled, home / ".fonts", home / ".local" / "share" / "fonts"):
        d.mkdir(parents=True)
    (extra / "nested").mkdir()
    env = {
        "HOME": str(home),
        "JIANBAO_FONT_PATH": os.pathsep.join([str(env_a), "", str(tmp_path / "gone"), str(env_b)]),
    }
    dirs = fontdb.search_dirs([extra, tmp_path / "missing"], bundled, env)
    assert dirs[:6] == [
        extra,
        env_a,
        env_b,
        bundled,
        home / ".local" / "share" / "fonts",
        home / ".fonts",
    ]
    assert all(d.is_dir() for d in dirs)
    assert fontdb.search_dirs([extra, extra / "nested"], None, env)[:2] == [extra, env_a]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"JIANBAO_CACHE_DIR": "/c/j", "XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/c/j"),
        ({"XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/x/jianbao"),
        ({"HOME": "/h"}, "/h/.cache/jianbao"),
    ],
)
def test_default_cache_dir(env: dict[str, str], expected: str) -> None:
    if os.name == "nt" and "XDG_CACHE_HOME" not in env:
        pytest.skip("Windows uses %LOCALAPPDATA%")
    assert fontdb.default_cache_dir(env) == Path(expected)


def test_suggest_names_each_face_once() -> None:
    from jianbao.fonts.face import bundled_dir

    index = FontIndex.build([bundled_dir()])
    close = index.suggest("FandolFan")
    assert close[0] == "FandolFang"
    assert not any(name.startswith("FandolFang ") or name == "FandolFang-Regular" for name in close)
