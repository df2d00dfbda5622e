"""The Qt-free parts of a running kiosk, and what one citizen's session owns.

:class:`KioskParts` gathers, once per run, what the journey's screens use
behind them: devices, outbox, receipt desk, catalog, trust store, rating book.
:class:`SessionResources` is one citizen's: the scratch folder of their scans
(in RAM where possible), the shelf that finds them again, the keys to their
chip; it is made on first use and wiped with the session.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from kiosk.app import Devices
from kiosk.card_identity import CardIdentity
from kiosk.catalog import Catalog, load_catalog, shipped_catalog
from kiosk.config import DEMO_LOOKUP_URL, Config
from kiosk.delivery import Delivery
from kiosk.identity.trust import TrustStore
from kiosk.logs import fields
from kiosk.ratings import RatingBook
from kiosk.receipt import ReceiptDesk, ReceiptSettings
from kiosk.receipt.kept import KeptReceipts
from kiosk.submission import PaperShelf

log = logging.getLogger(__name__)

# Scans wait in memory-backed storage where there is some: they are personal
# data in clear until the outbox seals them, and must never reach a disk so.
RAM_FOLDER = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private 0700 folder in it


@dataclass
class KioskParts:
    """The Qt-free parts the journey's screens use, for one run of the kiosk."""

    config: Config
    devices: Devices
    delivery: Delivery
    desk: ReceiptDesk
    catalog: Catalog
    trust: TrustStore | None
    ratings: RatingBook

    @classmethod
    def assemble(cls, config: Config, devices: Devices, delivery: Delivery) -> KioskParts:
        """The parts ``config`` describes, on ``devices`` (the demo's trust: its test CSCA)."""
        trust: TrustStore | None = None
        if config.identity.trust is not None:
            trust = TrustStore.from_folder(config.identity.trust)
        elif devices.world is not None and devices.world.card_station is not None:
            trust = devices.world.trust
        catalog = load_catalog(config.paths.catalog) if config.paths.catalog else shipped_catalog()
        return cls(
            config=config,
            devices=devices,
            delivery=delivery,
            desk=ReceiptDesk(
                devices.printer,
                _receipt_settings(config, devices),
                codes=delivery.outbox,
                keeper=KeptReceipts(
                    config.paths.state_dir, timedelta(days=config.outbox.retention_days)
                ),
            ),
            catalog=catalog,
            trust=trust,
            ratings=RatingBook(config.paths.state_dir),
        )


@dataclass
class SessionResources:
    """What one citizen's session owns outside the intake flow; gone at the wipe."""

    scratch: Path
    shelf: PaperShelf
    card: CardIdentity

    def wipe(self) -> None:
        self.card.forget()
        self.shelf.clear()
        shutil.rmtree(self.scratch, ignore_errors=True)


SCRATCH_PREFIX = "kiosk-session-"


def _scratch_parent() -> Path:
    if RAM_FOLDER.is_dir() and os.access(RAM_FOLDER, os.W_OK):
        return RAM_FOLDER
    return Path(tempfile.gettempdir())


def scratch_folder() -> Path:
    """A private folder (mode 0700) for one session's scans, in RAM where possible.

    Its name carries the process id, so that a later start can tell it from a live one.
    """
    prefix = f"{SCRATCH_PREFIX}{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=_scratch_parent()))


def sweep_stale_scratch() -> int:
    """Delete the scratch folders of kiosk processes that died mid-session (scans in clear)."""
    swept = 0
    for folder in _scratch_parent().glob(f"{SCRATCH_PREFIX}*"):
        pid = folder.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if pid.isdigit() and (int(pid) == os.getpid() or _alive(int(pid))):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        swept += 1
    if swept:
        log.warning("stale session scans deleted", extra=fields(count=swept))
    return swept


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _receipt_settings(config: Config, devices: Devices) -> ReceiptSettings:
    """The receipt's settings; in the demo its QR opens the embedded center's lookup page."""
    center = devices.world.center if devices.world is not None else None
    if center is not None and config.receipt.lookup_url == DEMO_LOOKUP_URL:
        return ReceiptSettings.from_config(config, lookup_url=f"{center.url}/tra-cuu/{{token}}")
    return ReceiptSettings.from_config(config)
