"""The kiosk window: shows the screen of the session's current step, nothing more.

The window observes the Qt-free :class:`~kiosk.session.KioskSession` and turns
its events into screens and overlays. A step's screen is built fresh when the
step is entered and destroyed when it is left, so that no citizen's data lingers
in a hidden widget after the session ends.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from drivers.status import DeviceStatus
from kiosk.config import Config, Language
from kiosk.journey import Journey
from kiosk.logs import fields
from kiosk.session import EndReason, EventKind, KioskSession, SessionEvent
from ui.dialogs import Overlay
from ui.i18n import Translations
from ui.registry import ScreenRegistry
from ui.screens.attract import AttractScreen
from ui.screens.base import Navigator, Screen, ScreenContext

log = logging.getLogger(__name__)

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
    }
)


class KioskWindow(QMainWindow):
    """Fullscreen window: the attract screen, or the screen of the current step."""

    def __init__(
        self,
        config: Config,
        session: KioskSession,
        journey: Journey,
        registry: ScreenRegistry,
        translations: Translations,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Kiosk")
        self.config = config
        self.session = session
        self.journey = journey
        self.registry = registry
        self.translations = translations
        navigator = Navigator(self.advance, self.back, self.request_cancel, self.set_language)
        self.context = ScreenContext(config, session, journey, navigator)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.attract = AttractScreen(self.context, self.start)
        self.stack.addWidget(self.attract)
        self.current: Screen | None = None
        self.overlay = Overlay(self.stack)
        self._idle_overlay_open = False

        session.subscribe(self._on_session_event)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(1000)
        self.idle_timer.timeout.connect(session.tick)
        self.idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        translations.apply(session.language)

    # -- navigation (what screens may ask) -------------------------------
    def start(self) -> None:
        self.session.start(self.journey.first)

    def advance(self) -> None:
        following = self.journey.after(self.session.step)
        if following is None:
            self.session.end(EndReason.FINISHED)
        else:
            self.session.go(following)

    def back(self) -> None:
        self.session.back()

    def set_language(self, language: Language) -> None:
        self.session.set_language(language)

    def request_cancel(self) -> None:
        """Ask once; only a confirmed cancel wipes the session."""
        self.overlay.ask(
            self.tr("Cancel and erase everything you entered?"),
            (self.tr("Yes, cancel"), lambda: self.session.end(EndReason.CANCELLED)),
            (self.tr("No, continue"), self.session.touch),
        )

    # -- session events ----------------------------------------------------
    def _on_session_event(self, event: SessionEvent) -> None:
        if event.kind in (EventKind.STARTED, EventKind.STEP):
            self._show_step(event.step)
        elif event.kind is EventKind.LANGUAGE:
            self.translations.apply(event.language)
        elif event.kind is EventKind.IDLE_WARNING:
            self._warn_idle(event.seconds_left)
        elif event.kind is EventKind.RESUMED:
            self._close_idle_overlay()
        elif event.kind is EventKind.ENDED:
            self._close_idle_overlay()
            self.overlay.hide()
            self._drop_current()
            self.stack.setCurrentWidget(self.attract)
            self.translations.apply(event.language)

    def _show_step(self, step: str) -> None:
        screen = self.registry.create(step, self.context)
        self._drop_current()
        self.current = screen
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        log.info("screen shown", extra=fields(screen=step))

    def _drop_current(self) -> None:
        if self.current is not None:
            self.stack.removeWidget(self.current)
            self.current.deleteLater()
            self.current = None

    def _warn_idle(self, seconds_left: int) -> None:
        message = self.tr(
            "Are you still there? In %n second(s) this session ends and what you entered "
            "is erased.",
            "",
            seconds_left,
        )
        if self._idle_overlay_open:
            self.overlay.update_message(message)
            return
        self._idle_overlay_open = True
        self.overlay.ask(
            message,
            (self.tr("I need more time"), self._resume),
            (self.tr("End now"), lambda: self.session.end(EndReason.CANCELLED)),
        )

    def _resume(self) -> None:
        self._idle_overlay_open = False
        self.session.touch()

    def _close_idle_overlay(self) -> None:
        if self._idle_overlay_open:
            self._idle_overlay_open = False
            self.overlay.hide()

    # -- staff status --------------------------------------------------------
    def show_device_statuses(self, statuses: list[DeviceStatus]) -> None:
        self.attract.show_device_statuses(statuses)

    # -- input tracking ------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While the idle warning is up, only its buttons decide: a tap on the
        # veil must not silently dismiss it, nor swallow "End now".
        if event.type() in _INPUT_EVENTS and not self._idle_overlay_open:
            self.session.touch()
        return False
