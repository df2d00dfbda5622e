"""What the technician's service screen does, without a screen (testable, Qt-free).

Every method that touches a device or the disk blocks: the service screen runs
them off the GUI thread. Nothing here reads or returns citizen data: device
states, the outbox's counts and the time of the last sync only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from drivers.status import DeviceState, DeviceStatus
from kiosk.delivery import sync_device_status
from kiosk.errors import DeviceAbsent, DeviceError
from kiosk.parts import KioskParts
from kiosk.testpage import render_test_page

# kiosk.service has Restart=always: any exit starts the kiosk again, and these
# two codes count as a clean stop (SuccessExitStatus=), so kiosk-retry.timer
# is not armed. EXIT_TO_OS is in RestartPreventExitStatus=: the kiosk stays
# stopped and the technician has the machine's console until
# `systemctl start kiosk` (or a reboot).
EXIT_RESTART = 3
EXIT_TO_OS = 4


@dataclass(frozen=True)
class OutboxSummary:
    """The outbox in numbers: nothing about whose dossiers they are."""

    queued: int
    held: int
    acknowledged: int
    last_sync_at: datetime | None
    last_error: str | None


class ServiceDesk:
    """The service screen's actions on one running kiosk's parts."""

    def __init__(self, parts: KioskParts) -> None:
        self.parts = parts

    def doctor(self) -> list[DeviceStatus]:
        """``kiosk doctor``'s checks plus the outbox and unprinted receipts (blocks)."""
        parts = self.parts
        return [
            *parts.devices.check_all(),
            sync_device_status(parts.delivery.status()),
            parts.desk.flag.device_status(),
        ]

    def outbox(self) -> OutboxSummary:
        status = self.parts.delivery.status()
        return OutboxSummary(
            status.queued,
            status.held,
            status.acknowledged,
            status.last_sync_at,
            status.last_error,
        )

    def test_print(self) -> DeviceStatus:
        """Print the test page (kiosk/testpage.py) with the devices' states on it (blocks)."""
        statuses = self.parts.devices.check_all()
        page = render_test_page(self.parts.config, statuses)
        printer = self.parts.devices.printer
        name = "test print"
        try:
            printer.print_raster(page)
        except DeviceError as exc:
            absent = isinstance(exc, DeviceAbsent)
            state = DeviceState.ABSENT if absent else DeviceState.NEEDS_ATTENTION
            return DeviceStatus(name, state, exc.message, exc.fix)
        return DeviceStatus(name, DeviceState.READY, "the test page was sent to the printer")
