"""Messages in the reader's language: the catalog is complete, the language
is chosen as the locale, ``--lang`` and ``JIANBAO_LANG`` say, and a bad file
reads in Chinese under a Chinese locale — from the command line, from
worker processes and from the Python API."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clikit import runner
from conftest import ROOT, said, write

import jianbao
from jianbao.cli.app import app
from jianbao.errors import IssueError
from jianbao.i18n import language_from, read_po, using

BAD_DATE = """\
masthead:
  name: 测试简报
  number: 1
  issuer: 某办
  date: 2021/3/10
articles:
  - title: 标题
    body: 正文。
"""
CHINESE_DATE = (
    "issue.yaml:5:9: 错误：masthead.date 应为日期，写作 YYYY-MM-DD，这里是 '2021/3/10'\n"
    "  5 |   date: 2021/3/10\n"
    "    |         ^^^^^^^^^\n"
    "  提示：写作 2021-03-10\n"
)


def _messages_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("messages", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_message_has_its_translation() -> None:
    """Every message marked in the code (and every command's help) has a
    Chinese translation with the same placeholders, and the catalog holds
    nothing the code no longer says: ``python scripts/messages.py`` fixes
    the list, a translator the missing text."""
    script = _messages_script()
    found = script.extract()
    assert len(found) > 300  # the whole program is marked, not a corner of it
    catalog = read_po(script.CATALOG.read_text(encoding="utf-8"))
    assert script.problems(found, catalog) == []


def test_po_reader() -> None:
    text = (
        '# a comment\nmsgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n'
        '#, python-brace-format\nmsgid "{n} page"\nmsgid_plural "{n} pages"\nmsgstr[0] "{n} 页"\n\n'
        'msgid ""\n"two\\n"\n"lines \\"quoted\\""\nmsgstr "两行"\n\n'
        'msgid "not yet"\nmsgstr ""\n\n#~ msgid "gone"\n#~ msgstr "旧"\n'
    )
    assert read_po(text) == {("{n} page", 0): "{n} 页", ('two\nlines "quoted"', 0): "两行"}
    with pytest.raises(ValueError, match=r"x\.po:1: unknown field 'msgfoo'"):
        read_po('msgfoo "x"\n', "x.po")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "JIANBAO_LANG": "en"}, "en"),
        ({"LANG": "C", "JIANBAO_LANG": "zh"}, "zh"),
        ({"LANG": "", "LC_ALL": "", "JIANBAO_LANG": ""}, "en"),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], lang: str) -> None:
    assert language_from(environ) == lang


def _jianbao(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "LANGUAGE")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "jianbao", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.mark.slow
def test_a_bad_file_reads_in_chinese_under_a_chinese_locale(tmp_path: Path) -> None:
    write(tmp_path / "issue.yaml", BAD_DATE)
    proc = _jianbao(["render", "issue.yaml"], tmp_path, LANG="zh_CN.UTF-8")
    assert proc.returncode == 1
    assert proc.stderr == CHINESE_DATE + "issue.yaml：1 个错误，未写出 PDF\n"
    assert not (tmp_path / "issue.pdf").exists()
    english = _jianbao(["render", "issue.yaml"], tmp_path, LANG="C.UTF-8")
    assert "error: masthead.date must be a date written YYYY-MM-DD" in english.stderr


def test_lang_option_and_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = write(tmp_path / "issue.yaml", BAD_DATE)
    for args in (["--lang", "zh", "check", str(bad)], ["check", str(bad), "--lang=zh"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert "错误：masthead.date 应为日期" in result.stderr
        assert "提示：写作 2021-03-10" in result.stderr
    monkeypatch.setenv("JIANBAO_LANG", "zh")
    assert "错误：" in runner.invoke(app, ["check", str(bad)]).stderr
    result = runner.invoke(app, ["--lang", "en", "check", str(bad)])
    assert "error: masthead.date must be" in result.stderr
    assert "错误" not in result.stderr


def test_workers_speak_the_language_of_the_run(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        write(tmp_path / f"{name}.yaml", BAD_DATE)
    result = runner.invoke(app, ["--lang", "zh", "render", str(tmp_path), "-j", "2"])
    assert result.exit_code == 1
    assert result.stderr.count("错误：masthead.date 应为日期") >= 3  # each, and in the summary
    assert "排印 0 期，跳过 0 期，失败 3 期" in result.stderr


def test_a_bad_lang_is_a_usage_error() -> None:
    result = runner.invoke(app, ["--lang", "fr", "check", "x.yaml"])
    assert result.exit_code == 2
    assert said(result.stderr) == (
        "jianbao: error: --lang takes en or zh, not 'fr' "
        "hint: write --lang zh for Chinese, --lang en for English"
    )


def test_the_api_speaks_english_unless_asked() -> None:
    data = BAD_DATE.encode("utf-8")
    with using("zh"), pytest.raises(IssueError) as english:  # the caller's setting is not ours
        jianbao.render(data)
    assert "must be a date written YYYY-MM-DD" in str(english.value)
    with pytest.raises(IssueError) as chinese:
        jianbao.render(data, lang="zh")
    message = chinese.value.diagnostics[0]
    assert message.message.startswith("masthead.date 应为日期，写作 YYYY-MM-DD")
    assert message.hint == "写作 2021-03-10"
    assert "错误：masthead.date 应为日期" in str(chinese.value)
    with pytest.raises(IssueError) as checked:
        jianbao.check(data, lang="zh")
    assert checked.value.diagnostics[0].message == message.message


# Calls that put their text in front of a person: a string literal or an
# f-string of words passed to one of them is a message nobody marked.
SINKS = {
    "error", "Diagnostic", "IssueError", "JianbaoError", "wrong_type", "warn", "refused",
    "_warning", "BadParameter", "FontError", "UsageProblem", "InputProblem", "StreamProblem",
    "FontOptionError", "Unmatched", "_failed", "failed", "problem", "outside", "echo",
}  # fmt: skip


def _words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip() and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_words(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    return False


def test_no_message_reaches_a_person_unmarked() -> None:
    found = []
    for path in sorted((ROOT / "src" / "jianbao").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in SINKS:
                texts = [a for a in [*node.args, *(k.value for k in node.keywords)] if _words(a)]
                found += [f"{path.name}:{node.lineno}: {ast.unparse(t)[:60]}" for t in texts]
    assert found == []


def test_each_message_is_given_its_placeholders() -> None:
    """``_("… {path} …").format(path=…)``: the keywords are the message's
    placeholders, no more and no fewer (a missing one is a KeyError the day
    that message is shown)."""
    script = _messages_script()
    wrong = []
    for path in sorted((ROOT / "src" / "jianbao").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            inner = node.func.value
            if node.func.attr != "format" or not isinstance(inner, ast.Call):
                continue
            if not (isinstance(inner.func, ast.Name) and inner.func.id in ("_", "ngettext")):
                continue
            texts = [a.value for a in inner.args[:2] if isinstance(a, ast.Constant)]
            if not texts or not isinstance(texts[0], str):
                continue
            need = set().union(*(script.fields(t) for t in texts if isinstance(t, str)))
            given = {k.arg for k in node.keywords}
            if None not in given and (need != given or node.args):
                wrong.append(f"{path.name}:{node.lineno}: {sorted(need)} != {sorted(given)}")
    assert wrong == []
