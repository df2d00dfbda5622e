"""The back office's operations: accounts, the inbox, opening and working a dossier, lookup.

The web layer (``center/web``) and ``kiosk center user ...`` call these; they
never touch SQL or envelopes themselves. Every operation checks what the
account may see (:meth:`Officer.sees`): an officer of another agency gets
"no such dossier", exactly as if the code did not exist. Opening a dossier or
a paper, changing a status, signing in and out are written to the audit log.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from center import casework, inbox, officers, ratelimit, stats, store
from center.casework import AuditEntry, CaseState, StateChange
from center.db import Database
from center.errors import Refusal
from center.inbox import InboxFilter, InboxRow
from center.lookup import LOOKUP_SECRET, center_secret, id_tail_mac, token_digest
from center.officers import LoginRefused, Officer, Passwords, Role
from center.protocol import Heartbeat, check_agency_code, check_kiosk_id
from center.store import KioskRow
from center.unseal import OpenedDossier
from center.workdays import working_days_left

OpenDossier = Callable[[str, int | None], OpenedDossier | None]


@dataclass(frozen=True)
class CaseView:
    """A dossier as an officer sees it: its index row, its opened content, its history."""

    row: InboxRow
    content: dict[str, Any]
    history: list[AuditEntry]
    days_left: int | None

    @property
    def next_states(self) -> tuple[CaseState, ...]:
        return casework.NEXT[self.row.state]


@dataclass(frozen=True)
class PublicStatus:
    """What the public lookup page may show: no name, no ID number, no address."""

    official_code: str
    procedure_name: str
    procedure_code: str
    received_at: datetime
    due_at: datetime | None
    state: CaseState
    to_bring: str
    state_changed_at: datetime | None


class BackOffice:
    """Accounts, casework and lookup over the center's database."""

    def __init__(
        self,
        db: Database,
        open_dossier: OpenDossier,
        clock: Callable[[], datetime],
        local_tz: timezone,
        passwords: Passwords | None = None,
    ) -> None:
        self.db = db
        self.passwords = passwords or Passwords()
        self._open = open_dossier
        self.clock = clock
        self.local_tz = local_tz
        self._lookup_secret = center_secret(db, LOOKUP_SECRET)

    # --- accounts -----------------------------------------------------------------------

    def add_user(self, name: str, password: str, role: str, agencies: list[str]) -> None:
        with self.db.transaction() as tx:
            officers.add(
                tx,
                name,
                password,
                role=_role(role),
                agencies=agencies,
                now=self.clock(),
                passwords=self.passwords,
            )
            casework.record(tx, "cli", "user_added", self.clock(), detail=f"{name} ({role})")

    def disable_user(self, name: str) -> None:
        with self.db.transaction() as tx:
            officers.disable(tx, name, self.clock())
            casework.record(tx, "cli", "user_disabled", self.clock(), detail=name)

    def reset_user(self, name: str, password: str) -> None:
        with self.db.transaction() as tx:
            officers.reset(tx, name, password, self.passwords)
            casework.record(tx, "cli", "user_reset", self.clock(), detail=name)

    def accounts(self) -> list[officers.AccountRow]:
        with self.db.transaction() as tx:
            return officers.accounts(tx, self.clock())

    def login(self, name: str, password: str) -> Officer:
        """The account, or :class:`LoginRefused`; both outcomes are audited."""
        now = self.clock()
        with self.db.transaction() as tx:
            outcome = officers.authenticate(tx, name, password, now, self.passwords)
            if isinstance(outcome, LoginRefused):
                # The name as typed may be anything: keep a bounded, printable trace.
                typed = "".join(c for c in name[:40] if c.isprintable())
                casework.record(tx, typed or "?", "login_refused", now, detail=str(outcome))
            else:
                casework.record(tx, outcome.username, "login", now)
        if isinstance(outcome, LoginRefused):
            raise outcome
        return outcome

    def session_officer(self, name: str, epoch: int) -> Officer | None:
        """The account behind a session cookie, if it is still active and not logged out."""
        with self.db.transaction() as tx:
            officer = officers.find(tx, name)
        if officer is None or officer.session_epoch != epoch:
            return None
        return officer

    def logout(self, officer: Officer) -> None:
        with self.db.transaction() as tx:
            officers.end_sessions(tx, officer.username)
            casework.record(tx, officer.username, "logout", self.clock())

    # --- casework -----------------------------------------------------------------------

    def inbox(self, officer: Officer, wanted: InboxFilter) -> tuple[list[InboxRow], bool]:
        """One page of the dossiers of the agencies ``officer`` sees."""
        agencies = tuple(a for a in officer.agencies if officer.sees(a))
        with self.db.transaction() as tx:
            return inbox.page(tx, replace(wanted, agencies=agencies), self.local_tz)

    def days_left(self, row: InboxRow) -> int | None:
        if (
            row.due_at is None
            or row.state in casework.CLOSED
            or row.state is CaseState.RESULT_READY
        ):
            return None
        today = self.clock().astimezone(self.local_tz).date()
        return working_days_left(today, row.due_at.astimezone(self.local_tz).date())

    def _row_for(self, officer: Officer, code: str) -> InboxRow:
        with self.db.transaction() as tx:
            row = inbox.one(tx, code)
        if row is None or not officer.sees(row.agency_code):
            raise Refusal(404, "not_found", "There is no such dossier in your agencies")
        return row

    def case(self, officer: Officer, code: str) -> CaseView:
        """The dossier opened for ``officer`` (seal and signature checked again); audited."""
        row = self._row_for(officer, code)
        opened = self._open(row.official_code, None)
        if opened is None:
            raise Refusal(404, "not_found", "There is no such dossier in your agencies")
        try:
            content = json.loads(opened.dossier_json)
        except ValueError:
            content = {}
        with self.db.transaction() as tx:
            casework.record(
                tx, officer.username, "opened", self.clock(), official_code=row.official_code
            )
            history = casework.history(tx, row.official_code)
        return CaseView(
            row, content if isinstance(content, dict) else {}, history, self.days_left(row)
        )

    def paper(self, officer: Officer, code: str, number: int) -> bytes:
        """Paper ``number`` (from 1) of the dossier, decrypted in memory; audited."""
        row = self._row_for(officer, code)
        if not 1 <= number <= max(row.paper_count, 1):
            raise Refusal(404, "no_such_paper", f"The dossier has {row.paper_count} papers")
        opened = self._open(row.official_code, number - 1)
        if opened is None or opened.paper is None:
            raise Refusal(404, "no_such_paper", f"The dossier has {row.paper_count} papers")
        with self.db.transaction() as tx:
            casework.record(
                tx,
                officer.username,
                "paper_opened",
                self.clock(),
                official_code=row.official_code,
                detail=str(number),
            )
        return opened.paper

    def change_state(self, officer: Officer, code: str, change: StateChange) -> CaseState:
        row = self._row_for(officer, code)
        checked = change.checked(row.state)
        with self.db.transaction() as tx:
            casework.change_state(
                tx, row.official_code, row.state, checked, actor=officer.username, now=self.clock()
            )
        return checked.to

    def assignable(self, officer: Officer, agency_code: str) -> list[str]:
        """Who a supervisor may give a dossier of ``agency_code`` to (active, of that agency)."""
        if not officer.supervises:
            return []
        return [
            account.username
            for account in self.accounts()
            if not account.disabled
            and account.role is not Role.ADMIN
            and agency_code in account.agencies
        ]

    def assign(self, officer: Officer, code: str, username: str) -> None:
        """A supervisor gives the dossier to an officer of its agency; audited."""
        if not officer.supervises:
            raise Refusal(403, "supervisors_only", "Only a supervisor assigns dossiers")
        row = self._row_for(officer, code)
        if username not in self.assignable(officer, row.agency_code):
            raise Refusal(422, "not_assignable", f"{username[:40]!r} does not work this agency")
        now = self.clock()
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE dossiers SET assigned_to = ? WHERE official_code = ?",
                (username, row.official_code),
            )
            casework.record(
                tx,
                officer.username,
                "assigned",
                now,
                official_code=row.official_code,
                detail=f"{row.assigned_to or '-'} -> {username}",
            )

    def audit(self, officer: Officer, limit: int = 200) -> list[AuditEntry]:
        if not officer.supervises:
            raise Refusal(403, "supervisors_only", "The audit log is for supervisors")
        with self.db.transaction() as tx:
            return casework.audit_page(tx, officer.agencies, limit)

    def statistics(
        self, officer: Officer, first: date, last: date, grouping: stats.Grouping
    ) -> stats.Report:
        """The supervisor's agencies' figures from ``first`` to ``last`` (local days)."""
        if not officer.supervises:
            raise Refusal(403, "supervisors_only", "The statistics are for supervisors")
        with self.db.transaction() as tx:
            return stats.report(
                tx,
                officer.agencies,
                first,
                last,
                grouping,
                now=self.clock(),
                local_tz=self.local_tz,
            )

    # --- the fleet (administrators) --------------------------------------------------------

    def fleet(self, officer: Officer) -> list[FleetRow]:
        """Every kiosk with what its last heartbeat said."""
        _admin_only(officer)
        with self.db.transaction() as tx:
            return [FleetRow.of(kiosk, beat) for kiosk, beat in store.kiosks_and_heartbeats(tx)]

    def help_calls(self, officer: Officer) -> list[HelpCall]:
        """Kiosks whose citizen is waiting for staff: all for an admin, else the agencies'.

        Asked on every console page: one query for the whole fleet.
        """
        with self.db.transaction() as tx:
            fleet = store.kiosks_and_heartbeats(tx)
        calls = []
        for kiosk, beat in fleet:
            if kiosk.revoked or not (officer.administers or kiosk.agency_code in officer.agencies):
                continue
            call = HelpCall.of(kiosk.kiosk_id, beat)
            if call is not None:
                calls.append(call)
        return sorted(calls, key=lambda call: call.requested_at)

    def issue_token(self, officer: Officer, kiosk_id: str, agency_code: str) -> str:
        """A one-time enrollment token (valid 7 days); audited, the token itself is not kept."""
        _admin_only(officer)
        for check, value in ((check_kiosk_id, kiosk_id), (check_agency_code, agency_code)):
            try:
                check(value)
            except ValueError as exc:
                raise Refusal(422, "bad_value", str(exc)) from None
        now = self.clock()
        with self.db.transaction() as tx:
            token = store.issue_token(tx, kiosk_id, agency_code, now, timedelta(days=7))
            casework.record(
                tx, officer.username, "token_issued", now, detail=f"{kiosk_id} {agency_code}"
            )
        return token

    def revoke(self, officer: Officer, kiosk_id: str) -> bool:
        _admin_only(officer)
        now = self.clock()
        with self.db.transaction() as tx:
            revoked = store.revoke(tx, kiosk_id, now)
            if revoked:
                casework.record(tx, officer.username, "kiosk_revoked", now, detail=kiosk_id)
        return revoked

    def today(self) -> date:
        return self.clock().astimezone(self.local_tz).date()

    # --- the public lookup ----------------------------------------------------------------

    def lookup_token(self, token: str) -> PublicStatus | None:
        if not 16 <= len(token) <= 64:
            return None
        return self._public("lookup_sha256 = ?", token_digest(token))

    def lookup_code(self, code: str, last4: str) -> PublicStatus | None:
        """By the receipt's code and the ID number's last four digits; None if either is off."""
        if not (last4.isdigit() and len(last4) == 4) or not 10 <= len(code) <= 100:
            return None
        with self.db.transaction() as tx:
            rows = tx.execute(
                "SELECT provisional_code, id_tail_mac FROM dossiers "
                "WHERE official_code = ? OR provisional_code = ?",
                (code, code),
            )
        if not rows or rows[0][1] is None:
            return None
        expected = id_tail_mac(self._lookup_secret, str(rows[0][0]), last4)
        if not hmac.compare_digest(expected, str(rows[0][1])):
            return None
        return self._public("provisional_code = ?", str(rows[0][0]))

    def _public(self, where: str, value: str) -> PublicStatus | None:
        sql = (
            "SELECT official_code, procedure_name, procedure_code, received_at, due_at, state, "
            "to_bring, state_changed_at FROM dossiers WHERE "
        )
        with self.db.transaction() as tx:
            rows = tx.execute(sql + where, (value,))
        if not rows:
            return None
        code, name, procedure, received, due, state, to_bring, changed = rows[0]
        return PublicStatus(
            str(code),
            str(name),
            str(procedure),
            datetime.fromisoformat(str(received)),
            datetime.fromisoformat(str(due)) if due else None,
            CaseState(str(state)),
            str(to_bring),
            datetime.fromisoformat(str(changed)) if changed else None,
        )

    def allow(self, bucket: str, limit: int, window_s: int) -> bool:
        """One more hit on ``bucket``; False once it has had ``limit`` in this window."""
        with self.db.transaction() as tx:
            return ratelimit.hit(tx, bucket, limit, window_s, int(time.time()))


@dataclass(frozen=True)
class FleetRow:
    """One kiosk as the fleet page shows it (no citizen data: heartbeats carry none)."""

    kiosk_id: str
    agency_code: str
    enrolled_at: str
    revoked: bool
    last_seen: datetime | None
    version: str
    queued: int | None
    held: int | None
    last_sync_at: str
    faults: tuple[str, ...]

    @classmethod
    def of(cls, kiosk: KioskRow, beat: tuple[str, datetime] | None) -> FleetRow:
        heartbeat = None
        if beat is not None:
            try:
                heartbeat = Heartbeat.model_validate_json(beat[0])
            except ValueError:
                heartbeat = None
        status = heartbeat.status if heartbeat else {}
        faults = tuple(
            f"{d.device}: {d.detail or d.state}"
            for d in (heartbeat.devices if heartbeat else [])
            if d.state not in ("ready", "busy")
        )
        return cls(
            kiosk.kiosk_id,
            kiosk.agency_code,
            kiosk.enrolled_at,
            kiosk.revoked,
            beat[1] if beat else None,
            str(status.get("version") or "—"),
            _count(status.get("queued")),
            _count(status.get("held")),
            str(status.get("last_sync_at") or ""),
            faults,
        )


@dataclass(frozen=True)
class HelpCall:
    """A citizen at a kiosk asked for staff ("Gọi cán bộ hỗ trợ"); no citizen data."""

    kiosk_id: str
    requested_at: datetime
    screen: str
    heard_at: datetime  # the heartbeat that still carried the call

    @classmethod
    def of(cls, kiosk_id: str, beat: tuple[str, datetime] | None) -> HelpCall | None:
        """The open call in the kiosk's last heartbeat (``status.help_call``), if any."""
        if beat is None:
            return None
        try:
            call = Heartbeat.model_validate_json(beat[0]).status.get("help_call")
        except ValueError:
            return None
        if not isinstance(call, dict):
            return None
        try:
            requested = datetime.fromisoformat(str(call.get("requested_at")))
        except ValueError:
            return None
        if requested.tzinfo is None:
            return None
        screen = "".join(c for c in str(call.get("screen") or "")[:40] if c.isprintable())
        return cls(kiosk_id, requested, screen, beat[1])


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _admin_only(officer: Officer) -> None:
    if not officer.administers:
        raise Refusal(403, "admins_only", "The fleet is for administrators")


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise Refusal(422, "bad_role", "A role is officer, supervisor or admin") from None


def parse_day(text: str) -> date | None:
    """A ``YYYY-MM-DD`` form field, or None when empty or not a date."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
