"""The state every device reports, read by diagnostics and banners instead of booleans."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DeviceState(StrEnum):
    """Coarse state of one device."""

    READY = "ready"
    BUSY = "busy"
    NEEDS_ATTENTION = "needs attention"
    ABSENT = "absent"


OPERATIONAL_STATES = frozenset({DeviceState.READY, DeviceState.BUSY})


@dataclass(frozen=True)
class DeviceStatus:
    """What a device says about itself, in words a technician can act on.

    ``detail`` says what was seen; ``fix`` says what to do (empty when ready).
    """

    device: str
    state: DeviceState
    detail: str
    fix: str = ""

    @property
    def operational(self) -> bool:
        return self.state in OPERATIONAL_STATES
