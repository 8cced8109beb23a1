"""Every number of the printed page (docs/typesetting.md) in one frozen object.

In: nothing but the defaults written here (mm converted to pt once).
Out: ``Theme``, read by layout and draw.  Coordinates are in pt with the
origin at the top-left corner of the page, y growing downwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from .model import Punctuation, Style
from .records import dataclass

MM = 72.0 / 25.4

# 字号 (Word/WPS type sizes), in pt.
SIZES: Mapping[str, float] = MappingProxyType(
    {
        "初号": 42.0,
        "小初": 36.0,
        "一号": 26.0,
        "小一": 24.0,
        "二号": 22.0,
        "小二": 18.0,
        "三号": 16.0,
        "小三": 15.0,
        "四号": 14.0,
        "小四": 12.0,
        "五号": 10.5,
        "小五": 9.0,
    }
)

CMYK = tuple[float, float, float, float]
RED: CMYK = (0.0, 1.0, 1.0, 0.0)
BLACK: CMYK = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class Theme:
    """GB/T 9704 geometry and the bulletin's typographic choices."""

    page_width: float = 210 * MM
    page_height: float = 297 * MM
    margin_top: float = 37 * MM
    margin_left: float = 28 * MM
    block_width: float = 156 * MM
    block_height: float = 225 * MM
    chars_per_line: int = 28
    lines_per_page: int = 22

    body_size: float = SIZES["三号"]
    title_size: float = SIZES["二号"]
    title_min_scale: float = 0.95  # a title line is compressed this far before it wraps
    # A one-line element (issuer, mark, kicker, subtitle, source, caption)
    # compressed past this is a bar, not text: an error instead.
    min_line_scale: float = 0.6
    kicker_size: float = SIZES["三号"]
    colophon_size: float = SIZES["四号"]
    folio_size: float = SIZES["四号"]

    # Masthead (报头).
    mark_size: float = SIZES["三号"]
    name_sizes: tuple[float, ...] = (SIZES["初号"], 56.0)  # one size per line
    name_single_size: float = 64.0
    # A name line too wide steps down through these sizes (初号, 小初, 一号) …
    name_step_sizes: tuple[float, ...] = (SIZES["初号"], SIZES["小初"], SIZES["一号"])
    name_min_scale: float = 0.85  # … then compresses (字符缩放) at most this far
    name_line_gap: float = 0.1  # extra leading between name lines, in em
    name_number_gap: float = 10.0  # the name's em box → the top of the 期号 row
    number_row: int = 4  # the 期号 row at the earliest: the red rule falls at a third of the page
    issuer_inset: int = 1  # 空一字: the issuer and the date are one cell in from the edges
    masthead_rule_gap: float = 4 * MM  # issuer line → red rule
    masthead_rule_width: float = 2.0  # single thick rule
    masthead_rule_double: bool = False  # thick over thin
    masthead_thin_width: float = 0.75
    masthead_double_gap: float = 1.5

    # Colophon (报尾): 四号 lines at a pitch of their own, between rules.
    colophon_pitch: float = 0.8 * 225 * MM / 22  # 23.19 pt: 0.8 of the body's
    colophon_thick: float = 0.35 * MM
    colophon_thin: float = 0.25 * MM

    # Page numbers: dashes 7 mm below the text block, inset one character.
    folio_drop: float = 7 * MM
    folio_first_page: bool = True
    folio_position: str = "outside"  # "outside", "centre" or "none"

    # Figures: 楷体 四号 captions under the image, at a pitch of their own.
    caption_size: float = SIZES["四号"]
    caption_pitch: float = 0.8 * 225 * MM / 22
    caption_gap: float = 4.0  # image → its caption
    figure_margin: float = 4.0  # at least this much white above and below a figure
    figure_gutter: int = 2  # cells between two images side by side
    figure_max_rows: int = 12  # an image as wide as it may be stops at this height
    figure_min_dpi: float = 150.0  # below this an image prints blurred: a warning
    figures: str = "float"  # "float" or "here" (see model.Style)
    # Tables: 四号 cells, a first line a grid row high, more lines at a tighter pitch.
    table_size: float = SIZES["四号"]
    table_pitch: float = 0.8 * 225 * MM / 22
    table_padding: float = 0.5  # white left and right in a cell, in em
    table_outer: float = 0.5  # the frame's rules, pt
    table_inner: float = 0.25  # rules between rows and columns, pt
    # Contents: page numbers after dotted leaders.
    contents_number_cells: int = 3  # room kept at the right for the leader and number
    leader_pitch: float = 4.0  # dot to dot
    leader_width: float = 1.0  # a dot's diameter
    # Page count and colour options (see model.Style).
    pad_pages: int = 1
    colophon_even_page: bool = False
    punctuation: Punctuation = "pairs"
    widow_control: bool = True
    red_mode: str = "cmyk"  # "cmyk", "spot" or "none"
    spot_name: str = "Red"

    red: CMYK = RED
    black: CMYK = BLACK
    contents_heading: str = "本期要目"

    def with_style(self, style: Style) -> Theme:
        """This theme with the issue's page options applied."""
        return replace(
            self,
            folio_position=style.page_numbers,
            folio_first_page=style.first_page_number,
            masthead_rule_double=style.masthead_rule == "double",
            red_mode=style.red,
            pad_pages=style.pad_pages,
            colophon_even_page=style.colophon_even_page,
            punctuation=style.punctuation,
            widow_control=style.widow_control,
            figures=style.figures,
        )

    # Derived grid ------------------------------------------------------
    @property
    def margin_right(self) -> float:
        return self.page_width - self.margin_left - self.block_width

    @property
    def block_left(self) -> float:
        return self.margin_left

    @property
    def block_right(self) -> float:
        return self.margin_left + self.block_width

    @property
    def block_top(self) -> float:
        return self.margin_top

    @property
    def block_bottom(self) -> float:
        return self.margin_top + self.block_height

    @property
    def cell(self) -> float:
        """Character pitch: 442.205 / 28 = 15.793 pt."""
        return self.block_width / self.chars_per_line

    @property
    def line_pitch(self) -> float:
        """Line pitch: 637.795 / 22 = 28.99 pt."""
        return self.block_height / self.lines_per_page

    def row_top(self, row: int) -> float:
        """Top edge of grid row ``row`` (0-based) on a page."""
        return self.block_top + row * self.line_pitch

    def column_x(self, column: int) -> float:
        """Left edge of grid column ``column`` (0-based)."""
        return self.block_left + column * self.cell


DEFAULT_THEME = Theme()
