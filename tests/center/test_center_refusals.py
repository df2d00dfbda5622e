"""Refusals leave a rate-limited trail in the log; status look-ups have a per-kiosk budget."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from center_samples import enrolled

from center.refusals import REFUSALS, RefusalLog
from center.replies import STATUS_PER_KIOSK_PER_MINUTE
from center.server import EmbeddedCenter
from center.service import CenterSettings
from offline_queue.auth import KioskSigner

NOW = [1_764_000_000.0]
SECRET = "enrollment-token-that-must-not-be-logged"


@pytest.fixture
def center() -> Iterator[EmbeddedCenter]:
    REFUSALS.reset()
    with EmbeddedCenter(settings()) as running:
        yield running


def settings(database_url: str | None = None) -> CenterSettings:
    """A production-like center whose clocks stand still (budget windows do not turn mid-test)."""
    return CenterSettings(
        anonymous_heartbeats=False,
        auth_time=lambda: NOW[0],
        clock=lambda: datetime.fromtimestamp(NOW[0], UTC),
        database_url=database_url,
    )


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "center.refusals"]


def test_each_refusal_is_one_line_with_route_reason_kiosk_and_client(
    center: EmbeddedCenter, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="center.refusals"),
        httpx.Client(base_url=f"{center.url}/api/v1", trust_env=False) as http,
    ):
        http.post("/dossiers", headers={"Kiosk-Id": "K-CLAIMED"}, content=b"x")
        http.post("/enroll", json={"token": SECRET, "kiosk_id": "K9", "public_key": "A" * 43 + "="})
        http.get("/no-such-route")
    said = lines(caplog)
    assert len(said) == 3
    assert said[0].startswith("refused POST /api/v1/dossiers: unsigned_request (kiosk K-CLAIMED")
    assert "client 127.0.0.1:" in said[0]
    assert "POST /api/v1/enroll: bad_token" in said[1]
    assert said[2].startswith("refused GET /api/v1/no-such-route: not_found")
    assert all(SECRET not in line for line in said)


def test_a_flood_of_refusals_is_counted_not_logged_line_by_line() -> None:
    now = [0.0]
    log = RefusalLog(window_s=60, burst=5, clock=lambda: now[0])
    written = [log.refused("GET /x", "bad_signature", client="10.0.0.9:1") for _ in range(500)]
    assert written.count(True) == 5
    now[0] = 61
    assert log.refused("GET /x", "bad_signature")  # a new window logs again
    assert log.refused("GET /x", "unknown_kiosk")  # and each reason has its own budget


def test_the_flood_summary_says_how_many_were_left_out(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    log = RefusalLog(window_s=60, burst=2, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="center.refusals"):
        for _ in range(10):
            log.refused("GET /x", "bad_signature")
        now[0] = 60
        log.refused("GET /x", "bad_signature")
    assert "8 more refusals (bad_signature) were not logged" in lines(caplog)


def test_status_look_ups_are_budgeted_per_kiosk(center: EmbeddedCenter) -> None:
    first = enrolled(center.service, "K1")
    second = enrolled(center.service, "K2")
    path = "/dossiers/status/000.00.31.H29-251124-0001"
    with (
        httpx.Client(
            base_url=f"{center.url}/api/v1",
            trust_env=False,
            auth=KioskSigner("K1", first.key, lambda: NOW[0]),
        ) as k1,
        httpx.Client(
            base_url=f"{center.url}/api/v1",
            trust_env=False,
            auth=KioskSigner("K2", second.key, lambda: NOW[0]),
        ) as k2,
    ):
        codes = [k1.get(path).status_code for _ in range(STATUS_PER_KIOSK_PER_MINUTE)]
        assert set(codes) == {404}
        over = k1.get(path)
        assert (over.status_code, over.json()["error"]) == (429, "too_many_requests")
        assert 1 <= int(over.headers["Retry-After"]) <= 60
        assert k2.get(path).status_code == 404  # the other kiosk has its own budget


def test_centers_sharing_a_database_share_each_kiosks_budget(tmp_path: Path) -> None:
    """Two center processes behind a balancer: the budget is one, not one per process."""
    database = f"sqlite:///{tmp_path / 'center.db'}"
    with EmbeddedCenter(settings(database)) as one, EmbeddedCenter(settings(database)) as two:
        key = enrolled(one.service, "K1").key
        path = "/api/v1/dossiers/status/000.00.31.H29-251124-0001"
        signer = KioskSigner("K1", key, lambda: NOW[0])
        with (
            httpx.Client(base_url=one.url, trust_env=False, auth=signer) as to_one,
            httpx.Client(base_url=two.url, trust_env=False, auth=signer) as to_two,
        ):
            for turn in range(STATUS_PER_KIOSK_PER_MINUTE):
                assert (to_one if turn % 2 else to_two).get(path).status_code == 404
            assert to_one.get(path).status_code == 429
            assert to_two.get(path).status_code == 429
