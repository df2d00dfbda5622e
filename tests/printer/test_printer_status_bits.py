"""DLE EOT replies read bit by bit (values from the Epson ESC/POS reference)."""

from __future__ import annotations

import pytest

from drivers.printer import escpos_status as bits
from drivers.printer.escpos_status import StatusKind, classify
from drivers.printer.loopback import STATUS_REPLIES, LoopbackCondition
from drivers.printer.port import PrinterStatus
from drivers.status import DeviceState

OK = 0x12  # bits 1 and 4 set: "nothing to report" for every n


def test_query_bytes() -> None:
    assert bits.query(StatusKind.PRINTER) == b"\x10\x04\x01"
    assert bits.query(StatusKind.ROLL_PAPER) == b"\x10\x04\x04"


@pytest.mark.parametrize("value", [0x12, 0x16, 0x1A, 0x1E, 0x32, 0x52, 0x72, 0x7E])
def test_well_formed_bytes(value: int) -> None:
    assert bits.is_status_byte(value)


@pytest.mark.parametrize(
    "value",
    [
        0x00,  # bits 1 and 4 clear
        0xFF,  # bits 0 and 7 set
        0x13,  # bit 0 set
        0x92,  # bit 7 set
        0x10,  # bit 1 clear
        0x02,  # bit 4 clear
        0x7F,
        -1,
        256,
        None,
    ],
)
def test_malformed_bytes(value: int | None) -> None:
    assert not bits.is_status_byte(value)
    assert bits.printer_online(value) is None
    assert bits.offline_cause(value) is None
    assert bits.error_cause(value) is None
    assert bits.roll_paper(value) is None


def test_printer_byte() -> None:
    assert bits.printer_online(0x12) is True
    assert bits.printer_online(0x1A) is False  # bit 3: offline
    assert bits.printer_online(0x16) is True  # bit 2 is the drawer pin, not a fault


def test_offline_cause_bits() -> None:
    assert bits.offline_cause(0x16) == bits.OfflineCause(True, False, False, False)
    assert bits.offline_cause(0x1A) == bits.OfflineCause(False, True, False, False)
    assert bits.offline_cause(0x32) == bits.OfflineCause(False, False, True, False)
    assert bits.offline_cause(0x52) == bits.OfflineCause(False, False, False, True)


def test_error_cause_bits() -> None:
    assert bits.error_cause(0x16) == bits.ErrorCause(True, False, False, False)
    assert bits.error_cause(0x1A) == bits.ErrorCause(False, True, False, False)
    assert bits.error_cause(0x32) == bits.ErrorCause(False, False, True, False)
    assert bits.error_cause(0x52) == bits.ErrorCause(False, False, False, True)
    error_free = bits.error_cause(OK)
    assert error_free is not None
    assert not error_free.has_error


@pytest.mark.parametrize(
    ("value", "near_end", "paper_end"),
    [
        (0x12, False, False),
        (0x1E, True, False),  # Epson: bits 2 and 3 together
        (0x16, True, False),  # clones: one bit of the pair
        (0x72, False, True),  # python-escpos's RT_MASK_NOPAPER
        (0x7E, True, True),  # paper out: both sensors see no paper
        (0x32, False, True),
    ],
)
def test_roll_paper_bits(value: int, near_end: bool, paper_end: bool) -> None:
    assert bits.roll_paper(value) == bits.RollPaper(near_end=near_end, paper_end=paper_end)


@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        ((OK, OK, OK), PrinterStatus.READY),
        ((OK, OK, 0x1E), PrinterStatus.PAPER_NEAR_END),
        ((0x1A, 0x32, 0x7E), PrinterStatus.PAPER_OUT),
        ((0x1A, None, 0x72), PrinterStatus.PAPER_OUT),  # seen by the sensor only
        ((0x1A, 0x32, None), PrinterStatus.PAPER_OUT),  # seen by the offline cause only
        ((0x1A, 0x16, OK), PrinterStatus.COVER_OPEN),
        ((0x1A, 0x36, 0x7E), PrinterStatus.COVER_OPEN),  # open cover hides the paper
        ((0x1A, 0x52, OK), PrinterStatus.ERROR),
        ((0x1A, 0x1A, OK), PrinterStatus.OFFLINE),  # fed by the FEED button
        ((0x1A, OK, OK), PrinterStatus.OFFLINE),
        ((None, None, None), PrinterStatus.UNKNOWN),
        ((0x00, 0x32, 0x7E), PrinterStatus.UNKNOWN),  # no valid printer byte: not "out"
        ((0xFF, OK, OK), PrinterStatus.UNKNOWN),
        ((OK, OK, 0xFF), PrinterStatus.READY),  # 0xFF would read "paper end" unchecked
        ((OK, 0xFF, None), PrinterStatus.READY),
    ],
)
def test_classify(
    replies: tuple[int | None, int | None, int | None], expected: PrinterStatus
) -> None:
    printer, offline, paper = replies
    assert classify(printer, offline, paper) is expected


def test_classify_error_cause_byte() -> None:
    assert classify(0x1A, 0x52, OK, error=0x1A) is PrinterStatus.ERROR  # autocutter
    assert classify(0x1A, OK, OK, error=0x32) is PrinterStatus.ERROR  # unrecoverable
    assert classify(0x1A, OK, OK, error=0xFF) is PrinterStatus.OFFLINE  # malformed: ignored


@pytest.mark.parametrize(
    "condition",
    [
        LoopbackCondition.READY,
        LoopbackCondition.PAPER_NEAR_END,
        LoopbackCondition.PAPER_OUT,
        LoopbackCondition.COVER_OPEN,
        LoopbackCondition.ERROR,
    ],
)
def test_loopback_replies_are_well_formed_and_read_back(condition: LoopbackCondition) -> None:
    replies = STATUS_REPLIES[condition]
    assert all(bits.is_status_byte(value) for value in replies.values())
    assert classify(replies[1], replies[2], replies[4], replies[3]).value == condition.value


def test_words_for_every_status() -> None:
    for status in PrinterStatus:
        device = status.to_device_status()
        assert device.device == "receipt printer"
        assert device.detail
        if status is not PrinterStatus.READY:
            assert device.fix, status
    out = PrinterStatus.PAPER_OUT.to_device_status()
    assert out.state is DeviceState.NEEDS_ATTENTION
    assert out.detail == "Paper is out"
    assert "load a new roll of 80 mm thermal paper" in out.fix.lower()
    assert PrinterStatus.OFFLINE.to_device_status().state is DeviceState.ABSENT
    assert PrinterStatus.READY.to_device_status().operational
    assert PrinterStatus.PAPER_NEAR_END.to_device_status().operational


def test_unknown_is_not_out() -> None:
    unknown = PrinterStatus.UNKNOWN.to_device_status()
    assert "out" not in unknown.detail.lower()
    assert "paper" not in unknown.detail.lower()
    assert PrinterStatus.UNKNOWN.can_print
    assert not PrinterStatus.PAPER_OUT.can_print
