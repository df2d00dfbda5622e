"""The officers' console end to end in Chromium, against the real center on loopback.

An officer logs in, finds the kiosk's dossier by its code, opens a paper,
asks for additions with a reason, and the citizen's lookup page (on a phone)
changes; a wrong password five times locks the account; a forged CSRF token is
refused; an officer of another agency sees nothing; the keyboard alone does
the whole round. Every page is checked by axe-core and kept as a screenshot.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from browser_support import (
    assert_accessible,
    assert_focus_visible,
    keyboard_reach,
    save_screenshot,
)
from center_samples import RECEIVED, SAMPLE_PDF, received_dossier
from console_pages import (
    CITIZEN_ID,
    CITIZEN_NAME,
    HOME_AGENCY,
    OFFICER,
    STRANGER,
    SUPERVISOR,
    dossier_link,
    log_in,
    login_form,
    path_of,
    status_form,
    submit_login,
    visible_text,
)
from playwright.sync_api import Page, expect

from center.inbox import PAGE_SIZE
from center.server import EmbeddedCenter
from center.web import console
from center.web.session import IDLE

pytestmark = pytest.mark.realparts

REASON = "Giấy tờ chụp bị mờ, không đọc được số định danh trên bản sao"
MISSING = "Bản sao giấy khai sinh có chứng thực"
ANSWER = "Đi làm"  # the form's "purpose" answer in center_samples.received_dossier
LEGAL_REASON = "Không thuộc thẩm quyền giải quyết của cơ quan (lý do mẫu để thử nghiệm)"
LOCK_WORDS = re.compile(r"kh[oó]a|khoá|15 phút", re.IGNORECASE)


@pytest.fixture
def dossier(web_center: EmbeddedCenter) -> tuple[str, str]:
    """One dossier the kiosk sealed and uploaded for the officer's agency: (code, token)."""
    return received_dossier(web_center.service, agency=HOME_AGENCY)


def state_of(center: EmbeddedCenter, code: str) -> str:
    status = center.service.dossier_status(code)
    assert status is not None, f"{code} is not at the center"
    return status.state


def test_an_officer_answers_a_dossier_and_the_citizens_lookup_page_follows(
    web_center: EmbeddedCenter, officer_page: Page, citizen_page: Page
) -> None:
    # Today's dossier (days left) beside last year's (overdue, in red): both in the screenshots.
    code, token = received_dossier(
        web_center.service, agency=HOME_AGENCY, received_at=datetime.now(UTC)
    )
    other_code, _ = received_dossier(web_center.service, agency=HOME_AGENCY)
    OFFICER.create(web_center)
    lookup = f"{web_center.url}/tra-cuu/{token}"

    reply = citizen_page.goto(lookup)
    assert reply is not None and reply.status == 200
    assert "Đã tiếp nhận" in visible_text(citizen_page)
    save_screenshot(citizen_page, "lookup-received-phone")

    login_form(officer_page, web_center)
    save_screenshot(officer_page, "console-login")
    assert_accessible(officer_page)
    log_in(officer_page, web_center, OFFICER)
    inbox = officer_page.locator("table")
    expect(inbox.locator(dossier_link(code))).to_have_count(1)
    expect(inbox.locator(dossier_link(other_code))).to_have_count(1)
    save_screenshot(officer_page, "console-inbox")
    assert_accessible(officer_page)

    # The search by code narrows the inbox to that dossier.
    with officer_page.expect_navigation():
        officer_page.locator('input[name="q"]').fill(code)
        officer_page.locator('input[name="q"]').press("Enter")
    assert f"q={code}" in officer_page.url
    expect(inbox.locator(dossier_link(code))).to_have_count(1)
    expect(inbox.locator(dossier_link(other_code))).to_have_count(0)
    save_screenshot(officer_page, "console-inbox-search")

    with officer_page.expect_navigation():
        inbox.locator(dossier_link(code)).click()
    assert path_of(officer_page) == f"/dossiers/{code}"
    shown = visible_text(officer_page)
    assert code in shown and ANSWER in shown
    save_screenshot(officer_page, "console-dossier")
    assert_accessible(officer_page)

    # A paper opens as a PDF, for the officer's session only.
    paper_href = f"/dossiers/{code}/papers/1.pdf"
    expect(officer_page.locator(f'a[href="{paper_href}"]')).to_have_count(1)
    paper = officer_page.context.request.get(f"{web_center.url}{paper_href}")
    assert paper.status == 200
    assert paper.headers["content-type"].startswith("application/pdf")
    assert paper.body() == SAMPLE_PDF  # the kiosk's bytes, decrypted on the server
    assert int(paper.headers["content-length"]) == len(SAMPLE_PDF)
    assert not paper.headers.get("content-disposition", "").startswith("attachment")
    anonymous = citizen_page.context.request.get(f"{web_center.url}{paper_href}", max_redirects=0)
    assert anonymous.status in (303, 401, 403, 404)
    assert not anonymous.body().startswith(b"%PDF")

    # Additions requested, with the reason and what the citizen must bring.
    form = officer_page.locator(status_form(code))
    form.locator('select[name="status"]').select_option("additions_requested")
    form.locator('textarea[name="reason"]').fill(REASON)
    form.locator('textarea[name="missing"]').fill(MISSING)
    with officer_page.expect_navigation():
        form.locator('[type="submit"]').click()
    assert state_of(web_center, code) == "additions_requested"
    history = officer_page.locator("table", has_text=REASON)
    expect(history).to_have_count(1)
    save_screenshot(officer_page, "console-dossier-additions-requested")
    assert_accessible(officer_page)

    citizen_page.reload()
    seen = visible_text(citizen_page)
    assert "Yêu cầu bổ sung" in seen and MISSING in seen
    for private in (CITIZEN_NAME, CITIZEN_ID):
        assert private not in citizen_page.content()
    save_screenshot(citizen_page, "lookup-additions-requested-phone")
    assert_accessible(citizen_page)

    with officer_page.expect_navigation():
        officer_page.get_by_role("button", name="Đăng xuất").click()
    assert path_of(officer_page) == "/login"
    officer_page.goto(f"{web_center.url}/dossiers")
    assert path_of(officer_page) == "/login"
    after = officer_page.context.request.get(f"{web_center.url}{paper_href}", max_redirects=0)
    assert not after.body().startswith(b"%PDF")


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    web_center: EmbeddedCenter, officer_page: Page
) -> None:
    OFFICER.create(web_center)
    login_form(officer_page, web_center)
    alert = officer_page.get_by_role("alert")
    for attempt in range(1, 6):
        submit_login(officer_page, OFFICER.username, f"sai-mat-khau-{attempt:02d}")
        assert path_of(officer_page) == "/login"
        expect(alert).to_be_visible()
        if attempt == 1:
            assert not LOCK_WORDS.search(alert.inner_text())
            save_screenshot(officer_page, "console-login-wrong-password")
            assert_accessible(officer_page)
    submit_login(officer_page, OFFICER.username, OFFICER.password)
    assert path_of(officer_page) == "/login"
    expect(alert).to_be_visible()
    assert "15" in alert.inner_text() and LOCK_WORDS.search(alert.inner_text())
    save_screenshot(officer_page, "console-login-locked")
    assert_accessible(officer_page)
    officer_page.goto(f"{web_center.url}/dossiers")
    assert path_of(officer_page) == "/login"


def test_forms_whose_csrf_token_was_tampered_with_are_refused(
    web_center: EmbeddedCenter, officer_page: Page, dossier: tuple[str, str]
) -> None:
    code, _ = dossier
    OFFICER.create(web_center)

    login_form(officer_page, web_center)
    officer_page.evaluate(
        '() => { document.querySelector(\'form[action="/login"] input[name="csrf"]\')'
        ".value = 'forged'; }"
    )
    reply = submit_login(officer_page, OFFICER.username, OFFICER.password)
    assert reply is not None and reply.status == 403

    log_in(officer_page, web_center, OFFICER)
    officer_page.goto(f"{web_center.url}/dossiers/{code}")
    form = status_form(code)
    officer_page.evaluate(
        "form => { document.querySelector(form).querySelector('input[name=\"csrf\"]')"
        ".value = 'forged'; }",
        form,
    )
    officer_page.locator(form).locator('select[name="status"]').select_option("accepted")
    with officer_page.expect_navigation() as navigation:
        officer_page.locator(form).locator('[type="submit"]').click()
    assert navigation.value is not None and navigation.value.status == 403
    save_screenshot(officer_page, "console-csrf-refused")
    assert_accessible(officer_page)
    assert state_of(web_center, code) == "received"


def test_an_officer_of_another_agency_sees_nothing_of_the_dossier(
    web_center: EmbeddedCenter, officer_page: Page, dossier: tuple[str, str]
) -> None:
    code, _ = dossier
    STRANGER.create(web_center)
    log_in(officer_page, web_center, STRANGER)
    assert code not in officer_page.content()
    with officer_page.expect_navigation():
        officer_page.locator('input[name="q"]').fill(code)
        officer_page.locator('input[name="q"]').press("Enter")
    assert code not in officer_page.locator("main").inner_text()
    expect(officer_page.locator(dossier_link(code))).to_have_count(0)

    reply = officer_page.goto(f"{web_center.url}/dossiers/{code}")
    assert reply is not None and reply.status == 404
    save_screenshot(officer_page, "console-not-found")
    assert_accessible(officer_page)
    paper = officer_page.context.request.get(f"{web_center.url}/dossiers/{code}/papers/1.pdf")
    assert paper.status == 404 and not paper.body().startswith(b"%PDF")

    # Even a well-formed status change with the stranger's own valid token is refused.
    officer_page.goto(f"{web_center.url}/dossiers")
    csrf = officer_page.locator('input[name="csrf"]').first.get_attribute("value")
    assert csrf
    change = officer_page.context.request.post(
        f"{web_center.url}/dossiers/{code}/status",
        form={"status": "accepted", "reason": "", "missing": "", "csrf": csrf},
        max_redirects=0,
    )
    assert change.status == 404
    assert state_of(web_center, code) == "received"


def test_the_keyboard_alone_logs_in_opens_and_accepts_a_dossier_and_logs_out(
    web_center: EmbeddedCenter, officer_page: Page, dossier: tuple[str, str]
) -> None:
    code, _ = dossier
    OFFICER.create(web_center)
    keys = officer_page.keyboard

    login_form(officer_page, web_center)
    keyboard_reach(officer_page, 'input[name="username"]')
    assert_focus_visible(officer_page)
    keys.type(OFFICER.username)
    keyboard_reach(officer_page, 'input[name="password"]', max_tabs=2)
    keys.type(OFFICER.password)
    with officer_page.expect_navigation():
        keys.press("Enter")
    assert path_of(officer_page) == "/dossiers"

    keyboard_reach(officer_page, dossier_link(code))
    assert_focus_visible(officer_page)
    with officer_page.expect_navigation():
        keys.press("Enter")
    assert path_of(officer_page) == f"/dossiers/{code}"

    form = status_form(code)
    keyboard_reach(officer_page, f'{form} select[name="status"]', max_tabs=60)
    assert_focus_visible(officer_page)
    select = officer_page.locator(f'{form} select[name="status"]')
    for _ in range(8):  # arrows move a closed <select> through its options
        if select.input_value() == "accepted":
            break
        keys.press("ArrowDown")
    assert select.input_value() == "accepted"
    keyboard_reach(officer_page, f'{form} [type="submit"]', max_tabs=10)
    assert_focus_visible(officer_page)
    with officer_page.expect_navigation():
        keys.press("Enter")
    assert state_of(web_center, code) == "accepted"

    keyboard_reach(officer_page, 'form[action="/logout"] button', max_tabs=60)
    with officer_page.expect_navigation():
        keys.press("Enter")
    assert path_of(officer_page) == "/login"


def test_a_supervisor_reads_the_audit_log_which_an_officer_cannot_and_it_reads_in_english(
    web_center: EmbeddedCenter, officer_page: Page, dossier: tuple[str, str]
) -> None:
    code, _ = dossier
    SUPERVISOR.create(web_center)
    OFFICER.create(web_center)
    log_in(officer_page, web_center, SUPERVISOR)
    officer_page.goto(f"{web_center.url}/dossiers/{code}")
    form = officer_page.locator(status_form(code))
    form.locator('select[name="status"]').select_option("refused")
    form.locator('textarea[name="reason"]').fill(LEGAL_REASON)
    with officer_page.expect_navigation():
        form.locator('[type="submit"]').click()
    assert state_of(web_center, code) == "refused"

    with officer_page.expect_navigation():
        officer_page.locator('a[href="/audit"]').click()
    assert path_of(officer_page) == "/audit"
    entry = officer_page.locator("table tr", has_text=LEGAL_REASON)
    expect(entry).to_have_count(1)
    assert SUPERVISOR.username in entry.inner_text() and code in entry.inner_text()
    save_screenshot(officer_page, "console-audit")
    assert_accessible(officer_page)

    with officer_page.expect_navigation():
        officer_page.get_by_role("link", name="English").click()
    assert officer_page.locator("html").get_attribute("lang") == "en"
    assert "Refused" in visible_text(officer_page)
    save_screenshot(officer_page, "console-audit-en")
    assert_accessible(officer_page)

    officer_page.context.clear_cookies()
    log_in(officer_page, web_center, OFFICER)
    expect(officer_page.locator('a[href="/audit"]')).to_have_count(0)
    refused = officer_page.goto(f"{web_center.url}/audit")
    assert refused is not None and refused.status == 403
    assert LEGAL_REASON not in visible_text(officer_page)


def inbox_codes(page: Page) -> list[str]:
    """The dossier codes the inbox table lists, top to bottom."""
    links = page.locator('table tbody a[href^="/dossiers/"]')
    return [str(link.get_attribute("href")).removeprefix("/dossiers/") for link in links.all()]


def filter_inbox(page: Page, center: EmbeddedCenter, **fields: str) -> list[str]:
    """Fill the inbox's filter form from a fresh inbox, send it, and read the table."""
    page.goto(f"{center.url}/dossiers")
    form = page.locator('form[action="/dossiers"][method="get"]')
    for name, value in fields.items():
        field = form.locator(f'[name="{name}"]')
        if name == "status":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator('[type="submit"]').click()
    return inbox_codes(page)


def test_the_inbox_filters_by_status_procedure_kiosk_and_date_newest_first_and_pages(
    web_center: EmbeddedCenter, officer_page: Page, dossier: tuple[str, str]
) -> None:
    older, _ = dossier  # procedure 1.001234, received 24/11/2025 at the agency's kiosk
    newer, _ = received_dossier(
        web_center.service,
        agency=HOME_AGENCY,
        procedure="2.000488",
        kiosk_id="KIOSK-B",
        received_at=RECEIVED + timedelta(days=2),
    )
    OFFICER.create(web_center)
    log_in(officer_page, web_center, OFFICER)
    assert inbox_codes(officer_page) == [newer, older]

    assert filter_inbox(officer_page, web_center, procedure="2.000488") == [newer]
    assert filter_inbox(officer_page, web_center, kiosk="KIOSK-B") == [newer]
    assert filter_inbox(officer_page, web_center, date_from="2025-11-25") == [newer]
    assert filter_inbox(officer_page, web_center, date_to="2025-11-24") == [older]
    assert filter_inbox(officer_page, web_center, status="accepted") == []
    assert officer_page.get_by_role("status").count() == 1  # "no dossier", not an empty table
    save_screenshot(officer_page, "console-inbox-empty-filter")
    assert_accessible(officer_page)

    officer_page.goto(f"{web_center.url}/dossiers/{older}")
    form = officer_page.locator(status_form(older))
    form.locator('select[name="status"]').select_option("accepted")
    with officer_page.expect_navigation():
        form.locator('[type="submit"]').click()
    assert filter_inbox(officer_page, web_center, status="accepted") == [older]
    assert filter_inbox(officer_page, web_center, status="received") == [newer]

    # Past one page, the next page holds the rest, oldest last.
    for day in range(PAGE_SIZE):
        received_dossier(
            web_center.service,
            agency=HOME_AGENCY,
            kiosk_id="KIOSK-B",
            received_at=RECEIVED + timedelta(days=3, minutes=day),
        )
    officer_page.goto(f"{web_center.url}/dossiers")
    first = inbox_codes(officer_page)
    assert len(first) == PAGE_SIZE and older not in first
    with officer_page.expect_navigation():
        officer_page.locator('a[rel="next"]').click()
    assert inbox_codes(officer_page) == [newer, older]
    save_screenshot(officer_page, "console-inbox-page-2")
    assert_accessible(officer_page)


class _ConsoleClock:
    """``time`` as the console reads it, moved ahead: an officer who walked away."""

    def __init__(self) -> None:
        self.ahead_s = 0.0

    def time(self) -> float:
        return time.time() + self.ahead_s


def test_a_session_left_idle_for_15_minutes_ends_and_use_keeps_it_alive(
    web_center: EmbeddedCenter, officer_page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = _ConsoleClock()
    # The session cookies read the wall clock; only the console's view of it moves.
    monkeypatch.setattr(console, "time", clock)
    OFFICER.create(web_center)
    log_in(officer_page, web_center, OFFICER)
    for _ in range(2):  # each visit within the idle limit restarts it
        clock.ahead_s += IDLE - 60
        officer_page.goto(f"{web_center.url}/dossiers")
        assert path_of(officer_page) == "/dossiers"
    clock.ahead_s += IDLE + 1
    officer_page.goto(f"{web_center.url}/dossiers")
    assert path_of(officer_page) == "/login"
    expect(
        officer_page.get_by_role("status").or_(officer_page.get_by_role("alert"))
    ).to_be_visible()
    save_screenshot(officer_page, "console-session-ended")
    assert_accessible(officer_page)
