"""Fixtures for the center: the real server on loopback and an HTTP client of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from center.app import CenterSettings
from center.server import EmbeddedCenter

FIXED_TIME = datetime(2025, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def center_settings() -> CenterSettings:
    """A center with a known version and a stopped clock."""
    return CenterSettings(version="9.8.7-test", clock=lambda: FIXED_TIME)


@pytest.fixture
def embedded_center(center_settings: CenterSettings) -> Iterator[EmbeddedCenter]:
    """The center served by uvicorn on 127.0.0.1 (free port), answering /health."""
    with EmbeddedCenter(center_settings) as center:
        yield center


@pytest.fixture
def center_client(embedded_center: EmbeddedCenter) -> Iterator[httpx.Client]:
    """An httpx client of the embedded center's API (no proxies from the environment)."""
    with httpx.Client(
        base_url=f"{embedded_center.url}/api/v1", trust_env=False, timeout=5.0
    ) as client:
        yield client
