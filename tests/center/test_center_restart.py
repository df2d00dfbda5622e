"""A center stopped and started again: the same address, the same records (an outage, then back)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from center.app import CenterSettings
from center.protocol import API_PREFIX
from center.server import EmbeddedCenter


def test_a_restarted_center_keeps_its_address_and_its_database(tmp_path: Path) -> None:
    settings = CenterSettings(database_url=f"sqlite:///{tmp_path / 'center.db'}")
    center = EmbeddedCenter(settings).start()
    beat = {"kiosk_id": "KIOSK-01", "status": {"outbox": 3}}
    try:
        url = center.url
        with httpx.Client(base_url=f"{url}{API_PREFIX}", trust_env=False, timeout=5.0) as client:
            client.post("/heartbeat", json=beat).raise_for_status()
            center.stop()
            with pytest.raises(httpx.ConnectError):
                client.get("/health")  # down: the connection is refused
            center.start()
            assert center.url == url
            assert client.get("/kiosks/KIOSK-01").json()["heartbeat"]["status"] == beat["status"]
            client.post("/heartbeat", json=beat).raise_for_status()  # its database is open
    finally:
        center.stop()
