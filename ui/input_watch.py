"""Noticing a citizen's taps anywhere on the kiosk window, cheaply.

A touch, a click or a key reaches the top-level window (its ``QWindow``)
before Qt hands it to the widget under the finger. Watching there sees every
input and nothing else. An event filter on the whole application would also
see it, but it would call into Python for every event of every widget (each
paint, polish and layout request: thousands while a screen is built), each
call taking the interpreter lock from the kiosk's worker threads.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
    }
)


class InputWatch(QObject):
    """Calls ``on_input`` for each press (touch, mouse or key) on ``window``.

    The native window of a widget exists once it is shown, and may be made
    again; :meth:`follow` is called on every show to watch the current one.
    """

    def __init__(
        self,
        window: QWidget,
        on_input: Callable[[], None],
        on_kind: Callable[[bool], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._on_input = on_input
        self._on_kind = on_kind
        """Also told whether each press was a key (True) or a touch or click (False)."""
        self._watched: QWindow | None = None

    def follow(self) -> None:
        """Watch the window's current native window (call when it is shown)."""
        handle = self._window.windowHandle()
        if handle is self._watched:
            return
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = handle
        if handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT_EVENTS:
            self._on_input()
            if self._on_kind is not None:
                self._on_kind(kind == QEvent.Type.KeyPress)
        return False
