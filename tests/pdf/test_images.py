"""Pictures in the PDF for the print shop: DeviceGray or DeviceCMYK only, no
soft masks, gray and CMYK JPEGs copied byte for byte, each file embedded
once, colours right when the page is rasterised, byte-identical renders.

Every picture is made in ``tmp_path`` with Pillow and drawn from a
hand-made ``Layout``; the PDF is read back with pypdfium2 (objects, their
data, a rendered page) and, for what pdfium does not tell (soft masks,
``/Decode``), with a regex over ReportLab's image dictionaries.
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
from PIL import Image

from jianbao.layout.frame import ImageItem, Layout, Page
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
    assert image.get_filters() == ["ASCII85Decode", "DCTDecode"]
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
