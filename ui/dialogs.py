"""Overlays that ask one thing: cancel for sure? still there?

They cover the current screen inside the window (no separate top-level
window a citizen could lose behind the kiosk screen).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.screens.base import button, button_row, label


class Overlay(QWidget):
    """A dimmed veil over the parent with a centred dialog of a message and two buttons."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self.setObjectName("veil")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.message = label("body")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._actions: dict[str, Callable[[], None]] = {}
        self.secondary = button("", lambda: self._answer("secondary"))
        self.primary = button("primary", lambda: self._answer("primary"))
        dialog = QFrame(self)
        dialog.setObjectName("dialog")
        inner = QVBoxLayout(dialog)
        inner.setContentsMargins(48, 48, 48, 48)
        inner.setSpacing(36)
        inner.addWidget(self.message)
        row = button_row()
        row.addWidget(self.secondary)
        row.addWidget(self.primary)
        inner.addLayout(row)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 0, 60, 0)
        outer.addStretch(1)
        outer.addWidget(dialog)
        outer.addStretch(1)
        self.hide()

    # The veil follows the host's size only while it shows: a filter left on the
    # host would call into Python for each of its events (every screen change).
    def showEvent(self, event: QShowEvent) -> None:
        self._host.installEventFilter(self)
        self.setGeometry(self._host.rect())
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._host.removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        return False

    def ask(
        self,
        message: str,
        primary: tuple[str, Callable[[], None]],
        secondary: tuple[str, Callable[[], None]] | None,
    ) -> None:
        """Show ``message``; each button hides the overlay, then runs its action.

        Without ``secondary`` only the primary button shows.
        """
        self.message.setText(message)
        self.primary.setText(primary[0])
        self._actions = {"primary": primary[1]}
        self.secondary.setVisible(secondary is not None)
        if secondary is not None:
            self.secondary.setText(secondary[0])
            self._actions["secondary"] = secondary[1]
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()

    def update_message(self, message: str) -> None:
        self.message.setText(message)

    def _answer(self, which: str) -> None:
        self.hide()
        action = self._actions.pop(which, None)
        self._actions.clear()
        if action is not None:
            action()
