"""The camera port: what every document camera (real or simulated) offers the kiosk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

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
    ``None`` leaves them to the camera. ``exposure`` is in the driver's units (V4L2:
    100 µs). ``white_balance`` is a colour temperature in kelvin (``None``: automatic).
    """

    device: int | str = 0
    width: int = 1280
    height: int = 720
    fourcc: str = "MJPG"
    autofocus: bool = True
    focus: float | None = None
    exposure: float | None = None
    fps: float = 30.0
    white_balance: float | None = None


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


@runtime_checkable
class ExposureControl(Protocol):
    """A camera whose exposure the kiosk may set (the real one over V4L2, the simulator).

    Values are in the driver's units (V4L2 ``exposure_time_absolute``: 100 µs);
    ``None`` is the camera's own automatic exposure.
    """

    def exposure(self) -> float | None:
        """The manual exposure in force, or ``None`` while the camera sets it itself."""
        ...

    def automatic_exposure(self) -> float:
        """Best guess of the exposure the automatic mode uses now (to start manual from)."""
        ...

    def set_exposure(self, value: float | None) -> bool:
        """Fix the exposure at ``value`` (``None``: back to automatic); ``False`` if refused."""
        ...


def u8(array: npt.NDArray[Any]) -> Image:
    """View an OpenCV result (typed loosely by its stubs) as the uint8 image it is; no copy."""
    result: Image = np.asarray(array, dtype=np.uint8)
    return result
