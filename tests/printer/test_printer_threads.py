"""A status poll from another thread never mixes with a print job on the same printer."""

from __future__ import annotations

import threading

from PIL import Image, ImageDraw

from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.network import NetworkPrinter
from drivers.printer.port import PrinterStatus


def test_status_polls_during_prints_leave_every_job_whole(
    network_printer: NetworkPrinter, loopback_printer: LoopbackPrinter
) -> None:
    picture = Image.new("L", (576, 400), 255)
    ImageDraw.Draw(picture).rectangle((0, 0, 575, 399), outline=0, width=9)
    expected = network_printer.job_bytes(picture)
    statuses: list[PrinterStatus] = []

    def poll() -> None:
        for _ in range(30):
            statuses.append(network_printer.status())

    poller = threading.Thread(target=poll)
    poller.start()
    for _ in range(5):
        network_printer.print_raster(picture)
    poller.join()
    assert statuses == [PrinterStatus.READY] * 30
    assert loopback_printer.wait_for_jobs(5) == [expected] * 5
