"""The application shell on Qt offscreen: attract screen, languages, cancel, idle, wipe."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Config, Timeouts
from kiosk.session import ATTRACT, KioskSession
from ui.app import application, build_window
from ui.main_window import KioskWindow
from ui.screens.overview import OverviewScreen
from ui.screenshots import save_screenshot


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(qtbot: QtBot, clock: FakeClock) -> KioskWindow:
    application()
    config = Config()
    session = KioskSession(Timeouts(idle_warning_s=60, idle_countdown_s=30), "vi", clock)
    built = build_window(config, session=session)
    built.idle_timer.stop()  # the tests tick the fake clock themselves
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    return built


def tap(qtbot: QtBot, widget: QWidget) -> None:
    """A tap, once the widget is on screen (a new screen shows a turn after it is built)."""
    qtbot.waitUntil(widget.isVisible)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_attract_is_vietnamese_first_and_switches_to_english(
    qtbot: QtBot, window: KioskWindow, screenshots_dir: Path
) -> None:
    attract = window.attract
    assert attract.title.text() == "Tiếp nhận hồ sơ tự động"
    assert attract.start_button.text() == "Bắt đầu"
    save_screenshot(window, screenshots_dir / "attract-vi.png")
    tap(qtbot, attract.language_buttons["en"])
    # Qt delivers LanguageChange through the event loop.
    qtbot.waitUntil(lambda: attract.title.text() == "Self-service dossier reception")
    assert attract.start_button.text() == "Start"
    assert attract.language_buttons["en"].property("selected") is True
    save_screenshot(window, screenshots_dir / "attract-en.png")


def test_touch_targets_are_at_least_44_px(qtbot: QtBot, window: KioskWindow) -> None:
    tap(qtbot, window.attract.start_button)
    screen = window.current
    assert isinstance(screen, OverviewScreen)
    for button in (
        window.attract.start_button,
        *window.attract.language_buttons.values(),
        screen.cancel_button,
        screen.continue_button,
    ):
        assert button.height() >= 44 and button.width() >= 44, button.text()


def test_start_continue_and_finish_returns_to_attract(
    qtbot: QtBot, window: KioskWindow, screenshots_dir: Path
) -> None:
    tap(qtbot, window.attract.start_button)
    screen = window.current
    assert isinstance(screen, OverviewScreen)
    assert screen.title.text() == "Các bước thực hiện"
    save_screenshot(window, screenshots_dir / "overview-vi.png")
    tap(qtbot, screen.continue_button)
    assert window.session.step == ATTRACT
    assert window.current is None
    assert window.stack.currentWidget() is window.attract


def test_cancel_asks_once_and_only_a_yes_wipes(
    qtbot: QtBot, window: KioskWindow, screenshots_dir: Path
) -> None:
    tap(qtbot, window.attract.language_buttons["en"])
    tap(qtbot, window.attract.start_button)
    window.session.hold("answers", {"purpose": "synthetic"})
    screen = window.current
    assert isinstance(screen, OverviewScreen)
    tap(qtbot, screen.cancel_button)
    assert window.overlay.isVisible()
    assert "erase" in window.overlay.message.text()
    save_screenshot(window, screenshots_dir / "cancel-confirm-en.png")
    # "Yes, cancel" is the secondary action; continuing is the primary one.
    assert window.overlay.primary.text() == "No, continue"
    assert window.overlay.secondary.text() == "Yes, cancel"
    assert window.overlay.secondary.objectName() != "primary"
    tap(qtbot, window.overlay.primary)  # No, continue
    assert window.session.active and window.current is screen
    tap(qtbot, screen.cancel_button)
    tap(qtbot, window.overlay.secondary)  # Yes, cancel
    assert not window.session.active
    assert window.session.held_keys == frozenset()
    assert window.session.language == "vi"
    qtbot.waitUntil(lambda: window.attract.title.text() == "Tiếp nhận hồ sơ tự động")


def test_idle_warning_counts_down_and_more_time_keeps_the_session(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock, screenshots_dir: Path
) -> None:
    tap(qtbot, window.attract.start_button)
    clock.now += 61
    window.session.tick()
    assert window.overlay.isVisible()
    assert "29" in window.overlay.message.text()
    save_screenshot(window, screenshots_dir / "idle-warning-vi.png")
    clock.now += 10
    window.session.tick()
    assert "19" in window.overlay.message.text()
    tap(qtbot, window.overlay.primary)  # I need more time
    assert not window.overlay.isVisible()
    assert window.session.active
    clock.now += 59
    window.session.tick()
    assert not window.overlay.isVisible()


def test_a_tap_on_the_veil_does_not_dismiss_the_idle_warning(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock
) -> None:
    tap(qtbot, window.attract.start_button)
    clock.now += 61
    window.session.tick()
    tap(qtbot, window.overlay)
    assert window.overlay.isVisible()
    tap(qtbot, window.overlay.secondary)  # End now
    assert not window.session.active


def test_idle_to_the_end_wipes_and_shows_attract(
    qtbot: QtBot, window: KioskWindow, clock: FakeClock
) -> None:
    tap(qtbot, window.attract.start_button)
    screen = window.current
    window.session.hold("identity", "synthetic")
    clock.now += 90
    window.session.tick()
    assert not window.session.active
    assert window.session.held_keys == frozenset()
    assert not window.overlay.isVisible()
    assert window.stack.currentWidget() is window.attract
    assert screen is not None and window.stack.indexOf(screen) == -1


def touch_screen(window: KioskWindow, widget: QWidget) -> None:
    """A tap as a touch screen gives it: to the window, at the widget's place."""
    handle = window.windowHandle()
    assert handle is not None
    centre = widget.mapTo(window, widget.rect().center())
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)


def test_a_tap_anywhere_on_the_screen_keeps_the_session_alive(
    window: KioskWindow, clock: FakeClock
) -> None:
    touch_screen(window, window.attract.start_button)
    assert window.session.active
    screen = window.current
    assert screen is not None
    for _ in range(3):  # 150 s in all, never 60 s without a tap
        clock.now += 50
        touch_screen(window, screen)  # not a button: the screen's background
        window.session.tick()
        assert not window.overlay.isVisible()
    clock.now += 61
    window.session.tick()
    assert window.overlay.isVisible()  # a minute without a tap: the warning


def test_a_tap_on_the_veil_does_not_count_as_more_time(
    window: KioskWindow, clock: FakeClock
) -> None:
    touch_screen(window, window.attract.start_button)
    clock.now += 61
    window.session.tick()
    touch_screen(window, window.overlay)
    clock.now += 30
    window.session.tick()
    assert not window.session.active  # the countdown ran out: only its buttons decide
