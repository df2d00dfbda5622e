"""The camera's exposure follows the paper: lowered when it clips or washes out, raised when dim.

A webcam's automatic exposure aims at the middle grey of the whole frame; with a
dark desk around a white sheet it burns the paper to 255 and, under strong office
light, washes the print out. That is the camera's to fix, not the citizen's. So
while a page lies under the camera, :class:`ExposureLoop` looks at each
assessment and, through :class:`~drivers.camera.port.ExposureControl`, switches
the camera to manual exposure and steps it:

- print washed out (``TOO_BRIGHT``): down two steps;
- paper clipped over a third of the page, print still crisp: down one step, so the
  next page has headroom (this one is good as it is and is not held);
- too dark (``TOO_DARK``): up two steps; paper dull (under ``dull_paper``): up one.

After a change it waits ``settle_frames`` frames (a UVC camera takes a few
frames to apply it) before judging again. It never leaves ``[lowest, highest]``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.camera.pipeline import Assessment
from drivers.camera.port import ExposureControl
from drivers.camera.verdict import Verdict
from kiosk.logs import fields

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExposurePolicy:
    """When and how far the loop moves the exposure (values in the driver's units)."""

    step: float = 1.4
    """Factor of one step (about half a stop)."""
    clipped_share: float = 1 / 3
    """Share of the page at 255 above which the exposure comes down a step."""
    clipped_paper: float = 245.0
    dull_paper: float = 140.0
    """Paper median under this: up a step (the page still passes above ``min_exposure``)."""
    settle_frames: int = 3
    lowest: float = 3.0
    highest: float = 2000.0


class ExposureLoop:
    """Steps one camera's exposure from the pipeline's assessments."""

    def __init__(self, camera: ExposureControl, policy: ExposurePolicy | None = None) -> None:
        self.camera = camera
        self.policy = policy or ExposurePolicy()
        self._wait = 0
        self.changes = 0

    def feed(self, assessment: Assessment) -> float | None:
        """Judge one assessed frame; the new exposure if it was changed, else ``None``."""
        if self._wait > 0:
            self._wait -= 1
            return None
        steps = self._steps(assessment)
        if steps == 0:
            return None
        policy = self.policy
        current = self.camera.exposure()
        if current is None:
            current = self.camera.automatic_exposure()
        wanted = min(policy.highest, max(policy.lowest, current * policy.step**steps))
        if wanted == current or not self.camera.set_exposure(wanted):
            return None
        self._wait = policy.settle_frames
        self.changes += 1
        log.info(
            "exposure stepped",
            extra=fields(step="capture", reason=assessment.verdict.value, count=steps),
        )
        return wanted

    def _steps(self, assessment: Assessment) -> int:
        """Steps to move (negative: darker) for what this frame shows."""
        policy = self.policy
        verdict = assessment.verdict
        if verdict is Verdict.NO_PAGE or assessment.corners is None:
            return 0
        if verdict is Verdict.TOO_BRIGHT:
            return -2
        if verdict is Verdict.TOO_DARK:
            return 2
        if assessment.exposure >= policy.clipped_paper and (
            assessment.saturated > policy.clipped_share
        ):
            return -1
        if assessment.exposure < policy.dull_paper:
            return 1
        return 0
