"""An ESC/POS receipt printer on the network (raw TCP, usually port 9100).

python-escpos builds the bytes (``ESC @``, ``GS v 0`` raster, ``GS V`` cut).
Status is read here, not with python-escpos's ``paper_status()``, which
answers "no paper" when the printer does not answer at all: we send
``DLE EOT 1/2/4`` and read exactly one byte each with a timeout.

One connection is kept between calls. Any connection error drops it and the
next call connects again; a connection that turns out stale (the printer was
restarted) is retried once at once.
"""

from __future__ import annotations

import copy
import logging
import socket
from types import TracebackType
from typing import Any

from escpos.capabilities import get_profile_class
from escpos.exceptions import Error as EscposError
from escpos.printer import Network
from PIL import Image

from drivers.printer import escpos_status
from drivers.printer.escpos_status import StatusKind
from drivers.printer.port import PrinterStatus, to_one_bit
from kiosk.errors import DeviceAbsent

logger = logging.getLogger(__name__)


class NetworkPrinter:
    """A :class:`~drivers.printer.port.ReceiptPrinter` reached over TCP."""

    def __init__(
        self, host: str, port: int = 9100, width_dots: int = 576, timeout: float = 3.0
    ) -> None:
        self._host = host
        self._port = port
        self._width = width_dots
        self._timeout = timeout
        self._profile = _profile(width_dots)
        self._escpos: Any = None
        self._out_of_step = False

    @property
    def address(self) -> str:
        """``host:port`` as a technician would type it."""
        return f"{self._host}:{self._port}"

    def status(self) -> PrinterStatus:
        """Ask the printer; an unreachable printer is ``OFFLINE``, a silent one ``UNKNOWN``."""
        for attempt in (1, 2):
            reused = self._escpos is not None
            try:
                condition = self._exchange_status()
            except DeviceAbsent as exc:
                logger.info("printer %s not reachable: %s", self.address, exc.__cause__)
                return PrinterStatus.OFFLINE
            except OSError as exc:
                self._drop()
                if reused and attempt == 1:
                    logger.info(
                        "printer %s: stale connection (%s), reconnecting", self.address, exc
                    )
                    continue
                logger.info("printer %s: connection broke during status: %s", self.address, exc)
                return PrinterStatus.OFFLINE
            logger.debug("printer %s status: %s", self.address, condition)
            return condition
        return PrinterStatus.OFFLINE

    def print_raster(self, image: Image.Image, cut: bool = True) -> None:
        """Print ``image`` thresholded to black and white, then feed and cut."""
        picture = to_one_bit(image, self._width)
        condition = self.status()
        if not condition.can_print:
            raise condition.to_error()
        if condition is PrinterStatus.UNKNOWN:
            logger.warning("printer %s did not report its status; printing anyway", self.address)
        printer = self._connection()
        try:
            printer.hw("INIT")
            printer.image(picture, impl="bitImageRaster")
            if cut:
                printer.cut()
        except (OSError, EscposError) as exc:
            self._drop()
            raise DeviceAbsent(
                f"The connection to the receipt printer at {self.address} broke while printing",
                "Check the printer's power and network cable, then print the receipt again",
            ) from exc
        logger.info("printed %dx%d raster on %s", picture.width, picture.height, self.address)

    def close(self) -> None:
        """Close the connection (the next call opens a new one)."""
        self._drop()

    def __enter__(self) -> NetworkPrinter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _connection(self) -> Any:
        """The open python-escpos printer, connecting first if needed.

        The socket is ours: python-escpos's ``open()`` leaks it when the
        connection is refused.
        """
        if self._escpos is None:
            try:
                sock = socket.create_connection((self._host, self._port), timeout=self._timeout)
            except OSError as exc:
                raise DeviceAbsent(
                    f"Cannot connect to the receipt printer at {self.address}",
                    "Check that the printer is switched on, its network cable is plugged in "
                    "and kiosk.toml [devices.printer] uri names its address",
                ) from exc
            printer = Network(host=self._host, port=self._port, timeout=self._timeout)
            printer.profile = self._profile
            printer.device = sock
            self._escpos = printer
            self._out_of_step = False
        return self._escpos

    def _drop(self) -> None:
        printer, self._escpos = self._escpos, None
        if printer is not None:
            printer.close()

    def _exchange_status(self) -> PrinterStatus:
        sock: socket.socket = self._connection().device
        _drain(sock)
        printer = self._ask(sock, StatusKind.PRINTER)
        offline = paper = error = None
        if printer is not None:
            offline = self._ask(sock, StatusKind.OFFLINE_CAUSE)
            paper = self._ask(sock, StatusKind.ROLL_PAPER)
            cause = escpos_status.offline_cause(offline)
            if cause is not None and cause.error:
                error = self._ask(sock, StatusKind.ERROR_CAUSE)
        if self._out_of_step:
            self._drop()  # a late reply must not be read as the answer to the next query
        return escpos_status.classify(printer, offline, paper, error)

    def _ask(self, sock: socket.socket, kind: StatusKind) -> int | None:
        if self._out_of_step:
            return None
        sock.sendall(escpos_status.query(kind))
        try:
            reply = sock.recv(1)
        except TimeoutError:
            logger.info("printer %s: no answer to DLE EOT %d", self.address, kind)
            self._out_of_step = True
            return None
        if not reply:
            raise ConnectionResetError("the printer closed the connection")
        return reply[0]


def _drain(sock: socket.socket) -> None:
    """Throw away bytes nobody asked for; raise if the printer has hung up."""
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        while True:
            try:
                chunk = sock.recv(64)
            except BlockingIOError:
                return
            if not chunk:
                raise ConnectionResetError("the printer closed the connection")
            logger.debug("discarded %d unexpected byte(s) from the printer", len(chunk))
    finally:
        sock.settimeout(timeout)


def _profile(width_dots: int) -> Any:
    """python-escpos's default profile with the paper width filled in."""
    base = get_profile_class("default")
    data = copy.deepcopy(base.profile_data)
    data["media"]["width"]["pixels"] = width_dots
    return type("KioskReceiptProfile", (base,), {"profile_data": data})()
