"""The watchdog pings come from the Qt main thread: a frozen UI stops them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.systemd import SystemdNotifier
from ui.watchdog import MainThreadWatchdog

INTERVAL = 0.02  # seconds: WatchdogSec= would be twice this
FREEZE = 0.5  # seconds: 25 intervals


class PingRecorder:
    """Stands in for systemd: receives on an abstract socket, stamps each datagram on arrival.

    It runs on its own thread, so it keeps listening while the Qt main thread is blocked.
    """

    def __init__(self) -> None:
        self.address = f"@kiosk-watchdog-{uuid.uuid4().hex}"
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind("\0" + self.address[1:])
        self._sock.settimeout(0.02)
        self._lock = threading.Lock()
        self._pings: list[tuple[float, bytes]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ping-recorder", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._sock.recv(4096)
            except TimeoutError:
                continue
            with self._lock:
                self._pings.append((time.monotonic(), data))

    def payloads(self) -> list[bytes]:
        with self._lock:
            return [data for _, data in self._pings]

    def times(self) -> list[float]:
        with self._lock:
            return [at for at, _ in self._pings]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()


@pytest.fixture
def recorder() -> Iterator[PingRecorder]:
    recorder = PingRecorder()
    try:
        yield recorder
    finally:
        recorder.close()


@pytest.fixture
def notifier(recorder: PingRecorder) -> Iterator[SystemdNotifier]:
    with SystemdNotifier({"NOTIFY_SOCKET": recorder.address}) as notifier:
        yield notifier


@pytest.fixture
def make_watchdog(qapp: QApplication) -> Iterator[Callable[..., MainThreadWatchdog]]:
    """Build watchdogs that are stopped when the test ends, whatever happens."""
    made: list[MainThreadWatchdog] = []

    def make(notifier: SystemdNotifier, interval: float = INTERVAL) -> MainThreadWatchdog:
        watchdog = MainThreadWatchdog(notifier, interval)
        made.append(watchdog)
        return watchdog

    yield make
    for watchdog in made:
        watchdog.stop()


def test_pings_arrive_while_the_event_loop_runs(
    qtbot: QtBot,
    recorder: PingRecorder,
    notifier: SystemdNotifier,
    make_watchdog: Callable[..., MainThreadWatchdog],
) -> None:
    watchdog = make_watchdog(notifier)
    watchdog.start()
    assert watchdog.active
    assert watchdog.interval == pytest.approx(INTERVAL)
    # 0.5 s of event loop at 20 ms is ~25 pings; ask for far fewer (noisy machines).
    qtbot.waitUntil(lambda: len(recorder.times()) >= 8, timeout=5000)
    assert set(recorder.payloads()) == {b"WATCHDOG=1"}

    watchdog.stop()
    qtbot.wait(100)  # let pings already sent reach the recorder
    settled = len(recorder.times())
    qtbot.wait(10 * int(INTERVAL * 1000))
    assert len(recorder.times()) == settled, "pings continued after stop()"


def test_a_blocked_main_thread_stops_the_pings(
    qtbot: QtBot,
    recorder: PingRecorder,
    notifier: SystemdNotifier,
    make_watchdog: Callable[..., MainThreadWatchdog],
) -> None:
    watchdog = make_watchdog(notifier)
    watchdog.start()
    qtbot.waitUntil(lambda: len(recorder.times()) >= 5, timeout=5000)

    freeze: dict[str, float] = {}

    def frozen_slot() -> None:
        # What a UI stuck on a device or a lock looks like to the event loop.
        freeze["start"] = time.monotonic()
        time.sleep(FREEZE)
        freeze["end"] = time.monotonic()

    QTimer.singleShot(0, frozen_slot)
    qtbot.waitUntil(lambda: "end" in freeze, timeout=5000)
    # The loop runs again: pings resume.
    qtbot.waitUntil(lambda: sum(at > freeze["end"] for at in recorder.times()) >= 3, timeout=5000)
    watchdog.stop()

    times = recorder.times()
    # A ping sent just before the freeze may still be arriving: allow it 0.1 s.
    during = [at for at in times if freeze["start"] + 0.1 < at < freeze["end"]]
    assert during == [], f"{len(during)} pings while the main thread was blocked"
    last_before = max(at for at in times if at <= freeze["start"] + 0.1)
    first_after = min(at for at in times if at > freeze["end"])
    # Silence far longer than WatchdogSec (2 intervals): systemd would have fired.
    assert first_after - last_before >= FREEZE - 0.1 > 2 * INTERVAL


def test_from_environment_follows_systemd(
    qapp: QApplication,
    qtbot: QtBot,
    recorder: PingRecorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", recorder.address)
    monkeypatch.setenv("WATCHDOG_USEC", "60000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    with SystemdNotifier() as notifier:
        watchdog = MainThreadWatchdog.from_environment(notifier)
        assert watchdog is not None
        try:
            assert watchdog.active
            assert watchdog.interval == pytest.approx(0.03)
            qtbot.waitUntil(lambda: len(recorder.times()) >= 3, timeout=5000)
        finally:
            watchdog.stop()


@pytest.mark.parametrize(
    "environ",
    [
        {"WATCHDOG_USEC": "60000"},  # not started by systemd: no NOTIFY_SOCKET
        {"NOTIFY_SOCKET": "@kiosk-unused"},  # no WatchdogSec=
        {"NOTIFY_SOCKET": "@kiosk-unused", "WATCHDOG_USEC": "60000", "WATCHDOG_PID": "1"},
    ],
    ids=["no-socket", "no-watchdog", "other-pid"],
)
def test_from_environment_without_a_watchdog_gives_none(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str]
) -> None:
    for key in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
        monkeypatch.delenv(key, raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    with SystemdNotifier() as notifier:
        assert MainThreadWatchdog.from_environment(notifier) is None


def test_refuses_to_live_off_the_main_thread(qapp: QApplication, notifier: SystemdNotifier) -> None:
    errors: list[BaseException] = []

    def build() -> None:
        try:
            MainThreadWatchdog(notifier, INTERVAL)
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=build)
    thread.start()
    thread.join()
    assert len(errors) == 1


def test_rejects_a_non_positive_interval(qapp: QApplication, notifier: SystemdNotifier) -> None:
    with pytest.raises(ValueError, match="positive"):
        MainThreadWatchdog(notifier, 0)
