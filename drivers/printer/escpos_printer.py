"""An ESC/POS receipt printer over any :class:`~drivers.printer.link.Link`.

A job is built in memory and the link carries it in one write: python-escpos
gives ``ESC @`` and the feed-and-cut, :mod:`drivers.printer.escpos_raster`
the picture (white bands as paper feeds, each ``GS v 0`` band cropped to its
ink: about a third of the bytes of one full-width raster on a receipt). python-escpos's
own transports are not used: they cannot read a status byte with a timeout,
and its ``paper_status()`` answers "no paper" when the printer says nothing.

Status is asked with ``DLE EOT 1``, then ``2``, ``4`` (and ``3`` when the
printer reports an error), one byte each with a timeout. Silence is
``UNKNOWN``, never "paper out". A printer that answered before and falls
silent is taken as switched off only where the link cannot tell by itself
(``silence_means_off``, RS-232): TCP refuses and USB loses the device.

Reconnecting: a link that fails is closed and the next call opens it again,
so a printer that was power-cycled or re-plugged is found again with no
restart. A stale link found by a status query is retried once at once. A job
is never re-sent by this class: once any byte may have reached the printer, a
retry could print the receipt twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PIL import Image

from drivers.printer import escpos_status
from drivers.printer.escpos_raster import raster_commands
from drivers.printer.escpos_status import StatusKind
from drivers.printer.link import Link, LinkBroken, LinkUnavailable
from drivers.printer.port import (
    PrinterAbsent,
    PrinterError,
    PrinterNeedsAttention,
    PrinterStatus,
    to_one_bit,
)

if TYPE_CHECKING:
    from escpos.printer import Dummy

logger = logging.getLogger(__name__)

_NOT_PRINTED_AFTER = frozenset(
    {PrinterStatus.PAPER_OUT, PrinterStatus.COVER_OPEN, PrinterStatus.ERROR, PrinterStatus.OFFLINE}
)


class EscposPrinter:
    """A :class:`~drivers.printer.port.ReceiptPrinter` speaking ESC/POS over ``link``."""

    def __init__(
        self,
        link: Link,
        width_dots: int = 576,
        status_timeout: float = 3.0,
        silence_means_off: bool = False,
    ) -> None:
        self._link = link
        self._width = width_dots
        self._status_timeout = status_timeout
        self._silence_means_off = silence_means_off
        self._out_of_step = False
        self._heard = False
        self._unreachable: LinkUnavailable | None = None
        # One exchange at a time: a status poll from another thread must not
        # read the reply to a print's query, nor send a query inside a job.
        self._lock = threading.RLock()

    @property
    def address(self) -> str:
        """Where the printer is, as written in ``kiosk.toml``."""
        return self._link.address

    @property
    def width_dots(self) -> int:
        """Dots in one printed line (576 for 80 mm paper, 384 for 58 mm at 203 dpi)."""
        return self._width

    def status(self) -> PrinterStatus:
        """Ask the printer; an unreachable printer is ``OFFLINE``, a silent one ``UNKNOWN``."""
        with self._lock:
            return self._status()

    def _status(self) -> PrinterStatus:
        for attempt in (1, 2):
            reused = self._link.is_open
            try:
                self._open()
                condition = self._exchange_status()
            except LinkUnavailable as exc:
                logger.info("printer %s not reachable: %s", self.address, exc.message)
                return PrinterStatus.OFFLINE
            except LinkBroken as exc:
                self._link.close()
                if reused and attempt == 1:
                    logger.info("printer %s: stale link (%s), reopening", self.address, exc)
                    continue
                logger.info("printer %s: link broke during status: %s", self.address, exc)
                return PrinterStatus.OFFLINE
            logger.debug("printer %s status: %s", self.address, condition)
            return condition
        return PrinterStatus.OFFLINE

    def print_raster(self, image: Image.Image, cut: bool = True) -> None:
        """Print ``image`` thresholded to black and white, then feed and cut.

        Refused before any byte is sent when the printer says it cannot print;
        checked again after the job, so paper that ran out or a cover opened
        while printing is reported rather than taken as printed.
        """
        job = self.job_bytes(image, cut)
        with self._lock:
            condition = self._status()
            if not condition.can_print:
                raise self._refusal(condition)
            self._send(job)
            if condition is PrinterStatus.UNKNOWN:
                # It did not answer before the job; waiting for it after would only add delay.
                logger.warning("printer %s did not report its status; job sent", self.address)
            else:
                self._confirm()
        logger.info("printed a %d-byte job on %s", len(job), self.address)

    def job_bytes(self, image: Image.Image, cut: bool = True) -> bytes:
        """The ESC/POS bytes that print ``image``: nothing is sent.

        Raises ``ValueError`` for a picture wider than the paper or empty.
        """
        picture = to_one_bit(image, self._width)
        return (
            _escpos(lambda p: p.hw("INIT"))
            + raster_commands(picture)
            + (_escpos(lambda p: p.cut()) if cut else b"")
        )

    def close(self) -> None:
        """Close the link (the next call opens it again)."""
        with self._lock:
            self._link.close()

    def __enter__(self) -> EscposPrinter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- inside ----------------------------------------------------------------

    def _open(self) -> None:
        try:
            self._link.open()
        except LinkUnavailable as exc:
            self._unreachable = exc
            raise
        self._unreachable = None

    def _send(self, job: bytes) -> None:
        try:
            self._open()
            self._link.write(job)
        except (LinkUnavailable, LinkBroken) as exc:
            self._link.close()
            raise PrinterAbsent(
                f"The link to the receipt printer at {self.address} broke while printing",
                "Check the printer's power and cable, then print the receipt again",
                maybe_printed=isinstance(exc, LinkBroken),
            ) from exc

    def _refusal(self, condition: PrinterStatus) -> PrinterError:
        """The error for a refused job; the link's own words when it could not be opened."""
        unreachable = self._unreachable
        if condition is PrinterStatus.OFFLINE and unreachable is not None:
            return PrinterAbsent(unreachable.message, unreachable.fix)
        return condition.to_error()

    def _confirm(self) -> None:
        """Ask again once the job is sent: a stopped printer did not print all of it."""
        try:
            after = self._exchange_status()
        except LinkBroken as exc:
            self._link.close()
            raise PrinterAbsent(
                f"The receipt printer at {self.address} went away just after the receipt "
                "was sent; it may not have printed",
                "Check the printer's power and cable, then print the receipt again",
                maybe_printed=True,
            ) from exc
        if after in _NOT_PRINTED_AFTER:
            words = after.to_device_status()
            message = f"{words.detail}: the receipt may not have printed completely"
            if after is PrinterStatus.OFFLINE:
                raise PrinterAbsent(message, words.fix, maybe_printed=True)
            raise PrinterNeedsAttention(message, words.fix, after, maybe_printed=True)

    def _exchange_status(self) -> PrinterStatus:
        self._link.discard_input()
        self._out_of_step = False
        printer = self._ask(StatusKind.PRINTER)
        offline = paper = error = None
        if printer is not None:
            offline = self._ask(StatusKind.OFFLINE_CAUSE)
            paper = self._ask(StatusKind.ROLL_PAPER)
            cause = escpos_status.offline_cause(offline)
            if cause is not None and cause.error:
                error = self._ask(StatusKind.ERROR_CAUSE)
        if self._out_of_step:
            self._link.close()  # a late reply must not be read as the answer to the next query
        condition = escpos_status.classify(printer, offline, paper, error)
        if condition is not PrinterStatus.UNKNOWN:
            self._heard = True
        elif self._heard and self._silence_means_off:
            logger.info("printer %s answered before and is silent now: offline", self.address)
            return PrinterStatus.OFFLINE
        return condition

    def _ask(self, kind: StatusKind) -> int | None:
        if self._out_of_step:
            return None
        self._link.write(escpos_status.query(kind))
        reply = self._link.read_byte(self._status_timeout)
        if reply is None:
            logger.info("printer %s: no answer to DLE EOT %d", self.address, kind)
            self._out_of_step = True
        return reply


def _escpos(command: Callable[[Dummy], object]) -> bytes:
    """The bytes python-escpos sends for ``command``."""
    # Imported on the first job, not at start: python-escpos loads every printer kind it
    # knows (CUPS, USB, serial), 0.3-0.6 s of the kiosk's cold start for two commands.
    from escpos.printer import Dummy

    builder = Dummy()
    command(builder)
    return bytes(builder.output)
