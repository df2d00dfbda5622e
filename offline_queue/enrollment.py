"""Enrolling the kiosk with its center, once, and loading what enrollment left.

``enroll()`` makes a fresh Ed25519 key, presents it with the operator's
one-time token over TLS (the kiosk trusts the center's certificate through
the configured CA, so the sealing key it receives is the center's), and keeps
both keys. ``load_identity()`` gives the outbox its :class:`Sealer` and the
link its signing key at every start. ``ensure_enrolled()`` does "enroll if not
enrolled yet" for a kiosk that can get its own token (the demo's embedded
center): idempotent, and safe when two processes start at once.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.logs import fields
from offline_queue.center_link import CenterLink
from offline_queue.durable import storage_error
from offline_queue.keys import (
    CenterKey,
    KeyPaths,
    key_files_present,
    load_center_key,
    load_kiosk_key,
    save_center_key,
    store_kiosk_key,
)
from offline_queue.seal import Sealer

log = logging.getLogger(__name__)

LOCK_FILE = ".enrollment.lock"


@dataclass(frozen=True)
class KioskIdentity:
    """The enrolled kiosk: its id, its signing key, the center's sealing key."""

    kiosk_id: str
    signing_key: Ed25519PrivateKey
    center_key: CenterKey

    def sealer(self) -> Sealer:
        return Sealer(self.kiosk_id, self.signing_key, self.center_key)


def enroll(link: CenterLink, token: str, paths: KeyPaths) -> KioskIdentity:
    """Enroll with ``token``; keep the new kiosk key and the center's sealing key.

    The key files are written only after the center accepted the key, so a
    refused token leaves an earlier enrollment intact.
    """
    key = Ed25519PrivateKey.generate()
    reply = link.enroll(token, key)
    center_key = CenterKey.from_reply(reply)
    store_kiosk_key(paths.kiosk_key, key)
    save_center_key(paths.center_key, center_key)
    return KioskIdentity(link.kiosk_id, key, center_key)


def load_identity(kiosk_id: str, paths: KeyPaths) -> KioskIdentity:
    """The enrolled identity; :class:`~offline_queue.errors.NotEnrolled` if there is none."""
    return KioskIdentity(
        kiosk_id, load_kiosk_key(paths.kiosk_key), load_center_key(paths.center_key)
    )


def ensure_enrolled(
    link: CenterLink,
    paths: KeyPaths,
    issue_token: Callable[[], str],
    *,
    accepted: Callable[[KioskIdentity], bool] | None = None,
) -> KioskIdentity:
    """The kiosk's identity; enroll first (with ``issue_token()``) if it has none.

    Idempotent: with both key files in place it only loads them, and
    ``issue_token`` is not called. A half-finished enrollment (one file only)
    is done again. ``accepted(identity)``: whether the center still knows these
    keys (e.g. the demo center's data was deleted); ``False`` enrolls anew.
    Two processes starting at once enroll once: a lock file beside the kiosk
    key serialises them. The link's errors (:class:`CenterError`) pass through.
    """
    with _enrollment_lock(paths):
        if key_files_present(paths):
            identity = load_identity(link.kiosk_id, paths)
            if accepted is None or accepted(identity):
                return identity
            log.warning(
                "kiosk keys not known to the center: enrolling again",
                extra=fields(kiosk_id=link.kiosk_id),
            )
        return enroll(link, issue_token(), paths)


@contextmanager
def _enrollment_lock(paths: KeyPaths) -> Iterator[None]:
    folder = paths.kiosk_key.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise storage_error(exc, "the kiosk key folder") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
