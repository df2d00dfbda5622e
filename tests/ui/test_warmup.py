"""The start-up warm-up leaves nothing behind."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from ui.app import application
from ui.warmup import warm_widget_types


def test_the_warm_up_widgets_are_dropped() -> None:
    application()
    before = len(QApplication.topLevelWidgets())
    warm_widget_types()
    assert len(QApplication.topLevelWidgets()) == before + 1  # its holder, until deleted
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(QApplication.topLevelWidgets()) == before
