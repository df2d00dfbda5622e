"""The citizen's lookup page (the receipt's QR) end to end on a phone in Chromium.

By the receipt's unguessable token or by the code plus the last 4 digits of
the ID number; never a name or an ID number on the page; readable without
JavaScript and without sideways scrolling; one client that keeps guessing is
answered 429.
"""

from __future__ import annotations

import secrets

import pytest
from browser_support import (
    assert_accessible,
    assert_focus_visible,
    fits_width,
    keyboard_reach,
    new_context,
    save_screenshot,
)
from center_samples import received_dossier
from console_pages import CITIZEN_ID, CITIZEN_NAME, HOME_AGENCY, visible_text
from playwright.sync_api import Browser, Page, Response

from center.server import EmbeddedCenter

pytestmark = pytest.mark.realparts

RECEIVED_VI = "Đã tiếp nhận"
PROCEDURE_VI = "Cấp Phiếu lý lịch tư pháp"  # center_samples.received_dossier's procedure
# A citizen who keeps guessing is stopped well before this many tries.
MAX_TRIES = 100
# Tokens are walked faster; the limit's window may turn once in this many requests, not twice.
TOKEN_WALK = 400


def ask_by_code(page: Page, center: EmbeddedCenter, code: str, last4: str) -> Response | None:
    """Fill the public form at /tra-cuu and send it, as a citizen would."""
    form = page.goto(f"{center.url}/tra-cuu")
    if form is not None and form.status == 429:  # the limit may cover the form itself
        return form
    page.locator('input[name="code"]').fill(code)
    page.locator('input[name="id_last4"]').fill(last4)
    with page.expect_navigation() as navigation:
        page.locator('input[name="id_last4"]').press("Enter")
    return navigation.value


def assert_nothing_personal(page: Page) -> None:
    html = page.content()
    for private in (CITIZEN_NAME, CITIZEN_ID):
        assert private not in html, f"{private!r} is on the public page {page.url}"


def test_the_receipts_token_shows_the_dossier_on_a_phone_and_nothing_personal(
    web_center: EmbeddedCenter, citizen_page: Page
) -> None:
    _, token = received_dossier(web_center.service, agency=HOME_AGENCY)
    reply = citizen_page.goto(f"{web_center.url}/tra-cuu/{token}")
    assert reply is not None and reply.status == 200
    shown = visible_text(citizen_page)
    assert RECEIVED_VI in shown and PROCEDURE_VI in shown
    assert_nothing_personal(citizen_page)
    assert fits_width(citizen_page), "the lookup page scrolls sideways on a 390 px phone"
    save_screenshot(citizen_page, "lookup-token-phone")
    assert_accessible(citizen_page)

    with citizen_page.expect_navigation():
        citizen_page.get_by_role("link", name="English").click()
    assert citizen_page.locator("html").get_attribute("lang") == "en"
    assert "Received" in visible_text(citizen_page)
    assert_nothing_personal(citizen_page)
    save_screenshot(citizen_page, "lookup-token-en-phone")
    assert_accessible(citizen_page)

    unknown = citizen_page.goto(f"{web_center.url}/tra-cuu/{secrets.token_urlsafe(24)}")
    assert unknown is not None and unknown.status == 404
    assert RECEIVED_VI not in visible_text(citizen_page)
    save_screenshot(citizen_page, "lookup-unknown-token-phone")
    assert_accessible(citizen_page)


def test_the_lookup_page_reads_without_javascript(
    web_center: EmbeddedCenter, browser: Browser
) -> None:
    _, token = received_dossier(web_center.service, agency=HOME_AGENCY)
    context = new_context(browser, phone=True, javascript=False)
    try:
        page = context.new_page()
        reply = page.goto(f"{web_center.url}/tra-cuu/{token}")
        assert reply is not None and reply.status == 200
        assert RECEIVED_VI in visible_text(page)
    finally:
        context.close()


def test_the_code_and_the_ids_last_4_digits_find_the_dossier_and_a_wrong_pair_finds_nothing(
    web_center: EmbeddedCenter, citizen_page: Page
) -> None:
    code, _ = received_dossier(web_center.service, agency=HOME_AGENCY)
    citizen_page.goto(f"{web_center.url}/tra-cuu")
    save_screenshot(citizen_page, "lookup-form-phone")
    assert_accessible(citizen_page)
    assert fits_width(citizen_page)

    found = ask_by_code(citizen_page, web_center, code, CITIZEN_ID[-4:])
    assert found is not None and found.status == 200
    assert RECEIVED_VI in visible_text(citizen_page)
    assert_nothing_personal(citizen_page)
    save_screenshot(citizen_page, "lookup-by-code-phone")

    wrong = "0000" if CITIZEN_ID[-4:] != "0000" else "1111"
    ask_by_code(citizen_page, web_center, code, wrong)
    assert RECEIVED_VI not in visible_text(citizen_page)
    assert citizen_page.get_by_role("alert").count() == 1
    save_screenshot(citizen_page, "lookup-not-found-phone")
    assert_accessible(citizen_page)


def test_a_client_that_keeps_guessing_is_answered_429_even_for_the_right_answer(
    web_center: EmbeddedCenter, citizen_page: Page
) -> None:
    code, _ = received_dossier(web_center.service, agency=HOME_AGENCY)
    statuses = []
    for guess in range(MAX_TRIES):
        reply = ask_by_code(citizen_page, web_center, code, f"{guess:04d}")
        assert reply is not None
        statuses.append(reply.status)
        if reply.status == 429:
            break
    assert statuses[-1] == 429, f"no 429 after {MAX_TRIES} guesses: {set(statuses)}"
    assert len(statuses) > 1, "the first lookup of a client was refused"
    save_screenshot(citizen_page, "lookup-rate-limited-phone")
    assert_accessible(citizen_page)
    right = ask_by_code(citizen_page, web_center, code, CITIZEN_ID[-4:])
    assert right is not None and right.status == 429
    assert RECEIVED_VI not in visible_text(citizen_page)


def test_a_client_walking_random_tokens_is_answered_429(
    web_center: EmbeddedCenter, citizen_page: Page
) -> None:
    _, token = received_dossier(web_center.service, agency=HOME_AGENCY)
    http = citizen_page.context.request
    statuses = []
    for _ in range(TOKEN_WALK):
        reply = http.get(f"{web_center.url}/tra-cuu/{secrets.token_urlsafe(16)}")
        statuses.append(reply.status)
        if reply.status == 429:
            break
    assert statuses[0] == 404 and statuses[-1] == 429, f"statuses seen: {set(statuses)}"
    walked = citizen_page.goto(f"{web_center.url}/tra-cuu/{token}")
    assert walked is not None and walked.status == 429
    assert RECEIVED_VI not in visible_text(citizen_page)
    save_screenshot(citizen_page, "lookup-token-rate-limited-phone")
    assert_accessible(citizen_page)


def test_the_keyboard_alone_looks_a_dossier_up_by_code(
    web_center: EmbeddedCenter, citizen_page: Page
) -> None:
    code, _ = received_dossier(web_center.service, agency=HOME_AGENCY)
    citizen_page.goto(f"{web_center.url}/tra-cuu")
    keys = citizen_page.keyboard
    keyboard_reach(citizen_page, 'input[name="code"]')
    assert_focus_visible(citizen_page)
    keys.type(code)
    keyboard_reach(citizen_page, 'input[name="id_last4"]', max_tabs=2)
    assert_focus_visible(citizen_page)
    keys.type(CITIZEN_ID[-4:])
    keyboard_reach(citizen_page, 'form [type="submit"]', max_tabs=2)
    assert_focus_visible(citizen_page)
    with citizen_page.expect_navigation():
        keys.press("Enter")
    assert RECEIVED_VI in visible_text(citizen_page)
