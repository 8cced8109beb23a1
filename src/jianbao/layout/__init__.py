"""Stage 3, the layout: the issue becomes pages of items at fixed positions.

In: a validated ``model.Issue``, the ``Theme`` and the issue's ``FontSet``.
Out: first the ``content.Copy`` (``compose``: every text the issue prints,
with the role of its face — what the font stage checks), then the
``frame.Layout`` (``typeset``: pages holding text runs and rules in pt,
origin at the page's top-left corner, y down).  Nothing here touches a
canvas: the layout is tested by asserting its numbers.

Every line of the flow sits on the GB/T 9704 grid: 22 rows per page, body
glyph origins on the 28 columns (docs/typesetting.md).  Modules:
``content`` (the copy), ``linebreak`` (Chinese line breaking, pure),
``lines`` (one line into glyph items), ``blocks`` (contents, titles,
paragraphs), ``masthead``, ``colophon``, ``pages`` (make-up and page
numbers) and ``frame`` (the finished layout's types).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .content import Copy, compose
    from .frame import Layout
    from .pages import typeset

__all__ = ["Copy", "Layout", "compose", "typeset"]
_WHERE = {"Copy": "content", "compose": "content", "Layout": "frame", "typeset": "pages"}


def __getattr__(name: str) -> Any:
    """The stage's face, imported on first use: ``layout.linebreak`` (the
    line-breaking rules, pure) is read by the command line's help, which
    must not load the fonts and ReportLab that ``pages`` brings."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
