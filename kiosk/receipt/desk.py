"""Printing receipts: render, print once, and when the printer cannot, say why and call for help.

By the time a receipt is printed the dossier is already committed to the
outbox: a printer failure never loses a dossier. It does leave a citizen
without paper, so the desk returns the picture (the screen shows it, QR and
all, to be photographed), raises the :class:`~kiosk.receipt.attention.ServiceFlag`
and never throws a printer error at the screen.

One receipt is printed once: a second request for a code that already printed
(a double tap, a screen shown again) is answered from memory, not sent to the
printer. Only an explicit reprint prints a code again. Calls block on the
printer: run them off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from PIL import Image

from drivers.printer.port import PrinterAbsent, PrinterNeedsAttention, PrinterStatus, ReceiptPrinter
from kiosk.errors import DeviceError, KioskError
from kiosk.logs import fields
from kiosk.receipt.attention import ServiceFlag
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.render import render_receipt
from kiosk.receipt.settings import ReceiptSettings
from kiosk.receipt.template import Template
from kiosk.receipt.values import VIETNAM_TIME

log = logging.getLogger(__name__)

REMEMBERED_CODES = 200
"""How many printed codes the desk remembers to refuse printing them twice."""


class PrintResult(StrEnum):
    """What became of one request to print."""

    PRINTED = "printed"
    ALREADY_PRINTED = "already_printed"
    NOT_PRINTED = "not_printed"


@dataclass(frozen=True)
class PrintOutcome:
    """The result of one request, with the receipt picture for the screen.

    When not printed, ``status`` is what the printer said (``None`` if it was
    not a printer condition), ``message`` and ``fix`` the technician's words,
    and ``maybe_printed`` whether part of it may have come out all the same.
    """

    code: str
    result: PrintResult
    picture: Image.Image
    status: PrinterStatus | None = None
    message: str = ""
    fix: str = ""
    maybe_printed: bool = False
    duration_ms: int = 0

    @property
    def printed(self) -> bool:
        return self.result is not PrintResult.NOT_PRINTED


class _Acknowledged(Protocol):
    @property
    def official_code(self) -> str | None: ...


class OfficialCodes(Protocol):
    """The outbox, as far as the desk needs it: the center's code once it acknowledged."""

    def entry(self, code: str) -> _Acknowledged | None: ...


class ReceiptKeeper(Protocol):
    """Where the desk keeps each first print's facts for a reprint (:mod:`kiosk.receipt.kept`)."""

    def keep(self, facts: ReceiptFacts) -> None: ...


class ReceiptDesk:
    """Renders and prints receipts on one printer, and flags the kiosk when it cannot."""

    def __init__(
        self,
        printer: ReceiptPrinter,
        settings: ReceiptSettings,
        flag: ServiceFlag | None = None,
        template: Template | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(VIETNAM_TIME),
        *,
        codes: OfficialCodes | None = None,
        keeper: ReceiptKeeper | None = None,
    ) -> None:
        self.printer = printer
        self.codes = codes
        self.keeper = keeper  # keeps each first print's facts for a reprint
        self.settings = settings
        self.flag = flag or ServiceFlag()
        self._template = template
        self._clock = clock
        self._lock = threading.Lock()
        self._printed: deque[str] = deque(maxlen=REMEMBERED_CODES)

    def render(self, facts: ReceiptFacts, reprint: bool = False) -> Image.Image:
        """The receipt picture, as printed (and as shown when it cannot be)."""
        return render_receipt(
            facts, self.settings, template=self._template, reprint=reprint, printed_at=self._clock()
        )

    def with_official_code(self, facts: ReceiptFacts) -> ReceiptFacts:
        """``facts`` with the center's official code if the sync already brought it back."""
        if facts.official_code is not None or self.codes is None or not facts.provisional:
            return facts
        try:
            entry = self.codes.entry(facts.code)
        except Exception as exc:  # the receipt prints without it rather than not at all
            log.warning("official code not read", extra=fields(error=type(exc).__name__))
            return facts
        official = entry.official_code if entry is not None else None
        return facts if official is None else facts.model_copy(update={"official_code": official})

    def print_receipt(self, facts: ReceiptFacts, *, reprint: bool = False) -> PrintOutcome:
        """Print the receipt of ``facts`` unless it already printed (``reprint`` prints again).

        If the center already acknowledged the dossier (the sync ran while the
        citizen was at the kiosk) its official code is printed too.
        """
        if not reprint:
            self._keep(facts)
        facts = self.with_official_code(facts)
        with self._lock:
            picture = self.render(facts, reprint)
            if not reprint and facts.code in self._printed:
                log.info("receipt already printed", extra=fields(code=facts.code))
                return PrintOutcome(facts.code, PrintResult.ALREADY_PRINTED, picture)
            started = time.perf_counter()
            try:
                self.printer.print_raster(picture)
            except DeviceError as exc:
                return self._failed(facts.code, picture, exc, _ms_since(started))
            self._printed.append(facts.code)
        duration = _ms_since(started)
        log.info(
            "receipt printed",
            extra=fields(code=facts.code, duration_ms=duration, step="reprint" if reprint else ""),
        )
        self.flag.clear()
        return PrintOutcome(facts.code, PrintResult.PRINTED, picture, duration_ms=duration)

    def _keep(self, facts: ReceiptFacts) -> None:
        """Keep the facts for a reprint, before printing: a failed print needs one most."""
        if self.keeper is None:
            return
        try:
            self.keeper.keep(facts)
        except KioskError as exc:  # the receipt prints all the same; a reprint shows less
            log.warning(
                "receipt not kept for reprints", extra=fields(code=facts.code, reason=exc.message)
            )

    def _failed(
        self, code: str, picture: Image.Image, error: DeviceError, duration: int
    ) -> PrintOutcome:
        status: PrinterStatus | None = None
        maybe = False
        if isinstance(error, PrinterAbsent | PrinterNeedsAttention):
            status, maybe = error.status, error.maybe_printed
        self.flag.raise_for(code, error.message, error.fix, status)
        return PrintOutcome(
            code,
            PrintResult.NOT_PRINTED,
            picture,
            status=status,
            message=error.message,
            fix=error.fix,
            maybe_printed=maybe,
            duration_ms=duration,
        )


def _ms_since(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
