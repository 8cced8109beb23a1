"""One-line elements have a limit they can be set in: compressed down to
``theme.min_line_scale`` at most, and a bulletin name of no more lines than
leave half the first page; past it, an error at the value, never a bar of
squeezed text or characters below the page."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jianbao.errors import IssueError
from jianbao.pipeline import Rendered
from jianbao.theme import DEFAULT_THEME


def issue(issuer: str = "某办", name: str = "简报", extra: str = "") -> str:
    return (
        f"masthead:\n  name: {name}\n  number: 1\n  issuer: {issuer}\n  date: 2026-03-10\n"
        f"articles:\n  - title: 标题\n{extra}    body: 正文。\n"
    )


def squeezed(rendered: Rendered, kind: str) -> float:
    scales = [
        item.hscale
        for page in rendered.layout.pages
        for item in page.items
        if getattr(item, "kind", None) == kind
    ]
    assert scales, kind
    return min(scales)


@pytest.mark.parametrize(
    ("kind", "fits", "line"),
    [("kicker", 46, 8), ("subtitle", 46, 8), ("source", 46, 8), ("issuer", 30, 4)],
)
def test_a_line_at_its_limit_is_set_one_past_is_an_error(
    render_yaml: Callable[[str], Rendered], kind: str, fits: int, line: int
) -> None:
    def text(n: int) -> str:
        value = "某" * n
        if kind == "issuer":
            return issue(issuer=value)
        return issue(extra=f"    {kind}: {value}\n")

    least = DEFAULT_THEME.min_line_scale
    assert squeezed(render_yaml(text(fits)), kind) >= least
    with pytest.raises(IssueError) as caught:
        render_yaml(text(200))
    (problem,) = caught.value.diagnostics
    assert problem.location is not None and problem.location.line == line
    assert "is too long for its line" in problem.message
    assert problem.hint == f"shorten it to about {fits} characters"


def test_a_name_of_many_lines_is_an_error(render_yaml: Callable[[str], Rendered]) -> None:
    render_yaml(issue(name="[测试市创建全国文明城市, 工作简报]"))
    with pytest.raises(IssueError, match=r"the bulletin name has 12 lines: the masthead would"):
        render_yaml(issue(name="[" + ", ".join(["简报"] * 12) + "]"))
