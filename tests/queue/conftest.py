"""Fixtures for the outbox and the sync: a TLS center on loopback and an enrolled kiosk.

The certificate authority is made by the tests (``center.tls.make_pki``), once
per run; each test gets a fresh center (in-memory database) and a fresh
kiosk state directory, enrolled with a one-time token the center issued.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from center.app import CenterSettings
from center.faults import FaultPlan
from center.server import EmbeddedCenter
from center.tls import TlsFiles, make_pki
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity, enroll
from offline_queue.keys import KeyPaths
from offline_queue.outbox import Outbox

KIOSK_ID = "KIOSK-T1"
AGENCY = "000.00.31.H29"


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """A private CA and a server certificate for 127.0.0.1."""
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def fault_plan() -> FaultPlan | None:
    """No injected faults; a test module overrides this fixture to inject some."""
    return None


@pytest.fixture
def center(pki: TlsFiles, fault_plan: FaultPlan | None) -> Iterator[EmbeddedCenter]:
    """The reference center over HTTPS on 127.0.0.1 (in-memory database)."""
    settings = CenterSettings(anonymous_heartbeats=False)
    with EmbeddedCenter(settings, tls=pki, faults=fault_plan) as running:
        yield running


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


def enroll_kiosk(
    center: EmbeddedCenter, pki: TlsFiles, state_dir: Path, kiosk_id: str = KIOSK_ID
) -> KioskIdentity:
    token = center.service.issue_token(kiosk_id, AGENCY)
    link = CenterLink(center.url, kiosk_id, 5.0, ca_file=pki.ca)
    return enroll(link, token, KeyPaths.in_dir(state_dir / "keys"))


@pytest.fixture
def identity(center: EmbeddedCenter, pki: TlsFiles, state_dir: Path) -> KioskIdentity:
    """This test's kiosk, enrolled with the center."""
    return enroll_kiosk(center, pki, state_dir)


@pytest.fixture
def link(center: EmbeddedCenter, pki: TlsFiles, identity: KioskIdentity) -> CenterLink:
    """The enrolled kiosk's signed link to the center."""
    return CenterLink(center.url, identity.kiosk_id, 5.0, key=identity.signing_key, ca_file=pki.ca)


@pytest.fixture
def outbox(state_dir: Path, identity: KioskIdentity) -> Iterator[Outbox]:
    with Outbox(state_dir, identity.sealer()) as opened:
        yield opened


@pytest.fixture(autouse=True)
def _restore_logging(keep_logging: None) -> None:
    """Every outbox test may run ``kiosk.cli.main``: the root logger is put back after."""
