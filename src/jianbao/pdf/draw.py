"""Draw: paint laid-out pages with ReportLab and return the PDF bytes.

In: a ``Layout`` (items in pt, origin top-left, y down), the ``Theme`` (page
size, how red is printed) and the producer string for the PDF's metadata.
Out: PDF bytes.  The only module that knows ReportLab's bottom-left origin;
it decides nothing about where things go.  Output is deterministic
(``invariant``), each face is embedded as one subset font (registered with
ReportLab when it was opened, ``fonts.face``; written by ``fonts.embed``),
colours are CMYK.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.pdfgen.canvas import Canvas

from ..layout.frame import ImageItem, Layout, RuleItem, TextItem, VRuleItem
from ..theme import CMYK, Theme
from . import images


def draw(layout: Layout, theme: Theme, producer: str) -> bytes:
    """Render ``layout`` into a PDF document made by ``producer``."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(theme.page_width, theme.page_height),
        invariant=1,
        pageCompression=1,
        initialFontName=_initial_font(layout),
        initialFontSize=theme.body_size,
    )
    canvas.setTitle(layout.title)
    canvas.setAuthor(layout.author)
    canvas.setSubject(layout.title)
    canvas.setCreator(producer)
    canvas.setProducer(producer)
    height = theme.page_height
    ink = _Inks(theme)
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, ImageItem):
                images.draw(canvas, item, height)
                continue
            color = ink.color(item.color)
            if color is None:
                continue  # 套打: the red is printed on the paper already
            if isinstance(item, RuleItem):
                canvas.setStrokeColor(color)
                canvas.setLineWidth(item.width)
                if item.dots:  # a leader: round dots, one every ``dots`` pt
                    canvas.setLineCap(1)
                    canvas.setDash([0, item.dots])
                else:
                    canvas.setLineCap(0)
                canvas.line(item.x0, height - item.y, item.x1, height - item.y)
                if item.dots:
                    canvas.setDash()
            elif isinstance(item, VRuleItem):
                canvas.setStrokeColor(color)
                canvas.setLineWidth(item.width)
                canvas.setLineCap(0)
                canvas.line(item.x, height - item.y0, item.x, height - item.y1)
            else:
                _text(canvas, item, color, height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Inks:
    """The PDF colour of each CMYK tuple of the layout.

    Red becomes a named separation (spot colour) for two-colour printing, or
    nothing at all for pre-printed red-header paper, as the theme says.
    """

    def __init__(self, theme: Theme) -> None:
        self.red = theme.red
        self.mode = theme.red_mode
        self.spot = CMYKColorSep(*theme.red, spotName=theme.spot_name, density=1)

    def color(self, cmyk: CMYK) -> CMYKColor | None:
        if cmyk == self.red and self.mode != "cmyk":
            return self.spot if self.mode == "spot" else None
        return CMYKColor(*cmyk)


def _initial_font(layout: Layout) -> str:
    """The first face used, as the canvas's initial font.

    Without an initial font of ours ReportLab names Helvetica in every page's
    resources, a font the PDF would then reference without embedding it.
    """
    for page in layout.pages:
        for item in page.items:
            if isinstance(item, TextItem):
                return item.face.pdf_name
    return "Helvetica"


def _text(canvas: Canvas, item: TextItem, color: CMYKColor, height: float) -> None:
    text = canvas.beginText()
    text.setFont(item.face.pdf_name, item.size)
    text.setFillColor(color)
    # Tc and Tz persist between text objects: set them for every item.
    text.setCharSpace(item.char_space)
    text.setHorizScale(item.hscale * 100)
    # One string per item: each face is one font (``fonts.embed``).
    text.setTextOrigin(item.x, height - item.y)
    text.textOut(item.text)
    canvas.drawText(text)
