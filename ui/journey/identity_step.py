"""The identity step of the journey: the card's QR under the camera, then the chip.

The citizen shows the side of the card with the QR code to the document camera
(the front of a 2021 chip CCCD, the back of a 2024 Căn cước card: an animated
drawing of both, with the camera and the reader, shows which); the QR gives the
keys to the chip, and the chip is read as soon as the card is on the reader.
Without a QR (a worn card, a citizen in a hurry) the step asks for the 6
digits of the CAN after ``qr_wait_s`` — or at once, when the citizen taps the
secondary "No QR code?" button. The chip read, its verdict and the recovery
from each problem are :class:`~ui.identity.IdentityScreen`'s; this view adds
the camera.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from drivers.camera.port import Camera, Frame
from kiosk.card_identity import CardIdentity
from kiosk.card_qr_scan import CardQrScan
from kiosk.dossier import Identity
from kiosk.intake import FieldError
from kiosk.logs import fields
from ui.capture.preview import to_qimage
from ui.handoff import GuiCallback
from ui.identity import IdentityScreen, IdentityState
from ui.identity.card_models import CardModelsPicture
from ui.screens.base import Screen, ScreenContext, button, button_row, label

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 420
PREVIEW_FPS = 8


class QrFirstIdentityScreen(IdentityScreen):
    """The chip screen, asking first for the card's QR under the camera.

    Typing the number instead is the way out, not the way in: its button is a
    secondary one, so the waiting screen has no bright button to tap by mistake.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_button.setObjectName("")
        self.read_button.style().unpolish(self.read_button)
        self.read_button.style().polish(self.read_button)

    def waiting_texts(self) -> tuple[str, str]:
        return (
            self.tr("Show your card to the camera"),
            self.tr(
                "1. Hold the side of your card with the QR code under the camera: the front "
                "of a citizen identity card (2021), the back of an identity card (2024).\n"
                "2. Then lay the card flat on the reader. The kiosk reads it by itself."
            ),
        )

    def read_button_text(self) -> str:
        return self.tr("No QR code? Type the card number")


class IdentityStep(Screen):
    """The camera looking for the card's QR, above the chip-reading screen."""

    def __init__(
        self,
        context: ScreenContext,
        card: CardIdentity,
        camera: Camera,
        on_confirmed: Callable[[Identity], list[FieldError]],
        *,
        card_on_reader: Callable[[], bool],
        qr_wait_s: int,
    ) -> None:
        super().__init__(context)
        self.card = card
        self._camera = camera
        self._card_on_reader = card_on_reader
        self._on_confirmed = on_confirmed
        self.chip_screen = QrFirstIdentityScreen(context, card.read, self._confirmed)
        self.chip_screen.state_shown.connect(self._show_card_models)
        self.refusal = label("error")
        self.refusal.hide()
        self.refusals: list[FieldError] = []
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW_WIDTH, round(PREVIEW_WIDTH * 9 / 16))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #222222; border-radius: 12px;")
        self.qr_hint = label("step")
        self.card_models = CardModelsPicture()
        self.camera_problem = False
        self._last_frame_at = -1.0
        self.back_button = button("", context.navigator.back)
        self.cancel_button = button("", context.navigator.cancel)
        self._layout()

        self._found = GuiCallback(lambda text: self._qr_found(str(text)))
        self._frame = GuiCallback(self._show_frame)
        self._problem = GuiCallback(lambda _: self._camera_failed())
        self.scan = self._new_scan()
        # Destroyed without stop() (the host dropping the view at the wipe): the
        # slot holds the scan, not this widget, so the camera is still released.
        self.destroyed.connect(self.scan.stop)
        self.qr_timer = QTimer(self)
        self.qr_timer.setSingleShot(True)
        self.qr_timer.setInterval(qr_wait_s * 1000)
        self.qr_timer.timeout.connect(self._stop_waiting_for_qr)
        if card.has_qr:
            self._show_qr_state()
        else:
            self.scan.start()
            if card_on_reader():
                self.qr_timer.start()
        self.retranslate()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = button_row()
        row.setContentsMargins(60, 40, 60, 0)
        row.addWidget(self.preview)
        row.addWidget(self.qr_hint, 1)
        layout.addLayout(row)
        picture = QHBoxLayout()
        picture.setContentsMargins(60, 16, 60, 0)
        picture.addWidget(self.card_models)
        layout.addLayout(picture)
        layout.addWidget(self.chip_screen, 1)
        layout.addWidget(self.refusal)
        actions = button_row()
        actions.setContentsMargins(60, 0, 60, 0)
        actions.addWidget(self.back_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        layout.addLayout(actions)

    def _confirmed(self, identity: Identity) -> None:
        """The citizen confirmed; the intake may still refuse (an expired card)."""
        if not shiboken6.isValid(self):
            return
        self.refusals = self._on_confirmed(identity)
        self._show_refusal()

    def _show_refusal(self) -> None:
        if shiboken6.isValid(self) and self.refusals:
            self.refusal.setText(self.refusals[0].text(self.context.session.language))
            self.refusal.setContentsMargins(60, 0, 60, 24)
            self.refusal.show()

    # -- the camera ------------------------------------------------------------
    def _new_scan(self) -> CardQrScan:
        return CardQrScan(self._camera, self._found, self._frame_arrived, self._problem)

    def _frame_arrived(self, frame: Frame) -> None:
        """On the scan's thread: only a few frames a second are worth a repaint."""
        if frame.timestamp - self._last_frame_at >= 1 / PREVIEW_FPS:
            self._last_frame_at = frame.timestamp
            self._frame(to_qimage(frame.image, PREVIEW_WIDTH))

    def _show_frame(self, image: object) -> None:
        if shiboken6.isValid(self) and not self.card.has_qr and isinstance(image, QImage):
            self.preview.setPixmap(QPixmap.fromImage(image))

    def _camera_failed(self) -> None:
        if not shiboken6.isValid(self):
            return
        self.camera_problem = True
        self.retranslate()

    def _qr_found(self, text: str) -> None:
        if not shiboken6.isValid(self):
            return
        if not self.card.offer_qr_text(text):
            log.info("a QR that is not a card's", extra=fields(state="ignored"))
            self.scan = self._new_scan()
            self.destroyed.connect(self.scan.stop)
            self.scan.start()
            return
        self.qr_timer.stop()
        self._show_qr_state()
        if self._card_on_reader():
            self.chip_screen.start_reading()

    def _show_qr_state(self) -> None:
        self.preview.clear()
        self.preview.setText("✓")
        self.preview.setStyleSheet(
            "background: #1d6b2a; color: #ffffff; font-size: 120px; border-radius: 12px;"
        )
        self.retranslate()

    def _stop_waiting_for_qr(self) -> None:
        """No QR in time: read anyway, which asks for the CAN."""
        if not self.card.has_qr and self.chip_screen.state is IdentityState.WAITING:
            self.chip_screen.start_reading()

    # -- the card reader (events from the window) --------------------------------
    def card_placed(self) -> None:
        if self.card.has_qr:
            self.chip_screen.card_placed()
        elif not self.qr_timer.isActive():
            self.qr_timer.start()

    def card_removed(self) -> None:
        handler = getattr(self.chip_screen, "card_removed", None)
        if callable(handler):
            handler()

    def stop(self) -> None:
        """Release the camera (the step is left or the session wiped)."""
        self.qr_timer.stop()
        self.scan.stop()

    def _show_card_models(self) -> None:
        """The picture while the QR is awaited; the chip's answers need the room after."""
        waiting = not self.card.has_qr and self.chip_screen.state is IdentityState.WAITING
        self.card_models.setVisible(waiting)

    def retranslate(self) -> None:
        self._show_card_models()
        self._show_refusal()
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self.card.has_qr:
            text = self.tr("QR code read. Keep the card on the reader.")
        elif self.camera_problem:
            text = self.tr("The camera is not working: type the card number when asked.")
        else:
            text = self.tr("Camera: looking for the QR code on your card…")
        self.qr_hint.setText(text)
