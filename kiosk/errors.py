"""The kiosk's exception tree, drawn once.

Every error that crosses a layer boundary is one of these; adapters translate
vendor errors (pyscard, OpenCV, python-escpos, httpx) at the boundary with
``raise ... from exc`` so that nothing above ``drivers/`` or ``offline_queue/``
ever sees a vendor type.

    KioskError                 -- base: ``message`` says what happened, ``fix`` what to do
    ├── ConfigError            -- kiosk.toml or a data file is wrong (names the key)
    ├── DeviceError            -- a device could not do what was asked
    │   ├── DeviceAbsent       -- not connected / daemon not running
    │   └── DeviceNeedsAttention  -- present but needs a person (paper out, cover open)
    ├── CenterError            -- the central system could not be reached or refused
    └── UserCancelled          -- the citizen cancelled: unwind silently, show nothing

``UserCancelled`` is the one error that is never shown (Electrum's split
between errors to tell and cancellations to unwind).
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every kiosk error: a message and what to do about it."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} — {self.fix}" if self.fix else self.message


class ConfigError(KioskError):
    """A configuration or data file is invalid; ``key`` names the offending entry."""

    def __init__(self, key: str, problem: str, fix: str, source: str = "") -> None:
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{key}: {problem}", fix)
        self.key = key
        self.source = source


class DeviceError(KioskError):
    """A device could not do what was asked."""


class DeviceAbsent(DeviceError):
    """The device (or the daemon in front of it) is not there."""


class DeviceNeedsAttention(DeviceError):
    """The device is there but needs a person: paper out, cover open, card pulled out."""


class CenterError(KioskError):
    """The central system could not be reached, or refused the request."""


class UserCancelled(KioskError):
    """The citizen cancelled; unwind without showing anything."""

    def __init__(self) -> None:
        super().__init__("cancelled")
