"""Acceptance: a sample receipt printed over real TCP, decoded by the printer, QR read back.

The loopback printer turns the ESC/POS bytes it received back into the paper
strip; the QR is read from that picture with zbar, as a phone would read it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops
from receipt_checks import qr_texts

from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter
from drivers.printer.pty_printer import PtyPrinter
from drivers.printer.serial import SerialPrinter
from drivers.printer.usb import UsbPrinter
from drivers.printer.usb_sim import SimulatedUsbBus
from kiosk.config import Language
from kiosk.receipt.desk import PrintResult, ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.sample import sample_dossier
from kiosk.receipt.settings import ReceiptSettings

pytestmark = pytest.mark.realparts


def same_picture(printed: Image.Image, rendered: Image.Image) -> bool:
    """The printed strip starts with the rendered receipt, dot for dot."""
    top = printed.crop((0, 0, rendered.width, rendered.height)).convert("L")
    return ImageChops.difference(top, rendered).getbbox() is None


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("width_dots", [576, 384])
def test_sample_receipt_over_tcp_decodes_and_its_qr_reads_back(
    settings: ReceiptSettings, tmp_path: Path, width_dots: int, language: Language
) -> None:
    paper = settings.model_copy(update={"width_dots": width_dots})
    facts = ReceiptFacts.from_dossier(sample_dossier(language), paper)
    with (
        LoopbackPrinter(width_dots=width_dots) as loopback,
        NetworkPrinter("127.0.0.1", loopback.port, width_dots, timeout=1.0) as printer,
    ):
        desk = ReceiptDesk(printer, paper)
        outcome = desk.print_receipt(facts)
        assert outcome.result is PrintResult.PRINTED
        (job,) = loopback.wait_for_jobs(1)
        assert job == printer.job_bytes(outcome.picture)
        png = loopback.last_receipt_png(tmp_path / f"receipt-{language}-{width_dots}.png")
    printed = Image.open(png)
    assert printed.width == width_dots
    assert same_picture(printed, outcome.picture)
    assert qr_texts(printed) == [paper.lookup_link(facts.code)]
    assert facts.citizen not in qr_texts(printed)[0]


def test_the_same_receipt_over_serial_and_usb(
    settings: ReceiptSettings, facts: ReceiptFacts, tmp_path: Path
) -> None:
    link = tmp_path / "usb-Printer-if00"
    with PtyPrinter(link) as pty, SerialPrinter(str(link), status_timeout=0.5) as serial:
        serial_outcome = ReceiptDesk(serial, settings).print_receipt(facts)
        pty.wait_for_jobs(1)
        serial_paper = pty.receipt()
    bus = SimulatedUsbBus()
    with UsbPrinter(bus.vendor_id, bus.product_id, status_timeout=0.5, bus=bus) as usb:
        usb_outcome = ReceiptDesk(usb, settings).print_receipt(facts)
    for outcome, paper in ((serial_outcome, serial_paper), (usb_outcome, bus.receipt())):
        assert outcome.printed
        assert same_picture(paper, outcome.picture)
        assert qr_texts(paper) == [settings.lookup_link(facts.code)]
