"""The right input for a field: the letters keyboard, the digit pad or the date picker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Literal

from PySide6.QtWidgets import QLineEdit

from ui.keyboard.date_picker import DEFAULT_MINIMUM, DatePicker, format_date
from ui.keyboard.keyboard import KeyboardMode, OnScreenKeyboard
from ui.keyboard.spare import take_keyboard
from ui.keyboard.target import Editable

FieldType = Literal["text", "long_text", "digits", "number", "date"]


class FieldTypeError(ValueError):
    """A field type this module has no input for; use one of ``FieldType``."""


def mode_for(field_type: FieldType) -> KeyboardMode:
    if field_type in ("text", "long_text"):
        return KeyboardMode.TEXT
    if field_type in ("digits", "number"):
        return KeyboardMode.DIGITS
    raise FieldTypeError(f"no keyboard for a {field_type!r} field: it takes a DatePicker")


def _shown_date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def attach_input(
    field: Editable,
    field_type: FieldType,
    keyboard: OnScreenKeyboard | None = None,
    *,
    minimum: date | None = None,
    maximum: date | None = None,
    on_done: Callable[[], None] | None = None,
) -> OnScreenKeyboard | DatePicker:
    """Attach the input ``field_type`` needs to ``field``; place the returned widget under it.

    ``text``/``long_text`` get the letters keyboard, ``digits``/``number`` the
    digit pad (``keyboard`` is reused when given, so a screen keeps one).
    ``date`` gets a :class:`DatePicker` bounded by ``minimum``/``maximum``
    (default 1900 to today); the field becomes read-only and always shows the
    picked date as dd/mm/yyyy, starting from the date it held, if any.
    ``on_done`` runs when the keyboard's Done is tapped.
    """
    if field_type == "date":
        if not isinstance(field, QLineEdit):
            raise FieldTypeError("a date field is a QLineEdit")
        line = field
        picker = DatePicker(_shown_date(line.text()), minimum or DEFAULT_MINIMUM, maximum)
        line.setReadOnly(True)
        line.setText(picker.text())
        picker.date_changed.connect(lambda value: line.setText(format_date(value)))
        return picker
    keyboard = keyboard or take_keyboard()
    keyboard.attach(field, mode_for(field_type))
    if on_done is not None:
        keyboard.done.connect(on_done)
    return keyboard
