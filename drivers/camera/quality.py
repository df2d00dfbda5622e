"""How good a rectified page is: sharpness, exposure and glare, measured at one fixed scale.

Measures are taken on the page warped to ``ANALYSIS_SIZE`` (about 50 dpi), so the
same limits hold whatever the camera's resolution or the page's distance.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from drivers.camera.port import Image, u8
from drivers.camera.verdict import Verdict

ANALYSIS_SIZE = (424, 600)
"""Width × height of the portrait page the measures are taken on."""
_INSET = 0.03
"""Page margin left out of the measures: the edge may still show a sliver of desk."""
_TILES = (4, 6)
_SATURATED = 250
_PAPER_LEVEL = 200.0
"""Sharpness is computed as if the paper were this bright, so exposure does not change it."""


@dataclass(frozen=True)
class Quality:
    """Measures of one rectified page."""

    sharpness: float
    """Variance of the Laplacian in the page's most detailed tiles (paper scaled to 200)."""
    exposure: float
    """Median luminance of the page, 0–255: the paper's brightness."""
    glare: float
    """Fraction of the page covered by blobs of saturated pixels."""
    saturated: float
    """Fraction of the page that is saturated at all (blobs or not)."""


@dataclass(frozen=True)
class QualityLimits:
    """Where a measure turns into a complaint. Defaults measured on the simulator's pages."""

    min_sharpness: float = 30.0
    min_exposure: float = 100.0
    max_saturated: float = 0.4
    max_glare: float = 0.005
    min_glare_blob: float = 0.001
    """Smallest saturated blob (fraction of the page) counted as glare, not a speck."""


def measure(page: Image, limits: QualityLimits = QualityLimits()) -> Quality:
    """Measure a page already warped to ``ANALYSIS_SIZE`` (either orientation)."""
    h, w = page.shape[:2]
    dy, dx = round(h * _INSET), round(w * _INSET)
    gray = u8(cv2.cvtColor(page[dy : h - dy, dx : w - dx], cv2.COLOR_BGR2GRAY))
    exposure = _median(gray)
    saturated = gray >= _SATURATED
    return Quality(
        sharpness=_sharpness(gray, exposure),
        exposure=exposure,
        glare=_glare(saturated, limits.min_glare_blob),
        saturated=float(saturated.mean()),
    )


def _median(gray: Image) -> float:
    # A histogram's median: several times quicker than sorting the pixels.
    histogram = np.bincount(gray.ravel(), minlength=256).cumsum()
    return float(np.searchsorted(histogram, histogram[-1] / 2))


def _sharpness(gray: Image, paper: float) -> float:
    # Scale so the paper is at a fixed level: a dim but sharp page is not "blurry".
    norm = gray.astype(np.float32) * np.float32(_PAPER_LEVEL / max(paper, 1.0))
    laplacian = cv2.Laplacian(norm, cv2.CV_32F)
    rows, cols = _TILES[1], _TILES[0]
    h, w = laplacian.shape[:2]
    scores = sorted(
        float(
            laplacian[
                r * h // rows : (r + 1) * h // rows, c * w // cols : (c + 1) * w // cols
            ].var()
        )
        for r in range(rows)
        for c in range(cols)
    )
    # A page is as sharp as its printed parts: the blank margins say nothing about focus.
    top = scores[-max(1, len(scores) // 4) :]
    return float(np.mean(top))


def _glare(saturated: np.ndarray, min_blob: float) -> float:
    if not saturated.any():
        return 0.0  # the usual case: skip the labelling
    mask = saturated.astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        return 0.0
    areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64) / mask.size
    return float(areas[areas >= min_blob].sum())


def judge(quality: Quality, limits: QualityLimits = QualityLimits()) -> Verdict:
    """The most urgent complaint about a still page, or ``OK``."""
    if quality.exposure < limits.min_exposure:
        return Verdict.TOO_DARK
    if quality.saturated > limits.max_saturated:
        return Verdict.TOO_BRIGHT
    if quality.glare > limits.max_glare:
        return Verdict.GLARE
    if quality.sharpness < limits.min_sharpness:
        return Verdict.BLURRY
    return Verdict.OK
