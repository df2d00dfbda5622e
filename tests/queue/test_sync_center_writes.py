"""The center starts writing a whole envelope before checking it: refusals leave nothing."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from queue_samples import make_dossier

from center.blobs import PendingBlob, StreamedBlob
from center.protocol import (
    DOSSIER_CODE,
    ENVELOPE_DIGEST,
    IDEMPOTENCY_KEY,
    UPLOAD_LENGTH,
    UPLOAD_OFFSET,
)
from center.server import EmbeddedCenter
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxEntry


def headers(entry: OutboxEntry, digest: str | None = None) -> dict[str, str]:
    return {
        IDEMPOTENCY_KEY: entry.idempotency_key,
        DOSSIER_CODE: entry.provisional_code,
        UPLOAD_LENGTH: str(entry.envelope_size),
        ENVELOPE_DIGEST: digest or entry.envelope_sha256,
        UPLOAD_OFFSET: "0",
    }


def files(center: EmbeddedCenter) -> list[str]:
    return sorted(p.name for p in center.service.blobs.sealed.iterdir())


def settle(center: EmbeddedCenter, seconds: float = 10.0) -> list[str]:
    """The sealed folder once no temporary file is left (abandoned writes finish alone)."""
    deadline = time.monotonic() + seconds
    while any(name.startswith(".tmp-") for name in files(center)):
        assert time.monotonic() < deadline, files(center)
        time.sleep(0.01)
    return files(center)


Begun = list[PendingBlob | StreamedBlob]


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch, center: EmbeddedCenter) -> Begun:
    """Every envelope write the center begins (whole, or streamed as the body arrives)."""
    begun: Begun = []
    store = center.service.blobs.begin_store
    stream = center.service.blobs.begin_stream

    def spy_store(envelope: bytes) -> PendingBlob:
        begun.append(store(envelope))
        return store_last(begun)

    def store_last(items: Begun) -> PendingBlob:
        last = items[-1]
        assert isinstance(last, PendingBlob)
        return last

    def spy_stream() -> StreamedBlob:
        blob = stream()
        begun.append(blob)
        return blob

    monkeypatch.setattr(center.service.blobs, "begin_store", spy_store)
    monkeypatch.setattr(center.service.blobs, "begin_stream", spy_stream)
    return begun


def test_a_stored_envelope_is_one_file_and_a_retry_adds_none(
    outbox: Outbox,
    link: CenterLink,
    identity: KioskIdentity,
    center: EmbeddedCenter,
    writes: Begun,
) -> None:
    entry = outbox.enqueue(*make_dossier(identity.kiosk_id))
    body = Path(outbox.envelope_path(entry)).read_bytes()
    with link.client() as client:
        first = client.post("/dossiers", headers=headers(entry), content=body)
        again = client.post("/dossiers", headers=headers(entry), content=body)
    assert first.status_code == 200 and first.json()["complete"]
    assert again.status_code == 200 and again.json() == first.json()
    assert settle(center) == [f"{entry.envelope_sha256}.seal"]
    assert len(writes) == 2  # the retry's early write was dropped


def test_a_refused_envelope_leaves_no_file(
    outbox: Outbox,
    link: CenterLink,
    identity: KioskIdentity,
    center: EmbeddedCenter,
    writes: Begun,
) -> None:
    entry = outbox.enqueue(*make_dossier(identity.kiosk_id))
    body = Path(outbox.envelope_path(entry)).read_bytes()
    wrong = hashlib.sha256(b"another envelope").hexdigest()
    forged = CenterLink(link.base_url, identity.kiosk_id, 5.0, key=Ed25519PrivateKey.generate())
    forged.ca_file = link.ca_file
    with link.client() as client, forged.client() as impostor:
        mismatch = client.post("/dossiers", headers=headers(entry, wrong), content=body)
        unsigned = impostor.post("/dossiers", headers=headers(entry), content=body)
    assert mismatch.status_code == 422 and mismatch.json()["error"] == "digest_mismatch"
    assert unsigned.status_code == 401 and unsigned.json()["error"] == "bad_signature"
    assert len(writes) == 2  # both looked plausible: signed in an enrolled kiosk's name
    assert settle(center) == []
    assert center.service.dossier_count() == 0


def test_no_early_write_for_a_kiosk_the_center_does_not_know(
    outbox: Outbox,
    link: CenterLink,
    identity: KioskIdentity,
    center: EmbeddedCenter,
    writes: Begun,
) -> None:
    entry = outbox.enqueue(*make_dossier(identity.kiosk_id))
    body = Path(outbox.envelope_path(entry)).read_bytes()
    stranger = CenterLink(link.base_url, "KIOSK-NOBODY", 5.0, key=Ed25519PrivateKey.generate())
    stranger.ca_file = link.ca_file
    assert center.service.revoke(identity.kiosk_id)
    with stranger.client() as unknown, link.client() as revoked:
        assert unknown.post("/dossiers", headers=headers(entry), content=body).status_code == 401
        assert revoked.post("/dossiers", headers=headers(entry), content=body).status_code == 403
    assert writes == []
    assert files(center) == []
