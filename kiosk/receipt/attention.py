"""The kiosk's call for a technician when receipts do not print: a plain, thread-safe flag.

Raised by the receipt desk when a receipt fails to print, cleared when one
prints again. The application reads :meth:`ServiceFlag.device_status` into
its status line and heartbeat (a :class:`~drivers.status.DeviceStatus`, no
citizen data: dossier codes are not personal), or subscribes to changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from drivers.printer.port import DEVICE_NAME, PrinterStatus
from drivers.status import DeviceState, DeviceStatus
from kiosk.logs import fields

log = logging.getLogger(__name__)

MAX_CODES = 50
"""Codes remembered in one raised flag (the oldest are dropped; the journal has them all)."""


@dataclass(frozen=True)
class TechnicianCall:
    """Why the kiosk needs a technician, since when, and which receipts did not print."""

    detail: str
    fix: str
    status: PrinterStatus | None
    since: datetime
    unprinted: tuple[str, ...]


Listener = Callable[[TechnicianCall | None], None]


class ServiceFlag:
    """Raised while receipts do not print; observers hear every change on the caller's thread."""

    def __init__(self, clock: Callable[[], datetime] = datetime.now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._call: TechnicianCall | None = None
        self._listeners: list[Listener] = []

    @property
    def current(self) -> TechnicianCall | None:
        """The open call, or ``None`` when all is well."""
        with self._lock:
            return self._call

    @property
    def raised(self) -> bool:
        return self.current is not None

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with the new call (or ``None``) on every change."""
        with self._lock:
            self._listeners.append(listener)

    def raise_for(
        self, code: str, detail: str, fix: str, status: PrinterStatus | None = None
    ) -> TechnicianCall:
        """Record that the receipt of ``code`` did not print, and why."""
        with self._lock:
            previous = self._call
            codes = (*previous.unprinted, code) if previous else (code,)
            since = previous.since if previous else self._clock()
            call = TechnicianCall(detail, fix, status, since, codes[-MAX_CODES:])
            self._call = call
            listeners = list(self._listeners)
        log.warning(
            "receipt not printed: technician needed",
            extra=fields(code=code, status=status.value if status else "", count=len(codes)),
        )
        for listener in listeners:
            listener(call)
        return call

    def clear(self) -> None:
        """The printer printed again (or a technician says it is fixed)."""
        with self._lock:
            if self._call is None:
                return
            self._call = None
            listeners = list(self._listeners)
        log.info("receipt printer works again: technician call cleared")
        for listener in listeners:
            listener(None)

    def device_status(self) -> DeviceStatus:
        """The flag in the words every device status uses."""
        call = self.current
        if call is None:
            return DeviceStatus(DEVICE_NAME, DeviceState.READY, "Receipts are printing")
        count = len(call.unprinted)
        detail = (
            f"{count} receipt(s) not printed since {call.since:%H:%M}: {call.detail}. "
            f"Codes: {', '.join(call.unprinted)}"
        )
        fix = f"{call.fix}; then reprint with `kiosk receipt reprint CODE`"
        return DeviceStatus(DEVICE_NAME, DeviceState.NEEDS_ATTENTION, detail, fix)
