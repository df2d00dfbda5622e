"""The kiosk window: shows the screen of the session's current step, nothing more.

The window observes the Qt-free :class:`~kiosk.session.KioskSession` and turns
its events into screens and overlays. A step's screen is built fresh when the
step is entered and destroyed when it is left, so that no citizen's data lingers
in a hidden widget after the session ends.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.card.port import CardEventKind
from drivers.speech.port import Speaker
from drivers.status import DeviceStatus
from kiosk.config import Config, Language
from kiosk.help_call import CloseReason, HelpDesk
from kiosk.intake import flow_of
from kiosk.journey import INTAKE, Journey
from kiosk.logs import fields
from kiosk.progress import place_of
from kiosk.session import EndReason, EventKind, KioskSession, SessionEvent
from ui.accessibility import Accessibility, FocusVisible
from ui.dialogs import Overlay
from ui.header import JourneyHeader
from ui.i18n import Translations
from ui.input_watch import InputWatch
from ui.registry import ScreenRegistry
from ui.screen_swap import SwapLater, release, retire
from ui.screens.attract import LANGUAGE_NAMES, AttractScreen
from ui.screens.base import Navigator, Screen, ScreenContext, button

log = logging.getLogger(__name__)

# A passer-by's accessibility choices on the attract screen are forgotten after this.
ATTRACT_RESET_MS = 120_000


class KioskWindow(QMainWindow):
    """Fullscreen window: the attract screen, or the screen of the current step."""

    def __init__(
        self,
        config: Config,
        session: KioskSession,
        journey: Journey,
        registry: ScreenRegistry,
        translations: Translations,
        *,
        speaker: Speaker | None = None,
        help_desk: HelpDesk | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Kiosk")
        self.config = config
        self.session = session
        self.journey = journey
        self.registry = registry
        self.translations = translations
        navigator = Navigator(
            self.advance, self.back, self.request_cancel, self.set_language, self._changed
        )
        self.stack = QStackedWidget()
        self.context = ScreenContext(config, session, journey, navigator, host=self.stack)
        app = QApplication.instance()
        assert isinstance(app, QApplication), "create the QApplication first"
        self.accessibility = Accessibility(app, speaker, lambda: self.session.language, parent=self)
        self.language_button = button("accessibility", self._switch_language)  # the bar's look
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.header = JourneyHeader()
        self.header.help_button.clicked.connect(self._help_tapped)
        self.header.hide()  # the attract screen has its own staff line
        self.help_desk = help_desk or HelpDesk()
        self.help_desk.subscribe(self._help_changed)
        self.setCentralWidget(self._chrome())
        self.attract = AttractScreen(self.context, self.start)
        self.stack.addWidget(self.attract)
        self.current: Screen | None = None
        """The current step's screen (shown at the next turn: :mod:`ui.screen_swap`)."""
        self._shown: Screen | None = None
        self._swap = SwapLater(self, self._put_on_screen)
        self.overlay = Overlay(self.stack)
        self._idle_overlay_open = False
        self._card_overlay_open = False
        self.card_on_reader = False

        session.subscribe(self._on_session_event)
        self.attract_reset = QTimer(self)
        self.attract_reset.setSingleShot(True)
        self.attract_reset.setInterval(ATTRACT_RESET_MS)
        self.attract_reset.timeout.connect(self._reset_if_idle)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(1000)
        self.idle_timer.timeout.connect(session.tick)
        self.idle_timer.start()
        # The focus ring for keys, not taps: told each press's kind by the input watch.
        self.focus_visible = FocusVisible(app, parent=self)
        self.input_watch = InputWatch(self, self._on_input, self.focus_visible.input_seen)
        translations.apply(session.language)
        self._show_language_button()
        self.accessibility.screen_shown(self.attract)

    def _chrome(self) -> QWidget:
        """The screens above, and the bar every screen shares: language and accessibility."""
        chrome = QWidget()
        column = QVBoxLayout(chrome)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.stack, 1)
        # The language button sits inside the bar, within its margins, like its toggles.
        self.accessibility.bar.add_button(self.language_button)
        column.addWidget(self.accessibility.bar)
        return chrome

    def _changed(self) -> None:
        self._show_place()
        if self.current is not None:
            self.accessibility.screen_shown(self.current)

    def _show_place(self) -> None:
        """The header follows the session: where the citizen is, on every journey screen."""
        session = self.session
        self.header.setVisible(session.active)
        self.header.show_place(place_of(session.step, flow_of(session)) if session.active else None)

    # -- a call for staff (kiosk.help_call) ----------------------------------
    def screen_id(self) -> str:
        """The screen on view as a step id, never what is on it (sent to the center)."""
        step = self.session.step
        flow = flow_of(self.session)
        if step == INTAKE and flow is not None:
            return f"{step}:{flow.current.kind.value}"
        return step

    def _help_tapped(self) -> None:
        if self.help_desk.is_open:
            self.help_desk.close(CloseReason.STAFF)  # the staff member came, or no longer needed
            return
        self.help_desk.request(self.screen_id())
        message = self.tr(
            "A staff member is coming to help you. You can go on meanwhile: what you "
            "entered is kept, and the session waits for you."
        )
        self._close_idle_overlay()
        self.accessibility.announce(message)
        self.overlay.ask(
            message,
            (self.tr("Go on while I wait"), lambda: None),
            (self.tr("Cancel the call"), lambda: self.help_desk.close(CloseReason.CITIZEN)),
        )

    def _help_changed(self) -> None:
        call_open = self.help_desk.is_open
        self.header.show_call(call_open)
        if self.session.active:
            self.session.pause_idle(call_open)

    def _switch_language(self) -> None:
        offered = self.config.languages.offered
        current = offered.index(self.session.language) if self.session.language in offered else 0
        self.set_language(offered[(current + 1) % len(offered)])

    def _show_language_button(self) -> None:
        """The button names the language it switches to, in that language."""
        offered = self.config.languages.offered
        self.language_button.setVisible(len(offered) > 1)
        others = [language for language in offered if language != self.session.language]
        self.language_button.setText(LANGUAGE_NAMES[others[0]] if others else "")
        # The toggles beside it stretch; the language's name is never cut to make room.
        self.language_button.ensurePolished()
        self.language_button.setMinimumWidth(self.language_button.sizeHint().width())

    def _reset_if_idle(self) -> None:
        if not self.session.active:
            self.accessibility.reset()

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
        question = self.tr("Cancel and erase everything you entered?")
        self.accessibility.announce(question)
        # Going on is the primary (red) action; erasing everything is the secondary one,
        # so a hurried tap on the bright button never throws a visit away.
        self.overlay.ask(
            question,
            (self.tr("No, continue"), self.session.touch),
            (self.tr("Yes, cancel"), lambda: self.session.end(EndReason.CANCELLED)),
        )

    # -- session events ----------------------------------------------------
    def _on_session_event(self, event: SessionEvent) -> None:
        if event.kind in (EventKind.STARTED, EventKind.STEP):
            self._show_step(event.step)
        elif event.kind is EventKind.LANGUAGE:
            self.translations.apply(event.language)
            self._show_language_button()
        elif event.kind is EventKind.IDLE_WARNING:
            self._warn_idle(event.seconds_left)
        elif event.kind is EventKind.CARD_AWAY:
            self._warn_card_away(event.seconds_left)
        elif event.kind is EventKind.RESUMED:
            self._close_idle_overlay()
            self._close_card_overlay()
        elif event.kind is EventKind.ENDED:
            self._close_idle_overlay()
            self._card_overlay_open = False
            self.overlay.hide()
            self.help_desk.close(CloseReason.SESSION_ENDED)
            self._drop_current()
            self._show_place()
            self.stack.setCurrentWidget(self.attract)
            self.translations.apply(event.language)
            self._show_language_button()
            self.accessibility.reset()
            self.accessibility.screen_shown(self.attract)

    def _show_step(self, step: str) -> None:
        screen = self.registry.create(step, self.context)
        if self.current is not None:
            retire(self.current, self._shown, focus_to=self)
        self.current = screen
        self._swap.ask()
        log.info("screen shown", extra=fields(screen=step))

    def _put_on_screen(self) -> None:
        """Show :attr:`current` in place of the screen shown (one paint: no blank between)."""
        screen = self.current
        if screen is None or screen is self._shown:
            return
        leaving, self._shown = self._shown, screen
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        if leaving is not None:
            self._remove(leaving)
        self._show_place()
        self.accessibility.screen_shown(screen)

    def _drop_current(self) -> None:
        """The session ended: every screen goes now (the attract screen is next)."""
        for screen in dict.fromkeys((self.current, self._shown)):  # once, if the same
            if screen is not None:
                release(screen)
                self._remove(screen)
        self.current = self._shown = None

    def _remove(self, screen: Screen) -> None:
        self.stack.removeWidget(screen)
        screen.hide()
        screen.deleteLater()

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
        self.accessibility.announce(message)
        self.overlay.ask(
            message,
            (self.tr("I need more time"), self._resume),
            (self.tr("End now"), lambda: self.session.end(EndReason.CANCELLED)),
        )

    def _warn_card_away(self, seconds_left: int) -> None:
        message = self.tr(
            "Your card was taken off the reader. Put it back to continue. In %n second(s) "
            "this session ends and what you entered is erased.",
            "",
            seconds_left,
        )
        if self._card_overlay_open:
            self.overlay.update_message(message)
            return
        self._close_idle_overlay()
        self._card_overlay_open = True
        self.accessibility.announce(message)
        self.overlay.ask(
            message, (self.tr("End now"), lambda: self.session.end(EndReason.CARD_REMOVED)), None
        )

    def _close_card_overlay(self) -> None:
        if self._card_overlay_open:
            self._card_overlay_open = False
            self.overlay.hide()

    # -- the card reader -----------------------------------------------------
    def card_event(self, kind: CardEventKind) -> None:
        """A card placed or taken off (on the GUI thread): start, pause, resume, or tell the screen.

        The current screen hears of it if it has ``card_placed()`` / ``card_removed()``.
        """
        if kind in (CardEventKind.INSERTED, CardEventKind.REMOVED):
            self.card_on_reader = kind is CardEventKind.INSERTED
        if kind is CardEventKind.INSERTED:
            if not self.session.active:
                self.start()
                return
            self.session.card_returned()
            handler = getattr(self.current, "card_placed", None)
        elif kind is CardEventKind.REMOVED:
            self.session.card_removed()
            handler = getattr(self.current, "card_removed", None)
        else:
            return
        if callable(handler):
            handler()

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
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.input_watch.follow()

    def _on_input(self) -> None:
        # While the idle warning is up, only its buttons decide: a tap on the
        # veil must not silently dismiss it, nor swallow "End now".
        if not (self._idle_overlay_open or self._card_overlay_open):
            self.session.touch()
            if not self.session.active:
                self.attract_reset.start()
