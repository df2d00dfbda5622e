"""Looking for the card's QR in the document camera's stream, on a thread of its own.

The identity step runs one :class:`CardQrScan` while it waits: frames are
read and decoded until a card QR appears, the scan is stopped, or the camera
fails. Each frame is handed to ``on_frame`` (the screen shows it small so the
citizen can aim the card); the QR text goes to ``on_found`` once. Both are
called on the scan's thread: the UI bridges them. The camera is started and
stopped here, so it is free again for the paper steps.

While it waits the scan must not burn a core (the lobby kiosk has two): a frame
without a QR costs the whole cascade, up to ``DECODE_BUDGET_S``. A
:class:`CpuBudget` spaces the decodes so their CPU time stays within
``CPU_SHARE`` of one core: after a decode that took ``d`` seconds of CPU the next
one waits until the camera's clock has moved ``d / CPU_SHARE`` on. Frames in
between are still shown. The camera's clock, not the wall's, so a simulated
camera that hands frames out as fast as asked is spaced the same way.

A decode cut short by the budget is taken up at the next decoded frame where it
stopped (a :class:`~drivers.camera.qr.QrCursor`), after that frame's quick
whole-frame attempt: a card held still for a second or two gets every variant of
the cascade (rectified, de-smeared) without any one frame costing more.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.camera.port import Camera, Frame
from drivers.camera.qr import QrCursor, read_qr
from kiosk.errors import KioskError
from kiosk.logs import fields

log = logging.getLogger(__name__)

# Decode budget per frame: a hard frame is skipped rather than stalling the preview.
DECODE_BUDGET_S = 0.08
CPU_SHARE = 0.25
"""Most of one core the QR search may use while it waits (measured in bench_qr.py)."""
RETRY_AFTER_S = 1.0
JOIN_TIMEOUT_S = 5.0


@dataclass
class CpuBudget:
    """Spaces decodes so their CPU time is at most ``share`` of the time that passes."""

    share: float = CPU_SHARE
    decodes: int = 0
    skipped: int = 0
    cpu_s: float = 0.0
    """CPU seconds spent decoding so far (this thread's)."""
    _next: float = float("-inf")

    def due(self, at: float) -> bool:
        """Whether the frame taken at ``at`` (camera clock, seconds) should be decoded."""
        if at >= self._next:
            return True
        self.skipped += 1
        return False

    def spent(self, at: float, cpu_s: float) -> None:
        """A decode of the frame taken at ``at`` used ``cpu_s`` CPU seconds."""
        self.decodes += 1
        self.cpu_s += cpu_s
        self._next = at + cpu_s / self.share


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
        self.budget = CpuBudget()
        self._cursor = QrCursor()
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
                if not self.budget.due(frame.timestamp):
                    continue
                started = time.thread_time()
                reading = read_qr(frame.image, budget_s=DECODE_BUDGET_S, cursor=self._cursor)
                self.budget.spent(frame.timestamp, time.thread_time() - started)
                if reading is not None:
                    self._stop.set()
                    self._on_found(reading.text)
        finally:
            self._camera.stop()
