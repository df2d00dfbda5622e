"""The SQL of the outbox index: every statement parameterised, one function per change.

Callers hold the outbox's lock and run these inside its transactions; times
are stored as ISO 8601 text in UTC.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kiosk.dossier import Dossier
from offline_queue.records import OutboxEntry, OutboxState, SyncMeta

STATES_WITH_FILES = frozenset({OutboxState.QUEUED, OutboxState.UPLOADING, OutboxState.HELD})

_SELECT = (
    "SELECT provisional_code, official_code, state, procedure_code, procedure_name, received_at, "
    "ready_at, collect_at, papers, envelope_sha256, envelope_size, idempotency_key, "
    "upload_id, uploaded_bytes, attempts, last_error, queued_at, uploading_at, "
    "acknowledged_at, purged_at, held_at FROM dossiers "
)
_NAMES = [name.strip() for name in _SELECT[len("SELECT ") : -len(" FROM dossiers ")].split(",")]
_TIME_FIELDS = frozenset(
    {
        "received_at",
        "ready_at",
        "queued_at",
        "uploading_at",
        "acknowledged_at",
        "purged_at",
        "held_at",
    }
)


def _time(value: datetime) -> str:
    return value.isoformat()


def _entry(row: Sequence[Any]) -> OutboxEntry:
    values: dict[str, Any] = dict(zip(_NAMES, row, strict=True))
    for name in _TIME_FIELDS:
        if values[name] is not None:
            values[name] = datetime.fromisoformat(values[name])
    values["state"] = OutboxState(values["state"])
    return OutboxEntry(**values)


def new_row(
    dossier: Dossier,
    *,
    envelope_sha256: str,
    envelope_size: int,
    idempotency_key: str,
    now: datetime,
) -> dict[str, object]:
    """The clear-text index row of a dossier: codes, procedure, appointment, sizes."""
    return {
        "provisional_code": dossier.provisional_code,
        "idempotency_key": idempotency_key,
        "procedure_code": dossier.procedure_code,
        "procedure_name": dossier.procedure_name_vi,
        "received_at": _time(dossier.received_at),
        "ready_at": _time(dossier.appointment.ready_at),
        "collect_at": dossier.appointment.collect_at,
        "papers": len(dossier.papers),
        "envelope_sha256": envelope_sha256,
        "envelope_size": envelope_size,
        "state": OutboxState.QUEUED.value,
        "queued_at": _time(now),
    }


def insert(db: sqlite3.Connection, row: dict[str, object]) -> None:
    db.execute(
        "INSERT INTO dossiers (provisional_code, idempotency_key, procedure_code, "
        "procedure_name, received_at, ready_at, collect_at, papers, envelope_sha256, "
        "envelope_size, state, queued_at) VALUES (:provisional_code, :idempotency_key, "
        ":procedure_code, :procedure_name, :received_at, :ready_at, :collect_at, :papers, "
        ":envelope_sha256, :envelope_size, :state, :queued_at)",
        row,
    )


def find(db: sqlite3.Connection, code: str) -> OutboxEntry | None:
    row = db.execute(
        _SELECT + "WHERE provisional_code = ? OR official_code = ?",
        (code, code),
    ).fetchone()
    return _entry(row) if row else None


def select(
    db: sqlite3.Connection, states: frozenset[OutboxState] | None, limit: int | None
) -> list[OutboxEntry]:
    wanted = sorted(s.value for s in (OutboxState if states is None else states))
    # A JSON array bound as one parameter: no SQL text is built from values
    # (the concatenation joins two constants).
    rows = db.execute(
        _SELECT  # noqa: S608
        + "WHERE state IN (SELECT value FROM json_each(?)) ORDER BY queued_at, "
        "provisional_code LIMIT ?",
        (json.dumps(wanted), -1 if limit is None else limit),
    ).fetchall()
    return [_entry(row) for row in rows]


def counts(db: sqlite3.Connection) -> dict[OutboxState, int]:
    found = dict(db.execute("SELECT state, COUNT(*) FROM dossiers GROUP BY state").fetchall())
    return {state: int(found.get(state.value, 0)) for state in OutboxState}


def next_pending(db: sqlite3.Connection) -> OutboxEntry | None:
    row = db.execute(
        _SELECT + "WHERE state IN ('uploading', 'queued') "
        "ORDER BY state = 'queued', queued_at, provisional_code LIMIT 1"
    ).fetchone()
    return _entry(row) if row else None


def envelope_files(db: sqlite3.Connection) -> set[str]:
    rows = db.execute(
        "SELECT envelope_sha256 FROM dossiers WHERE state IN ('queued', 'uploading', "
        "'acknowledged', 'held')"
    ).fetchall()
    return {f"{sha}.seal" for (sha,) in rows}


def set_uploading(
    db: sqlite3.Connection, code: str, upload_id: str | None, offset: int, now: datetime
) -> None:
    db.execute(
        "UPDATE dossiers SET state = 'uploading', upload_id = COALESCE(?, upload_id), "
        "uploaded_bytes = ?, uploading_at = COALESCE(uploading_at, ?) "
        "WHERE provisional_code = ? AND state IN ('queued', 'uploading')",
        (upload_id, offset, _time(now), code),
    )


def set_acknowledged(db: sqlite3.Connection, code: str, official: str, now: datetime) -> None:
    db.execute(
        "UPDATE dossiers SET state = 'acknowledged', official_code = ?, acknowledged_at = ?, "
        "uploaded_bytes = envelope_size, last_error = NULL "
        "WHERE provisional_code = ? AND state IN ('queued', 'uploading', 'held')",
        (official, _time(now), code),
    )


def set_failed(db: sqlite3.Connection, code: str, error: str) -> None:
    db.execute(
        "UPDATE dossiers SET attempts = attempts + 1, last_error = ? WHERE provisional_code = ?",
        (error[:500], code),
    )


def set_held(db: sqlite3.Connection, code: str, reason: str, now: datetime) -> None:
    db.execute(
        "UPDATE dossiers SET state = 'held', held_at = ?, last_error = ? "
        "WHERE provisional_code = ? AND state IN ('queued', 'uploading')",
        (_time(now), reason[:500], code),
    )


def requeue_held(db: sqlite3.Connection, codes: Sequence[str]) -> int:
    if codes:
        cursor = db.execute(
            "UPDATE dossiers SET state = 'queued', held_at = NULL, attempts = 0 "
            "WHERE state = 'held' AND (provisional_code IN (SELECT value FROM json_each(?1)) "
            "OR official_code IN (SELECT value FROM json_each(?1)))",
            (json.dumps(list(codes)),),
        )
    else:
        cursor = db.execute(
            "UPDATE dossiers SET state = 'queued', held_at = NULL, attempts = 0 "
            "WHERE state = 'held'"
        )
    return cursor.rowcount


def set_purged(db: sqlite3.Connection, code: str, now: datetime) -> None:
    db.execute(
        "UPDATE dossiers SET state = 'purged', purged_at = ? "
        "WHERE provisional_code = ? AND state = 'acknowledged'",
        (_time(now), code),
    )


def write_meta(db: sqlite3.Connection, error: str | None, now: datetime) -> None:
    if error is None:
        pairs = [("last_sync_at", _time(now))]
    else:
        pairs = [("last_error", error[:500]), ("last_error_at", _time(now))]
    db.executemany(
        "INSERT INTO sync_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        pairs,
    )


def read_meta(db: sqlite3.Connection) -> SyncMeta:
    values = dict(db.execute("SELECT key, value FROM sync_meta").fetchall())

    def when(key: str) -> datetime | None:
        return datetime.fromisoformat(values[key]) if key in values else None

    return SyncMeta(when("last_sync_at"), values.get("last_error"), when("last_error_at"))
