"""Shared fixtures: a hermetic environment, the flagship issue rendered once per
session, and helpers that enter the real pipeline at any stage.

Hermetic: whatever machine runs the suite, the system's and the user's font
folders are not searched (``JIANBAO_SYSTEM_FONTS=0``; a test that wants them
turns them on), the font cache and config live in a temporary home, the
terminal is 100 columns wide, the locale is C.UTF-8 and the time zone UTC.
Subprocesses started by tests inherit all of it.

The flagship (examples/liaocheng-2021-08.yaml) is rendered once in-process
and once by a real ``python -m jianbao`` subprocess; the layout, PDF and CLI
tests all read those two results, so the whole suite stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import jianbao.pipeline
from jianbao.fonts.face import FontLoader, FontSet, load_fonts
from jianbao.fonts.select import FontOptions
from jianbao.issue.load import Scalar, load_text
from jianbao.issue.read import Loaded, read_issue
from jianbao.layout import compose
from jianbao.layout.content import Para
from jianbao.layout.frame import Layout, TextItem
from jianbao.layout.linebreak import Line
from jianbao.layout.lines import Setter
from jianbao.model import Issue, Text
from jianbao.pipeline import Options, Rendered, Session, render
from jianbao.theme import DEFAULT_THEME, Theme

# Fixtures shared by the tests of one stage live beside their helpers.
pytest_plugins = ["batchkit", "choicekit", "fontkit", "pdfread", "serieskit"]

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "liaocheng-2021-08.yaml"

# Set at import, before typer and rich read them.
_ENVIRONMENT = {
    "JIANBAO_SYSTEM_FONTS": "0",
    "COLUMNS": "100",
    "LINES": "40",
    "TERMINAL_WIDTH": "100",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "TZ": "UTC",
}
_UNSET = (
    "JIANBAO_CONFIG",
    "JIANBAO_FONT_PATH",
    "JIANBAO_CACHE_DIR",
    "NO_COLOR",
    "FORCE_COLOR",
    "JIANBAO_LANG",  # messages in English unless a test asks for Chinese
    "LC_MESSAGES",
    "LANGUAGE",
    "_JIANBAO_COMPLETE",
)
os.environ.update(_ENVIRONMENT)
for _name in _UNSET:
    os.environ.pop(_name, None)
time.tzset()


@pytest.fixture(scope="session", autouse=True)
def _hermetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the font index, converted fonts and config out of the user's folders."""
    home = tmp_path_factory.mktemp("home")
    saved = {k: os.environ.get(k) for k in ("JIANBAO_CACHE_DIR", "XDG_CONFIG_HOME")}
    os.environ["JIANBAO_CACHE_DIR"] = str(home / "cache")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def yaml_body(source: str) -> Text:
    """The Text of ``body: |`` followed by ``source`` indented two spaces
    (so the body's first line is line 2, its first character column 3)."""
    lines = "".join(f"  {line}\n" if line else "\n" for line in source.split("\n"))
    node = load_text(f"body: |\n{lines}", "a.yaml").node(("body",))
    assert isinstance(node, Scalar) and isinstance(node.value, Text)
    return node.value


def said(text: str) -> str:
    """What a person reads in ``text``: the boxes and line wrapping of rich's
    usage errors undone, every run of whitespace one space."""
    for mark in "│╭╮╰╯─":
        text = text.replace(mark, " ")
    return " ".join(text.split())


def write(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path``, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(text: str, name: str = "issue.yaml") -> Loaded:
    """Issue YAML (or JSON) text, loaded and validated as ``name``."""
    return read_issue(text.encode("utf-8"), name=name)


# A small valid issue; the tests format it with their own articles.
SMALL_ISSUE = """\
masthead:
  name: [测试市创建全国文明城市, 工作简报]
  number: 3
  issuer: 测试市创建全国文明城市工作办公室
  date: 2021-03-10
{contents}articles:
{articles}{colophon}"""


def _small_issue(
    articles: list[tuple[str, list[str]]],
    *,
    contents: bool | None = None,
    colophon: str = "",
) -> str:
    """YAML of an issue with ``articles`` as (title, paragraphs)."""
    parts = []
    for title, paragraphs in articles:
        body = "\n\n".join(paragraphs)
        indented = "\n".join(f"      {line}" if line else "" for line in body.splitlines())
        parts.append(f"  - title: {title}\n    body: |\n{indented}\n")
    flag = "" if contents is None else f"contents: {'true' if contents else 'false'}\n"
    return SMALL_ISSUE.format(contents=flag, articles="".join(parts), colophon=colophon)


@pytest.fixture(scope="session")
def issue_yaml() -> Callable[..., str]:
    """Build issue YAML: ``issue_yaml([(title, [paragraph, ...]), ...], contents=, colophon=)``."""
    return _small_issue


@pytest.fixture(scope="session")
def theme() -> Theme:
    return DEFAULT_THEME


@pytest.fixture(scope="session")
def font_loader() -> FontLoader:
    """One loader for the session: each font file is parsed once."""
    return FontLoader()


@pytest.fixture(scope="session")
def session(font_loader: FontLoader) -> Session:
    """A pipeline session with the bundled fonts, kept for the whole suite."""
    return Session(Options(fonts=FontOptions(system_fonts=False)), font_loader)


@pytest.fixture
def shared_fonts(monkeypatch: pytest.MonkeyPatch, font_loader: FontLoader) -> None:
    """Every in-process ``Session`` (API, batch) gets the session's loader."""
    monkeypatch.setattr(jianbao.pipeline, "FontLoader", lambda: font_loader)


@pytest.fixture(scope="session")
def fonts(font_loader: FontLoader) -> FontSet:
    """The bundled fonts, as every in-process render sets them."""
    return load_fonts(loader=font_loader)


@pytest.fixture(scope="session")
def flagship_loaded(session: Session) -> Loaded:
    return session.read(FLAGSHIP)


@pytest.fixture(scope="session")
def flagship_issue(flagship_loaded: Loaded) -> Issue:
    return flagship_loaded.issue


@pytest.fixture(scope="session")
def flagship(flagship_loaded: Loaded, session: Session) -> Rendered:
    """The reference issue, rendered once per session."""
    return render(flagship_loaded, session=session)


@pytest.fixture(scope="session")
def flagship_pdf(flagship: Rendered) -> Iterator[pdfium.PdfDocument]:
    doc = pdfium.PdfDocument(flagship.pdf)
    yield doc
    doc.close()


@pytest.fixture(scope="session")
def flagship_subprocess(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``python -m jianbao render FLAGSHIP -o out.pdf`` run once, for real."""
    out = tmp_path_factory.mktemp("subprocess") / "flagship.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    proc = subprocess.run(
        [sys.executable, "-m", "jianbao", "render", str(FLAGSHIP), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    return proc, out


@pytest.fixture(scope="session")
def render_yaml(session: Session) -> Callable[[str], Rendered]:
    """Render issue YAML text (named ``issue.yaml``) with the session's fonts."""

    def render_text(text: str) -> Rendered:
        return render(read(text), session=session)

    return render_text


BODY_KINDS = ("body", "heading1", "heading2", "heading3", "heading4", "quote")


@dataclass(frozen=True)
class BodyRow:
    """One laid-out line of a body paragraph or heading, with the line breaker's
    ``Line`` for it (``squeezed`` / ``spread`` say whether it is on the grid)."""

    page: int  # 1-based
    baseline: float  # from the page top
    items: tuple[TextItem, ...]
    line: Line

    @property
    def text(self) -> str:
        return "".join(i.text for i in self.items)

    @property
    def on_grid(self) -> bool:
        return not (self.line.squeezed or self.line.spread)


def body_rows(loaded: Loaded, pages: Layout, theme: Theme, fonts: FontSet) -> list[BodyRow]:
    """Pair the layout's body rows (in page order) with the lines the layout's
    own ``Setter`` breaks each body paragraph and heading into."""
    setter = Setter(theme, fonts)
    lines = [
        line
        for article in compose(loaded.issue, theme).articles
        for para in article.body
        if isinstance(para, Para)
        for line in setter.paragraph_lines(para.runs, inset=para.inset)
    ]
    grouped: dict[tuple[int, float], list[TextItem]] = {}
    for page in pages.pages:
        for item in page.items:
            if isinstance(item, TextItem) and item.kind in BODY_KINDS:
                grouped.setdefault((page.number, item.y), []).append(item)
    assert len(grouped) == len(lines), "layout rows and broken lines differ in number"
    rows = [
        BodyRow(number, y, tuple(sorted(items, key=lambda i: i.x)), line)
        for ((number, y), items), line in zip(grouped.items(), lines, strict=True)
    ]
    for row in rows:
        assert row.text == row.line.text.replace(" ", ""), (row.page, row.text, row.line.text)
    return rows


@pytest.fixture(scope="session")
def flagship_rows(
    flagship_loaded: Loaded, flagship: Rendered, theme: Theme, fonts: FontSet
) -> list[BodyRow]:
    return body_rows(flagship_loaded, flagship.layout, theme, fonts)
