"""A screen change in two turns: built in the turn of the tap, shown in the next."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from kiosk.config import Config
from kiosk.journey import OVERVIEW
from kiosk.session import EndReason
from ui.app import application, build_window
from ui.main_window import KioskWindow
from ui.screen_swap import SwapLater, retire
from ui.screens.overview import OverviewScreen


def shown_window(qtbot: QtBot) -> KioskWindow:
    application()
    window = build_window(Config())
    window.idle_timer.stop()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_next_screen_is_built_at_once_and_shown_a_turn_later(qtbot: QtBot) -> None:
    window = shown_window(qtbot)
    window.session.start(OVERVIEW)
    overview = window.current
    assert isinstance(overview, OverviewScreen)  # built: card events already reach it
    assert window.stack.currentWidget() is window.attract  # still what is painted
    assert not window.header.isVisible()  # the header comes with the screen, not before
    qtbot.waitUntil(overview.isVisible)
    assert window.stack.currentWidget() is overview
    assert window.header.isVisible()


def test_a_session_ending_before_the_swap_goes_back_to_the_attract_screen(
    qtbot: QtBot,
) -> None:
    window = shown_window(qtbot)
    window.session.start(OVERVIEW)
    never_shown = window.current
    assert never_shown is not None
    window.session.end(EndReason.CANCELLED)  # the same turn: the swap is still due
    qtbot.wait(20)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.current is None
    assert window.stack.currentWidget() is window.attract
    assert not isValid(never_shown)  # dropped without ever reaching the screen
    assert not window.header.isVisible()


def test_a_screen_leaving_takes_no_taps_and_gives_up_the_focus(qtbot: QtBot) -> None:
    application()
    host = QWidget()
    leaving = QWidget(host)
    QVBoxLayout(host).addWidget(leaving)
    button = QPushButton("Continue", leaving)
    taps: list[bool] = []
    button.clicked.connect(lambda: taps.append(True))
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    button.setFocus()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert taps == [True]
    retire(leaving, on_screen=leaving, focus_to=host)
    assert not button.hasFocus()
    window_handle = host.windowHandle()
    assert window_handle is not None
    centre = button.mapTo(host, button.rect().center())
    qtbot.mouseClick(window_handle, Qt.MouseButton.LeftButton, pos=centre)
    assert taps == [True]  # the tap went through it, to the host under it


def test_a_swap_asked_twice_in_a_turn_runs_once(qtbot: QtBot) -> None:
    application()
    owner = QWidget()
    qtbot.addWidget(owner)
    runs: list[int] = []
    swap = SwapLater(owner, lambda: runs.append(1))
    swap.ask()
    swap.ask()
    assert runs == [] and swap.due
    qtbot.waitUntil(lambda: runs == [1])
    qtbot.wait(10)
    assert runs == [1] and not swap.due
