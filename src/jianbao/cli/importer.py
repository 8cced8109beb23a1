"""``jianbao import``: drafts (.docx, .md, .txt) become articles of an issue file.

In: the drafts, and where the articles go — a new issue file (``-o``,
made from the series as ``jianbao new`` makes one), an existing one
(``--into``, its ``articles:`` extended and every other byte kept), or
stdout.  Out: the issue file written atomically, the drafts' pictures in
``images/`` beside it, and the path on stdout; or, for bad input, every
problem on stderr, exit 1 and nothing written (the result is read back
and validated before it replaces anything).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import Diagnostic, IssueError, JianbaoError, Location
from ..fsutil import write_atomic
from ..i18n import _
from ..issue.drafts import DRAFT_SUFFIXES, Draft, read_draft
from ..issue.export import append_articles, articles_yaml
from ..issue.markup import HEADING_LIMIT
from ..issue.read import read_issue
from ..issue.template import new_issue
from ..model import Block, Figure


def import_drafts(
    drafts: Sequence[Path],
    *,
    output: Path | None,
    into: Path | None,
    series: Path | None,
    day: dt.date,
) -> tuple[str, Path | None, list[Diagnostic]]:
    """The issue text with the drafts' articles, where it was written (None:
    for stdout) and the drafts' warnings; ``IssueError`` or
    ``JianbaoError`` with nothing written."""
    target = into or output
    folder = (target.parent if target is not None else Path()).resolve()
    problems = []
    for draft in drafts:
        if not draft.is_file():
            if draft.is_dir():
                message = _("draft '{draft}' is a folder")
            else:
                message = _("draft '{draft}' does not exist")
            problems.append(Diagnostic(None, message.format(draft=draft)))
        elif draft.suffix.lower() not in DRAFT_SUFFIXES:
            problems.append(
                Diagnostic(
                    Location(str(draft), 1, 1),
                    _("'{draft}' is not a draft jianbao reads").format(draft=draft),
                    _("give .docx, .md or .txt files"),
                )
            )
    if problems:
        raise IssueError(problems)
    if output is not None and output.exists():
        raise JianbaoError(
            _("{output}: already exists; add to it with --into {output}").format(output=output)
        )
    if into is not None and not into.is_file():
        raise JianbaoError(_("{path}: no such issue file to add to").format(path=into))
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".jianbao-import-", dir=folder) as scratch:
        read = _read_all(drafts, Path(scratch))
        moves = _image_moves(read, folder / "images")
        read = [(name, _moved(draft, moves)) for name, draft in read]
        text = _issue_text(read, folder, output=output, into=into, series=series, day=day)
        created: list[Path] = []
        check = folder / f".jianbao-import-{hashlib.sha1(text.encode()).hexdigest()[:8]}.yaml"
        try:
            for old, new in moves.items():
                if not new.exists():
                    new.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(old, new)
                    created.append(new)
            # Read back and validated where it goes, before it replaces anything.
            check.write_text(text, encoding="utf-8")
            read_issue(check, series)
            if target is not None:
                write_atomic(target, text.encode("utf-8"))
        except BaseException:
            for path in created:
                path.unlink(missing_ok=True)
            raise
        finally:
            check.unlink(missing_ok=True)
    warnings = [w for _name, draft in read for w in draft.warnings]
    return text, target, warnings


def _read_all(drafts: Sequence[Path], images: Path) -> list[tuple[str, Draft]]:
    problems: list[Diagnostic] = []
    out: list[tuple[str, Draft]] = []
    for draft in drafts:
        try:
            found = read_draft(
                draft.resolve(), shown=str(draft), images=images, heading_limit=HEADING_LIMIT
            )
        except IssueError as exc:
            problems += exc.diagnostics
            continue
        out.append((draft.name, found))
    if problems:
        raise IssueError(problems)
    return out


def _image_moves(read: list[tuple[str, Draft]], images: Path) -> dict[Path, Path]:
    """Each picture taken out of a draft → its file in ``images``: its own
    name, unless a different file has it there already."""
    moves: dict[Path, Path] = {}
    taken: set[Path] = set()
    for _name, draft in read:
        for block in draft.blocks:
            if not isinstance(block, Figure):
                continue
            for picture in block.pictures:
                source = picture.path
                if source in moves or images in source.parents:
                    continue
                if source.parent == images:  # a .md's own picture: left where it is
                    continue
                if not _extracted(source):
                    continue
                target = images / source.name
                k = 2
                while target in taken or (target.exists() and not _same(target, source)):
                    target = images / f"{source.stem}-{k}{source.suffix}"
                    k += 1
                taken.add(target)
                moves[source] = target
    return moves


def _extracted(path: Path) -> bool:
    """Whether ``path`` is a picture a reader took out of a draft (in the
    scratch folder), not an image file a Markdown draft names."""
    return any(part.startswith(".jianbao-import-") for part in path.parts)


def _same(a: Path, b: Path) -> bool:
    return hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def _moved(draft: Draft, moves: dict[Path, Path]) -> Draft:
    def block(b: Block) -> Block:
        if not isinstance(b, Figure):
            return b
        pictures = tuple(dataclasses.replace(p, path=moves.get(p.path, p.path)) for p in b.pictures)
        return Figure(pictures)

    return dataclasses.replace(draft, blocks=tuple(block(b) for b in draft.blocks))


def _issue_text(
    read: list[tuple[str, Draft]],
    folder: Path,
    *,
    output: Path | None,
    into: Path | None,
    series: Path | None,
    day: dt.date,
) -> str:
    if into is not None:
        text = into.read_text("utf-8-sig")
        return append_articles(text, str(into), articles_yaml(read, folder))
    made = new_issue(folder, day, series=series)
    text = made.text.replace("由 jianbao new 生成", "由 jianbao import 生成", 1)
    if output is not None:  # the comment telling how to render names the file written
        text = text.replace(f"jianbao render {made.path.name}", f"jianbao render {output.name}", 1)
    return _with_articles(text, articles_yaml(read, folder))


def _with_articles(text: str, items: str) -> str:
    """A new issue's text with its placeholder articles replaced by ``items``."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("articles:"))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] == " "):
        end += 1
    return "".join(lines[: start + 1]) + items + "".join(lines[end:])
