"""Find the sheet of paper in a frame: four corners, ordered TL, TR, BR, BL, in full resolution.

The search runs on a copy scaled down to ``work_size`` on its long side. Paper is
told from the desk and from skin by its *whiteness*, ``2·min(B,G,R) − max(B,G,R)``:
bright and colourless scores high, a wooden desk or a hand (colourful) scores low.
The largest white region's convex hull is simplified to a polygon; its four
longest sides are the page's edges, each refitted to the region's outline with
``fitLine`` and intersected. So a corner hidden by a hand is still found where
its two edges meet, and corners land with sub-pixel precision.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.port import Image, u8

Points = npt.NDArray[np.float64]
"""Shape (4, 2) corner coordinates in full-resolution pixels."""

WORK_SIZE = 640
MIN_AREA = 0.06
"""Smallest page, as a fraction of the frame's area, worth looking at."""
_MIN_CONTRAST = 20.0
"""Least whiteness difference between paper and desk (0–255) to call it a page..."""
_MIN_RATIO = 1.6
"""...and the least ratio: a dim page on a dark desk still stands out, desk blotches do not."""
_BORDER = 2
"""A region this close (work pixels) to the frame edge is cut off by it: page not all in view."""


@dataclass(frozen=True)
class PageQuad:
    """A page found in a frame."""

    corners: Points
    """TL, TR, BR, BL in full-resolution pixel coordinates."""
    area: float
    """Visible paper area as a fraction of the frame."""
    completed: bool
    """A corner was hidden (by a hand) and inferred from its two edges."""


def whiteness(image: Image) -> Image:
    """High for bright, colourless pixels (paper), low for colour (desk, skin) and dark."""
    b, g, r = cv2.split(image)
    low = cv2.min(cv2.min(b, g), r)
    high = cv2.max(cv2.max(b, g), r)
    return u8(cv2.subtract(low, cv2.subtract(high, low)))


def find_page(image: Image, *, work_size: int = WORK_SIZE) -> PageQuad | None:
    """The page lying wholly inside ``image``, or ``None`` if there is none (or it is cut off)."""
    height, width = image.shape[:2]
    scale = min(1.0, work_size / max(height, width))
    small = (
        image
        if scale == 1.0
        else u8(
            cv2.resize(
                image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
            )
        )
    )
    white = u8(cv2.GaussianBlur(whiteness(small), (5, 5), 0))
    level, mask = cv2.threshold(white, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    mask = u8(cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    outline = np.asarray(max(contours, key=cv2.contourArea), np.int32)
    found = _quad_of(outline, mask.shape[1], mask.shape[0])
    if found is None or not _contrasted(white, mask, level):
        return None
    corners, completed = found
    # Work pixel centres map back to full resolution with the half-pixel offset of resizing.
    full = (corners + 0.5) / scale - 0.5
    area = cv2.contourArea(outline) / float(mask.shape[0] * mask.shape[1])
    return PageQuad(order_corners(full), area, completed)


def _contrasted(white: Image, mask: Image, level: float) -> bool:
    inside = cv2.mean(white, mask=mask)[0]
    outside = cv2.mean(white, mask=cv2.bitwise_not(mask))[0]
    return bool(inside - outside >= _MIN_CONTRAST and inside >= _MIN_RATIO * outside)


def _quad_of(outline: npt.NDArray[np.int32], width: int, height: int) -> tuple[Points, bool] | None:
    area = cv2.contourArea(outline)
    if area < MIN_AREA * width * height:
        return None
    x, y, w, h = cv2.boundingRect(outline)
    if x < _BORDER or y < _BORDER or x + w > width - _BORDER or y + h > height - _BORDER:
        return None
    hull = cv2.convexHull(outline)
    if area < 0.85 * cv2.contourArea(hull):
        return None  # ragged or hollow: not a sheet of paper
    # A fine tolerance keeps the short cut a hand makes across a corner as a side of its own.
    polygon = cv2.approxPolyDP(hull, 0.01 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    polygon = _merge_straight(polygon.astype(np.float64))
    if len(polygon) < 4:
        return None
    sides = _four_longest_sides(polygon)
    points = outline.reshape(-1, 2).astype(np.float64)
    lines = [_refit(points, p, q) for p, q in sides]
    corners = np.array([_meet(lines[i - 1], lines[i]) for i in range(4)])
    if not np.all(np.isfinite(corners)) or not _plausible(corners, area, width, height):
        return None
    return corners, len(polygon) > 4


def _merge_straight(polygon: Points, degrees: float = 10.0) -> Points:
    """Drop vertices where the outline turns by less than ``degrees`` (one side, not two)."""
    points = list(polygon)
    changed = True
    while changed and len(points) > 4:
        changed = False
        for i in range(len(points)):
            a, b, c = points[i - 1], points[i], points[(i + 1) % len(points)]
            u, v = b - a, c - b
            turn = math.degrees(abs(math.atan2(u[0] * v[1] - u[1] * v[0], u @ v)))
            if turn < degrees:
                del points[i]
                changed = True
                break
    return np.array(points)


def _four_longest_sides(polygon: Points) -> list[tuple[Points, Points]]:
    """The four longest sides of a convex polygon, kept in their order around it."""
    n = len(polygon)
    lengths = [float(np.linalg.norm(polygon[(i + 1) % n] - polygon[i])) for i in range(n)]
    keep = sorted(sorted(range(n), key=lambda i: -lengths[i])[:4])
    return [(polygon[i], polygon[(i + 1) % n]) for i in keep]


def _refit(points: Points, p: Points, q: Points) -> tuple[Points, Points]:
    """Fit a line to the outline points along side ``p``–``q`` (ends trimmed): point, direction."""
    direction = (q - p) / max(1e-9, float(np.linalg.norm(q - p)))
    normal = np.array([-direction[1], direction[0]])
    rel = points - p
    along = rel @ direction / max(1e-9, float(np.linalg.norm(q - p)))
    across = np.abs(rel @ normal)
    near = points[(along > 0.08) & (along < 0.92) & (across < 3.0)]
    if len(near) < 8:
        return p, direction
    vx, vy, x0, y0 = cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    fitted_dir = np.array([vx, vy], np.float64)
    # Outline pixels are the paper's outermost pixels: its edge lies half a pixel further out.
    centre = points.mean(axis=0)
    n = np.array([-fitted_dir[1], fitted_dir[0]])
    origin = np.array([x0, y0], np.float64)
    if (origin - centre) @ n < 0:
        n = -n
    return origin + 0.5 * n, fitted_dir


def _meet(a: tuple[Points, Points], b: tuple[Points, Points]) -> Points:
    """Where two lines (point, direction) cross; NaN when they are parallel."""
    (p, d), (q, e) = a, b
    det = d[0] * (-e[1]) - d[1] * (-e[0])
    if abs(det) < 1e-9:
        return np.array([math.nan, math.nan])
    t = ((q[0] - p[0]) * (-e[1]) - (q[1] - p[1]) * (-e[0])) / det
    return np.asarray(p + t * d, np.float64)


def _plausible(corners: Points, area: float, width: int, height: int) -> bool:
    """A convex quadrilateral, near the frame, that the paper region nearly fills."""
    margin = 0.1 * max(width, height)
    if (
        np.any(corners < -margin)
        or np.any(corners[:, 0] > width + margin)
        or np.any(corners[:, 1] > height + margin)
    ):
        return False
    quad = corners.astype(np.float32).reshape(-1, 1, 2)
    if not cv2.isContourConvex(quad):
        return False
    return 0.75 * cv2.contourArea(quad) <= area <= 1.05 * cv2.contourArea(quad)


def order_corners(corners: Points) -> Points:
    """Order four points clockwise (in image coordinates) starting from the top-left one."""
    centre = corners.mean(axis=0)
    angles = np.arctan2(corners[:, 1] - centre[1], corners[:, 0] - centre[0])
    clockwise = corners[np.argsort(angles)]
    start = int(np.argmin(clockwise.sum(axis=1)))  # nearest the top-left: least x + y
    return np.roll(clockwise, -start, axis=0)
