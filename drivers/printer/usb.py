"""An ESC/POS receipt printer on USB (bulk endpoints), via pyusb and libusb.

The printer is found by vendor and product id (``usb://04b8:0202``). Linux's
``usblp`` driver claims printer-class devices; it is detached so that libusb
can write to the bulk OUT endpoint and read ``DLE EOT`` replies from the bulk
IN endpoint. The kiosk user needs access to the device node (a udev rule).

Power-cycling and re-plugging both make the device disappear from the bus:
the next transfer fails with "no such device", the handle is released, and
the next call looks the printer up again by its ids. Switched off, it is not
found at all: ``OFFLINE``, never "paper out".
"""

from __future__ import annotations

import errno
import logging
from collections import deque
from typing import Any, Protocol

import usb.core  # type: ignore[import-untyped]
import usb.util  # type: ignore[import-untyped]

from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.link import LinkBroken, LinkUnavailable

logger = logging.getLogger(__name__)

_BULK = 0x02
_DIRECTION_IN = 0x80
_DRAIN_MS = 10
_MAX_PACKET = 64
_MAX_DRAIN_PACKETS = 64


class UsbBus(Protocol):
    """Where USB devices are found and let go (pyusb, or a test's fake bus)."""

    def find(self, vendor_id: int, product_id: int) -> Any | None:
        """The device with these ids, or ``None`` if it is not plugged in."""
        ...

    def release(self, device: Any) -> None:
        """Free what the library holds for ``device``."""
        ...


class PyUsbBus:
    """The real bus: libusb through pyusb."""

    def find(self, vendor_id: int, product_id: int) -> Any | None:
        return usb.core.find(idVendor=vendor_id, idProduct=product_id)

    def release(self, device: Any) -> None:
        usb.util.dispose_resources(device)


def usb_id(vendor_id: int, product_id: int) -> str:
    """``04b8:0202``, as ``lsusb`` prints it."""
    return f"{vendor_id:04x}:{product_id:04x}"


class UsbLink:
    """A :class:`~drivers.printer.link.Link` over a USB printer's bulk endpoints."""

    def __init__(
        self,
        vendor_id: int,
        product_id: int,
        *,
        interface: int = 0,
        write_timeout: float = 30.0,
        bus: UsbBus | None = None,
    ) -> None:
        self._ids = (vendor_id, product_id)
        self._interface = interface
        self._write_ms = round(write_timeout * 1000)
        self._bus = bus or PyUsbBus()
        self._device: Any = None
        self._out: int = 0
        self._in: int | None = None
        self._pending: deque[int] = deque()

    @property
    def address(self) -> str:
        return f"usb://{usb_id(*self._ids)}"

    @property
    def is_open(self) -> bool:
        return self._device is not None

    def open(self) -> None:
        if self._device is not None:
            return
        try:
            device = self._bus.find(*self._ids)
        except (usb.core.USBError, usb.core.NoBackendError) as exc:
            raise LinkUnavailable(
                f"Cannot search the USB bus for the receipt printer ({exc})",
                "Install libusb-1.0 (Debian: libusb-1.0-0) and restart the kiosk",
            ) from exc
        if device is None:
            raise LinkUnavailable(
                f"No USB receipt printer {usb_id(*self._ids)} is plugged in",
                f"Check that the printer is switched on and its USB cable plugged in; "
                f"`lsusb` must list {usb_id(*self._ids)} (kiosk.toml [devices.printer] uri)",
            )
        try:
            self._claim(device)
        except usb.core.USBError as exc:
            self._bus.release(device)
            raise LinkUnavailable(
                f"The USB receipt printer {usb_id(*self._ids)} cannot be opened ({exc})",
                "Give the kiosk user access to the printer with a udev rule "
                "(see docs/receipt.md) and check that no other program uses it",
            ) from exc
        self._device = device
        self._pending.clear()

    def write(self, data: bytes) -> None:
        device = self._require()
        try:
            device.write(self._out, data, self._write_ms)
        except usb.core.USBTimeoutError as exc:
            raise LinkBroken("the printer stopped taking data") from exc
        except usb.core.USBError as exc:
            raise LinkBroken(f"writing failed: {exc}") from exc

    def read_byte(self, timeout: float) -> int | None:
        if not self._pending and not self._receive(max(1, round(timeout * 1000))):
            return None
        return self._pending.popleft()

    def discard_input(self) -> None:
        self._require()
        stray = len(self._pending)
        self._pending.clear()
        for _ in range(_MAX_DRAIN_PACKETS):  # bounded: a chatty printer must not hold us here
            if not self._receive(_DRAIN_MS):
                break
            stray += len(self._pending)
            self._pending.clear()
        if stray:
            logger.debug("discarded %d unexpected byte(s) from the printer", stray)

    def close(self) -> None:
        device, self._device = self._device, None
        self._pending.clear()
        if device is None:
            return
        try:
            self._bus.release(device)
        except usb.core.USBError as exc:  # an unplugged device may fail to let go
            logger.debug("releasing %s: %s", self.address, exc)

    # -- inside ----------------------------------------------------------------

    def _claim(self, device: Any) -> None:
        """Take the device from ``usblp``, configure it and find its bulk endpoints."""
        try:
            if device.is_kernel_driver_active(self._interface):
                device.detach_kernel_driver(self._interface)
        except NotImplementedError:  # backends other than libusb1 cannot tell
            pass
        try:
            configuration = device.get_active_configuration()
        except usb.core.USBError:  # not configured yet
            device.set_configuration()
            configuration = device.get_active_configuration()
        endpoints = list(configuration[(self._interface, 0)])
        bulk = [ep for ep in endpoints if ep.bmAttributes & 0x03 == _BULK]
        outs = [ep.bEndpointAddress for ep in bulk if not ep.bEndpointAddress & _DIRECTION_IN]
        ins = [ep.bEndpointAddress for ep in bulk if ep.bEndpointAddress & _DIRECTION_IN]
        if not outs:
            raise usb.core.USBError("the interface has no bulk OUT endpoint")
        self._out = outs[0]
        # Without an IN endpoint the printer cannot answer: status reads UNKNOWN.
        self._in = ins[0] if ins else None

    def _receive(self, timeout_ms: int) -> bool:
        """Read one USB packet into the pending bytes; False on timeout."""
        device = self._require()
        if self._in is None:
            return False
        try:
            packet = device.read(self._in, _MAX_PACKET, timeout_ms)
        except usb.core.USBTimeoutError:
            return False
        except usb.core.USBError as exc:
            if exc.errno == errno.ETIMEDOUT:
                return False
            raise LinkBroken(f"reading failed: {exc}") from exc
        self._pending.extend(bytes(packet))
        return bool(packet)

    def _require(self) -> Any:
        if self._device is None:
            raise LinkBroken("the USB printer is not open")
        return self._device


class UsbPrinter(EscposPrinter):
    """A :class:`~drivers.printer.port.ReceiptPrinter` on USB."""

    def __init__(
        self,
        vendor_id: int,
        product_id: int,
        width_dots: int = 576,
        status_timeout: float = 3.0,
        *,
        interface: int = 0,
        bus: UsbBus | None = None,
    ) -> None:
        link = UsbLink(vendor_id, product_id, interface=interface, bus=bus)
        super().__init__(link, width_dots, status_timeout)

    def __enter__(self) -> UsbPrinter:
        return self
