"""A batch's inputs and outputs: files, folders and globs expanded (series
files, hidden files and JSON Schema documents left out), outputs beside
the issues or mirrored under --out-dir, never over an input or each other."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from batchkit import SERIES, issue, run_cli, runner
from conftest import said, write

from jianbao.api import options
from jianbao.cli.app import app
from jianbao.cli.batch import Settings, run
from jianbao.cli.jobs import InputProblem, Job, UsageProblem
from jianbao.cli.plan import Found, Unmatched, expand, plan
from jianbao.cli.report import first_error
from jianbao.fonts.face import bundled_dir
from jianbao.fonts.select import FontOptions
from jianbao.issue.schema import json_schema
from jianbao.pipeline import Options

pytestmark = pytest.mark.usefixtures("shared_fonts")


def names(items: list[Found | Unmatched], root: Path) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, Unmatched):
            out.append(f"unmatched {item.arg}")
        else:
            assert item.path is not None
            out.append(item.path.relative_to(root).as_posix())
    return out


# --- planning outputs ----------------------------------------------------------------
def outputs(jobs: list[Job], root: Path) -> list[str]:
    return [str(j.output.relative_to(root)) if j.output else "-" for j in jobs]


# --- finding issue files ---------------------------------------------------------
def test_folder_recursively_without_series_or_hidden_files(archive: Path) -> None:
    assert names(expand([str(archive)]), archive) == [
        "2026/01.yaml",
        "2026/02.yaml",
        "2026/03.yaml",
    ]


def test_series_named_by_an_issue_is_left_out(archive: Path) -> None:
    write(archive / "shared.yaml", SERIES)
    write(archive / "2026" / "04.yaml", "series: ../shared.yaml\n" + issue(4, "2026-04-10"))
    found = names(expand([str(archive)]), archive)
    assert "shared.yaml" not in found and "2026/04.yaml" in found
    # named on purpose, it is taken as an issue (and will fail as one)
    assert names(expand([str(archive / "shared.yaml")]), archive) == ["shared.yaml"]


def test_the_series_option_file_is_left_out_of_folder_scans(archive: Path) -> None:
    """``--series FILE`` inside the folder being rendered is not an issue."""
    (archive / "jianbao.yaml").rename(archive / "common.yaml")
    common = archive / "common.yaml"
    assert "common.yaml" in names(expand([str(archive)]), archive)
    assert "common.yaml" not in names(expand([str(archive)], common), archive)
    jobs, failed = plan([str(archive)], series=common, write=False)
    assert failed == [] and len(jobs) == 3
    code, err = run_cli("check", str(archive), "--series", str(common))
    assert code == 0, err
    assert "checked 3: 3 ok" in err


def test_globs_files_and_duplicates(archive: Path) -> None:
    args = [str(archive / "2026" / "0[12].yaml"), str(archive / "2026" / "01.yaml"), str(archive)]
    assert names(expand(args), archive) == ["2026/01.yaml", "2026/02.yaml", "2026/03.yaml"]
    recursive = names(expand([str(archive / "**" / "*.yaml")]), archive)
    assert recursive == ["2026/01.yaml", "2026/02.yaml", "2026/03.yaml"]


def test_arguments_that_name_nothing(archive: Path) -> None:
    (archive / "empty").mkdir()
    missing = str(archive / "nope.yaml")
    items = expand([str(archive / "empty"), str(archive / "*.json"), missing])
    assert isinstance(items[0], Unmatched) and "no issue files" in items[0].message
    assert isinstance(items[1], Unmatched) and "no issue files match" in items[1].message
    assert isinstance(items[2], Found)  # a missing file is reported when it is read


def test_folder_scans_skip_json_schema_documents(archive: Path) -> None:
    """``jianbao schema > x.json`` in a series folder is not taken for an issue."""
    schema = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    write(archive / "jianbao.schema.json", schema)
    write(archive / "2026" / "schema.yaml", "type: object\nproperties:\n  a: {}\n")
    write(archive / "2026" / "id.yaml", "$id: https://example.com/x\n")
    assert names(expand([str(archive)]), archive) == [
        "2026/01.yaml",
        "2026/02.yaml",
        "2026/03.yaml",
    ]
    only_schema = str(archive / "*.json")
    assert names(expand([only_schema]), archive) == [f"unmatched {only_schema}"]
    # named on purpose, it is taken (and fails as an issue)
    assert names(expand([str(archive / "jianbao.schema.json")]), archive) == ["jianbao.schema.json"]
    code, err = run_cli("render", str(archive), "-j", "1")
    assert code == 0, err


def test_a_symlink_out_of_the_folder_is_mirrored_where_the_link_is(
    archive: Path, tmp_path: Path
) -> None:
    elsewhere = write(tmp_path / "elsewhere" / "real.yaml", issue(4, "2026-04-10"))
    link = archive / "2026" / "link.yaml"
    try:
        link.symlink_to(os.path.relpath(elsewhere, link.parent))
    except OSError:
        pytest.skip("no symlinks here")
    out = tmp_path / "out"
    jobs, failed = plan([str(archive)], out_dir=out)
    assert failed == []
    assert "2026/link.pdf" in [p.replace(os.sep, "/") for p in outputs(jobs, out)]
    code, err = run_cli("render", str(archive), "--out-dir", str(out), "-j", "1")
    assert code == 0, err
    assert (out / "2026" / "link.pdf").read_bytes().startswith(b"%PDF-")
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["render", "check"])
def test_an_input_that_cannot_be_looked_at(tmp_path: Path, command: str) -> None:
    """An OSError while finding the inputs is ``PATH: error: reason``, exit 1."""
    name = str(tmp_path / ("a" * 300))
    with pytest.raises(InputProblem) as info:
        plan([name])
    assert str(info.value) == f"{name}: error: file name too long"
    result = runner.invoke(app, [command, name])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"{name}: error: file name too long\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_input_that_cannot_be_looked_at_still_gives_one_json_report(tmp_path: Path) -> None:
    name = str(tmp_path / ("a" * 300))
    result = runner.invoke(app, ["check", name, "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert (data["ok"], data["counts"]) == (False, {"checked": 0, "failed": 1})
    [entry] = data["inputs"]
    assert (entry["input"], entry["status"], entry["output"]) == (name, "failed", None)
    assert entry["diagnostics"][0]["message"] == f"{name}: file name too long"
    assert set(entry) == {"input", "status", "output", "pages", "seconds", "diagnostics"}


def test_a_symlink_loop_is_an_unreadable_file(archive: Path) -> None:
    loop = archive / "2026" / "loop.yaml"
    try:
        loop.symlink_to("loop.yaml")
    except OSError:
        pytest.skip("no symlinks here")
    code, err = run_cli("render", str(archive), "-j", "1")
    assert code == 1
    assert f"{loop}: error: cannot read {loop}" in err
    assert "Traceback" not in err and "internal error" not in err


def test_outputs_beside_the_issues(archive: Path) -> None:
    jobs, failed = plan([str(archive)])
    assert failed == []
    assert outputs(jobs, archive) == ["2026/01.pdf", "2026/02.pdf", "2026/03.pdf"]
    assert all(j.incremental and not j.make_dirs for j in jobs)


def test_out_dir_mirrors_the_input_tree(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extra = write(tmp_path / "loose.yaml", issue())
    jobs, _ = plan([str(archive), str(extra)], out_dir=out)
    assert outputs(jobs, out) == [
        "archive/2026/01.pdf",
        "archive/2026/02.pdf",
        "archive/2026/03.pdf",
        "loose.pdf",
    ]
    assert all(j.make_dirs for j in jobs)
    # -o with a folder or several inputs is the same as --out-dir
    jobs, _ = plan([str(archive)], output=str(out))
    assert outputs(jobs, out) == ["2026/01.pdf", "2026/02.pdf", "2026/03.pdf"]


def test_a_single_named_issue_keeps_its_output_and_is_always_rendered(archive: Path) -> None:
    target = archive / "x.pdf"
    jobs, _ = plan([str(archive / "2026" / "01.yaml")], output=str(target))
    assert [(j.output, j.incremental, j.make_dirs) for j in jobs] == [(target, False, False)]
    jobs, _ = plan([str(archive / "2026" / "01.yaml")], output="-")
    assert jobs[0].output is None


def test_outputs_never_overwrite_inputs_or_each_other(archive: Path) -> None:
    write(archive / "2026" / "01.json", '{"masthead": {}}')  # 01.pdf, like 01.yaml
    odd = write(archive / "odd.pdf", issue())  # an issue file named .pdf
    jobs, failed = plan([str(archive), str(odd)])
    problems = {r.input: first_error(r) for r in failed}
    assert problems == {
        str(archive / "2026" / "01.yaml"): f"{archive / '2026' / '01.yaml'}: error: "
        f"{archive / '2026' / '01.pdf'}: the output of {archive / '2026' / '01.json'} "
        "would be written there too",
        str(odd): f"{odd}: error: {odd}: the output would overwrite the issue file",
    }
    assert [j.index for j in jobs] == [0, 2, 3] and [r.index for r in failed] == [1, 4]


def test_an_output_never_overwrites_the_series_or_a_font(archive: Path, tmp_path: Path) -> None:
    series = archive / "jianbao.yaml"
    fang = tmp_path / "fang.ttf"
    shutil.copyfile(bundled_dir() / "FandolFang-Regular.ttf", fang)
    config = write(tmp_path / "config.yaml", "fonts:\n  kai: FandolKai\n")
    settings = Settings(
        Options(
            fonts=FontOptions(fonts=options(fonts={"body": str(fang)}).fonts.fonts, config=config)
        )
    )
    for target, what in ((series, "the series file"), (fang, "a font file of this issue"),
                         (config, "the config file")):  # fmt: skip
        before = target.read_bytes()
        jobs, _ = plan([str(archive / "2026" / "01.yaml")], output=str(target))
        (result,) = run(jobs, settings)
        assert result.status == "failed"
        assert f"{target}: the output would overwrite {what}" in first_error(result)
        assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["a.yaml", "b.yaml"], {"output": "-"}, "exactly one issue"),
        (["-", "a.yaml"], {}, "cannot be combined"),
        (["a.yaml"], {"output": "x.pdf", "out_dir": Path("d")}, "not both"),
        (["-"], {"out_dir": Path("d")}, "needs -o FILE.pdf or -o -"),
        (["a.yaml", "b.yaml"], {"output": "x.PDF"}, "-o x.PDF names one PDF"),
        (["*.yaml"], {"output": "one.pdf"}, "-o one.pdf names one PDF"),
    ],
)
def test_usage_problems(args: list[str], options: dict[str, object], message: str) -> None:
    with pytest.raises(UsageProblem, match=re.escape(message)):
        plan(args, **options)  # type: ignore[arg-type]


def test_a_folder_with_one_issue_and_o_file_pdf(archive: Path, tmp_path: Path) -> None:
    """-o ONE.pdf with a folder is a usage error, whatever the folder holds
    (it used to make a folder named ONE.pdf)."""
    one = tmp_path / "one"
    write(one / "01.yaml", (archive / "2026" / "01.yaml").read_text("utf-8"))
    write(one / "jianbao.yaml", SERIES)
    result = runner.invoke(app, ["render", str(one), "-o", str(tmp_path / "one.pdf")])
    assert result.exit_code == 2
    assert "names one PDF" in said(result.stderr)
    assert not (tmp_path / "one.pdf").exists()
    # a folder name is still a folder for the PDFs
    code, err = run_cli("render", str(one), "-o", str(tmp_path / "pdfs"))
    assert code == 0, err
    assert (tmp_path / "pdfs" / "01.pdf").is_file()
