"""Changing screens in two turns of the event loop: build the next, then show it.

Building a screen (some 15-25 ms of Python and Qt on a kiosk's CPU) and laying
it out and painting it (as much again) in one turn held the GUI thread past
the 50 ms a touch screen may take to answer (``bench/bench_journey.py``).
So the window and the intake host build the next screen in the turn of the
tap, and put it on screen a turn later, after the timers and input already
due (a device's event, an animation's next frame). Meanwhile the screen
leaving stays painted, as it was, but takes no taps and no keys.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

SWAP_AFTER_MS = 1
"""From building a screen to showing it: a timer, so that what is already due goes first."""


def release(widget: QWidget) -> None:
    """Have ``widget`` let go of what it holds (a camera, a worker thread) now."""
    stop = getattr(widget, "stop", None)
    if callable(stop):
        stop()


def retire(leaving: QWidget, on_screen: QWidget | None, focus_to: QWidget) -> None:
    """``leaving`` lets go of what it holds now. If it is ``on_screen``, it stays
    painted until the swap but no tap or key reaches it (the focus goes to
    ``focus_to``); if it never reached the screen, it is deleted at once."""
    release(leaving)
    if leaving is not on_screen:
        leaving.deleteLater()
        return
    leaving.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    focused = QApplication.focusWidget()
    if focused is not None and leaving.isAncestorOf(focused):
        focus_to.setFocus(Qt.FocusReason.OtherFocusReason)


class SwapLater:
    """Calls ``swap`` on the next turn; asked again meanwhile, still once."""

    def __init__(self, owner: QObject, swap: Callable[[], None]) -> None:
        self._owner = owner
        self._swap = swap
        self.due = False

    def ask(self) -> None:
        if not self.due:
            self.due = True
            # With the owner as context: never called once it is deleted.
            QTimer.singleShot(SWAP_AFTER_MS, self._owner, self._run)

    def _run(self) -> None:
        self.due = False
        self._swap()
