"""Enroll-if-not-enrolled for a kiosk that gets its own token (the demo's embedded center)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from center.server import EmbeddedCenter
from center.tls import TlsFiles
from drivers.status import DeviceState, DeviceStatus
from kiosk.errors import CenterError
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity, ensure_enrolled
from offline_queue.keys import KeyPaths

KIOSK = "KIOSK-ENROLL"
AGENCY = "000.00.31.H29"


class Tokens:
    """Issues one-time tokens from the center, counting them."""

    def __init__(self, center: EmbeddedCenter) -> None:
        self.center = center
        self.issued = 0
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            self.issued += 1
        return self.center.service.issue_token(KIOSK, AGENCY)


def public(identity: KioskIdentity) -> bytes:
    return identity.signing_key.public_key().public_bytes_raw()


@pytest.fixture
def bare(center: EmbeddedCenter, pki: TlsFiles) -> CenterLink:
    return CenterLink(center.url, KIOSK, 5.0, ca_file=pki.ca)


@pytest.fixture
def paths(state_dir: Path) -> KeyPaths:
    return KeyPaths.in_dir(state_dir / "keys")


def test_the_first_start_enrolls_and_later_starts_only_load(
    center: EmbeddedCenter, bare: CenterLink, paths: KeyPaths
) -> None:
    tokens = Tokens(center)
    first = ensure_enrolled(bare, paths, tokens)
    assert tokens.issued == 1
    assert stat.S_IMODE(os.stat(paths.kiosk_key).st_mode) == 0o600
    row = center.service.kiosk(KIOSK)
    assert row is not None and row.public_key == public(first)
    again = ensure_enrolled(bare, paths, tokens)
    assert tokens.issued == 1
    assert public(again) == public(first)
    assert again.center_key == first.center_key


def test_the_enrolled_link_signs_heartbeats_a_strict_center_accepts(
    center: EmbeddedCenter, bare: CenterLink, paths: KeyPaths
) -> None:
    """``kiosk center serve`` refuses unsigned heartbeats: send them on the signed link."""
    statuses = [DeviceStatus("printer", DeviceState.READY, "ready")]
    with pytest.raises(CenterError, match="signed"):
        bare.heartbeat(statuses)
    identity = ensure_enrolled(bare, paths, Tokens(center))
    signed = bare.with_key(identity.signing_key)
    signed.heartbeat(statuses, {"queued": 0})
    record = signed.kiosk_record()
    assert record is not None and record.heartbeat.kiosk_id == KIOSK


def test_a_half_finished_enrollment_is_done_again(
    center: EmbeddedCenter, bare: CenterLink, paths: KeyPaths
) -> None:
    tokens = Tokens(center)
    ensure_enrolled(bare, paths, tokens)
    paths.center_key.unlink()  # the crash came between the two key files
    redone = ensure_enrolled(bare, paths, tokens)
    assert tokens.issued == 2
    assert paths.center_key.exists()
    row = center.service.kiosk(KIOSK)
    assert row is not None and row.public_key == public(redone)


def test_keys_the_center_no_longer_knows_are_replaced(
    center: EmbeddedCenter, bare: CenterLink, paths: KeyPaths
) -> None:
    tokens = Tokens(center)
    old = ensure_enrolled(bare, paths, tokens)

    def known(identity: KioskIdentity) -> bool:
        row = center.service.kiosk(identity.kiosk_id)
        return row is not None and row.public_key == public(identity) and not row.revoked

    assert public(ensure_enrolled(bare, paths, tokens, accepted=known)) == public(old)
    assert center.service.revoke(KIOSK)
    new = ensure_enrolled(bare, paths, tokens, accepted=known)
    assert tokens.issued == 2
    assert public(new) != public(old) and known(new)


def test_two_starts_at_once_enroll_once(
    center: EmbeddedCenter, bare: CenterLink, paths: KeyPaths
) -> None:
    tokens = Tokens(center)
    results: list[KioskIdentity] = []
    threads = [
        threading.Thread(target=lambda: results.append(ensure_enrolled(bare, paths, tokens)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert tokens.issued == 1
    assert len({public(identity) for identity in results}) == 1 and len(results) == 3
