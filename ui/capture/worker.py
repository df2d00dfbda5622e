"""The capture loop's thread, and what it hands the GUI thread.

The thread runs :meth:`kiosk.capture.CaptureSession.run`; each tick worth
showing becomes an :class:`Update` whose pictures are already small
``QImage`` copies, and is emitted through a :class:`Bridge` that lives on the
GUI thread (a queued signal). A preview is dropped while the previous one
has not been painted yet, so a slow GUI never builds a queue of old frames.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from drivers.camera.verdict import Verdict
from kiosk.capture import CaptureSession, CaptureStatus, Notice, Tick
from kiosk.dossier import PaperRef
from kiosk.logs import fields
from ui.capture.preview import Outline, outline_of, to_qimage

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 960
THUMB_HEIGHT = 160
JOIN_TIMEOUT_S = 5.0


@dataclass(frozen=True, eq=False)
class Update:
    """One tick, made ready for the GUI thread."""

    status: CaptureStatus
    preview: QImage | None = None
    outline: Outline | None = None
    verdict: Verdict | None = None
    thumb: QImage | None = None
    page_index: int | None = None
    notice: Notice | None = None
    paper: PaperRef | None = None


class Bridge(QObject):
    """Carries updates from the worker thread to the GUI thread (create it on the GUI thread)."""

    posted = Signal(object)


class CaptureWorker:
    """Runs one session's loop on its own thread; :meth:`stop` ends and joins it."""

    def __init__(self, session: CaptureSession, bridge: Bridge) -> None:
        self.session = session
        self._bridge = bridge
        self._painting = threading.Event()  # a preview is on its way to the screen
        self._shown_status: CaptureStatus | None = None
        self._thread = threading.Thread(target=self._run, name="capture-loop", daemon=True)

    @property
    def alive(self) -> bool:
        """The loop's thread is running."""
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def painted(self) -> None:
        """The GUI showed the last preview: the next one may be sent."""
        self._painting.clear()

    def stop(self) -> None:
        """End the loop (it stops the camera) and wait for the thread; safe to call twice."""
        self.session.stop()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(JOIN_TIMEOUT_S)
            if self._thread.is_alive():
                log.warning("capture loop did not stop", extra=fields(device="camera"))

    def _run(self) -> None:
        try:
            self.session.run(self._post)
        except Exception as error:  # a bug must not kill the kiosk silently; log its type
            log.exception("capture loop failed", extra=fields(error=type(error).__name__))

    def _post(self, tick: Tick) -> None:
        news = tick.page is not None or tick.notice is not None or tick.paper is not None
        if not news and tick.status is self._shown_status and tick.frame is None:
            return
        preview = outline = verdict = None
        if tick.frame is not None and tick.assessment is not None:
            if self._painting.is_set() and not news and tick.status is self._shown_status:
                return  # the GUI has not painted the last one yet: skip this frame
            image = tick.frame.image
            preview = to_qimage(image, PREVIEW_WIDTH)
            height, width = image.shape[:2]
            outline = outline_of(tick.assessment.corners, width, height)
            verdict = tick.assessment.verdict
            self._painting.set()
        thumb = to_qimage(tick.page, 0, THUMB_HEIGHT) if tick.page is not None else None
        self._shown_status = tick.status
        update = Update(
            tick.status, preview, outline, verdict, thumb, tick.page_index, tick.notice, tick.paper
        )
        self._bridge.posted.emit(update)
