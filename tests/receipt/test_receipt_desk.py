"""The desk prints each receipt once, says why not when it cannot, and calls a technician."""

from __future__ import annotations

import io
import json
import logging
import threading
from datetime import datetime

import pytest

from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter, TcpLink
from drivers.printer.port import PrinterStatus
from drivers.status import DeviceState
from kiosk.logs import JsonFormatter
from kiosk.receipt.attention import MAX_CODES, ServiceFlag, TechnicianCall
from kiosk.receipt.desk import PrintResult, ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.sample import SAMPLE_NAME, sample_dossier
from kiosk.receipt.settings import NameMask, ReceiptSettings


def test_a_receipt_prints_once_and_a_reprint_prints_again(
    desk: ReceiptDesk, facts: ReceiptFacts, loopback_printer: LoopbackPrinter
) -> None:
    first = desk.print_receipt(facts)
    assert first.result is PrintResult.PRINTED and first.printed
    again = desk.print_receipt(facts)
    assert again.result is PrintResult.ALREADY_PRINTED and again.printed
    assert len(loopback_printer.wait_for_jobs(1)) == 1
    copy = desk.print_receipt(facts, reprint=True)
    assert copy.result is PrintResult.PRINTED
    assert copy.picture.height > first.picture.height  # the reprint mark
    assert len(loopback_printer.wait_for_jobs(2)) == 2


def test_two_requests_at_once_print_one_receipt(
    desk: ReceiptDesk, facts: ReceiptFacts, loopback_printer: LoopbackPrinter
) -> None:
    results: list[PrintResult] = []
    threads = [
        threading.Thread(target=lambda: results.append(desk.print_receipt(facts).result))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == sorted(
        [PrintResult.PRINTED, PrintResult.ALREADY_PRINTED, PrintResult.ALREADY_PRINTED]
    )
    assert len(loopback_printer.jobs) == 1


@pytest.mark.parametrize(
    ("condition", "status"),
    [
        ("paper_out", PrinterStatus.PAPER_OUT),
        ("cover_open", PrinterStatus.COVER_OPEN),
        ("offline", PrinterStatus.OFFLINE),
        ("error", PrinterStatus.ERROR),
    ],
)
def test_a_printer_that_cannot_print_flags_the_kiosk_and_loses_nothing(
    desk: ReceiptDesk,
    facts: ReceiptFacts,
    flag: ServiceFlag,
    loopback_printer: LoopbackPrinter,
    condition: str,
    status: PrinterStatus,
) -> None:
    loopback_printer.set_condition(condition)
    outcome = desk.print_receipt(facts)
    assert outcome.result is PrintResult.NOT_PRINTED
    assert outcome.status is status
    assert outcome.message and outcome.fix
    assert not outcome.maybe_printed
    assert outcome.picture.width == 576  # for the screen to show
    call = flag.current
    assert call is not None and call.unprinted == (facts.code,) and call.status is status
    assert loopback_printer.jobs == []
    loopback_printer.set_condition("ready")
    assert desk.print_receipt(facts).result is PrintResult.PRINTED
    assert flag.current is None
    assert len(loopback_printer.wait_for_jobs(1)) == 1


def test_paper_out_mid_job_is_not_printed_and_may_be_partly_out(
    loopback_printer: LoopbackPrinter, settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    class RunsOut(TcpLink):
        def write(self, data: bytes) -> None:
            super().write(data)
            if len(data) > 100:
                loopback_printer.wait_for_jobs(1)
                loopback_printer.set_condition("paper_out")

    printer = EscposPrinter(RunsOut(loopback_printer.host, loopback_printer.port, 0.5))
    outcome = ReceiptDesk(printer, settings).print_receipt(facts)
    printer.close()
    assert outcome.result is PrintResult.NOT_PRINTED
    assert outcome.status is PrinterStatus.PAPER_OUT and outcome.maybe_printed


def test_the_flag_reports_codes_in_device_words_and_tells_listeners() -> None:
    flag = ServiceFlag(clock=lambda: datetime(2026, 11, 23, 9, 30))
    heard: list[TechnicianCall | None] = []
    flag.subscribe(heard.append)
    assert flag.device_status().state is DeviceState.READY
    flag.raise_for("K-A-261123-00000001", "Paper is out", "Load paper", PrinterStatus.PAPER_OUT)
    flag.raise_for("K-A-261123-00000002", "Paper is out", "Load paper", PrinterStatus.PAPER_OUT)
    words = flag.device_status()
    assert words.state is DeviceState.NEEDS_ATTENTION
    assert "2 receipt(s) not printed since 09:30" in words.detail
    assert "K-A-261123-00000002" in words.detail
    assert "kiosk receipt reprint" in words.fix
    flag.clear()
    flag.clear()
    assert [call.unprinted if call else None for call in heard] == [
        ("K-A-261123-00000001",),
        ("K-A-261123-00000001", "K-A-261123-00000002"),
        None,
    ]
    for number in range(MAX_CODES + 5):
        flag.raise_for(f"code-{number}", "x", "y")
    current = flag.current
    assert current is not None and len(current.unprinted) == MAX_CODES


def test_logs_carry_codes_but_no_name(
    loopback_printer: LoopbackPrinter, settings: ReceiptSettings, caplog: pytest.LogCaptureFixture
) -> None:
    dossier = sample_dossier()
    settings = settings.model_copy(update={"name_mask": NameMask.NONE})
    facts = ReceiptFacts.from_dossier(dossier, settings)
    assert facts.citizen == SAMPLE_NAME
    with NetworkPrinter("127.0.0.1", loopback_printer.port, timeout=0.5) as printer:
        desk = ReceiptDesk(printer, settings)
        with caplog.at_level(logging.DEBUG):
            desk.print_receipt(facts)
            loopback_printer.set_condition("paper_out")
            desk.print_receipt(facts, reprint=True)
    stream = io.StringIO()
    formatter = JsonFormatter()
    for record in caplog.records:
        stream.write(formatter.format(record) + "\n")
    text = stream.getvalue()
    assert facts.code in text
    for secret in (SAMPLE_NAME, "Trần", dossier.identity.id_number):
        assert secret not in text
    assert all(json.loads(line) for line in text.splitlines())
