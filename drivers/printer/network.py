"""An ESC/POS receipt printer on the network (raw TCP, usually port 9100).

One connection is kept between calls. A printer that was switched off refuses
the connection (``OFFLINE``); one that was restarted leaves a stale
connection, found by the next status query and replaced at once.
"""

from __future__ import annotations

import logging
import socket

from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.link import LinkBroken, LinkUnavailable

logger = logging.getLogger(__name__)

DEFAULT_PORT = 9100


class TcpLink:
    """A :class:`~drivers.printer.link.Link` over one TCP connection."""

    def __init__(self, host: str, port: int = DEFAULT_PORT, timeout: float = 3.0) -> None:
        self._host = host
        self._port = port
        self._timeout = timeout
        self._sock: socket.socket | None = None

    @property
    def address(self) -> str:
        return f"{self._host}:{self._port}"

    @property
    def is_open(self) -> bool:
        return self._sock is not None

    def open(self) -> None:
        if self._sock is not None:
            return
        try:
            self._sock = socket.create_connection((self._host, self._port), timeout=self._timeout)
        except OSError as exc:
            raise LinkUnavailable(
                f"Cannot connect to the receipt printer at {self.address} ({exc.strerror or exc})",
                "Check that the printer is switched on, its network cable is plugged in "
                "and kiosk.toml [devices.printer] uri names its address",
            ) from exc

    def write(self, data: bytes) -> None:
        sock = self._require()
        try:
            sock.settimeout(self._timeout)
            sock.sendall(data)
        except OSError as exc:
            raise LinkBroken(f"sending failed: {exc}") from exc

    def read_byte(self, timeout: float) -> int | None:
        sock = self._require()
        try:
            sock.settimeout(timeout)
            reply = sock.recv(1)
        except TimeoutError:
            return None
        except OSError as exc:
            raise LinkBroken(f"receiving failed: {exc}") from exc
        if not reply:
            raise LinkBroken("the printer closed the connection")
        return reply[0]

    def discard_input(self) -> None:
        sock = self._require()
        sock.setblocking(False)
        try:
            while True:
                try:
                    chunk = sock.recv(64)
                except BlockingIOError:
                    return
                except OSError as exc:
                    raise LinkBroken(f"receiving failed: {exc}") from exc
                if not chunk:
                    raise LinkBroken("the printer closed the connection")
                logger.debug("discarded %d unexpected byte(s) from the printer", len(chunk))
        finally:
            sock.settimeout(self._timeout)

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()

    def _require(self) -> socket.socket:
        if self._sock is None:
            raise LinkBroken("the connection is not open")
        return self._sock


class NetworkPrinter(EscposPrinter):
    """A :class:`~drivers.printer.port.ReceiptPrinter` reached over TCP."""

    def __init__(
        self, host: str, port: int = DEFAULT_PORT, width_dots: int = 576, timeout: float = 3.0
    ) -> None:
        super().__init__(TcpLink(host, port, timeout), width_dots, status_timeout=timeout)

    def __enter__(self) -> NetworkPrinter:
        return self
