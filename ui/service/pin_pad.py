"""The service PIN's entry: dots for the digits typed, the digit keypad, Open and Cancel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.service_pin import MAX_DIGITS, MIN_DIGITS
from ui.identity.keypad import DigitKeypad
from ui.screens.base import button, button_row, label

DOT = "●"


class PinPad(QFrame):
    """Collects a PIN; :attr:`submitted` carries it, :attr:`cancelled` closes the door."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("servicePin")
        self.setAutoFillBackground(True)
        self._digits = ""
        self.title = label("title")
        self.message = label("body")
        self.dots = label("subtitle")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(72)
        self.keypad = DigitKeypad()
        self.keypad.digit.connect(self._type)
        self.keypad.erased.connect(self._erase)
        self.keypad.cleared.connect(self.clear)
        self.open_button = button("primary", self._submit)
        self.cancel_button = button("", self.cancelled.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 120, 60, 60)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.dots)
        layout.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        actions = button_row()
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        layout.addLayout(actions)
        self.retranslate()
        self._show()

    @property
    def digits(self) -> str:
        return self._digits

    def clear(self) -> None:
        self._digits = ""
        self._show()

    def busy(self, waiting: bool) -> None:
        """While the PIN is checked (off the GUI thread), no second try."""
        self.open_button.setEnabled(not waiting and len(self._digits) >= MIN_DIGITS)
        self.keypad.setEnabled(not waiting)

    def say(self, text: str) -> None:
        self.message.setText(text)

    def _type(self, digit: str) -> None:
        if len(self._digits) < MAX_DIGITS:
            self._digits += digit
            self._show()

    def _erase(self) -> None:
        self._digits = self._digits[:-1]
        self._show()

    def _submit(self) -> None:
        if len(self._digits) >= MIN_DIGITS:
            pin, self._digits = self._digits, ""
            self._show()
            self.submitted.emit(pin)

    def _show(self) -> None:
        self.dots.setText(DOT * len(self._digits) or " ")
        self.open_button.setEnabled(len(self._digits) >= MIN_DIGITS)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Technician: service PIN"))
        self.message.setText(self.tr("Type the service PIN, then tap Open."))
        self.open_button.setText(self.tr("Open"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.keypad.retranslate()
