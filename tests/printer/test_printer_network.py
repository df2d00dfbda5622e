"""NetworkPrinter against the loopback printer, over real TCP on 127.0.0.1."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
import qrcode  # type: ignore[import-untyped]
from PIL import Image, ImageChops, ImageDraw, ImageFont
from pyzbar import pyzbar

from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter
from drivers.printer.port import PrinterStatus, ReceiptPrinter, to_one_bit
from drivers.status import DeviceState
from kiosk.errors import DeviceAbsent, DeviceNeedsAttention

STATUS_TIMEOUT = 1.0


def distinctive_picture() -> Image.Image:
    """Grey-level text and shapes: anti-aliased edges exercise the threshold."""
    picture = Image.new("L", (576, 220), 255)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=44)
    draw.text((12, 10), "BIEN NHAN 0427", font=font, fill=0)
    draw.text((12, 70), "kiosk loopback", font=font, fill=100)
    draw.ellipse((400, 120, 560, 210), outline=0, width=6)
    draw.polygon([(20, 200), (120, 130), (220, 200)], fill=60)
    draw.rectangle((250, 150, 350, 210), fill=200)  # light grey: stays white
    return picture


def ink(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


def test_network_printer_is_a_receipt_printer(network_printer: NetworkPrinter) -> None:
    assert isinstance(network_printer, ReceiptPrinter)


def test_printed_picture_comes_back_pixel_for_pixel(
    network_printer: NetworkPrinter, loopback_printer: LoopbackPrinter
) -> None:
    original = distinctive_picture()
    network_printer.print_raster(original)
    (job,) = loopback_printer.wait_for_jobs(1)
    assert job.startswith(b"\x1b@\x1dP\xcb\xcb")  # init, then one-dot motion units
    assert b"\x1dv0" in job
    assert b"\x1dV" in job[-4:]
    paper = loopback_printer.receipt()
    assert paper.width == 576
    assert paper.height > original.height  # fed before the cut
    printed = paper.crop((0, 0, original.width, original.height)).convert("L")
    expected = to_one_bit(original, 576).convert("L")
    assert ImageChops.difference(printed, expected).getbbox() is None
    assert ink(paper) == ink(expected) > 5000
    assert paper.crop((0, original.height, 576, paper.height)).getbbox() is not None


def test_tall_picture_is_sent_in_fragments_and_joined_again(
    network_printer: NetworkPrinter, loopback_printer: LoopbackPrinter
) -> None:
    tall = Image.new("L", (200, 1500), 255)
    ImageDraw.Draw(tall).line((0, 0, 199, 1499), fill=0, width=5)
    network_printer.print_raster(tall)
    (job,) = loopback_printer.wait_for_jobs(1)
    assert job.count(b"\x1dv0") == 2  # split at 960 rows, a printer's buffer
    printed = loopback_printer.receipt().crop((0, 0, 200, 1500)).convert("L")
    assert ImageChops.difference(printed, to_one_bit(tall, 576).convert("L")).getbbox() is None


def test_qr_code_printed_and_read_back(
    network_printer: NetworkPrinter, loopback_printer: LoopbackPrinter, tmp_path: Path
) -> None:
    content = "HS-000.00.00.H00-251123-0001"
    code = qrcode.make(content, box_size=8, border=4).get_image().convert("L")
    network_printer.print_raster(code)
    loopback_printer.wait_for_jobs(1)
    png = loopback_printer.last_receipt_png(tmp_path / "receipt.png")
    decoded = pyzbar.decode(Image.open(png))
    assert [symbol.data.decode() for symbol in decoded] == [content]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("ready", PrinterStatus.READY),
        ("paper_near_end", PrinterStatus.PAPER_NEAR_END),
        ("paper_out", PrinterStatus.PAPER_OUT),
        ("cover_open", PrinterStatus.COVER_OPEN),
        ("error", PrinterStatus.ERROR),
        ("offline", PrinterStatus.OFFLINE),
        ("silent", PrinterStatus.UNKNOWN),
    ],
)
def test_status_through_the_socket(
    network_printer: NetworkPrinter,
    loopback_printer: LoopbackPrinter,
    condition: str,
    expected: PrinterStatus,
) -> None:
    assert network_printer.status() is PrinterStatus.READY
    loopback_printer.set_condition(condition)
    assert network_printer.status() is expected
    loopback_printer.set_condition("ready")
    assert network_printer.status() is PrinterStatus.READY  # reconnects after a drop


def test_nobody_listening_is_offline_with_words(closed_port: int) -> None:
    with NetworkPrinter("127.0.0.1", closed_port, timeout=STATUS_TIMEOUT) as printer:
        status = printer.status()
        assert status is PrinterStatus.OFFLINE
        device = status.to_device_status()
        assert device.state is DeviceState.ABSENT
        assert "switched on" in device.fix
        with pytest.raises(DeviceAbsent) as raised:
            printer.print_raster(distinctive_picture())
    assert raised.value.fix


def test_paper_out_refuses_the_job(
    network_printer: NetworkPrinter, loopback_printer: LoopbackPrinter
) -> None:
    loopback_printer.set_condition("paper_out")
    with pytest.raises(DeviceNeedsAttention) as raised:
        network_printer.print_raster(distinctive_picture())
    assert raised.value.message == "Paper is out"
    assert "80 mm thermal paper" in raised.value.fix
    network_printer.close()
    time.sleep(0.05)
    assert loopback_printer.jobs == []
    queries = loopback_printer.received
    assert queries
    assert all(queries[i : i + 2] == b"\x10\x04" for i in range(0, len(queries), 3))


def test_cover_open_refuses_the_job(
    network_printer: NetworkPrinter, loopback_printer: LoopbackPrinter
) -> None:
    loopback_printer.set_condition("cover_open")
    with pytest.raises(DeviceNeedsAttention, match="cover"):
        network_printer.print_raster(distinctive_picture())


def test_silent_printer_still_gets_the_job(
    network_printer: NetworkPrinter, loopback_printer: LoopbackPrinter
) -> None:
    loopback_printer.set_condition("silent")
    network_printer.print_raster(distinctive_picture())
    assert len(loopback_printer.wait_for_jobs(1)) == 1


def test_prints_again_after_the_printer_was_off(
    network_printer: NetworkPrinter, loopback_printer: LoopbackPrinter
) -> None:
    network_printer.print_raster(distinctive_picture())
    loopback_printer.set_condition("offline")
    with pytest.raises(DeviceAbsent):
        network_printer.print_raster(distinctive_picture())
    loopback_printer.set_condition("ready")
    network_printer.print_raster(distinctive_picture())
    assert len(loopback_printer.wait_for_jobs(2)) == 2
    assert len(loopback_printer.connections) == 2


def test_too_wide_a_picture_is_a_programming_error(network_printer: NetworkPrinter) -> None:
    with pytest.raises(ValueError, match="577 dots wide"):
        network_printer.print_raster(Image.new("L", (577, 10), 0))


def test_loopback_answers_queries_but_not_data_that_looks_like_one(
    loopback_printer: LoopbackPrinter,
) -> None:
    loopback_printer.set_condition("paper_out")
    fake_query = b"\x1dv0\x00\x03\x00\x01\x00" + b"\x10\x04\x01"  # raster data, not a query
    with socket.create_connection(("127.0.0.1", loopback_printer.port), timeout=1) as sock:
        sock.sendall(fake_query + b"\x10\x04\x04")
        assert sock.recv(1) == b"\x7e"
        sock.settimeout(0.1)
        with pytest.raises(TimeoutError):
            sock.recv(1)
