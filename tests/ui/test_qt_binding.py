"""Guards against a Qt binding that corrupts the interpreter.

PySide6 6.12.0 released one reference to ``None`` on every
``QCoreApplication.processEvents()`` call; after a few thousand calls CPython
aborts with "deallocating None". The kiosk pumps events in its demo script and
tests, so a binding with that defect must fail here, not in the lobby.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEventLoop

from ui.app import application


def test_process_events_keeps_the_reference_count_of_none() -> None:
    application()
    before = sys.getrefcount(None)
    for _ in range(200):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    # Other threads may hold a few references for a moment; 400 lost ones would not hide.
    assert sys.getrefcount(None) >= before - 50
