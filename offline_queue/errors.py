"""Errors of the outbox and the sync, in words an operator can act on.

They extend :mod:`kiosk.errors` so that the UI and the CLI handle them like
every other kiosk error; sqlite3, OS and httpx errors are translated into
these at the boundary of this package and never leave it.

    KioskError
    ├── OutboxError            -- the outbox could not store or read a dossier
    │   └── OutboxFull         -- no room on the disk: the dossier was NOT received
    ├── ConfigError
    │   └── NotEnrolled        -- no kiosk key or center key yet: enroll first
    └── CenterError
        └── CenterRefused      -- the center answered, and said no (status, code)
            └── KioskRevoked   -- the center does not (or no longer) know this kiosk
"""

from __future__ import annotations

from kiosk.errors import CenterError, ConfigError, KioskError


class OutboxError(KioskError):
    """The outbox could not store or read a dossier."""


class OutboxFull(OutboxError):
    """The disk under the state directory is full: nothing was stored."""


class NotEnrolled(ConfigError):
    """The kiosk has no key of its own or no center key to seal dossiers to."""

    def __init__(self, what: str) -> None:
        super().__init__(
            "center.kiosk_key / center.public_key",
            f"{what} is missing: the kiosk is not enrolled with the center",
            "enroll it once with: kiosk center enroll --url URL --token TOKEN",
        )


class CenterRefused(CenterError):
    """The center answered with a 4xx/5xx; ``status`` and ``code`` say which."""

    def __init__(
        self, status: int, code: str, message: str, fix: str, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message, fix)
        self.status = status
        self.code = code
        self.retry_after_s = retry_after_s

    @property
    def permanent(self) -> bool:
        """True when sending this dossier again cannot succeed: it is held for a person.

        Only content refusals count (400, 410, 413, 422); 401/403 concern the
        kiosk, not the dossier, and 404/409/429/5xx pass with time.
        """
        return self.status in (400, 410, 413, 422)


class KioskRevoked(CenterRefused):
    """The center refuses this kiosk's key (unknown or revoked): sync stops until re-enrolled."""
