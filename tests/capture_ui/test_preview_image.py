"""The preview's picture conversion: fitted, never enlarged, the pixels its own."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from ui.capture.preview import to_qimage


def frame(width: int, height: int) -> np.ndarray:
    picture = np.zeros((height, width, 3), np.uint8)
    picture[:, : width // 2] = (255, 0, 0)  # blue on the left (BGR), red on the right
    picture[:, width // 2 :] = (0, 0, 255)
    return picture


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        ((640, 0), (640, 360)),  # fitted to a width
        ((0, 180), (320, 180)),  # fitted to a height
        ((640, 180), (320, 180)),  # the tighter side wins
        ((4000, 4000), (1280, 720)),  # never enlarged
        ((0, 0), (1280, 720)),
    ],
)
def test_the_picture_fits_the_limits_keeping_its_shape(
    limits: tuple[int, int], expected: tuple[int, int]
) -> None:
    image = to_qimage(frame(1280, 720), *limits)
    assert (image.width(), image.height()) == expected


def test_colours_survive_the_shrinking() -> None:
    image = to_qimage(frame(1280, 720), 320)
    assert image.pixelColor(10, 90).name() == "#0000ff"
    assert image.pixelColor(310, 90).name() == "#ff0000"


def test_the_image_owns_its_pixels() -> None:
    source = frame(64, 48)
    image = to_qimage(source)
    source[:] = 0
    del source
    assert image.pixelColor(5, 5).name() == "#0000ff"


def test_a_grey_page_stays_grey() -> None:
    page = np.full((200, 100), 128, np.uint8)
    image = to_qimage(page, 0, 100)
    assert image.format() == QImage.Format.Format_Grayscale8
    assert (image.width(), image.height()) == (50, 100)
    assert image.pixelColor(25, 50).name() == "#808080"
