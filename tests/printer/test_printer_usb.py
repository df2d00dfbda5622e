"""UsbPrinter over a simulated USB bus: pyusb's calls and errors, usblp detached, re-plug."""

from __future__ import annotations

import errno
from collections.abc import Iterator

import pytest
import usb.core
from PIL import Image, ImageChops, ImageDraw

from drivers.printer.link import LinkUnavailable
from drivers.printer.port import PrinterAbsent, PrinterStatus, to_one_bit
from drivers.printer.usb import UsbLink, UsbPrinter
from drivers.printer.usb_sim import (
    OUT_ENDPOINT,
    SimulatedEndpoint,
    SimulatedUsbBus,
    SimulatedUsbDevice,
)

TIMEOUT = 0.2


@pytest.fixture
def bus() -> SimulatedUsbBus:
    return SimulatedUsbBus(width_dots=576)


@pytest.fixture
def usb_printer(bus: SimulatedUsbBus) -> Iterator[UsbPrinter]:
    with UsbPrinter(bus.vendor_id, bus.product_id, 576, TIMEOUT, bus=bus) as printer:
        yield printer


def picture() -> Image.Image:
    image = Image.new("L", (576, 100), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 500, 80), fill=0)
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
        ("silent", PrinterStatus.UNKNOWN),
    ],
)
def test_status_over_usb(
    usb_printer: UsbPrinter, bus: SimulatedUsbBus, condition: str, expected: PrinterStatus
) -> None:
    assert usb_printer.status() is PrinterStatus.READY
    bus.set_condition(condition)
    assert usb_printer.status() is expected
    bus.set_condition("ready")
    assert usb_printer.status() is PrinterStatus.READY


def test_usblp_is_detached_and_the_picture_comes_back(
    usb_printer: UsbPrinter, bus: SimulatedUsbBus
) -> None:
    usb_printer.print_raster(picture())
    device = bus.find(bus.vendor_id, bus.product_id)
    assert device is not None and not device.kernel_driver and device.configured
    printed = bus.receipt().crop((0, 0, 576, 100)).convert("L")
    expected = to_one_bit(picture(), 576).convert("L")
    assert ImageChops.difference(printed, expected).getbbox() is None


def test_re_plugged_printer_is_found_again(usb_printer: UsbPrinter, bus: SimulatedUsbBus) -> None:
    usb_printer.print_raster(picture())
    bus.set_condition("offline")  # unplugged, or switched off: gone from the bus
    with pytest.raises(PrinterAbsent) as raised:
        usb_printer.print_raster(picture())
    assert "lsusb" in raised.value.fix and "0416:5011" in raised.value.message
    bus.set_condition("ready")  # plugged in again: a new device on the bus
    usb_printer.print_raster(picture())
    assert len(bus.jobs) == 2
    assert bus.released >= 1  # the dead handle was let go


def test_a_quick_power_cycle_is_found_at_the_next_query(
    usb_printer: UsbPrinter, bus: SimulatedUsbBus
) -> None:
    assert usb_printer.status() is PrinterStatus.READY
    bus.set_condition("offline")
    bus.set_condition("ready")  # a quick power cycle: the old handle is dead, a new device
    assert usb_printer.status() is PrinterStatus.READY  # stale handle dropped, found anew


class NoInEndpoint(SimulatedUsbDevice):
    def get_active_configuration(self) -> dict[tuple[int, int], list[SimulatedEndpoint]]:
        super().get_active_configuration()
        return {(0, 0): [SimulatedEndpoint(OUT_ENDPOINT)]}


class NoAccess(SimulatedUsbDevice):
    def detach_kernel_driver(self, interface: int) -> None:
        raise usb.core.USBError("Access denied (insufficient permissions)", errno=errno.EACCES)


class OneDeviceBus(SimulatedUsbBus):
    def __init__(self, kind: type[SimulatedUsbDevice]) -> None:
        super().__init__()
        self.device = kind(self, self.vendor_id, self.product_id)

    def find(self, vendor_id: int, product_id: int) -> SimulatedUsbDevice | None:
        return self.device


def test_a_printer_with_no_in_endpoint_is_unknown_but_prints() -> None:
    bus = OneDeviceBus(NoInEndpoint)
    with UsbPrinter(bus.vendor_id, bus.product_id, 576, TIMEOUT, bus=bus) as printer:
        assert printer.status() is PrinterStatus.UNKNOWN
        printer.print_raster(picture())
    assert len(bus.device.firmware.jobs(final=False)) == 1


def test_no_permission_is_unavailable_with_the_udev_fix() -> None:
    bus = OneDeviceBus(NoAccess)
    link = UsbLink(bus.vendor_id, bus.product_id, bus=bus)
    with pytest.raises(LinkUnavailable) as raised:
        link.open()
    assert "udev" in raised.value.fix
    assert bus.released == 1
    assert not link.is_open


def test_usb_address_reads_like_lsusb(bus: SimulatedUsbBus) -> None:
    assert UsbLink(0x04B8, 0x0202, bus=bus).address == "usb://04b8:0202"
    assert bus.uri == "usb://0416:5011"
