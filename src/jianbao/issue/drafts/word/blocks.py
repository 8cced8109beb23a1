"""Word blocks: a draft's paragraphs and tables made into its title and its body.

In: the ``Para``s and ``Table``s read from a draft (``paragraphs.Reader``),
the body's heading limit and the folder its pictures are written to.  Out:
``head`` — the title's lines, kicker and subtitle taken off the start
(found by style or look, else the first paragraph with the warning
``TITLE_GUESSED``); ``levels`` — heading style n → body heading level; and
``Builder`` — the body as model blocks: paragraphs and headings through
``markup.parse_body``, figures (pictures written as
``<draft stem>-<n>.<ext>``, captions beside or below them), tables (merged
cells spread, the caption 表N … before them), every problem a located
``Diagnostic`` in ``Builder.problems``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ....errors import Diagnostic, IssueError, Location
from ....fsutil import WriteError, write_atomic
from ....i18n import N_, _
from ....model import Block, Figure, Heading, Paragraph, Picture, Run, Text
from ....records import dataclass
from ...markup import heading_level, normalise, parse_body, run_in_heading
from ...pictures import picture
from ...tables import make_table
from .package import reason
from .paragraphs import Cell, Image, Para, Piece, Reader, Table, join, lines, markup

TITLE_GUESSED = N_(
    "no paragraph is styled or set as the title (centred, larger or bold): "
    "the first paragraph is taken as the title"
)

_WRITABLE = N_("the pictures of a draft are written beside the issue: make that folder writable")
_KICKER_LIMIT = 30  # characters of a kicker
_CAPTION_LIMIT = 40  # characters of a caption found by its shortness
_TITLE_LINES = 3
_FIGURE_CAPTION = re.compile(r"^图\s*[0-9０-９一二三四五六七八九十]+")
_TABLE_CAPTION = re.compile(r"^表\s*[0-9０-９一二三四五六七八九十]+")
_SENTINEL = "\u0001"  # keeps a paragraph that opens with | or > out of table and quote markup


# --- title, kicker, subtitle ---------------------------------------------------------
@dataclass(frozen=True)
class _Head:
    title: tuple[Text, ...] = ()
    kicker: Text | None = None
    subtitle: Text | None = None


def head(
    items: list[Para | Table], limit: int, warnings: list[Diagnostic]
) -> tuple[_Head, list[Para | Table]]:
    """The title (with its kicker and subtitle) taken off the draft's start."""
    sizes: Counter[float] = Counter()
    for item in items:
        if isinstance(item, Para):
            sizes[item.size] += len(item.text)
    body = sizes.most_common(1)[0][0]

    def numbered(p: Para) -> bool:
        text = p.text
        return bool(heading_level(text, limit=limit) or run_in_heading(text, limit=limit))

    def styled(p: Para) -> bool:
        return p.fmt.titled or (p.fmt.heading == 1 and not numbered(p))

    def set_as_title(p: Para) -> bool:
        return p.fmt.centred and (p.size > body or p.looks_bold)

    def candidate(k: int) -> Para | None:
        item = items[k] if k < len(items) else None
        if not isinstance(item, Para) or item.images or item.text.startswith("——"):
            return None
        return item if styled(item) or set_as_title(item) else None

    first = candidate(0)
    second = candidate(1)
    opening = items[0] if isinstance(items[0], Para) and not items[0].images else None
    kicker: Para | None = None
    if opening is not None and second is not None and _kicker(opening, second):
        kicker, title, at = opening, second, 1
    elif first is not None:
        title, at = first, 0
    else:
        at, title = next(
            (k, item) for k, item in enumerate(items) if isinstance(item, Para) and item.text
        )
        warnings.append(
            Diagnostic(
                title.where,
                _(TITLE_GUESSED),
                _("if it is not, give the article's title: in the issue"),
                "warning",
            )
        )
        return _Head(_title_lines([title])), items[:at] + items[at + 1 :]
    lines = [title]
    end = at + 1
    while end < len(items) and len(lines) < _TITLE_LINES:
        more = items[end]
        if not isinstance(more, Para) or not _continues(title, more, styled(more)):
            break
        lines.append(more)
        end += 1
    subtitle = None
    if end < len(items):
        after = items[end]
        if isinstance(after, Para) and not after.images and after.text.startswith("——"):
            subtitle = normalise(Text(after.text, after.where))
            end += 1
    head = _Head(
        _title_lines(lines),
        normalise(Text(kicker.text, kicker.where)) if kicker else None,
        subtitle,
    )
    return head, items[end:]


def _kicker(line: Para, title: Para) -> bool:
    """A short line in a smaller size just above the title."""
    return len(line.text) <= _KICKER_LIMIT and line.size < title.size


def _continues(title: Para, more: Para, styled: bool) -> bool:
    """``more`` goes on with the title: styled Title as it is, or (a title
    found by its look) centred in its size and weight.  A title styled
    Heading 1 has one paragraph: the next one may be a heading."""
    if more.images or more.text.startswith("——") or len(more.text) > _CAPTION_LIMIT:
        return False
    if title.fmt.titled:
        return more.fmt.titled
    if styled or title.fmt.heading == 1:
        return False
    return more.fmt.centred and more.size == title.size and more.looks_bold == title.looks_bold


def _title_lines(paragraphs: list[Para]) -> tuple[Text, ...]:
    """The title's lines: each paragraph, each manual line of it."""
    out: list[Text] = []
    for p in paragraphs:
        for line in p.lines:
            text = normalise(Text("".join(c for c, _loc in line), p.where))
            if text.value:
                out.append(text)
    return tuple(out)


def levels(items: list[Para | Table]) -> dict[int, int]:
    """Heading style n → body heading level (the highest used is level 1)."""
    used = {item.fmt.heading for item in items if isinstance(item, Para) and item.fmt.heading}
    if not used:
        return {}
    top = min(used)
    return {n: min(n - top + 1, 4) for n in used}


# --- the body's blocks ---------------------------------------------------------------
class Builder:
    """Paragraphs and tables in, model blocks out (pictures written as met)."""

    def __init__(
        self, reader: Reader, *, stem: str, images: Path, limit: int, levels: dict[int, int]
    ) -> None:
        self.shown = reader.shown
        self.stem = stem
        self.folder = images
        self.limit = limit
        self.levels = levels
        self.blocks: list[Block] = []
        self.problems: list[Diagnostic] = []
        self.files: dict[str, Path] = {}

    def add(self, items: list[Para | Table]) -> None:
        k = 0
        while k < len(items):
            item = items[k]
            after = items[k + 1] if k + 1 < len(items) else None
            if isinstance(item, Table):
                self._table(item)
            elif item.images:
                if self._pictures(item, after):
                    k += 1
            else:
                block = self._text(item.spans, item)
                if block is not None:
                    self.blocks.append(block)
            k += 1

    # -- text
    def _text(self, pieces: list[Piece], para: Para) -> Block | None:
        """A paragraph's text as the body markup reads it: paragraph or heading."""
        chars = join(lines(pieces))
        if not chars:
            return None
        marked = markup(chars)
        guarded = marked[0] in "|>" or marked.startswith("![")
        if guarded:
            marked = _SENTINEL + marked
        try:
            blocks = parse_body(
                Text(marked, para.where), path=_("the paragraph"), heading_limit=self.limit
            )
        except IssueError as exc:
            self.problems += exc.diagnostics
            return None
        if not blocks or not isinstance(blocks[0], Paragraph | Heading):
            return None
        block = blocks[0]
        if guarded and isinstance(block, Paragraph):
            block = Paragraph(_unguarded(block.runs))
        if isinstance(block, Paragraph) and para.fmt.heading in self.levels:
            return Heading(self.levels[para.fmt.heading], block.runs)
        return block

    # -- pictures
    def _pictures(self, para: Para, after: Para | Table | None) -> bool:
        """Text and figures, in order, of a paragraph holding pictures; True
        when ``after`` was taken as the caption."""
        segments: list[list[Piece]] = []  # text pieces, or pictures
        pending: list[Piece] = []
        for piece in para.spans:
            if not isinstance(piece, Image):
                pending.append(piece)
                continue
            if join(lines(pending)) or not segments:
                if join(lines(pending)):
                    segments.append(pending)
                segments.append([])
            segments[-1].append(piece)
            pending = []
        trailing = "".join(c for c, _loc in join(lines(pending)))
        taken = False
        caption: Text | None = None  # as written: normalised once split
        if trailing and _is_caption(trailing, para.fmt.centred):
            caption = Text(trailing, para.where)
        elif trailing:
            segments.append(pending)
        elif (
            isinstance(after, Para)
            and not after.images
            and _is_caption(after.text, after.fmt.centred)
        ):
            caption = Text(after.text, after.where)
            taken = True
        last = max(k for k, segment in enumerate(segments) if isinstance(segment[0], Image))
        for k, segment in enumerate(segments):
            if not isinstance(segment[0], Image):
                self._flush(segment, para)
                continue
            shots = [piece for piece in segment if isinstance(piece, Image)]
            for start in range(0, len(shots), 2):
                group = shots[start : start + 2]
                final = k == last and start + 2 >= len(shots)
                captions = _split_caption(caption, len(group)) if final else []
                self._figure([(shot, para.where) for shot in group], captions)
        return taken

    def _flush(self, pieces: list[Piece], para: Para) -> None:
        block = self._text(pieces, para)
        if block is not None:
            self.blocks.append(block)

    def _figure(self, images: list[tuple[Image, Location]], captions: list[Text | None]) -> None:
        """One figure of one or two pictures (each where it is in the draft)."""
        pictures: list[Picture] = []
        for n, (image, where) in enumerate(images):
            caption = captions[n] if n < len(captions) else None
            found = self._picture(image, caption, where)
            if found is None:
                return
            pictures.append(found)
        if pictures:
            self.blocks.append(Figure(tuple(pictures)))

    def _picture(self, image: Image, caption: Text | None, where: Location) -> Picture | None:
        """The picture written out (only when changed) and checked."""
        target = self.files.get(image.key)
        if target is None:
            target = self.folder / f"{self.stem}-{len(self.files) + 1}.{image.ext}"
            self.files[image.key] = target
            try:
                if not (target.is_file() and target.read_bytes() == image.blob):
                    self.folder.mkdir(parents=True, exist_ok=True)
                    write_atomic(target, image.blob)
            except WriteError as exc:
                self.problems.append(Diagnostic(where, str(exc), _(_WRITABLE)))
                return None
            except OSError as exc:
                message = _("cannot write {path}: {reason}").format(path=target, reason=reason(exc))
                self.problems.append(Diagnostic(where, message, _(_WRITABLE)))
                return None
        return picture(Text(str(target.resolve()), where), caption, None, self.problems)

    # -- tables
    def _table(self, table: Table) -> None:
        if table.empty:
            return
        if any(cell.images for row in table.rows for cell in row):
            self._picture_table(table)
            return
        if len(table.rows) == 1 and len(table.rows[0]) == 1:
            self.add(table.rows[0][0].items)  # a frame around paragraphs
            return
        width = max(sum(cell.span for cell in row) for row in table.rows)
        rows: list[tuple[list[Text], Location]] = []
        for row in table.rows:
            cells: list[Text] = []
            for cell in row:
                text = "" if cell.merged else cell.text
                cells.append(normalise(Text(text, cell.where)))
                cells += [Text("", cell.where) for _col in range(cell.span - 1)]
            where = row[0].where if row else table.where
            cells += [Text("", where) for _col in range(width - len(cells))]
            rows.append((cells, where))
        header, header_at = rows[0]
        made = make_table(
            header, rows[1:], self.problems, origin=header_at, caption=self._table_caption()
        )
        if made is not None:
            self.blocks.append(made)

    def _table_caption(self) -> Text | None:
        """A one-line paragraph 表N … just before a table: its caption (taken off)."""
        if not self.blocks or not isinstance(self.blocks[-1], Paragraph):
            return None
        runs = self.blocks[-1].runs
        value = "".join(r.text.value for r in runs)
        if not _TABLE_CAPTION.match(value) or len(value) > _CAPTION_LIMIT:
            return None
        self.blocks.pop()
        return Text(value, runs[0].text.origin)

    def _picture_table(self, table: Table) -> None:
        """A table laying out pictures: a figure per row (two at most side by
        side), captions from the cells' text or from the row below."""
        k = 0
        while k < len(table.rows):
            row = table.rows[k]
            shots = [(image, cell, col) for col, cell in enumerate(row) for image in cell.images]
            if not shots:
                for cell in row:
                    self.add([p for p in cell.paragraphs if not p.empty])
                k += 1
                continue
            captions = [_caption_of(cell) for _image, cell, _col in shots]
            below = table.rows[k + 1] if k + 1 < len(table.rows) else None
            if not any(captions) and below and not any(cell.images for cell in below):
                captions = [
                    _caption_of(below[col]) if col < len(below) else None
                    for _image, _cell, col in shots
                ]
                k += 1
            for start in range(0, len(shots), 2):
                group = shots[start : start + 2]
                self._figure(
                    [(image, cell.where) for image, cell, _col in group],
                    captions[start : start + 2],
                )
            k += 1


def _caption_of(cell: Cell) -> Text | None:
    value = cell.caption()
    return normalise(Text(value, cell.where)) if value else None


def _is_caption(text: str, centred: bool) -> bool:
    return bool(_FIGURE_CAPTION.match(text)) or (centred and len(text) <= _CAPTION_LIMIT)


def _split_caption(caption: Text | None, count: int) -> list[Text | None]:
    """One caption (as written) for each of ``count`` pictures side by side:
    图1 … 图2 … (or two parts parted by a wide space) split in two; else the
    whole for the first picture.  Each normalised."""
    if caption is None:
        return []
    if count < 2:
        return [normalise(caption)]
    value = caption.value
    labels = [m.start() for m in re.finditer(r"图\s*[0-9０-９]", value)]
    gap = re.search(r"\s{2,}|　+", value)
    cut = labels[1] if len(labels) > 1 else None
    if cut is None and gap is not None:
        cut = gap.start()
    if cut is None:
        return [normalise(caption), None]
    where = caption.origin
    return [normalise(Text(value[:cut], where)), normalise(Text(value[cut:], where))]


def _unguarded(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Runs without the sentinel put before a paragraph opening with | or >."""
    first = runs[0]
    value = first.text.value.removeprefix(_SENTINEL)
    offsets = first.text.offsets[1:] if first.text.offsets else ()
    rest = runs[1:]
    if not value:
        return rest
    return (Run(Text(value, first.text.origin, offsets), first.emphasis), *rest)
