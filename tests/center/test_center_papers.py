"""The papers are checked against the SHA-256s of the signed dossier as their bytes arrive.

A kiosk that seals other bytes than the dossier lists is refused (422
``seal_invalid``) by the streaming check, with the bytes that complete the
segment where the paper ends; a damaged segment is refused as damaged, even
where its garbage also fails a paper's SHA-256. Chunked uploads, whole
envelopes and bundle imports refuse it alike and store nothing.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from center_samples import digest, enrolled, envelope, idem, new_code

from center.blobs import BlobStore
from center.errors import Refusal
from center.importer import import_bundle
from center.protocol import (
    BUNDLE_MANIFEST,
    SEAL_SEGMENT_BYTES,
    SEAL_TAG_BYTES,
    BundleEntry,
    BundleManifest,
    SealHeader,
)
from center.receiving import Receiver
from center.service import CenterService, CenterSettings
from center.unseal import EnvelopeDigests, StreamingCheck, open_envelope

if TYPE_CHECKING:  # imported here only: pytest would try to collect a Test* class
    from center_samples import TestKiosk

STEP = SEAL_SEGMENT_BYTES + SEAL_TAG_BYTES
MISMATCH = "paper p0 does not match its SHA-256"


@pytest.fixture
def service(database_url: str) -> Iterator[CenterService]:
    opened = CenterService(CenterSettings(database_url=database_url))
    yield opened
    opened.close()


def swapped_paper(kiosk: TestKiosk, code: str) -> tuple[bytes, int]:
    """Four segments whose first paper (ending in the second) is not the one signed for;
    and where that second segment ends in the envelope."""
    sealed = os.urandom(SEAL_SEGMENT_BYTES + SEAL_SEGMENT_BYTES // 2)
    signed_for = bytes(len(sealed))  # same size, other bytes
    rest = os.urandom(2 * SEAL_SEGMENT_BYTES)
    data = envelope(kiosk, code, papers=[sealed, rest], declared=[signed_for, rest])
    _, start = SealHeader.decode(data)
    return data, start + 2 * STEP


def test_the_streaming_check_refuses_a_paper_where_its_segment_ends(
    service: CenterService,
) -> None:
    kiosk = enrolled(service, "K1")
    data, segment_end = swapped_paper(kiosk, new_code("K1"))
    keys = service.ingest.sealing_keys
    check = StreamingCheck(len(data), keys)
    for at in range(0, segment_end - 1, 65_536):
        check.feed(data[at : min(at + 65_536, segment_end - 1)])  # the paper is all in, unchecked
    with pytest.raises(Refusal, match=MISMATCH) as refused:
        check.feed(data[segment_end - 1 : segment_end])  # the tag's last byte: now it counts
    assert (refused.value.status, refused.value.code) == (422, "seal_invalid")
    check.feed(data[segment_end:])  # the rest is only hashed (the request digest)
    with pytest.raises(Refusal, match=MISMATCH):
        check.finish(kiosk.key.public_key())
    with pytest.raises(Refusal, match=MISMATCH):
        open_envelope(data, keys, kiosk.key.public_key())


def test_a_damaged_segment_is_refused_as_damaged_before_its_papers_are_judged(
    service: CenterService,
) -> None:
    kiosk = enrolled(service, "K1")
    code = new_code("K1")
    paper = os.urandom(SEAL_SEGMENT_BYTES + SEAL_SEGMENT_BYTES // 2)
    data = envelope(kiosk, code, papers=[paper, os.urandom(2 * SEAL_SEGMENT_BYTES)])
    _, start = SealHeader.decode(data)
    at = start + STEP + 1000  # in the second segment, inside the first paper
    bad = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    check = StreamingCheck(len(bad), service.ingest.sealing_keys)
    with pytest.raises(Refusal, match="fails authentication"):
        check.feed(bad)


def test_a_receiver_refuses_it_on_its_threads_and_still_gives_the_body_digest(
    service: CenterService, tmp_path: Path
) -> None:
    kiosk = enrolled(service, "K1")
    data, _ = swapped_paper(kiosk, new_code("K1"))
    blobs = BlobStore(tmp_path / "blobs")
    try:
        receiver = Receiver(
            len(data), service.ingest.sealing_keys, blobs.begin_stream(), blobs.receivers
        )
        for at in range(0, len(data), 65_536):
            receiver.add(data[at : at + 65_536])
        receiver.close()
        # The request signature is checked over the body's digest, refused seal or not.
        assert receiver.digested.result(timeout=30) == EnvelopeDigests.of(data)
        with pytest.raises(Refusal, match=MISMATCH):
            receiver.check.finish(kiosk.key.public_key())
        receiver.blob.abandon()
    finally:
        blobs.close()
    assert list((tmp_path / "blobs" / "sealed").iterdir()) == []


def test_a_chunked_upload_with_a_swapped_paper_is_refused_and_starts_again(
    service: CenterService,
) -> None:
    kiosk = enrolled(service, "K1")
    code, key = new_code("K1"), idem()
    data, segment_end = swapped_paper(kiosk, code)
    chunk = 1 << 20
    reply = service.ingest.start(
        kiosk.row, key, code=code, length=len(data), digest=digest(data), first=data[:chunk]
    )
    with pytest.raises(Refusal, match=MISMATCH) as refused:
        while reply.offset < len(data):
            end = reply.offset + chunk
            reply = service.ingest.append(
                kiosk.row, reply.upload_id, key, reply.offset, data[reply.offset : end]
            )
    assert (refused.value.status, refused.value.code) == (422, "seal_invalid")
    # Refused with the chunk that completes the segment, not at the end of the upload.
    assert reply.offset < segment_end <= reply.offset + chunk < len(data)
    assert service.ingest.state(kiosk.row, reply.upload_id).offset == 0
    assert service.dossier_count() == 0


def test_a_whole_envelope_and_a_bundle_with_a_swapped_paper_are_refused(
    service: CenterService, tmp_path: Path
) -> None:
    kiosk = enrolled(service, "K1")
    code = new_code("K1")
    data, _ = swapped_paper(kiosk, code)
    with pytest.raises(Refusal, match=MISMATCH):
        service.ingest.receive_whole(kiosk.row, idem(), code, data)
    bundle = tmp_path / "bundle.tar"
    write_bundle(bundle, "K1", code, data)
    (line,) = import_bundle(service, bundle)
    assert line.outcome == "refused" and MISMATCH in line.reason
    assert service.dossier_count() == 0


def write_bundle(path: Path, kiosk_id: str, code: str, data: bytes) -> None:
    """A bundle of one envelope, as ``kiosk queue export`` writes it."""
    name = f"sealed/{digest(data)}.seal"
    entry = BundleEntry(
        provisional_code=code,
        idempotency_key=idem(),
        envelope_sha256=digest(data),
        size=len(data),
        file=name,
    )
    manifest = BundleManifest(kiosk_id=kiosk_id, created_at=datetime.now(UTC), entries=[entry])
    files = {BUNDLE_MANIFEST: json.dumps(manifest.model_dump(mode="json")).encode(), name: data}
    with tarfile.open(path, "w") as tar:
        for member, content in files.items():
            info = tarfile.TarInfo(member)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
