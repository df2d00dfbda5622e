"""A USB receipt printer made of software: a bus with one device that pyusb code can drive.

There is no virtual USB host on a machine without the kernel's gadget
modules, so this simulates the lowest layer the adapter touches: the pyusb
``Device`` calls (``is_kernel_driver_active``, ``detach_kernel_driver``,
``get_active_configuration``, ``set_configuration``, bulk ``write`` and
``read``) and the pyusb exceptions they raise, with the simulated firmware
behind them.

Condition ``offline`` unplugs the device: the handle the kiosk holds fails
with ``ENODEV`` ("No such device") and the bus no longer finds it; any other
condition plugs a new device in, as a re-plugged printer appears anew.
"""

from __future__ import annotations

import errno
import threading
import time
from array import array
from collections import deque
from dataclasses import dataclass

import usb.core  # type: ignore[import-untyped]
from PIL import Image

from drivers.printer.escpos_paper import render
from drivers.printer.escpos_stream import split_jobs
from drivers.printer.firmware import Firmware, SimulatedCondition

OUT_ENDPOINT = 0x01
IN_ENDPOINT = 0x82
_BULK = 0x02


@dataclass(frozen=True)
class SimulatedEndpoint:
    """What pyusb's ``Endpoint`` offers that the adapter reads."""

    bEndpointAddress: int  # noqa: N815 - the USB descriptor's field name
    bmAttributes: int = _BULK  # noqa: N815


class SimulatedUsbDevice:
    """One plug-in of the printer: the object ``usb.core.find`` would return."""

    def __init__(self, bus: SimulatedUsbBus, vendor_id: int, product_id: int) -> None:
        self.idVendor = vendor_id  # pyusb's attribute names
        self.idProduct = product_id
        self.firmware = Firmware()
        self.gone = False
        self.kernel_driver = True  # usblp binds printer-class devices when they appear
        self.configured = False
        self._bus = bus
        self._replies: deque[int] = deque()

    def is_kernel_driver_active(self, interface: int) -> bool:
        self._check()
        return self.kernel_driver

    def detach_kernel_driver(self, interface: int) -> None:
        self._check()
        self.kernel_driver = False

    def set_configuration(self) -> None:
        self._check()
        self.configured = True

    def get_active_configuration(self) -> dict[tuple[int, int], list[SimulatedEndpoint]]:
        self._check()
        if not self.configured:
            raise usb.core.USBError("Configuration not set", errno=errno.EIO)
        return {(0, 0): [SimulatedEndpoint(OUT_ENDPOINT), SimulatedEndpoint(IN_ENDPOINT)]}

    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int:
        self._check()
        if self.kernel_driver:
            raise usb.core.USBError("Resource busy", errno=errno.EBUSY)
        replies = self.firmware.receive(bytes(data), self._bus.condition)
        self._replies.extend(replies)
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int | None = None) -> array[int]:
        deadline = time.monotonic() + (timeout or 1000) / 1000
        while not self._replies:
            self._check()
            if time.monotonic() >= deadline:
                raise usb.core.USBTimeoutError("Operation timed out", errno=errno.ETIMEDOUT)
            time.sleep(0.002)
        count = min(size, len(self._replies))
        return array("B", (self._replies.popleft() for _ in range(count)))

    def _check(self) -> None:
        if self.gone:
            raise usb.core.USBError(
                "No such device (it may have been disconnected)", errno=errno.ENODEV
            )


class SimulatedUsbBus:
    """A :class:`~drivers.printer.usb.UsbBus` with one simulated printer on it."""

    def __init__(
        self,
        vendor_id: int = 0x0416,
        product_id: int = 0x5011,
        width_dots: int = 576,
        condition: SimulatedCondition | str = SimulatedCondition.READY,
    ) -> None:
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.width_dots = width_dots
        self._lock = threading.Lock()
        self._plug_ins: list[SimulatedUsbDevice] = []
        self.released = 0
        self._condition = SimulatedCondition.READY
        self.set_condition(condition)

    @property
    def uri(self) -> str:
        return f"usb://{self.vendor_id:04x}:{self.product_id:04x}"

    @property
    def condition(self) -> SimulatedCondition:
        with self._lock:
            return self._condition

    def set_condition(self, condition: SimulatedCondition | str) -> None:
        """``offline`` unplugs the printer; any other condition plugs it in if it is out."""
        new = SimulatedCondition(condition)
        with self._lock:
            self._condition = new
            current = self._plug_ins[-1] if self._plug_ins else None
            plugged = current is not None and not current.gone
            if new is SimulatedCondition.OFFLINE and current is not None:
                current.gone = True
            elif new is not SimulatedCondition.OFFLINE and not plugged:
                device = SimulatedUsbDevice(self, self.vendor_id, self.product_id)
                self._plug_ins.append(device)

    def find(self, vendor_id: int, product_id: int) -> SimulatedUsbDevice | None:
        with self._lock:
            current = self._plug_ins[-1] if self._plug_ins else None
        if (
            current is None
            or current.gone
            or (vendor_id, product_id)
            != (
                current.idVendor,
                current.idProduct,
            )
        ):
            return None
        return current

    def release(self, device: object) -> None:
        self.released += 1

    @property
    def jobs(self) -> list[bytes]:
        """Print jobs received by every plug-in, oldest first."""
        with self._lock:
            snapshot = [(bytes(d.firmware.data), d.gone) for d in self._plug_ins]
        return [job for data, final in snapshot for job in split_jobs(data, final=final)]

    def receipt(self, index: int = -1) -> Image.Image:
        """The paper strip printed by job ``index``."""
        return render(self.jobs[index], self.width_dots)
