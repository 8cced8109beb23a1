"""Export: articles read from drafts, written back as issue YAML for an editor.

In: ``Draft``s (``drafts.read_draft``) and the folder the issue file goes
in.  Out: the YAML of an ``articles:`` list — each article's title,
kicker, subtitle, source and body — that reads back as the same article:
the body in body markup when markup can say it all (paragraphs, numbered
headings, ``**emphasis**``, images, pipe tables with their 表N caption,
``>`` quotations), else as a list of blocks; image paths relative to the
issue's folder; a warning of the draft (a title guessed) as a comment above
its article.  ``append_articles`` adds such items to an existing issue
file's ``articles:`` and leaves every other byte of the file as it was.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..errors import Diagnostic, IssueError, Location
from ..i18n import _
from ..model import Block, Figure, Heading, PageBreak, Paragraph, Picture, Quote, Run, Table, Text
from .drafts import Draft
from .load import ListNode, MapNode, load_text
from .markup import heading_level

_CAPTION = re.compile(r"^表\s*[0-9０-９一二三四五六七八九十]+")
# A paragraph that starts so would read back as something else.
_NOT_A_PARAGRAPH = ("![", "|", ">")


def articles_yaml(drafts: Sequence[tuple[str, Draft]], folder: Path, indent: int = 2) -> str:
    """The YAML items (``- title: …``) of the articles of ``drafts`` — each
    (the draft's name, its ``Draft``) — for an issue in ``folder``, the
    items' dashes ``indent`` spaces in."""
    lines: list[str] = []
    pad = " " * indent
    for name, draft in drafts:
        lines.append(f"{pad}# {_comment(f'从 {name} 导入')}")
        for warning in draft.warnings:
            lines.append(f"{pad}# {_comment(warning.message)}")
        fields: list[tuple[str, str]] = []
        if draft.kicker is not None:
            fields.append(("kicker", _scalar(draft.kicker.value)))
        title = [t.value for t in draft.title] or ["（标题）"]
        fields.append(("title", _scalar(title[0]) if len(title) == 1 else _flow(title)))
        if draft.subtitle is not None:
            fields.append(("subtitle", _scalar(draft.subtitle.value)))
        if draft.source is not None:
            fields.append(("source", _scalar(draft.source.value)))
        first = True
        for key, value in fields:
            lines.append(f"{pad}{'- ' if first else '  '}{key}: {value}")
            first = False
        lines += _body(draft.blocks, folder, pad + "  ")
    return "\n".join(lines) + "\n"


def _body(blocks: Sequence[Block], folder: Path, pad: str) -> list[str]:
    markup = _as_markup(blocks, folder)
    if markup is not None:
        out = [f"{pad}body: |"]
        for line in markup.split("\n"):
            out.append(f"{pad}  {line}" if line else "")
        return out
    out = [f"{pad}body:"]
    for block in blocks:
        out.append(f"{pad}  - {_as_item(block, folder)}")
    return out


def _as_markup(blocks: Sequence[Block], folder: Path) -> str | None:
    """``blocks`` in body markup, or None when markup cannot say them."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = _runs(block.runs)
            if text.startswith(_NOT_A_PARAGRAPH) or heading_level(text) is not None:
                return None  # it would read back as an image, a table … or a heading
            parts.append(text)
        elif isinstance(block, Heading):
            head = _runs(block.runs)
            if block.body:
                parts.append(head + _runs(block.body))
            elif heading_level(head) == block.level:
                parts.append(head)
            else:
                return None  # a heading by its style, without numbering
        elif isinstance(block, Figure):
            if any(p.width is not None for p in block.pictures):
                return None
            parts.append("\n".join(_image(p, folder) for p in block.pictures))
        elif isinstance(block, Table):
            if block.widths is not None or (
                block.caption is not None and not _CAPTION.match(block.caption.value)
            ):
                return None
            rows = [_pipe(block.header), "|" + "---|" * len(block.header)]
            rows += [_pipe(row) for row in block.rows]
            if block.caption is not None:
                parts.append(block.caption.value)
            parts.append("\n".join(rows))
        elif isinstance(block, Quote):
            parts.append("\n>\n".join("> " + _runs(p.runs) for p in block.blocks))
        else:
            return None  # a page break has no markup
    return "\n\n".join(parts)


def _as_item(block: Block, folder: Path) -> str:
    """One block as an item of a body list (flow style)."""
    if isinstance(block, Paragraph):
        return _scalar(_runs(block.runs))
    if isinstance(block, Heading):
        return f"{{heading: {_scalar(_runs(block.runs + block.body))}, level: {block.level}}}"
    if isinstance(block, Figure):
        items = [_picture_item(p, folder) for p in block.pictures]
        return items[0] if len(items) == 1 else f"{{images: [{', '.join(items)}]}}"
    if isinstance(block, Table):
        rows = ", ".join(_flow([c.value for c in row]) for row in (block.header, *block.rows))
        extra = "" if block.caption is None else f", caption: {_scalar(block.caption.value)}"
        if block.widths is not None:
            extra += f", widths: [{', '.join(f'{w:g}' for w in block.widths)}]"
        return f"{{table: [{rows}]{extra}}}"
    if isinstance(block, Quote):
        return f"{{quote: {_scalar(chr(10).join(_runs(p.runs) for p in block.blocks))}}}"
    assert isinstance(block, PageBreak)
    return "{pagebreak: true}"


def _picture_item(picture: Picture, folder: Path) -> str:
    out = f"{{image: {_scalar(_relative(picture.path, folder))}"
    if picture.caption is not None:
        out += f", caption: {_scalar(picture.caption.value)}"
    if picture.width is not None:
        unit = "mm" if picture.width.unit == "mm" else ""
        out += f", width: {picture.width.value:g}{unit}"
    return out + "}"


def _image(picture: Picture, folder: Path) -> str:
    caption = "" if picture.caption is None else picture.caption.value
    return f"![{caption}]({_relative(picture.path, folder)})"


def _relative(path: Path, folder: Path) -> str:
    try:
        return Path(os.path.relpath(path, folder.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return path.as_posix()


def _runs(runs: Sequence[Run]) -> str:
    return "".join(f"**{r.text.value}**" if r.emphasis else r.text.value for r in runs)


def _pipe(cells: Sequence[Text]) -> str:
    return "| " + " | ".join(c.value.replace("|", "\\|") for c in cells) + " |"


def _scalar(value: str) -> str:
    """``value`` as one YAML scalar (quoted only when it must be)."""
    dumped: str = yaml.safe_dump(value, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _comment(text: str) -> str:
    return " ".join(text.split())


def append_articles(text: str, file: str, items: str) -> str:
    """The issue file ``text`` (named ``file``) with ``items`` (from
    ``articles_yaml``) added at the end of its ``articles:`` list; every
    other byte as it was.  ``IssueError`` if the file has no block list of
    articles to add to."""
    doc = load_text(text, file)
    if doc.problems:
        raise IssueError(list(doc.problems))
    root = doc.root
    entry = root.entry("articles") if isinstance(root, MapNode) else None
    if entry is None or not isinstance(entry.value, ListNode) or not entry.value.items:
        where = entry.key_location if entry is not None else Location(file, 1, 1)
        raise IssueError(
            [
                Diagnostic(
                    where,
                    _("there is no list of articles to add to"),
                    _("write articles: with at least one '- title:' item"),
                )
            ]
        )
    lines = text.splitlines(keepends=True)
    first = entry.value.items[0].location
    dash = lines[first.line - 1][: first.col - 1].rstrip()
    if not dash.endswith("-"):
        raise IssueError(
            [
                Diagnostic(
                    entry.value.location,
                    _("articles: is written as [ … ] on one line"),
                    _("write it as a list, one '- title:' item per article, to add to it"),
                )
            ]
        )
    indent = len(dash) - 1
    assert isinstance(root, MapNode)
    keys = list(root.entries)
    after = keys[keys.index(entry) + 1 :]
    end = len(lines)
    if after:
        end = after[0].key_location.line - 1
        # Comments and blank lines just above the next key belong to it.
        while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
    head = "".join(lines[:end])
    if head and not head.endswith("\n"):
        head += "\n"
    ours = items if indent == 2 else _reindent(items, indent)
    return head + ours + "".join(lines[end:])


def _reindent(items: str, indent: int) -> str:
    out = []
    for line in items.split("\n"):
        out.append(" " * indent + line[2:] if line.startswith("  ") else line)
    return "\n".join(out)
