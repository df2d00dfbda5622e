"""The citizen session: which screen (step) is showing, in which language, and for how long.

Plain Python, no Qt: the UI observes a :class:`KioskSession` and calls it; a
test drives it with a fake clock. The session owns everything a citizen leaves
behind while using the kiosk — values held in memory and clean-up actions for
what lives outside it (temporary files, the camera preview) — and wipes all of
it when the session ends, whether finished, cancelled or abandoned.

Idle rule (EN 301 549 §7.2 / Section 508 timeouts): after ``idle_warning_s``
without input the citizen is warned with a countdown and can ask for more time;
after ``idle_countdown_s`` more the session ends.

While a call for staff is open (:mod:`kiosk.help_call`) the idle rule is
paused (:meth:`KioskSession.pause_idle`): a citizen waiting for help is not
timed out; the count starts afresh when the call closes. The card rule still
applies: a card taken off the reader while waiting ends the session as usual.

Card rule: once the chip was read the card is the citizen's presence. Taken
off the reader mid-journey, the session pauses with a countdown; the card put
back resumes it, and after ``card_removed_s`` the session ends and is wiped
(someone who walked away leaves nothing on screen).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.config import Language, Timeouts
from kiosk.logs import fields

log = logging.getLogger(__name__)

ATTRACT = "attract"


class EventKind(StrEnum):
    """What changed in the session."""

    STARTED = "started"
    STEP = "step"
    LANGUAGE = "language"
    IDLE_WARNING = "idle_warning"
    CARD_AWAY = "card_away"
    RESUMED = "resumed"
    ENDED = "ended"


class EndReason(StrEnum):
    """Why a session ended (logged; never personal)."""

    FINISHED = "finished"
    CANCELLED = "cancelled"
    IDLE = "idle"
    CARD_REMOVED = "card_removed"
    FAULT = "fault"


@dataclass(frozen=True)
class SessionEvent:
    """One change, delivered to every observer."""

    kind: EventKind
    step: str
    language: Language
    seconds_left: int = 0
    reason: EndReason | None = None


Observer = Callable[[SessionEvent], None]
Clock = Callable[[], float]


class KioskSession:
    """State of the one citizen at the kiosk, from the attract screen back to it."""

    def __init__(
        self,
        timeouts: Timeouts,
        default_language: Language = "vi",
        clock: Clock = time.monotonic,
    ) -> None:
        self._timeouts = timeouts
        self._default_language: Language = default_language
        self._clock = clock
        self._observers: list[Observer] = []
        self._language: Language = default_language
        self._step = ATTRACT
        self._history: list[str] = []
        self._held: dict[str, object] = {}
        self._cleanups: list[Callable[[], None]] = []
        self._last_input = clock()
        self._warning_shown = False
        self._card_needed = False
        self._card_away_since: float | None = None
        self._idle_paused = False

    # -- observation -------------------------------------------------------
    def subscribe(self, observer: Observer) -> None:
        """Call ``observer`` on every change (on the caller's thread)."""
        self._observers.append(observer)

    def _emit(
        self, kind: EventKind, seconds_left: int = 0, reason: EndReason | None = None
    ) -> None:
        event = SessionEvent(kind, self._step, self._language, seconds_left, reason)
        for observer in list(self._observers):
            observer(event)

    # -- state -------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._step != ATTRACT

    @property
    def step(self) -> str:
        return self._step

    @property
    def language(self) -> Language:
        return self._language

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    @property
    def warning_shown(self) -> bool:
        return self._warning_shown

    @property
    def card_away(self) -> bool:
        """The card was taken off while the journey needs it (the session is paused)."""
        return self._card_away_since is not None

    # -- citizen actions ---------------------------------------------------
    def set_language(self, language: Language) -> None:
        """Switch the language; allowed on every screen."""
        self.touch()
        if language != self._language:
            self._language = language
            self._emit(EventKind.LANGUAGE)

    def start(self, first_step: str) -> None:
        """Leave the attract screen for ``first_step``."""
        if self.active:
            return
        self._history.clear()
        self._step = first_step
        self.touch()
        log.info("session started", extra=fields(language=self._language))
        self._emit(EventKind.STARTED)

    def go(self, step: str) -> None:
        """Move forward to ``step``; Back will return here."""
        if not self.active:
            raise RuntimeError("no session in progress: call start() first")
        self.touch()
        self._history.append(self._step)
        self._step = step
        self._emit(EventKind.STEP)

    def back(self) -> None:
        """Return to the previous step, if any."""
        self.touch()
        if self._history:
            self._step = self._history.pop()
            self._emit(EventKind.STEP)

    def end(self, reason: EndReason) -> None:
        """End the session, wipe everything it held and show the attract screen."""
        if not self.active:
            return
        self._wipe()
        self._step = ATTRACT
        self._language = self._default_language
        log.info("session ended", extra=fields(reason=reason.value))
        self._emit(EventKind.ENDED, reason=reason)

    # -- what the session holds --------------------------------------------
    def hold(self, key: str, value: object) -> None:
        """Keep ``value`` for this session only; it is dropped at the wipe."""
        self._held[key] = value

    def held(self, key: str) -> object | None:
        return self._held.get(key)

    @property
    def held_keys(self) -> frozenset[str]:
        return frozenset(self._held)

    def on_wipe(self, cleanup: Callable[[], None]) -> None:
        """Register clean-up for something the session owns outside memory."""
        self._cleanups.append(cleanup)

    def _wipe(self) -> None:
        self._held.clear()
        self._history.clear()
        cleanups, self._cleanups = self._cleanups, []
        for cleanup in reversed(cleanups):
            try:
                cleanup()
            except Exception:
                # One failed clean-up must not keep the others from running.
                log.exception("session clean-up failed")
        self._warning_shown = False
        self._card_needed = False
        self._card_away_since = None
        self._idle_paused = False

    # -- the card ----------------------------------------------------------
    def need_card(self, needed: bool) -> None:
        """Whether the card must stay on the reader from now on (after the chip read)."""
        self._card_needed = needed
        if not needed and self._card_away_since is not None:
            self._card_away_since = None
            self._emit(EventKind.RESUMED)

    def card_removed(self) -> None:
        """The card left the reader: pause with a countdown if the journey needs it."""
        if self.active and self._card_needed and self._card_away_since is None:
            self._card_away_since = self._clock()
            log.info("card removed mid-session", extra=fields(step=self._step))
            self._emit(EventKind.CARD_AWAY, seconds_left=self._timeouts.card_removed_s)

    def card_returned(self) -> None:
        """The card is back on the reader: carry on where the citizen was."""
        if self._card_away_since is not None:
            self._card_away_since = None
            self._last_input = self._clock()
            self._emit(EventKind.RESUMED)

    # -- idle --------------------------------------------------------------
    @property
    def idle_paused(self) -> bool:
        return self._idle_paused

    def pause_idle(self, paused: bool) -> None:
        """Stop (or restart) the idle rule, for a call for staff; an open warning closes."""
        self._idle_paused = paused
        self.touch()  # the count starts afresh either way

    def touch(self) -> None:
        """Record citizen input; dismisses an idle warning."""
        self._last_input = self._clock()
        if self._warning_shown:
            self._warning_shown = False
            self._emit(EventKind.RESUMED)

    def tick(self) -> None:
        """Apply the idle rule; the UI calls this about once a second."""
        if not self.active:
            return
        if self._card_away_since is not None:
            away = self._clock() - self._card_away_since
            left = self._timeouts.card_removed_s - away
            if left <= 0:
                self.end(EndReason.CARD_REMOVED)
            else:
                self._emit(EventKind.CARD_AWAY, seconds_left=int(left + 0.999))
            return
        if self._idle_paused:
            return
        idle = self._clock() - self._last_input
        warn_at = self._timeouts.idle_warning_s
        end_at = warn_at + self._timeouts.idle_countdown_s
        if idle >= end_at:
            self.end(EndReason.IDLE)
        elif idle >= warn_at:
            self._warning_shown = True
            self._emit(EventKind.IDLE_WARNING, seconds_left=int(end_at - idle + 0.999))
