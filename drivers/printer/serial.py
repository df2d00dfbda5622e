"""An ESC/POS receipt printer on a serial port (RS-232, or a USB-serial adapter), via pyserial.

Re-plugging: a printer that brings its own USB-serial chip disappears with
its device node; reads and writes then fail, the port is closed, and the next
call opens the same path again once it is back. Name the port by its stable
``/dev/serial/by-id/…`` link: ``/dev/ttyUSB0`` may come back as ``ttyUSB1``.

Power-cycling: on a real RS-232 port the device node stays and a switched-off
printer simply says nothing. A printer that answered ``DLE EOT`` before and
falls silent is therefore taken as ``OFFLINE`` (``silence_means_off``), where
TCP and USB can tell by themselves.

Flow control: a receipt is tens of kilobytes of raster data, more than a
printer buffers; use hardware flow control (``rtscts=1``) where the cable has
the lines. XON/XOFF cannot work here: raster bytes contain 0x11 and 0x13.
"""

from __future__ import annotations

import logging
import termios
from dataclasses import dataclass

import serial as pyserial

from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.link import LinkBroken, LinkUnavailable

logger = logging.getLogger(__name__)

# pyserial raises its SerialException (an OSError) for most failures, but a
# hung-up port also surfaces as a bare termios.error from tcflush.
_PORT_ERRORS = (OSError, termios.error)
_BITS_PER_BYTE = 10  # start bit, 8 data bits, stop bit


@dataclass(frozen=True)
class SerialSettings:
    """Line settings of the printer's serial port (the printer's DIP switches decide them)."""

    baudrate: int = 115_200
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    rtscts: bool = False
    dsrdtr: bool = False
    write_timeout: float = 30.0  # at least; longer for a big job on a slow line


class SerialLink:
    """A :class:`~drivers.printer.link.Link` over one serial port."""

    def __init__(self, port: str, settings: SerialSettings | None = None) -> None:
        self._path = port
        self._settings = settings or SerialSettings()
        self._port: pyserial.Serial | None = None

    @property
    def address(self) -> str:
        return f"serial://{self._path}"

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def open(self) -> None:
        if self._port is not None:
            return
        line = self._settings
        try:
            self._port = pyserial.Serial(
                port=self._path,
                baudrate=line.baudrate,
                bytesize=line.bytesize,
                parity=line.parity,
                stopbits=line.stopbits,
                rtscts=line.rtscts,
                dsrdtr=line.dsrdtr,
                timeout=0,
                write_timeout=line.write_timeout,
                exclusive=True,  # a second program interleaving bytes would garble both jobs
            )
        except (*_PORT_ERRORS, ValueError) as exc:
            raise LinkUnavailable(
                f"Cannot open the receipt printer's serial port {self._path} ({exc})",
                "Check that the printer is switched on and its cable plugged in, that the path "
                "exists (ls -l /dev/serial/by-id/) and that the kiosk user is in the dialout "
                "group; no other program may hold the port",
            ) from exc

    def write(self, data: bytes) -> None:
        port = self._require()
        # A receipt is ~100 kB: 9 s at 115200 baud, 107 s at 9600. Allow twice the
        # time the line needs, so only a printer that holds flow control times out.
        needed = len(data) * _BITS_PER_BYTE / self._settings.baudrate
        try:
            port.write_timeout = max(self._settings.write_timeout, 2 * needed)
            port.write(data)
            port.flush()
        except pyserial.SerialTimeoutException as exc:
            raise LinkBroken(
                "the printer stopped taking data (flow control held for too long)"
            ) from exc
        except _PORT_ERRORS as exc:
            raise LinkBroken(f"writing failed: {exc}") from exc

    def read_byte(self, timeout: float) -> int | None:
        port = self._require()
        try:
            port.timeout = timeout
            reply = port.read(1)
        except _PORT_ERRORS as exc:
            raise LinkBroken(f"reading failed: {exc}") from exc
        return reply[0] if reply else None

    def discard_input(self) -> None:
        port = self._require()
        try:
            port.reset_input_buffer()
            port.timeout = 0
            stray = port.read(4096)  # also what arrived after the flush; raises if unplugged
        except _PORT_ERRORS as exc:
            raise LinkBroken(f"reading failed: {exc}") from exc
        if stray:
            logger.debug("discarded %d unexpected byte(s) from the printer", len(stray))

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except _PORT_ERRORS as exc:  # an unplugged port may fail to restore its settings
                logger.debug("closing %s: %s", self._path, exc)

    def _require(self) -> pyserial.Serial:
        if self._port is None:
            raise LinkBroken("the serial port is not open")
        return self._port


class SerialPrinter(EscposPrinter):
    """A :class:`~drivers.printer.port.ReceiptPrinter` on a serial port."""

    def __init__(
        self,
        port: str,
        settings: SerialSettings | None = None,
        width_dots: int = 576,
        status_timeout: float = 3.0,
    ) -> None:
        super().__init__(
            SerialLink(port, settings), width_dots, status_timeout, silence_means_off=True
        )

    def __enter__(self) -> SerialPrinter:
        return self
