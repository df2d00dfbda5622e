"""The receipt printer port: what the kiosk may ask of any receipt printer.

Vietnamese text does not fit ESC/POS code pages, so the kiosk renders every
receipt to a 1-bit picture and the printer only ever prints pictures.
Adapters (``network.py``, ``usb.py``, ``serial.py``, all on
``escpos_printer.py``) implement :class:`ReceiptPrinter`; ``loopback.py`` is
the simulator they are tested against.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol, runtime_checkable

from PIL import Image

from drivers.status import DeviceState, DeviceStatus
from kiosk.errors import DeviceAbsent, DeviceNeedsAttention

DEVICE_NAME = "receipt printer"

PAPER = "80 mm thermal paper"

BLACK_BELOW = 128
"""Grey levels below this print black; the rest stays white paper."""


class PrinterStatus(StrEnum):
    """What the printer last said about itself.

    ``UNKNOWN`` means the printer answered nothing usable: it is *not*
    ``PAPER_OUT``. ``OFFLINE`` means it could not be reached, or it says it is
    offline with no cause we can name. ``ERROR`` is a printer-reported fault
    (cutter jam, overheated head, hardware error).
    """

    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"
    OFFLINE = "offline"
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        """Whether a job is worth sending (``UNKNOWN`` is tried: some models never answer)."""
        return self in _PRINTABLE

    def to_device_status(self) -> DeviceStatus:
        """The status in words a technician can act on."""
        state, detail, fix = _WORDS[self]
        return DeviceStatus(device=DEVICE_NAME, state=state, detail=detail, fix=fix)

    def to_error(self) -> PrinterError:
        """The typed error to raise when a job is refused in this state."""
        state, detail, fix = _WORDS[self]
        if state is DeviceState.ABSENT:
            return PrinterAbsent(detail, fix)
        return PrinterNeedsAttention(detail, fix, self)


class PrinterAbsent(DeviceAbsent):
    """The printer cannot be reached (switched off, unplugged, wrong address).

    ``maybe_printed`` is true when the link broke after job bytes were sent.
    """

    status = PrinterStatus.OFFLINE

    def __init__(self, message: str, fix: str = "", maybe_printed: bool = False) -> None:
        super().__init__(message, fix)
        self.maybe_printed = maybe_printed


class PrinterNeedsAttention(DeviceNeedsAttention):
    """The printer is there but cannot print: ``status`` says why (paper out, cover open…).

    ``maybe_printed`` is true when the printer stopped after the job was sent:
    part of the receipt may have come out.
    """

    def __init__(
        self, message: str, fix: str, status: PrinterStatus, maybe_printed: bool = False
    ) -> None:
        super().__init__(message, fix)
        self.status = status
        self.maybe_printed = maybe_printed


PrinterError = PrinterAbsent | PrinterNeedsAttention
"""What a :class:`ReceiptPrinter` raises when a job does not print."""


_PRINTABLE = frozenset({PrinterStatus.READY, PrinterStatus.PAPER_NEAR_END, PrinterStatus.UNKNOWN})

_WORDS: dict[PrinterStatus, tuple[DeviceState, str, str]] = {
    PrinterStatus.READY: (DeviceState.READY, "Receipt printer is ready", ""),
    PrinterStatus.PAPER_NEAR_END: (
        DeviceState.READY,
        "Paper is running low (the near-end sensor is triggered)",
        f"Load a new roll of {PAPER} soon",
    ),
    PrinterStatus.PAPER_OUT: (
        DeviceState.NEEDS_ATTENTION,
        "Paper is out",
        f"Load a new roll of {PAPER} and close the cover",
    ),
    PrinterStatus.COVER_OPEN: (
        DeviceState.NEEDS_ATTENTION,
        "The printer cover is open",
        "Close the paper cover firmly until it clicks",
    ),
    PrinterStatus.ERROR: (
        DeviceState.NEEDS_ATTENTION,
        "The printer reports an error (cutter jam, overheated head or hardware fault)",
        "Open the cover, remove any jammed paper from the cutter, close it, "
        "then switch the printer off and on",
    ),
    PrinterStatus.OFFLINE: (
        DeviceState.ABSENT,
        "The receipt printer is offline: it cannot be reached or says it is offline",
        "Check that the printer is switched on, its network, USB or serial cable is plugged "
        "in and kiosk.toml [devices.printer] uri names it (`kiosk printer status` checks)",
    ),
    PrinterStatus.UNKNOWN: (
        DeviceState.NEEDS_ATTENTION,
        "The receipt printer did not report its status",
        "Check that the printer is switched on with no error light, then print a test "
        "receipt; some models never answer status queries",
    ),
}


@runtime_checkable
class ReceiptPrinter(Protocol):
    """Any receipt printer: it reports its status and prints pictures."""

    def status(self) -> PrinterStatus:
        """Ask the printer how it is; never raises for an unreachable printer."""
        ...

    def print_raster(self, image: Image.Image, cut: bool = True) -> None:
        """Print ``image`` (thresholded to black and white), then cut the paper.

        Raises :class:`PrinterNeedsAttention` (paper out, cover open; a
        :class:`~kiosk.errors.DeviceNeedsAttention`) or :class:`PrinterAbsent`
        (not reachable; a :class:`~kiosk.errors.DeviceAbsent`).
        """
        ...


def to_one_bit(image: Image.Image, width_dots: int) -> Image.Image:
    """``image`` as the printer will print it: transparent is white, dark grey is black.

    Thresholding (not dithering) keeps text edges crisp and QR modules square.
    Raises ``ValueError`` for an image wider than the paper or empty.
    """
    if image.width > width_dots:
        raise ValueError(f"image is {image.width} dots wide; the paper takes {width_dots}")
    if image.width == 0 or image.height == 0:
        raise ValueError("image is empty")
    paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
    paper.alpha_composite(image.convert("RGBA"))
    lut = [0] * BLACK_BELOW + [255] * (256 - BLACK_BELOW)
    return paper.convert("L").point(lut, mode="1")
