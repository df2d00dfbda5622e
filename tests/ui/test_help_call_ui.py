"""Call staff: on every journey screen, the session goes on, the center hears at once."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from drivers.status import DeviceState, DeviceStatus
from kiosk.config import Config, Timeouts
from kiosk.help_call import STATUS_KEY
from kiosk.parts import KioskParts
from kiosk.session import EndReason, KioskSession
from offline_queue.sync import SyncStatus
from ui.app import DeviceWatch, application, build_window
from ui.main_window import KioskWindow
from ui.screens.overview import OverviewScreen
from ui.screenshots import save_screenshot


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class SlowLink:
    """The center's link: records each heartbeat; ``gate`` holds the sender (a slow network)."""

    def __init__(self) -> None:
        self.beats: list[dict[str, object]] = []
        self.gate = threading.Event()
        self.gate.set()

    def heartbeat(self, statuses: list[DeviceStatus], status: dict[str, object]) -> None:
        self.gate.wait(10)
        self.beats.append(status)


def fake_parts(link: SlowLink) -> KioskParts:
    """Just what DeviceWatch touches: devices, outbox status, the printer flag, ratings."""
    card = SimpleNamespace(add_observer=lambda _: None, remove_observer=lambda _: None)
    return cast(
        KioskParts,
        SimpleNamespace(
            devices=SimpleNamespace(card=card, check_all=lambda: []),
            delivery=SimpleNamespace(status=SyncStatus, link=link),
            desk=SimpleNamespace(
                flag=SimpleNamespace(
                    device_status=lambda: DeviceStatus("receipt printer", DeviceState.READY, "")
                )
            ),
            ratings=SimpleNamespace(counts=dict, by_day=lambda _: {}),
        ),
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(qtbot: QtBot, clock: FakeClock) -> KioskWindow:
    application()
    session = KioskSession(Timeouts(idle_warning_s=60, idle_countdown_s=30), "vi", clock)
    built = build_window(Config(), session=session)
    built.idle_timer.stop()  # the test ticks the fake clock itself
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    return built


def tap(qtbot: QtBot, widget: QWidget) -> None:
    """A tap, once the widget is on screen (a new screen shows a turn after it is built)."""
    qtbot.waitUntil(widget.isVisible)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_call_for_staff_keeps_the_session_and_reaches_the_center_at_once(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock, screenshots_dir: Path
) -> None:
    link = SlowLink()
    watch = DeviceWatch(window, fake_parts(link))
    try:
        header = window.header
        assert not header.isVisible(), "the attract screen has no call button of the journey"
        tap(qtbot, window.attract.start_button)
        assert isinstance(window.current, OverviewScreen)
        qtbot.waitUntil(header.help_button.isVisible)  # with the screen, a turn after the tap
        assert header.help_button.text() == "Gọi cán bộ hỗ trợ"
        assert header.indicator_text == "", "the overview lists the four steps itself"
        qtbot.waitUntil(lambda: len(link.beats) >= 1)  # the first poll's heartbeat
        assert link.beats[-1][STATUS_KEY] is None

        link.gate.clear()  # the network is slow: the GUI must not wait for it
        beats_before = len(link.beats)
        tap(qtbot, header.help_button)
        assert window.overlay.isVisible() and "Cán bộ đang đến" in window.overlay.message.text()
        assert window.help_desk.status() == {
            "requested_at": window.help_desk.status()["requested_at"],  # type: ignore[index]
            "screen": "overview",
        }
        qtbot.wait(50)  # the header lays out its new text in queued events
        save_screenshot(window, screenshots_dir / "help-called-vi.png")
        tap(qtbot, window.overlay.primary)  # "Go on while I wait", while the beat still hangs
        assert not window.overlay.isVisible() and len(link.beats) == beats_before
        assert header.help_button.text() == "Đã gọi cán bộ · Hủy gọi"
        link.gate.set()
        qtbot.waitUntil(lambda: len(link.beats) > beats_before)
        sent = link.beats[beats_before][STATUS_KEY]
        assert isinstance(sent, dict) and sent["screen"] == "overview"

        # Waiting for help is not being idle.
        clock.now += 60 + 30 + 5
        window.session.tick()
        assert window.session.active and not window.overlay.isVisible()
        assert isinstance(window.current, OverviewScreen), "the session went on where it was"

        # The staff member came and closes the call on the kiosk: the center hears it too.
        beats_before = len(link.beats)
        tap(qtbot, header.help_button)
        assert not window.help_desk.is_open and header.help_button.text() == "Gọi cán bộ hỗ trợ"
        qtbot.waitUntil(lambda: len(link.beats) > beats_before)
        assert link.beats[-1][STATUS_KEY] is None
        clock.now += 61
        window.session.tick()
        assert window.session.warning_shown, "the idle rule runs again once the call is closed"

        # A call still open when the session ends is closed with it.
        tap(qtbot, window.overlay.primary)  # "I need more time"
        tap(qtbot, header.help_button)
        tap(qtbot, window.overlay.secondary)  # the citizen cancels the call
        assert not window.help_desk.is_open
        tap(qtbot, header.help_button)
        window.session.end(EndReason.CANCELLED)
        assert not window.help_desk.is_open and not header.isVisible()
    finally:
        link.gate.set()
        watch.close()
