"""The card reader port: what the kiosk needs from any chip-card reader.

Implementations: ``pcsc.PcscCardReader`` (pcscd through pyscard). Tests and the
demo run the same adapter against a software card on the real pcscd
(``simulator.SimulatedCardStation``).

Every method raises only ``kiosk.errors.DeviceError`` subclasses:
``DeviceAbsent`` (no pcscd, no reader), ``DeviceNeedsAttention`` (no card, card
pulled out, card mute) or ``DeviceError`` (anything else).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from drivers.card.apdu import ResponseApdu
from drivers.status import DeviceStatus

__all__ = [
    "CardConnection",
    "CardEvent",
    "CardEventKind",
    "CardObserver",
    "CardReader",
    "ResponseApdu",
]


class CardEventKind(StrEnum):
    """What changed on the reader side."""

    INSERTED = "inserted"
    REMOVED = "removed"
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"


@dataclass(frozen=True)
class CardEvent:
    """One change: a card placed or taken off, a reader plugged or unplugged."""

    kind: CardEventKind
    reader: str


CardObserver = Callable[[CardEvent], None]
"""Called on the driver's own thread: bridge to Qt before touching a widget."""


class CardConnection(Protocol):
    """A session with the card on one reader."""

    @property
    def reader(self) -> str: ...

    @property
    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> ResponseApdu:
        """Send one command APDU; 61xx and 6Cxx are resolved before returning."""
        ...

    def close(self) -> None:
        """End the session; safe to call twice."""
        ...


class CardReader(Protocol):
    """A PC/SC-like reader service: list, connect, watch."""

    def readers(self) -> list[str]:
        """Names of the readers connected now (empty when none)."""
        ...

    def status(self) -> DeviceStatus:
        """Ready when a reader is there; otherwise says why and what to do. Never raises."""
        ...

    def connect(self, reader: str) -> CardConnection:
        """Open a session with the card on ``reader``."""
        ...

    def add_observer(self, observer: CardObserver) -> None:
        """Be told of changes from now on, starting with what is there already."""
        ...

    def remove_observer(self, observer: CardObserver) -> None: ...
