"""The camera port: what every document camera (real or simulated) offers the kiosk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from drivers.status import DeviceStatus

Image = npt.NDArray[np.uint8]
"""A picture as OpenCV holds it: height × width × 3, uint8, BGR order."""

DEVICE_NAME = "document camera"
ABSENT_DETAIL = "The document camera is not connected"
ABSENT_FIX = "check its USB cable"


@dataclass(frozen=True, eq=False)
class Frame:
    """One picture from the camera.

    ``timestamp`` is on a monotonic clock (seconds); ``index`` counts frames from 0.
    """

    image: Image
    timestamp: float
    index: int


@dataclass(frozen=True)
class CameraSettings:
    """What we ask of the camera; ``OpenCvCamera.applied`` says what it actually took.

    ``device`` is a V4L2 index, a device path (``/dev/v4l/by-id/...``), or any source
    OpenCV reads (a video file, an image-sequence pattern such as ``img_%03d.png``).
    ``focus`` and ``exposure`` are used only when autofocus / auto exposure are off;
    ``None`` leaves them to the camera.
    """

    device: int | str = 0
    width: int = 1280
    height: int = 720
    fourcc: str = "MJPG"
    autofocus: bool = True
    focus: float | None = None
    exposure: float | None = None
    fps: float = 30.0


class Camera(Protocol):
    """A source of frames with a lifecycle and a status.

    ``read()`` returns ``None`` when no new frame is ready yet, and raises
    :class:`kiosk.errors.DeviceAbsent` when the camera is gone; it reconnects
    by itself when the camera comes back.
    """

    @property
    def settings(self) -> CameraSettings:
        """The settings this camera was asked for."""
        ...

    def start(self) -> None:
        """Open the camera; raises ``DeviceAbsent`` if it is not there."""
        ...

    def stop(self) -> None:
        """Release the camera; safe to call twice."""
        ...

    def read(self) -> Frame | None:
        """The next frame, or ``None`` if none is ready."""
        ...

    def status(self) -> DeviceStatus:
        """What the camera says about itself, for banners and diagnostics."""
        ...


def u8(array: npt.NDArray[Any]) -> Image:
    """View an OpenCV result (typed loosely by its stubs) as the uint8 image it is; no copy."""
    result: Image = np.asarray(array, dtype=np.uint8)
    return result
