"""The center's records of kiosks, enrollment tokens, heartbeats and publications.

Each function runs inside the caller's transaction (:meth:`Database.transaction`)
and binds every value. Dossiers and uploads are in :mod:`center.uploads`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from center.db import Tx
from center.errors import Refusal


@dataclass(frozen=True)
class KioskRow:
    """An enrolled kiosk as the center knows it."""

    kiosk_id: str
    public_key: bytes
    agency_code: str
    enrolled_at: str
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(
    tx: Tx, kiosk_id: str, agency_code: str, now: datetime, valid_for: timedelta
) -> str:
    """A one-time enrollment token for ``kiosk_id`` (only its hash is stored).

    Never one that starts with "-": a technician types it after ``--token``, where
    the command line would take it for an option (1 token in 64 did).
    """
    token = secrets.token_urlsafe(24)
    while token.startswith("-"):
        token = secrets.token_urlsafe(24)
    tx.execute(
        "INSERT INTO enrollment_tokens (token_sha256, kiosk_id, agency_code, created_at, "
        "expires_at) VALUES (?, ?, ?, ?, ?)",
        (_token_hash(token), kiosk_id, agency_code, now.isoformat(), (now + valid_for).isoformat()),
    )
    return token


def enroll(tx: Tx, token: str, kiosk_id: str, public_key: bytes, now: datetime) -> str:
    """Spend ``token`` to register ``public_key`` for ``kiosk_id``; return its agency code."""
    rows = tx.execute(
        "SELECT kiosk_id, agency_code, expires_at, used_at FROM enrollment_tokens "
        "WHERE token_sha256 = ?",
        (_token_hash(token),),
    )
    if not rows:
        raise Refusal(401, "bad_token", "This enrollment token is not known to the center")
    bound_kiosk, agency, expires_at, used_at = rows[0]
    if used_at is not None:
        raise Refusal(401, "bad_token", "This enrollment token has already been used")
    if datetime.fromisoformat(expires_at) < now:
        raise Refusal(401, "bad_token", "This enrollment token has expired: ask for a new one")
    if not hmac.compare_digest(bound_kiosk, kiosk_id):
        raise Refusal(403, "bad_token", f"This enrollment token is not for kiosk {kiosk_id!r}")
    tx.execute(
        "UPDATE enrollment_tokens SET used_at = ? WHERE token_sha256 = ?",
        (now.isoformat(), _token_hash(token)),
    )
    # A re-enrollment (new disk, lost key) replaces the key and lifts a revocation:
    # the operator decided so by issuing the token.
    tx.execute(
        "INSERT INTO kiosks (kiosk_id, public_key, agency_code, enrolled_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kiosk_id) DO UPDATE SET public_key = excluded.public_key, "
        "agency_code = excluded.agency_code, enrolled_at = excluded.enrolled_at, "
        "revoked_at = NULL",
        (kiosk_id, public_key, agency, now.isoformat()),
    )
    return str(agency)


def kiosk(tx: Tx, kiosk_id: str) -> KioskRow | None:
    rows = tx.execute(
        "SELECT kiosk_id, public_key, agency_code, enrolled_at, revoked_at FROM kiosks "
        "WHERE kiosk_id = ?",
        (kiosk_id,),
    )
    if not rows:
        return None
    kid, key, agency, enrolled, revoked = rows[0]
    return KioskRow(kid, bytes(key), agency, enrolled, revoked)


def kiosks_and_heartbeats(tx: Tx) -> list[tuple[KioskRow, tuple[str, datetime] | None]]:
    """Every kiosk with its last heartbeat (body, when), in one query."""
    rows = tx.execute(
        "SELECT k.kiosk_id, k.public_key, k.agency_code, k.enrolled_at, k.revoked_at, "
        "h.body, h.received_at FROM kiosks k LEFT JOIN heartbeats h ON h.kiosk_id = k.kiosk_id "
        "ORDER BY k.kiosk_id"
    )
    return [
        (
            KioskRow(k, bytes(p), a, e, r),
            (body, datetime.fromisoformat(when)) if body is not None else None,
        )
        for k, p, a, e, r, body, when in rows
    ]


def revoke(tx: Tx, kiosk_id: str, now: datetime) -> bool:
    """Refuse this kiosk's key from now on; False if it was not enrolled."""
    tx.execute(
        "UPDATE kiosks SET revoked_at = ? WHERE kiosk_id = ? AND revoked_at IS NULL",
        (now.isoformat(), kiosk_id),
    )
    return tx.rowcount() > 0


def record_heartbeat(tx: Tx, kiosk_id: str, body: str, now: datetime) -> None:
    tx.execute(
        "INSERT INTO heartbeats (kiosk_id, body, received_at) VALUES (?, ?, ?) "
        "ON CONFLICT (kiosk_id) DO UPDATE SET body = excluded.body, "
        "received_at = excluded.received_at",
        (kiosk_id, body, now.isoformat()),
    )


def last_heartbeat(tx: Tx, kiosk_id: str) -> tuple[str, datetime] | None:
    rows = tx.execute("SELECT body, received_at FROM heartbeats WHERE kiosk_id = ?", (kiosk_id,))
    return (rows[0][0], datetime.fromisoformat(rows[0][1])) if rows else None


def publish(tx: Tx, kind: str, version: str, document: str, now: datetime) -> None:
    """Publish a new version of a document; a version is never rewritten."""
    if tx.execute("SELECT 1 FROM published WHERE kind = ? AND version = ?", (kind, version)):
        raise Refusal(409, "version_exists", f"{kind} version {version!r} is already published")
    tx.execute(
        "INSERT INTO published (kind, version, published_at, document) VALUES (?, ?, ?, ?)",
        (kind, version, now.isoformat(), document),
    )


def latest(tx: Tx, kind: str) -> tuple[str, datetime, str] | None:
    """The most recently published version of ``kind``: (version, when, JSON text)."""
    rows = tx.execute(
        "SELECT version, published_at, document FROM published WHERE kind = ? "
        "ORDER BY published_at DESC, version DESC LIMIT 1",
        (kind,),
    )
    if not rows:
        return None
    version, when, document = rows[0]
    return version, datetime.fromisoformat(when), document
