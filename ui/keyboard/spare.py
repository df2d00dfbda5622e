"""One keyboard built ahead of need, so that a screen with a field opens at once.

A keyboard is the costliest widget of the kiosk to build (some sixty keys).
Built while a new screen is being shown, it makes that screen late; built a
moment after, while the citizen reads the question, it costs nothing anyone
sees. :func:`take_keyboard` hands over the spare (or builds one if none is
ready) and has the next spare built a little later on the GUI thread.

The spare is built a row of keys per turn of the event loop, never all at
once: its 15-20 ms in one piece, falling on the turn a tap opens the next
screen, would add to that screen's own build and paint (in the journey's
benchmark, a 60 ms stall). A row at a time, the screen waits a row at most.

A spare has never been attached to a field: no citizen's text ever goes from
one screen's keyboard to another's.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from shiboken6 import isValid

from ui.keyboard.keyboard import OnScreenKeyboard

SPARE_DELAY_MS = 20
"""After a screen opens: its layout and first paint come first (they are queued
before this timer is due); the rows then take some 30 ms more between them."""
ROW_GAP_MS = 1
"""Between two rows of a spare: a timer, not a posted call, so that input, paint
and other timers due meanwhile go first."""


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
        keyboard.finish()  # the rows the spare had not built yet
        self.prepare(SPARE_DELAY_MS)
        return keyboard

    def prepare(self, delay_ms: int = 0) -> None:
        """Have a spare built ``delay_ms`` from now, unless one is ready or coming."""
        if self._pending or (self._spare is not None and isValid(self._spare)):
            return
        self._pending = True
        QTimer.singleShot(delay_ms, self._start)

    def _start(self) -> None:
        self._pending = False
        if self._spare is None or not isValid(self._spare):
            self._spare = OnScreenKeyboard(piecemeal=True)
            QTimer.singleShot(ROW_GAP_MS, self._next_row)

    def _next_row(self) -> None:
        spare = self._spare
        if spare is None or not isValid(spare):
            return  # taken (and finished by the taker) or deleted meanwhile
        if spare.build_next():
            QTimer.singleShot(ROW_GAP_MS, self._next_row)


SPARE = SpareKeyboard()
"""The application's spare (widgets live on the GUI thread: one is enough)."""


def take_keyboard() -> OnScreenKeyboard:
    """A fresh keyboard from :data:`SPARE`."""
    return SPARE.take()
