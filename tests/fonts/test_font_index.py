"""The font index: fonts found by family, full or PostScript name (Chinese or
English) or by path, did-you-mean suggestions, the folders searched and
their order, and the on-disk cache that spares reopening unchanged files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import fontTools.ttLib
import fontTools.ttLib.ttCollection
import pytest
from conftest import ROOT
from fontkit import found, make_fontdir
from fontmaker import make_font, save

from jianbao.fonts import index as fontdb
from jianbao.fonts.index import FontError, FontIndex, FontRecord
from jianbao.fonts.prepare import embeddable as prepare

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

    # index.py imports fontTools when it reads a file (a render that finds
    # every face in the caches never loads it).
    monkeypatch.setattr(fontTools.ttLib, "TTFont", refuse)
    monkeypatch.setattr(fontTools.ttLib.ttCollection, "TTCollection", refuse)


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


def test_earlier_folder_wins_over_a_closer_name_in_a_later_one(tmp_path: Path) -> None:
    """The office's Bold-only family in its own folder beats a system face
    whose full name is exactly the name asked for."""
    save(
        make_font("A", family="Song", ps_name="OfficeSong", style="Bold"), tmp_path / "a" / "x.ttf"
    )
    save(make_font("A", family="Other", ps_name="Song"), tmp_path / "b" / "y.ttf")
    index = FontIndex.build([tmp_path / "a", tmp_path / "b"])
    assert found(index, "Song").postscript_name == "OfficeSong"
    assert (
        found(FontIndex.build([tmp_path / "b", tmp_path / "a"]), "Song").postscript_name == "Song"
    )


def test_a_folder_listed_twice_gives_each_face_once(fontdir: Path) -> None:
    index = FontIndex.build([fontdir / "sub", fontdir])
    assert [r.face_index for r in index if r.path.name == "coll.ttc"] == [0, 1]
    assert len(index) == 7


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


def test_a_file_found_by_path_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A face named by its path (the bundled ones, a file in an issue)
    is remembered in the cache folder by path, size and mtime: a later
    process opens no font to know it, and a changed file is read again."""
    path = save(make_font("A", family="Pathy", ps_name="Pathy"), tmp_path / "p.ttf")
    cache = tmp_path / "cache"
    first = found(FontIndex((), cache_dir=cache), str(path))
    assert (cache / fontdb.FILES_FILE).is_file()
    with monkeypatch.context() as m:
        forbid_opening_fonts(m)
        assert found(FontIndex((), cache_dir=cache), str(path)) == first
    save(make_font("A", family="Moved", ps_name="Moved"), path)
    os.utime(path, ns=(1, 1))
    assert found(FontIndex((), cache_dir=cache), str(path)).family == "Moved"
    (cache / fontdb.FILES_FILE).write_text("{not json")  # damaged: read the file again
    assert found(FontIndex((), cache_dir=cache), str(path)).family == "Moved"


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


def test_office_font_folders_are_searched(tmp_path: Path) -> None:
    """WPS Office's folders (its own fonts, those it installs for the user)
    and Windows' per-user font folder, beside the system's."""
    home, appdata, local = tmp_path / "home", tmp_path / "AppData" / "Roaming", tmp_path / "Local"
    wps_user = home / ".kingsoft" / "office6" / "fonts"
    wps_share = home / ".local" / "share" / "Kingsoft" / "office6" / "fonts"
    wps_windows = appdata / "kingsoft" / "office6" / "fonts"
    windows_user = local / "Microsoft" / "Windows" / "Fonts"
    for folder in (wps_user, wps_share, wps_windows, windows_user):
        folder.mkdir(parents=True)
    env = {"HOME": str(home), "APPDATA": str(appdata), "LOCALAPPDATA": str(local)}
    dirs = fontdb.search_dirs([], None, env)
    for folder in (wps_user, wps_share, wps_windows, windows_user):
        assert folder in dirs
    assert Path("/opt/kingsoft/wps-office/office6/fonts") in fontdb._system_dirs(env)


def test_a_scan_tells_its_progress(tmp_path: Path) -> None:
    from jianbao.fonts.face import bundled_dir

    told: list[tuple[int, int]] = []
    FontIndex.build([bundled_dir()], tmp_path, lambda done, total: told.append((done, total)))
    files = len(list(bundled_dir().glob("*.ttf")))
    assert told == [(n, files) for n in range(1, files + 1)]
    told.clear()
    FontIndex.build([bundled_dir()], tmp_path, lambda done, total: told.append((done, total)))
    assert told == []  # the second run reads the index: nothing to open
