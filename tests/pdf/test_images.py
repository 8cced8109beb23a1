"""Pictures in the PDF for the print shop: DeviceGray or DeviceCMYK only, no
soft masks, gray and CMYK JPEGs copied with their DCT data untouched, each
file embedded once, colours right when the page is rasterised, photos
upright whatever their EXIF orientation, no metadata (EXIF, XMP, IPTC,
comments, an MPO's other frames) carried into the PDF, byte-identical
renders, and a file gone since it was checked a clear ``JianbaoError``.

Every picture is made in ``tmp_path`` with Pillow and drawn from a
hand-made ``Layout``; the PDF is read back with pypdfium2 (objects, their
data, a rendered page) and, for what pdfium does not tell (soft masks,
``/Decode``), with a regex over ReportLab's image dictionaries.  JPEG
segments are split by hand (``split``) to compare what was kept.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import ExifTags, Image

from jianbao.errors import Diagnostic, JianbaoError, Location
from jianbao.issue.pictures import picture
from jianbao.layout.frame import ImageItem, Layout, Page
from jianbao.model import Text
from jianbao.pdf import images
from jianbao.pdf.draw import draw
from jianbao.theme import DEFAULT_THEME

Box = tuple[float, float, float, float]  # x, y (top-left, y down), width, height
BOX: Box = (100.0, 150.0, 200.0, 140.0)
RED, GRAY, ORANGE = (255, 0, 0), (128, 128, 128), (200, 100, 50)
SPACES = {
    pdfium_c.FPDF_COLORSPACE_DEVICEGRAY: "DeviceGray",
    pdfium_c.FPDF_COLORSPACE_DEVICECMYK: "DeviceCMYK",
}
Colour = float | tuple[int, ...]

# What a phone writes about where and with what a photo was taken.
SERIAL, DATUM = b"JB-SERIAL-0042", b"WGS-84"
XMP = b"<x:xmpmeta><exif:GPSLatitude>36,27.2583N</exif:GPSLatitude></x:xmpmeta>"
COMMENT = b"Taken by the office phone"
IPTC = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x5a\x00\x07Dongchang"
SECRETS = (SERIAL, DATUM, XMP, COMMENT, IPTC, b"Exif\0", b"Photoshop", b"MPF\0")
# Orientation → the transpose that stores an upright picture so that
# ``ImageOps.exif_transpose`` turns it back (the inverse of what it applies).
STORED = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}
APP0, APP1, APP2, APP13, APP14, COM, SOS = 0xE0, 0xE1, 0xE2, 0xED, 0xEE, 0xFE, 0xDA


# --- making pictures and PDFs ---------------------------------------------------
def save(image: Image.Image, path: Path, **options: Any) -> Path:
    image.save(path, **options)
    return path


def photo(size: tuple[int, int] = (60, 40)) -> Image.Image:
    """Colour that varies across the picture, as a photo's does."""
    width, height = size
    image = Image.new("RGB", size)
    image.putdata(
        [
            (255 * x // width, 255 * y // height, 255 - 255 * x // width)
            for y in range(height)
            for x in range(width)
        ]
    )
    return image


def halves(left: Colour, right: Colour, mode: str = "RGB") -> Image.Image:
    """A 40 × 20 picture: ``left`` in its left half, ``right`` in its right."""
    image = Image.new(mode, (40, 20), left)
    image.paste(right, (20, 0, 40, 20))
    return image


def gray_palette() -> Image.Image:
    image = Image.new("P", (30, 20))
    image.putpalette([v for level in range(0, 256, 32) for v in (level, level, level)])
    image.paste(5, (0, 0, 15, 20))
    return image


def colour_palette() -> Image.Image:
    image = Image.new("P", (30, 20))
    image.putpalette([*RED, 0, 0, 255, 255, 255, 0])
    image.paste(1, (10, 0, 30, 20))
    image.paste(2, (20, 0, 30, 20))
    image.info["transparency"] = 2
    return image


def cmyk() -> Image.Image:
    return halves((0, 255, 255, 0), (0, 0, 0, 128), "CMYK")


def sixteen_bit() -> Image.Image:
    image = Image.new("I;16", (20, 10), 65535)
    image.paste(128 * 257, (10, 0, 20, 10))
    return image


def phone_exif(orientation: int | None = None) -> Image.Exif:
    """EXIF as a phone writes it: the camera's serial number, a GPS block
    and, if given, the orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.BodySerialNumber] = SERIAL.decode()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 27.0, 15.5)
    gps[ExifTags.GPS.GPSMapDatum] = DATUM.decode()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    return exif


def turned(upright: Image.Image, orientation: int, path: Path, **options: Any) -> Path:
    """``upright`` stored as a phone stores it with ``orientation``."""
    stored = upright.transpose(STORED[orientation]) if orientation in STORED else upright
    return save(stored, path, exif=phone_exif(orientation), **options)


def segment(marker: int, body: bytes) -> bytes:
    """One JPEG marker segment: 0xFF, the marker, the length, ``body``."""
    return bytes((0xFF, marker)) + (len(body) + 2).to_bytes(2, "big") + body


def split(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """The (marker, body) of every segment of a well-formed JPEG before its
    first scan, and the rest from the SOS on."""
    assert data[:2] == b"\xff\xd8"
    found, at = [], 2
    while data[at + 1] != SOS:
        assert data[at] == 0xFF, at
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        found.append((data[at + 1], data[at + 4 : at + 2 + length]))
        at += 2 + length
    return found, data[at:]


def scan(data: bytes) -> bytes:
    """A JPEG's DCT data: from its first SOS to its first EOI (in the
    entropy-coded data a 0xFF is never followed by 0xD9)."""
    rest = split(data)[1]
    return rest[: rest.index(b"\xff\xd9") + 2]


def embedded(image: pdfium.PdfImage) -> bytes:
    """The JPEG an image object holds (written in binary, not ASCII85)."""
    assert image.get_filters()[-1] == "DCTDecode"
    return bytes(image.get_data(decode_simple=True))


def render(*pages: list[tuple[Path, Box]]) -> bytes:
    """The PDF of pages holding pictures, each a (file, box)."""
    layout = Layout(
        tuple(
            Page(number, tuple(ImageItem(*box, path) for path, box in items))
            for number, items in enumerate(pages, start=1)
        ),
        "images",
        "test",
    )
    return draw(layout, DEFAULT_THEME, "test")


@pytest.fixture
def pdf_of() -> Iterator[Callable[[bytes], pdfium.PdfDocument]]:
    opened: list[pdfium.PdfDocument] = []

    def open_pdf(data: bytes) -> pdfium.PdfDocument:
        opened.append(pdfium.PdfDocument(data))
        return opened[-1]

    yield open_pdf
    for doc in opened:
        doc.close()


def pictures(doc: pdfium.PdfDocument, page: int = 0) -> list[pdfium.PdfImage]:
    return list(doc[page].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))


def image_dicts(pdf: bytes) -> list[bytes]:
    """The dictionary of every image XObject in ReportLab's output."""
    return re.findall(rb"<<[^<>]*/Subtype /Image[^<>]*>>", pdf)


def page_xobjects(pdf: bytes) -> list[dict[bytes, int]]:
    """For every page in order, the XObjects its resources name: name → object."""
    pages = re.findall(rb"/Resources <<(.*?)/Type /Page\b", pdf, re.S)
    found = []
    for resources in pages:
        xobjects = re.search(rb"/XObject <<(.*?)>>", resources, re.S)
        named = re.findall(rb"/(\S+) (\d+) 0 R", xobjects[1]) if xobjects else []
        found.append({name: int(number) for name, number in named})
    return found


def pixels(image: pdfium.PdfImage) -> tuple[str, Image.Image]:
    """The colour space and the pixels an image object holds, as stored (CMYK
    unconverted), decoding Flate or the DCT stream."""
    space = SPACES[image.get_metadata().colorspace]
    data = bytes(image.get_data(decode_simple=True))
    if image.get_filters()[-1] == "DCTDecode":
        return space, Image.open(io.BytesIO(data))
    mode = "L" if space == "DeviceGray" else "CMYK"
    return space, Image.frombytes(mode, image.get_px_size(), data)


def near(got: object, want: object, tolerance: int) -> bool:
    """Whether two pixels differ by at most ``tolerance`` in every channel."""
    assert isinstance(got, tuple) and isinstance(want, tuple), (got, want)
    return all(abs(a - b) <= tolerance for a, b in zip(got, want, strict=True))


def rendered(doc: pdfium.PdfDocument, box: Box, x: float, y: float) -> tuple[int, int, int]:
    """The RGB pdfium paints at (x, y) of ``box`` (fractions of its width and
    height from its top-left corner), the page rasterised at 72 dpi."""
    left, top, width, height = box
    bitmap = doc[0].render(scale=1).to_pil().convert("RGB")
    at = round(left + x * width), round(top + y * height)
    colour = bitmap.getpixel(at)
    assert isinstance(colour, tuple)
    return colour[0], colour[1], colour[2]


# --- every kind of file: print inks only ----------------------------------------
KINDS: dict[str, tuple[Callable[[], Image.Image], str, dict[str, Any], str]] = {
    # name: (picture, format, save options, colour space embedded)
    "rgb png": (photo, "png", {}, "DeviceCMYK"),
    "rgba png": (lambda: photo().convert("RGBA"), "png", {}, "DeviceCMYK"),
    "gray png": (lambda: photo().convert("L"), "png", {}, "DeviceGray"),
    "gray-alpha png": (lambda: halves((0, 255), (0, 0), "LA"), "png", {}, "DeviceGray"),
    "1-bit png": (lambda: photo().convert("1"), "png", {}, "DeviceGray"),
    "16-bit gray png": (sixteen_bit, "png", {}, "DeviceGray"),
    "gray palette png": (gray_palette, "png", {}, "DeviceGray"),
    "colour palette png": (colour_palette, "png", {}, "DeviceCMYK"),
    "gray stored as rgb png": (
        lambda: photo().convert("L").convert("RGB"),
        "png",
        {},
        "DeviceGray",
    ),
    "rgb jpeg": (photo, "jpg", {"quality": 90}, "DeviceCMYK"),
    "gray jpeg": (lambda: photo().convert("L"), "jpg", {"quality": 90}, "DeviceGray"),
    "cmyk jpeg": (cmyk, "jpg", {"quality": 90}, "DeviceCMYK"),
    "gray stored as rgb jpeg": (
        lambda: photo().convert("L").convert("RGB"),
        "jpg",
        {"quality": 90},
        "DeviceGray",
    ),
    "gray mpo": (
        lambda: photo().convert("L"),
        "jpg",
        {"format": "MPO", "save_all": True, "append_images": [Image.new("L", (30, 20))]},
        "DeviceGray",
    ),
    "rgb mpo": (
        photo,
        "jpg",
        {"format": "MPO", "save_all": True, "append_images": [photo((30, 20))]},
        "DeviceCMYK",
    ),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_embeds_in_print_inks(
    kind: str, tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    make, suffix, options, space = KINDS[kind]
    path = save(make(), tmp_path / f"picture.{suffix}", **options)
    pdf = render([(path, BOX)])
    assert b"/DeviceRGB" not in pdf
    (head,) = image_dicts(pdf)
    assert re.findall(rb"/ColorSpace /(\w+)", head) == [space.encode()]
    assert b"/SMask" not in head and b"/Mask" not in head
    assert b"/BitsPerComponent 8" in head
    doc = pdf_of(pdf)
    (image,) = pictures(doc)
    assert SPACES[image.get_metadata().colorspace] == space
    with Image.open(path) as original:
        assert image.get_px_size() == original.size
    doc[0].render(scale=0.5)  # pdfium paints it
    assert image.get_filters()[-1] == ("DCTDecode" if suffix == "jpg" else "FlateDecode")


def test_picture_fills_its_box(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = save(photo(), tmp_path / "photo.png")
    x, y, width, height = BOX
    (image,) = pictures(pdf_of(render([(path, BOX)])))
    top = DEFAULT_THEME.page_height - y
    assert image.get_bounds() == pytest.approx((x, top - height, x + width, top), abs=0.01)


# --- JPEGs ----------------------------------------------------------------------
@pytest.mark.parametrize("make", [lambda: photo().convert("L"), cmyk], ids=["gray", "cmyk"])
def test_gray_and_cmyk_jpeg_pass_through(
    make: Callable[[], Image.Image],
    tmp_path: Path,
    pdf_of: Callable[[bytes], pdfium.PdfDocument],
) -> None:
    path = save(make(), tmp_path / "picture.jpg", quality=80)
    (image,) = pictures(pdf_of(render([(path, BOX)])))
    assert image.get_filters() == ["DCTDecode"]
    assert bytes(image.get_data(decode_simple=True)) == path.read_bytes()


def test_cmyk_jpeg_prints_its_colours(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    # Pillow, like Photoshop, stores CMYK inverted and says so in Adobe's
    # APP14 marker; ReportLab's /Decode [1 0 …] turns it back.
    path = save(cmyk(), tmp_path / "cmyk.jpg", quality=95)
    assert b"Adobe" in path.read_bytes()
    pdf = render([(path, BOX)])
    (head,) = image_dicts(pdf)
    assert b"/Decode [ 1 0 1 0 1 0 1 0 ]" in head
    doc = pdf_of(pdf)
    r, g, b = rendered(doc, BOX, 0.25, 0.5)
    assert r > 200 and g < 80 and b < 80, (r, g, b)  # C0 M100 Y100: red
    r, g, b = rendered(doc, BOX, 0.75, 0.5)
    assert 100 < r < 190 and max(r, g, b) - min(r, g, b) < 16, (r, g, b)  # K50: gray


def test_cmyk_jpeg_without_adobe_marker_is_reencoded(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    # Without the marker the samples are not inverted, and ReportLab's
    # /Decode would print them as their negative: decode and encode again.
    data = save(cmyk(), tmp_path / "adobe.jpg", quality=95).read_bytes()
    at = data.index(b"\xff\xee")
    length = int.from_bytes(data[at + 2 : at + 4], "big")
    plain = tmp_path / "plain.jpg"
    plain.write_bytes(data[:at] + data[at + 2 + length :])
    seen = Image.open(plain)  # the colours the file holds, as Pillow reads them
    assert seen.mode == "CMYK" and "adobe" not in seen.info
    (image,) = pictures(pdf_of(render([(plain, BOX)])))
    space, stored = pixels(image)
    assert space == "DeviceCMYK"
    assert bytes(image.get_data(decode_simple=True)) != plain.read_bytes()
    for at_x in (10, 30):
        assert near(stored.getpixel((at_x, 10)), seen.getpixel((at_x, 10)), 6)


def test_rgb_jpeg_reencoded_as_cmyk_jpeg(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = save(halves(RED, GRAY), tmp_path / "photo.jpg", quality=95)
    (image,) = pictures(pdf_of(render([(path, BOX)])))
    space, stored = pixels(image)
    assert space == "DeviceCMYK" and stored.mode == "CMYK"
    assert near(stored.getpixel((5, 10)), (0, 255, 255, 0), 8)
    assert near(stored.getpixel((35, 10)), (0, 0, 0, 127), 8)


# --- turned photos print upright ------------------------------------------------
def marks() -> Image.Image:
    """A 60 × 40 gray picture as it should print: a black top-left quarter,
    a mid-gray top-right quarter, white below."""
    image = Image.new("L", (60, 40), 255)
    image.paste(0, (0, 0, 30, 20))
    image.paste(128, (30, 0, 60, 20))
    return image


def checked_size(path: Path) -> tuple[int, int]:
    """The size ``issue.pictures`` reports for ``path``, as layout uses it."""
    problems: list[Diagnostic] = []
    where = Location(str(path.parent / "issue.yaml"), 1, 8)
    found = picture(Text(path.name, where), None, None, problems)
    assert problems == [] and found is not None
    return found.pixels


@pytest.mark.parametrize("orientation", range(1, 9))
def test_turned_photo_drawn_upright(
    orientation: int, tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = turned(marks(), orientation, tmp_path / "photo.jpg", quality=95)
    doc = pdf_of(render([(path, BOX)]))
    (image,) = pictures(doc)
    assert image.get_px_size() == checked_size(path) == (60, 40)
    quarters = [rendered(doc, BOX, x, y)[0] for y in (0.25, 0.75) for x in (0.25, 0.75)]
    assert quarters[0] < 40 and 100 < quarters[1] < 160 and min(quarters[2:]) > 215, quarters
    data = embedded(image)
    assert not any(secret in data for secret in SECRETS)
    # Upright already: the DCT data passes through; turned: it is re-encoded.
    assert (scan(data) == scan(path.read_bytes())) == (orientation == 1)


def test_png_turned_by_its_exif_drawn_upright(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = turned(marks(), 6, tmp_path / "shot.png")
    doc = pdf_of(render([(path, BOX)]))
    (image,) = pictures(doc)
    assert image.get_px_size() == checked_size(path) == (60, 40)
    assert rendered(doc, BOX, 0.25, 0.25)[0] < 40
    assert 100 < rendered(doc, BOX, 0.75, 0.25)[0] < 160


def test_phone_photo_drawn_upright_without_its_exif(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    # Held upright, a phone stores landscape pixels tagged 6 (turn 90°).
    upright = Image.new("RGB", (60, 80), "white")
    upright.paste(RED, (0, 0, 30, 40))
    path = turned(upright, 6, tmp_path / "IMG_0001.JPG", quality=95)
    with Image.open(path) as stored:
        assert stored.size == (80, 60)
    assert SERIAL in path.read_bytes() and DATUM in path.read_bytes()
    doc = pdf_of(render([(path, BOX)]))
    (image,) = pictures(doc)
    assert image.get_px_size() == checked_size(path) == (60, 80)
    r, g, b = rendered(doc, BOX, 0.25, 0.25)
    assert r > 200 and g < 80 and b < 80, (r, g, b)  # the red corner, top left
    assert min(rendered(doc, BOX, 0.75, 0.25)) > 215
    assert min(rendered(doc, BOX, 0.25, 0.75)) > 215
    data = embedded(image)  # re-encoded as CMYK: Pillow wrote no metadata
    assert [marker for marker, _ in split(data)[0] if marker >= APP0] == [APP14]
    assert not any(secret in data for secret in SECRETS)


# --- no metadata in the PDF -----------------------------------------------------
def with_segment(path: Path, marker: int, body: bytes) -> Path:
    """``path`` with one more segment after its first (JFIF's APP0)."""
    data = path.read_bytes()
    after = 4 + int.from_bytes(data[4:6], "big")
    path.write_bytes(data[:after] + segment(marker, body) + data[after:])
    return path


def test_passed_through_gray_jpeg_loses_its_metadata(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = save(
        photo().convert("L"),
        tmp_path / "gray.jpg",
        quality=90,
        exif=phone_exif(1),
        xmp=XMP,
        comment=COMMENT,
    )
    original = with_segment(path, APP13, IPTC).read_bytes()
    head, _ = split(original)
    assert [marker for marker, _ in head if marker >= APP0] == [APP0, APP13, APP1, APP1, COM]
    assert all(secret in original for secret in SECRETS[:-1])
    pdf = render([(path, BOX)])
    (image,) = pictures(pdf_of(pdf))
    assert image.get_filters() == ["DCTDecode"]  # not re-encoded
    data = embedded(image)
    assert not any(secret in data for secret in SECRETS)
    assert not any(secret in pdf for secret in SECRETS)
    # Only the metadata went: every other segment, and the DCT data, stay.
    kept, _ = split(data)
    assert kept == [(marker, body) for marker, body in head if marker not in (APP1, APP13, COM)]
    assert scan(data) == scan(original)
    dropped = sum(4 + len(body) for marker, body in head if marker in (APP1, APP13, COM))
    assert len(data) == len(original) - dropped


def test_cmyk_jpeg_keeps_its_adobe_marker(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = save(cmyk(), tmp_path / "cmyk.jpg", quality=95, exif=phone_exif())
    original = path.read_bytes()
    pdf = render([(path, BOX)])
    (head,) = image_dicts(pdf)
    assert b"/Decode [ 1 0 1 0 1 0 1 0 ]" in head
    doc = pdf_of(pdf)
    data = embedded(pictures(doc)[0])
    kept, _ = split(data)
    adobe = [body for marker, body in split(original)[0] if marker == APP14]
    assert [body for marker, body in kept if marker == APP14] == adobe
    assert adobe[0].startswith(b"Adobe")
    assert APP1 not in [marker for marker, _ in kept] and SERIAL not in data
    assert scan(data) == scan(original)
    r, g, b = rendered(doc, BOX, 0.25, 0.5)
    assert r > 200 and g < 80 and b < 80, (r, g, b)  # still red, not its negative


def test_reencoded_jpeg_carries_no_metadata(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = save(photo(), tmp_path / "photo.jpg", quality=90, exif=phone_exif(1), xmp=XMP)
    data = embedded(pictures(pdf_of(render([(path, BOX)])))[0])
    assert scan(data) != scan(path.read_bytes())  # colour: re-encoded as CMYK
    assert [marker for marker, _ in split(data)[0] if marker >= APP0] == [APP14]
    assert not any(secret in data for secret in SECRETS)


def test_camera_mpo_draws_its_first_frame_only(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = tmp_path / "DSC_0001.JPG"
    preview = Image.new("L", (30, 20), 255)
    first = marks()
    first.save(path, "MPO", save_all=True, append_images=[preview], exif=phone_exif(1))
    original = path.read_bytes()
    assert original.count(b"\xff\xd8") == 2 and original.count(SERIAL) == 2
    doc = pdf_of(render([(path, BOX)]))
    (image,) = pictures(doc)
    assert image.get_px_size() == checked_size(path) == (60, 40)
    data = embedded(image)
    assert data.count(b"\xff\xd8") == 1 and data.endswith(b"\xff\xd9")
    assert scan(data) == scan(original)  # the first frame's, untouched
    assert not any(secret in data for secret in SECRETS)
    assert [marker for marker, _ in split(data)[0] if marker >= APP0] == [APP0]
    assert rendered(doc, BOX, 0.25, 0.25)[0] < 40


# --- the JPEG walker --------------------------------------------------------------
def jpeg(**options: Any) -> bytes:
    buffer = io.BytesIO()
    photo().convert("L").save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def test_walker_keeps_only_what_draws_the_image() -> None:
    plain = jpeg()
    (jfif, *tables), rest = split(plain)
    assert jfif[0] == APP0
    thumbnail = jfif[1][:12] + b"\x02\x01" + bytes(6)  # a 2 × 1 RGB thumbnail
    icc = b"ICC_PROFILE\x00\x01\x01" + bytes(40)
    adobe = b"Adobe\x00\x64\x00\x00\x00\x00\x00"
    crafted = b"".join(
        [
            b"\xff\xd8",
            segment(APP0, thumbnail),
            segment(APP0, b"JFXX\x00\x10" + jpeg()),  # a thumbnail, as a JPEG
            segment(APP1, b"Exif\x00\x00" + SERIAL),
            segment(APP1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP),
            icc_segment := segment(APP2, icc),
            segment(APP2, b"MPF\x00" + bytes(20)),
            segment(0xEC, b"Ducky\x00\x01\x00\x04\x00\x00\x00\x50"),
            segment(APP13, IPTC),
            adobe_segment := segment(APP14, adobe),
            segment(COM, COMMENT),
            b"\xff\xff",  # fill bytes before a marker
            *(segment(marker, body) for marker, body in tables),
            rest,
            b"\xff\xd8 the next frame, an appended video \xff\xd9",
        ]
    )
    stripped = images.without_metadata(crafted)
    assert stripped == b"".join(
        [
            b"\xff\xd8",
            segment(APP0, jfif[1][:12] + b"\x00\x00"),  # JFIF kept, its thumbnail not
            icc_segment,
            adobe_segment,
            *(segment(marker, body) for marker, body in tables),
            rest,
        ]
    )
    with Image.open(io.BytesIO(stripped)) as again, Image.open(io.BytesIO(plain)) as seen:
        assert again.tobytes() == seen.tobytes()


def test_walker_follows_a_progressive_jpeg_to_its_end() -> None:
    # Between the scans come tables and SOS headers; a 0xFF 0xD9 inside one
    # of those segments is no end of image.
    data = jpeg(progressive=True)
    _, rest = split(data)
    assert rest.count(b"\xff\xda") > 1
    second = rest.index(b"\xff\xda", 2)
    odd = rest[:second] + segment(COM, b"\xff\xd9 is not the end") + rest[second:]
    crafted = data[: len(data) - len(rest)] + odd
    assert images.without_metadata(crafted + b"trailing") == crafted
    assert images.without_metadata(data) == data  # Pillow writes no metadata


def test_walker_copies_a_file_cut_short_to_its_end() -> None:
    data = jpeg()
    assert images.without_metadata(data[:-40]) == data[:-40]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n", "does not begin with SOI"),
        (b"\xff\xd8" + segment(APP0, b"JFIF\x00")[:-3], "runs past the end"),
        (b"\xff\xd8\xff\xd9", "before the first scan"),
        (b"\xff\xd8" + segment(COM, b"x") + b"\x00\xff\xdb", "no marker at byte 7"),
        (b"\xff\xd8" + segment(SOS, bytes(8)) + b"\x12\xff\xd8\x34", "an image begins"),
    ],
    ids=["no SOI", "segment too long", "no scan", "no marker", "an image inside"],
)
def test_walker_refuses_what_it_cannot_follow(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        images.without_metadata(data)


def test_jpeg_the_walker_refuses_is_reencoded(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    # Junk between two segments, which libjpeg skips (with a warning).
    data = jpeg()
    odd = tmp_path / "odd.jpg"
    odd.write_bytes(data[:20] + b"\x00\x00" + data[20:])
    with Image.open(odd) as seen:
        assert seen.mode == "L"
    (image,) = pictures(pdf_of(render([(odd, BOX)])))
    assert scan(embedded(image)) != scan(data)  # decoded and encoded again


# --- colours --------------------------------------------------------------------
def test_colour_by_gray_component_replacement(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    picture = halves(RED, GRAY)
    picture.paste(ORANGE, (0, 10, 20, 20))
    path = save(picture, tmp_path / "inks.png")
    doc = pdf_of(render([(path, BOX)]))
    (image,) = pictures(doc)
    space, stored = pixels(image)
    assert space == "DeviceCMYK"
    assert stored.getpixel((5, 5)) == (0, 255, 255, 0)  # red: M and Y only
    assert stored.getpixel((35, 5)) == (0, 0, 0, 127)  # gray: black ink only
    assert stored.getpixel((5, 15)) == (0, 100, 150, 55)  # 255 - rgb, less K = min
    r, g, b = rendered(doc, BOX, 0.25, 0.25)
    assert r > 200 and g < 80 and b < 80, (r, g, b)
    r, g, b = rendered(doc, BOX, 0.75, 0.25)
    assert 100 < r < 190 and max(r, g, b) - min(r, g, b) < 16, (r, g, b)


def test_gray_stored_as_rgb_is_gray(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = save(Image.new("RGB", (20, 10), GRAY), tmp_path / "gray.png")
    doc = pdf_of(render([(path, BOX)]))
    (image,) = pictures(doc)
    space, stored = pixels(image)
    assert space == "DeviceGray"
    assert set(stored.tobytes()) == {128}
    r, g, b = rendered(doc, BOX, 0.5, 0.5)
    assert 110 < r < 150 and max(r, g, b) - min(r, g, b) < 4, (r, g, b)


def test_sixteen_bit_gray_is_scaled_not_clipped(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = save(sixteen_bit(), tmp_path / "deep.png")
    assert Image.open(path).mode == "I;16"
    (image,) = pictures(pdf_of(render([(path, BOX)])))
    _, stored = pixels(image)
    assert (stored.getpixel((5, 5)), stored.getpixel((15, 5))) == (255, 128)


def test_transparency_flattened_onto_white(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    picture = halves((*RED, 255), (*RED, 0), "RGBA")
    picture.paste((*RED, 128), (0, 10, 20, 20))
    path = save(picture, tmp_path / "alpha.png")
    (image,) = pictures(pdf_of(render([(path, BOX)])))
    _, stored = pixels(image)
    assert stored.getpixel((5, 5)) == (0, 255, 255, 0)  # opaque red
    assert stored.getpixel((35, 5)) == (0, 0, 0, 0)  # transparent: the paper
    assert near(stored.getpixel((5, 15)), (0, 128, 128, 0), 1)  # half red: pink


def test_palette_transparency_flattened_onto_white(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    path = save(colour_palette(), tmp_path / "palette.png")
    (image,) = pictures(pdf_of(render([(path, BOX)])))
    _, stored = pixels(image)
    assert stored.getpixel((5, 5)) == (0, 255, 255, 0)  # red
    assert stored.getpixel((15, 5)) == (255, 255, 0, 0)  # blue
    assert stored.getpixel((25, 5)) == (0, 0, 0, 0)  # the transparent entry


# --- embedded once, the same every time -----------------------------------------
def test_picture_drawn_three_times_is_one_xobject(
    tmp_path: Path, pdf_of: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    logo = save(photo(), tmp_path / "logo.png")
    other = save(photo().convert("L"), tmp_path / "other.png")
    small: Box = (100.0, 400.0, 60.0, 40.0)
    pdf = render([(logo, BOX), (logo, small)], [(other, small), (logo, BOX)])
    assert len(image_dicts(pdf)) == 2
    doc = pdf_of(pdf)
    assert [len(pictures(doc, page)) for page in (0, 1)] == [2, 2]
    logo_on, other_on = page_xobjects(pdf)
    assert len(logo_on) == 1 and len(other_on) == 2
    assert set(logo_on.values()) < set(other_on.values())


def test_equal_pictures_in_two_files_are_one_xobject(tmp_path: Path) -> None:
    first = save(photo(), tmp_path / "a.png")
    second = save(photo(), tmp_path / "b.png")
    assert len(image_dicts(render([(first, BOX), (second, BOX)]))) == 1


def test_two_renders_byte_identical(tmp_path: Path) -> None:
    files = [
        save(photo(), tmp_path / "photo.png"),
        save(photo(), tmp_path / "photo.jpg", quality=90),
        save(cmyk(), tmp_path / "cmyk.jpg"),
        save(colour_palette(), tmp_path / "palette.png"),
    ]
    pages = [[(path, BOX)] for path in files]
    first = render(*pages)
    images._prepared.cache_clear()  # prepared afresh, not taken from the cache
    assert render(*pages) == first


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = save(Image.new("RGB", (20, 10), RED), tmp_path / "picture.png")
    before = render([(path, BOX)])
    save(Image.new("RGB", (20, 10), GRAY), path)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    after = render([(path, BOX)])
    assert b"/DeviceCMYK" in before and b"/DeviceGray" in after


# --- a file gone or changed since it was checked ----------------------------------
def cut_short(path: Path) -> None:
    data = save(photo(), path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda path: None, "no such file or directory"),
        (lambda path: path.mkdir(), "is a directory"),
        (lambda path: path.write_text("已删除"), "it is not an image: it is neither PNG nor JPEG"),
        (cut_short, "truncated"),
    ],
    ids=["gone", "a folder now", "not an image now", "cut short"],
)
def test_a_file_changed_since_it_was_checked_is_a_clear_error(
    change: Callable[[Path], None], reason: str, tmp_path: Path
) -> None:
    path = tmp_path / "photo.png"
    change(path)
    with pytest.raises(JianbaoError) as caught:
        render([(path, BOX)])
    said = str(caught.value)
    assert said.startswith(f"image '{path}' cannot be read (was it moved or changed"), said
    assert reason in said, said
