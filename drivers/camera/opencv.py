"""``OpenCvCamera``: the real camera over ``cv2.VideoCapture`` (V4L2 for devices).

A UVC camera that is unplugged makes ``read()`` fail; after ``misses_before_absent``
failures in a row the capture is released (so the kernel can give the same
``/dev/video*`` back on replug) and the camera is reported absent. Later calls to
``read()`` or ``start()`` reopen it, no more often than an exponential backoff
allows, so a worker can keep calling ``read()`` in its loop.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import cv2
import numpy as np

from drivers.camera.port import (
    ABSENT_DETAIL,
    ABSENT_FIX,
    DEVICE_NAME,
    CameraSettings,
    Frame,
    Image,
)
from drivers.status import DeviceState, DeviceStatus
from kiosk.errors import DeviceAbsent, DeviceError
from kiosk.logs import fields

log = logging.getLogger(__name__)

# On the V4L2 backend OpenCV hands CAP_PROP_AUTO_EXPOSURE straight to the control
# V4L2_CID_EXPOSURE_AUTO, a menu: 0 auto, 1 manual, 2 shutter priority, 3 aperture
# priority. UVC cameras offer only 1 and 3, and "auto" on a webcam is 3 (the frame
# time varies, the iris is fixed). Other backends differ (DirectShow: 0.25 manual,
# 0.75 auto), which is why this adapter opens devices with CAP_V4L2 only.
# CAP_PROP_EXPOSURE is then V4L2_CID_EXPOSURE_ABSOLUTE, in 100 µs units, and is
# taken only while the mode is manual (1): set the mode first.
# CAP_PROP_AUTO_WB is V4L2_CID_AUTO_WHITE_BALANCE (0/1), CAP_PROP_WB_TEMPERATURE
# V4L2_CID_WHITE_BALANCE_TEMPERATURE in kelvin, taken only with auto WB off.
_V4L2_EXPOSURE_MANUAL = 1.0
_V4L2_EXPOSURE_AUTO = 3.0
DEFAULT_EXPOSURE = 156.0
"""15.6 ms (about 1/64 s): where manual exposure starts when the camera won't say."""


class Capture(Protocol):
    """The part of ``cv2.VideoCapture`` we use (a test can pass a stand-in)."""

    def isOpened(self) -> bool: ...  # noqa: N802 -- OpenCV's name
    def read(self) -> tuple[bool, Any]: ...
    def set(self, prop: int, value: float) -> bool: ...
    def get(self, prop: int) -> float: ...
    def release(self) -> None: ...


def open_capture(device: int | str) -> Capture:
    """Open ``device`` with V4L2 for indices and ``/dev`` paths, any backend for files."""
    if isinstance(device, int) or device.startswith("/dev/"):
        capture: Capture = cv2.VideoCapture(device, cv2.CAP_V4L2)
    else:
        capture = cv2.VideoCapture(device, cv2.CAP_ANY)
    return capture


@dataclass(frozen=True)
class Backoff:
    """Delays between reconnection attempts: ``first``, doubling, at most ``limit`` seconds."""

    first: float = 0.5
    limit: float = 8.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before attempt number ``attempt`` (1-based) after a failure."""
        return float(min(self.limit, self.first * 2 ** max(0, attempt - 1)))


def fourcc_text(code: float) -> str:
    """Turn OpenCV's numeric FOURCC back into its four letters ('' if unknown)."""
    number = int(code)
    text = "".join(chr((number >> (8 * i)) & 0xFF) for i in range(4))
    return text if number > 0 and text.isprintable() else ""


def as_bgr(image: Any) -> Image:
    """Make any picture OpenCV returned a uint8 3-channel BGR array."""
    array = np.asarray(image)
    if array.dtype != np.uint8:
        array = cv2.convertScaleAbs(array)
    if array.ndim == 2:
        array = cv2.cvtColor(array, cv2.COLOR_GRAY2BGR)
    elif array.shape[2] == 4:
        array = cv2.cvtColor(array, cv2.COLOR_BGRA2BGR)
    result: Image = np.ascontiguousarray(array)
    return result


class OpenCvCamera:
    """A document camera read through ``cv2.VideoCapture``."""

    def __init__(
        self,
        settings: CameraSettings,
        *,
        misses_before_absent: int = 5,
        backoff: Backoff = Backoff(),
        clock: Callable[[], float] = time.monotonic,
        opener: Callable[[int | str], Capture] = open_capture,
    ) -> None:
        self._settings = settings
        self._misses_before_absent = misses_before_absent
        self._backoff = backoff
        self._clock = clock
        self._opener = opener
        self._capture: Capture | None = None
        self._started = False
        self._misses = 0
        self._attempts = 0
        self._retry_at = 0.0
        self._index = 0
        self._problem = ""
        self.applied: CameraSettings | None = None
        """What the camera actually took when it was last opened."""

    @property
    def settings(self) -> CameraSettings:
        """The settings this camera was asked for."""
        return self._settings

    def start(self) -> None:
        """Open the camera now; raises ``DeviceAbsent`` if it cannot be opened."""
        self._started = True
        if self._capture is None and not self._reopen():
            raise self._absent_error()

    def stop(self) -> None:
        """Release the camera; it stays closed until ``start()``."""
        self._started = False
        self._release()
        self._problem = ""

    def read(self) -> Frame | None:
        """The next frame; ``None`` on a single miss, ``DeviceAbsent`` once it is gone."""
        if not self._started:
            raise DeviceError(
                "The document camera was read before it was started",
                "start the camera first (this is a bug in the kiosk)",
            )
        capture = self._capture
        if capture is None:
            if self._clock() < self._retry_at or not self._reopen():
                raise self._absent_error()
            capture = self._capture
            assert capture is not None
        image = self._grab(capture)
        if image is None:
            self._missed()
            return None
        self._misses = 0
        frame = Frame(as_bgr(image), self._clock(), self._index)
        self._index += 1
        return frame

    def status(self) -> DeviceStatus:
        """Ready when open; absent (with what to check) when unplugged or never found."""
        if self._capture is not None:
            return DeviceStatus(DEVICE_NAME, DeviceState.READY, f"reading {self._source()}")
        if not self._started:
            return DeviceStatus(DEVICE_NAME, DeviceState.ABSENT, "The document camera is not open")
        return DeviceStatus(DEVICE_NAME, DeviceState.ABSENT, self._detail(), ABSENT_FIX)

    # -- inside -----------------------------------------------------------------

    def _grab(self, capture: Capture) -> Any:
        try:
            ok, image = capture.read()
        except cv2.error as exc:
            # A driver error on read looks like an unplug to the citizen: count it as a miss.
            log.warning("camera read failed", extra=fields(device=self._source(), error=str(exc)))
            return None
        return image if ok and image is not None else None

    def _missed(self) -> None:
        self._misses += 1
        if self._misses < self._misses_before_absent:
            return
        log.warning(
            "camera lost", extra=fields(device=self._source(), count=self._misses, state="absent")
        )
        self._problem = f"no picture from {self._source()} {self._misses} times in a row"
        self._release()
        self._attempts = 0
        self._schedule_retry()
        raise self._absent_error()

    def _reopen(self) -> bool:
        self._attempts += 1
        try:
            capture = self._opener(self._settings.device)
            opened = capture.isOpened()
        except cv2.error as exc:
            log.warning("camera open failed", extra=fields(device=self._source(), error=str(exc)))
            opened = False
        if not opened:
            self._problem = f"{self._source()} could not be opened"
            self._schedule_retry()
            return False
        self._capture = capture
        self._misses = 0
        self._problem = ""
        self.applied = self._apply(capture)
        wanted, took = self._settings, self.applied
        if (took.width, took.height) != (wanted.width, wanted.height):
            # Pages come out softer than planned: the technician should pick another camera mode.
            log.warning(
                "camera resolution differs",
                extra=fields(
                    device=self._source(),
                    reason=f"asked {wanted.width}x{wanted.height}, got {took.width}x{took.height}",
                ),
            )
        log.info(
            "camera opened",
            extra=fields(device=self._source(), attempt=self._attempts, state="ready"),
        )
        self._attempts = 0
        return True

    def _apply(self, capture: Capture) -> CameraSettings:
        """Ask for each setting (the camera may refuse any) and read back what it took."""
        wanted = self._settings
        # FOURCC first: many UVC cameras offer high resolutions only in MJPG.
        self._ask(capture, cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*wanted.fourcc))
        self._ask(capture, cv2.CAP_PROP_FRAME_WIDTH, wanted.width)
        self._ask(capture, cv2.CAP_PROP_FRAME_HEIGHT, wanted.height)
        self._ask(capture, cv2.CAP_PROP_FPS, wanted.fps)
        self._ask(capture, cv2.CAP_PROP_AUTOFOCUS, 1.0 if wanted.autofocus else 0.0)
        if not wanted.autofocus and wanted.focus is not None:
            self._ask(capture, cv2.CAP_PROP_FOCUS, wanted.focus)
        auto = _V4L2_EXPOSURE_AUTO if wanted.exposure is None else _V4L2_EXPOSURE_MANUAL
        self._ask(capture, cv2.CAP_PROP_AUTO_EXPOSURE, auto)
        if wanted.exposure is not None:
            self._ask(capture, cv2.CAP_PROP_EXPOSURE, wanted.exposure)
        self._ask(capture, cv2.CAP_PROP_AUTO_WB, 1.0 if wanted.white_balance is None else 0.0)
        if wanted.white_balance is not None:
            self._ask(capture, cv2.CAP_PROP_WB_TEMPERATURE, wanted.white_balance)
        return self._read_back(capture)

    # -- exposure control (drivers.camera.port.ExposureControl) -------------------

    def exposure(self) -> float | None:
        """The manual exposure in force (100 µs units), ``None`` while automatic or closed."""
        applied = self.applied
        return None if self._capture is None or applied is None else applied.exposure

    def automatic_exposure(self) -> float:
        """What the camera reports in automatic mode (many UVC cameras keep it current)."""
        capture = self._capture
        if capture is None:
            return DEFAULT_EXPOSURE
        try:
            value = float(capture.get(cv2.CAP_PROP_EXPOSURE))
        except cv2.error:
            value = 0.0
        return value if value > 0 else DEFAULT_EXPOSURE

    def set_exposure(self, value: float | None) -> bool:
        """Manual exposure at ``value`` (the mode first, V4L2 ignores it otherwise), or auto."""
        capture = self._capture
        if capture is None or self.applied is None:
            return False
        mode = _V4L2_EXPOSURE_AUTO if value is None else _V4L2_EXPOSURE_MANUAL
        accepted = self._set(capture, cv2.CAP_PROP_AUTO_EXPOSURE, mode)
        if value is not None:
            accepted = self._set(capture, cv2.CAP_PROP_EXPOSURE, value) and accepted
        if accepted:
            self.applied = replace(self.applied, exposure=value)
        log.info(
            "camera exposure",
            extra=fields(device=self._source(), reason="auto" if value is None else f"{value:.0f}"),
        )
        return accepted

    def _ask(self, capture: Capture, prop: int, value: float) -> None:
        self._set(capture, prop, value)

    def _set(self, capture: Capture, prop: int, value: float) -> bool:
        try:
            accepted = bool(capture.set(prop, float(value)))
        except cv2.error:
            accepted = False
        if not accepted:
            log.debug("camera refused a setting", extra=fields(device=self._source(), code=prop))
        return accepted

    def _read_back(self, capture: Capture) -> CameraSettings:
        def get(prop: int) -> float:
            try:
                return float(capture.get(prop))
            except cv2.error:
                return 0.0

        wanted = self._settings
        exposure_auto = get(cv2.CAP_PROP_AUTO_EXPOSURE) != _V4L2_EXPOSURE_MANUAL
        return replace(
            wanted,
            width=int(get(cv2.CAP_PROP_FRAME_WIDTH)) or wanted.width,
            height=int(get(cv2.CAP_PROP_FRAME_HEIGHT)) or wanted.height,
            fourcc=fourcc_text(get(cv2.CAP_PROP_FOURCC)) or wanted.fourcc,
            fps=get(cv2.CAP_PROP_FPS) or wanted.fps,
            autofocus=bool(get(cv2.CAP_PROP_AUTOFOCUS)),
            focus=None if wanted.focus is None else get(cv2.CAP_PROP_FOCUS),
            exposure=None if exposure_auto else get(cv2.CAP_PROP_EXPOSURE),
            white_balance=None
            if wanted.white_balance is None
            else get(cv2.CAP_PROP_WB_TEMPERATURE) or wanted.white_balance,
        )

    def _schedule_retry(self) -> None:
        self._retry_at = self._clock() + self._backoff.delay(self._attempts)

    def _release(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            try:
                capture.release()
            except cv2.error:
                log.debug("camera release failed", extra=fields(device=self._source()))

    def _source(self) -> str:
        device = self._settings.device
        return f"/dev/video{device}" if isinstance(device, int) else device

    def _detail(self) -> str:
        return f"{ABSENT_DETAIL} ({self._problem})" if self._problem else ABSENT_DETAIL

    def _absent_error(self) -> DeviceAbsent:
        # The citizen-facing words stay plain; status() carries the technical detail.
        return DeviceAbsent(ABSENT_DETAIL, ABSENT_FIX)
