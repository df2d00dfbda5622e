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
# How long the attract screen must stay unused before a full collection runs.
FULL_COLLECT_IDLE_MS = 5_000


_PACING: list[QTimer] = []
"""The full-collection timer of the pacing in force (at most one)."""


def pace_garbage_collection(session: KioskSession) -> None:
    """Let the cyclic garbage collector work between citizens, not during a visit.

    A full collection walks every object the process holds: some 120,000 after
    start-up, 44-50 ms on a kiosk's CPU, during which no screen moves. So what
    start-up made (modules, catalog, Qt wrappers: alive for the whole run) is
    collected once and then frozen out of every later collection. After each
    session's wipe only the young generations are collected (a few ms: what
    the visit just dropped); the full collection waits until the attract
    screen has stood unused for :data:`FULL_COLLECT_IDLE_MS`, and is called
    off if a citizen starts first (the next wipe plans it again).
    """
    QTimer.singleShot(FREEZE_AFTER_MS, _freeze_start_up)
    full = QTimer()
    full.setSingleShot(True)
    full.setInterval(FULL_COLLECT_IDLE_MS)
    # One pacing per application: a later window's (a test's next kiosk) replaces
    # this one, whose session may still end and would collect in the middle of it.
    for earlier in _PACING:
        earlier.stop()
    _PACING[:] = [full]

    def collect_all() -> None:
        if not session.active:
            gc.collect()

    full.timeout.connect(collect_all)

    def after_wipe(event: SessionEvent) -> None:
        if full not in _PACING:
            return
        if event.kind is EventKind.ENDED:
            QTimer.singleShot(COLLECT_AFTER_MS, _collect_young)
            full.start()
        elif event.kind is EventKind.STARTED:
            full.stop()

    # The observer holds the timer: it lives as long as the session does.
    session.subscribe(after_wipe)


def _collect_young() -> None:
    gc.collect(1)


def _freeze_start_up() -> None:
    gc.collect()  # nothing that is already garbage gets frozen
    gc.freeze()
