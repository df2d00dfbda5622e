"""The service screen's camera preview: frames on a thread of their own, a few a second.

The technician checks framing and focus; nothing is decoded, kept or sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from drivers.camera.port import Camera, Frame
from kiosk.errors import KioskError
from kiosk.logs import fields

log = logging.getLogger(__name__)

PREVIEW_FPS = 5
JOIN_TIMEOUT_S = 2.0


class CameraPeek:
    """Reads ``camera`` until :meth:`stop`; hands ``on_frame`` at most :data:`PREVIEW_FPS`."""

    def __init__(
        self,
        camera: Camera,
        on_frame: Callable[[Frame], None],
        on_problem: Callable[[KioskError], None],
    ) -> None:
        self._camera = camera
        self._on_frame = on_frame
        self._on_problem = on_problem
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="service-camera", daemon=True)

    def start(self) -> CameraPeek:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Stop and release the camera; safe twice and from any thread."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(JOIN_TIMEOUT_S)

    def _run(self) -> None:
        try:
            self._camera.start()
        except KioskError as problem:
            log.warning("service camera: no start", extra=fields(error=type(problem).__name__))
            self._on_problem(problem)
            return
        last = -1.0
        try:
            while not self._stop.is_set():
                frame = self._camera.read()
                if frame is None:
                    return
                if frame.timestamp - last >= 1 / PREVIEW_FPS:
                    last = frame.timestamp
                    self._on_frame(frame)
                else:
                    self._stop.wait(0.02)  # a simulated camera would otherwise spin
        except KioskError as problem:
            log.warning("service camera: read failed", extra=fields(error=type(problem).__name__))
            self._on_problem(problem)
        finally:
            self._camera.stop()
