"""Small pieces shared by the intake screens: a scrolling column, a touch-sized line edit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLineEdit, QScrollArea, QScroller, QVBoxLayout, QWidget

from ui.theme import MIN_TOUCH_PX


def scrolling_column() -> tuple[QScrollArea, QVBoxLayout]:
    """A column that scrolls by dragging a finger (touch events; a mouse still clicks at once)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Text wraps to the width: a sideways scroll bar is nothing a citizen should need.
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget()
    column = QVBoxLayout(inner)
    column.setSpacing(20)
    area.setWidget(inner)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area, column


def clear(layout: QVBoxLayout) -> None:
    """Remove and delete every widget of ``layout`` (rebuilt on each change)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def touch_line_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setMinimumHeight(MIN_TOUCH_PX)
    return edit
