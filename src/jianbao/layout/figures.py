"""Figures: an image (or two side by side) with its caption, as one tall row.

In: a ``FigureCopy`` (each picture's file, pixel size, printed width and
caption) and a ``Setter``.  Out: a ``Row`` as tall as a whole number of
grid rows, holding the ``ImageItem``s and the caption lines centred under
each image (楷体 四号, broken between words like a title), with the
figure's block centred in its rows so that the text after it stays on the
grid; and a warning for each image that prints below ``figure_min_dpi``.
docs/typesetting.md §11.

An image is as wide as its column (the text block, or half of it less the
gutter for two side by side) unless it gives a width in characters or mm,
never wider; as wide as it may be, it stops at ``figure_max_rows`` rows
high, and no figure is taller than a page.  The aspect ratio is kept.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..errors import Diagnostic, IssueError
from ..i18n import _
from ..records import dataclass
from ..theme import MM
from .content import FigureCopy, PictureCopy, Styled
from .frame import ImageItem, Item, TextItem
from .lines import Row, Setter
from .titles import title_lines


@dataclass(frozen=True)
class _Placed:
    """One picture sized for its column: the image box and its caption lines."""

    picture: PictureCopy
    width: float
    height: float
    captions: tuple[str, ...]


def figure_row(setter: Setter, figure: FigureCopy) -> tuple[Row, list[Diagnostic]]:
    """The figure as one row, and its resolution warnings."""
    theme = setter.theme
    count = len(figure.pictures)
    gutter = theme.figure_gutter * theme.cell if count > 1 else 0.0
    column = (theme.block_width - gutter) / count
    placed = [_size(setter, p, column) for p in figure.pictures]
    captions = max(len(p.captions) for p in placed)
    caption_height = captions * theme.caption_pitch + (theme.caption_gap if captions else 0.0)
    # No figure is taller than a page: its images shrink together if need be.
    room = theme.block_height - 2 * theme.figure_margin - caption_height
    tallest = max(p.height for p in placed)
    if tallest > room:
        placed = [_scaled(p, room / tallest) for p in placed]
        tallest = room
    block = tallest + caption_height
    rows = math.ceil((block + 2 * theme.figure_margin) / theme.line_pitch - 1e-9)
    height = rows * theme.line_pitch
    top = (height - block) / 2
    items: list[Item] = []
    warnings: list[Diagnostic] = []
    for k, p in enumerate(placed):
        left = theme.block_left + k * (column + gutter)
        x = left + (column - p.width) / 2
        # Side by side, the images stand on one line: their bottoms align.
        y = top + tallest - p.height
        items.append(ImageItem(x, y, p.width, p.height, p.picture.path))
        items += _caption_items(setter, p, left, column, top + tallest + theme.caption_gap)
        warning = _resolution(setter, p)
        if warning is not None:
            warnings.append(warning)
    return Row(tuple(items), height=height, floats=theme.figures == "float"), warnings


def _size(setter: Setter, picture: PictureCopy, column: float) -> _Placed:
    theme = setter.theme
    px_w, px_h = picture.pixels
    ratio = px_h / px_w
    if picture.width is None:
        width = min(column, theme.figure_max_rows * theme.line_pitch / ratio)
    elif picture.width.unit == "mm":
        width = min(column, picture.width.value * MM)
    else:
        width = min(column, picture.width.value * theme.cell)
    captions: tuple[str, ...] = ()
    if picture.caption is not None:
        captions = tuple(caption_lines(setter, picture.caption, column))
    return _Placed(picture, width, width * ratio, captions)


def _scaled(p: _Placed, factor: float) -> _Placed:
    return _Placed(p.picture, p.width * factor, p.height * factor, p.captions)


def caption_lines(setter: Setter, caption: Styled, room: float) -> list[str]:
    """A caption's lines, each at most ``room`` wide: broken between words
    into balanced lines, or where the line breaker allows when it has no
    word break that fits."""
    size = setter.theme.caption_size
    try:
        return title_lines(caption.text, room, lambda text: setter.width(text, caption.role, size))
    except IssueError:
        lines = setter.break_runs(
            [(caption.text.value, caption.role)],
            size=size,
            cell=size,
            cells=int(room // size),
            indent=0,
        )
        return [line.text for line in lines]


def _caption_items(
    setter: Setter, p: _Placed, left: float, column: float, top: float
) -> list[Item]:
    """The caption lines centred under the image's column, from ``top``."""
    theme = setter.theme
    caption = p.picture.caption
    if caption is None:
        return []
    items: list[Item] = []
    # centred_row centres on the block and sets a baseline for a line pitch:
    # move it to the column and to the caption's tighter pitch.
    shift_x = left + column / 2 - (theme.block_left + theme.block_width / 2)
    recentre = (theme.caption_pitch - theme.line_pitch) / 2
    for k, line in enumerate(p.captions):
        row = setter.centred_row(
            line, role=caption.role, size=theme.caption_size, kind="caption", room=column
        )
        dy = top + k * theme.caption_pitch + recentre
        items += [
            replace(item, x=item.x + shift_x, y=item.y + dy)
            for item in row.items
            if isinstance(item, TextItem)
        ]
    return items


def _resolution(setter: Setter, p: _Placed) -> Diagnostic | None:
    """A warning when the image prints at fewer than ``figure_min_dpi``."""
    minimum = setter.theme.figure_min_dpi
    dpi = p.picture.pixels[0] / (p.width / 72.0)
    if dpi >= minimum:
        return None
    wide = p.width / MM
    return Diagnostic(
        p.picture.origin,
        _(
            "image '{image}' prints {wide:.0f} mm wide at {dpi:.0f} dpi, "
            "below {minimum:.0f} dpi: it will look blurred"
        ).format(image=p.picture.path.name, wide=wide, dpi=dpi, minimum=minimum),
        _("use an image at least {pixels} pixels wide, or print it narrower (width:)").format(
            pixels=math.ceil(minimum * p.width / 72.0)
        ),
        "warning",
    )
