"""What a person reads on the terminal: diagnostics quoting their source line
with a caret, colour only on a terminal, help wrapped without cutting a word
and without type names, usage errors in the style of diagnostics."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from clikit import runner
from conftest import write

from jianbao.cli.app import app
from jianbao.cli.console import (
    ScanProgress,
    Sources,
    colour_for,
    show,
    token_length,
    width,
    wrap,
)
from jianbao.errors import Diagnostic, Location
from jianbao.i18n import using

COMMANDS = ["render", "check", "new", "import", "schema", "fonts", "watch", "completion"]


def test_a_diagnostic_quotes_its_line_with_a_caret(tmp_path: Path) -> None:
    issue = write(tmp_path / "issue.yaml", "masthead:\n  date: 2021/3/10  # 出刊日期\n")
    d = Diagnostic(Location(str(issue), 2, 9), "masthead.date must be …", "write 2021-03-10")
    assert show(d, sources=Sources()) == (
        f"{issue}:2:9: error: masthead.date must be …\n"
        "  2 |   date: 2021/3/10  # 出刊日期\n"
        "    |         ^^^^^^^^^\n"
        "  hint: write 2021-03-10"
    )


def test_the_caret_counts_wide_characters_twice(tmp_path: Path) -> None:
    issue = write(tmp_path / "issue.yaml", "name: [聊城市, '工作简报']\n")
    d = Diagnostic(Location(str(issue), 1, 13), "x")
    lines = show(d, sources=Sources()).splitlines()
    assert lines[1:] == ["  1 | name: [聊城市, '工作简报']", "    | " + " " * 15 + "^" * 10]


@pytest.mark.parametrize(
    ("line", "start", "length"),
    [
        ("  date: 2021/3/10", 8, 9),
        ("  date: 2021/3/10 # note", 8, 9),
        ("  title: '一个 '' 引号'  # x", 9, 10),
        ('  title: "a \\" b"', 9, 8),
        ("  numbr: 8", 2, 5),
        ("name: [a, bb]", 10, 2),
        ("name: 聊城市, 工作简报", 6, 9),
        ("  - 报：市委", 2, 1),
        ("", 0, 1),
    ],
)
def test_token_length(line: str, start: int, length: int) -> None:
    assert token_length(line, start) == length


def test_no_excerpt_without_a_readable_line(tmp_path: Path) -> None:
    d = Diagnostic(Location(str(tmp_path / "gone.yaml"), 3, 1), "x")
    assert show(d, sources=Sources()) == f"{tmp_path / 'gone.yaml'}:3:1: error: x"
    draft = Diagnostic(Location("稿件.docx", 12, 0, paragraph=True), "x", severity="warning")
    assert show(draft, sources=Sources()) == "稿件.docx: paragraph 12: warning: x"


def test_colour_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert colour_for(Tty(), {}) is True
    assert colour_for(Tty(), {"NO_COLOR": "1"}) is False
    assert colour_for(Tty(), {"TERM": "dumb"}) is False
    assert colour_for(io.StringIO(), {}) is False
    assert colour_for(io.StringIO(), {"FORCE_COLOR": "1"}) is True
    d = Diagnostic(None, "bad", "do this")
    assert show(d, colour=True) == "\x1b[1;31merror\x1b[0m: bad\n  \x1b[2mhint: do this\x1b[0m"
    assert "\x1b[1;33mwarning" in show(Diagnostic(None, "w", severity="warning"), colour=True)


def test_colour_in_a_run_follows_no_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = write(tmp_path / "issue.yaml", "masthead: 1\n")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[1;31m" in runner.invoke(app, ["check", str(bad)]).stderr
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in runner.invoke(app, ["check", str(bad)]).stderr


@pytest.mark.parametrize("limit", [20, 33, 40, 57, 80])
def test_wrap_cuts_no_word_and_keeps_every_character(limit: int) -> None:
    text = (
        "Font of a role (title, body, heading, kai, folio): a name or a path; commas give "
        "fallbacks: --font body=仿宋_GB2312,FandolFang。某一用途的字体：字体名或路径；"
        "用逗号给出备用字体，优先于简报的 fonts: 和配置文件（“默认”）。"
    )
    lines = wrap(text, limit)
    assert all(width(line) <= limit or " " not in line for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for word in text.split():
        if word.isascii():
            assert any(word in line for line in lines), word  # never cut
    for line in lines[1:]:
        assert line[0] not in "，。；：）”、"  # no line starts with a closing mark
    for line in lines[:-1]:
        assert line[-1] not in "（“"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", ["40", "61", "100"])
@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_fits_the_window_and_names_no_types(
    command: list[str], columns: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = runner.invoke(app, ["--lang", lang, *command, "--help"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    for line in text.splitlines():
        if line.startswith(("  jianbao ", "  cat ")):
            continue  # an example is one command, to copy whole
        assert width(line) <= int(columns) or " " not in line.strip(), line
    for typed in ("<bool>", "<list", "{ISSUE}", "TEXT", "INTEGER", "BOOLEAN", " PATH", "╭"):
        assert typed not in text
    heading = "示例：" if lang == "zh" else "Examples:"
    assert heading in text  # an example for every command
    if lang == "zh":
        assert text.startswith("用法：jianbao")
        assert "Options:" not in text and "Usage:" not in text


def test_a_help_paragraph_keeps_its_words() -> None:
    result = runner.invoke(app, ["render", "--help"], env={"COLUMNS": "44"})
    flat = " ".join(result.stdout.split())
    assert "made by this jianbao with the same font options and font files" in flat
    assert "-o, --output OUT" in result.stdout
    assert "--force " in result.stdout and "--force BOOL" not in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["render", "--bogus"],
            "jianbao render: error: no such option: --bogus\n"
            "  hint: 'jianbao render --help' lists what it takes\n",
        ),
        (
            ["render", "--forse"],
            "jianbao render: error: no such option: --forse\n  hint: did you mean --force?\n",
        ),
        (
            ["render"],
            "jianbao render: error: missing ISSUE\n"
            "  hint: 'jianbao render --help' lists what it takes\n",
        ),
        (["rendr"], "jianbao: error: no such command 'rendr'\n  hint: did you mean 'render'?\n"),
        (["render", "-j", "0", "x"], "jianbao render: error: --jobs: must be at least 1\n"),
        (["render", "-j", "two", "x"], "jianbao render: error: --jobs: must be a whole number\n"),
        (
            ["render", "x", "-j"],
            "jianbao render: error: option -j needs a value\n"
            "  hint: 'jianbao render --help' lists what it takes\n",
        ),
        (
            ["schema", "extra"],
            "jianbao schema: error: unexpected extra arguments: extra\n"
            "  hint: 'jianbao schema --help' lists what it takes\n",
        ),
    ],
)
def test_usage_errors_read_as_diagnostics(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == expected


def test_usage_errors_in_chinese() -> None:
    result = runner.invoke(app, ["--lang", "zh", "render", "--bogus"])
    assert result.stderr == (
        "jianbao render: 错误：没有这个选项：--bogus\n"
        "  提示：'jianbao render --help' 列出可用的参数和选项\n"
    )
    with using("zh"):
        pass  # the run's language does not stay behind in this process
    assert runner.invoke(app, ["render", "--bogus"]).stderr.startswith("jianbao render: error:")


def test_a_cold_font_scan_shows_its_progress() -> None:
    written: list[str] = []
    scan = ScanProgress(written.append)
    for done in range(1, 501):
        scan(done, 500)
    assert written[0] == "\r\x1b[Kscanning fonts 1/500"
    assert written[-2:] == ["\r\x1b[Kscanning fonts 500/500", "\r\x1b[K"]  # cleared at the end
    assert len(written) < 20  # redrawn at most ten times a second
    with using("zh"):
        ScanProgress(written.append)(1, 5678)
    assert written[-1] == "\r\x1b[K正在扫描字体 1/5678"
    small: list[str] = []
    for done in range(1, 6):
        ScanProgress(small.append)(done, 5)
    assert small == []  # too quick to read
