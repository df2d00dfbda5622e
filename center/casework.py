"""A dossier's way through the one-stop process, and the append-only record of it.

    received ─┬─> accepted (thụ lý) ──> in processing ──> result ready ──> returned
              ├─> additions requested (yêu cầu bổ sung) ─┬─> accepted
              │                                           └─> refused
              └─> refused (từ chối)

An accepted or processing dossier may still need additions or be refused (the
agency finds a gap while it works). Asking for additions needs the reason and
what is missing; refusing needs the legal reason. Every change, and every
time an officer opens a dossier or one of its papers, is a row of
``audit_log``: who, when, from, to, why. The database refuses to change or
delete a row of it (triggers, :mod:`center.schema`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from center.db import Tx, one_of
from center.errors import Refusal

MAX_REASON = 2000


class CaseState(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    ADDITIONS_REQUESTED = "additions_requested"
    REFUSED = "refused"
    IN_PROCESSING = "in_processing"
    RESULT_READY = "result_ready"
    RETURNED = "returned"


NEXT: dict[CaseState, tuple[CaseState, ...]] = {
    CaseState.RECEIVED: (
        CaseState.ACCEPTED,
        CaseState.ADDITIONS_REQUESTED,
        CaseState.REFUSED,
    ),
    CaseState.ADDITIONS_REQUESTED: (CaseState.ACCEPTED, CaseState.REFUSED),
    CaseState.ACCEPTED: (
        CaseState.IN_PROCESSING,
        CaseState.ADDITIONS_REQUESTED,
        CaseState.REFUSED,
    ),
    CaseState.IN_PROCESSING: (
        CaseState.RESULT_READY,
        CaseState.ADDITIONS_REQUESTED,
        CaseState.REFUSED,
    ),
    CaseState.RESULT_READY: (CaseState.RETURNED,),
    CaseState.REFUSED: (),
    CaseState.RETURNED: (),
}
NEEDS_REASON = frozenset({CaseState.ADDITIONS_REQUESTED, CaseState.REFUSED})
CLOSED = frozenset({CaseState.REFUSED, CaseState.RETURNED})

LABELS: dict[CaseState, dict[str, str]] = {
    CaseState.RECEIVED: {"vi": "Đã tiếp nhận", "en": "Received"},
    CaseState.ACCEPTED: {"vi": "Đã thụ lý", "en": "Accepted"},
    CaseState.ADDITIONS_REQUESTED: {"vi": "Yêu cầu bổ sung", "en": "Additions requested"},
    CaseState.REFUSED: {"vi": "Từ chối", "en": "Refused"},
    CaseState.IN_PROCESSING: {"vi": "Đang giải quyết", "en": "In processing"},
    CaseState.RESULT_READY: {"vi": "Chờ trả kết quả", "en": "Result ready"},
    CaseState.RETURNED: {"vi": "Đã trả kết quả", "en": "Returned"},
}


def parse_state(value: str) -> CaseState:
    try:
        return CaseState(value)
    except ValueError:
        raise Refusal(422, "bad_status", f"{value!r} is not a dossier status") from None


@dataclass(frozen=True)
class StateChange:
    """What an officer asks: the new state, why, and what the citizen must bring."""

    to: CaseState
    reason: str = ""
    missing: str = ""

    def checked(self, current: CaseState) -> StateChange:
        """This change, cleaned, if the process allows it from ``current``; else a Refusal."""
        if self.to not in NEXT[current]:
            allowed = ", ".join(s.value for s in NEXT[current]) or "none: the dossier is closed"
            raise Refusal(
                409,
                "transition_not_allowed",
                f"A dossier {current.value} cannot become {self.to.value} (allowed: {allowed})",
            )
        reason, missing = _clean(self.reason), _clean(self.missing)
        if self.to in NEEDS_REASON and not reason:
            raise Refusal(422, "reason_required", "Say why (the legal reason for a refusal)")
        if self.to is CaseState.ADDITIONS_REQUESTED and not missing:
            raise Refusal(422, "missing_required", "Say which papers the citizen must add")
        return StateChange(self.to, reason, missing)


def _clean(text: str) -> str:
    """Printable text of bounded length (the lookup page shows ``missing`` to the public)."""
    kept = "".join(c for c in text if c.isprintable() or c in "\n\t").strip()
    if len(kept) > MAX_REASON:
        raise Refusal(422, "too_long", f"At most {MAX_REASON} characters")
    return kept


def change_state(
    tx: Tx,
    official_code: str,
    current: CaseState,
    change: StateChange,
    *,
    actor: str,
    now: datetime,
) -> None:
    """Move the dossier from ``current`` (checked again under the row's write) and record it."""
    to_bring = change.missing if change.to is CaseState.ADDITIONS_REQUESTED else ""
    result_ready = change.to is CaseState.RESULT_READY
    tx.execute(
        "UPDATE dossiers SET state = ?, state_changed_at = ?, state_note = ?, to_bring = ?, "
        "result_at = CASE WHEN ? THEN ? ELSE result_at END, "
        "additions_count = additions_count + ? "
        "WHERE official_code = ? AND state = ?",
        (
            change.to.value,
            now.isoformat(),
            change.reason,
            to_bring,
            result_ready,
            now.isoformat(),
            1 if change.to is CaseState.ADDITIONS_REQUESTED else 0,
            official_code,
            current.value,
        ),
    )
    if tx.rowcount() != 1:
        raise Refusal(409, "changed_meanwhile", "Someone changed this dossier meanwhile: reload")
    record(
        tx,
        actor,
        "status",
        now,
        official_code=official_code,
        from_state=current.value,
        to_state=change.to.value,
        reason=change.reason,
        detail=change.missing,
    )


def record(
    tx: Tx,
    actor: str,
    action: str,
    now: datetime,
    *,
    official_code: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str = "",
    detail: str = "",
) -> None:
    """One row of the audit log (never updated, never deleted)."""
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, official_code, from_state, to_state, "
        "reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (now.isoformat(), actor, action, official_code, from_state, to_state, reason, detail),
    )


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    official_code: str | None
    from_state: str | None
    to_state: str | None
    reason: str
    detail: str


def _entries(rows: list[tuple[object, ...]]) -> list[AuditEntry]:
    return [
        AuditEntry(
            datetime.fromisoformat(str(at)),
            str(actor),
            str(action),
            None if code is None else str(code),
            None if before is None else str(before),
            None if after is None else str(after),
            str(reason),
            str(detail),
        )
        for at, actor, action, code, before, after, reason, detail in rows
    ]


_AUDIT = (
    "SELECT at, actor, action, official_code, from_state, to_state, reason, detail FROM audit_log "
)


_CODES_OF = "SELECT official_code FROM dossiers WHERE "


def history(tx: Tx, official_code: str) -> list[AuditEntry]:
    """A dossier's audit rows, oldest first."""
    rows = tx.execute(_AUDIT + "WHERE official_code = ? ORDER BY entry_id", (official_code,))
    return _entries(rows)


def audit_page(tx: Tx, agencies: tuple[str, ...], limit: int) -> list[AuditEntry]:
    """The newest audit rows about the agencies' dossiers (a supervisor's view)."""
    if not agencies:
        return []
    inner = _CODES_OF + one_of("agency_code", len(agencies))
    rows = tx.execute(
        _AUDIT + "WHERE official_code IN (" + inner + ") ORDER BY entry_id DESC LIMIT ?",
        (*agencies, limit),
    )
    return _entries(rows)
