"""Checking that a request comes from an enrolled kiosk, unchanged, and only once.

A signed request carries ``Kiosk-Id``, ``Kiosk-Timestamp``, ``Kiosk-Nonce`` and
``Kiosk-Signature`` (Ed25519 over :func:`center.protocol.signing_input`). The
center refuses: a missing signature (401 ``unsigned_request``), an unknown
kiosk (401 ``unknown_kiosk``), a revoked one (403 ``kiosk_revoked``), a bad
signature (401 ``bad_signature``), a timestamp outside the window (401
``stale_request``) and a nonce seen before within it (401 ``replayed_request``).

Nonces are rows of ``request_nonces``, written in the transaction that checks
the signature (a refused request leaves none), so several center processes
behind one balancer on one PostgreSQL refuse a replay whichever process the
copy reaches. Rows older than twice the window are swept now and then: a
request that old is refused for its timestamp anyway.
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Callable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from center.db import Database, Tx
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
        self._swept_at = 0.0
        self._sweep_lock = threading.Lock()

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
        message = signing_input(
            method,
            path_and_query,
            kiosk_id=kiosk_id,
            timestamp=timestamp,
            nonce=nonce,
            body_sha256=body_sha256,
            headers=dict(headers),
        )
        # One transaction: a refused request rolls back and leaves no nonce behind.
        with self.db.transaction() as tx:
            row = self._check(kiosk(tx, kiosk_id), kiosk_id, signature, timestamp, message)
            if not first_use(tx, kiosk_id, nonce, int(self.now())):
                raise Refusal(401, "replayed_request", "This request was already received once")
        self._sweep()
        return row

    def _check(
        self, row: KioskRow | None, kiosk_id: str, signature: str, timestamp: str, message: bytes
    ) -> KioskRow:
        """The kiosk is enrolled and active, the signature matches, the clock agrees."""
        if row is None:
            raise Refusal(
                401, "unknown_kiosk", f"Kiosk {kiosk_id!r} is not enrolled at this center"
            )
        if row.revoked:
            raise Refusal(403, "kiosk_revoked", f"Kiosk {kiosk_id!r} has been revoked")
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
        return row

    def _sweep(self) -> None:
        """Drop nonces older than twice the window, once a minute per process."""
        now = self.now()
        with self._sweep_lock:
            if now - self._swept_at < 60:
                return
            self._swept_at = now
        with self.db.transaction() as tx:
            tx.execute(
                "DELETE FROM request_nonces WHERE seen_at < ?", (int(now - 2 * self.skew_s),)
            )


def first_use(tx: Tx, kiosk_id: str, nonce: str, now_s: int) -> bool:
    """Record the nonce; False if this kiosk used it before (within the kept window)."""
    tx.execute(
        "INSERT INTO request_nonces (kiosk_id, nonce, seen_at) VALUES (?, ?, ?) "
        "ON CONFLICT (kiosk_id, nonce) DO NOTHING",
        (kiosk_id, nonce[:200], now_s),
    )
    return tx.rowcount() == 1
