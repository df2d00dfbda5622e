"""The back office's rules, on SQLite and PostgreSQL: accounts, the inbox, casework, lookup."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from center_samples import QUICK_PASSWORDS, SAMPLE_PDF, SYNTHETIC_ID, received_dossier

from center.casework import CaseState, StateChange
from center.errors import Refusal, StorageFault
from center.inbox import PAGE_SIZE, InboxFilter
from center.officers import MAX_FAILURES, LoginRefused, Officer
from center.service import CenterService, CenterSettings

AGENCY = "000.00.31.H29"
OTHER = "000.00.31.H30"
PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(database_url: str, clock: Clock) -> Iterator[CenterService]:
    running = CenterService(
        CenterSettings(database_url=database_url, clock=clock, password_cost=QUICK_PASSWORDS)
    )
    running.add_user("an.officer", PASSWORD, "officer", [AGENCY])
    running.add_user("binh.other", PASSWORD, "officer", [OTHER])
    running.add_user("chi.super", PASSWORD, "supervisor", [AGENCY])
    running.add_user("dung.admin", PASSWORD, "admin", [])
    try:
        yield running
    finally:
        running.close()


def login(service: CenterService, name: str) -> Officer:
    return service.office.login(name, PASSWORD)


def test_a_wrong_password_counts_and_locks_the_account(
    service: CenterService, clock: Clock
) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(LoginRefused) as refused:
            service.office.login("an.officer", "not the password")
        assert refused.value.locked_until is None
    with pytest.raises(LoginRefused) as refused:
        service.office.login("an.officer", "not the password")
    assert refused.value.locked_until is not None
    with pytest.raises(LoginRefused, match="locked"):
        service.office.login("an.officer", PASSWORD)  # right, but locked
    clock.now += timedelta(minutes=16)
    assert login(service, "an.officer").username == "an.officer"


def test_unknown_and_disabled_accounts_are_refused_like_a_wrong_password(
    service: CenterService,
) -> None:
    with pytest.raises(LoginRefused, match="wrong"):
        service.office.login("nobody", PASSWORD)
    officer = login(service, "an.officer")
    service.office.disable_user("an.officer")
    with pytest.raises(LoginRefused, match="wrong"):
        login(service, "an.officer")
    assert service.office.session_officer("an.officer", officer.session_epoch) is None
    service.office.reset_user("an.officer", "a brand new password")
    assert service.office.login("an.officer", "a brand new password").role == "officer"


def test_logout_ends_every_session_of_the_account(service: CenterService) -> None:
    officer = login(service, "an.officer")
    assert service.office.session_officer("an.officer", officer.session_epoch) == officer
    service.office.logout(officer)
    assert service.office.session_officer("an.officer", officer.session_epoch) is None


@pytest.mark.parametrize(
    ("name", "password", "role", "agencies", "code"),
    [
        ("Bad Name", PASSWORD, "officer", [AGENCY], "bad_username"),
        ("ok.name", "short", "officer", [AGENCY], "weak_password"),
        ("ok.name", PASSWORD, "boss", [AGENCY], "bad_role"),
        ("ok.name", PASSWORD, "officer", ["'; DROP"], "bad_agency"),
        ("ok.name", PASSWORD, "officer", [], "no_agency"),
        ("an.officer", PASSWORD, "officer", [AGENCY], "user_exists"),
    ],
)
def test_bad_accounts_are_refused(
    service: CenterService, name: str, password: str, role: str, agencies: list[str], code: str
) -> None:
    with pytest.raises(Refusal) as refused:
        service.add_user(name, password, role, agencies)
    assert refused.value.code == code


def test_the_inbox_shows_only_the_officers_agencies_newest_first(service: CenterService) -> None:
    early = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    first, _ = received_dossier(service, AGENCY, received_at=early)
    second, _ = received_dossier(service, AGENCY, received_at=early + timedelta(hours=1))
    foreign, _ = received_dossier(service, OTHER)
    officer = login(service, "an.officer")
    rows, more = service.office.inbox(officer, InboxFilter())
    assert [r.official_code for r in rows] == [second, first]
    assert not more
    assert rows[0].procedure_name == "Cấp Phiếu lý lịch tư pháp"
    assert rows[0].paper_count == 1
    # The due date is the kiosk's promise: 10 days after 1 December.
    assert rows[0].due_at is not None and rows[0].due_at.date().isoformat() == "2026-12-11"
    assert service.office.days_left(rows[0]) == 4  # Tue..Fri of that week
    other = login(service, "binh.other")
    assert [r.official_code for r in service.office.inbox(other, InboxFilter())[0]] == [foreign]
    with pytest.raises(Refusal) as refused:
        service.office.case(other, first)
    assert refused.value.status == 404
    admin = login(service, "dung.admin")
    assert service.office.inbox(admin, InboxFilter())[0] == []


def test_the_inbox_filters_and_pages(service: CenterService) -> None:
    start = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    codes = [
        received_dossier(service, AGENCY, received_at=start + timedelta(hours=i))[0]
        for i in range(PAGE_SIZE + 2)
    ]
    officer = login(service, "an.officer")
    first, more = service.office.inbox(officer, InboxFilter())
    assert len(first) == PAGE_SIZE and more
    second, more = service.office.inbox(officer, InboxFilter(page=2))
    assert [r.official_code for r in second] == codes[1::-1] and not more
    found, _ = service.office.inbox(officer, InboxFilter(code=codes[3]))
    assert [r.official_code for r in found] == [codes[3]]
    assert service.office.inbox(officer, InboxFilter(procedure="9.999999"))[0] == []
    day = (start + timedelta(hours=30)).astimezone(service.settings.local_tz).date()
    on_day, _ = service.office.inbox(officer, InboxFilter(received_from=day, received_to=day))
    assert {r.received_at.astimezone(service.settings.local_tz).date() for r in on_day} == {day}
    assert len(on_day) == 24
    service.office.change_state(officer, codes[0], StateChange(CaseState.ACCEPTED))
    accepted, _ = service.office.inbox(officer, InboxFilter(state=CaseState.ACCEPTED))
    assert [r.official_code for r in accepted] == [codes[0]]


def test_an_officer_opens_the_dossier_and_its_paper_and_it_is_audited(
    service: CenterService,
) -> None:
    second_paper = SAMPLE_PDF.replace(b"200 200", b"300 300")
    code, _ = received_dossier(service, AGENCY, papers=[SAMPLE_PDF, second_paper])
    officer = login(service, "an.officer")
    case = service.office.case(officer, code)
    assert case.content["identity"]["id_number"] == SYNTHETIC_ID
    assert case.content["answers"] == {"purpose": "Đi làm", "copies": 2}
    assert service.office.paper(officer, code, 2) == second_paper
    assert service.office.paper(officer, code, 1) == SAMPLE_PDF
    with pytest.raises(Refusal):
        service.office.paper(officer, code, 3)
    actions = [e.action for e in service.office.case(officer, code).history]
    assert actions == ["opened", "paper_opened", "paper_opened", "opened"]


def test_the_status_follows_the_process_and_the_log_keeps_every_step(
    service: CenterService,
) -> None:
    code, token = received_dossier(service, AGENCY)
    officer = login(service, "an.officer")
    with pytest.raises(Refusal, match="cannot become"):
        service.office.change_state(officer, code, StateChange(CaseState.RETURNED))
    with pytest.raises(Refusal) as refused:
        service.office.change_state(
            officer, code, StateChange(CaseState.ADDITIONS_REQUESTED, reason="Thiếu giấy")
        )
    assert refused.value.code == "missing_required"
    with pytest.raises(Refusal) as refused:
        service.office.change_state(officer, code, StateChange(CaseState.REFUSED))
    assert refused.value.code == "reason_required"
    service.office.change_state(
        officer,
        code,
        StateChange(
            CaseState.ADDITIONS_REQUESTED,
            reason="Thiếu giấy xác nhận cư trú",
            missing="Giấy xác nhận thông tin về cư trú (bản chính)\u202e",
        ),
    )
    public = service.office.lookup_token(token)
    assert public is not None and public.state is CaseState.ADDITIONS_REQUESTED
    assert public.to_bring == "Giấy xác nhận thông tin về cư trú (bản chính)"  # no bidi override
    for state in (CaseState.ACCEPTED, CaseState.IN_PROCESSING, CaseState.RESULT_READY):
        service.office.change_state(officer, code, StateChange(state))
    public = service.office.lookup_token(token)
    assert public is not None and public.state is CaseState.RESULT_READY
    assert public.to_bring == ""
    steps = [
        (e.from_state, e.to_state)
        for e in service.office.case(officer, code).history
        if e.action == "status"
    ]
    assert steps == [
        ("received", "additions_requested"),
        ("additions_requested", "accepted"),
        ("accepted", "in_processing"),
        ("in_processing", "result_ready"),
    ]
    supervisor = login(service, "chi.super")
    assert any(e.official_code == code for e in service.office.audit(supervisor))
    with pytest.raises(Refusal):
        service.office.audit(officer)


def test_the_audit_log_cannot_be_changed(service: CenterService) -> None:
    received_dossier(service, AGENCY)
    login(service, "an.officer")
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(StorageFault) as raised, service.db.transaction() as tx:
            tx.execute(statement)
        assert "append-only" in str(raised.value.__cause__ or raised.value)


def test_the_public_lookup_needs_the_token_or_the_code_and_the_ids_last_digits(
    service: CenterService,
) -> None:
    code, token = received_dossier(service, AGENCY)
    found = service.office.lookup_token(token)
    assert found is not None and found.official_code == code
    assert found.state is CaseState.RECEIVED
    assert service.office.lookup_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert service.office.lookup_code(code, SYNTHETIC_ID[-4:]) == found
    assert service.office.lookup_code(code, "0000") is None
    assert service.office.lookup_code(code, "12a4") is None
    assert "Trần" not in repr(found) and SYNTHETIC_ID not in repr(found)


def test_the_rate_limit_is_counted_in_the_database(service: CenterService) -> None:
    assert all(service.office.allow("lookup:203.0.113.9", 3, 600) for _ in range(3))
    assert not service.office.allow("lookup:203.0.113.9", 3, 600)
    assert service.office.allow("lookup:203.0.113.10", 3, 600)


def test_statistics_count_on_time_late_additions_and_the_kiosks_ratings(
    service: CenterService, clock: Clock
) -> None:
    from center.protocol import Heartbeat

    received = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # Monday 2 November, 09:00
    on_time, _ = received_dossier(service, AGENCY, received_at=received, due_days=10)
    late, _ = received_dossier(service, AGENCY, received_at=received, due_days=3)
    still_open, _ = received_dossier(service, AGENCY, received_at=received, due_days=60)
    overdue, _ = received_dossier(service, AGENCY, received_at=received, due_days=2)
    received_dossier(service, OTHER, received_at=received)  # another agency: not counted
    officer = login(service, "an.officer")
    clock.now = received + timedelta(days=5)
    steps = (CaseState.ACCEPTED, CaseState.IN_PROCESSING, CaseState.RESULT_READY)
    for code in (on_time, late):
        for state in steps:
            service.office.change_state(officer, code, StateChange(state))
    service.office.change_state(
        officer, still_open, StateChange(CaseState.ADDITIONS_REQUESTED, "Thiếu", "Giấy khai sinh")
    )
    kiosk = f"KIOSK-{AGENCY.replace('.', '')}"
    beat = {"rating_days": {"2026-11-02": {"1.001234": {"5": 3, "2": 1}}, "bad": {"x": 1}}}
    service.record_heartbeat(Heartbeat(kiosk_id=kiosk, status=beat))
    service.record_heartbeat(Heartbeat(kiosk_id=kiosk, status=beat))  # repeated: not twice
    supervisor = login(service, "chi.super")
    report = service.office.statistics(supervisor, date(2026, 11, 1), date(2026, 11, 30), "week")
    total = report.total
    assert (total.received, total.on_time, total.late, total.open) == (4, 1, 2, 1)
    assert total.additions == 1 and total.digitised_share == 1.0
    assert total.ratings == 4 and total.satisfaction == pytest.approx(17 / 4)
    assert [line.key for line in report.lines] == ["2026-W45"]
    assert overdue in [r.official_code for r in service.office.inbox(officer, InboxFilter())[0]]
    by_kiosk = service.office.statistics(supervisor, date(2026, 11, 1), date(2026, 11, 30), "kiosk")
    assert [line.key for line in by_kiosk.lines] == [kiosk]
    with pytest.raises(Refusal):
        service.office.statistics(officer, date(2026, 11, 1), date(2026, 11, 30), "day")
