"""Looking for the card's QR in the document camera's stream, on a thread of its own.

The identity step runs one :class:`CardQrScan` while it waits: frames are
read and decoded until a card QR appears, the scan is stopped, or the camera
fails. Each frame is handed to ``on_frame`` (the screen shows it small so the
citizen can aim the card); the QR text goes to ``on_found`` once. Both are
called on the scan's thread: the UI bridges them. The camera is started and
stopped here, so it is free again for the paper steps.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from drivers.camera.port import Camera, Frame
from drivers.camera.qr import read_qr
from kiosk.errors import KioskError
from kiosk.logs import fields

log = logging.getLogger(__name__)

# Decode budget per frame: a hard frame is skipped rather than stalling the preview.
DECODE_BUDGET_S = 0.08
RETRY_AFTER_S = 1.0
JOIN_TIMEOUT_S = 5.0


class CardQrScan:
    """Reads frames until a card QR is found or :meth:`stop` is called."""

    def __init__(
        self,
        camera: Camera,
        on_found: Callable[[str], None],
        on_frame: Callable[[Frame], None] | None = None,
        on_problem: Callable[[KioskError], None] | None = None,
    ) -> None:
        self._camera = camera
        self._on_found = on_found
        self._on_frame = on_frame
        self._on_problem = on_problem
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="card-qr-scan", daemon=True)

    def start(self) -> CardQrScan:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Stop looking and release the camera; safe to call twice or from any thread."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(JOIN_TIMEOUT_S)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._scan()
                return
            except KioskError as problem:
                log.warning(
                    "card qr scan: camera problem", extra=fields(error=type(problem).__name__)
                )
                if self._on_problem is not None:
                    self._on_problem(problem)
                self._stop.wait(RETRY_AFTER_S)

    def _scan(self) -> None:
        self._camera.start()
        try:
            while not self._stop.is_set():
                frame = self._camera.read()
                if frame is None:
                    return
                if self._on_frame is not None:
                    self._on_frame(frame)
                reading = read_qr(frame.image, budget_s=DECODE_BUDGET_S)
                if reading is not None:
                    self._stop.set()
                    self._on_found(reading.text)
        finally:
            self._camera.stop()
