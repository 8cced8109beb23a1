"""Choosing each role's fonts: by any of a font's names or by path, the
options over the issue over the config file over the bundled fonts, and
unknown fonts reported where they were written, with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
from choicekit import THEME, errors, options, with_fonts
from conftest import read
from officefonts import ISSUE, RARE

from jianbao.cli.options import parse_font_option
from jianbao.errors import IssueError
from jianbao.fonts import index as fontdb
from jianbao.fonts.index import FontIndex
from jianbao.fonts.select import FontOptions, FontSelector, Selection, suits
from jianbao.layout import compose
from jianbao.model import Issue
from jianbao.pipeline import Options, Session


def issue(text: str = ISSUE, name: str = "t.yaml") -> Issue:
    return read(text, name).issue


def selector_of(opts: FontOptions) -> FontSelector:
    """The selector a pipeline session makes of ``opts`` (it reads the config file)."""
    return Session(Options(fonts=opts)).selector


def select(selector: FontSelector, chosen: Issue) -> Selection:
    """The fonts of ``chosen`` for what its copy prints."""
    return selector.select(chosen, tuple(compose(chosen, THEME).printed()))


@pytest.mark.parametrize(
    ("name", "postscript"),
    [
        ("仿宋_GB2312", "FangSong_GB2312"),  # Chinese family name
        ("fangsong_gb2312", "FangSong_GB2312"),  # English, any case
        ("仿宋_GB2312 Regular", "FangSong_GB2312"),  # full name
        ("方正小标宋简体", "FZXBSJW--GB1-0"),
        ("FZ Xiao Biao Song-B05S", "FZXBSJW--GB1-0"),  # spaces ignored
        ("FZXBSJW--GB1-0", "FZXBSJW--GB1-0"),  # PostScript name
        ("新宋测试", "NSimTest"),  # the second face of a .ttc, by name
        ("simsun.ttc#NSimTest", "NSimTest"),  # a collection face by path and name
        ("simfang.ttf", "FangSong_GB2312"),  # a bare file name among the indexed files
        ("FandolFang", "FandolFang-Regular"),  # a bundled font by name
    ],
)
def test_a_role_is_found_by_any_of_its_names(
    office: Path, tmp_path: Path, name: str, postscript: str
) -> None:
    if name.startswith("simsun.ttc"):
        name = str(office / "sub" / name)
    selector = FontSelector(options(office, tmp_path))
    chains = selector.chains(issue(with_fonts(f"  body: '{name}'\n")))
    assert [r.postscript_name for r in chains["body"].records] == [postscript]
    assert chains["body"].source == "t.yaml"


def test_ttc_face_by_name_is_that_face(office: Path, tmp_path: Path) -> None:
    chains = FontSelector(options(office, tmp_path)).chains(issue(with_fonts("  kai: 新宋测试\n")))
    record = chains["kai"].records[0]
    assert (record.path.name, record.face_index, record.container) == ("simsun.ttc", 1, "ttc")


def test_a_path_is_relative_to_the_issue_file(office: Path, tmp_path: Path) -> None:
    chains = FontSelector(options(office, tmp_path)).chains(
        issue(with_fonts("  body: simfang.ttf\n"), name=str(office / "issue.yaml"))
    )
    assert chains["body"].records[0].path == office / "simfang.ttf"


def test_a_path_needs_no_index(office: Path, tmp_path: Path) -> None:
    selector = FontSelector(options(office, tmp_path))
    selector.chains(issue(with_fonts(f"  body: {office / 'simfang.ttf'}\n")))
    assert selector._index is None  # nothing was scanned


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("仿宋_GB2312", "body"),
        ("FandolFang R", "body"),
        ("STFangsong", "body"),
        ("楷体_GB2312", "kai"),
        ("KaiTi", "kai"),
        ("黑体", "heading"),
        ("Microsoft YaHei", "heading"),
        ("Noto Sans CJK SC", "heading"),
        ("方正小标宋简体", "title"),
        ("SimSun", "title"),
        ("Source Han Serif SC", "title"),
        ("FZ Zheng Hei", "heading"),  # FZ does not make it 仿宋
        ("DejaVu Math", None),
    ],
)
def test_guess_role_from_names(name: str, role: str | None) -> None:
    record = fontdb.FontRecord(
        Path("x.ttf"), 0, (name,), (), "", "Regular", "truetype", "ttf", 100, 1, 1
    )
    assert suits(record) == role


def test_command_line_wins_over_issue_over_config_over_bundled(
    office: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("fonts:\n  body: 新宋测试\n  kai: Sim Test\n  heading: 新宋测试\n")
    text = with_fonts("  body: 仿宋_GB2312\n  kai: 仿宋_GB2312\n")
    cli = (parse_font_option("body=FZXBSJW--GB1-0"),)
    chosen = selector_of(options(office, tmp_path, fonts=cli, config=config)).chains(issue(text))
    sources = {role: (c.source, c.records[0].postscript_name) for role, c in chosen.items()}
    assert sources == {
        "body": ("options", "FZXBSJW--GB1-0"),
        "kai": ("t.yaml", "FangSong_GB2312"),
        "heading": (str(config), "NSimTest"),
        "title": ("bundled", "FandolSong-Bold"),
        "folio": ("bundled", "FandolSong-Regular"),
    }


def test_unknown_names_are_errors_where_written_with_suggestions(
    office: Path, tmp_path: Path
) -> None:
    text = with_fonts("  title: 方正小标宋\n  body: [仿宋_GB2312, '/no/such/font.otf']\n")
    cli = (parse_font_option("kai=FandolKia"),)
    with pytest.raises(IssueError) as info:
        FontSelector(options(office, tmp_path, fonts=cli)).chains(issue(text))
    found = [(str(d.location or "-"), d.message, d.hint or "") for d in info.value.diagnostics]
    # In role order: title, body, kai.
    assert found[0][:2] == ("t.yaml:11:10", "no font named '方正小标宋' among the 10 fonts found")
    assert found[0][2].startswith("did you mean '方正小标宋简体'")
    assert found[1][:2] == ("t.yaml:12:21", "font file '/no/such/font.otf' does not exist")
    kai = "the kai font 'FandolKia': no font named 'FandolKia' among the 10 fonts found"
    assert found[2][:2] == ("-", kai)
    assert found[2][2].startswith("did you mean 'FandolKai'")
    assert len(found) == 3


@pytest.mark.parametrize(
    ("fonts", "expected"),
    [
        (
            "  仿宋: X\n",
            "t.yaml:11:3: error: unknown font role '仿宋' in fonts\n"
            "  hint: did you mean 'body' (仿宋)?",
        ),
        (
            "  boyd: X\n",
            "t.yaml:11:3: error: unknown font role 'boyd' in fonts\n  hint: did you mean 'body'?",
        ),
        (
            "  body: []\n",
            "t.yaml:11:9: error: fonts.body must not be empty\n  hint: name at least one",
        ),
        (
            "  body: 12\n",
            "t.yaml:11:9: error: fonts.body must be a font name or a list of font names "
            "(primary first, then fallbacks), got 12\n"
            "  hint: to use it as text, put it in quotes: '12'",
        ),
        (
            "  - body\n",
            "t.yaml:11:3: error: fonts must be a mapping of font roles to font names, got a list\n"
            "  hint: its keys are title, body, heading, kai, folio, e.g. body: 仿宋_GB2312",
        ),
    ],
)
def test_bad_fonts_mapping(fonts: str, expected: str) -> None:
    with pytest.raises(IssueError) as info:
        issue(with_fonts(fonts))
    assert errors(info) == [expected]


def test_config_file_errors_are_located_in_it(office: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("font_dirs: [fonts]\nfont: {body: X}\n")
    with pytest.raises(IssueError) as info:
        selector_of(options(office, tmp_path, config=config)).chains(issue())
    assert errors(info) == [
        f"{config}:2:1: error: unknown key 'font'\n  hint: did you mean 'fonts'?"
    ]


def test_config_font_dirs_are_searched(office: Path, tmp_path: Path) -> None:
    config = tmp_path / "cfg" / "config.yaml"
    config.parent.mkdir()
    config.write_text(f"fonts:\n  body: 仿宋_GB2312\nfont_dirs: ['{office}', missing]\n")
    opts = FontOptions(config=config, cache_dir=tmp_path, system_fonts=False, environ={})
    selector = selector_of(opts)
    plain = issue(with_fonts("").replace(RARE, ""))
    chains = selector.chains(plain)
    assert chains["body"].records[0].path == office / "simfang.ttf"
    selection = select(selector, plain)
    col = len(f"font_dirs: ['{office}', ") + 1
    assert [str(d) for d in selection.problems] == [
        f"{config}:3:{col}: warning: font folder 'missing' does not exist; skipped"
    ]


def test_index_is_built_once_per_selector(
    office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[object] = []
    build = FontIndex.build.__func__  # type: ignore[attr-defined]

    def counting(cls: type[FontIndex], *args: object, **kw: object) -> FontIndex:
        builds.append(args)
        return build(cls, *args, **kw)  # type: ignore[no-any-return]

    monkeypatch.setattr(FontIndex, "build", classmethod(counting))
    selector = FontSelector(options(office, tmp_path))
    for _ in range(3):
        selector.chains(issue())
    assert len(builds) == 1
