"""Images: a picture file painted into its box in the print shop's inks.

In: an ``ImageItem`` (a PNG or JPEG file, already found and checked by
``issue.pictures``, and its box in pt, origin top-left, y down), the canvas
and the page height.  Out: the picture on the canvas, upright, stretched to
fill the box, as an image XObject in DeviceGray or DeviceCMYK — never RGB,
never a soft mask, never the file's metadata:

- a picture whose EXIF orientation turns or mirrors it is turned upright
  (``ImageOps.exif_transpose``, the size ``issue.pictures`` reported);
- transparency is flattened onto white paper first;
- gray pictures (and colour files whose every pixel is gray) become 8-bit
  DeviceGray;
- colour becomes DeviceCMYK by full gray-component replacement: neutrals
  print in black ink only and no pixel carries more than 200 % ink;
- a gray JPEG or an Adobe CMYK JPEG that is upright already (orientation 1
  or none) is embedded with its DCT data untouched; any other JPEG — one
  that must be turned among them — is re-encoded as a JPEG, a PNG is Flate
  compressed (lossless stays lossless, lossy stays small).  A camera's MPO
  is a JPEG: its first frame is drawn.

No metadata reaches the PDF.  A JPEG passed through is stripped losslessly
(``without_metadata``): its EXIF and XMP (APP1, which may hold the GPS
position and the camera's serial number), IPTC (APP13) and comments go,
and so do every other application segment and whatever follows the end of
the image (an MPO's other frames, a phone's appended video); only JFIF's
APP0 (without a thumbnail), an ICC profile (APP2) and Adobe's APP14 (which
says how CMYK is stored) stay.  A re-encoded image holds pixels only:
Pillow writes EXIF, XMP or an ICC profile only when asked, and it is not.

A file drawn several times, on one page or many, is one XObject: ReportLab
names an image by a digest of its data and reuses it.  A file that vanished
or became unreadable after it was checked is a ``JianbaoError``.  Pillow is
imported where it is used (ReportLab's ``lib.utils`` imports ``PIL.Image``
anyway).
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas

from ..errors import JianbaoError
from ..i18n import _
from ..layout.frame import ImageItem

if TYPE_CHECKING:
    from PIL import Image

# Re-encoding a colour JPEG: a 1000 × 700 photo saved at quality 90
# (157 kB) embeds in 321 kB as a CMYK JPEG at 92 (four full-resolution
# channels), but in 1376 kB as Flate; only flat graphics saved as JPEG are
# smaller as Flate (64 kB against 95 kB), where it does not matter.  So a
# JPEG stays a JPEG (written in binary, not ASCII85: see ``draw``).
JPEG_QUALITY = 92

# Prepared images kept between draws, so that a picture repeated on every
# page is decoded once.  Each holds its pixels: a bulletin repeats a logo or
# two, not dozens of photos.
_CACHED = 8

_SIXTEEN_BIT = ("I", "I;16", "I;16B", "I;16L", "I;16N")

# As Pillow names a JPEG: "MPO" has more frames after the first.
_JPEG = ("JPEG", "MPO")

# JPEG markers (ITU T.81 table B.1), the byte after 0xFF.
_SOI, _EOI, _SOS, _COM, _APP0, _APP2, _APP14 = 0xD8, 0xD9, 0xDA, 0xFE, 0xE0, 0xE2, 0xEE
_APPS = range(0xE0, 0xF0)
# Markers that stand alone, with no length: TEM and the restarts RST0–7.
_STANDALONE = frozenset((0x01, *range(0xD0, 0xD8)))
# What may follow a 0xFF inside a scan's data and not end it: 0x00 (the
# 0xFF was data), a restart, a fill byte.
_IN_SCAN = _STANDALONE | {0x00, 0xFF}
# The application segments kept, by the identifier their data opens with.
_KEPT = {_APP0: b"JFIF\0", _APP2: b"ICC_PROFILE\0", _APP14: b"Adobe"}


def draw(canvas: Canvas, item: ImageItem, page_height: float) -> None:
    """Paint ``item``'s file into its box on the current page; a
    ``JianbaoError`` if the file can no longer be read."""
    try:
        stat = item.path.stat()
        image = _prepared(item.path.resolve(), stat.st_size, stat.st_mtime_ns)
    except (OSError, _Unreadable) as exc:
        reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
        raise JianbaoError(
            _(
                "image '{image}' cannot be read (was it moved or changed after the"
                " issue was checked?): {reason}"
            ).format(image=item.path, reason=reason[:1].lower() + reason[1:])
        ) from exc
    y = page_height - item.y - item.height
    # Image data goes in binary: ReportLab's ASCII85 (rl_config.useA85, read
    # when the XObject is made) would add a quarter to every photo.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        canvas.drawImage(image, item.x, y, item.width, item.height)
    finally:
        rl_config.useA85 = saved


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


class _Unreadable(Exception):
    """Pillow could not read or decode the file; the message says why."""


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """Pillow's errors while reading a file, as ``_Unreadable``."""
    from PIL import UnidentifiedImageError

    try:
        yield
    except UnidentifiedImageError as exc:  # its message names a BytesIO
        raise _Unreadable(_("it is not an image: it is neither PNG nor JPEG")) from exc
    except Exception as exc:  # Pillow raises many kinds for a broken file
        raise _Unreadable(str(exc) or type(exc).__name__) from exc


@functools.lru_cache(maxsize=_CACHED)
def _prepared(path: Path, size: int, mtime_ns: int) -> _Prepared:
    """The picture at ``path`` ready to embed; ``size`` and ``mtime_ns`` are
    in the cache key only, so that a file changed on disk is read again."""
    from PIL import Image, ImageOps

    data = path.read_bytes()
    with _reading():
        image = Image.open(io.BytesIO(data))
    with image:
        jpeg = image.format in _JPEG
        with _reading():
            turned = _turned(image)
        kept = _passes_through(image, data) if jpeg and not turned else None
        if kept is not None:
            return _Prepared(image.mode, image.size, kept, jpeg=True)
        with _reading():
            image.load()  # an MPO's first frame
        ImageOps.exif_transpose(image, in_place=True)
        pixels = _inked(_opaque(image))
    if not jpeg:
        return _Prepared(pixels.mode, pixels.size, pixels.tobytes(), jpeg=False)
    encoded = io.BytesIO()
    # subsampling 0: no channel at half resolution; K carries the detail.
    # No exif=, xmp= or icc_profile=: the new JPEG holds pixels only.
    pixels.save(encoded, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    return _Prepared(pixels.mode, pixels.size, encoded.getvalue(), jpeg=True)


def _turned(image: Image.Image) -> bool:
    """Whether ``image``'s EXIF orientation turns or mirrors it (2–8), which
    ``ImageOps.exif_transpose`` undoes; 1, none or a value it ignores is
    upright."""
    from PIL import ExifTags

    return image.getexif().get(ExifTags.Base.Orientation, 1) in range(2, 9)


def _passes_through(image: Image.Image, data: bytes) -> bytes | None:
    """The JPEG ``data`` of the upright ``image`` without its metadata, if
    ReportLab can copy it and print its colours right; else None.

    ReportLab gives every four-component JPEG ``/Decode [1 0 1 0 1 0 1 0]``:
    right for CMYK stored inverted, as Adobe's APP14 marker says (Photoshop
    and Pillow write it), wrong without the marker.  And a JPEG its own
    reader refuses (12-bit, arithmetic coding, an odd APP0) would not be
    embedded at all but replaced by ReportLab's built-in placeholder; one
    whose markers ``without_metadata`` cannot follow is decoded instead.
    """
    components = {"L": 1, "CMYK": 4}.get(image.mode)
    if components is None or (components == 4 and "adobe" not in image.info):
        return None
    try:
        kept = without_metadata(data)
        _width, _height, found, _dpi = readJPEGInfo(io.BytesIO(kept))
    except Exception:  # ValueError; ReportLab raises struct.error, PDFError …
        return None
    return kept if found == components else None


def without_metadata(data: bytes) -> bytes:
    """The JPEG ``data`` without its metadata, its image data untouched.

    Walks the segments before the first scan (SOS) one by one, each a marker
    (0xFF, fill bytes 0xFF allowed, a code) and, unless it stands alone, a
    two-byte big-endian length that counts itself.  It keeps every segment
    that describes the image (tables, frame header, restart interval …) and,
    of the application segments, only JFIF's APP0 (its thumbnail dropped),
    an ICC profile in APP2 and Adobe's APP14; EXIF and XMP (APP1), IPTC and
    Photoshop's resources (APP13), every other APPn — an MPO's index in APP2
    among them — and comments (COM) go.  From the first SOS to the end of
    image (EOI) it copies the bytes verbatim; what follows EOI goes.
    ``ValueError`` if the data is not a JPEG it can follow.
    """
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG: it does not begin with SOI")
    kept = [data[:2]]
    at = 2
    while True:
        marker, at = _marker(data, at)
        if marker in _STANDALONE:
            kept.append(bytes((0xFF, marker)))
            continue
        if marker in (_SOI, _EOI):
            raise ValueError(f"marker {marker:02X} before the first scan")
        end = _segment_end(data, at)
        if marker == _SOS:
            kept.append(b"\xff\xda" + data[at : _image_end(data, end)])
            return b"".join(kept)
        body = data[at + 2 : end]
        if marker not in _APPS and marker != _COM:
            kept.append(bytes((0xFF, marker)) + data[at:end])
        elif marker == _APP0 and body.startswith(_KEPT[_APP0]) and len(body) >= 14:
            # JFIF\0, version, units, densities; then a thumbnail's width and
            # height and its pixels: the thumbnail goes (0 × 0).
            kept.append(b"\xff\xe0\x00\x10" + body[:12] + b"\x00\x00")
        elif marker in (_APP2, _APP14) and body.startswith(_KEPT[marker]):
            kept.append(bytes((0xFF, marker)) + data[at:end])
        at = end


def _marker(data: bytes, at: int) -> tuple[int, int]:
    """The marker code at ``at`` (after any fill bytes) and where its segment
    continues."""
    if at >= len(data) or data[at] != 0xFF:
        raise ValueError(f"no marker at byte {at}")
    while at < len(data) and data[at] == 0xFF:
        at += 1
    if at >= len(data) or data[at] == 0x00:
        raise ValueError(f"no marker at byte {at}")
    return data[at], at + 1


def _segment_end(data: bytes, at: int) -> int:
    """Where the segment whose length is at ``at`` ends."""
    length = int.from_bytes(data[at : at + 2], "big")
    if length < 2 or at + length > len(data):
        raise ValueError(f"a segment at byte {at} runs past the end of the file")
    return at + length


def _image_end(data: bytes, at: int) -> int:
    """Where the image whose first scan's data begins at ``at`` ends: just
    after its EOI, else at the end of ``data`` (a file cut short).

    In entropy-coded data a 0xFF is followed by 0x00 (a stuffed 0xFF), a
    restart marker or a fill byte; any other marker ends the scan.  Between
    the scans of a progressive JPEG come segments with lengths (tables, the
    next SOS …), skipped whole, so that no byte of theirs is taken for EOI.
    """
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        code = data[at + 1]
        if code in _IN_SCAN:
            at += 1 if code == 0xFF else 2
        elif code == _EOI:
            return at + 2
        elif code == _SOI:
            raise ValueError(f"an image begins at byte {at} inside the first")
        else:
            at = _segment_end(data, at + 2)


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
