"""The receipt printer ``kiosk.toml`` names, or a simulated one, for the commands and the app.

``transport = "simulator"`` starts a loopback printer on 127.0.0.1 for the
time of the call; a ``--printer`` uri on the command line overrides the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.uri import check_transport, open_printer
from kiosk.config import Config


@dataclass(frozen=True)
class PrinterHandle:
    """The printer to use, and the simulated one behind it if any (to look at what it printed)."""

    printer: EscposPrinter
    uri: str
    simulated: LoopbackPrinter | None = None


@contextmanager
def configured_printer(
    config: Config,
    uri: str | None = None,
    width_dots: int | None = None,
    status_timeout: float = 3.0,
) -> Iterator[PrinterHandle]:
    """The printer of ``uri``, else of ``kiosk.toml``; closed (and the simulator stopped) after.

    ``width_dots`` overrides ``[devices.printer] dots_per_line``.
    """
    settings = config.devices.printer
    dots = width_dots or settings.dots_per_line
    with ExitStack() as stack:
        simulated = None
        if uri is None and settings.transport == "simulator":
            simulated = stack.enter_context(LoopbackPrinter(width_dots=dots))
            uri = f"tcp://{simulated.host}:{simulated.port}"
        elif uri is None:
            check_transport(settings.transport, settings.uri)
            uri = settings.uri
        printer = open_printer(uri, dots, status_timeout)
        stack.callback(printer.close)
        yield PrinterHandle(printer, uri, simulated)
