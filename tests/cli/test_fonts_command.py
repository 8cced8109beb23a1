"""jianbao fonts: the usable fonts grouped by role, the fonts of one issue
and what they lack, as text or JSON; font options on render."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import said
from officefonts import ISSUE, RARE, RARE_AT, make_office_fonts
from typer.testing import CliRunner, Result

import jianbao.cli.fonts
from jianbao.cli.app import app
from jianbao.errors import Diagnostic, JianbaoError

runner = CliRunner()


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_office_fonts(tmp_path_factory.mktemp("office"))


@pytest.fixture
def env(office: Path, tmp_path: Path) -> dict[str, str]:
    return {
        "JIANBAO_FONT_PATH": str(office),
        "JIANBAO_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "JIANBAO_CONFIG": "",
    }


def issue_file(folder: Path, text: str = ISSUE) -> Path:
    path = folder / "issue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(env: dict[str, str], *args: str) -> Result:
    return runner.invoke(app, list(args), env=env)


def test_fonts_lists_usable_fonts_by_role(env: dict[str, str], office: Path) -> None:
    result = run(env, "fonts")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    body = lines.index("body (仿宋) — body text, number, issuer, date, colophon:")
    assert lines[body + 1].startswith("  FangSong_GB2312 / 仿宋_GB2312 · Regular · TrueType · ")
    title = lines.index("title (小标宋) — masthead name, titles and kickers:")
    section = lines[title + 1 : lines.index("", title)]
    assert any(
        line.startswith("  FZXiaoBiaoSong-B05S / 方正小标宋简体 · Regular · CFF · ")
        and line.endswith(str(office / "FZXBSJW.otf"))
        for line in section
    )
    assert any("新宋测试" in line and "TrueType in .ttc" in line for line in lines)
    assert not any("ExtB Test" in line for line in lines)  # not a Chinese text font
    assert "ExtB Test" in run(env, "fonts", "--all").stdout


def test_fonts_json_describes_each_face(env: dict[str, str], office: Path) -> None:
    result = run(env, "fonts", "--json")
    assert result.exit_code == 0, result.output
    faces = {f["postscript_name"]: f for f in json.loads(result.stdout)["fonts"]}
    xbs = faces["FZXBSJW--GB1-0"]
    assert xbs["family_names"] == ["FZXiaoBiaoSong-B05S", "方正小标宋简体"]
    assert (xbs["role"], xbs["outline"], xbs["container"]) == ("title", "cff", "otf")
    assert xbs["file"] == str(office / "FZXBSJW.otf")
    assert faces["FangSong_GB2312"]["role"] == "body"
    assert faces["NSimTest"]["spec"] == f"{office / 'sub' / 'simsun.ttc'}#1"
    assert faces["FandolKai-Regular"]["role"] == "kai"


def test_fonts_of_an_issue(env: dict[str, str], tmp_path: Path, office: Path) -> None:
    path = issue_file(tmp_path)
    result = run(env, "fonts", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    body = lines.index(f"body (仿宋) — from {path}:12:10")
    assert lines[body + 1].startswith("  1. FangSong_GB2312 (Regular, TrueType) ")
    assert lines[body + 1].endswith("characters  (named '仿宋_GB2312')")
    assert lines[body + 2].startswith("  2. ExtB Test (Regular, TrueType) ")
    assert lines[body + 2].endswith(" — +1  (named '测试扩展B')")
    assert "folio (页码) — from the bundled fonts" in lines

    data = json.loads(run(env, "fonts", str(path), "--json").stdout)
    role = data["roles"]["body"]
    assert role["source"] == str(path)
    assert [f["covers"] for f in role["fonts"]] == [role["characters"] - 1, 1]
    assert role["missing"] == []
    assert data["roles"]["title"]["fonts"][0]["outline"] == "cff"


def test_fonts_of_an_issue_shows_what_is_missing(env: dict[str, str], tmp_path: Path) -> None:
    path = issue_file(tmp_path)
    result = run(env, "fonts", str(path), "--font", "body=仿宋_GB2312", "--json")
    assert result.exit_code == 1
    missing = json.loads(result.stdout)["roles"]["body"]["missing"]
    line, col = RARE_AT
    assert missing == [
        {
            "char": RARE,
            "codepoint": "U+20BB7",
            "label": f"'{RARE}' (U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7)",
            "locations": [f"{path}:{line}:{col}"],
        }
    ]


def test_config_file_chooses_fonts(env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "config" / "jianbao" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("fonts:\n  kai: 新宋测试\n  body: [仿宋_GB2312, 测试扩展B]\n")
    path = issue_file(tmp_path, ISSUE.split("fonts:")[0])
    data = json.loads(run(env, "fonts", str(path), "--json").stdout)
    assert data["roles"]["kai"]["source"] == str(config)
    assert data["roles"]["kai"]["fonts"][0]["postscript_name"] == "NSimTest"
    other = tmp_path / "other.yaml"
    other.write_text("fonts: {kai: FandolKai}\n")
    data = json.loads(run(env, "fonts", str(path), "--json", "--config", str(other)).stdout)
    assert data["roles"]["kai"]["fonts"][0]["postscript_name"] == "FandolKai-Regular"
    assert data["roles"]["body"]["source"] == "bundled"


def test_unknown_font_is_an_error_where_it_is_written(env: dict[str, str], tmp_path: Path) -> None:
    path = issue_file(tmp_path, ISSUE.replace("title: 方正小标宋简体", "title: 方正小标宋"))
    for command in ("fonts", "render"):
        result = run(env, command, str(path))
        assert result.exit_code == 1
        assert f"{path}:11:10: error: no font named '方正小标宋' among the" in result.stderr
        assert "hint: did you mean '方正小标宋简体'" in result.stderr
    assert not path.with_suffix(".pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--font", "body"], "'body' is not ROLE=NAME"),
        (["--font", "bdy=FandolFang"], "did you mean 'body'?"),
        (["--font-dir", "/no/such/folder"], "is not a folder"),
        (["--config", "/no/such/config.yaml"], "does not exist"),
    ],
)
def test_bad_font_options_are_usage_errors(
    env: dict[str, str], tmp_path: Path, args: list[str], message: str
) -> None:
    for command in ("fonts", "render"):
        result = run(env, command, str(issue_file(tmp_path)), *args)
        assert result.exit_code == 2, (command, result.output)
        assert message in said(result.stderr)


def test_a_config_that_is_no_file_is_never_skipped(env: dict[str, str], tmp_path: Path) -> None:
    """--config DIR, a JIANBAO_CONFIG that is not there and a folder where the
    default config file goes: each said, none quietly left out."""
    issue = str(issue_file(tmp_path))
    cases = [
        ({}, ["--config", str(tmp_path)], f"'{tmp_path}' is a folder; give the config file in it"),
        ({"JIANBAO_CONFIG": str(tmp_path / "no.yaml")}, [], "JIANBAO_CONFIG: '"),
    ]
    (Path(env["XDG_CONFIG_HOME"]) / "jianbao" / "config.yaml").mkdir(parents=True)
    cases.append(({}, [], "is a folder where the config file goes; rename it"))
    for extra, args, message in cases:
        result = run({**env, **extra}, "render", issue, *args)
        assert result.exit_code == 2, result.output
        assert message in said(result.stderr)


def test_render_with_font_options(env: dict[str, str], tmp_path: Path, office: Path) -> None:
    path = issue_file(tmp_path)
    out = tmp_path / "out.pdf"
    result = run(env, "render", str(path), "-o", str(out), "--font", "body=仿宋_GB2312")
    assert result.exit_code == 1
    line, col = RARE_AT
    assert f"{path}:{line}:{col}: error: character '{RARE}'" in result.stderr
    assert not out.exists()

    args = ["--font", "body=仿宋_GB2312", "--allow-missing", "--font-dir", str(office)]
    result = run(env, "render", str(path), "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert f"{path}:{line}:{col}: warning: character '{RARE}'" in result.stderr
    assert "hint: drawn from 'ExtB Test'" in result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_fonts_of_an_issue_that_needs_the_series_option(
    env: dict[str, str], tmp_path: Path
) -> None:
    series = tmp_path / "bulletin.yaml"
    series.write_text("masthead:\n  name: 工作简报\n  issuer: 测试办公室\n", encoding="utf-8")
    head = "masthead:\n  name: 工作简报\n  number: 3\n  issuer: 测试办公室\n"
    path = issue_file(tmp_path, ISSUE.replace(head, "masthead:\n  number: 3\n"))
    assert run(env, "fonts", str(path)).exit_code == 1  # no series: masthead incomplete
    result = run(env, "fonts", str(path), "--series", str(series), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["roles"]["body"]["source"] == str(path)
    assert run(env, "fonts", str(path), "--series", str(tmp_path / "no.yaml")).exit_code == 2


def test_fonts_json_diagnostics_have_one_shape(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise JianbaoError("the font index cannot be written")

    monkeypatch.setattr(jianbao.cli.fonts, "list_fonts", broken)
    result = run(env, "fonts", "--json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["diagnostics"]
    assert problem == Diagnostic(None, "the font index cannot be written").as_dict()
    assert run(env, "fonts").stderr == "error: the font index cannot be written\n"
