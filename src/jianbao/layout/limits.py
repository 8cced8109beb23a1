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
from ..theme import Theme
from .content import ArticleCopy, Copy

MAX_PAGES = 500


def check_characters(copy: Copy, theme: Theme) -> None:
    """``IssueError`` when the characters alone need more than ``MAX_PAGES``."""
    per_page = theme.lines_per_page * theme.chars_per_line * 2
    total = 0
    for article in copy.articles:
        total += sum(len(text.value) for _, text in article.texts())
        if total > MAX_PAGES * per_page:
            raise IssueError([_too_long(article, f"{total:,} characters")])


def check_rows(rows: int, article: ArticleCopy, theme: Theme) -> None:
    """``IssueError`` when ``rows`` grid rows, up to ``article``, fill more
    than ``MAX_PAGES``."""
    if rows > MAX_PAGES * theme.lines_per_page:
        raise IssueError([_too_long(article, f"{rows:,} lines")])


def check_pages(pages: int, articles: Sequence[ArticleCopy]) -> None:
    """``IssueError`` when the issue made more than ``MAX_PAGES`` pages."""
    if pages > MAX_PAGES and articles:
        raise IssueError([_too_long(articles[-1], f"{pages:,} pages")])


def _too_long(article: ArticleCopy, size: str) -> Diagnostic:
    where: Location | None = article.title[0].text.origin if article.title else None
    message = f"the issue is too long to set: by this article, {size} (more than {MAX_PAGES} pages)"
    hint = "a bulletin this long is likely text pasted twice or a whole file pasted in; split it"
    return Diagnostic(where, message, hint)
