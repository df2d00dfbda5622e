"""One paper under the document camera, without Qt: the frame loop and what the screen shows.

A :class:`CaptureSession` owns the camera, the :class:`~drivers.camera.pipeline.CaptureTracker`
and the :class:`~drivers.camera.paper.Paper` of one required paper. Its
:meth:`~CaptureSession.run` loop runs on a worker thread: it reads a frame,
judges it, files a captured page, and hands a :class:`Tick` to ``post`` when
there is something to show (a preview at most ``preview_fps`` times a second,
a page, a notice, a changed state). Everything the citizen asks for (take a
picture, retake, delete, try again, done) is a command queued from any thread
and carried out by the loop, so the tracker and the pages are only ever
touched by one thread and nothing needs a lock.

Page files live in ``folder/<paper id>-pages`` while the screen is open; the
PDF is written to ``folder/<paper id>.pdf``. When the loop ends the page files
are deleted (the PDF embeds them; an unfinished paper is dropped with the
session).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from drivers.camera.exposure import ExposureLoop, ExposurePolicy
from drivers.camera.paper import Encoding, PageFile
from drivers.camera.paper import Paper as PaperPages
from drivers.camera.pipeline import Assessment, CapturedPage, CaptureTracker, TrackerConfig
from drivers.camera.port import Camera, ExposureControl, Frame, Image
from kiosk.catalog import Paper
from kiosk.dossier import PaperRef
from kiosk.errors import DeviceAbsent, DeviceError, KioskError
from kiosk.logs import fields

log = logging.getLogger(__name__)


class CaptureState(StrEnum):
    """What the capture screen is doing."""

    STARTING = "starting"
    LIVE = "live"
    CAMERA_MISSING = "camera_missing"
    WRITING = "writing"
    DONE = "done"
    STOPPED = "stopped"


class Notice(StrEnum):
    """A one-off event the screen tells the citizen about."""

    PAGE_ADDED = "page_added"
    PAGE_REPLACED = "page_replaced"
    PAGE_DELETED = "page_deleted"
    NO_PAGE_TO_TAKE = "no_page_to_take"
    PAPER_FULL = "paper_full"
    WRITE_FAILED = "write_failed"


@dataclass(frozen=True)
class CaptureSettings:
    """How the loop paces itself and how pages are captured and encoded."""

    tracker: TrackerConfig = field(default_factory=TrackerConfig)
    encoding: Encoding = field(default_factory=Encoding)
    preview_fps: float = 15.0
    """Most previews per second handed to the screen (every frame is still judged)."""
    idle_s: float = 0.01
    """Wait when the camera has no new frame yet."""
    retry_s: float = 1.0
    """Wait between attempts to reach a missing camera."""
    exposure: ExposurePolicy | None = field(default_factory=ExposurePolicy)
    """How the camera's exposure follows the page (``None``: leave it to the camera)."""


@dataclass(frozen=True)
class CaptureStatus:
    """The state the screen shows besides the picture; a new object on every change."""

    state: CaptureState
    pages: tuple[PageFile, ...]
    pages_min: int
    pages_max: int
    retake: int | None = None
    """Index of the page the next capture replaces, if the citizen asked to retake one."""

    @property
    def count(self) -> int:
        """Pages taken so far."""
        return len(self.pages)

    @property
    def full(self) -> bool:
        """No more pages may be added (a retake is still possible)."""
        return self.count >= self.pages_max

    @property
    def can_finish(self) -> bool:
        """Enough pages, and nothing under way that finishing would cut short."""
        ready = self.state in (CaptureState.LIVE, CaptureState.CAMERA_MISSING)
        return ready and self.pages_min <= self.count <= self.pages_max and self.retake is None


@dataclass(frozen=True, eq=False)
class Tick:
    """What one turn of the loop has for the screen."""

    status: CaptureStatus
    frame: Frame | None = None
    """The frame to preview (only when a preview is due)."""
    assessment: Assessment | None = None
    """The pipeline's verdict on ``frame`` (with it)."""
    page: Image | None = None
    """The rectified page just filed (for its thumbnail)."""
    page_index: int | None = None
    notice: Notice | None = None
    paper: PaperRef | None = None
    """The finished paper (state DONE)."""


@dataclass(frozen=True)
class _Command:
    name: str
    index: int = -1


class CaptureSession:
    """The camera, the tracker and the pages of one paper, driven by one loop."""

    def __init__(
        self,
        camera: Camera,
        paper: Paper,
        folder: Path,
        settings: CaptureSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.camera = camera
        self.requirement = paper
        self.folder = folder
        self.settings = settings or CaptureSettings()
        self.pdf_path = folder / f"{paper.id}.pdf"
        self._clock = clock
        self._tracker = CaptureTracker(self.settings.tracker)
        # A camera that lets us set its exposure has it follow the paper (drivers.camera.exposure).
        policy = self.settings.exposure
        self.exposure = (
            ExposureLoop(camera, policy)
            if policy is not None and isinstance(camera, ExposureControl)
            else None
        )
        self._pages = PaperPages(folder / f"{paper.id}-pages", self.settings.encoding)
        self._commands: queue.SimpleQueue[_Command] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._opened = False
        self._next_retry = 0.0
        self._last_preview = float("-inf")
        self._manual = False
        self._status = CaptureStatus(CaptureState.STARTING, (), paper.pages_min, paper.pages_max)

    # -- commands: any thread ---------------------------------------------------------

    @property
    def status(self) -> CaptureStatus:
        """The latest status (replaced whole, so reading it from any thread is safe)."""
        return self._status

    def take_picture(self) -> None:
        """Capture the page now, good or not (the citizen pressed the button)."""
        self._send(_Command("take"))

    def retake(self, index: int) -> None:
        """The next capture replaces page ``index``."""
        self._send(_Command("retake", index))

    def cancel_retake(self) -> None:
        """Forget a retake request; captures add pages again."""
        self._send(_Command("cancel_retake"))

    def delete(self, index: int) -> None:
        """Drop page ``index``."""
        self._send(_Command("delete", index))

    def retry(self) -> None:
        """Try to reach a missing camera now rather than at the next retry."""
        self._send(_Command("retry"))

    def finish(self) -> None:
        """Write the PDF; the loop then hands over the paper and ends."""
        self._send(_Command("finish"))

    def stop(self) -> None:
        """Ask the loop to end (it stops the camera and deletes the page files)."""
        self._stopping.set()
        self._wake.set()

    def _send(self, command: _Command) -> None:
        self._commands.put(command)
        self._wake.set()

    # -- the loop: one worker thread ----------------------------------------------------

    def run(self, post: Callable[[Tick], None]) -> None:
        """Loop until stopped or done, giving ``post`` every tick worth showing."""
        try:
            while not self._stopping.is_set():
                tick = self.step()
                if tick is not None:
                    post(tick)
                if self._status.state is CaptureState.DONE:
                    break
                self._pause()
        finally:
            self.close()
            post(Tick(self._status))

    def step(self) -> Tick | None:
        """One turn: carry out queued commands, then read and judge one frame."""
        self._wake.clear()
        before = self._status
        while True:  # commands first; after one with news the rest wait a turn
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                break
            news = self._do(command)
            if news is not None:
                return news
        if self._status.state in (CaptureState.DONE, CaptureState.STOPPED):
            return None
        tick = self._camera_tick()
        if tick is None and self._status is not before:
            return Tick(self._status)
        return tick

    def close(self) -> None:
        """Stop the camera and delete the page files; safe to call twice."""
        if self._status.state is CaptureState.STOPPED:
            return
        try:
            self.camera.stop()
        except KioskError as error:
            log.warning("camera stop failed", extra=fields(error=type(error).__name__))
        self._drop_pages()
        self._set(state=CaptureState.STOPPED)

    def _pause(self) -> None:
        state = self._status.state
        if state is CaptureState.CAMERA_MISSING:
            wait = max(0.0, self._next_retry - self._clock())
        elif state is CaptureState.LIVE:
            return  # a real camera's read() waits for the next frame itself
        else:
            wait = self.settings.idle_s
        self._wake.wait(wait)

    def _do(self, command: _Command) -> Tick | None:
        status = self._status
        if command.name == "take" and status.state is CaptureState.LIVE:
            self._manual = True
        elif command.name == "retake" and 0 <= command.index < status.count:
            # Re-arm the tracker: the page to retake may still lie on the desk.
            self._tracker.reset()
            self._set(retake=command.index)
        elif command.name == "cancel_retake":
            self._set(retake=None)
        elif command.name == "delete" and 0 <= command.index < status.count:
            self._pages.delete(command.index)
            retake = status.retake
            if retake is not None and retake >= command.index:
                retake = None if retake == command.index else retake - 1
            self._set(pages=self._pages.pages, retake=retake)
            return Tick(self._status, page_index=command.index, notice=Notice.PAGE_DELETED)
        elif command.name == "retry":
            self._next_retry = 0.0
        elif command.name == "finish" and status.can_finish:
            return self._write()
        return None

    def _write(self) -> Tick:
        self._set(state=CaptureState.WRITING)
        try:
            written = self._pages.write_pdf(self.pdf_path)
        except (KioskError, OSError) as error:
            log.warning("writing the paper failed", extra=fields(error=type(error).__name__))
            self._set(state=CaptureState.LIVE)
            return Tick(self._status, notice=Notice.WRITE_FAILED)
        reference = written.to_ref(self.requirement.id, self.requirement.name.vi)
        self._set(state=CaptureState.DONE)
        log.info("paper done", extra=fields(step="capture", count=written.pages))
        return Tick(self._status, paper=reference)

    def _camera_tick(self) -> Tick | None:
        frame = self._read()
        if frame is None:
            return None
        assessment = self._tracker.feed(frame)
        if self.exposure is not None:
            self.exposure.feed(assessment)
        captured = assessment.captured
        notice: Notice | None = None
        if self._manual:
            self._manual = False
            captured = captured or self._tracker.capture()
            if captured is None:
                notice = Notice.NO_PAGE_TO_TAKE
        tick = Tick(self._status, notice=notice)
        if captured is not None:
            tick = self._file(captured)
        now = self._clock()
        if now - self._last_preview >= 1.0 / self.settings.preview_fps:
            self._last_preview = now
            return replace(tick, frame=frame, assessment=assessment)
        return tick if tick.notice is not None else None

    def _read(self) -> Frame | None:
        state = self._status.state
        if state is CaptureState.CAMERA_MISSING and self._clock() < self._next_retry:
            return None
        try:
            if not self._opened:
                self.camera.start()
                self._opened = True
            frame = self.camera.read()
        except DeviceError as error:
            # start() marks the camera started even when it is absent: reads reconnect.
            self._opened = self._opened or isinstance(error, DeviceAbsent)
            if state is not CaptureState.CAMERA_MISSING:
                log.warning("document camera lost", extra=fields(error=type(error).__name__))
            self._next_retry = self._clock() + self.settings.retry_s
            self._set(state=CaptureState.CAMERA_MISSING)
            return None
        if state is not CaptureState.LIVE:
            if state is CaptureState.CAMERA_MISSING:
                log.info("document camera back", extra=fields(device="camera"))
            self._set(state=CaptureState.LIVE)
        if frame is None:
            self._wake.wait(self.settings.idle_s)
        return frame

    def _file(self, captured: CapturedPage) -> Tick:
        status = self._status
        if status.retake is not None:
            index = status.retake
            self._pages.retake(index, captured.image)
            self._set(pages=self._pages.pages, retake=None)
            return Tick(
                self._status, page=captured.image, page_index=index, notice=Notice.PAGE_REPLACED
            )
        if status.full:
            return Tick(self._status, notice=Notice.PAPER_FULL)
        self._pages.add(captured.image)
        self._set(pages=self._pages.pages)
        index = self._status.count - 1
        return Tick(self._status, page=captured.image, page_index=index, notice=Notice.PAGE_ADDED)

    def _drop_pages(self) -> None:
        for index in reversed(range(len(self._pages))):
            self._pages.delete(index)
        # Not empty (someone else's file) or already gone: leave it.
        with contextlib.suppress(OSError):
            self._pages.folder.rmdir()

    def _set(self, **changes: Any) -> None:
        self._status = replace(self._status, **changes)
