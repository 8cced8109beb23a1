"""Shared fixtures: the flagship issue rendered once per session, and helpers
that enter the pipeline with a small issue written inline.

The flagship (examples/liaocheng-2021-08.yaml) is rendered once in-process
and once by a real ``python -m jianbao`` subprocess; the render, layout and
CLI tests all read those two results, so the whole suite stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import jianbao.api
from jianbao.fonts import FontLoader, FontSet, load_fonts
from jianbao.layout import EMPHASIS_ROLE, HEADING_ROLES, Layout, TextItem
from jianbao.linebreak import Line, Span, break_lines
from jianbao.model import Block, Heading, Issue
from jianbao.pipeline import Rendered, load_issue, typeset
from jianbao.theme import DEFAULT_THEME, Theme

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "liaocheng-2021-08.yaml"


@pytest.fixture(scope="session", autouse=True)
def _hermetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the font index, converted fonts and config out of the user's folders.

    Subprocesses started by tests inherit these variables too.
    """
    home = tmp_path_factory.mktemp("home")
    saved = {
        k: os.environ.get(k) for k in ("JIANBAO_CACHE_DIR", "XDG_CONFIG_HOME", "JIANBAO_CONFIG")
    }
    os.environ["JIANBAO_CACHE_DIR"] = str(home / "cache")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ.pop("JIANBAO_CONFIG", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


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


@pytest.fixture
def shared_fonts(monkeypatch: pytest.MonkeyPatch, font_loader: FontLoader) -> None:
    """Every in-process ``jianbao.api`` Renderer gets the session's loader."""
    monkeypatch.setattr(jianbao.api, "FontLoader", lambda: font_loader)


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    """The bundled fonts, parsed once for every in-process render."""
    return load_fonts()


@pytest.fixture(scope="session")
def flagship_issue() -> Issue:
    return load_issue(FLAGSHIP)


@pytest.fixture(scope="session")
def flagship(flagship_issue: Issue, fonts: FontSet) -> Rendered:
    """The reference issue, rendered once per session."""
    return typeset(flagship_issue, fonts=fonts)


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
def render_yaml(fonts: FontSet) -> Callable[[str], Rendered]:
    """Render issue YAML text (named ``issue.yaml``) with the session's fonts."""

    def render(text: str) -> Rendered:
        return typeset(load_issue("issue.yaml", text=text), fonts=fonts)

    return render


BODY_KINDS = ("body", "heading1", "heading2", "heading3", "heading4")


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


def block_lines(block: Block, theme: Theme, fonts: FontSet) -> list[Line]:
    """Break one body block as layout does (16 pt, 28 cells, 2-cell indent)."""
    role = HEADING_ROLES[block.level] if isinstance(block, Heading) else "body"
    spans = [
        Span(r.text.value, EMPHASIS_ROLE if r.emphasis else role)
        for r in block.runs
        if r.text.value
    ]

    def measure(text: str, style: object) -> float:
        r = str(style)
        advance = sum((fonts.face_for(r, c) or fonts.face(r)).advance(c) for c in text)
        return advance * theme.body_size

    return break_lines(
        spans, cell=theme.cell, cells=theme.chars_per_line, indent=2, measure=measure
    )


def body_rows(issue: Issue, pages: Layout, theme: Theme, fonts: FontSet) -> list[BodyRow]:
    """Pair the layout's body rows (in page order) with the broken lines."""
    lines = [
        line
        for article in issue.articles
        for block in article.blocks
        for line in block_lines(block, theme, fonts)
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
    flagship_issue: Issue, flagship: Rendered, theme: Theme, fonts: FontSet
) -> list[BodyRow]:
    return body_rows(flagship_issue, flagship.layout, theme, fonts)
