"""The start-up warm-up leaves nothing behind; the garbage collector runs between visits."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import Timeouts
from kiosk.journey import OVERVIEW
from kiosk.session import EndReason, KioskSession
from ui import warmup
from ui.app import application
from ui.warmup import COLLECT_AFTER_MS, warm_widget_types


def test_the_warm_up_widgets_are_dropped() -> None:
    application()
    gc.collect()  # what earlier tests left for the collector goes now, not in between
    before = set(QApplication.topLevelWidgets())
    warm_widget_types()
    made = set(QApplication.topLevelWidgets()) - before
    assert len(made) == 1  # its holder, until deleted
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not made & set(QApplication.topLevelWidgets())


def test_start_up_is_frozen_and_full_collections_wait_for_an_idle_attract_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    application()
    idle_ms = 1_000
    monkeypatch.setattr(warmup, "FULL_COLLECT_IDLE_MS", idle_ms)
    collected: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            collected.append(info["generation"])

    gc.unfreeze()  # earlier tests' kiosk windows froze their own start-up
    gc.callbacks.append(record)
    gc.disable()  # only the paced collections run: none can fall due by itself meanwhile
    try:
        session = KioskSession(Timeouts(), "vi")
        warmup.pace_garbage_collection(session)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)  # start-up, collected then frozen
        collected.clear()
        session.start(OVERVIEW)
        qtbot.wait(COLLECT_AFTER_MS * 2)
        assert collected == []  # never during a visit
        session.end(EndReason.FINISHED)
        qtbot.waitUntil(lambda: bool(collected))
        assert collected == [1]  # at the wipe: the young generations only
        session.start(OVERVIEW)  # the next citizen comes before the screen idled
        qtbot.wait(idle_ms + COLLECT_AFTER_MS)
        assert collected == [1]  # the full collection was called off
        session.end(EndReason.CANCELLED)
        qtbot.waitUntil(lambda: collected == [1, 1])
        assert 2 not in collected
        qtbot.waitUntil(lambda: 2 in collected, timeout=idle_ms * 3)  # the attract screen idles
    finally:
        gc.enable()
        gc.callbacks.remove(record)
        gc.unfreeze()
