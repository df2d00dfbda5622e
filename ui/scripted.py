"""The demo's scripted citizen: plays a session on the simulators, screenshots every screen.

It taps the same buttons a person would (through Qt's test input, not by
calling the session directly) and waits on the event loop between taps, so the
window behaves exactly as it does in the lobby.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from kiosk.app import open_devices
from kiosk.config import Config
from kiosk.logs import fields
from kiosk.testpage import render_test_page
from ui.app import DeviceWatch, application, build_window
from ui.main_window import KioskWindow
from ui.screens.overview import OverviewScreen
from ui.screenshots import save_screenshot

log = logging.getLogger(__name__)


def settle(milliseconds: int = 50) -> None:
    """Let the event loop deliver what is pending (queued signals, paints)."""
    deadline = time.monotonic() + milliseconds / 1000
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Run the event loop until ``condition`` holds; raise if it never does."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not reach the expected state in time")
        settle(20)


def tap(button: QAbstractButton) -> None:
    """A finger tap on ``button``, through the same input path as a touch."""
    if not button.isVisible() or not button.isEnabled():
        raise RuntimeError(f"cannot tap the hidden or disabled button {button.text()!r}")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    settle()


class ScriptedCitizen:
    """Plays one visit and records a screenshot of every screen it passes."""

    def __init__(self, window: KioskWindow, artifacts: Path) -> None:
        self.window = window
        self.artifacts = artifacts
        self.shots: list[Path] = []

    def shot(self, name: str) -> None:
        settle()
        path = self.artifacts / "screens" / f"{len(self.shots) + 1:02d}-{name}.png"
        self.shots.append(save_screenshot(self.window, path))

    def play(self, insert_card: Callable[[], None]) -> None:
        attract = self.window.attract
        self.shot("attract-vi")
        tap(attract.language_buttons["en"])
        self.shot("attract-en")
        tap(attract.language_buttons["vi"])
        tap(attract.start_button)
        wait_until(lambda: self.window.current is not None)
        self.shot("overview-vi")
        overview = self.window.current
        assert isinstance(overview, OverviewScreen)
        tap(overview.cancel_button)
        self.shot("cancel-confirm-vi")
        tap(self.window.overlay.secondary)  # "No, continue"
        tap(overview.continue_button)
        wait_until(lambda: not self.window.session.active)
        self.shot("finished-back-to-attract")
        insert_card()
        wait_until(lambda: self.window.session.active, timeout_s=15)
        self.shot("started-by-card")


def play_scripted_demo(config: Config, artifacts: Path) -> int:
    """Run the scripted demo offscreen and write its artefacts."""
    application()
    artifacts.mkdir(parents=True, exist_ok=True)
    with open_devices(config) as devices:
        window = build_window(config)
        watch = DeviceWatch(window, devices)
        window.show()
        citizen = ScriptedCitizen(window, artifacts)
        assert devices.world is not None
        world = devices.world
        citizen.play(world.insert_card)
        statuses = devices.check_all()
        devices.heartbeat(statuses)
        devices.printer.print_raster(render_test_page(config, statuses))
        receipt = world.save_printed(artifacts / "printer" / "test-page.png")
        record = devices.center.kiosk_record()
        (artifacts / "center-record.json").write_text(
            record.model_dump_json(indent=2) if record else "null", encoding="utf-8"
        )
        watch.close()
        window.close()
    log.info("demo finished", extra=fields(count=len(citizen.shots), path=str(artifacts)))
    lines = [f"Demo finished: {len(citizen.shots)} screenshots in {artifacts / 'screens'}"]
    lines.append(f"Printed test page decoded from the printer's ESC/POS bytes: {receipt}")
    lines.append(f"The center's record of this kiosk: {artifacts / 'center-record.json'}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
