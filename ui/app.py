"""Starting the Qt application: the production kiosk and the demo.

This is the only place that builds the window, and the only module the
``kiosk`` command imports from ``ui/``.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from drivers.card.port import CardEvent
from drivers.speech.port import Speaker
from drivers.status import DeviceStatus
from kiosk.app import Devices, open_kiosk
from kiosk.config import Config
from kiosk.delivery import Delivery, heartbeat_status
from kiosk.journey import CITIZEN_JOURNEY, DEFAULT_JOURNEY, OVERVIEW, Journey
from kiosk.logs import fields
from kiosk.parts import KioskParts
from kiosk.service_desk import ServiceDesk
from kiosk.service_pin import ServicePin
from kiosk.session import EndReason, EventKind, KioskSession, SessionEvent
from kiosk.startup_checks import check_startup
from kiosk.state_lock import StateLock
from kiosk.systemd import SystemdNotifier
from ui.handoff import GuiCallback, run_in_background
from ui.i18n import Translations
from ui.journey.wiring import CitizenDesk
from ui.main_window import KioskWindow
from ui.registry import ScreenRegistry
from ui.screens.overview import OverviewScreen
from ui.service import ServiceDoor
from ui.theme import application_font, apply_theme
from ui.warmup import pace_garbage_collection
from ui.watchdog import MainThreadWatchdog

log = logging.getLogger(__name__)

STATUS_POLL_MS = 30_000
# The heartbeat sends the ratings of the last weeks whole (the center replaces them).
RATING_DAYS_SENT = timedelta(days=35)
# The portrait full-HD touch screens of lobby kiosks; the window is fullscreen
# on a real display and this size offscreen.
KIOSK_SIZE = (1080, 1920)
# How long a worker thread may keep the interpreter lock while the GUI thread
# waits for it (Python's default is 5 ms). The GUI thread takes the lock for
# every Qt callback into Python, so under a busy worker (sealing a dossier,
# rendering a receipt) each callback could wait 5 ms and a screen change, made
# of dozens of callbacks, stall for a tenth of a second.
GUI_SWITCH_INTERVAL_S = 0.0005


def has_display() -> bool:
    """Whether a real screen (X11 or Wayland) is available to this process."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application() -> QApplication:
    """The one QApplication, styled for the kiosk."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("kiosk")
    app.setFont(application_font())
    apply_theme(app)
    return app


def default_registry() -> ScreenRegistry:
    """Screens of the steps that exist so far."""
    registry = ScreenRegistry()
    registry.register(OVERVIEW, OverviewScreen)
    return registry


def build_window(
    config: Config,
    journey: Journey = DEFAULT_JOURNEY,
    session: KioskSession | None = None,
    registry: ScreenRegistry | None = None,
    speaker: Speaker | None = None,
) -> KioskWindow:
    """A window on a fresh session; devices are attached separately."""
    application()
    session = session or KioskSession(config.timeouts, config.languages.default)
    registry = registry or default_registry()
    window = KioskWindow(config, session, journey, registry, Translations(), speaker=speaker)
    if _offscreen():
        # No screen to fill: the kiosk's own size, which content must fit (tests check it).
        window.setFixedSize(*KIOSK_SIZE)
    else:
        window.resize(*KIOSK_SIZE)
    return window


def _offscreen() -> bool:
    return QGuiApplication.platformName() in ("offscreen", "minimal") or not has_display()


def build_citizen_window(
    config: Config, devices: Devices, delivery: Delivery, session: KioskSession | None = None
) -> tuple[KioskWindow, CitizenDesk]:
    """The kiosk's window on the whole citizen journey, over ``devices`` and ``delivery``."""
    application()
    desk = CitizenDesk(KioskParts.assemble(config, devices, delivery), lambda: False)
    window = build_window(
        config, CITIZEN_JOURNEY, session, registry=desk.registry(), speaker=devices.speaker
    )
    desk.card_on_reader = lambda: window.card_on_reader
    desk.warm_up()
    pace_garbage_collection(window.session)
    return window, desk


class DeviceWatch:
    """Connects the window to the devices: card events, device marks, heartbeats.

    All device calls run in the background; results come back on the GUI thread.
    The marks count the outbox too; the heartbeat is signed with the kiosk's key.
    """

    def __init__(self, window: KioskWindow, parts: KioskParts) -> None:
        self.window = window
        self.parts = parts
        self.devices = parts.devices
        self._on_card = GuiCallback(self._card_event)
        self.devices.card.add_observer(self._on_card)
        self._last_statuses: list[DeviceStatus] = []
        self._closed = False
        self.service = ServiceDesk(parts)
        window.help_desk.subscribe(self.send_heartbeat)
        self.timer = QTimer(window)
        self.timer.setInterval(STATUS_POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.poll()

    def poll(self) -> None:
        run_in_background(self.service.doctor, self._statuses)

    def _statuses(self, statuses: list[DeviceStatus]) -> None:
        if self._closed:
            return  # a poll still in flight when the window closed
        self.window.show_device_statuses(statuses)
        self._last_statuses = statuses
        self.send_heartbeat()

    def send_heartbeat(self) -> None:
        """A heartbeat now, from a worker thread (a call for staff opened or closed).

        Offline it fails in the background; the next one carries the call.
        """
        if self._closed:
            return
        statuses = self._last_statuses
        run_in_background(lambda: self._heartbeat(statuses), lambda _: None)

    def _heartbeat(self, statuses: list[DeviceStatus]) -> None:
        delivery = self.parts.delivery
        ratings = self.parts.ratings
        since = date.today() - RATING_DAYS_SENT
        extra = heartbeat_status(
            delivery.status(),
            ratings.counts(),
            ratings.by_day(since),
            help_call=self.window.help_desk.status(),
        )
        delivery.link.heartbeat(statuses, extra)

    def _card_event(self, event: object) -> None:
        assert isinstance(event, CardEvent)
        log.info("card event", extra=fields(event=event.kind.value))
        self.window.card_event(event.kind)

    def close(self) -> None:
        self._closed = True
        self.timer.stop()
        self.window.help_desk.unsubscribe(self.send_heartbeat)
        self.devices.card.remove_observer(self._on_card)


def open_service_door(window: KioskWindow, parts: KioskParts) -> ServiceDoor:
    """The attract screen's corner gesture: the service PIN, then the service screen."""
    config = parts.config
    door = ServiceDoor(
        window,
        ServicePin(config.service.pin_hash, config.paths.state_dir),
        ServiceDesk(parts),
        parts.devices.camera,
    )
    window.attract.technician_asked.connect(door.ask)

    def citizen_first(event: SessionEvent) -> None:
        # A card laid on the reader starts a session: the technician's screens give way.
        if event.kind is EventKind.STARTED:
            door.close()

    window.session.subscribe(citizen_first)
    return door


def _show(window: KioskWindow) -> None:
    if not _offscreen():
        window.showFullScreen()
    else:
        window.show()


def _quit_on_sigterm(app: QApplication) -> QTimer:
    """Let SIGTERM (systemctl stop) quit the event loop so the session is wiped.

    Python runs signal handlers only between bytecodes; a short idle timer
    gives it that chance while Qt's C++ event loop is waiting.
    """
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    timer = QTimer(app)
    timer.setInterval(250)
    timer.timeout.connect(lambda: None)
    timer.start()
    return timer


def run_kiosk(config: Config, *, demo: bool = False) -> int:
    """The production kiosk: fullscreen, on the configured devices, watched by systemd.

    ``demo``: a person at the screen drives the simulated lobby from a small panel,
    and the simulated camera keeps its frame rate.
    """
    check_startup(config)  # the checks `kiosk doctor` runs, before any device or window
    with StateLock(config.paths.state_dir, "starting another"):
        return _run_kiosk(config, demo)


def _run_kiosk(config: Config, demo: bool) -> int:
    app = application()
    notifier = SystemdNotifier()
    notifier.status("starting devices")
    with open_kiosk(config, realtime_camera=demo) as (devices, delivery):
        window, desk = build_citizen_window(config, devices, delivery)
        watch = DeviceWatch(window, desk.parts)
        door = open_service_door(window, desk.parts)
        _show(window)
        panel = None
        if demo and devices.world is not None:
            from ui.simulator_panel import SimulatorPanel

            panel = SimulatorPanel(devices.world)
            panel.show()
        _quit_on_sigterm(app)

        def ready() -> None:
            # READY=1 once the attract screen is on screen, then the watchdog
            # pings from the GUI thread: a frozen UI stops them and trips systemd.
            notifier.ready("attract screen shown")
            MainThreadWatchdog.from_environment(notifier, parent=app)

        QTimer.singleShot(0, ready)
        status = app.exec()
        notifier.stopping()
        window.session.end(EndReason.FAULT if status else EndReason.CANCELLED)
        door.close()
        watch.close()
        if panel is not None:
            panel.close()
    return status


def run_demo(config: Config, artifacts: Path, scripted: bool | None) -> int:
    """The kiosk on simulated devices with an embedded center.

    With no display (or ``scripted``) a scripted citizen plays a session
    offscreen and leaves screenshots and records in ``artifacts``.
    """
    from ui.scripted import play_scripted_demo

    if scripted is None:
        scripted = not has_display()
    if scripted:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return play_scripted_demo(config, artifacts)
    return run_kiosk(config, demo=True)
