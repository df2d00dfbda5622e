"""A face-like portrait for the synthetic card's DG2: a drawing, not anybody's photo.

A head, hair, eyes, brows, nose and mouth on the pale blue background of ID
photos, varied by the seed; encoded small (a few kB) as the chips store them.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

from kiosk.identity.dg2 import ImageFormat

WIDTH, HEIGHT = 240, 320


def draw_face(seed: int) -> Image.Image:
    """A 240 × 320 RGB portrait drawn from ``seed``."""
    rng = random.Random(seed)  # noqa: S311 (a drawing, not a secret)
    picture = Image.new("RGB", (WIDTH, HEIGHT), (206, 222, 240))
    pen = ImageDraw.Draw(picture)
    skin = (rng.randint(200, 235), rng.randint(160, 195), rng.randint(130, 160))
    hair = (rng.randint(10, 40),) * 3
    cx, top = WIDTH // 2, 60 + rng.randint(-8, 8)
    half_w, height = 62 + rng.randint(-6, 6), 170 + rng.randint(-10, 10)
    pen.rectangle((cx - 95, top + height - 10, cx + 95, HEIGHT), fill=(40, 50, 70))  # shoulders
    pen.rectangle((cx - 24, top + height - 40, cx + 24, top + height + 10), fill=skin)  # neck
    pen.ellipse((cx - half_w - 8, top - 18, cx + half_w + 8, top + 90), fill=hair)
    pen.ellipse((cx - half_w, top, cx + half_w, top + height), fill=skin)
    pen.chord((cx - half_w - 4, top - 16, cx + half_w + 4, top + 70), 180, 360, fill=hair)
    eye_y = top + int(height * 0.45)
    for side in (-1, 1):
        ex = cx + side * 26
        pen.ellipse((ex - 12, eye_y - 6, ex + 12, eye_y + 6), fill=(245, 245, 245))
        pen.ellipse((ex - 5, eye_y - 5, ex + 5, eye_y + 5), fill=(35, 25, 20))
        pen.line((ex - 14, eye_y - 16, ex + 14, eye_y - 18 - rng.randint(0, 4)), fill=hair, width=4)
    nose_y = eye_y + 38
    pen.line((cx, eye_y + 8, cx - 6, nose_y), fill=_shade(skin), width=3)
    pen.line((cx - 6, nose_y, cx + 6, nose_y), fill=_shade(skin), width=3)
    mouth_y = nose_y + 28
    pen.arc((cx - 22, mouth_y - 10, cx + 22, mouth_y + 8), 15, 165, fill=(150, 60, 60), width=4)
    return picture.filter(ImageFilter.GaussianBlur(1.2))


def _shade(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    r, g, b = colour
    return int(r * 0.8), int(g * 0.75), int(b * 0.75)


def encode_face(picture: Image.Image, image_format: ImageFormat) -> bytes:
    """JPEG (quality 60) or a JPEG 2000 codestream of a few kB."""
    buffer = io.BytesIO()
    if image_format is ImageFormat.JPEG:
        picture.save(buffer, "JPEG", quality=60, optimize=True)
    else:
        picture.save(buffer, "JPEG2000", quality_mode="rates", quality_layers=[80], no_jp2=False)
    return buffer.getvalue()
