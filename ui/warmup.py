"""Paying, while the attract screen waits, what a citizen would otherwise wait for.

PySide6 makes a Qt class's Python enums the first time the class is used
(making those of a scroll area alone takes some 20 ms), and Qt fills its
style and glyph caches on first use. The first screen with a scrolling
list, a progress bar or a text box would stall by that much. A few
throwaway widgets made and dropped when the kiosk starts take it instead.

The garbage collector is paced the same way (:func:`pace_garbage_collection`).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QPlainTextEdit,
    QProgressBar,
    QScrollArea,
    QScroller,
    QWidget,
)

from kiosk.session import EventKind, KioskSession, SessionEvent


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


# After the attract screen is painted and the warm-up above is done.
FREEZE_AFTER_MS = 500
# After a session ends: the wipe is done and the attract screen painted.
COLLECT_AFTER_MS = 300


def pace_garbage_collection(session: KioskSession) -> None:
    """Let the cyclic garbage collector work between citizens, not during a visit.

    A full collection walks every object the process holds: some 120,000 after
    start-up, about 0.1 s on a kiosk's CPU, during which no screen moves. So
    what start-up made (modules, catalog, Qt wrappers: alive for the whole
    run) is collected once and then frozen out of every later collection,
    and a collection runs after each session's wipe, on the attract screen,
    so that one rarely falls due in the middle of the next visit.
    """
    QTimer.singleShot(FREEZE_AFTER_MS, _freeze_start_up)

    def after_wipe(event: SessionEvent) -> None:
        if event.kind is EventKind.ENDED:
            QTimer.singleShot(COLLECT_AFTER_MS, gc.collect)

    session.subscribe(after_wipe)


def _freeze_start_up() -> None:
    gc.collect()  # nothing that is already garbage gets frozen
    gc.freeze()
