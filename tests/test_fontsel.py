"""fontsel: choosing each role's fonts by name, precedence, errors with
locations, CFF fonts end to end, the conversion cache, --allow-missing."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import read
from officefonts import ISSUE, RARE, RARE_AT, make_office_fonts

import jianbao.fonts.prepare
from jianbao.cli.options import FontOptionError, parse_font_option
from jianbao.errors import IssueError
from jianbao.fonts import index as fontdb
from jianbao.fonts.face import FontLoader
from jianbao.fonts.index import FontIndex
from jianbao.fonts.select import FontOptions, FontSelector, Selection, merge_choices, suits
from jianbao.layout import compose
from jianbao.layout.frame import TextItem
from jianbao.model import Issue
from jianbao.pipeline import Options, Rendered, Session, render
from jianbao.theme import DEFAULT_THEME

THEME = DEFAULT_THEME


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_office_fonts(tmp_path_factory.mktemp("office"))


def options(office: Path, cache: Path, **kw: object) -> FontOptions:
    """Search only ``office`` and the bundled fonts; cache under ``cache``."""
    return FontOptions(
        font_dirs=(office,),
        cache_dir=cache,
        system_fonts=False,
        environ={},
        **kw,  # type: ignore[arg-type]
    )


def issue(text: str = ISSUE, name: str = "t.yaml") -> Issue:
    return read(text, name).issue


def selector_of(opts: FontOptions) -> FontSelector:
    """The selector a pipeline session makes of ``opts`` (it reads the config file)."""
    return Session(Options(fonts=opts)).selector


def select(selector: FontSelector, chosen: Issue) -> Selection:
    """The fonts of ``chosen`` for what its copy prints."""
    return selector.select(chosen, tuple(compose(chosen, THEME).printed()))


def rendered(text: str, session: Session) -> Rendered:
    return render(read(text, "t.yaml"), session=session)


def session_of(opts: FontOptions) -> Session:
    return Session(Options(fonts=opts), FontLoader())


def with_fonts(fonts: str) -> str:
    """ISSUE with its fonts: mapping replaced by ``fonts`` (YAML lines)."""
    return ISSUE.split("fonts:\n")[0] + ("fonts:\n" + fonts if fonts else "")


def errors(exc: pytest.ExceptionInfo[IssueError]) -> list[str]:
    return [str(d) for d in exc.value.diagnostics]


# -- names ---------------------------------------------------------------------


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


# -- precedence ------------------------------------------------------------------


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


def test_font_options_parse_and_join() -> None:
    body = parse_font_option("body=仿宋_GB2312, FandolFang")
    assert (body.role, [n.value for n in body.names]) == ("body", ["仿宋_GB2312", "FandolFang"])
    merged = merge_choices([body, parse_font_option("title=X"), parse_font_option("body=Y")])
    assert [(c.role, [n.value for n in c.names]) for c in merged] == [
        ("body", ["仿宋_GB2312", "FandolFang", "Y"]),
        ("title", ["X"]),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("仿宋_GB2312", "'仿宋_GB2312' is not ROLE=NAME (e.g. body=仿宋_GB2312)"),
        ("kia=KaiTi", "unknown font role 'kia' in 'kia=KaiTi'; did you mean 'kai'?"),
        ("仿宋=X", "unknown font role '仿宋' in '仿宋=X'; did you mean 'body' (仿宋)?"),
        ("body=", "'body=' names no font"),
    ],
)
def test_bad_font_options(value: str, message: str) -> None:
    with pytest.raises(FontOptionError) as info:
        parse_font_option(value)
    assert str(info.value) == message


# -- errors at the place they were written ------------------------------------------------


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


# -- coverage ---------------------------------------------------------------------------


def test_missing_character_is_an_error_at_each_place_with_a_hint(
    office: Path, tmp_path: Path
) -> None:
    text = with_fonts("  body: 仿宋_GB2312\n").replace("字。", f"字{RARE}。")
    with pytest.raises(IssueError) as info:
        rendered(text, session_of(options(office, tmp_path)))
    line, col = RARE_AT
    label = f"'{RARE}' (U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7)"
    message = f"error: character {label} is not in the body (仿宋) font (FangSong_GB2312)"
    hint = (
        "hint: the installed font 'ExtB Test' has it; add it as a fallback: "
        "fonts: {body: [FangSong_GB2312, ExtB Test]}"
    )
    assert errors(info) == [
        f"t.yaml:{line}:{col}: {message}\n  {hint}",
        f"t.yaml:{line}:{col + 2}: {message}\n  {hint}",
    ]


def test_allow_missing_draws_from_an_installed_font_or_leaves_a_gap(
    office: Path, tmp_path: Path
) -> None:
    text = with_fonts("  body: 仿宋_GB2312\n").replace("字。", "字\u4dc0。")  # ䷀: no font has it
    result = rendered(text, session_of(options(office, tmp_path, allow_missing=True)))
    messages = [(d.severity, d.hint) for d in result.warnings]
    assert messages == [
        ("warning", f"drawn from 'ExtB Test' ({office / 'extb.ttf'}) for this draft"),
        ("warning", "no installed font has it: its place is left empty in this draft"),
    ]
    body = [i for i in result.layout.pages[0].items if isinstance(i, TextItem) and i.kind == "body"]
    assert "".join(i.text for i in body) == f"测试正文{RARE}字。"  # the gap is not drawn
    rare = next(i for i in body if i.text == RARE)
    assert rare.face.family == "ExtB Test"
    assert body[-1].x - body[-2].x == pytest.approx(2 * THEME.cell)  # 。 keeps its cell


# -- CFF end to end, and the cache -------------------------------------------------------


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


def test_missing_character_hint_prefers_a_font_suited_to_the_role(
    office: Path, tmp_path: Path
) -> None:
    from fontmaker import make_font, save

    save(make_font(RARE + "国", family={"en": "HeiExt", "zh": "黑体扩展"}, ps_name="HeiExt"),
         office / "heiext.ttf")  # fmt: skip
    save(make_font(RARE + "国", family={"en": "FangExt", "zh": "仿宋扩展"}, ps_name="FangExt"),
         office / "fangext.ttf")  # fmt: skip
    text = with_fonts("  body: 仿宋_GB2312\n").replace("字。", f"字{RARE}。")
    with pytest.raises(IssueError) as info:
        rendered(text, session_of(options(office, tmp_path)))
    hints = {d.hint for d in info.value.diagnostics}
    assert len(hints) == 1
    (hint,) = hints
    assert hint is not None and "'FangExt'" in hint, hint
