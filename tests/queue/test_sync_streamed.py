"""A whole envelope is written and checked while it arrives; what fails leaves nothing behind."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from queue_samples import make_dossier

from center.protocol import (
    DOSSIER_CODE,
    ENVELOPE_DIGEST,
    IDEMPOTENCY_KEY,
    SEAL_SEGMENT_BYTES,
    SEAL_TAG_BYTES,
    UPLOAD_LENGTH,
    UPLOAD_OFFSET,
    SealHeader,
)
from center.server import EmbeddedCenter
from offline_queue.auth import BODY_SHA256_HINT
from offline_queue.center_link import CenterLink
from offline_queue.durable import AtomicFile
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxEntry


def headers(entry: OutboxEntry, digest: str) -> dict[str, str]:
    return {
        IDEMPOTENCY_KEY: entry.idempotency_key,
        DOSSIER_CODE: entry.provisional_code,
        UPLOAD_LENGTH: str(entry.envelope_size),
        ENVELOPE_DIGEST: digest,
        UPLOAD_OFFSET: "0",
    }


def settled(center: EmbeddedCenter, seconds: float = 10.0) -> list[str]:
    """The sealed folder once no temporary file is left (the writer thread finishes alone)."""
    folder = center.service.blobs.sealed
    deadline = time.monotonic() + seconds
    while any(p.name.startswith(".tmp-") for p in folder.iterdir()):
        assert time.monotonic() < deadline, list(folder.iterdir())
        time.sleep(0.01)
    return sorted(p.name for p in folder.iterdir())


def streams(monkeypatch: pytest.MonkeyPatch, center: EmbeddedCenter) -> list[object]:
    """Every envelope the center starts writing as it arrives."""
    begun: list[object] = []
    original = center.service.blobs.begin_stream

    def spy() -> object:
        begun.append(original())
        return begun[-1]

    monkeypatch.setattr(center.service.blobs, "begin_stream", spy)
    return begun


def big_entry(outbox: Outbox, kiosk_id: str) -> OutboxEntry:
    """A dossier whose envelope has several AES-GCM segments."""
    scan = os.urandom(3 * SEAL_SEGMENT_BYTES)
    return outbox.enqueue(*make_dossier(kiosk_id, papers=[scan]))


def test_a_damaged_middle_segment_is_refused_and_leaves_no_file(
    monkeypatch: pytest.MonkeyPatch,
    outbox: Outbox,
    link: CenterLink,
    identity: KioskIdentity,
    center: EmbeddedCenter,
) -> None:
    begun = streams(monkeypatch, center)
    entry = big_entry(outbox, identity.kiosk_id)
    body = Path(outbox.envelope_path(entry)).read_bytes()
    _, start = SealHeader.decode(body)
    at = start + (SEAL_SEGMENT_BYTES + SEAL_TAG_BYTES) + 500  # in the second segment
    bad = body[:at] + bytes([body[at] ^ 0x01]) + body[at + 1 :]
    with link.client() as client:
        # Signed, and declared with its own digest: only the seal can tell.
        refused = client.post(
            "/dossiers", headers=headers(entry, hashlib.sha256(bad).hexdigest()), content=bad
        )
        assert refused.status_code == 422 and refused.json()["error"] == "seal_invalid"
        assert len(begun) == 1  # it went through the streamed path
        assert settled(center) == []
        assert center.service.dossier_count() == 0
        # The refused bytes left nothing under the key: the right ones go through.
        fixed = client.post(
            "/dossiers", headers=headers(entry, entry.envelope_sha256), content=body
        )
    assert fixed.status_code == 200 and fixed.json()["complete"]
    assert settled(center) == [f"{entry.envelope_sha256}.seal"]


def test_a_body_cut_short_leaves_no_file(
    monkeypatch: pytest.MonkeyPatch,
    outbox: Outbox,
    link: CenterLink,
    identity: KioskIdentity,
    center: EmbeddedCenter,
) -> None:
    begun = streams(monkeypatch, center)
    entry = big_entry(outbox, identity.kiosk_id)
    body = Path(outbox.envelope_path(entry)).read_bytes()

    def half_then_fail() -> Iterator[bytes]:
        yield body[: len(body) // 2]
        time.sleep(0.2)  # the center is writing and checking what it has
        raise OSError("the kiosk's link went down")

    with link.client() as client, pytest.raises((OSError, httpx.HTTPError)):
        client.post(
            "/dossiers",
            headers={**headers(entry, entry.envelope_sha256), "Content-Length": str(len(body))},
            content=half_then_fail(),
            extensions={BODY_SHA256_HINT: entry.envelope_sha256},
        )
    deadline = time.monotonic() + 10
    while not begun and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(begun) == 1
    assert settled(center) == []
    assert center.service.dossier_count() == 0


def test_a_paper_other_than_signed_for_is_refused_while_streaming_and_leaves_no_file(
    monkeypatch: pytest.MonkeyPatch,
    link: CenterLink,
    identity: KioskIdentity,
    center: EmbeddedCenter,
    tmp_path: Path,
) -> None:
    begun = streams(monkeypatch, center)
    sealed = os.urandom(2 * SEAL_SEGMENT_BYTES)
    dossier, _ = make_dossier(identity.kiosk_id, papers=[bytes(len(sealed))])
    with AtomicFile(tmp_path) as out:
        # The kiosk's own key signs it: only the papers' SHA-256s can tell.
        identity.sealer().seal_into(out, dossier.model_dump_json().encode(), [sealed])
        body = out.commit("swapped.seal").read_bytes()
    digest = hashlib.sha256(body).hexdigest()
    sent = {
        IDEMPOTENCY_KEY: "swapped-paper-0001",
        DOSSIER_CODE: dossier.provisional_code,
        UPLOAD_LENGTH: str(len(body)),
        ENVELOPE_DIGEST: digest,
        UPLOAD_OFFSET: "0",
    }
    with link.client() as client:
        refused = client.post("/dossiers", headers=sent, content=body)
    assert refused.status_code == 422 and refused.json()["error"] == "seal_invalid"
    assert "does not match its SHA-256" in refused.json()["message"]
    assert len(begun) == 1  # it went through the streamed path
    assert settled(center) == []
    assert center.service.dossier_count() == 0
