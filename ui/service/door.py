"""The way into the service screen: the corner gesture, then the PIN, checked off the GUI thread.

The PIN pad and the service screen cover the whole window. Leaving the kiosk
program for the operating system asks for the PIN once more. An open door left
alone closes after :data:`IDLE_CLOSE_MS`, so a technician who walks away does
not leave the service screen to the lobby.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from drivers.camera.port import Camera
from kiosk.service_desk import EXIT_RESTART, EXIT_TO_OS, ServiceDesk
from kiosk.service_pin import PinOutcome, PinResult, ServicePin
from ui.handoff import run_in_background
from ui.service.pin_pad import PinPad
from ui.service.screen import ServiceScreen

IDLE_CLOSE_MS = 120_000


class Purpose(StrEnum):
    OPEN = "open"  # the PIN opens the service screen
    EXIT = "exit"  # the PIN confirms leaving for the operating system


def _exit_application(code: int) -> None:
    QApplication.exit(code)


class ServiceDoor(QObject):
    """Opens the PIN pad over ``host``; the right PIN opens the :class:`ServiceScreen`."""

    def __init__(
        self,
        host: QWidget,
        pin: ServicePin,
        desk: ServiceDesk,
        camera: Camera | None,
        quit_with: Callable[[int], None] = _exit_application,
    ) -> None:
        super().__init__(host)
        self.host = host
        self.pin = pin
        self.desk = desk
        self.camera = camera
        self.quit_with = quit_with
        self.pad: PinPad | None = None
        self.screen: ServiceScreen | None = None
        self.purpose = Purpose.OPEN
        self.last_outcome: PinOutcome | None = None
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_CLOSE_MS)
        self.idle.timeout.connect(self.close)
        self._watching_taps = False
        host.installEventFilter(self)

    @property
    def is_open(self) -> bool:
        return self.pad is not None or self.screen is not None

    def ask(self, purpose: Purpose = Purpose.OPEN) -> None:
        """Show the PIN pad (the corner gesture, or Exit on the service screen)."""
        if self.pad is not None:
            return
        self.purpose = purpose
        pad = PinPad(self.host)
        pad.submitted.connect(self._try)
        pad.cancelled.connect(self._cancel_pad)
        self.pad = pad
        self._cover(pad)
        if not self.pin.is_set:
            pad.busy(True)
            pad.say(self._words(PinOutcome(PinResult.NOT_SET)))
        elif purpose is Purpose.EXIT:
            pad.say(self.tr("Type the PIN again to leave the kiosk program for the system."))
        run_in_background(self.pin.locked_for_s, self._show_lockout, lambda _: None)
        self._watch_taps(True)
        self.idle.start()

    def close(self) -> None:
        """Close whatever is open and go back to the attract screen."""
        self.idle.stop()
        self._watch_taps(False)
        self._cancel_pad()
        screen, self.screen = self.screen, None
        if screen is not None and shiboken6.isValid(screen):
            screen.stop_camera()
            screen.hide()
            screen.deleteLater()

    # -- the PIN ------------------------------------------------------------------
    def _try(self, pin: str) -> None:
        pad = self.pad
        if pad is None:
            return
        pad.busy(True)
        self.idle.start()
        # Argon2id takes a fifth of a second on purpose: never on the GUI thread.
        run_in_background(lambda: self.pin.check(pin), self._checked)

    def _checked(self, outcome: PinOutcome) -> None:
        self.last_outcome = outcome
        pad = self.pad
        if pad is None or not shiboken6.isValid(pad):
            return
        if outcome.result is not PinResult.OPEN:
            pad.busy(outcome.result in (PinResult.LOCKED, PinResult.NOT_SET))
            pad.say(self._words(outcome))
            return
        self._cancel_pad()
        if self.purpose is Purpose.EXIT:
            self.close()
            self.quit_with(EXIT_TO_OS)
        else:
            self._open_screen()

    def _show_lockout(self, seconds: int) -> None:
        if seconds and self.pad is not None and shiboken6.isValid(self.pad):
            self.pad.busy(True)
            self.pad.say(self._words(PinOutcome(PinResult.LOCKED, 0, seconds)))

    def _words(self, outcome: PinOutcome) -> str:
        if outcome.result is PinResult.WRONG:
            return self.tr(
                "Wrong PIN. %n try(s) left before the PIN is locked.", "", outcome.tries_left
            )
        if outcome.result is PinResult.LOCKED:
            minutes = max(1, -(-outcome.locked_for_s // 60))
            return self.tr(
                "Too many wrong PINs: the service screen is locked for {minutes} min."
            ).format(minutes=minutes)
        return self.tr(
            "No service PIN is set on this kiosk. A technician sets one with "
            "'kiosk service-pin set'."
        )

    def _cancel_pad(self) -> None:
        pad, self.pad = self.pad, None
        if pad is not None and shiboken6.isValid(pad):
            pad.hide()
            pad.deleteLater()
        if self.screen is None:
            self.idle.stop()
            self._watch_taps(False)

    # -- the service screen ----------------------------------------------------------
    def _open_screen(self) -> None:
        screen = ServiceScreen(
            self.desk,
            self.camera,
            on_close=self.close,
            on_restart=self._restart,
            on_exit_to_os=lambda: self.ask(Purpose.EXIT),
            parent=self.host,
        )
        self.screen = screen
        self._cover(screen)
        self._watch_taps(True)
        self.idle.start()

    def _restart(self) -> None:
        self.close()
        self.quit_with(EXIT_RESTART)

    def _cover(self, widget: QWidget) -> None:
        widget.setGeometry(self.host.rect())
        widget.show()
        widget.raise_()

    def _watch_taps(self, watching: bool) -> None:
        """Every tap while the door is open keeps it open (taps land on its buttons)."""
        app = QApplication.instance()
        if app is None or watching == self._watching_taps:
            return
        self._watching_taps = watching
        if watching:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.host and kind == QEvent.Type.Resize:
            for shown in (self.screen, self.pad):
                if shown is not None and shiboken6.isValid(shown):
                    shown.setGeometry(self.host.rect())
        elif kind == QEvent.Type.MouseButtonPress and self.is_open:
            self.idle.start()  # the technician is still there
        return False
