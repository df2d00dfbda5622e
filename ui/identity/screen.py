"""The identity step: "place your card on the reader", reading, and what the chip said.

The chip is read in the background (``run_in_background``): the injected
``read`` function connects to the card and calls
:func:`~kiosk.identity.read.read_identity`. The screen only shows what comes
back. A FAILED verdict never pre-fills anything: the citizen is sent to the
counter and there is no button to go on with that identity. Each problem the
citizen can fix (wrong CAN, card moved, unreadable card, no reader) has its own
message and a Try again button. Only states and error types are logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

import shiboken6
from PIL import Image
from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QImage, QPixmap, QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from drivers.card.icao.errors import ChipAccessDenied
from kiosk.dossier import Identity, Verdict
from kiosk.errors import DeviceAbsent, DeviceNeedsAttention
from kiosk.identity.read import IdentityReading
from kiosk.logs import fields
from ui.handoff import run_in_background
from ui.screens.base import Screen, ScreenContext, button, label

log = logging.getLogger(__name__)

# The typed CAN, or None to read with the keys the kiosk already has.
CardRead = Callable[[str | None], IdentityReading]

CAN_DIGITS = 6
SHOWN_ID_DIGITS = 4
PHOTO_HEIGHT = 320


class IdentityState(StrEnum):
    """What the identity screen shows."""

    WAITING = "waiting"
    READING = "reading"
    READ = "read"  # genuine or not verifiable: the citizen may confirm
    FAILED = "failed"  # the chip data is not genuine: go to the counter
    NEED_CAN = "need_can"
    REMOVED = "removed"
    UNREADABLE = "unreadable"
    NO_READER = "no_reader"


RETRY_STATES = frozenset({IdentityState.REMOVED, IdentityState.UNREADABLE, IdentityState.NO_READER})


def masked_id(id_number: str) -> str:
    """The ID number with all but its last digits hidden (``••••••••1234``)."""
    shown = id_number[-SHOWN_ID_DIGITS:]
    return "•" * (len(id_number) - len(shown)) + shown


def to_pixmap(photo: Image.Image) -> QPixmap:
    """A Qt copy of the Pillow portrait, in colour."""
    rgb = photo.convert("RGB")
    data = rgb.tobytes()
    image = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())  # own the pixels: ``data`` is freed on return


def state_for_error(error: Exception) -> IdentityState:
    """Which recovery to offer for an error raised while reading the card."""
    if isinstance(error, ChipAccessDenied):
        return IdentityState.NEED_CAN
    if isinstance(error, DeviceAbsent):
        return IdentityState.NO_READER
    if isinstance(error, DeviceNeedsAttention):
        return IdentityState.REMOVED
    return IdentityState.UNREADABLE


class IdentityScreen(Screen):
    """Reads the citizen's card when asked and shows the identity and its verdict."""

    def __init__(
        self,
        context: ScreenContext,
        read: CardRead,
        on_confirmed: Callable[[Identity], None],
    ) -> None:
        super().__init__(context)
        self._read = read
        self._on_confirmed = on_confirmed
        self.state = IdentityState.WAITING
        self.reading: IdentityReading | None = None
        self._busy = False
        self._build_widgets()
        self._layout()
        self._show_state()

    # -- reading ---------------------------------------------------------------

    def start_reading(self, can: str | None = None) -> None:
        """Read the card in the background (``can``: the number the citizen typed)."""
        if self._busy:
            return  # one read at a time: a double tap must not open a second session
        self._busy = True
        self.reading = None
        self.state = IdentityState.READING
        self._show_state()
        read = self._read
        run_in_background(lambda: read(can), self._on_reading, self._on_error)

    def card_placed(self) -> None:
        """A card arrived on the reader (an INSERTED event, on the GUI thread): read it.

        Only where the citizen is waiting to place a card; a read in progress, a
        result on screen or the CAN prompt is left alone.
        """
        if self.state is IdentityState.WAITING or self.state in RETRY_STATES:
            self.start_reading()

    def submit_can(self) -> None:
        """Read again with the CAN typed in the digits field."""
        if self.can_field.hasAcceptableInput():
            self.start_reading(self.can_field.text())

    def _on_reading(self, reading: IdentityReading) -> None:
        if not shiboken6.isValid(self):  # the session ended while the chip was read
            return
        self._busy = False
        self.reading = reading
        usable = reading.identity is not None and reading.verdict is not Verdict.FAILED
        self.state = IdentityState.READ if usable else IdentityState.FAILED
        log.info("identity screen", extra=fields(state=self.state.value))
        self._show_reading(reading if usable else None)
        self._show_state()

    def _on_error(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        self.state = state_for_error(error)
        log.warning(
            "reading the card failed",
            extra=fields(state=self.state.value, error=type(error).__name__),
        )
        self._show_state()

    def _read_with_kiosk_keys(self) -> None:
        """A button's tap: ``clicked`` would pass its ``checked`` flag as the CAN."""
        self.start_reading()

    def _confirm(self) -> None:
        reading = self.reading
        if self.state is IdentityState.READ and reading and reading.identity is not None:
            self._on_confirmed(reading.identity)

    # -- what is shown ---------------------------------------------------------

    def _build_widgets(self) -> None:
        self.title = label("title")
        self.message = label("body")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: a chip read has no steps worth counting
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(36)
        self.photo = QLabel()
        self.photo.setFixedHeight(PHOTO_HEIGHT)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.name = label("subtitle")
        self.id_number = label("body")
        self.verdict = label("subtitle")
        self.can_field = QLineEdit()
        self.can_field.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{{CAN_DIGITS}}}"))
        )
        self.can_field.setMaxLength(CAN_DIGITS)
        self.can_field.setMinimumHeight(88)
        self.can_field.setStyleSheet("font-size: 40px; letter-spacing: 8px;")
        self.can_field.returnPressed.connect(self.submit_can)
        self.read_button = button("primary", self._read_with_kiosk_keys)
        self.can_button = button("primary", self.submit_can)
        self.retry_button = button("", self._read_with_kiosk_keys)
        self.confirm_button = button("primary", self._confirm)

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 40)
        layout.setSpacing(16)
        top: tuple[QWidget, ...] = (self.title, self.message, self.progress, self.verdict)
        for widget in top:
            layout.addWidget(widget)
        person = QHBoxLayout()
        person.addWidget(self.photo)
        details = QVBoxLayout()
        details.addWidget(self.name)
        details.addWidget(self.id_number)
        details.addStretch(1)
        person.addLayout(details, 1)
        layout.addLayout(person)
        layout.addWidget(self.can_field)
        layout.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.retry_button)
        actions.addStretch(1)
        for action in (self.read_button, self.can_button, self.confirm_button):
            actions.addWidget(action)
        layout.addLayout(actions)

    def _show_reading(self, reading: IdentityReading | None) -> None:
        """Fill in the person, or clear every personal field (FAILED: nothing is shown)."""
        identity = reading.identity if reading else None
        self.name.setText(identity.full_name if identity else "")
        self.id_number.setText(masked_id(identity.id_number) if identity else "")
        photo = reading.photo if reading else None
        if photo is None:
            self.photo.clear()
        else:
            self.photo.setPixmap(
                to_pixmap(photo).scaledToHeight(
                    PHOTO_HEIGHT, Qt.TransformationMode.SmoothTransformation
                )
            )

    def _show_state(self) -> None:
        state = self.state
        read = state is IdentityState.READ
        has_photo = read and self.reading is not None and self.reading.photo is not None
        visible: list[tuple[QWidget, bool]] = [
            (self.progress, state is IdentityState.READING),
            (self.read_button, state is IdentityState.WAITING),
            (self.verdict, read),
            (self.name, read),
            (self.id_number, read),
            (self.photo, has_photo),
            (self.confirm_button, read),
            (self.can_field, state is IdentityState.NEED_CAN),
            (self.can_button, state is IdentityState.NEED_CAN),
            (self.retry_button, state in RETRY_STATES or state is IdentityState.FAILED),
        ]
        for widget, shown in visible:
            widget.setVisible(shown)
        if state is IdentityState.NEED_CAN:
            self.can_field.clear()
            self.can_field.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.read_button.setText(self.tr("Read my card"))
        self.retry_button.setText(self.tr("Try again"))
        self.confirm_button.setText(self.tr("Yes, this is me"))
        self.can_button.setText(self.tr("Read with this number"))
        self.can_field.setPlaceholderText(self.tr("6 digits"))
        self.id_number.setText(self._id_text())
        self.verdict.setText(self._verdict_text())
        title, message = self._texts()
        self.title.setText(title)
        self.message.setText(message)

    def _id_text(self) -> str:
        identity = self.reading.identity if self.reading else None
        if self.state is not IdentityState.READ or identity is None:
            return ""
        return self.tr("ID number: {number}").format(number=masked_id(identity.id_number))

    def _verdict_text(self) -> str:
        if self.state is not IdentityState.READ or self.reading is None:
            return ""
        if self.reading.verdict is Verdict.GENUINE:
            return self.tr("The chip data is genuine.")
        return self.tr("The chip data was read but cannot be verified.")

    def _texts(self) -> tuple[str, str]:
        """The title and message of the current state."""
        texts: dict[IdentityState, tuple[str, str]] = {
            IdentityState.WAITING: (
                self.tr("Place your card on the reader"),
                self.tr(
                    "Lay your citizen identity card flat on the reader, then tap Read my card."
                ),
            ),
            IdentityState.READING: (
                self.tr("Reading your card…"),
                self.tr("Keep the card still on the reader until the reading is done."),
            ),
            IdentityState.READ: (
                self.tr("Is this you?"),
                self.tr("Check your name and photo, then tap Yes, this is me."),
            ),
            IdentityState.FAILED: (
                self.tr("Your card could not be verified"),
                self.tr(
                    "The chip data could not be verified as genuine; please go to the counter."
                ),
            ),
            IdentityState.NEED_CAN: (
                self.tr("Please type the card number"),
                self.tr(
                    "The chip did not accept the number the kiosk tried. Type the 6 digits "
                    "printed on the front of your card (CAN)."
                ),
            ),
            IdentityState.REMOVED: (
                self.tr("The card was moved"),
                self.tr(
                    "Place the card flat on the reader again and keep it still until the "
                    "reading is done, then tap Try again."
                ),
            ),
            IdentityState.UNREADABLE: (
                self.tr("Your card could not be read"),
                self.tr(
                    "Take the card off, place it flat on the reader again and tap Try again. "
                    "If it still fails, please go to the counter."
                ),
            ),
            IdentityState.NO_READER: (
                self.tr("The card reader is not available"),
                self.tr("Please tap Try again in a moment, or go to the counter for help."),
            ),
        }
        return texts[self.state]
