"""One keyboard built ahead of need, so that a screen with a field opens at once.

A keyboard is the costliest widget of the kiosk to build (some sixty keys).
Built while a new screen is being shown, it makes that screen late; built a
moment after, while the citizen reads the question, it costs nothing anyone
sees. :func:`take_keyboard` hands over the spare (or builds one if none is
ready) and has the next spare built a little later on the GUI thread.

A spare has never been attached to a field: no citizen's text ever goes from
one screen's keyboard to another's.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from shiboken6 import isValid

from ui.keyboard.keyboard import OnScreenKeyboard

SPARE_DELAY_MS = 100
"""After a screen opens: its layout and first paint are done by then."""


class SpareKeyboard:
    """Holds at most one keyboard, built when the GUI thread has a moment."""

    def __init__(self) -> None:
        self._spare: OnScreenKeyboard | None = None
        self._pending = False

    def take(self) -> OnScreenKeyboard:
        """A fresh keyboard, never used; the next one is prepared after a short delay."""
        keyboard, self._spare = self._spare, None
        if keyboard is None or not isValid(keyboard):
            keyboard = OnScreenKeyboard()
        self.prepare(SPARE_DELAY_MS)
        return keyboard

    def prepare(self, delay_ms: int = 0) -> None:
        """Have a spare built ``delay_ms`` from now, unless one is ready or coming."""
        if self._pending or (self._spare is not None and isValid(self._spare)):
            return
        self._pending = True
        QTimer.singleShot(delay_ms, self._build)

    def _build(self) -> None:
        self._pending = False
        if self._spare is None or not isValid(self._spare):
            self._spare = OnScreenKeyboard()


SPARE = SpareKeyboard()
"""The application's spare (widgets live on the GUI thread: one is enough)."""


def take_keyboard() -> OnScreenKeyboard:
    """A fresh keyboard from :data:`SPARE`."""
    return SPARE.take()
