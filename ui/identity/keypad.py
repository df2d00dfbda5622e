"""An on-screen digit keypad and the digit fields it types into: no physical keyboard needed.

``DigitKeypad`` is twelve large buttons (1-9, Clear, 0, Delete), each at least
``KEY_PX`` square; it takes no focus, so the field being typed keeps it.
``DigitField`` holds a fixed number of digits and shows them through a
template (``"######"`` for the CAN, ``"##/##/####"`` for a date); a tap on it
makes it the keypad's target (``chosen``). ``KeypadEntry`` ties one keypad to
its fields: typing goes to the active field and moves on when it is full.

A technician's keyboard still works (digits and Backspace) on the focused field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from ui.theme import PAD_KEY_PX

KEY_PX = PAD_KEY_PX  # above the 88 px minimum: the digits are the whole task on this screen
FIELD_PX = 96
SLOT = "#"
BACKSPACE = "⌫"


def format_digits(digits: str, template: str) -> str:
    """``digits`` laid into ``template``'s ``#`` slots; a separator shows once a digit follows."""
    shown: list[str] = []
    pending: list[str] = []
    remaining = iter(digits)
    for char in template:
        if char != SLOT:
            pending.append(char)
            continue
        digit = next(remaining, None)
        if digit is None:
            break
        shown.extend(pending)
        pending.clear()
        shown.append(digit)
    return "".join(shown)


class DigitField(QLineEdit):
    """A read-only line of ``template.count('#')`` digits, typed into by the keypad."""

    chosen = Signal()  # tapped: make me the keypad's target

    def __init__(self, template: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.length = template.count(SLOT)
        self.active = False
        self.setReadOnly(True)  # no system keyboard pops up; the keypad types here
        self.setMinimumHeight(FIELD_PX)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setObjectName("digits")  # large, spaced digits (the theme)

    @property
    def digits(self) -> str:
        return "".join(char for char in self.text() if char.isdigit())

    def is_complete(self) -> bool:
        return len(self.digits) == self.length

    def set_digits(self, digits: str) -> None:
        self.setText(format_digits(digits[: self.length], self.template))

    def type_digit(self, digit: str) -> bool:
        """Add one digit; False when the field is already full."""
        if not (len(digit) == 1 and digit.isdigit()) or self.is_complete():
            return False
        self.set_digits(self.digits + digit)
        return True

    def erase(self) -> None:
        self.set_digits(self.digits[:-1])

    def set_active(self, active: bool) -> None:
        """Show which field the keypad types into (a thick frame in the theme's highlight)."""
        self.active = active
        self.setProperty("active", active)
        style = self.style()
        style.unpolish(self)  # the theme's [active="true"] rule is matched again
        style.polish(self)
        if active:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.chosen.emit()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Read-only blocks typing: a technician's keyboard is served by hand.
        text = event.text()
        if event.key() == Qt.Key.Key_Backspace:
            self.erase()
        elif text.isdigit() and len(text) == 1:
            self.type_digit(text)
        else:
            super().keyPressEvent(event)


class DigitKeypad(QWidget):
    """1-9, Clear, 0, Delete as large touch buttons; the buttons never take the focus."""

    digit = Signal(str)
    erased = Signal()
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(12)
        grid.setContentsMargins(0, 0, 0, 0)
        layout = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "erase")
        for index, name in enumerate(layout):
            key = QPushButton(BACKSPACE if name == "erase" else name if name != "clear" else "")
            # Sized by the theme (its min-height would win over setMinimumSize).
            if name.isdigit():
                key.setObjectName("digit")
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            key.setAutoRepeat(name == "erase")  # hold Delete to empty a field
            key.clicked.connect(self._handler(name))
            self.keys[name] = key
            grid.addWidget(key, index // 3, index % 3)
        self.retranslate()

    def _handler(self, name: str) -> Callable[[], None]:
        # Lambdas, not the bound ``emit``: ``clicked`` would pass its ``checked`` flag on.
        if name == "erase":
            return lambda: self.erased.emit()  # noqa: PLW0108
        if name == "clear":
            return lambda: self.cleared.emit()  # noqa: PLW0108
        return lambda: self.digit.emit(name)

    def retranslate(self) -> None:
        self.keys["clear"].setText(self.tr("Clear"))
        self.keys["erase"].setAccessibleName(self.tr("Delete the last digit"))
        self.keys["clear"].setAccessibleName(self.tr("Clear"))


class KeypadEntry(QObject):
    """One keypad typing into one active field of ``fields``; a full field hands on to the next."""

    changed = Signal()

    def __init__(self, keypad: DigitKeypad, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keypad = keypad
        self.fields: tuple[DigitField, ...] = ()
        self._known: list[DigitField] = []
        self.active: DigitField | None = None
        keypad.digit.connect(self._type)
        keypad.erased.connect(self._erase)
        keypad.cleared.connect(self._clear)

    def attach(self, fields: Sequence[DigitField]) -> None:
        """Type into ``fields`` from now on, starting with the first one not yet complete."""
        for field in fields:
            if field not in self._known:  # connect once, however often the fields swap
                self._known.append(field)
                field.chosen.connect(lambda field=field: self.activate(field))
        self.fields = tuple(fields)
        first = next((f for f in self.fields if not f.is_complete()), None)
        self.activate(first or (self.fields[0] if self.fields else None))

    def activate(self, field: DigitField | None) -> None:
        if field is not None and field not in self.fields:
            return  # a field of another entry (the other key) was tapped
        self.active = field
        for each in self.fields:
            each.set_active(each is field)

    def _type(self, digit: str) -> None:
        field = self.active
        if field is None:
            return
        field.type_digit(digit)
        if field.is_complete():
            index = self.fields.index(field)
            following = [f for f in self.fields[index + 1 :] if not f.is_complete()]
            if following:
                self.activate(following[0])
        self.changed.emit()

    def _erase(self) -> None:
        field = self.active
        if field is None:
            return
        if not field.digits:
            index = self.fields.index(field)
            if index > 0:  # Delete on an empty field goes back into the one before
                field = self.fields[index - 1]
                self.activate(field)
        field.erase()
        self.changed.emit()

    def _clear(self) -> None:
        if self.active is not None:
            self.active.clear()
            self.changed.emit()
