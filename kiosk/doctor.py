"""``kiosk doctor``: one line per device, saying OK or what is wrong and what to do."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from drivers.status import DeviceState, DeviceStatus

# Below this a day of scanned papers may not fit: dossiers are refused before
# the citizen is told "received", so the technician must hear of it first.
MIN_FREE_BYTES = 1 << 30

_MARKS = {
    DeviceState.READY: "OK",
    DeviceState.BUSY: "OK",
    DeviceState.NEEDS_ATTENTION: "WARN",
    DeviceState.ABSENT: "FAIL",
}


def check_state_dir(path: Path) -> DeviceStatus:
    """The state directory exists (or can be made), is writable and has room."""
    name = "state directory"
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        return DeviceStatus(
            name,
            DeviceState.ABSENT,
            f"{path} cannot be created ({exc.strerror})",
            "create it owned by the kiosk user, or set [paths] state_dir in kiosk.toml",
        )
    if not _writable(path):
        return DeviceStatus(
            name,
            DeviceState.ABSENT,
            f"{path} is not a writable folder",
            f"give the kiosk user write access (chown kiosk: {path}), or set [paths] state_dir",
        )
    free = shutil.disk_usage(path).free
    if free < MIN_FREE_BYTES:
        return DeviceStatus(
            name,
            DeviceState.NEEDS_ATTENTION,
            f"only {free // (1 << 20)} MiB free on {path}",
            "free disk space: dossiers are refused when the disk is full",
        )
    return DeviceStatus(name, DeviceState.READY, f"{path}, {free // (1 << 30)} GiB free")


def _writable(path: Path) -> bool:
    # A real write, not os.access: root "may write" /proc/1, and a read-only
    # mount answers os.access with yes too.
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
            return True
    except OSError:
        return False


def format_line(status: DeviceStatus) -> str:
    """``OK    card reader      Virtual PCD 00 00`` or ``FAIL  ... — fix``."""
    text = status.detail + (f" — {status.fix}" if status.fix else "")
    return f"{_MARKS[status.state]:<5} {status.device:<17} {text}"


def healthy(statuses: Iterable[DeviceStatus]) -> bool:
    """True when nothing needs a technician."""
    return all(status.operational for status in statuses)
