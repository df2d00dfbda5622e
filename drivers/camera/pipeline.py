"""The capture pipeline: from frames to verdicts, and to a flat page when it is good.

``assess_still(image)`` judges one picture. ``CaptureTracker.feed(frame)`` judges a
stream: it adds steadiness (the page's corners stay within ``still_px`` of where
they settled for ``steady_frames`` frames) and captures the rectified page by
itself the first time a settled page passes every check. It captures a page once:
it re-arms when the desk has been empty for a few frames, or when the page
moves by more than ``rearm_px`` (a new sheet laid on top never lands exactly
where the last one lay). Content is not compared: two pages of one form look
alike at any scale cheap enough to compare every frame.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from drivers.camera.detect import WORK_SIZE, PageQuad, Points, find_page
from drivers.camera.port import Frame, Image
from drivers.camera.quality import ANALYSIS_SIZE, Quality, QualityLimits, judge, measure
from drivers.camera.rectify import A4_200DPI, rectify
from drivers.camera.verdict import Verdict
from kiosk.logs import fields

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrackerConfig:
    """How steady and how good a page must be before it is captured."""

    steady_frames: int = 5
    """Frames the page must stay put (about 170 ms at 30 fps)."""
    still_px: float = 3.0
    """Largest corner movement, full-resolution pixels, that still counts as put."""
    rearm_frames: int = 3
    """Frames with no page after which the same page may be captured again."""
    rearm_px: float = 15.0
    """A settled page that moves more than this (full-resolution pixels) is a new page."""
    page_size: tuple[int, int] = A4_200DPI
    work_size: int = WORK_SIZE
    limits: QualityLimits = field(default_factory=QualityLimits)


@dataclass(frozen=True, eq=False)
class CapturedPage:
    """A page warped flat, with where and when it was seen."""

    image: Image
    corners: Points
    frame_index: int
    timestamp: float
    quality: Quality
    manual: bool = False


@dataclass(frozen=True, eq=False)
class Assessment:
    """The pipeline's answer for one frame."""

    verdict: Verdict
    corners: Points | None = None
    """TL, TR, BR, BL of the page in full-resolution pixels, if one was found."""
    sharpness: float = 0.0
    exposure: float = 0.0
    glare: float = 0.0
    steady: int = 0
    """Consecutive frames the page has stayed put."""
    captured: CapturedPage | None = None
    """The rectified page, on the frame where it was captured."""
    frame_index: int = -1
    saturated: float = 0.0
    """Share of the page at 255 (clipped paper or glare): for the exposure loop."""

    @property
    def hint(self) -> str:
        """Translation id of what to tell the citizen."""
        return self.verdict.hint


def analyse(image: Image, corners: Points, limits: QualityLimits | None = None) -> Quality:
    """Quality of the page at ``corners``, measured on it warped to the analysis size."""
    return measure(rectify(image, corners, ANALYSIS_SIZE, fast=True), limits or QualityLimits())


def assess_still(
    image: Image, config: TrackerConfig | None = None, *, capture: bool = True
) -> Assessment:
    """Judge a single picture (no steadiness); include the flat page when it is good."""
    config = config or TrackerConfig()
    quad = find_page(image, work_size=config.work_size)
    if quad is None:
        return Assessment(Verdict.NO_PAGE)
    quality = analyse(image, quad.corners, config.limits)
    verdict = judge(quality, config.limits)
    page = None
    if capture and verdict is Verdict.OK:
        page = CapturedPage(
            rectify(image, quad.corners, config.page_size), quad.corners, 0, 0.0, quality
        )
    return _assessment(verdict, quad, quality, page=page)


def _assessment(
    verdict: Verdict,
    quad: PageQuad,
    quality: Quality,
    *,
    steady: int = 0,
    page: CapturedPage | None = None,
    index: int = 0,
) -> Assessment:
    return Assessment(
        verdict,
        quad.corners,
        quality.sharpness,
        quality.exposure,
        quality.glare,
        steady,
        page,
        index,
        quality.saturated,
    )


class CaptureTracker:
    """Follows the page across frames and captures it once it is steady and good."""

    def __init__(
        self,
        config: TrackerConfig | None = None,
        *,
        on_capture: Callable[[CapturedPage], None] | None = None,
    ) -> None:
        self.config = config or TrackerConfig()
        self._on_capture = on_capture
        self.reset()

    def reset(self) -> None:
        """Forget the page being followed and the one captured (a new paper begins)."""
        self._anchor: Points | None = None
        self._steady = 0
        self._empty = 0
        self._armed = True
        self._last: tuple[Frame, PageQuad, Quality] | None = None

    def feed(self, frame: Frame) -> Assessment:
        """Judge ``frame``; its assessment carries the captured page when this frame is the one."""
        quad = find_page(frame.image, work_size=self.config.work_size)
        if quad is None:
            self._lost()
            return Assessment(Verdict.NO_PAGE, frame_index=frame.index)
        self._empty = 0
        self._follow(quad.corners)
        quality = analyse(frame.image, quad.corners, self.config.limits)
        self._last = (frame, quad, quality)
        if self._steady < self.config.steady_frames:
            return _assessment(
                Verdict.MOVING, quad, quality, steady=self._steady, index=frame.index
            )
        verdict = judge(quality, self.config.limits)
        page = None
        if verdict is Verdict.OK and self._armed:
            page = self._take(frame, quad, quality, manual=False)
        return _assessment(
            verdict, quad, quality, steady=self._steady, page=page, index=frame.index
        )

    def capture(self) -> CapturedPage | None:
        """Capture now (the citizen pressed the button): the last page seen, good or not."""
        if self._last is None:
            return None
        frame, quad, quality = self._last
        return self._take(frame, quad, quality, manual=True)

    def _lost(self) -> None:
        self._anchor, self._steady, self._last = None, 0, None
        self._empty += 1
        if self._empty >= self.config.rearm_frames:
            self._armed = True

    def _follow(self, corners: Points) -> None:
        # Measured from where the page settled, not from the last frame, so a slow
        # drift of a pixel per frame never passes for still.
        if self._anchor is not None:
            moved = float(np.max(np.linalg.norm(corners - self._anchor, axis=1)))
            if moved <= self.config.still_px:
                self._steady += 1
                return
            if moved > self.config.rearm_px:
                self._armed = True
        self._anchor, self._steady = corners, 0

    def _take(
        self, frame: Frame, quad: PageQuad, quality: Quality, *, manual: bool
    ) -> CapturedPage:
        image = rectify(frame.image, quad.corners, self.config.page_size)
        page = CapturedPage(image, quad.corners, frame.index, frame.timestamp, quality, manual)
        self._armed = False
        log.info(
            "page captured",
            extra=fields(step="capture", count=frame.index, reason="manual" if manual else "auto"),
        )
        if self._on_capture is not None:
            self._on_capture(page)
        return page
