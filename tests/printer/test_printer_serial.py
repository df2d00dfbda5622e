"""SerialPrinter over pyserial against a printer on a pseudo-terminal: status, print, re-plug."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from drivers.printer.link import LinkUnavailable
from drivers.printer.port import PrinterAbsent, PrinterNeedsAttention, PrinterStatus, to_one_bit
from drivers.printer.pty_printer import PtyPrinter
from drivers.printer.serial import SerialLink, SerialPrinter, SerialSettings

TIMEOUT = 0.3


@pytest.fixture
def pty_printer(tmp_path: Path) -> Iterator[PtyPrinter]:
    with PtyPrinter(tmp_path / "usb-Printer_if00", width_dots=384) as printer:
        yield printer


@pytest.fixture
def serial_printer(pty_printer: PtyPrinter) -> Iterator[SerialPrinter]:
    with SerialPrinter(str(pty_printer.link_path), width_dots=384, status_timeout=TIMEOUT) as p:
        yield p


def picture() -> Image.Image:
    image = Image.new("L", (384, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 200, 60), fill=0)
    draw.ellipse((220, 20, 370, 110), outline=0, width=5)
    return image


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("ready", PrinterStatus.READY),
        ("paper_near_end", PrinterStatus.PAPER_NEAR_END),
        ("paper_out", PrinterStatus.PAPER_OUT),
        ("cover_open", PrinterStatus.COVER_OPEN),
        ("error", PrinterStatus.ERROR),
        ("offline", PrinterStatus.OFFLINE),
    ],
)
def test_status_through_the_serial_port(
    serial_printer: SerialPrinter, pty_printer: PtyPrinter, condition: str, expected: PrinterStatus
) -> None:
    assert serial_printer.status() is PrinterStatus.READY
    pty_printer.set_condition(condition)
    assert serial_printer.status() is expected
    pty_printer.set_condition("ready")
    assert serial_printer.status() is PrinterStatus.READY


def test_printed_picture_comes_back_pixel_for_pixel(
    serial_printer: SerialPrinter, pty_printer: PtyPrinter
) -> None:
    serial_printer.print_raster(picture())
    (job,) = pty_printer.wait_for_jobs(1)
    assert job.startswith(b"\x1b@\x1dP\xcb\xcb")  # init, then one-dot motion units
    printed = pty_printer.receipt().crop((0, 0, 384, 120)).convert("L")
    expected = to_one_bit(picture(), 384).convert("L")
    assert ImageChops.difference(printed, expected).getbbox() is None


def test_unplugged_then_plugged_in_again_at_the_same_path(
    serial_printer: SerialPrinter, pty_printer: PtyPrinter
) -> None:
    serial_printer.print_raster(picture())
    pty_printer.set_condition("offline")  # the adapter and its device node are gone
    assert serial_printer.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterAbsent) as raised:
        serial_printer.print_raster(picture())
    assert "dialout" in raised.value.fix
    assert not raised.value.maybe_printed
    pty_printer.set_condition("ready")
    assert serial_printer.status() is PrinterStatus.READY
    serial_printer.print_raster(picture())
    assert len(pty_printer.wait_for_jobs(2)) == 2  # nothing lost, nothing twice


def test_a_printer_that_answered_and_falls_silent_is_switched_off(
    serial_printer: SerialPrinter, pty_printer: PtyPrinter
) -> None:
    """RS-232 keeps the port when the printer is switched off: silence is the only sign."""
    assert serial_printer.status() is PrinterStatus.READY
    pty_printer.set_condition("silent")
    assert serial_printer.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterAbsent):
        serial_printer.print_raster(picture())
    pty_printer.set_condition("ready")  # switched on again
    serial_printer.print_raster(picture())
    assert len(pty_printer.wait_for_jobs(1)) == 1


def test_a_printer_that_never_answers_is_unknown_and_still_gets_the_job(
    pty_printer: PtyPrinter,
) -> None:
    pty_printer.set_condition("silent")
    with SerialPrinter(str(pty_printer.link_path), width_dots=384, status_timeout=TIMEOUT) as p:
        assert p.status() is PrinterStatus.UNKNOWN
        p.print_raster(picture())
    assert len(pty_printer.wait_for_jobs(1)) == 1


def test_paper_out_refuses_the_job_before_any_byte(
    serial_printer: SerialPrinter, pty_printer: PtyPrinter
) -> None:
    pty_printer.set_condition("paper_out")
    with pytest.raises(PrinterNeedsAttention) as raised:
        serial_printer.print_raster(picture())
    assert raised.value.status is PrinterStatus.PAPER_OUT
    assert pty_printer.jobs == []


def test_a_missing_port_is_unavailable_with_words(tmp_path: Path) -> None:
    link = SerialLink(str(tmp_path / "ttyUSB9"), SerialSettings(baudrate=9600))
    with pytest.raises(LinkUnavailable) as raised:
        link.open()
    assert "ttyUSB9" in raised.value.message
    assert "/dev/serial/by-id" in raised.value.fix
    assert not link.is_open


def test_a_port_in_use_by_another_program_is_refused(pty_printer: PtyPrinter) -> None:
    first = SerialLink(str(pty_printer.link_path))
    first.open()
    try:
        with pytest.raises(LinkUnavailable):
            SerialLink(str(pty_printer.link_path)).open()
    finally:
        first.close()
