"""Fixtures for the center: the real server on loopback, an HTTP client, its databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from center_pg import PgCluster, why_unavailable

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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One private PostgreSQL server for the run (skipped, with the reason, if impossible)."""
    reason = why_unavailable()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    cluster = PgCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests on a SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'center.db'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()
