"""The office's font folder and issue helpers shared by the font choice tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import read
from officefonts import ISSUE, make_office_fonts

from jianbao.errors import IssueError
from jianbao.fonts.face import FontLoader
from jianbao.fonts.select import FontOptions
from jianbao.pipeline import Options, Rendered, Session, render
from jianbao.theme import DEFAULT_THEME

THEME = DEFAULT_THEME


def options(office: Path, cache: Path, **kw: object) -> FontOptions:
    """Search only ``office`` and the bundled fonts; cache under ``cache``."""
    return FontOptions(
        font_dirs=(office,),
        cache_dir=cache,
        system_fonts=False,
        environ={},
        **kw,  # type: ignore[arg-type]
    )


def rendered(text: str, session: Session) -> Rendered:
    return render(read(text, "t.yaml"), session=session)


def session_of(opts: FontOptions) -> Session:
    return Session(Options(fonts=opts), FontLoader())


def with_fonts(fonts: str) -> str:
    """ISSUE with its fonts: mapping replaced by ``fonts`` (YAML lines)."""
    return ISSUE.split("fonts:\n")[0] + ("fonts:\n" + fonts if fonts else "")


def errors(exc: pytest.ExceptionInfo[IssueError]) -> list[str]:
    return [str(d) for d in exc.value.diagnostics]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_office_fonts(tmp_path_factory.mktemp("office"))
