"""The officers' inbox: received dossiers of their agencies, newest first, filtered and paged.

Every row is read from the index columns (nothing is decrypted to list
dossiers): code, procedure, kiosk, times and state are not personal data.
The SQL text is a constant plus ``?`` marks, one per bound value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from center.casework import CaseState
from center.db import Tx, one_of

PAGE_SIZE = 50


@dataclass(frozen=True)
class InboxFilter:
    """What the officer asked for; empty fields do not filter.

    ``agencies`` is set by the back office from the account, never from the request.
    """

    agencies: tuple[str, ...] = ()
    state: CaseState | None = None
    procedure: str = ""
    kiosk: str = ""
    received_from: date | None = None
    received_to: date | None = None
    code: str = ""
    page: int = 1


@dataclass(frozen=True)
class InboxRow:
    official_code: str
    provisional_code: str
    procedure_code: str
    procedure_name: str
    kiosk_id: str
    agency_code: str
    received_at: datetime
    due_at: datetime | None
    state: CaseState
    paper_count: int
    assigned_to: str | None


_ROW = (
    "SELECT official_code, provisional_code, procedure_code, procedure_name, kiosk_id, "
    "agency_code, received_at, due_at, state, paper_count, assigned_to FROM dossiers "
)


def _row(values: tuple[object, ...]) -> InboxRow:
    (
        official,
        provisional,
        procedure,
        name,
        kiosk,
        agency,
        received,
        due,
        state,
        papers,
        assigned,
    ) = values
    return InboxRow(
        str(official),
        str(provisional),
        str(procedure),
        str(name),
        str(kiosk),
        str(agency),
        datetime.fromisoformat(str(received)),
        datetime.fromisoformat(str(due)) if due else None,
        CaseState(str(state)),
        int(str(papers)),
        None if assigned is None else str(assigned),
    )


def page(tx: Tx, wanted: InboxFilter, local_tz: timezone) -> tuple[list[InboxRow], bool]:
    """One page of the inbox, and whether there is a next one."""
    if not wanted.agencies:
        return [], False
    where = [one_of("agency_code", len(wanted.agencies))]
    params: list[object] = list(wanted.agencies)
    if wanted.state is not None:
        where.append("state = ?")
        params.append(wanted.state.value)
    if wanted.procedure:
        where.append("procedure_code = ?")
        params.append(wanted.procedure)
    if wanted.kiosk:
        where.append("kiosk_id = ?")
        params.append(wanted.kiosk)
    if wanted.received_from is not None:
        where.append("received_at >= ?")
        params.append(_utc_start(wanted.received_from, local_tz))
    if wanted.received_to is not None:
        where.append("received_at < ?")
        params.append(_utc_start(wanted.received_to + timedelta(days=1), local_tz))
    if wanted.code:
        where.append("(official_code = ? OR provisional_code = ?)")
        params += [wanted.code, wanted.code]
    offset = (max(1, wanted.page) - 1) * PAGE_SIZE
    sql = (
        _ROW
        + "WHERE "
        + " AND ".join(where)
        + " ORDER BY received_at DESC, official_code DESC LIMIT ? OFFSET ?"
    )
    rows = tx.execute(sql, (*params, PAGE_SIZE + 1, offset))
    return [_row(r) for r in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE


def one(tx: Tx, code: str) -> InboxRow | None:
    """A dossier's index row by its official or provisional code."""
    rows = tx.execute(_ROW + "WHERE official_code = ? OR provisional_code = ?", (code, code))
    return _row(rows[0]) if rows else None


def _utc_start(day: date, local_tz: timezone) -> str:
    """The first instant of a local day, as stored (UTC ISO text sorts as time does)."""
    return datetime.combine(day, time(0), local_tz).astimezone(UTC).isoformat()
