"""The check after a job: paper that ran out or a printer that went away while printing."""

from __future__ import annotations

import pytest
from PIL import Image

from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import TcpLink
from drivers.printer.port import PrinterAbsent, PrinterNeedsAttention, PrinterStatus

TIMEOUT = 0.5
JOB = Image.new("L", (576, 200), 0)


class PaperRunsOutDuringTheJob(TcpLink):
    """Sends the job, then the simulated printer runs out of paper (or is switched off)."""

    def __init__(self, loopback: LoopbackPrinter, then: str) -> None:
        super().__init__(loopback.host, loopback.port, TIMEOUT)
        self.loopback = loopback
        self.then = then

    def write(self, data: bytes) -> None:
        super().write(data)
        if len(data) > 100:  # the job, not a status query
            self.loopback.wait_for_jobs(1)
            self.loopback.set_condition(self.then)


def test_paper_running_out_during_the_job_is_reported_not_taken_as_printed(
    loopback_printer: LoopbackPrinter,
) -> None:
    printer = EscposPrinter(PaperRunsOutDuringTheJob(loopback_printer, "paper_out"), 576, TIMEOUT)
    with pytest.raises(PrinterNeedsAttention) as raised:
        printer.print_raster(JOB)
    assert raised.value.status is PrinterStatus.PAPER_OUT
    assert raised.value.maybe_printed
    assert "may not have printed completely" in raised.value.message
    printer.close()


def test_a_printer_switched_off_during_the_job_is_reported(
    loopback_printer: LoopbackPrinter,
) -> None:
    printer = EscposPrinter(PaperRunsOutDuringTheJob(loopback_printer, "offline"), 576, TIMEOUT)
    with pytest.raises(PrinterAbsent) as raised:
        printer.print_raster(JOB)
    assert raised.value.maybe_printed
    printer.close()


def test_job_bytes_are_what_is_sent(loopback_printer: LoopbackPrinter) -> None:
    printer = EscposPrinter(TcpLink(loopback_printer.host, loopback_printer.port, TIMEOUT), 576)
    expected = printer.job_bytes(JOB)
    printer.print_raster(JOB)
    assert loopback_printer.wait_for_jobs(1) == [expected]
    printer.close()
