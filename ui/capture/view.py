"""The capture screen: one required paper under the document camera, page by page.

The camera is read and every frame judged on a worker thread
(:class:`~ui.capture.worker.CaptureWorker` running
:class:`~kiosk.capture.CaptureSession`); this widget only paints what it is
sent: the live picture with the page outline, the verdict in words, the pages
taken so far (delete, retake), and what to do when the camera is gone. Done
writes the PDF on the worker thread and hands the :class:`PaperRef` to
``on_done``.

``stop()`` (also run by ``closeEvent`` and when the widget is destroyed) ends
the worker, stops the camera, deletes the page files and clears the picture.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from drivers.camera.port import Camera
from drivers.camera.verdict import Verdict
from kiosk.capture import CaptureSession, CaptureSettings, CaptureState, CaptureStatus, Notice
from kiosk.catalog import Paper
from kiosk.config import Language
from kiosk.dossier import PaperRef
from kiosk.logs import fields
from ui.capture.preview import PreviewWidget
from ui.capture.worker import THUMB_HEIGHT, Bridge, CaptureWorker, Update
from ui.screens.base import button, button_row, label
from ui.theme import MIN_TOUCH_PX

log = logging.getLogger(__name__)

STRIP_MARGIN_PX = 12
GOOD_STYLE = "background: #1f8a3a; color: #ffffff; padding: 12px; border-radius: 12px;"
OTHER_STYLE = "background: #fff4d6; color: #1a1a1a; padding: 12px; border-radius: 12px;"


def _on_page(command: Callable[[int], None], index: int) -> Callable[[], None]:
    """A tap handler for one page's button (``clicked`` must not pass its flag as the index)."""
    return lambda: command(index)


class PageThumb(QFrame):
    """One page taken: its picture, its number, Retake and Delete."""

    def __init__(self, index: int, picture: QImage | None) -> None:
        super().__init__()
        self.index = index
        self.picture = QLabel()
        self.picture.setFixedHeight(THUMB_HEIGHT)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if picture is not None:
            self.picture.setPixmap(QPixmap.fromImage(picture))
        self.number = label("status")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.retake_button = button()
        self.delete_button = button()
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.picture)
        column.addWidget(self.number)
        # Side by side: the strip must leave the screen's own buttons room below it.
        actions = button_row()
        actions.addWidget(self.retake_button)
        actions.addWidget(self.delete_button)
        column.addLayout(actions)
        column.addStretch(1)


class CaptureView(QWidget):
    """Captures one paper with the document camera and hands over its PDF.

    ``camera`` is not started yet (the view starts and stops it); ``folder``
    receives ``<paper id>.pdf``; ``on_skip`` is offered only for an optional
    paper; ``progress`` is (this paper's number, papers in all), from 1.
    """

    def __init__(
        self,
        camera: Camera,
        paper: Paper,
        language: Language,
        folder: Path,
        *,
        on_done: Callable[[PaperRef], None],
        on_skip: Callable[[], None] | None,
        on_back: Callable[[], None],
        on_cancel: Callable[[], None],
        progress: tuple[int, int] | None = None,
        settings: CaptureSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paper = paper
        self.language: Language = language
        self.progress = progress
        self._on_done, self._on_skip = on_done, on_skip
        self._on_back, self._on_cancel = on_back, on_cancel
        self.session = CaptureSession(camera, paper, folder, settings)
        self.status: CaptureStatus = self.session.status
        self.verdict: Verdict | None = None
        self.notice: Notice | None = None
        self.thumbs: dict[str, QImage] = {}  # by page file name
        self._handed_over = False
        self._build()
        self._bridge = Bridge()
        self._bridge.posted.connect(self._on_update)
        self.worker = CaptureWorker(self.session, self._bridge)
        # Destroyed without close() (deleteLater, the host dropping it): still stop the
        # thread. The slot holds the worker, not this widget, which is gone by then.
        self.destroyed.connect(self.worker.stop)
        self.retranslate()
        self._show_status()
        self.worker.start()
        log.info("capture screen", extra=fields(screen="capture", count=paper.pages_min))

    # -- what the host calls -------------------------------------------------------------

    def stop(self) -> None:
        """End the worker thread, stop the camera, delete unfinished pages, clear the picture."""
        self.worker.stop()
        if shiboken6.isValid(self):
            self.preview.clear()
            self.thumbs.clear()

    def retranslate(self) -> None:
        """Set every text in the current language (``self.language`` for catalog data)."""
        self.title.setText(self.paper.name.get(self.language))
        if self.progress is not None:
            self.progress_line.setText(
                self.tr("Paper %1 of %2")
                .replace("%1", str(self.progress[0]))
                .replace("%2", str(self.progress[1]))
            )
        self.progress_line.setVisible(self.progress is not None)
        note = self.paper.note.get(self.language) if self.paper.note else ""
        self.instruction.setText(
            " ".join(
                part
                for part in (
                    self._form_text() + ".",
                    note,
                    self.tr(
                        "Lay it under the camera, one page at a time. The picture is taken "
                        "by itself when the page is still and clear."
                    ),
                )
                if part
            )
        )
        self.take_button.setText(self.tr("Take picture"))
        self.retry_button.setText(self.tr("Try again"))
        self.cancel_retake_button.setText(self.tr("Keep the page as it was"))
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.skip_button.setText(self.tr("I do not have this paper"))
        self.done_button.setText(self.tr("Done with this paper"))
        self.missing.setText(
            self.tr(
                "The camera is not working. Your pages so far are kept. Please ask staff "
                "for help, or tap Try again."
            )
        )
        self._show_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.progress_line = label("status")
        self.title = label("title")
        self.instruction = label("body")
        self.preview = PreviewWidget()
        self.verdict_line = label("subtitle")
        self.verdict_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing = label("step")
        self.retry_button = button("", self.session.retry)
        self.take_button = button("", self.session.take_picture)
        self.take_button.setMinimumHeight(MIN_TOUCH_PX + 8)
        self.notice_line = label("body")
        self.counter = label("body")
        self.retake_line = label("body")
        self.cancel_retake_button = button("", self.session.cancel_retake)
        self.strip_area = QScrollArea()
        self.strip_area.setWidgetResizable(True)
        self.strip_area.setFrameShape(QFrame.Shape.NoFrame)
        self.strip_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(
            self.strip_area.viewport(), QScroller.ScrollerGestureType.TouchGesture
        )
        strip = QWidget()
        self.strip = QHBoxLayout(strip)
        self.strip.setSpacing(16)
        self.strip.addStretch(1)
        self.strip_area.setWidget(strip)
        self.strip_area.setFixedHeight(THUMB_HEIGHT + MIN_TOUCH_PX + 90)  # until pages come
        self.page_thumbs: list[PageThumb] = []
        self.error = label("error")
        self.back_button = button("", self._back)
        self.cancel_button = button("", self._cancel)
        self.skip_button = button("", self._skip)
        self.skip_button.setVisible(self._on_skip is not None and not self.paper.required)
        self.done_button = button("primary", self.session.finish)
        self._layout()

    def _layout(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)  # the host's margins frame every step alike
        column.setSpacing(8)  # tight: with larger text every line of it must still fit
        for widget in (self.progress_line, self.title, self.instruction):
            column.addWidget(widget)
        column.addWidget(self.preview, 1)
        # Shown instead of the picture, in its place, while the camera is gone.
        self.missing_panel = QWidget()
        panel = QVBoxLayout(self.missing_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.addWidget(self.missing)
        panel.addWidget(self.retry_button)
        panel.addStretch(1)
        column.addWidget(self.missing_panel, 1)
        column.addWidget(self.verdict_line)
        column.addWidget(self.take_button)
        column.addWidget(self.notice_line)
        column.addWidget(self.counter)
        retake = button_row()
        retake.addWidget(self.retake_line, 1)
        retake.addWidget(self.cancel_retake_button)
        column.addLayout(retake)
        column.addWidget(self.strip_area)
        column.addWidget(self.error)
        row = button_row()
        row.addWidget(self.back_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.skip_button)
        row.addWidget(self.done_button)
        column.addLayout(row)

    def _form_text(self) -> str:
        """What kind of paper is asked for (each string literal, so lupdate finds it)."""
        return {
            "original": self.tr("Original"),
            "copy": self.tr("Copy"),
            "certified_copy": self.tr("Certified copy"),
            "original_or_certified_copy": self.tr("Original or certified copy"),
            "original_to_present": self.tr("Original, to show (it is given back)"),
        }[self.paper.form]

    # -- updates from the worker -----------------------------------------------------------

    def _on_update(self, update: Update) -> None:
        if not shiboken6.isValid(self) or self._handed_over:
            return
        if update.preview is not None:
            self.verdict = update.verdict
            self.preview.show_frame(update.preview, update.outline, update.verdict is Verdict.OK)
            self.worker.painted()
        if update.thumb is not None and update.page_index is not None:
            page = update.status.pages[update.page_index]
            self.thumbs[page.path.name] = update.thumb
        if update.notice is not None:
            self.notice = update.notice
        pages_changed = update.status.pages != self.status.pages
        self.status = update.status
        if pages_changed:
            self._rebuild_strip()
        self._show_status()
        if update.paper is not None:
            self._finished(update.paper)

    def _finished(self, paper: PaperRef) -> None:
        self._handed_over = True
        self.stop()
        self._on_done(paper)

    # -- what is shown -----------------------------------------------------------------------

    def _show_status(self) -> None:
        status = self.status
        missing = status.state is CaptureState.CAMERA_MISSING
        writing = status.state is CaptureState.WRITING
        working = status.state in (CaptureState.STARTING, CaptureState.LIVE)
        self.preview.setVisible(not missing)
        self.missing_panel.setVisible(missing)
        self.verdict_line.setVisible(not missing)
        self.take_button.setVisible(not missing)
        self.take_button.setEnabled(working and (not status.full or status.retake is not None))
        self.done_button.setEnabled(status.can_finish)
        self.retake_line.setVisible(status.retake is not None)
        self.cancel_retake_button.setVisible(status.retake is not None)
        self.error.setVisible(self.notice is Notice.WRITE_FAILED)
        for thumb in self.page_thumbs:
            thumb.retake_button.setEnabled(not writing and status.retake != thumb.index)
            thumb.delete_button.setEnabled(not writing)
        self._show_texts()

    def _show_texts(self) -> None:
        status = self.status
        if status.pages_min == status.pages_max:
            counter = self.tr("Pages taken: %1 of %2").replace("%2", str(status.pages_max))
        else:
            counter = (
                self.tr("Pages taken: %1 (%2 to %3 pages)")
                .replace("%2", str(status.pages_min))
                .replace("%3", str(status.pages_max))
            )
        self.counter.setText(counter.replace("%1", str(status.count)))
        if status.retake is not None:
            self.retake_line.setText(
                self.tr(
                    "Put page %1 under the camera again: the next picture replaces it."
                ).replace("%1", str(status.retake + 1))
            )
        self.verdict_line.setText(self._verdict_text())
        good = self.verdict is Verdict.OK and status.state is CaptureState.LIVE
        self.verdict_line.setStyleSheet(GOOD_STYLE if good else OTHER_STYLE)
        self.notice_line.setText(self._notice_text())
        missing = status.state is CaptureState.CAMERA_MISSING
        self.notice_line.setVisible(bool(self.notice_line.text()) and not missing)
        self.error.setText(
            self.tr("The paper could not be saved. Tap Done again, or ask staff for help.")
        )
        for thumb in self.page_thumbs:
            thumb.number.setText(self.tr("Page %1").replace("%1", str(thumb.index + 1)))
            thumb.retake_button.setText(self.tr("Retake"))
            thumb.delete_button.setText(self.tr("Delete"))

    def _verdict_text(self) -> str:
        state = self.status.state
        if state is CaptureState.STARTING:
            return self.tr("Starting the camera…")
        if state is CaptureState.WRITING:
            return self.tr("Saving your paper…")
        if self.verdict is None:
            return self.tr("Put the page under the camera.")
        texts = {
            Verdict.NO_PAGE: self.tr("Put the page under the camera."),
            Verdict.MOVING: self.tr("Hold the page still."),
            Verdict.BLURRY: self.tr("Hold still: the page is not sharp yet."),
            Verdict.TOO_DARK: self.tr("The page is too dark. Please ask staff to check the light."),
            Verdict.TOO_BRIGHT: self.tr("The page is too bright: move it out of the direct light."),
            Verdict.GLARE: self.tr("Light is reflecting on the page: tilt it a little."),
            Verdict.OK: self.tr("The page is good."),
        }
        return texts[self.verdict]

    def _notice_text(self) -> str:
        status = self.status
        notice = self.notice
        if notice in (Notice.PAGE_ADDED, Notice.PAGE_REPLACED):
            if status.full:
                return self.tr(
                    "All pages are taken. Check them below, then tap Done with this paper."
                )
            if status.count >= status.pages_min:
                return self.tr(
                    "Page taken. Put the next page, or tap Done with this paper if there is "
                    "no other page."
                )
            return self.tr("Page taken. Put the next page under the camera.")
        texts = {
            Notice.NO_PAGE_TO_TAKE: self.tr(
                "No page was found. Put the page under the camera and try again."
            ),
            Notice.PAPER_FULL: self.tr(
                "All pages are taken. Delete or retake a page to change it."
            ),
            Notice.PAGE_DELETED: self.tr("The page was deleted."),
        }
        return texts.get(notice, "") if notice is not None else ""

    def _rebuild_strip(self) -> None:
        for thumb in self.page_thumbs:
            self.strip.removeWidget(thumb)
            thumb.deleteLater()
        names = {page.path.name for page in self.status.pages}
        for name in list(self.thumbs):
            if name not in names:
                del self.thumbs[name]
        self.page_thumbs = []
        for index, page in enumerate(self.status.pages):
            thumb = PageThumb(index, self.thumbs.get(page.path.name))
            thumb.retake_button.clicked.connect(_on_page(self.session.retake, index))
            thumb.delete_button.clicked.connect(_on_page(self.session.delete, index))
            self.strip.insertWidget(index, thumb)
            self.page_thumbs.append(thumb)
        if self.page_thumbs:
            # As tall as a page's buttons are under the current text size (larger text).
            self.page_thumbs[0].ensurePolished()
            needed = max(thumb.sizeHint().height() for thumb in self.page_thumbs)
            self.strip_area.setFixedHeight(needed + STRIP_MARGIN_PX)

    # -- leaving -----------------------------------------------------------------------------

    def _back(self) -> None:
        self.stop()
        self._on_back()

    def _cancel(self) -> None:
        self.stop()
        self._on_cancel()

    def _skip(self) -> None:
        if self._on_skip is not None:
            self.stop()
            self._on_skip()
