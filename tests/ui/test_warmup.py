"""The start-up warm-up leaves nothing behind; the garbage collector runs between visits."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import Timeouts
from kiosk.journey import OVERVIEW
from kiosk.session import EndReason, KioskSession
from ui.app import application
from ui.warmup import COLLECT_AFTER_MS, pace_garbage_collection, warm_widget_types


def test_the_warm_up_widgets_are_dropped() -> None:
    application()
    before = len(QApplication.topLevelWidgets())
    warm_widget_types()
    assert len(QApplication.topLevelWidgets()) == before + 1  # its holder, until deleted
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(QApplication.topLevelWidgets()) == before


def test_start_up_is_frozen_and_each_session_end_is_followed_by_a_collection(
    qtbot: QtBot,
) -> None:
    application()
    full: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    gc.unfreeze()  # earlier tests' kiosk windows froze their own start-up
    gc.callbacks.append(count)
    gc.disable()  # only the paced collections run: none can fall due by itself meanwhile
    try:
        session = KioskSession(Timeouts(), "vi")
        pace_garbage_collection(session)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)  # start-up, collected then frozen
        after_start = len(full)
        assert after_start >= 1
        session.start(OVERVIEW)
        qtbot.wait(COLLECT_AFTER_MS * 2)
        assert len(full) == after_start  # never during a visit
        session.end(EndReason.FINISHED)
        qtbot.waitUntil(lambda: len(full) > after_start)  # between visits
    finally:
        gc.enable()
        gc.callbacks.remove(count)
        gc.unfreeze()
