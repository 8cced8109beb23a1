"""Images: a picture file painted into its box in the print shop's inks.

In: an ``ImageItem`` (a PNG or JPEG file, already found and checked by
``issue.pictures``, and its box in pt, origin top-left, y down), the canvas
and the page height.  Out: the picture on the canvas, stretched to fill the
box, as an image XObject in DeviceGray or DeviceCMYK — never RGB, never a
soft mask:

- transparency is flattened onto white paper first;
- gray pictures (and colour files whose every pixel is gray) become 8-bit
  DeviceGray;
- colour becomes DeviceCMYK by full gray-component replacement: neutrals
  print in black ink only and no pixel carries more than 200 % ink;
- a gray JPEG or an Adobe CMYK JPEG is embedded as it is, its DCT bytes
  untouched; any other JPEG is re-encoded as a JPEG, a PNG is Flate
  compressed (lossless stays lossless, lossy stays small).

A file drawn several times, on one page or many, is one XObject: ReportLab
names an image by a digest of its data and reuses it.  Pillow is imported
where it is used (ReportLab's ``lib.utils`` imports ``PIL.Image`` anyway).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas

from ..layout.frame import ImageItem

if TYPE_CHECKING:
    from PIL import Image

# Re-encoding a colour JPEG: a 1000 × 700 photo saved at quality 90
# (157 kB) embeds in 321 kB as a CMYK JPEG at 92 (four full-resolution
# channels), but in 1376 kB as Flate; only flat graphics saved as JPEG are
# smaller as Flate (64 kB against 95 kB), where it does not matter.  So a
# JPEG stays a JPEG (and ReportLab's ASCII85 adds a quarter to either).
JPEG_QUALITY = 92

# Prepared images kept between draws, so that a picture repeated on every
# page is decoded once.  Each holds its pixels: a bulletin repeats a logo or
# two, not dozens of photos.
_CACHED = 8

_SIXTEEN_BIT = ("I", "I;16", "I;16B", "I;16L", "I;16N")


def draw(canvas: Canvas, item: ImageItem, page_height: float) -> None:
    """Paint ``item``'s file into its box on the current page."""
    stat = item.path.stat()
    image = _prepared(item.path.resolve(), stat.st_size, stat.st_mtime_ns)
    y = page_height - item.y - item.height
    canvas.drawImage(image, item.x, y, item.width, item.height)


class _Prepared(ImageReader):  # type: ignore[misc]  # ReportLab has no types
    """One picture as ReportLab embeds it: 8-bit gray or CMYK pixels, which
    it Flate-compresses, or the bytes of a gray or CMYK JPEG, which it copies
    behind DCTDecode.

    ``drawImage`` names the XObject by a digest of ``getRGBData()`` (RGB in
    name only: whatever bytes stand for the image), so equal pictures share
    one XObject.  ``ImageReader.__init__`` is not called: it would open the
    file again and decode a JPEG only to digest it.
    """

    def __init__(self, mode: str, size: tuple[int, int], data: bytes, *, jpeg: bool) -> None:
        self.mode = mode
        self._size = size
        self._data = data
        self._dataA = None  # no soft mask
        self._jpeg = jpeg

    def getSize(self) -> tuple[int, int]:
        return self._size

    def getRGBData(self) -> bytes:
        return self._data

    def jpeg_fh(self) -> io.BytesIO | None:
        return io.BytesIO(self._data) if self._jpeg else None


@functools.lru_cache(maxsize=_CACHED)
def _prepared(path: Path, size: int, mtime_ns: int) -> _Prepared:
    """The picture at ``path`` ready to embed; ``size`` and ``mtime_ns`` are
    in the cache key only, so that a file changed on disk is read again."""
    from PIL import Image

    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        if image.format == "JPEG" and _passes_through(image, data):
            return _Prepared(image.mode, image.size, data, jpeg=True)
        image.load()
        pixels = _inked(_opaque(image))
        if image.format != "JPEG":
            return _Prepared(pixels.mode, pixels.size, pixels.tobytes(), jpeg=False)
    encoded = io.BytesIO()
    # subsampling 0: no channel at half resolution; K carries the detail.
    pixels.save(encoded, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    return _Prepared(pixels.mode, pixels.size, encoded.getvalue(), jpeg=True)


def _passes_through(image: Image.Image, data: bytes) -> bool:
    """Whether ReportLab can copy this JPEG's bytes and print its colours right.

    ReportLab gives every four-component JPEG ``/Decode [1 0 1 0 1 0 1 0]``:
    right for CMYK stored inverted, as Adobe's APP14 marker says (Photoshop
    and Pillow write it), wrong without the marker.  And a JPEG its own
    reader refuses (12-bit, arithmetic coding, an odd APP0) would not be
    embedded at all but replaced by ReportLab's built-in placeholder.
    """
    components = {"L": 1, "CMYK": 4}.get(image.mode)
    if components is None or (components == 4 and "adobe" not in image.info):
        return False
    try:
        _, _, found, _ = readJPEGInfo(io.BytesIO(data))
    except Exception:  # ReportLab raises struct.error, PDFError …
        return False
    return bool(found == components)


def _opaque(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit L, RGB or CMYK, any transparency flattened onto
    white paper."""
    from PIL import Image

    if image.mode == "CMYK":
        return image
    if image.mode in _SIXTEEN_BIT:
        # convert("L") would clip every value above 255 to white: scale.
        return image.convert("I").point(lambda v: v / 257 + 0.5).convert("L")
    gray = image.mode in ("1", "L", "LA", "La")
    alpha = "A" in image.mode or "a" in image.mode or "transparency" in image.info
    if not alpha:
        return image.convert("L" if gray else "RGB")
    layered = image.convert("LA" if gray else "RGBA")
    paper = Image.new("L" if gray else "RGB", image.size, "white")
    paper.paste(layered.convert(paper.mode), mask=layered.getchannel("A"))
    return paper


def _inked(image: Image.Image) -> Image.Image:
    """An opaque ``image`` in the inks it prints with: L stays gray, RGB that
    is gray everywhere becomes L, other RGB becomes CMYK."""
    if image.mode != "RGB":
        return image
    from PIL import Image, ImageChops

    red, green, blue = image.split()
    if (
        ImageChops.difference(red, green).getbbox() is None
        and ImageChops.difference(green, blue).getbbox() is None
    ):
        return red
    cyan, magenta, yellow = (ImageChops.invert(channel) for channel in (red, green, blue))
    black = ImageChops.darker(ImageChops.darker(cyan, magenta), yellow)
    inks = [ImageChops.subtract(channel, black) for channel in (cyan, magenta, yellow)]
    return Image.merge("CMYK", [*inks, black])
