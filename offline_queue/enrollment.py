"""Enrolling the kiosk with its center, once, and loading what enrollment left.

``enroll()`` makes a fresh Ed25519 key, presents it with the operator's
one-time token over TLS (the kiosk trusts the center's certificate through
the configured CA, so the sealing key it receives is the center's), and keeps
both keys. ``load_identity()`` gives the outbox its :class:`Sealer` and the
link its signing key at every start.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from offline_queue.center_link import CenterLink
from offline_queue.keys import (
    CenterKey,
    KeyPaths,
    load_center_key,
    load_kiosk_key,
    save_center_key,
    store_kiosk_key,
)
from offline_queue.seal import Sealer


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
