"""The simulated lobby: every device the demo and the tests need, on real transports.

One context manager brings up what the configuration asks to simulate:

- the chip card: the real ``pcscd`` (private to this process) with the ``vpcd``
  virtual reader and a software card placed on it;
- the receipt printer: a loopback ESC/POS printer on 127.0.0.1 that decodes
  the bytes it receives back into a picture;
- the center: the reference server on 127.0.0.1 (``center.url = "embedded"``).

The kiosk then talks to them exactly as to real hardware: PC/SC, TCP, HTTP.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from center.server import EmbeddedCenter
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import DedicatedFile, ElementaryFile, FileSystemCard
from drivers.printer.loopback import LoopbackPrinter
from kiosk.config import Config

# The ICAO 9303 eMRTD application of the CCCD chip, and its EF.COM (file 011E).
EMRTD_AID = bytes.fromhex("A0000002471001")
EF_COM_FID = 0x011E
# EF.COM: LDS version 1.7, Unicode 4.0.0, and the tags of DG1 DG2 DG13 DG14 DG15.
_EF_COM_BODY = (
    b"\x5f\x01\x04" + b"0107"
    + b"\x5f\x36\x06" + b"040000"
    + b"\x5c\x05" + bytes.fromhex("61756d6e6f")
)
EF_COM = b"\x60" + bytes([len(_EF_COM_BODY)]) + _EF_COM_BODY


def demo_card() -> FileSystemCard:
    """A software card with the eMRTD application and its EF.COM (no personal data)."""
    emrtd = DedicatedFile(EMRTD_AID, (ElementaryFile(EF_COM_FID, EF_COM, sfi=0x1E),))
    return FileSystemCard(applications=[emrtd])


class SimulatedWorld:
    """Starts the simulated devices ``config`` asks for, and stops them in reverse order."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.card_station: SimulatedCardStation | None = None
        self.printer: LoopbackPrinter | None = None
        self.center: EmbeddedCenter | None = None
        self._stack = ExitStack()

    def __enter__(self) -> SimulatedWorld:
        try:
            devices = self.config.devices
            if devices.card.transport == "simulator":
                # The lobby starts with an empty reader: a citizen places the card.
                station = SimulatedCardStation(demo_card(), inserted=False)
                self.card_station = self._stack.enter_context(station)
            if devices.printer.transport == "simulator":
                printer = LoopbackPrinter(width_dots=devices.printer.dots_per_line)
                self.printer = self._stack.enter_context(printer)
            if self.config.center.url == "embedded":
                self.center = self._stack.enter_context(EmbeddedCenter())
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    # -- what a scripted citizen or a test does to the world ----------------
    def insert_card(self) -> None:
        """Place the software card on the virtual reader; returns once pcscd sees it."""
        self._station().insert()

    def remove_card(self) -> None:
        """Take the card off the reader."""
        self._station().remove()

    def save_printed(self, path: Path) -> Path:
        """The last printed job, decoded from its ESC/POS bytes, as a PNG."""
        if self.printer is None:
            raise RuntimeError("the printer is not simulated in this configuration")
        self.printer.wait_for_jobs(1)
        path.parent.mkdir(parents=True, exist_ok=True)
        return self.printer.last_receipt_png(path)

    def _station(self) -> SimulatedCardStation:
        if self.card_station is None:
            raise RuntimeError("the card reader is not simulated in this configuration")
        return self.card_station
