"""Paying once, while the attract screen waits, what the first citizen would pay.

PySide6 makes a Qt class's Python enums the first time the class is used
(making those of a scroll area alone takes some 20 ms), and Qt fills its
style and glyph caches on first use. The first screen with a scrolling
list, a progress bar or a text box would stall by that much. A few
throwaway widgets made and dropped when the kiosk starts take it instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QPlainTextEdit,
    QProgressBar,
    QScrollArea,
    QScroller,
    QWidget,
)


def warm_widget_types() -> None:
    """Make and drop one of each widget type the journey's screens use beyond buttons and labels."""
    holder = QWidget()
    QGridLayout(holder)
    area = QScrollArea(holder)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    QScroller.ungrabGesture(area.viewport())
    QPlainTextEdit(holder)
    QProgressBar(holder).setRange(0, 0)
    holder.ensurePolished()
    holder.deleteLater()
