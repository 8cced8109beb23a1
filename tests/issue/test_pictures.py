"""Pictures checked before anything is drawn: ``issue.pictures.picture``.

Every file is made in ``tmp_path`` with Pillow and named from an issue file
beside it, as ``image: …`` would name it.  A bad file is a row of a table:
what the folder holds, what the issue names, the ``line:col: message``.
A good one gives its size in pixels as it prints: upright (EXIF
orientation applied), an MPO's first frame.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from jianbao.errors import Diagnostic, Location
from jianbao.issue.pictures import picture
from jianbao.model import Picture, Text

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


def check(folder: Path, name: str) -> tuple[Picture | None, list[str]]:
    """``picture()`` of ``name`` as written at 7:9 of ``folder/issue.yaml``:
    the picture and the problems, each as printed without the file name."""
    problems: list[Diagnostic] = []
    where = Location(str(folder / "issue.yaml"), 7, 9)
    found = picture(Text(name, where), None, None, problems)
    return found, [str(p).removeprefix(f"{folder / 'issue.yaml'}:") for p in problems]


def oriented(path: Path, orientation: int, size: tuple[int, int] = (60, 40)) -> Path:
    """A JPEG of an upright ``size`` picture, stored turned and tagged with
    ``orientation``, as a phone saves it."""
    upright = Image.new("RGB", size, "white")
    stored = upright.transpose(STORED[orientation]) if orientation in STORED else upright
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    stored.save(path, exif=exif)
    return path


# --- what is refused --------------------------------------------------------------
def nothing(folder: Path) -> None:
    pass


def a_folder(folder: Path) -> None:
    (folder / "photo.jpg").mkdir()


def text(folder: Path) -> None:
    (folder / "photo.jpg").write_text("会议纪要\n", encoding="utf-8")


def gif(folder: Path) -> None:
    Image.new("P", (20, 10)).save(folder / "logo.gif")


def cut_short(folder: Path) -> None:
    Image.new("RGB", (40, 30), "red").save(folder / "photo.png")
    data = (folder / "photo.png").read_bytes()
    (folder / "photo.png").write_bytes(data[: len(data) // 2])


REFUSED: list[tuple[str, Callable[[Path], None], str, str]] = [
    # case, what the folder holds, the name written, the problem printed
    (
        "missing",
        nothing,
        "photo.jpg",
        "7:9: error: image 'photo.jpg' does not exist\n"
        "  hint: the path is relative to the file that names it",
    ),
    (
        "folder",
        a_folder,
        "photo.jpg",
        "7:9: error: image 'photo.jpg' is a folder\n"
        "  hint: the path is relative to the file that names it",
    ),
    (
        "not an image",
        text,
        "photo.jpg",
        "7:9: error: image 'photo.jpg' is not an image: it is neither PNG nor JPEG\n"
        "  hint: use a PNG or JPEG file",
    ),
    (
        "gif",
        gif,
        "logo.gif",
        "7:9: error: image 'logo.gif' is GIF, not PNG or JPEG\n  hint: save it as PNG or JPEG",
    ),
]


@pytest.mark.parametrize(
    ("make", "name", "expected"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_bad_file_refused_with_its_reason(
    make: Callable[[Path], None], name: str, expected: str, tmp_path: Path
) -> None:
    make(tmp_path)
    assert check(tmp_path, name) == (None, [expected])


def test_a_file_cut_short_is_refused(tmp_path: Path) -> None:
    cut_short(tmp_path)
    found, (problem,) = check(tmp_path, "photo.png")
    assert found is None
    assert problem.startswith("7:9: error: image 'photo.png' "), problem


@pytest.mark.parametrize(
    ("size", "limit"),
    [((60, 40), 100), ((12, 10), 100)],
    ids=["over twice the limit: an error", "over the limit: a warning"],
)
def test_decompression_bomb_refused(
    size: tuple[int, int], limit: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Image.new("L", size).save(tmp_path / "huge.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
    assert check(tmp_path, "huge.png") == (
        None,
        [
            "7:9: error: image 'huge.png' has too many pixels to be read safely\n"
            "  hint: scale it down to a few thousand pixels a side"
        ],
    )


# --- what is taken, and its size -------------------------------------------------
def test_picture_found_relative_to_the_issue_file(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    Image.new("RGB", (60, 40)).save(tmp_path / "photos" / "a.jpg")
    found, problems = check(tmp_path, " photos/a.jpg ")
    assert problems == []
    assert found is not None
    assert (found.path, found.pixels) == (tmp_path / "photos" / "a.jpg", (60, 40))
    assert found.origin == Location(str(tmp_path / "issue.yaml"), 7, 9)


def test_png_named_jpg_is_known_by_its_content(tmp_path: Path) -> None:
    Image.new("RGBA", (30, 20)).save(tmp_path / "logo.jpg", format="PNG")
    assert (tmp_path / "logo.jpg").read_bytes().startswith(b"\x89PNG")
    found, problems = check(tmp_path, "logo.jpg")
    assert problems == [] and found is not None and found.pixels == (30, 20)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_size_is_the_upright_size(orientation: int, tmp_path: Path) -> None:
    path = oriented(tmp_path / "photo.jpg", orientation)
    with Image.open(path) as stored:
        turned = stored.size != (60, 40)
    assert turned == (orientation >= 5)
    found, problems = check(tmp_path, "photo.jpg")
    assert problems == [] and found is not None
    assert found.pixels == (60, 40)  # as it prints, whatever the file stores


def test_phone_photo_turned_a_quarter(tmp_path: Path) -> None:
    # A phone held upright stores 4:3 landscape pixels, tagged 6 (turn 90°).
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    Image.new("RGB", (80, 60)).save(tmp_path / "IMG_0001.JPG", exif=exif)
    found, _ = check(tmp_path, "IMG_0001.JPG")
    assert found is not None and found.pixels == (60, 80)


def test_orientation_in_a_png(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 8
    Image.new("RGB", (80, 60)).save(tmp_path / "shot.png", exif=exif)
    found, _ = check(tmp_path, "shot.png")
    assert found is not None and found.pixels == (60, 80)


def test_camera_mpo_is_a_jpeg(tmp_path: Path) -> None:
    # A camera's MPO: the photo, then a smaller frame (a preview).
    path = tmp_path / "DSC_0001.JPG"
    Image.new("RGB", (60, 40), "red").save(
        path, format="MPO", save_all=True, append_images=[Image.new("RGB", (30, 20))]
    )
    with Image.open(path) as written:
        assert (written.format, getattr(written, "n_frames", 1)) == ("MPO", 2)
    found, problems = check(tmp_path, "DSC_0001.JPG")
    assert problems == [] and found is not None
    assert found.pixels == (60, 40)  # its first frame


def test_turned_mpo_is_upright(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    path = tmp_path / "DSC_0002.JPG"
    Image.new("RGB", (60, 40)).save(
        path, format="MPO", save_all=True, append_images=[Image.new("RGB", (60, 40))], exif=exif
    )
    found, _ = check(tmp_path, "DSC_0002.JPG")
    assert found is not None and found.pixels == (40, 60)
