"""Reading the one-byte replies to ``DLE EOT n`` (real-time status transmission).

Bit meanings follow the Epson ESC/POS command reference for ``DLE EOT``:

======  ==============================  =============================================
n       status                          bits used here
======  ==============================  =============================================
1       printer                         3: offline
2       offline cause                   2: cover open, 3: paper fed by FEED button,
                                        5: printing stopped at paper end, 6: error
3       error cause                     2: recoverable (mechanical) error,
                                        3: autocutter error, 5: unrecoverable error,
                                        6: automatically recoverable error
4       roll paper sensor               2-3: paper near end, 5-6: paper end
======  ==============================  =============================================

Every reply has bits 1 and 4 set and bits 0 and 7 clear. A byte that breaks
that rule is not a status reply (a stray data byte, another protocol) and
reads as "no answer". Epson sets both bits of a two-bit sensor field
together; some clones set one, so either bit counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from drivers.printer.port import PrinterStatus

DLE_EOT = b"\x10\x04"

FIXED_MASK = 0b1001_0011
FIXED_BITS = 0b0001_0010

PRINTER_OFFLINE = 0x08
CAUSE_COVER_OPEN = 0x04
CAUSE_FEED_BUTTON = 0x08
CAUSE_PAPER_END_STOP = 0x20
CAUSE_ERROR = 0x40
ERROR_RECOVERABLE = 0x04
ERROR_AUTOCUTTER = 0x08
ERROR_UNRECOVERABLE = 0x20
ERROR_AUTO_RECOVERABLE = 0x40
PAPER_NEAR_END = 0x0C
PAPER_END = 0x60


class StatusKind(IntEnum):
    """The ``n`` of ``DLE EOT n``."""

    PRINTER = 1
    OFFLINE_CAUSE = 2
    ERROR_CAUSE = 3
    ROLL_PAPER = 4


def query(kind: StatusKind) -> bytes:
    """The 3 bytes that ask for one status byte."""
    return DLE_EOT + bytes((kind,))


def is_status_byte(value: int | None) -> bool:
    """Whether ``value`` has the fixed bits every ``DLE EOT`` reply carries."""
    return value is not None and 0 <= value <= 0xFF and value & FIXED_MASK == FIXED_BITS


@dataclass(frozen=True)
class OfflineCause:
    """Reply to ``DLE EOT 2``."""

    cover_open: bool
    feed_button: bool
    paper_end_stop: bool
    error: bool


@dataclass(frozen=True)
class ErrorCause:
    """Reply to ``DLE EOT 3``."""

    recoverable: bool
    autocutter: bool
    unrecoverable: bool
    auto_recoverable: bool

    @property
    def has_error(self) -> bool:
        return self.recoverable or self.autocutter or self.unrecoverable or self.auto_recoverable


@dataclass(frozen=True)
class RollPaper:
    """Reply to ``DLE EOT 4``."""

    near_end: bool
    paper_end: bool


def printer_online(value: int | None) -> bool | None:
    """Reply to ``DLE EOT 1``: online, offline, or ``None`` if malformed or missing."""
    if value is None or not is_status_byte(value):
        return None
    return not value & PRINTER_OFFLINE


def offline_cause(value: int | None) -> OfflineCause | None:
    """Reply to ``DLE EOT 2``, or ``None`` if malformed or missing."""
    if value is None or not is_status_byte(value):
        return None
    return OfflineCause(
        cover_open=bool(value & CAUSE_COVER_OPEN),
        feed_button=bool(value & CAUSE_FEED_BUTTON),
        paper_end_stop=bool(value & CAUSE_PAPER_END_STOP),
        error=bool(value & CAUSE_ERROR),
    )


def error_cause(value: int | None) -> ErrorCause | None:
    """Reply to ``DLE EOT 3``, or ``None`` if malformed or missing."""
    if value is None or not is_status_byte(value):
        return None
    return ErrorCause(
        recoverable=bool(value & ERROR_RECOVERABLE),
        autocutter=bool(value & ERROR_AUTOCUTTER),
        unrecoverable=bool(value & ERROR_UNRECOVERABLE),
        auto_recoverable=bool(value & ERROR_AUTO_RECOVERABLE),
    )


def roll_paper(value: int | None) -> RollPaper | None:
    """Reply to ``DLE EOT 4``, or ``None`` if malformed or missing."""
    if value is None or not is_status_byte(value):
        return None
    return RollPaper(near_end=bool(value & PAPER_NEAR_END), paper_end=bool(value & PAPER_END))


def classify(
    printer: int | None,
    offline: int | None = None,
    paper: int | None = None,
    error: int | None = None,
) -> PrinterStatus:
    """One condition from the raw replies to ``DLE EOT`` 1, 2, 4 and 3 (``None``: no reply).

    Without a valid printer-status byte nothing is known: ``UNKNOWN``, never
    ``PAPER_OUT``. A cover that is open hides the paper from the sensor, so it
    is named first.
    """
    online = printer_online(printer)
    if online is None:
        return PrinterStatus.UNKNOWN
    cause = offline_cause(offline) or _NO_CAUSE
    sensor = roll_paper(paper) or _PAPER_PRESENT
    errors = error_cause(error) or _NO_ERROR
    rules = (
        (cause.cover_open, PrinterStatus.COVER_OPEN),
        (cause.paper_end_stop or sensor.paper_end, PrinterStatus.PAPER_OUT),
        (cause.error or errors.has_error, PrinterStatus.ERROR),
        (not online, PrinterStatus.OFFLINE),
        (sensor.near_end, PrinterStatus.PAPER_NEAR_END),
    )
    return next((status for seen, status in rules if seen), PrinterStatus.READY)


_NO_CAUSE = OfflineCause(cover_open=False, feed_button=False, paper_end_stop=False, error=False)
_PAPER_PRESENT = RollPaper(near_end=False, paper_end=False)
_NO_ERROR = ErrorCause(
    recoverable=False, autocutter=False, unrecoverable=False, auto_recoverable=False
)
