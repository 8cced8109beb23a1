"""Draw the example images (run once; the results are committed).

    python examples/images/make.py

Everything is drawn with Pillow, so the examples carry no photograph of
anyone: ``site.jpg`` a street scene (RGB JPEG, 1200×800), ``meeting.jpg``
a meeting room (RGB JPEG, 900×600), ``chart.png`` a bar chart (palette PNG,
1000×560), ``gray.jpg`` a grayscale photo (JPEG, 800×600), ``small.png`` an
image too small for its printed width (240×160, for the resolution warning).
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent


def sky_and_ground(size: tuple[int, int], horizon: float) -> Image.Image:
    w, h = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    cut = int(h * horizon)
    for y in range(h):
        if y < cut:
            t = y / cut
            colour = (int(120 + 80 * t), int(170 + 60 * t), int(230 - 10 * t))
        else:
            t = (y - cut) / (h - cut)
            colour = (int(150 - 40 * t), int(150 - 40 * t), int(140 - 40 * t))
        draw.line([(0, y), (w, y)], fill=colour)
    return image


def site() -> Image.Image:
    rng = random.Random(8)
    image = sky_and_ground((1200, 800), 0.55)
    draw = ImageDraw.Draw(image)
    for k in range(9):  # buildings
        x = 40 + k * 130
        top = rng.randint(120, 300)
        shade = rng.randint(150, 215)
        draw.rectangle([x, top, x + 110, 440], fill=(shade, shade - 12, shade - 25))
        for wy in range(top + 20, 420, 36):
            for wx in range(x + 12, x + 100, 26):
                draw.rectangle([wx, wy, wx + 12, wy + 18], fill=(90, 120, 150))
    draw.polygon([(0, 800), (560, 440), (640, 440), (1200, 800)], fill=(70, 70, 75))
    for k in range(12):  # lane marks
        y = 460 + k * 30
        draw.rectangle([596 - k, y, 604 + k, y + 12], fill=(235, 235, 225))
    for _ in range(14):  # trees
        x = rng.randint(0, 1200)
        y = rng.randint(470, 560)
        draw.ellipse([x - 30, y - 70, x + 30, y], fill=(40, rng.randint(110, 150), 50))
        draw.rectangle([x - 4, y, x + 4, y + 30], fill=(90, 60, 40))
    draw.rectangle([430, 300, 770, 360], fill=(200, 30, 40))  # a red banner
    return image.filter(ImageFilter.GaussianBlur(1.2))


def meeting() -> Image.Image:
    image = Image.new("RGB", (900, 600), (205, 195, 180))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 900, 180], fill=(180, 40, 45))  # a red wall banner
    draw.rectangle([60, 60, 840, 120], fill=(230, 200, 120))
    draw.ellipse([120, 300, 780, 540], fill=(120, 80, 50))  # the table
    for k in range(10):
        angle = math.pi * (0.1 + 0.8 * k / 9)
        x = 450 + 400 * math.cos(angle)
        y = 420 + 150 * math.sin(angle) - 120
        draw.ellipse([x - 22, y - 22, x + 22, y + 22], fill=(60, 50, 45))
        draw.rectangle([x - 26, y + 20, x + 26, y + 80], fill=(40, 50, 80))
    return image.filter(ImageFilter.GaussianBlur(1.0))


def chart() -> Image.Image:
    image = Image.new("RGB", (1000, 560), "white")
    draw = ImageDraw.Draw(image)
    values = [98, 95, 91, 88, 84, 79]
    draw.line([(80, 40), (80, 500), (960, 500)], fill="black", width=3)
    for k in range(1, 6):
        y = 500 - k * 88
        draw.line([(80, y), (960, y)], fill=(200, 200, 200), width=1)
    for k, v in enumerate(values):
        x = 130 + k * 140
        top = 500 - int(v * 4.4)
        draw.rectangle([x, top, x + 80, 500], fill=(200, 30, 40) if k == 0 else (60, 90, 160))
    return image.quantize(colors=16)


def gray() -> Image.Image:
    return site().convert("L").resize((800, 533))


def main() -> None:
    site().save(HERE / "site.jpg", quality=72, optimize=True)
    meeting().save(HERE / "meeting.jpg", quality=72, optimize=True)
    chart().save(HERE / "chart.png", optimize=True)
    gray().save(HERE / "gray.jpg", quality=72, optimize=True)
    site().resize((240, 160)).save(HERE / "small.png", optimize=True)


if __name__ == "__main__":
    main()
