"""batch: finding issue files, planning outputs, running jobs (in this
process and in a pool), incremental skipping, and what the CLI reports.

Renders here use one small issue (one page); in-process runs share one
``FontLoader`` so the bundled fonts are parsed once for the module.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import said
from typer.testing import CliRunner

import jianbao.cli.batch
import jianbao.pipeline
from jianbao.api import options
from jianbao.cli.app import app
from jianbao.cli.batch import (
    STAMPS_FILE,
    Found,
    InputProblem,
    Job,
    Result,
    Settings,
    Unmatched,
    UsageProblem,
    Worker,
    expand,
    plan,
    run,
)
from jianbao.cli.report import Reporter, first_error, json_report
from jianbao.fonts.face import FontFace, FontLoader, bundled_dir
from jianbao.fonts.select import FontOptions
from jianbao.issue.schema import json_schema
from jianbao.pipeline import Options

runner = CliRunner()

SERIES = "masthead:\n  name: 测试简报\n  issuer: 某办\n"
BAD_DATE = "2026/3/10"


def issue(number: int = 1, date: str = "2026-03-10", extra: str = "") -> str:
    return (
        f"masthead:\n  number: {number}\n  date: {date}\n"
        f"articles:\n  - title: 标题\n    body: 正文第{number}期。\n" + extra
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


pytestmark = pytest.mark.usefixtures("shared_fonts")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """archive/jianbao.yaml, 2026/01–03.yaml, notes/.hidden.yaml, a README."""
    root = tmp_path / "archive"
    write(root / "jianbao.yaml", SERIES)
    for n in (1, 2, 3):
        write(root / "2026" / f"{n:02d}.yaml", issue(n, f"2026-0{n}-10"))
    write(root / "notes" / ".hidden.yaml", "not: an issue\n")
    write(root / "README.txt", "not an issue\n")
    return root


def names(items: list[Found | Unmatched], root: Path) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, Unmatched):
            out.append(f"unmatched {item.arg}")
        else:
            assert item.path is not None
            out.append(item.path.relative_to(root).as_posix())
    return out


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


# --- planning outputs ----------------------------------------------------------------
def outputs(jobs: list[Job], root: Path) -> list[str]:
    return [str(j.output.relative_to(root)) if j.output else "-" for j in jobs]


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


# --- running -----------------------------------------------------------------------
def statuses(results: list[Result]) -> dict[str, str]:
    return {Path(r.input).name: r.status for r in results}


def test_a_failed_issue_does_not_stop_the_others(archive: Path) -> None:
    write(archive / "2026" / "02.yaml", issue(2, BAD_DATE))
    jobs, _ = plan([str(archive)])
    results = list(run(jobs, Settings()))
    assert statuses(results) == {"01.yaml": "rendered", "02.yaml": "failed", "03.yaml": "rendered"}
    bad = results[1]
    assert re.match(r".*02\.yaml:3:9: error: masthead\.date must be", first_error(bad))
    assert not (archive / "2026" / "02.pdf").exists()
    assert (archive / "2026" / "03.pdf").read_bytes().startswith(b"%PDF-")
    assert results[0].pages == 1 and results[0].numbered is not None


def test_an_out_dir_that_cannot_be_made_is_said_in_words_before_rendering(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write(out / "2026", "a file where the folder 2026 would go\n")
    typeset = []
    monkeypatch.setattr(jianbao.cli.batch, "render", lambda *a, **k: typeset.append(a))
    jobs, _ = plan([str(archive)], out_dir=out)
    results = list(run(jobs, Settings()))
    assert {r.status for r in results} == {"failed"} and typeset == []
    message = results[0].errors[0].message
    assert message == f"cannot create the folder {out / '2026'}: file exists"
    assert "Errno" not in message


def test_incremental(archive: Path, tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    kai = fonts / "kai.ttf"
    kai.write_bytes((bundled_dir() / "FandolKai-Regular.ttf").read_bytes())
    write(archive / "jianbao.yaml", SERIES + f"fonts:\n  kai: {kai}\n")
    # Inputs written long ago, PDFs now (the PDFs' index records their
    # mtimes: they are not touched here).  A change is dated in the future.
    newest = max(p.stat().st_mtime for p in bundled_dir().iterdir())
    assert newest < time.time(), "the bundled fonts are dated in the future"
    t0 = time.time() - 1000
    inputs = [*archive.rglob("*.yaml"), kai]
    for path in inputs:
        os.utime(path, (t0, t0))
    jobs, _ = plan([str(archive)])

    def again(force: bool = False) -> dict[str, str]:
        return statuses(list(run(jobs, Settings(force=force))))

    def change(path: Path) -> None:
        os.utime(path, (t0 + 2000, t0 + 2000))

    def unchange(path: Path) -> None:
        os.utime(path, (t0, t0))

    assert set(again().values()) == {"rendered"}
    assert set(again().values()) == {"skipped"}
    assert set(again(force=True).values()) == {"rendered"}
    change(archive / "2026" / "02.yaml")  # the issue changed
    assert again() == {"01.yaml": "skipped", "02.yaml": "rendered", "03.yaml": "skipped"}
    unchange(archive / "2026" / "02.yaml")
    change(archive / "jianbao.yaml")  # the series changed
    assert set(again().values()) == {"rendered"}
    unchange(archive / "jianbao.yaml")
    change(kai)  # a font changed
    assert set(again().values()) == {"rendered"}
    unchange(kai)  # an older font file is another font file too (the PDFs' stamp)
    assert set(again().values()) == {"rendered"}
    assert set(again().values()) == {"skipped"}
    (archive / "2026" / "03.pdf").unlink()
    assert again()["03.yaml"] == "rendered"


def test_incremental_notices_options_fonts_and_version(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF newer than its inputs is rendered again when it was made with
    other font options, other font files or another jianbao (its stamp, in
    the index beside it, differs)."""
    fang = tmp_path / "fang.ttf"
    shutil.copyfile(bundled_dir() / "FandolFang-Regular.ttf", fang)
    out = tmp_path / "out"
    jobs, _ = plan([str(archive)], out_dir=out)

    def again(**kwargs: object) -> set[str]:
        settings = Settings(options(**kwargs))  # type: ignore[arg-type]
        return {r.status for r in run(jobs, settings)}

    assert again() == {"rendered"}
    assert again() == {"skipped"}
    index = json.loads((out / "2026" / STAMPS_FILE).read_text("utf-8"))
    assert sorted(index["pdfs"]) == ["01.pdf", "02.pdf", "03.pdf"]
    assert again(fonts={"body": str(fang)}) == {"rendered"}  # --font
    assert again(fonts={"body": str(fang)}) == {"skipped"}
    old = time.time() - 10_000  # the font replaced by an older copy (cp -p)
    os.utime(fang, (old, old))
    assert again(fonts={"body": str(fang)}) == {"rendered"}
    assert again() == {"rendered"}  # back to the bundled font
    assert again(allow_missing=True) == {"rendered"}  # --allow-missing
    assert again(allow_missing=True, font_dirs=[tmp_path]) == {"rendered"}  # --font-dir
    assert again(allow_missing=True, font_dirs=[tmp_path]) == {"skipped"}
    monkeypatch.setattr("jianbao.cli.batch.__version__", "99.0")  # another jianbao
    assert again(allow_missing=True, font_dirs=[tmp_path]) == {"rendered"}
    assert again(allow_missing=True, font_dirs=[tmp_path]) == {"skipped"}
    # a PDF written since by other means (the API, one named issue) is made again
    jianbao.render(archive / "2026" / "02.yaml", out / "2026" / "02.pdf")
    got = statuses(list(run(jobs, Settings(options(allow_missing=True, font_dirs=[tmp_path])))))
    assert got == {"01.yaml": "skipped", "02.yaml": "rendered", "03.yaml": "skipped"}
    # the CLI too: --font after a plain run renders everything again
    code, err = run_cli("render", str(archive), "--out-dir", str(out), "-j", "1")
    assert code == 0 and "rendered 3, skipped 0" in err, err
    code, err = run_cli("render", str(archive), "--out-dir", str(out), "--font", f"body={fang}")
    assert code == 0 and "rendered 3, skipped 0" in err, err


def test_one_named_issue_starts_no_index(archive: Path, tmp_path: Path) -> None:
    """-o /tmp/x.pdf leaves no stamps file in /tmp; a batch's index is kept up to date."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    jobs, _ = plan([str(archive / "2026" / "01.yaml")], output=str(elsewhere / "x.pdf"))
    assert [r.status for r in run(jobs, Settings())] == ["rendered"]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.pdf"]
    jobs, _ = plan([str(archive)])
    assert {r.status for r in run(jobs, Settings())} == {"rendered"}
    jobs, _ = plan([str(archive / "2026" / "01.yaml")])
    assert [r.status for r in run(jobs, Settings(options(allow_missing=True)))] == ["rendered"]
    jobs, _ = plan([str(archive)])
    got = statuses(list(run(jobs, Settings(options(allow_missing=True)))))
    assert got == {"01.yaml": "skipped", "02.yaml": "rendered", "03.yaml": "rendered"}


def test_fonts_are_opened_once_per_worker(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jianbao.pipeline, "FontLoader", FontLoader)  # a fresh one, counted
    opened: list[Path] = []
    real = FontFace.__init__

    def counting(self: FontFace, path: Path) -> None:
        opened.append(path)
        real(self, path)

    monkeypatch.setattr(FontFace, "__init__", counting)
    jobs, _ = plan([str(archive)])
    assert [r.status for r in run(jobs, Settings())] == ["rendered"] * 3
    assert len(opened) == len(set(opened)) == 5  # five roles, each file once for three issues


def test_check_mode_writes_nothing(archive: Path) -> None:
    jobs, _ = plan([str(archive)], write=False)
    assert all(j.output is None for j in jobs)
    results = list(run(jobs, Settings(mode="check")))
    assert {r.status for r in results} == {"checked"}
    assert not list(archive.rglob("*.pdf"))


def test_debug_reraises(archive: Path) -> None:
    jobs, _ = plan([str(archive / "2026" / "09.yaml")])
    assert Worker(Settings()).do(jobs[0]).status == "failed"
    with pytest.raises(jianbao.IssueError):
        Worker(Settings(debug=True)).do(jobs[0])


def test_pool_renders_in_worker_processes(archive: Path) -> None:
    """Two spawned workers (each loads its fonts once); a failure stays one failure."""
    write(archive / "2026" / "02.yaml", issue(2, BAD_DATE))
    jobs, _ = plan([str(archive)])
    results = list(run(jobs, Settings(), workers=2))
    assert sorted(r.index for r in results) == [0, 1, 2]
    assert statuses(results) == {"01.yaml": "rendered", "02.yaml": "failed", "03.yaml": "rendered"}
    assert (archive / "2026" / "01.pdf").read_bytes().startswith(b"%PDF-")


# --- reporting ----------------------------------------------------------------------
def test_progress_bar_on_a_terminal() -> None:
    out = io.StringIO()
    reporter = Reporter(lambda line: out.write(line + "\n"), write=out.write, total=3, tty=True)
    reporter.start()
    reporter.result(Result(0, "a.yaml", "rendered", output="a.pdf", pages=1))
    reporter.result(Result(1, "b.yaml", "failed", diagnostics=(jianbao.Diagnostic(None, "x"),)))
    text = out.getvalue()
    assert "0/3 [" in text and "1/3 [" in text and "ETA" in text
    assert "a.pdf: 1 page(s)" not in text  # the bar shows progress; only problems are printed
    assert "\r\x1b[Kerror: x\nb.yaml: 1 error(s); no PDF written\n" in text


def run_cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


def test_cli_plain_lines_and_summary(archive: Path, tmp_path: Path) -> None:
    write(archive / "2026" / "02.yaml", issue(2, BAD_DATE))
    out = tmp_path / "out"
    code, err = run_cli("render", str(archive), "--out-dir", str(out), "-j", "1")
    assert code == 1
    lines = err.splitlines()
    assert f"{out / '2026' / '01.pdf'}: 1 page(s)" in lines
    assert f"{archive / '2026' / '02.yaml'}: 1 error(s); no PDF written" in lines
    assert "rendered 2, skipped 0, failed 1 in" in err
    assert lines[-1].startswith(f"  {archive / '2026' / '02.yaml'}:3:9: error: masthead.date")
    assert sorted(p.name for p in (out / "2026").iterdir()) == [STAMPS_FILE, "01.pdf", "03.pdf"]

    code, err = run_cli("render", str(archive), "--out-dir", str(out), "-j", "1", "--quiet")
    assert code == 1
    assert "page(s)" not in err and "up to date, skipped" not in err
    assert "rendered 0, skipped 2 (up to date; --force renders them), failed 1" in err


def test_cli_sequence_warnings(archive: Path) -> None:
    write(archive / "2026" / "03.yaml", issue(2, "2026-01-01"))
    code, err = run_cli("check", str(archive))
    assert code == 0
    assert re.search(r"0[23]\.yaml:2:11: warning: issue number 2 of 2026 is also used by", err)
    report = runner.invoke(app, ["check", str(archive), "--json"]).stdout
    assert '"severity": "warning"' in report


def test_cli_sequence_warnings_see_the_whole_series(archive: Path) -> None:
    """The issues given are checked against every issue of their series on
    disk; only warnings that involve the issues given are shown."""
    write(archive / "2026" / "05.yaml", issue(5, "2026-05-10"))
    write(archive / "2026" / "06.yaml", issue(6, "2026-04-01"))  # dated before 05
    day = archive / "2026"
    code, err = run_cli("check", str(day / "01.yaml"), str(day / "03.yaml"))
    assert code == 0
    assert f"{day / '03.yaml'}:2:11: warning: no issue 4 of 2026 between {day / '03.yaml'} " in err
    assert err.count(": warning:") == 1  # 02 is on disk; 05 and 06 are not their business
    code, err = run_cli("check", str(day / "01.yaml"), str(day / "02.yaml"))
    assert code == 0 and ": warning:" not in err, err
    code, err = run_cli("check", str(day / "05.yaml"))
    lines = [line for line in err.splitlines() if ": warning:" in line]
    assert lines == [
        f"{day / '05.yaml'}:2:11: warning: no issue 4 of 2026 between {day / '03.yaml'} "
        f"and {day / '05.yaml'}",
        f"{day / '05.yaml'}:3:9: warning: issue 5 is dated 2026-05-10, after issue 6 "
        f"(2026-04-01, {day / '06.yaml'})",
    ]
    data = json.loads(runner.invoke(app, ["check", str(day / "05.yaml"), "--json"]).stdout)
    assert len(data["inputs"][0]["diagnostics"]) == 2


def test_json_report_lists_inputs_in_order() -> None:
    results = [
        Result(1, "b.yaml", "failed", diagnostics=(jianbao.Diagnostic(None, "x"),)),
        Result(0, "a.yaml", "rendered", output="a.pdf", pages=2, seconds=0.1234),
    ]
    report = json_report(results, "render", 1.0)
    assert report["ok"] is False
    assert report["counts"] == {"rendered": 1, "skipped": 0, "failed": 1}
    assert [i["input"] for i in report["inputs"]] == ["a.yaml", "b.yaml"]
    assert report["inputs"][0] == {
        "input": "a.yaml",
        "status": "rendered",
        "output": "a.pdf",
        "pages": 2,
        "seconds": 0.123,
        "diagnostics": [],
    }
