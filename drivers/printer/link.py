"""The byte pipe under an ESC/POS printer: TCP, USB or serial behind one small interface.

:class:`~drivers.printer.escpos_printer.EscposPrinter` speaks ESC/POS (jobs
built by python-escpos, status read with ``DLE EOT``) over any :class:`Link`.
Each transport module (``network.py``, ``usb.py``, ``serial.py``) translates
its own library's errors into the two exceptions below, so the status logic is
written once and no socket, pyusb or pyserial error travels further.

- :class:`LinkUnavailable`: the printer cannot be reached at all (nothing
  listens, no such device, no permission). Carries words for the technician.
- :class:`LinkBroken`: a link that was open failed (the printer was switched
  off, unplugged or restarted). The caller closes it; the next call opens anew.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class LinkUnavailable(Exception):
    """The printer cannot be reached; ``message`` says what was tried, ``fix`` what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


class LinkBroken(Exception):
    """An open link failed mid-way; the printer has gone or restarted."""


@runtime_checkable
class Link(Protocol):
    """A two-way byte stream to one printer, opened on demand."""

    @property
    def address(self) -> str:
        """Where the printer is, as a technician would recognise it (``host:port``, a device)."""
        ...

    @property
    def is_open(self) -> bool:
        """Whether the link is open now (it may still turn out stale)."""
        ...

    def open(self) -> None:
        """Open the link if it is closed; raises :class:`LinkUnavailable`."""
        ...

    def write(self, data: bytes) -> None:
        """Send every byte of ``data``; raises :class:`LinkBroken`."""
        ...

    def read_byte(self, timeout: float) -> int | None:
        """One byte from the printer, or ``None`` after ``timeout`` seconds of silence."""
        ...

    def discard_input(self) -> None:
        """Throw away bytes nobody asked for; raises :class:`LinkBroken` if the printer is gone."""
        ...

    def close(self) -> None:
        """Close the link; never raises."""
        ...
