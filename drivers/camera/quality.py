"""How good a rectified page is: sharpness, exposure, text contrast and glare, at one scale.

Measures are taken on the page warped to ``ANALYSIS_SIZE`` (about 50 dpi), so the
same limits hold whatever the camera's resolution or the page's distance.

White paper under office light often clips at 255: that alone is no fault as
long as the print keeps its contrast. So the measures look at the *text*:

- ink depth: how much darker each pixel is than the paper around it (a
  morphological black-hat); text pixels are those at least a little darker;
- contrast: the share of text pixels that are deeply dark. A page washed out by
  too much exposure keeps only faint strokes (under 0.4 here); a crisp page,
  clipped paper or not, keeps about half deep (0.5–0.65 on the simulator);
- glare: a compact bright blob (paper saturated, not the whole bright side of
  the page) under which the deep strokes are mostly gone while a band around it
  keeps its print. A blob over a blank margin hides nothing and is no complaint.
  Glare on paper already clipped cannot be seen until the exposure comes down
  (drivers.camera.exposure does that).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

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
_STROKE = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
"""Wider than a stroke at 50 dpi: closing with it gives the paper around the ink."""
_TEXT_DEPTH = 6
"""Darker than the paper around by this much: part of the print (noise is about 2–3)."""
_DEEP_DEPTH = 35
"""Darker by this much: a stroke that keeps its contrast."""
_BLOB_OPEN = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
_BLOB_CLOSE = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (17, 17))
_FIT_STEP = 8
_FIT_DARKEST = 60
"""Paper darker than this is shadow or a hand, not lit paper: left out of the light's fit."""
_FIT_LEAST = 100
_CORE = 0.35
"""The blob's core: farther in from its rim than this share of its radius."""
_PRINT_AROUND = 0.3
"""A band around a blob with less deep print than this share of the page's is blank."""


@dataclass(frozen=True)
class Quality:
    """Measures of one rectified page."""

    sharpness: float
    """Variance of the Laplacian in the page's most detailed tiles (paper scaled to 200)."""
    exposure: float
    """Median luminance of the page, 0–255: the paper's brightness."""
    glare: float
    """Fraction of the page covered by bright blobs under which the print is lost."""
    saturated: float
    """Fraction of the page that is saturated at all (clipped paper or glare)."""
    contrast: float = 1.0
    """Share of the print that is deeply dark (1.0 when the page shows no print)."""


@dataclass(frozen=True)
class QualityLimits:
    """Where a measure turns into a complaint. Defaults measured on the simulator's pages."""

    min_sharpness: float = 30.0
    min_exposure: float = 100.0
    clipped_paper: float = 245.0
    """Paper (the median) this bright is at the camera's white: contrast is checked."""
    min_contrast: float = 0.45
    """Least share of deep strokes on a clipped page; below, it is washed out."""
    max_glare: float = 0.005
    min_glare_blob: float = 0.002
    """Smallest saturated blob (fraction of the page) counted as glare, not a speck."""
    max_glare_blob: float = 0.25
    """A saturated area larger than this is the paper's exposure, not a reflection."""
    lit_paper: float = 240.0
    """Where the page's smooth light alone makes the paper this bright, a saturated area
    is the exposure's (a light gradient clipping a side), not a lamp's reflection."""
    lost_print: float = 0.6
    """A blob hides the print when its deep strokes are under this share of the band's."""


def measure(page: Image, limits: QualityLimits = QualityLimits()) -> Quality:
    """Measure a page already warped to ``ANALYSIS_SIZE`` (either orientation)."""
    h, w = page.shape[:2]
    dy, dx = round(h * _INSET), round(w * _INSET)
    gray = u8(cv2.cvtColor(page[dy : h - dy, dx : w - dx], cv2.COLOR_BGR2GRAY))
    exposure = _median(gray)
    paper = u8(cv2.morphologyEx(gray, cv2.MORPH_CLOSE, _STROKE))
    depth = u8(cv2.subtract(paper, gray))
    text = depth > _TEXT_DEPTH
    deep = depth > _DEEP_DEPTH
    printed = int(text.sum())
    return Quality(
        sharpness=_sharpness(gray, exposure),
        exposure=exposure,
        glare=_glare(paper, text, deep, limits),
        saturated=float((gray >= _SATURATED).mean()),
        contrast=float(deep.sum()) / printed if printed else 1.0,
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


def _glare(
    paper: Image, text: npt.NDArray[np.bool_], deep: npt.NDArray[np.bool_], limits: QualityLimits
) -> float:
    """Fraction of the page under compact saturated blobs that hide the print."""
    bright = paper >= _SATURATED
    if not bright.any() or not text.any():
        return 0.0  # the usual case (or no print at all, so nothing to hide)
    # Bridge the lines of print across a clipped area (they split it into slivers
    # with nothing printed inside), then drop specks.
    mask = u8(cv2.morphologyEx(bright.astype(np.uint8), cv2.MORPH_CLOSE, _BLOB_CLOSE))
    mask = u8(cv2.morphologyEx(mask, cv2.MORPH_OPEN, _BLOB_OPEN))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    page = float(deep.mean())
    total = 0.0
    fitted, fit = False, None
    for blob in range(1, count):
        area = float(stats[blob, cv2.CC_STAT_AREA]) / mask.size
        if not limits.min_glare_blob <= area <= limits.max_glare_blob:
            continue
        inside = labels == blob
        if not fitted:
            fitted, fit = True, _smooth_lighting(paper)
        if _lit_level(fit, inside) >= limits.lit_paper:
            continue  # the page's own light clips there: exposure, not a reflection
        if _hides_print(inside, deep, page=page, lost=limits.lost_print):
            total += area
    return total


def _smooth_lighting(paper: Image) -> npt.NDArray[np.float64] | None:
    """The page's smooth light: a quadratic in (x, y) fitted to the paper not clipped
    (``None`` when too little of it is left to fit), to extend under the clipped parts.

    A reflection is a local peak far above that surface; a side of the page that
    clips because the light falls off across it lies on the surface itself.
    """
    h, w = paper.shape
    level = paper[::_FIT_STEP, ::_FIT_STEP].astype(np.float64)
    usable = (level > _FIT_DARKEST) & (level < _SATURATED - 5)
    if int(usable.sum()) < _FIT_LEAST:
        return None
    ys, xs = np.nonzero(usable)
    terms = _quadratic_terms(xs * (_FIT_STEP / w), ys * (_FIT_STEP / h))
    # Least squares by the normal equations: a 6 × 6 solve (lstsq's SVD took 5 ms here).
    try:
        fit = np.linalg.solve(terms.T @ terms, terms.T @ level[ys, xs])
    except np.linalg.LinAlgError:
        return None  # the unclipped paper lies on a line: no surface to fit
    return np.asarray(fit, np.float64)


def _lit_level(fit: npt.NDArray[np.float64] | None, inside: npt.NDArray[np.bool_]) -> float:
    """Mean paper level the smooth light gives over ``inside`` (255 without a fit)."""
    if fit is None:
        return 255.0
    h, w = inside.shape
    ys, xs = np.nonzero(inside)
    # The mean of a quadratic is the quadratic of the means of its terms: no full surface.
    return float(_quadratic_terms(xs / w, ys / h).mean(axis=0) @ fit)


def _quadratic_terms(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    return np.stack([np.ones_like(x), x, y, x * x, y * y, x * y], axis=-1)


def _hides_print(
    inside: npt.NDArray[np.bool_], deep: npt.NDArray[np.bool_], *, page: float, lost: float
) -> bool:
    """Under the blob the deep strokes are nearly gone while a band around it keeps its print.

    Light from a reflection adds to ink and paper alike, so strokes keep their
    depth until the paper clips: the print fades *inside* the saturated blob. The
    band lies half to one and a half blob radii out. A blob on a blank part of the
    page (the clipped bright side of a form's empty lower half, a margin) has no
    print around it and hides nothing; clipped paper under even light keeps its
    strokes deep inside.
    """
    radius = float(np.sqrt(inside.sum() / np.pi))
    away = cv2.distanceTransform((~inside).astype(np.uint8), cv2.DIST_L2, 3)
    band = (away > 0.5 * radius) & (away <= 1.5 * radius)
    if not band.any():
        return False
    around = float(deep[band].mean())
    if around < _PRINT_AROUND * page:
        return False
    # Judged on the blob's core: along its rim the reflection is still faint and the
    # strokes keep their depth, so over the whole blob a reflection that wipes out
    # the lines in its middle still counted 60 % of the band's print (bench_camera.py).
    depth_in = cv2.distanceTransform(inside.astype(np.uint8), cv2.DIST_L2, 3)
    core = depth_in > _CORE * radius
    under = core if core.any() else inside
    return float(deep[under].mean()) < lost * around


def judge(quality: Quality, limits: QualityLimits = QualityLimits()) -> Verdict:
    """The most urgent complaint about a still page, or ``OK``."""
    if quality.exposure < limits.min_exposure:
        return Verdict.TOO_DARK
    if quality.exposure >= limits.clipped_paper and quality.contrast < limits.min_contrast:
        return Verdict.TOO_BRIGHT
    if quality.glare > limits.max_glare:
        return Verdict.GLARE
    if quality.sharpness < limits.min_sharpness:
        return Verdict.BLURRY
    return Verdict.OK
