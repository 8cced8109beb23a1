"""The Python API: jianbao.render, load, check and Renderer, from paths,
bytes and mappings; errors with locations; outputs never over an input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

import jianbao
import jianbao.api
import jianbao.pipeline
from jianbao.cli.app import app
from jianbao.fonts.face import FontLoader, bundled_dir
from jianbao.fonts.select import FontOptions

pytestmark = pytest.mark.usefixtures("shared_fonts")
ROOT = Path(__file__).resolve().parent.parent
SERIES_ISSUE = ROOT / "examples" / "series" / "2026" / "2026-01.yaml"
DATA: dict[str, Any] = {
    "masthead": {"name": "测试简报", "number": 2, "issuer": "某办", "date": "2026-03-10"},
    "articles": [{"title": "标题", "body": "正文。"}],
}


def pages(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_public_names() -> None:
    for name in ("render", "load", "check", "Renderer", "IssueError", "JianbaoError"):
        assert name in jianbao.__all__ and hasattr(jianbao, name)
    assert issubclass(jianbao.IssueError, jianbao.JianbaoError)


def test_render_a_path_to_bytes() -> None:
    pdf = jianbao.render(SERIES_ISSUE)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    text = pages(pdf)[0]
    assert "政务信息" in text  # the masthead name came from the series file


def test_render_to_a_path(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    assert jianbao.render(DATA, out) == out
    assert out.read_bytes().startswith(b"%PDF-")
    assert jianbao.render(DATA, str(out)) == out  # str or PathLike


def test_render_a_mapping_bytes_and_json_alike() -> None:
    from_data = jianbao.render(DATA)
    from_json = jianbao.render(json.dumps(DATA, ensure_ascii=False).encode())
    dated = jianbao.render({**DATA, "masthead": {**DATA["masthead"], "date": dt.date(2026, 3, 10)}})
    assert from_data == from_json == dated  # output is deterministic


def test_load_applies_the_series() -> None:
    issue = jianbao.load(SERIES_ISSUE)
    assert issue.masthead.issuer.value == "青禾县人民政府办公室"
    assert issue.masthead.number == 1
    assert issue.colophon is not None and issue.colophon.copies == 120


def test_series_option_for_bytes_and_mappings() -> None:
    own = {"masthead": {"number": 9, "date": "2026-09-01"}, "articles": DATA["articles"]}
    with pytest.raises(jianbao.IssueError, match="missing required key 'name'"):
        jianbao.load(own)
    issue = jianbao.load(own, series=ROOT / "examples" / "series" / "jianbao.yaml")
    assert issue.masthead.issuer.value == "青禾县人民政府办公室"


def test_errors_carry_diagnostics_with_locations(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "masthead:\n  name: 简报\n  number: 0\n  issuer: 某办\n  date: 2026/3/10\n"
        "articles:\n  - title: 标题\n    body: 正文。\n",
        encoding="utf-8",
    )
    with pytest.raises(jianbao.IssueError) as info:
        jianbao.render(path, tmp_path / "bad.pdf")
    found = [(d.location.line, d.location.col) for d in info.value.diagnostics if d.location]
    assert found == [(3, 11), (5, 9)]
    assert all(d.location and d.location.file == str(path) for d in info.value.diagnostics)
    assert info.value.diagnostics[0].as_dict()["line"] == 3
    assert not (tmp_path / "bad.pdf").exists()


def test_bytes_that_are_not_utf8() -> None:
    with pytest.raises(jianbao.IssueError, match="not UTF-8") as info:
        jianbao.load("masthead: 简报".encode("gb18030"))
    assert info.value.diagnostics[0].location is not None


def test_output_never_overwrites_the_issue(tmp_path: Path) -> None:
    path = tmp_path / "issue.json"
    path.write_text(json.dumps(DATA, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(jianbao.JianbaoError, match="overwrite the issue file"):
        jianbao.render(path, path)
    assert json.loads(path.read_text(encoding="utf-8")) == DATA


def test_output_never_overwrites_any_input(tmp_path: Path) -> None:
    """Not the series file, the config file or a font file either — the same
    guard, and the same message, as the command line's."""
    ser = tmp_path / "ser"
    shutil.copytree(ROOT / "examples" / "series", ser)
    issue = ser / "2026" / "2026-01.yaml"
    fang = tmp_path / "fang.ttf"
    shutil.copyfile(bundled_dir() / "FandolFang-Regular.ttf", fang)
    config = tmp_path / "config.yaml"
    config.write_text("fonts:\n  kai: FandolKai\n", encoding="utf-8")
    cases = [
        (issue, ser / "jianbao.yaml", "the series file", {}),
        (DATA, ser / "jianbao.yaml", "the series file", {"series": ser / "jianbao.yaml"}),
        (issue, fang, "a font file of this issue", {"fonts": {"body": str(fang)}}),
        (issue, issue, "the issue file", {}),
    ]
    for source, target, what, kwargs in cases:
        before = target.read_bytes()
        with pytest.raises(jianbao.JianbaoError, match=f"the output would overwrite {what}"):
            jianbao.render(source, target, **kwargs)
        assert target.read_bytes() == before
    options = jianbao.pipeline.Options(fonts=FontOptions(config=config))
    with pytest.raises(jianbao.JianbaoError, match="the output would overwrite the config file"):
        jianbao.Renderer(options).render(issue, config)
    assert "FandolKai" in config.read_text(encoding="utf-8")
    # the command line says the same
    result = CliRunner().invoke(app, ["render", str(issue), "-o", str(ser / "jianbao.yaml")])
    assert result.exit_code == 1
    assert f"{ser / 'jianbao.yaml'}: the output would overwrite the series file" in result.stderr


def test_check_returns_warnings_or_raises() -> None:
    assert jianbao.check(DATA) == ()
    odd = {**DATA, "articles": [{"title": "标题", "body": "正文😀。"}]}
    with pytest.raises(jianbao.IssueError, match="U\\+1F600"):
        jianbao.check(odd)
    warnings = jianbao.check(odd, allow_missing=True)
    assert warnings and all(w.severity == "warning" for w in warnings)


def test_fonts_option(tmp_path: Path) -> None:
    kai = str(bundled_dir() / "FandolKai-Regular.ttf")
    pdf = jianbao.render(DATA, fonts={"body": kai, "title": [kai]})
    assert isinstance(pdf, bytes)
    with pytest.raises(jianbao.IssueError, match="does not exist"):
        jianbao.check(DATA, fonts={"body": str(tmp_path / "none.ttf")})


def test_a_renderer_keeps_its_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jianbao.pipeline, "FontLoader", FontLoader)
    renderer = jianbao.Renderer()
    first = renderer.render(DATA)
    faces = dict(renderer.session.loader._faces)
    second = renderer.render(SERIES_ISSUE)
    assert isinstance(first, bytes) and isinstance(second, bytes)
    assert renderer.session.loader._faces == faces and len(faces) == 5  # nothing opened again


def test_a_source_of_the_wrong_kind_says_what_a_source_is() -> None:
    text = (ROOT / "examples" / "series" / "2026" / "2026-01.yaml").read_text("utf-8")
    with pytest.raises(jianbao.JianbaoError, match=r"pass bytes \(text\.encode\(\)\)") as info:
        jianbao.render(text)  # the issue's text as str, not a path
    assert "file name too long" not in str(info.value) and "会议" not in str(info.value)
    for wrong in (None, 3, ["masthead"], bytearray(b"masthead: {}")):
        with pytest.raises(TypeError, match="a path, bytes or a mapping"):
            jianbao.load(wrong)  # type: ignore[arg-type]


def test_bad_font_keywords_are_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(jianbao.JianbaoError, match=r"font folder '.*none' does not exist"):
        jianbao.render(DATA, font_dirs=[tmp_path / "none"])
    with pytest.raises(TypeError, match="fonts must map a role to names"):
        jianbao.check(DATA, fonts="body=FandolFang")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (10**5000, "a number in the data has more than 4300 digits"),
        (10**40, f"masthead.number must be at most 9999, got {10**40}"),
    ],
    ids=["5001 digits", "41 digits"],
)
def test_numbers_from_a_program_are_bounded(number: int, message: str) -> None:
    data = {**DATA, "masthead": {**DATA["masthead"], "number": number}}
    with pytest.raises(jianbao.IssueError) as caught:
        jianbao.check(data)
    assert message in str(caught.value)


def test_numbers_from_a_program_need_no_yaml_spelling() -> None:
    data = {**DATA, "masthead": {**DATA["masthead"], "number": 8}, "colophon": {"copies": 120}}
    jianbao.check(data)


def with_issuer(value: object) -> dict[str, Any]:
    return {**DATA, "masthead": {**DATA["masthead"], "issuer": value}}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (b"abc", "masthead.issuer: bytes is not a value an issue can hold"),
        ({"甲"}, "masthead.issuer: set is not a value an issue can hold"),
        (object(), "masthead.issuer: object is not a value an issue can hold"),
        (float("inf"), "masthead.issuer: inf is not a number an issue can hold"),
        ({1: "a"}, "masthead.issuer: a key must be text, not int 1"),
        (True, "masthead.issuer must be text, got true"),
        ("某\ud842办", "masthead.issuer holds a lone surrogate \\ud842"),
    ],
    ids=["bytes", "set", "object", "inf", "int key", "bool", "lone surrogate"],
)
def test_values_from_a_program_are_checked_as_a_file_is(value: object, message: str) -> None:
    """Nothing is printed as Python would show it (b'abc', {'甲'}, <object …>)."""
    with pytest.raises(jianbao.IssueError) as caught:
        jianbao.check(with_issuer(value))
    assert message in str(caught.value)
    assert "hint:" in str(caught.value)


def test_any_mapping_and_tuples_and_dates_are_data() -> None:
    import collections
    import types

    issue = {**DATA, "masthead": {**DATA["masthead"], "date": dt.date(2026, 3, 10)}}
    issue["articles"] = ({"title": "标题", "body": ("正文。", "二段。")},)
    for data in (types.MappingProxyType(issue), collections.ChainMap({}, issue)):
        text = "".join(pages(jianbao.render(data)))
        assert "测试简报" in text and "二段。" in text and "2026年3月10日" in text


def test_a_pair_of_surrogates_from_a_program_is_one_character() -> None:
    assert "𠮷" in jianbao.load(with_issuer("\ud842\udfb7办")).masthead.issuer.value


def test_data_that_contains_itself_is_an_error_not_a_hang() -> None:
    loop: dict[str, Any] = {}
    loop["x"] = loop
    with pytest.raises(jianbao.IssueError, match="nests more than 100 levels"):
        jianbao.check({**DATA, "style": loop})
