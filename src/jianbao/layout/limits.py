"""How long an issue may be: at most ``MAX_PAGES`` pages.

In: the copy of an issue, before a line of it is broken, then the rows of
each article as they are set, then the pages made.  Out: nothing, or
``IssueError`` at the article that takes the issue past the limit.

A 简报 runs to a few pages, a thick one to forty.  Past a few hundred, the
file is not a bulletin (a pasted book, a runaway script), and setting it
would take minutes and gigabytes before anyone saw a page: it is refused
as early as its size shows.  Three checks, each exact about what it knows:
a lower bound from the characters (at most two to a cell: Latin and digits
are set narrower than a cell, never narrower than half), one from the rows
set, and the pages made.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Diagnostic, IssueError, Location
from ..i18n import _
from ..theme import Theme
from .content import ArticleCopy, Copy

MAX_PAGES = 500


def check_characters(copy: Copy, theme: Theme) -> None:
    """``IssueError`` when the characters alone need more than ``MAX_PAGES``."""
    per_page = theme.lines_per_page * theme.chars_per_line * 2
    total = 0
    for article in copy.articles:
        total += sum(len(text.value) for _role, text in article.texts())
        if total > MAX_PAGES * per_page:
            message = _(
                "the issue is too long to set: by this article, {count:,} characters "
                "(more than {limit} pages)"
            )
            raise IssueError([_too_long(article, message.format(count=total, limit=MAX_PAGES))])


def check_rows(rows: int, article: ArticleCopy, theme: Theme) -> None:
    """``IssueError`` when ``rows`` grid rows, up to ``article``, fill more
    than ``MAX_PAGES``."""
    if rows > MAX_PAGES * theme.lines_per_page:
        message = _(
            "the issue is too long to set: by this article, {count:,} lines "
            "(more than {limit} pages)"
        )
        raise IssueError([_too_long(article, message.format(count=rows, limit=MAX_PAGES))])


def check_pages(pages: int, articles: Sequence[ArticleCopy]) -> None:
    """``IssueError`` when the issue made more than ``MAX_PAGES`` pages."""
    if pages > MAX_PAGES and articles:
        message = _(
            "the issue is too long to set: by this article, {count:,} pages "
            "(more than {limit} pages)"
        )
        raise IssueError([_too_long(articles[-1], message.format(count=pages, limit=MAX_PAGES))])


def _too_long(article: ArticleCopy, message: str) -> Diagnostic:
    """The error ``message`` at ``article``, the one that takes the issue too far."""
    where: Location | None = article.title[0].text.origin if article.title else None
    hint = _("a bulletin this long is likely text pasted twice or a whole file pasted in; split it")
    return Diagnostic(where, message, hint)
