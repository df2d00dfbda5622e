"""The attract screen's device line: one mark per device, no details, no duplicates.

Several statuses can be about one thing a passer-by would name once: the
printer reports itself and the receipt desk reports receipts it could not
print; the center link and the outbox both speak of the center. The public line
shows each :class:`PublicDevice` once, in its worst state; what went wrong is
for the technician's service screen, behind the PIN.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from drivers.status import DeviceState, DeviceStatus


class PublicDevice(StrEnum):
    """What the public line names (the screen translates these)."""

    STORAGE = "storage"
    CARD_READER = "card reader"
    CAMERA = "camera"
    PRINTER = "printer"
    CENTER = "center"
    SPEECH = "speech"
    OTHER = "other"


class Health(StrEnum):
    """Ready, or a fault: the two looks of a mark (colour and icon)."""

    READY = "ready"
    FAULT = "fault"


# DeviceStatus.device as the drivers name them -> what the public line shows.
_PUBLIC: dict[str, PublicDevice] = {
    "state directory": PublicDevice.STORAGE,
    "card reader": PublicDevice.CARD_READER,
    "document camera": PublicDevice.CAMERA,
    "receipt printer": PublicDevice.PRINTER,
    "center": PublicDevice.CENTER,
    "center sync": PublicDevice.CENTER,
    "speech": PublicDevice.SPEECH,
}

# The worst state wins when two statuses name one device.
_SEVERITY = {
    DeviceState.READY: 0,
    DeviceState.BUSY: 0,
    DeviceState.NEEDS_ATTENTION: 1,
    DeviceState.ABSENT: 2,
}


@dataclass(frozen=True)
class PublicMark:
    device: PublicDevice
    health: Health


def public_marks(statuses: Iterable[DeviceStatus]) -> list[PublicMark]:
    """One mark per public device, in the order each first appears."""
    worst: dict[PublicDevice, DeviceState] = {}
    for status in statuses:
        device = _PUBLIC.get(status.device, PublicDevice.OTHER)
        seen = worst.get(device)
        if seen is None or _SEVERITY[status.state] > _SEVERITY[seen]:
            worst[device] = status.state
    return [
        PublicMark(device, Health.READY if _SEVERITY[state] == 0 else Health.FAULT)
        for device, state in worst.items()
    ]
