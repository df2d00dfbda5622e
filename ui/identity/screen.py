"""The identity step: "place your card on the reader", reading, and what the chip said.

The chip is read in the background (``run_in_background``): the injected
``read`` function connects to the card and calls
:func:`~kiosk.identity.read.read_identity`. The screen only shows what comes
back. A FAILED verdict never pre-fills anything: the citizen is sent to the
counter and there is no button to go on with that identity. Each problem the
citizen can fix (wrong CAN, card moved, unreadable card, no reader) has its own
message and a Try again button. Only states and error types are logged.

When the chip refuses the kiosk's key, the citizen types one on an on-screen
keypad (``keypad.py``; no physical keyboard): the 6-digit CAN from the front
of the card, or — "Use the code on the back" — the document number, date of
birth and date of expiry from the MRZ. A refused typed key says which one to
check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from enum import StrEnum

import shiboken6
from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from drivers.card.icao.errors import NEED_MRZ, ChipAccessDenied, UnsupportedProtocol
from kiosk.dossier import Identity, Verdict
from kiosk.errors import DeviceAbsent, DeviceNeedsAttention
from kiosk.identity.access import CAN_DIGITS, DOCUMENT_DIGITS, KeyChoice, TypedCan, TypedMrz
from kiosk.identity.read import IdentityReading
from kiosk.logs import fields
from ui.handoff import run_in_background
from ui.identity.keypad import DigitField, DigitKeypad, KeypadEntry
from ui.screens.base import Screen, ScreenContext, button, button_row, label

log = logging.getLogger(__name__)

# ``None``: read with the keys the kiosk already has; otherwise the key the citizen typed.
CardRead = Callable[[KeyChoice | None], IdentityReading]

SHOWN_ID_DIGITS = 4
PHOTO_HEIGHT = 320
DATE_TEMPLATE = "##/##/####"
EARLIEST_BIRTH_YEAR = 1900


class IdentityState(StrEnum):
    """What the identity screen shows."""

    WAITING = "waiting"
    READING = "reading"
    READ = "read"  # genuine or not verifiable: the citizen may confirm
    FAILED = "failed"  # the chip data is not genuine: go to the counter
    NEED_CAN = "need_can"  # type the CAN on the keypad
    NEED_MRZ = "need_mrz"  # type the MRZ data (document number, dates) on the keypad
    REMOVED = "removed"
    UNREADABLE = "unreadable"
    NO_READER = "no_reader"


class EntryHint(StrEnum):
    """Why the typed key is asked for again: which part to check."""

    NONE = "none"
    CAN_MISMATCH = "can_mismatch"
    MRZ_MISMATCH = "mrz_mismatch"
    DOCUMENT_INCOMPLETE = "document_incomplete"
    BAD_BIRTH = "bad_birth"
    BAD_EXPIRY = "bad_expiry"


RETRY_STATES = frozenset({IdentityState.REMOVED, IdentityState.UNREADABLE, IdentityState.NO_READER})
KEY_STATES = frozenset({IdentityState.NEED_CAN, IdentityState.NEED_MRZ})


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


def state_for_error(error: Exception, choice: KeyChoice | None = None) -> IdentityState:
    """Which recovery to offer for an error raised while reading with ``choice``."""
    if isinstance(error, ChipAccessDenied):
        return IdentityState.NEED_MRZ if isinstance(choice, TypedMrz) else IdentityState.NEED_CAN
    if isinstance(error, UnsupportedProtocol) and error.fix == NEED_MRZ:
        return IdentityState.NEED_MRZ  # the chip opens only with the MRZ data
    if isinstance(error, DeviceAbsent):
        return IdentityState.NO_READER
    if isinstance(error, DeviceNeedsAttention):
        return IdentityState.REMOVED
    return IdentityState.UNREADABLE


def typed_date(digits: str) -> date | None:
    """``DDMMYYYY`` as a date, or ``None`` if it is not one (or before 1900)."""
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        day = date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None
    return day if day.year >= EARLIEST_BIRTH_YEAR else None


class IdentityScreen(Screen):
    """Reads the citizen's card when asked and shows the identity and its verdict."""

    state_shown = Signal()  # a new state is on screen (a host may change around it)

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
        self.hint = EntryHint.NONE
        self.reading: IdentityReading | None = None
        self._busy = False
        self._choice: KeyChoice | None = None
        self._read_again = False  # a retry was asked while the last read still ran
        self._build_widgets()
        self._layout()
        self._show_state()

    # -- reading ---------------------------------------------------------------

    def start_reading(self, choice: KeyChoice | None = None) -> None:
        """Read the card in the background (``choice``: the key the citizen typed)."""
        if self._busy:
            # One read at a time: a double tap must not open a second session. A
            # retry asked while a read still runs (the card was moved) runs after it.
            if self.state in RETRY_STATES:
                self._read_again = True
            return
        self._busy = True
        self._read_again = False
        self._choice = choice
        self.reading = None
        self.state = IdentityState.READING
        self._show_state()
        read = self._read
        run_in_background(lambda: read(choice), self._on_reading, self._on_error)

    def card_placed(self) -> None:
        """A card arrived on the reader (an INSERTED event, on the GUI thread): read it.

        Only where the citizen is waiting to place a card; a read in progress, a
        result on screen or the key prompt is left alone.
        """
        if self.state is IdentityState.WAITING or self.state in RETRY_STATES:
            self.start_reading(self._choice if self.state in RETRY_STATES else None)

    def card_removed(self) -> None:
        """The card left the reader (a REMOVED event, on the GUI thread).

        During a read: say so now (the read itself ends with its own error, or
        its result if it had finished); nothing is read again until the card is
        placed back or Try again is tapped. A result on screen stays: the card
        is no longer needed once read.
        """
        if self.state is IdentityState.READING:
            self.state = IdentityState.REMOVED
            log.info("identity screen", extra=fields(state=self.state.value, event="removed"))
            self._show_state()

    def submit_can(self) -> None:
        """Read again with the CAN typed on the keypad (nothing while it is incomplete)."""
        if self.can_field.is_complete():
            self.start_reading(TypedCan(self.can_field.digits))

    def submit_mrz(self) -> None:
        """Read again with the typed MRZ data, or say which part to fix."""
        choice = self._typed_mrz()
        if choice is None:
            self._retranslate_hint()
        else:
            self.start_reading(choice)

    def use_mrz(self) -> None:
        """Type the MRZ data (the code on the back) instead of the CAN."""
        self._enter_key_state(IdentityState.NEED_MRZ, EntryHint.NONE)

    def use_can(self) -> None:
        """Back to the 6 digits on the front."""
        self._enter_key_state(IdentityState.NEED_CAN, EntryHint.NONE)

    def _typed_mrz(self) -> TypedMrz | None:
        self.hint = EntryHint.NONE
        if not self.document_field.is_complete():
            self.hint = EntryHint.DOCUMENT_INCOMPLETE
            return None
        birth = typed_date(self.birth_field.digits)
        if birth is None or birth > date.today():
            self.hint = EntryHint.BAD_BIRTH
            return None
        expiry: date | None = None
        if not self.no_expiry_button.isChecked():
            expiry = typed_date(self.expiry_field.digits)
            if expiry is None or expiry <= birth:
                self.hint = EntryHint.BAD_EXPIRY
                return None
        return TypedMrz(self.document_field.digits, birth, expiry)

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
        state = state_for_error(error, self._choice)
        log.warning(
            "reading the card failed",
            extra=fields(state=state.value, error=type(error).__name__),
        )
        if state in KEY_STATES:
            self._enter_key_state(state, self._mismatch_hint(error))
            return
        self.state = state
        self._show_state()
        if self._read_again and state in RETRY_STATES:
            self.start_reading(self._choice)

    def _mismatch_hint(self, error: Exception) -> EntryHint:
        """A typed key the chip refused: say which one to check (the kiosk's own: nothing)."""
        if not isinstance(error, ChipAccessDenied):
            return EntryHint.NONE
        if isinstance(self._choice, TypedCan):
            return EntryHint.CAN_MISMATCH
        if isinstance(self._choice, TypedMrz):
            return EntryHint.MRZ_MISMATCH
        return EntryHint.NONE

    def _enter_key_state(self, state: IdentityState, hint: EntryHint) -> None:
        """Show the keypad for the CAN (emptied) or the MRZ data (kept, to correct a digit)."""
        self.state = state
        self.hint = hint
        if state is IdentityState.NEED_CAN:
            self.can_field.clear()
            self.entry.attach([self.can_field])
        else:
            self.entry.attach(self._mrz_fields())
        self._show_state()

    def _mrz_fields(self) -> list[DigitField]:
        typed = [self.document_field, self.birth_field]
        return typed if self.no_expiry_button.isChecked() else [*typed, self.expiry_field]

    def _no_expiry_toggled(self, checked: bool) -> None:
        if checked:
            self.expiry_field.clear()
        self.expiry_field.setEnabled(not checked)
        self.entry.attach(self._mrz_fields())

    def _read_with_kiosk_keys(self) -> None:
        """A button's tap: ``clicked`` would pass its ``checked`` flag as the key."""
        self.start_reading(self._choice if self.state in RETRY_STATES else None)

    def _confirm(self) -> None:
        reading = self.reading
        if self.state is IdentityState.READ and reading and reading.identity is not None:
            self._on_confirmed(reading.identity)

    # -- what is shown ---------------------------------------------------------

    def _build_widgets(self) -> None:
        self.title = label("title")
        self.message = label("body")
        self.hint_line = label("error")
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
        self.can_field = DigitField("#" * CAN_DIGITS)
        self.can_field.returnPressed.connect(self.submit_can)
        self.document_label = label("body")
        self.document_field = DigitField("#" * DOCUMENT_DIGITS)
        self.birth_label = label("body")
        self.birth_field = DigitField(DATE_TEMPLATE)
        self.expiry_label = label("body")
        self.expiry_field = DigitField(DATE_TEMPLATE)
        self.no_expiry_button = button("toggle")  # the theme shows it chosen when checked
        self.no_expiry_button.setCheckable(True)
        self.no_expiry_button.toggled.connect(self._no_expiry_toggled)
        self.keypad = DigitKeypad()
        self.entry = KeypadEntry(self.keypad, self)
        self.read_button = button("primary", self._read_with_kiosk_keys)
        self.can_button = button("primary", self.submit_can)
        self.mrz_read_button = button("primary", self.submit_mrz)
        self.mrz_button = button("", self.use_mrz)
        self.can_instead_button = button("", self.use_can)
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
        layout.addWidget(self.hint_line)
        layout.addWidget(self.can_field)
        layout.addWidget(self.document_label)
        layout.addWidget(self.document_field)
        # The two dates side by side: the keypad must stay on screen below them.
        dates = QGridLayout()
        dates.setHorizontalSpacing(24)
        dates.setVerticalSpacing(8)
        dates.addWidget(self.birth_label, 0, 0)
        dates.addWidget(self.expiry_label, 0, 1)
        dates.addWidget(self.birth_field, 1, 0)
        dates.addWidget(self.expiry_field, 1, 1)
        dates.addWidget(self.no_expiry_button, 2, 1)
        layout.addLayout(dates)
        layout.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        switch = button_row()
        switch.addWidget(self.mrz_button)
        switch.addWidget(self.can_instead_button)
        switch.addStretch(1)
        layout.addLayout(switch)
        actions = button_row()
        actions.addWidget(self.retry_button)
        actions.addStretch(1)
        for action in (
            self.read_button,
            self.can_button,
            self.mrz_read_button,
            self.confirm_button,
        ):
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
        need_can, need_mrz = state is IdentityState.NEED_CAN, state is IdentityState.NEED_MRZ
        visible: list[tuple[QWidget, bool]] = [
            (self.progress, state is IdentityState.READING),
            (self.read_button, state is IdentityState.WAITING),
            (self.verdict, read),
            (self.name, read),
            (self.id_number, read),
            (self.photo, has_photo),
            (self.confirm_button, read),
            (self.keypad, state in KEY_STATES),
            (self.can_field, need_can),
            (self.can_button, need_can),
            (self.mrz_button, need_can),
            (self.document_label, need_mrz),
            (self.document_field, need_mrz),
            (self.birth_label, need_mrz),
            (self.birth_field, need_mrz),
            (self.expiry_label, need_mrz),
            (self.expiry_field, need_mrz),
            (self.no_expiry_button, need_mrz),
            (self.mrz_read_button, need_mrz),
            (self.can_instead_button, need_mrz),
            (self.retry_button, state in RETRY_STATES or state is IdentityState.FAILED),
        ]
        for widget, shown in visible:
            widget.setVisible(shown)
        self.retranslate()
        self.state_shown.emit()

    def retranslate(self) -> None:
        self.read_button.setText(self.read_button_text())
        self.retry_button.setText(self.tr("Try again"))
        self.confirm_button.setText(self.tr("Yes, this is me"))
        self.can_button.setText(self.tr("Read with this number"))
        self.can_field.setPlaceholderText(self.tr("6 digits"))
        self.mrz_button.setText(self.tr("Use the code on the back (MRZ)"))
        self.can_instead_button.setText(self.tr("Use the 6 digits on the front"))
        self.mrz_read_button.setText(self.tr("Read with these details"))
        self.document_label.setText(self.tr("Document number: the last 9 digits of your ID number"))
        self.document_field.setPlaceholderText(self.tr("9 digits"))
        self.birth_label.setText(self.tr("Date of birth"))
        self.expiry_label.setText(self.tr("Date of expiry"))
        for field in (self.birth_field, self.expiry_field):
            field.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.no_expiry_button.setText(self.tr("No expiry date"))
        self.keypad.retranslate()
        self.id_number.setText(self._id_text())
        self.verdict.setText(self._verdict_text())
        title, message = self._texts()
        self.title.setText(title)
        self.message.setText(message)
        self._retranslate_hint()

    def _retranslate_hint(self) -> None:
        hints = {
            EntryHint.NONE: "",
            EntryHint.CAN_MISMATCH: self.tr(
                "The 6 digits did not match: check the number on the front of your card."
            ),
            EntryHint.MRZ_MISMATCH: self.tr(
                "The details did not match: check the document number and the dates "
                "against the code on the back of your card."
            ),
            EntryHint.DOCUMENT_INCOMPLETE: self.tr("Type all 9 digits of the document number."),
            EntryHint.BAD_BIRTH: self.tr(
                "Check the date of birth: type the day, the month and the year (DD/MM/YYYY)."
            ),
            EntryHint.BAD_EXPIRY: self.tr(
                "Check the date of expiry: type the day, the month and the year "
                "(DD/MM/YYYY), or tap No expiry date."
            ),
        }
        shown = self.state in KEY_STATES and self.hint is not EntryHint.NONE
        self.hint_line.setText(hints[self.hint] if shown else "")
        self.hint_line.setVisible(shown)

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

    def read_button_text(self) -> str:
        """What the button of the WAITING state says (a host may offer another way in)."""
        return self.tr("Read my card")

    def waiting_texts(self) -> tuple[str, str]:
        """The title and message while waiting for the card (a host may change them)."""
        return (
            self.tr("Place your card on the reader"),
            self.tr("Lay your citizen identity card flat on the reader, then tap Read my card."),
        )

    def _texts(self) -> tuple[str, str]:
        """The title and message of the current state."""
        texts: dict[IdentityState, tuple[str, str]] = {
            IdentityState.WAITING: self.waiting_texts(),
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
            IdentityState.NEED_MRZ: (
                self.tr("Type the code from the back of your card"),
                self.tr(
                    "Find the lines of letters and digits on the back of your card, then "
                    "type the document number and the two dates with the keypad."
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
