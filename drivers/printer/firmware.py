"""What a simulated printer does with the bytes it receives, whatever carried them.

The loopback TCP printer, the pseudo-terminal serial printer and the tests'
fake USB printer all feed their bytes to a :class:`Firmware`: it records
them, answers ``DLE EOT n`` as an Epson printer would in its current
:class:`SimulatedCondition`, and splits the stream into jobs.

Real printers act on ``DLE EOT`` as soon as it arrives, even in the middle of
other data they have not parsed. The firmware tokenizes the stream so that
raster bytes that happen to look like a query are not answered; after a
command of unknown length it can no longer tell, and scans byte by byte for
queries, as printers do.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from drivers.printer import escpos_status as bits
from drivers.printer.escpos_stream import split_jobs, tokenize

logger = logging.getLogger(__name__)


class SimulatedCondition(StrEnum):
    """What the simulated printer is going through.

    ``offline`` is the printer switched off or unplugged (each simulator
    shows it the way its transport does); ``silent`` is a model that never
    answers status queries.
    """

    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"
    OFFLINE = "offline"
    SILENT = "silent"


_OK = bits.FIXED_BITS
_STOPPED = bits.FIXED_BITS | bits.PRINTER_OFFLINE

STATUS_REPLIES: dict[SimulatedCondition, dict[int, int]] = {
    SimulatedCondition.READY: {1: _OK, 2: _OK, 3: _OK, 4: _OK},
    SimulatedCondition.PAPER_NEAR_END: {1: _OK, 2: _OK, 3: _OK, 4: _OK | bits.PAPER_NEAR_END},
    SimulatedCondition.PAPER_OUT: {
        1: _STOPPED,
        2: _OK | bits.CAUSE_PAPER_END_STOP,
        3: _OK,
        4: _OK | bits.PAPER_NEAR_END | bits.PAPER_END,
    },
    SimulatedCondition.COVER_OPEN: {1: _STOPPED, 2: _OK | bits.CAUSE_COVER_OPEN, 3: _OK, 4: _OK},
    SimulatedCondition.ERROR: {
        1: _STOPPED,
        2: _OK | bits.CAUSE_ERROR,
        3: _OK | bits.ERROR_AUTOCUTTER,
        4: _OK,
    },
}
"""The byte answered to ``DLE EOT n`` in each condition (none: no answer)."""


class Firmware:
    """One connection's bytes as the printer sees them: recorded, queries answered."""

    def __init__(self) -> None:
        self.data = bytearray()
        self._parsed = 0
        self._opaque = False

    def receive(self, chunk: bytes, condition: SimulatedCondition) -> bytes:
        """Take ``chunk``; return the status bytes the printer sends back."""
        self.data += chunk
        kinds = self._scan_for_queries() if self._opaque else self._answer_queries()
        table = STATUS_REPLIES.get(condition, {})
        return bytes(table[kind] for kind in kinds if kind in table)

    def jobs(self, final: bool) -> list[bytes]:
        """The print jobs received so far; ``final`` once the connection is closed."""
        return split_jobs(bytes(self.data), final=final)

    def _answer_queries(self) -> list[int]:
        tokens = tokenize(self.data, self._parsed)
        kinds = [command.raw[2] for command in tokens.commands if command.name == "DLE EOT"]
        self._parsed = tokens.consumed
        if tokens.unknown_at is not None:
            code = bytes(self.data[tokens.unknown_at : tokens.unknown_at + 2]).hex(" ")
            logger.warning("simulated printer: unknown command %s; only status answered now", code)
            self._opaque = True
            kinds += self._scan_for_queries()
        return kinds

    def _scan_for_queries(self) -> list[int]:
        """After an unknown command, look for ``DLE EOT n`` byte by byte, as printers do."""
        kinds: list[int] = []
        while True:
            found = self.data.find(bits.DLE_EOT, self._parsed)
            if found < 0:
                self._parsed = max(self._parsed, len(self.data) - 1)
                return kinds
            if found + 2 >= len(self.data):
                self._parsed = found
                return kinds
            kinds.append(self.data[found + 2])
            self._parsed = found + 3
