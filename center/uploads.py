"""The SQL of uploads, received dossiers and the daily sequence (bound values only).

An upload is one kiosk's transfer of one sealed dossier under one idempotency
key: ``received`` bytes held in its staging file until the last one arrives.
A received dossier keeps its official code and the SHA-256 that names its
sealed envelope in the blob store (:mod:`center.blobs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from center.db import Tx
from center.protocol import DossierStatus, UploadReply

_UPLOAD = (
    "SELECT upload_id, kiosk_id, idempotency_key, provisional_code, length, envelope_sha256, "
    "received, official_code FROM uploads "
)
_DOSSIER = (
    "SELECT provisional_code, official_code, kiosk_id, procedure_code, received_at, state, "
    "envelope_sha256 FROM dossiers "
)


@dataclass(frozen=True)
class UploadRow:
    upload_id: str
    kiosk_id: str
    idempotency_key: str
    provisional_code: str
    length: int
    envelope_sha256: str
    received: int
    official_code: str | None

    @property
    def complete(self) -> bool:
        return self.official_code is not None

    def reply(self) -> UploadReply:
        return UploadReply(
            upload_id=self.upload_id,
            provisional_code=self.provisional_code,
            offset=self.length if self.complete else self.received,
            length=self.length,
            complete=self.complete,
            official_code=self.official_code,
        )


@dataclass(frozen=True)
class DossierRow:
    provisional_code: str
    official_code: str
    kiosk_id: str
    procedure_code: str
    received_at: str
    state: str
    envelope_sha256: str

    def status(self) -> DossierStatus:
        return DossierStatus(
            provisional_code=self.provisional_code,
            official_code=self.official_code,
            kiosk_id=self.kiosk_id,
            procedure_code=self.procedure_code,
            received_at=datetime.fromisoformat(self.received_at),
            state=self.state,
        )


def _upload(rows: list[tuple[object, ...]]) -> UploadRow | None:
    if not rows:
        return None
    uid, kid, key, code, length, digest, received, official = rows[0]
    return UploadRow(
        str(uid),
        str(kid),
        str(key),
        str(code),
        int(str(length)),
        str(digest),
        int(str(received)),
        None if official is None else str(official),
    )


def find_by_key(tx: Tx, kiosk_id: str, idempotency_key: str) -> UploadRow | None:
    return _upload(
        tx.execute(
            _UPLOAD + "WHERE kiosk_id = ? AND idempotency_key = ?", (kiosk_id, idempotency_key)
        )
    )


def find(tx: Tx, upload_id: str) -> UploadRow | None:
    return _upload(tx.execute(_UPLOAD + "WHERE upload_id = ?", (upload_id,)))


def create(tx: Tx, row: UploadRow, now: datetime) -> None:
    tx.execute(
        "INSERT INTO uploads (upload_id, kiosk_id, idempotency_key, provisional_code, length, "
        "envelope_sha256, received, official_code, created_at, completed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row.upload_id,
            row.kiosk_id,
            row.idempotency_key,
            row.provisional_code,
            row.length,
            row.envelope_sha256,
            row.received,
            row.official_code,
            now.isoformat(),
            now.isoformat() if row.complete else None,
        ),
    )


def set_received(tx: Tx, upload_id: str, received: int) -> None:
    """The upload's staging file holds ``received`` bytes durably (0: start again)."""
    tx.execute("UPDATE uploads SET received = ? WHERE upload_id = ?", (received, upload_id))


def complete(tx: Tx, upload_id: str, official_code: str, now: datetime) -> None:
    tx.execute(
        "UPDATE uploads SET official_code = ?, completed_at = ?, received = length "
        "WHERE upload_id = ?",
        (official_code, now.isoformat(), upload_id),
    )


def dossier(tx: Tx, code: str) -> DossierRow | None:
    """A received dossier by its provisional or official code."""
    rows = tx.execute(_DOSSIER + "WHERE provisional_code = ? OR official_code = ?", (code, code))
    if not rows:
        return None
    return DossierRow(*(str(value) for value in rows[0]))


def next_sequence(tx: Tx, agency_code: str, day: date) -> int:
    """The next number of the agency's daily sequence, atomically (row-locked upsert)."""
    rows = tx.execute(
        "INSERT INTO daily_sequences (agency_code, day, last) VALUES (?, ?, 1) "
        "ON CONFLICT (agency_code, day) DO UPDATE SET last = daily_sequences.last + 1 "
        "RETURNING last",
        (agency_code, day.isoformat()),
    )
    return int(rows[0][0])


@dataclass(frozen=True)
class NewDossier:
    """A dossier whose seal checked out, ready to be stored under its official code."""

    provisional_code: str
    official_code: str
    kiosk_id: str
    agency_code: str
    procedure_code: str
    received_at: datetime
    envelope_sha256: str
    source: str
    procedure_name: str = ""
    due_at: datetime | None = None
    paper_count: int = 0
    lookup_sha256: str | None = None
    id_tail_mac: str | None = None


def insert_dossier(tx: Tx, new: NewDossier, now: datetime) -> None:
    # Times are kept in UTC: ISO text in one offset sorts and compares as time does.
    tx.execute(
        "INSERT INTO dossiers (provisional_code, official_code, kiosk_id, agency_code, "
        "procedure_code, received_at, envelope_sha256, source, stored_at, state, "
        "procedure_name, due_at, paper_count, lookup_sha256, id_tail_mac) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?)",
        (
            new.provisional_code,
            new.official_code,
            new.kiosk_id,
            new.agency_code,
            new.procedure_code,
            new.received_at.astimezone(UTC).isoformat(),
            new.envelope_sha256,
            new.source,
            now.isoformat(),
            new.procedure_name,
            new.due_at.astimezone(UTC).isoformat() if new.due_at else None,
            new.paper_count,
            new.lookup_sha256,
            new.id_tail_mac,
        ),
    )


def count_dossiers(tx: Tx) -> int:
    return int(tx.execute("SELECT COUNT(*) FROM dossiers")[0][0])
