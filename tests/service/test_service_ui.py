"""The technician's way in, on the real simulated devices with Qt offscreen.

The attract screen's device marks (the screen's language, each device once),
the corner gesture, the PIN (five wrong tries lock it, across a restart), and
the service screen: doctor off the GUI thread, outbox, test print, camera,
restart and exit codes.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from center.officers import PasswordCost
from drivers.card.pcscd import PcscDaemon
from drivers.status import DeviceStatus
from kiosk.app import Devices, open_kiosk
from kiosk.config import Config, Paths, Service
from kiosk.delivery import Delivery
from kiosk.service_desk import EXIT_RESTART, EXIT_TO_OS, ServiceDesk
from kiosk.service_gesture import TAPS
from kiosk.service_pin import LOCKOUT_S, MAX_TRIES, PinResult, ServicePin, hash_pin
from kiosk.session import EndReason
from kiosk.systemd import SystemdNotifier
from ui.app import DeviceWatch, build_citizen_window, open_service_door
from ui.main_window import KioskWindow
from ui.screenshots import save_screenshot
from ui.service import ServiceDoor
from ui.watchdog import MainThreadWatchdog

PIN = "482913"
CHEAP = PasswordCost(time_cost=1, memory_kib=8, parallelism=1)


@pytest.fixture
def kiosk(tmp_path: Path, pcscd_daemon: PcscDaemon) -> Iterator[tuple[Config, Devices, Delivery]]:
    config = Config(
        paths=Paths(state_dir=tmp_path / "state"),
        service=Service(pin_hash=hash_pin(PIN, CHEAP)),
    )
    with open_kiosk(config, daemon=pcscd_daemon) as (devices, delivery):
        yield config, devices, delivery


class Built:
    def __init__(self, window: KioskWindow, watch: DeviceWatch, door: ServiceDoor) -> None:
        self.window = window
        self.watch = watch
        self.door = door
        self.codes: list[int] = []
        door.quit_with = self.codes.append


@pytest.fixture
def built(qtbot: QtBot, kiosk: tuple[Config, Devices, Delivery]) -> Iterator[Built]:
    config, devices, delivery = kiosk
    window, desk = build_citizen_window(config, devices, delivery)
    watch = DeviceWatch(window, desk.parts)
    door = open_service_door(window, desk.parts)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield Built(window, watch, door)
    door.close()
    watch.close()
    window.session.end(EndReason.CANCELLED)


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def knock(qtbot: QtBot, window: KioskWindow) -> None:
    for _ in range(TAPS):
        tap(qtbot, window.attract.corner)


def type_pin(qtbot: QtBot, door: ServiceDoor, pin: str) -> PinResult:
    pad = door.pad
    assert pad is not None
    before = door.last_outcome
    for digit in pin:
        tap(qtbot, pad.keypad.keys[digit])
    tap(qtbot, pad.open_button)
    qtbot.waitUntil(lambda: door.last_outcome is not before, timeout=10_000)
    assert door.last_outcome is not None
    return door.last_outcome.result


def all_text(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


# -- the public line -----------------------------------------------------------------


def test_the_device_marks_speak_the_screens_language_and_name_each_device_once(
    qtbot: QtBot, built: Built, screenshots_dir: Path
) -> None:
    attract = built.window.attract
    qtbot.waitUntil(lambda: bool(attract.marks), timeout=20_000)
    built.window.set_language("en")
    qtbot.waitUntil(lambda: "Printer" in " ".join(attract.mark_texts()), timeout=5_000)
    english = attract.mark_texts()
    names = [text.split(" ", 1)[1] for text in english]
    assert len(names) == len(set(names)), english
    assert "Printer" in names and "Center link" in names
    assert all(text[0] in "✓✕" for text in english)
    save_screenshot(built.window, screenshots_dir / "attract-en.png")
    built.window.set_language("vi")
    qtbot.waitUntil(lambda: "Printer" not in " ".join(attract.mark_texts()), timeout=5_000)
    vietnamese = attract.mark_texts()
    assert "✓ Máy in" in vietnamese or "✕ Máy in" in vietnamese
    assert len(vietnamese) == len(english) and vietnamese != english
    save_screenshot(built.window, screenshots_dir / "attract-vi.png")
    shown = [label for label in attract.mark_labels if label.isVisible()]
    assert {label.property("health") for label in shown} <= {"ready", "fault"}
    cut = [label.text() for label in shown if label.width() < label.sizeHint().width()]
    assert cut == []  # each mark's text fits its pill, in the longer language too


# -- the PIN -----------------------------------------------------------------------------


def test_the_corner_gesture_asks_for_the_pin_and_the_right_one_opens(
    qtbot: QtBot, built: Built, screenshots_dir: Path
) -> None:
    window, door = built.window, built.door
    tap(qtbot, window.attract.corner)
    assert door.pad is None  # one tap is a passer-by's
    knock(qtbot, window)
    assert door.pad is not None and door.pad.isVisible()
    save_screenshot(window, screenshots_dir / "service-pin.png")
    assert type_pin(qtbot, door, PIN) is PinResult.OPEN
    screen = door.screen
    assert screen is not None and screen.isVisible() and door.pad is None
    qtbot.waitUntil(lambda: bool(screen.statuses), timeout=20_000)
    qtbot.waitUntil(lambda: "0 · " in screen.outbox.text(), timeout=5_000)  # "Chờ gửi: 0 · ..."
    assert "card reader" in screen.devices.text()
    save_screenshot(window, screenshots_dir / "service-screen.png")
    world = window.session  # no session: the service screen is only on the attract screen
    assert not world.active
    tap(qtbot, screen.close_button)
    assert door.screen is None and not door.is_open


def test_five_wrong_pins_lock_the_door_and_a_restart_does_not_reopen_it(
    qtbot: QtBot, built: Built, kiosk: tuple[Config, Devices, Delivery]
) -> None:
    window, door = built.window, built.door
    window.set_language("en")
    knock(qtbot, window)
    results: list[PinResult] = []
    said: list[str] = []
    for _ in range(MAX_TRIES):
        results.append(type_pin(qtbot, door, "000000"))
        assert door.pad is not None
        said.append(door.pad.message.text())
    assert results == [PinResult.WRONG] * (MAX_TRIES - 1) + [PinResult.LOCKED]
    assert f"{MAX_TRIES - 1} tries left" in said[0]
    assert "1 try left" in said[MAX_TRIES - 2]
    assert door.pad is not None and not door.pad.open_button.isEnabled()
    assert f" {LOCKOUT_S // 60} " in door.pad.message.text()  # "... locked for 15 min."
    door.close()

    config, _, _ = kiosk
    restarted = ServicePin(config.service.pin_hash, config.paths.state_dir)
    assert restarted.check(PIN).result is PinResult.LOCKED
    knock(qtbot, window)  # a new door after the restart says so at once
    pad = door.pad
    assert pad is not None
    qtbot.waitUntil(lambda: f" {LOCKOUT_S // 60} " in pad.message.text(), timeout=5_000)
    assert not pad.keypad.isEnabled()


# -- the service screen ----------------------------------------------------------------


class SlowDesk(ServiceDesk):
    """A doctor that takes a second: a network printer that does not answer, say."""

    def doctor(self) -> list[DeviceStatus]:
        time.sleep(1.0)
        return super().doctor()


class PingRecorder:
    """systemd's end of the watchdog socket, on its own thread, stamping each ping."""

    def __init__(self) -> None:
        self.address = f"@kiosk-service-{uuid.uuid4().hex}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + self.address[1:])
        self.sock.settimeout(0.02)
        self.times: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                self.sock.recv(64)
            except TimeoutError:
                continue
            self.times.append(time.monotonic())

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


def test_the_doctor_runs_off_the_gui_thread(qtbot: QtBot, built: Built) -> None:
    door = built.door
    door.desk = SlowDesk(door.desk.parts)
    recorder = PingRecorder()
    try:
        with SystemdNotifier({"NOTIFY_SOCKET": recorder.address}) as notifier:
            watchdog = MainThreadWatchdog(notifier, 0.02)
            watchdog.start()
            knock(qtbot, built.window)
            assert type_pin(qtbot, door, PIN) is PinResult.OPEN
            screen = door.screen
            assert screen is not None
            started = time.monotonic()
            assert screen.doctor_running
            qtbot.waitUntil(lambda: not screen.doctor_running, timeout=20_000)
            ended = time.monotonic()
            watchdog.stop()
    finally:
        recorder.close()
    assert ended - started >= 0.9  # the doctor really took its second
    during = [at for at in recorder.times if started <= at <= ended]
    gaps = [later - earlier for earlier, later in itertools.pairwise(during)]
    # 20 ms pings: a blocked GUI thread would leave one gap of a whole second.
    assert len(during) >= 10 and max(gaps) < 0.5, (len(during), max(gaps, default=0))


def test_test_print_camera_restart_and_exit(
    qtbot: QtBot, built: Built, kiosk: tuple[Config, Devices, Delivery]
) -> None:
    _, devices, _ = kiosk
    world = devices.world
    assert world is not None and world.printer is not None
    door = built.door
    knock(qtbot, built.window)
    assert type_pin(qtbot, door, PIN) is PinResult.OPEN
    screen = door.screen
    assert screen is not None

    tap(qtbot, screen.print_button)
    qtbot.waitUntil(lambda: screen.action_result.text().startswith("OK"), timeout=20_000)
    assert len(world.printer.wait_for_jobs(1, timeout=10)) >= 1

    tap(qtbot, screen.camera_button)
    qtbot.waitUntil(lambda: not screen.preview.pixmap().isNull(), timeout=20_000)
    peek = screen.peek
    assert peek is not None
    tap(qtbot, screen.camera_button)
    assert screen.peek is None and not peek.running

    tap(qtbot, screen.restart_button)
    assert built.codes == [EXIT_RESTART]

    knock(qtbot, built.window)
    assert type_pin(qtbot, door, PIN) is PinResult.OPEN
    screen = door.screen
    assert screen is not None
    tap(qtbot, screen.exit_button)  # asks the PIN once more
    assert door.pad is not None and built.codes == [EXIT_RESTART]
    assert type_pin(qtbot, door, "111111") is PinResult.WRONG
    assert built.codes == [EXIT_RESTART]
    assert type_pin(qtbot, door, PIN) is PinResult.OPEN
    assert built.codes == [EXIT_RESTART, EXIT_TO_OS]
    assert not door.is_open


def test_no_citizen_data_on_the_service_screen(
    qtbot: QtBot, built: Built, kiosk: tuple[Config, Devices, Delivery]
) -> None:
    _, devices, _ = kiosk
    world = devices.world
    assert world is not None
    door = built.door
    knock(qtbot, built.window)
    assert type_pin(qtbot, door, PIN) is PinResult.OPEN
    screen = door.screen
    assert screen is not None
    qtbot.waitUntil(lambda: bool(screen.statuses), timeout=20_000)
    text = all_text(screen)
    for citizen in world.citizens:
        person = citizen.citizen
        assert person.full_name not in text
        assert person.id_number not in text


def test_a_citizen_starting_closes_the_technicians_screens(qtbot: QtBot, built: Built) -> None:
    door = built.door
    knock(qtbot, built.window)
    assert type_pin(qtbot, door, PIN) is PinResult.OPEN
    assert door.screen is not None
    built.window.start()  # as a card laid on the reader does
    assert not door.is_open
