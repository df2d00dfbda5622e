"""A center stopped and started again answers at the same address (an outage, then back)."""

from __future__ import annotations

import httpx
import pytest

from center.app import CenterSettings
from center.protocol import API_PREFIX
from center.server import EmbeddedCenter


def test_a_restarted_center_keeps_its_address(center_settings: CenterSettings) -> None:
    center = EmbeddedCenter(center_settings).start()
    try:
        url = center.url
        with httpx.Client(base_url=url, trust_env=False, timeout=2.0) as client:
            client.get(f"{API_PREFIX}/health").raise_for_status()
            center.stop()
            with pytest.raises(httpx.ConnectError):
                client.get(f"{API_PREFIX}/health")  # down: the connection is refused
            center.start()
            assert center.url == url
            client.get(f"{API_PREFIX}/health").raise_for_status()
    finally:
        center.stop()
