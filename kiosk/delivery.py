"""Delivery of dossiers for one run of the kiosk: the outbox, its keys and the sync worker.

``open_delivery(config, link, world)`` loads the kiosk's enrolled identity,
opens the outbox with the sealer it gives and starts the sync worker in its own
thread. Against the demo's embedded center the kiosk enrolls itself the first
time (the center is in this process, so it can issue the one-time token); a
production kiosk is enrolled once by a technician (``kiosk center enroll``) and
refuses to start a session without it, because a dossier it could not seal must
never be accepted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta

from drivers.status import DeviceState, DeviceStatus
from kiosk import __version__
from kiosk.config import Config
from kiosk.help_call import STATUS_KEY as HELP_CALL_KEY
from kiosk.simulated import SimulatedWorld
from kiosk.workdays.calendar import WorkCalendar
from kiosk.workdays.published import NoticeSync
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity, ensure_enrolled, load_identity
from offline_queue.keys import KeyPaths
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncStatus, SyncWorker

log = logging.getLogger(__name__)

ENROLLMENT_VALIDITY = timedelta(minutes=10)
SYNC_DEVICE = "center sync"


@dataclass
class Delivery:
    """The outbox the submit step commits to, and the worker that empties it."""

    outbox: Outbox
    worker: SyncWorker
    link: CenterLink
    identity: KioskIdentity
    calendar: WorkCalendar
    """Working days: the shipped notices and the center's published ones, kept up to date."""

    def status(self) -> SyncStatus:
        """Queued / last sync / last error, for the staff indicator."""
        return self.worker.status()


def key_paths(config: Config) -> KeyPaths:
    """Where the key files are: ``[center]`` keys, else ``<state_dir>/keys``."""
    defaults = KeyPaths.in_dir(config.paths.state_dir / "keys")
    return KeyPaths(
        config.center.kiosk_key or defaults.kiosk_key,
        config.center.public_key or defaults.center_key,
    )


def kiosk_identity(config: Config, link: CenterLink, world: SimulatedWorld | None) -> KioskIdentity:
    """The enrolled identity; the demo enrolls with its embedded center when it must.

    Against the embedded center the kiosk enrolls the first time, and again if
    the center no longer knows its keys (its database was reset). Raises
    :class:`~offline_queue.errors.NotEnrolled` on a kiosk nobody enrolled.
    """
    paths = key_paths(config)
    embedded = world.center if world is not None else None
    if embedded is None:
        return load_identity(config.kiosk.id, paths)
    service = embedded.service

    def issue() -> str:
        return service.issue_token(config.kiosk.id, config.kiosk.agency_code, ENROLLMENT_VALIDITY)

    def known(identity: KioskIdentity) -> bool:
        row = service.kiosk(identity.kiosk_id)
        return (
            row is not None
            and not row.revoked
            and row.public_key == identity.signing_key.public_key().public_bytes_raw()
            and identity.center_key.key_id == service.sealing_key.key_id
        )

    return ensure_enrolled(link, paths, issue, accepted=known)


@contextmanager
def open_delivery(
    config: Config, link: CenterLink, world: SimulatedWorld | None = None
) -> Iterator[Delivery]:
    """The outbox and a running sync worker; stopped and closed on exit."""
    identity = kiosk_identity(config, link, world)
    signed = link.with_key(identity.signing_key)
    retention = timedelta(days=config.outbox.retention_days)
    with ExitStack() as stack:
        outbox = stack.enter_context(
            Outbox(config.paths.state_dir, identity.sealer(), retention=retention)
        )
        worker = SyncWorker(
            outbox, signed, retention=retention, in_flight=config.center.uploads_in_flight
        )
        notices = NoticeSync(signed, config.paths.state_dir)
        if outbox.is_owner:
            worker.start()
            stack.callback(worker.stop)
            notices.start()
            stack.callback(notices.stop)
        yield Delivery(outbox, worker, signed, identity, notices.calendar)


def sync_device_status(status: SyncStatus) -> DeviceStatus:
    """The outbox as one line of the staff strip: how many wait, when the last sync was."""
    when = f"{status.last_sync_at:%H:%M}" if status.last_sync_at else "never"
    detail = f"{status.queued} queued, {status.held} held, last sync {when}"
    if status.held:
        return DeviceStatus(
            SYNC_DEVICE, DeviceState.NEEDS_ATTENTION, detail, "run `kiosk queue list` and retry"
        )
    if status.last_error and status.queued:
        return DeviceStatus(
            SYNC_DEVICE,
            DeviceState.BUSY,
            f"{detail}; {status.last_error}",
            "the kiosk keeps retrying; check the network if this lasts",
        )
    return DeviceStatus(SYNC_DEVICE, DeviceState.READY, detail)


def heartbeat_status(
    status: SyncStatus,
    ratings: dict[int, int],
    rating_days: dict[str, dict[str, dict[str, int]]] | None = None,
    help_call: dict[str, str] | None = None,
) -> dict[str, object]:
    """What the heartbeat tells the center beyond the devices (no citizen data).

    ``rating_days``: the anonymous ratings of the last weeks, per day, procedure
    and score (:meth:`kiosk.ratings.RatingBook.by_day`), for the center's statistics.
    ``help_call``: the open call for staff (:meth:`kiosk.help_call.HelpDesk.status`),
    ``None`` when there is none; the key is always sent, so a closed call clears it.
    """
    return {
        "version": __version__,
        "rating_days": rating_days or {},
        "queued": status.queued,
        "held": status.held,
        "acknowledged": status.acknowledged,
        "last_sync_at": status.last_sync_at.isoformat() if status.last_sync_at else None,
        "last_error": status.last_error,
        "ratings": {str(score): count for score, count in ratings.items()},
        HELP_CALL_KEY: help_call,
    }
