"""The supervisors' statistics and the administrators' fleet in Chromium.

A supervisor reads the month's figures (table and chart), downloads them as
CSV and changes the grouping by keyboard; an administrator sees a kiosk whose
printer is out of paper, issues an enrollment token and revokes a kiosk. Every
page is checked by axe-core and kept as a screenshot.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from browser_support import assert_accessible, keyboard_reach, save_screenshot
from center_samples import received_dossier
from console_pages import HOME_AGENCY, SUPERVISOR, Account, log_in, login_form, submit_login
from playwright.sync_api import Page, expect

from center.protocol import DeviceReport, Heartbeat
from center.server import EmbeddedCenter

pytestmark = pytest.mark.realparts

ADMIN = Account("quan.tri", "mat-khau-thu-nghiem-4", "admin", ())


def test_a_supervisor_reads_and_downloads_the_statistics(
    web_center: EmbeddedCenter, officer_page: Page
) -> None:
    now = datetime.now(UTC)
    for days_ago in (0, 1, 1, 3):
        received_dossier(
            web_center.service, agency=HOME_AGENCY, received_at=now - timedelta(days=days_ago)
        )
    kiosk = f"KIOSK-{HOME_AGENCY.replace('.', '')}"
    ratings = {now.date().isoformat(): {"1.001234": {"5": 4, "3": 1}}}
    web_center.service.record_heartbeat(Heartbeat(kiosk_id=kiosk, status={"rating_days": ratings}))
    SUPERVISOR.create(web_center)
    log_in(officer_page, web_center, SUPERVISOR)
    officer_page.goto(f"{web_center.url}/statistics")
    expect(officer_page.locator("svg[role=img]")).to_have_count(1)
    expect(officer_page.locator("tr.total td").first).to_have_text("4")
    expect(officer_page.locator(".kpis")).to_contain_text("4.60 / 5")
    save_screenshot(officer_page, "console-statistics")
    assert_accessible(officer_page)
    keyboard_reach(officer_page, "#by")
    officer_page.select_option("#by", "kiosk")
    keyboard_reach(officer_page, "form.filters button[type=submit]")
    with officer_page.expect_navigation():
        officer_page.keyboard.press("Enter")
    assert "by=kiosk" in officer_page.url
    expect(officer_page.locator("tbody th").first).to_have_text(kiosk)
    with officer_page.expect_download() as download:
        officer_page.get_by_role("link", name="Tải CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("kiosk,received,on_time")
    assert text.splitlines()[1].startswith(f"{kiosk},4,")


def test_an_administrator_watches_the_fleet_issues_a_token_and_revokes(
    web_center: EmbeddedCenter, officer_page: Page
) -> None:
    received_dossier(web_center.service, agency=HOME_AGENCY)
    kiosk = f"KIOSK-{HOME_AGENCY.replace('.', '')}"
    out_of_paper = DeviceReport(
        device="receipt printer", state="needs attention", detail="out of paper"
    )
    web_center.service.record_heartbeat(
        Heartbeat(kiosk_id=kiosk, status={"queued": 2, "version": "0.2.0"}, devices=[out_of_paper])
    )
    ADMIN.create(web_center)
    login_form(officer_page, web_center)
    submit_login(officer_page, ADMIN.username, ADMIN.password)
    assert officer_page.url == f"{web_center.url}/fleet"
    row = officer_page.locator("tbody tr", has_text=kiosk)
    expect(row).to_contain_text("out of paper")
    expect(row).to_contain_text("0.2.0")
    assert_accessible(officer_page)
    keyboard_reach(officer_page, "#kiosk_id")
    officer_page.keyboard.type("KIOSK-MOI-02")
    officer_page.keyboard.press("Tab")
    officer_page.keyboard.type(HOME_AGENCY)
    with officer_page.expect_navigation():
        officer_page.keyboard.press("Enter")
    token = officer_page.locator("code.token").inner_text()
    assert len(token) >= 20
    save_screenshot(officer_page, "console-fleet-token")
    assert_accessible(officer_page)
    with officer_page.expect_navigation():
        row.get_by_role("button").click()
    expect(officer_page.locator("tbody tr", has_text=kiosk)).to_contain_text("đã thu hồi")
    record = web_center.service.kiosk(kiosk)
    assert record is not None and record.revoked
    save_screenshot(officer_page, "console-fleet-revoked")
