"""A citizen's call for a staff member, kept without Qt and without personal data.

The citizen taps "Call staff" on any screen. The call is open until the
citizen or the staff member dismisses it on the kiosk, or the session ends.
While it is open:

- the kiosk says "a staff member is coming" and the session goes on as before;
- the idle timer is paused (see :meth:`kiosk.session.KioskSession.pause_idle`):
  someone waiting for help must not see their answers wiped;
- every heartbeat carries it (:meth:`HelpDesk.status`), and one is sent at once
  when it opens or closes; offline, the next heartbeat carries it.

The center's contract: the heartbeat status key :data:`STATUS_KEY` holds
``{"requested_at": "<ISO 8601 UTC>", "screen": "<journey step id>"}`` while a
call is open and ``null`` when none. The screen is a step id such as
``intake:question`` (never a question's answer, never a name).

The heartbeat is sent by a worker thread, so the desk is read under a lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from kiosk.logs import fields

log = logging.getLogger(__name__)

STATUS_KEY = "help_call"

Clock = Callable[[], datetime]
Listener = Callable[[], None]


class CloseReason(StrEnum):
    """Why a call closed (logged)."""

    CITIZEN = "citizen"
    STAFF = "staff"
    SESSION_ENDED = "session_ended"


@dataclass(frozen=True)
class HelpCall:
    """One open call: when, and on which screen (a step id, no personal data)."""

    requested_at: datetime
    screen: str

    def as_status(self) -> dict[str, str]:
        """The heartbeat's form of the call."""
        return {
            "requested_at": self.requested_at.astimezone(UTC).isoformat(),
            "screen": self.screen,
        }


def _utc_now() -> datetime:
    return datetime.now(UTC)


class HelpDesk:
    """The kiosk's one call for help, open or not; listeners hear each change."""

    def __init__(self, clock: Clock = _utc_now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._call: HelpCall | None = None
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` (on the caller's thread) after a call opens or closes."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def call(self) -> HelpCall | None:
        with self._lock:
            return self._call

    @property
    def is_open(self) -> bool:
        return self.call is not None

    def request(self, screen: str) -> HelpCall:
        """Open a call from ``screen``; a second tap keeps the first call (and its time)."""
        with self._lock:
            existing = self._call
            call = existing if existing is not None else HelpCall(self._clock(), screen)
            self._call = call
        if existing is None:
            log.info("help call raised", extra=fields(screen=screen))
            self._notify()
        return call

    def close(self, reason: CloseReason) -> None:
        """Close the open call, if any."""
        with self._lock:
            closed, self._call = self._call, None
        if closed is not None:
            log.info("help call closed", extra=fields(reason=reason.value, screen=closed.screen))
            self._notify()

    def status(self) -> dict[str, str] | None:
        """The value of :data:`STATUS_KEY` in the heartbeat."""
        call = self.call
        return call.as_status() if call is not None else None

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()
