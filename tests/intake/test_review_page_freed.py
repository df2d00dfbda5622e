"""A review page dropped before all its rows were added is freed, with the answers it shows."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.catalog import shipped_catalog
from kiosk.intake import Reception, shipped_notice
from kiosk.workdays import WorkCalendar, shipped_hours
from tests.intake.test_review_page import CRIMINAL_RECORD, NOW, host, walk_to_review
from ui.intake.context import IntakeServices
from ui.intake.finish import ReviewView
from ui.intake.views import StepActions

__all__ = ["host"]  # the fixture, shared with the review page's tests


def test_a_review_dropped_before_its_last_rows_came_is_freed(qtbot: QtBot, host: QWidget) -> None:
    flow = walk_to_review("2.000488", CRIMINAL_RECORD, 1, "vi")
    catalog = shipped_catalog()
    services = IntakeServices(
        catalog=catalog,
        reception=Reception(
            "KIOSK-TEST-01", catalog.version, WorkCalendar.shipped(), shipped_hours(), "Quầy 3"
        ),
        notice=shipped_notice(),
        clock=lambda: NOW,
        on_submitted=lambda _: None,
        identity_view=QWidget,  # type: ignore[arg-type]  # never shown here
        paper_view=QWidget,  # type: ignore[arg-type]
    )
    actions = StepActions(answer=lambda _: [], back=lambda: None, cancel=lambda: None)
    view = ReviewView(flow, actions, "vi", services, lambda _: None, parent=host)
    assert not view.complete  # its last rows wait for a later turn of the event loop
    freed = weakref.ref(view)
    # The citizen moved on (or the session was wiped) before that turn came.
    view.deleteLater()
    del view
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(20)
    gc.collect()
    assert freed() is None, "the dropped review page (and the answers it holds) is still alive"
