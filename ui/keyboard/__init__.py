"""On-screen input for the touch kiosk: a keyboard with Telex/VNI, a digit pad, a date picker.

No physical keyboard is assumed. ``attach_input(field, "text" | "digits" | "date")``
gives a field the input it needs; the typing rules live in :mod:`kiosk.textinput`.
"""

from ui.keyboard.date_picker import DatePicker, DateRangeError
from ui.keyboard.fields import FieldType, FieldTypeError, attach_input, mode_for
from ui.keyboard.keyboard import KeyboardMode, OnScreenKeyboard

__all__ = [
    "DatePicker",
    "DateRangeError",
    "FieldType",
    "FieldTypeError",
    "KeyboardMode",
    "OnScreenKeyboard",
    "attach_input",
    "mode_for",
]
