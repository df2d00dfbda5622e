"""Checking that a request comes from an enrolled kiosk, unchanged, and only once.

A signed request carries ``Kiosk-Id``, ``Kiosk-Timestamp``, ``Kiosk-Nonce`` and
``Kiosk-Signature`` (Ed25519 over :func:`center.protocol.signing_input`). The
center refuses: a missing signature (401 ``unsigned_request``), an unknown
kiosk (401 ``unknown_kiosk``), a revoked one (403 ``kiosk_revoked``), a bad
signature (401 ``bad_signature``), a timestamp outside the window (401
``stale_request``) and a nonce seen before within it (401 ``replayed_request``).

Nonces are remembered in memory for the window; a center run as several
processes behind a balancer should route each kiosk to one process (or the
nonce store moves to the database: the interface is :class:`NonceCache`).
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from center.db import Database
from center.errors import Refusal
from center.protocol import (
    AUTH_CLOCK_SKEW_S,
    AUTH_KIOSK,
    AUTH_NONCE,
    AUTH_SIGNATURE,
    AUTH_TIMESTAMP,
    signing_input,
)
from center.store import KioskRow, kiosk


class NonceCache:
    """Nonces seen within the replay window, oldest first, bounded in size."""

    def __init__(self, window_s: float, max_entries: int = 1_000_000) -> None:
        self.window_s = window_s
        self.max_entries = max_entries
        self._seen: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()

    def first_use(self, kiosk_id: str, nonce: str, now: float) -> bool:
        """Record the nonce; False if it was already used within the window."""
        with self._lock:
            while self._seen:
                key, seen_at = next(iter(self._seen.items()))
                if seen_at >= now - 2 * self.window_s and len(self._seen) < self.max_entries:
                    break
                del self._seen[key]
            if (kiosk_id, nonce) in self._seen:
                return False
            self._seen[(kiosk_id, nonce)] = now
            return True


class Verifier:
    """Authenticates signed requests against the enrolled kiosks."""

    def __init__(
        self,
        db: Database,
        now: Callable[[], float],
        skew_s: float = AUTH_CLOCK_SKEW_S,
    ) -> None:
        self.db = db
        self.now = now
        self.skew_s = skew_s
        self.nonces = NonceCache(skew_s)

    def plausible(self, headers: Mapping[str, str]) -> bool:
        """A cheap first look, before the body is hashed: signed, by a known, active kiosk.

        Not an authentication (:meth:`verify` is); it only keeps the center from
        starting work early for requests that cannot pass. ``headers``: lower-case names.
        """
        kiosk_id = headers.get(AUTH_KIOSK.lower(), "")
        if not all(headers.get(h.lower()) for h in (AUTH_TIMESTAMP, AUTH_NONCE, AUTH_SIGNATURE)):
            return False
        if not kiosk_id:
            return False
        with self.db.transaction() as tx:
            row = kiosk(tx, kiosk_id)
        return row is not None and not row.revoked

    def verify(
        self, method: str, path_and_query: str, headers: Mapping[str, str], body_sha256: str
    ) -> KioskRow:
        """The enrolled, unrevoked kiosk that signed this request, or a :class:`Refusal`."""
        kiosk_id = headers.get(AUTH_KIOSK.lower(), "")
        timestamp = headers.get(AUTH_TIMESTAMP.lower(), "")
        nonce = headers.get(AUTH_NONCE.lower(), "")
        signature = headers.get(AUTH_SIGNATURE.lower(), "")
        if not (kiosk_id and timestamp and nonce and signature):
            raise Refusal(
                401, "unsigned_request", "This request must be signed by an enrolled kiosk"
            )
        with self.db.transaction() as tx:
            row = kiosk(tx, kiosk_id)
        if row is None:
            raise Refusal(
                401, "unknown_kiosk", f"Kiosk {kiosk_id!r} is not enrolled at this center"
            )
        if row.revoked:
            raise Refusal(403, "kiosk_revoked", f"Kiosk {kiosk_id!r} has been revoked")
        message = signing_input(
            method,
            path_and_query,
            kiosk_id=kiosk_id,
            timestamp=timestamp,
            nonce=nonce,
            body_sha256=body_sha256,
            headers=dict(headers),
        )
        try:
            Ed25519PublicKey.from_public_bytes(row.public_key).verify(
                base64.b64decode(signature, validate=True), message
            )
        except (InvalidSignature, ValueError, binascii.Error) as exc:
            raise Refusal(401, "bad_signature", "The request's signature does not match") from exc
        now = self.now()
        try:
            sent = int(timestamp)
        except ValueError:
            raise Refusal(401, "stale_request", "The request's timestamp is not a number") from None
        if abs(now - sent) > self.skew_s:
            raise Refusal(
                401,
                "stale_request",
                f"The kiosk's clock is {int(sent - now):+d} s off the center's: "
                "set the kiosk's time (NTP)",
            )
        if not self.nonces.first_use(kiosk_id, nonce, now):
            raise Refusal(401, "replayed_request", "This request was already received once")
        return row
