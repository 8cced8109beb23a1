"""Pictures: an image an issue names, found and checked before anything is drawn.

In: the path as written (relative to the file that names it), its caption
and printed width, and where it is written.  Out: a ``model.Picture`` with
the image's size in pixels as it prints, upright, or a located
``Diagnostic``: a file that is missing or unreadable, that is no PNG or
JPEG, or that Pillow refuses as a decompression bomb (an image whose pixel
count would exhaust memory).

The format is read from the content, not the name: a PNG named ``.jpg`` is
a PNG.  A camera's MPO (a JPEG followed by more frames, such as a preview
or the second eye of a stereo pair) is a JPEG: its first frame prints.  A
photo whose EXIF orientation says it is turned or mirrored prints upright
(``pdf.images`` applies ``ImageOps.exif_transpose``), so its size here is
the upright one: orientations 5–8 swap width and height.  Reading the
orientation of a PNG decodes it (its EXIF may follow its pixels).
Pillow is imported only when an issue has an image.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Diagnostic, Location
from ..i18n import _
from ..model import Picture, Text, Width

if TYPE_CHECKING:
    from PIL import Image

# As Pillow names them; "MPO" is a JPEG with more frames after the first.
FORMATS = ("PNG", "JPEG", "MPO")
# The EXIF orientations that turn a picture a quarter (transposed, turned
# 90° or 270°, transversed), so that it prints with width and height swapped.
_QUARTER_TURNS = (5, 6, 7, 8)
_WIDTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mm|字|chars?|)\s*$")


def base_folder(where: Location | None) -> Path:
    """The folder a path written at ``where`` is relative to: that of the
    file it is written in (the working folder for text from stdin)."""
    if where is None or where.file.startswith("<"):
        return Path.cwd()
    return Path(where.file).parent


def picture(
    written: Text, caption: Text | None, width: Width | None, problems: list[Diagnostic]
) -> Picture | None:
    """The picture at ``written`` (relative to the file it is written in), or
    None after adding the reason to ``problems``."""
    where = written.origin
    path = base_folder(where) / written.value.strip()
    shown = written.value.strip()
    if not path.is_file():
        if path.is_dir():
            message = _("image '{file}' is a folder").format(file=shown)
        else:
            message = _("image '{file}' does not exist").format(file=shown)
        problems.append(
            Diagnostic(where, message, _("the path is relative to the file that names it"))
        )
        return None
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                fmt = image.format
                image.verify()  # leaves the image unusable: open it again
            with Image.open(path) as image:
                size = upright_size(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        problems.append(
            Diagnostic(
                where,
                _("image '{file}' has too many pixels to be read safely").format(file=shown),
                _("scale it down to a few thousand pixels a side"),
            )
        )
        return None
    except OSError as exc:
        problems.append(_unreadable(where, shown, exc))
        return None
    except Exception as exc:  # Pillow raises many kinds for a broken file
        problems.append(_unreadable(where, shown, exc))
        return None
    if fmt not in FORMATS:
        problems.append(
            Diagnostic(
                where,
                _("image '{file}' is {format}, not PNG or JPEG").format(file=shown, format=fmt),
                _("save it as PNG or JPEG"),
            )
        )
        return None
    return Picture(path, size, caption, width, where)


def _unreadable(where: Location | None, shown: str, exc: Exception) -> Diagnostic:
    """What is wrong with an image file Pillow could not read, in the user's words."""
    said = str(exc).lower()
    if "identify" in said:
        return Diagnostic(
            where,
            _("image '{file}' is not an image: it is neither PNG nor JPEG").format(file=shown),
            _("use a PNG or JPEG file"),
        )
    if "truncated" in said or "premature end" in said:
        return Diagnostic(
            where,
            _("image '{file}' is damaged: the file ends too early").format(file=shown),
            _("copy or save the image again"),
        )
    return Diagnostic(
        where,
        _("image '{file}' is damaged ({error})").format(file=shown, error=exc),
        _("copy or save the image again"),
    )


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The (width, height) in pixels of ``image`` once its EXIF orientation is
    applied, as ``ImageOps.exif_transpose`` applies it (which reads the same
    ``getexif()``: the EXIF tag, else XMP's ``tiff:Orientation``)."""
    from PIL import ExifTags

    width, height = image.size
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    return (height, width) if orientation in _QUARTER_TURNS else (width, height)


def parse_width(text: Text, problems: list[Diagnostic], what: str | None = None) -> Width | None:
    """``20`` or ``20字`` (characters), ``80mm``; None after a problem
    (``what`` names the key in it; by default "an image's width")."""
    m = _WIDTH.match(text.value)
    if not m or float(m.group(1)) <= 0:
        problems.append(
            Diagnostic(
                text.origin,
                _(
                    "{what} must be a positive number of characters, or a width in mm such as "
                    "80mm, got '{value}'"
                ).format(what=_("an image's width") if what is None else what, value=text.value),
                _("write width: 20 (characters) or width: 80mm"),
            )
        )
        return None
    return Width(float(m.group(1)), "mm" if m.group(2) == "mm" else "chars")
