"""The field the on-screen keyboard types into: a QLineEdit or a QPlainTextEdit, one API.

Qt counts cursor positions in UTF-16 code units and Python in code points;
every conversion happens here, so the keyboard only sees Python strings.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

Editable = QLineEdit | QPlainTextEdit


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _prefix_of(text: str, units: int) -> str:
    """The first ``units`` UTF-16 code units of ``text``, as a Python string."""
    return text.encode("utf-16-le")[: 2 * units].decode("utf-16-le", errors="ignore")


def trailing_word(text: str) -> str:
    """The letters just before the cursor: the word the next key may change."""
    start = len(text)
    while start > 0 and (text[start - 1].isalpha() or unicodedata.combining(text[start - 1])):
        start -= 1
    return text[start:]


class TextTarget:
    """Reads and edits the text before the cursor of one field."""

    def __init__(self, widget: Editable) -> None:
        self.widget = widget

    def before_cursor(self) -> str:
        widget = self.widget
        if isinstance(widget, QLineEdit):
            return _prefix_of(widget.text(), widget.cursorPosition())
        cursor = widget.textCursor()
        return _prefix_of(widget.toPlainText(), cursor.position())

    def has_selection(self) -> bool:
        widget = self.widget
        if isinstance(widget, QLineEdit):
            return widget.hasSelectedText()
        return widget.textCursor().hasSelection()

    def remove_selection(self) -> None:
        widget = self.widget
        if isinstance(widget, QLineEdit):
            widget.del_()
        else:
            cursor = widget.textCursor()
            cursor.removeSelectedText()
            widget.setTextCursor(cursor)

    def replace_before(self, old: str, new: str) -> None:
        """Replace ``old``, which ends at the cursor, by ``new`` (one undo step)."""
        if old == new:
            return
        units = utf16_len(old)
        widget = self.widget
        if isinstance(widget, QLineEdit):
            widget.cursorBackward(True, units)
            widget.insert(new)
            return
        cursor = widget.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, units)
        cursor.insertText(new)
        widget.setTextCursor(cursor)

    def insert(self, text: str) -> None:
        self.replace_before("", text)

    def delete_before(self) -> None:
        """Delete the character before the cursor (a plain backspace)."""
        widget = self.widget
        if isinstance(widget, QLineEdit):
            widget.backspace()
            return
        cursor = widget.textCursor()
        cursor.deletePreviousChar()
        widget.setTextCursor(cursor)
