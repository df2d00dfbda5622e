"""The console's pages over real HTTP (no browser): statistics, fleet, and their guards.

The browser tests (tests/web) walk the officer's and the citizen's pages in
Chromium; these check the supervisors' and administrators' pages and what
each role may not do, on the real center on loopback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from center_samples import QUICK_PASSWORDS, received_dossier

from center.protocol import DeviceReport, Heartbeat
from center.server import EmbeddedCenter
from center.service import CenterSettings

AGENCY = "000.00.31.H29"
PASSWORD = "correct horse battery"


@pytest.fixture
def center() -> Iterator[EmbeddedCenter]:
    with EmbeddedCenter(CenterSettings(password_cost=QUICK_PASSWORDS)) as running:
        for name, role, agencies in (
            ("an.officer", "officer", [AGENCY]),
            ("chi.super", "supervisor", [AGENCY]),
            ("dung.admin", "admin", []),
        ):
            running.service.add_user(name, PASSWORD, role, agencies)
        yield running


def csrf_of(page: httpx.Response) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match is not None, page.text[:500]
    return match.group(1)


@contextmanager
def signed_in(center: EmbeddedCenter, name: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=center.url, trust_env=False, timeout=20) as client:
        form = {"username": name, "password": PASSWORD, "csrf": csrf_of(client.get("/login"))}
        assert client.post("/login", data=form).status_code == 303
        yield client


def test_a_supervisor_sees_statistics_and_downloads_them(center: EmbeddedCenter) -> None:
    received_dossier(center.service, AGENCY)
    with signed_in(center, "chi.super") as client:
        page = client.get("/statistics", params={"from": "2025-11-01", "to": "2025-11-30"})
        assert page.status_code == 200
        assert "<svg" in page.text and "Đã tiếp nhận" in page.text
        table = client.get("/statistics.csv", params={"from": "2025-11-01", "by": "procedure"})
        assert table.headers["content-type"].startswith("text/csv")
        lines = table.text.lstrip("\ufeff").splitlines()
        assert lines[0].startswith("procedure,received,on_time")
        assert lines[1].startswith("1.001234,1,")
    with signed_in(center, "an.officer") as client:
        assert client.get("/statistics").status_code == 403
        assert client.get("/fleet").status_code == 403


def test_an_admin_issues_a_token_sees_the_fleet_and_revokes(center: EmbeddedCenter) -> None:
    received_dossier(center.service, AGENCY)
    kiosk = f"KIOSK-{AGENCY.replace('.', '')}"
    faulty = DeviceReport(device="receipt printer", state="needs attention", detail="out of paper")
    status = {"version": "9.9.9", "queued": 3, "held": 0}
    center.service.record_heartbeat(Heartbeat(kiosk_id=kiosk, status=status, devices=[faulty]))
    with signed_in(center, "dung.admin") as client:
        fleet = client.get("/fleet")
        assert fleet.status_code == 200
        assert kiosk in fleet.text and "out of paper" in fleet.text and "9.9.9" in fleet.text
        assert client.get("/dossiers").text.count("<tr>") <= 1  # an admin opens no dossier
        csrf = csrf_of(fleet)
        made = client.post(
            "/fleet/tokens", data={"kiosk_id": "KIOSK-NEW-02", "agency": AGENCY, "csrf": csrf}
        )
        token = re.search(r'<code class="token">([^<]+)</code>', made.text)
        assert made.status_code == 200 and token is not None
        bad = client.post(
            "/fleet/tokens", data={"kiosk_id": "../x", "agency": "'; DROP", "csrf": csrf}
        )
        assert bad.status_code == 422 and "not" in bad.text
        forged = client.post(f"/fleet/{kiosk}/revoke", data={"csrf": "forged"})
        assert forged.status_code == 403
        row = center.service.kiosk(kiosk)
        assert row is not None and not row.revoked
        done = client.post(f"/fleet/{kiosk}/revoke", data={"csrf": csrf})
        assert done.status_code == 303
        row = center.service.kiosk(kiosk)
        assert row is not None and row.revoked
    assert len(token.group(1)) >= 20


def test_a_supervisor_assigns_a_dossier_to_an_officer_of_its_agency(
    center: EmbeddedCenter,
) -> None:
    code, _ = received_dossier(center.service, AGENCY)
    center.service.add_user("khac.agency", PASSWORD, "officer", ["000.00.31.H30"])
    with signed_in(center, "chi.super") as client:
        page = client.get(f"/dossiers/{code}")
        assert 'name="officer"' in page.text and "khac.agency" not in page.text
        csrf = csrf_of(page)
        refused = client.post(
            f"/dossiers/{code}/assign", data={"officer": "khac.agency", "csrf": csrf}
        )
        assert refused.status_code == 422
        done = client.post(f"/dossiers/{code}/assign", data={"officer": "an.officer", "csrf": csrf})
        assert done.status_code == 303
        assert "an.officer" in client.get("/dossiers").text
    with signed_in(center, "an.officer") as client:
        page = client.get(f"/dossiers/{code}")
        assert 'name="officer"' not in page.text  # an officer does not assign
        forged = client.post(
            f"/dossiers/{code}/assign", data={"officer": "an.officer", "csrf": csrf_of(page)}
        )
        assert forged.status_code == 403


def test_a_kiosks_call_for_staff_shows_on_every_console_page_of_its_agency(
    center: EmbeddedCenter,
) -> None:
    received_dossier(center.service, AGENCY)
    kiosk = f"KIOSK-{AGENCY.replace('.', '')}"
    call = {"requested_at": "2026-12-04T03:05:00+00:00", "screen": "question:purpose"}
    center.service.record_heartbeat(Heartbeat(kiosk_id=kiosk, status={"help_call": call}))
    center.service.add_user("khac.agency", PASSWORD, "officer", ["000.00.31.H30"])
    with signed_in(center, "an.officer") as client:
        inbox = client.get("/dossiers").text
        assert "cần hỗ trợ" in inbox and kiosk in inbox and "10:05" in inbox
    with signed_in(center, "dung.admin") as client:
        assert kiosk in client.get("/fleet").text.split("<main")[0]
    with signed_in(center, "khac.agency") as client:
        assert "cần hỗ trợ" not in client.get("/dossiers").text
    center.service.record_heartbeat(Heartbeat(kiosk_id=kiosk, status={"help_call": None}))
    with signed_in(center, "an.officer") as client:
        assert "cần hỗ trợ" not in client.get("/dossiers").text
