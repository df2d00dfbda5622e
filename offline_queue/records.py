"""The outbox's clear-text index: what it may show without opening a seal.

An :class:`OutboxEntry` holds codes, states, times and the procedure: enough
to reprint a receipt or list the queue, and nothing about the citizen.

States and their order::

    queued ──> uploading ──> acknowledged ──> purged
       ^           │
       └── held <──┘   (the center refused it for good; `kiosk queue retry`)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum


class OutboxState(StrEnum):
    """Where one dossier is on its way to the center."""

    QUEUED = "queued"
    UPLOADING = "uploading"
    ACKNOWLEDGED = "acknowledged"
    PURGED = "purged"
    HELD = "held"


PENDING_STATES = frozenset({OutboxState.QUEUED, OutboxState.UPLOADING})
"""States the sync worker still has to deliver."""


@dataclass(frozen=True)
class OutboxEntry:
    """One dossier in the outbox, as the index shows it (no personal data)."""

    provisional_code: str
    official_code: str | None
    state: OutboxState
    procedure_code: str
    procedure_name: str
    received_at: datetime
    ready_at: datetime
    collect_at: str
    papers: int
    envelope_sha256: str
    envelope_size: int
    idempotency_key: str
    upload_id: str | None
    uploaded_bytes: int
    attempts: int
    last_error: str | None
    queued_at: datetime
    uploading_at: datetime | None
    acknowledged_at: datetime | None
    purged_at: datetime | None
    held_at: datetime | None

    @property
    def code(self) -> str:
        """The code to show: the official one once the center has given it."""
        return self.official_code or self.provisional_code

    @property
    def envelope_file(self) -> str:
        """The sealed file's name in the outbox folder (its content address)."""
        return f"{self.envelope_sha256}.seal"

    def age_s(self, now: datetime) -> float:
        """Seconds since the dossier was queued."""
        return (now - self.queued_at).total_seconds()

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (times as ISO 8601) for ``kiosk queue list --json``."""
        return {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in asdict(self).items()
        }


@dataclass(frozen=True)
class SyncMeta:
    """The last sync outcome, kept in the outbox so that the CLI sees it too."""

    last_sync_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
