"""Warp a found page flat, to the A4 aspect, at a chosen resolution."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.port import Image, u8

Points = npt.NDArray[np.float64]

A4_200DPI = (1654, 2339)
"""Width × height in pixels of an A4 portrait page at 200 dpi."""


def oriented(corners: Points, size: tuple[int, int]) -> tuple[int, int]:
    """``size`` as portrait or landscape, whichever the page lies as in the frame."""
    tl, tr, br, bl = corners
    across = np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)
    down = np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)
    small, large = sorted(size)
    return (large, small) if across > down else (small, large)


def page_transform(corners: Points, size: tuple[int, int]) -> npt.NDArray[np.float64]:
    """The homography taking ``corners`` (TL, TR, BR, BL) onto a ``size`` rectangle."""
    width, height = size
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    # Corners are pixel-centre coordinates; the page's outer edge is half a pixel out.
    source = (corners + 0.5).astype(np.float32)
    return np.asarray(cv2.getPerspectiveTransform(source, target), np.float64)


def rectify(
    image: Image, corners: Points, size: tuple[int, int] = A4_200DPI, *, fast: bool = False
) -> Image:
    """The page seen at ``corners`` warped flat to ``size`` (turned to match the page's lie).

    Bicubic by default, for the page that is kept; ``fast`` (bilinear, about 3× quicker)
    for the small copies the quality checks look at on every frame.
    """
    width, height = oriented(corners, size)
    matrix = page_transform(corners, (width, height))
    return u8(
        cv2.warpPerspective(
            image,
            matrix,
            (width, height),
            flags=cv2.INTER_LINEAR if fast else cv2.INTER_CUBIC,
            borderMode=cv2.BORDER_REPLICATE,
        )
    )


def shrink_to_fit(image: Image, width: int = 0, height: int = 0) -> Image:
    """``image`` scaled down to fit ``width`` × ``height`` keeping its shape (0: no limit).

    Never enlarges (the same array comes back). OpenCV lets go of the
    interpreter lock while it smooths: a preview made on a worker thread
    does not hold up the GUI thread.
    """
    rows, columns = image.shape[:2]
    scale = min(
        width / columns if 0 < width < columns else 1.0,
        height / rows if 0 < height < rows else 1.0,
    )
    if scale >= 1.0:
        return image
    size = (max(1, round(columns * scale)), max(1, round(rows * scale)))
    return u8(cv2.resize(image, size, interpolation=cv2.INTER_AREA))
