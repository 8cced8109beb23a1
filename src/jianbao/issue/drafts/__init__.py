"""Drafts: an article read from the file an office received it as.

In: the path of a draft — a Word document (.docx; .doc and .wps are
converted through LibreOffice when it is installed, else refused with the
fix), Markdown (.md, .markdown) or plain text (.txt) — the folder where
the pictures it holds are to be written, and the heading limit of the body
markup.  Out: a ``Draft`` — the title, kicker, subtitle and source line
found in it, its body as model blocks (paragraphs, headings, figures,
tables), and warnings (a title guessed, unaccepted tracked changes) — or
``IssueError`` with every problem located in the draft (a .docx by
paragraph number, ``稿件.docx: paragraph 12``; text files by line:col).

``read_draft`` chooses the reader by the file's suffix: ``word`` (.docx,
.doc, .wps) and ``text`` (Markdown and plain text).
"""

from __future__ import annotations

from pathlib import Path

from ...errors import Diagnostic, IssueError, Location
from ...i18n import _
from ...model import Block, Text
from ...records import dataclass

__all__ = ["DRAFT_SUFFIXES", "Draft", "read_draft"]

DRAFT_SUFFIXES = (".docx", ".md", ".markdown", ".txt", ".doc", ".wps")


@dataclass(frozen=True)
class Draft:
    """An article as a draft gives it; what it lacks is left empty."""

    title: tuple[Text, ...] = ()
    kicker: Text | None = None
    subtitle: Text | None = None
    source: Text | None = None
    blocks: tuple[Block, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


def read_draft(path: Path, *, shown: str, images: Path, heading_limit: int) -> Draft:
    """The article in the draft at ``path``, named ``shown`` in messages; its
    pictures are written into ``images`` (created when needed) as
    ``<draft stem>-<n>.<ext>``, each file rewritten only when it changed."""
    suffix = path.suffix.lower()
    if suffix in (".docx", ".doc", ".wps"):
        from .word import read_docx

        return read_docx(path, shown=shown, images=images, heading_limit=heading_limit)
    if suffix in (".md", ".markdown", ".txt"):
        from .text import read_text_draft

        return read_text_draft(path, shown=shown, heading_limit=heading_limit)
    raise IssueError(
        [
            Diagnostic(
                Location(shown, 1, 1),
                _("a draft must be a Word document or a text file, not '{suffix}'").format(
                    suffix=path.suffix or path.name
                ),
                _("use a .docx, .md or .txt file"),
            )
        ]
    )
