"""Pictures: an image an issue names, found and checked before anything is drawn.

In: the path as written (relative to the file that names it), its caption
and printed width, and where it is written.  Out: a ``model.Picture`` with
the image's size in pixels, or a located ``Diagnostic``: a file that is
missing or unreadable, that is no PNG or JPEG, or that Pillow refuses as a
decompression bomb (an image whose pixel count would exhaust memory).
Pillow is imported only when an issue has an image.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from ..errors import Diagnostic, Location
from ..model import Picture, Text, Width

FORMATS = ("PNG", "JPEG")
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
        what = "is a folder" if path.is_dir() else "does not exist"
        problems.append(
            Diagnostic(where, f"image '{shown}' {what}", "the path is relative to the issue file")
        )
        return None
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                fmt, size = image.format, image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        problems.append(
            Diagnostic(
                where,
                f"image '{shown}' has too many pixels to be read safely",
                "scale it down to a few thousand pixels a side",
            )
        )
        return None
    except OSError as exc:
        reason = "it is not an image Pillow can read" if "identify" in str(exc) else str(exc)
        problems.append(
            Diagnostic(where, f"image '{shown}' cannot be read: {reason}", "use a PNG or JPEG file")
        )
        return None
    except Exception as exc:  # Pillow raises many kinds for a broken file
        problems.append(Diagnostic(where, f"image '{shown}' is damaged: {exc}", "save it again"))
        return None
    if fmt not in FORMATS:
        problems.append(
            Diagnostic(
                where, f"image '{shown}' is {fmt}, not PNG or JPEG", "save it as PNG or JPEG"
            )
        )
        return None
    return Picture(path, size, caption, width, where)


def parse_width(text: Text, problems: list[Diagnostic]) -> Width | None:
    """``20`` or ``20字`` (characters), ``80mm``; None after a problem."""
    m = _WIDTH.match(text.value)
    if not m or float(m.group(1)) <= 0:
        problems.append(
            Diagnostic(
                text.origin,
                f"an image width must be a number of characters or mm, got '{text.value}'",
                "write width: 20 (characters) or width: 80mm",
            )
        )
        return None
    return Width(float(m.group(1)), "mm" if m.group(2) == "mm" else "chars")
