"""The center checks a sealed envelope as its bytes arrive, and a chunk that fails is refused.

:class:`center.unseal.StreamingCheck` must accept exactly what
:func:`center.unseal.open_envelope` accepts, whatever the pieces; a damaged
segment is refused with the bytes that complete it; a chunked upload resumed
after a center restart is checked again from the bytes the center holds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from center_samples import digest, enrolled, envelope, idem, new_code

from center import uploads
from center.errors import Refusal
from center.protocol import SEAL_SEGMENT_BYTES, SEAL_TAG_BYTES, SealHeader
from center.service import CenterService, CenterSettings
from center.unseal import EnvelopeDigests, StreamingCheck, open_envelope

if TYPE_CHECKING:  # imported here only: pytest would try to collect a Test* class
    from center_samples import TestKiosk

STEP = SEAL_SEGMENT_BYTES + SEAL_TAG_BYTES


@pytest.fixture
def service(database_url: str) -> Iterator[CenterService]:
    opened = CenterService(CenterSettings(database_url=database_url))
    yield opened
    opened.close()


def four_segments(kiosk: TestKiosk, code: str) -> bytes:
    """An envelope of four AES-GCM segments (three whole, one short)."""
    return envelope(kiosk, code, papers=[os.urandom(3 * SEAL_SEGMENT_BYTES + 300_000)])


def damaged(data: bytes, segment: int) -> tuple[bytes, int]:
    """``data`` with one byte of ``segment`` flipped, and where that segment ends."""
    _, start = SealHeader.decode(data)
    at = start + segment * STEP + 1000
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :], start + (segment + 1) * STEP


def pieces(data: bytes, size: int) -> Iterator[bytes]:
    return (data[i : i + size] for i in range(0, len(data), size))


@pytest.mark.parametrize("size", [1, 61, 4096, 65_536, SEAL_SEGMENT_BYTES + 5, 1 << 30])
def test_any_pieces_open_the_same_dossier(service: CenterService, size: int) -> None:
    kiosk = enrolled(service, "K1")
    code = new_code("K1")
    data = envelope(kiosk, code) if size < 4096 else four_segments(kiosk, code)
    signer = kiosk.key.public_key()
    check = StreamingCheck(len(data), service.ingest.sealing_keys)
    for piece in pieces(data, size):
        check.feed(piece)
    assert check.digests == EnvelopeDigests.of(data)
    assert check.finish(signer) == open_envelope(data, service.ingest.sealing_keys, signer)


def test_a_damaged_middle_segment_is_refused_with_the_bytes_that_complete_it(
    service: CenterService,
) -> None:
    kiosk = enrolled(service, "K1")
    data = four_segments(kiosk, new_code("K1"))
    bad, segment_end = damaged(data, 1)
    check = StreamingCheck(len(bad), service.ingest.sealing_keys)
    check.feed(bad[: segment_end - 1])  # the damaged segment is not whole yet
    with pytest.raises(Refusal) as refused:
        check.feed(bad[segment_end - 1 : segment_end + 10])
    assert (refused.value.status, refused.value.code) == (422, "seal_invalid")
    check.feed(bad[segment_end + 10 :])  # the rest is only hashed (the request digest)
    assert check.digests.full == digest(bad)
    with pytest.raises(Refusal):
        check.finish(kiosk.key.public_key())


def test_a_bad_signature_or_truncation_is_refused_at_the_end(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    other = enrolled(service, "K2")
    data = envelope(kiosk, new_code("K1"))
    check = StreamingCheck(len(data), service.ingest.sealing_keys)
    check.feed(data)
    with pytest.raises(Refusal, match="signature"):
        check.finish(other.key.public_key())
    short = StreamingCheck(len(data) + 1, service.ingest.sealing_keys)
    short.feed(data)
    with pytest.raises(Refusal, match="truncated"):
        short.finish(kiosk.key.public_key())
    with pytest.raises(Refusal, match="longer"):
        short.feed(b"..")


def send_in_chunks(
    service: CenterService, kiosk: TestKiosk, key: str, code: str, data: bytes, good: bytes
) -> tuple[str, int]:
    """Upload ``data`` 1 MiB a request (declared as ``good``); (upload id, refused chunk's end)."""
    chunk = 1 << 20
    reply = service.ingest.start(
        kiosk.row, key, code=code, length=len(good), digest=digest(good), first=data[:chunk]
    )
    offset = reply.offset
    while offset < len(data):
        try:
            reply = service.ingest.append(
                kiosk.row, reply.upload_id, key, offset, data[offset : offset + chunk]
            )
        except Refusal as exc:
            assert (exc.status, exc.code) == (422, "seal_invalid")
            return reply.upload_id, offset + chunk
        offset = reply.offset
    raise AssertionError("the damaged upload was accepted")


def test_a_chunked_upload_is_refused_at_the_chunk_that_completes_a_damaged_segment(
    service: CenterService,
) -> None:
    kiosk = enrolled(service, "K1")
    code, key = new_code("K1"), idem()
    data = four_segments(kiosk, code)
    bad, segment_end = damaged(data, 1)
    upload_id, refused_at = send_in_chunks(service, kiosk, key, code, bad, data)
    # Refused with the chunk holding the segment's last byte, not at the end of the upload.
    assert refused_at - (1 << 20) < segment_end <= refused_at < len(data)
    assert service.ingest.state(kiosk.row, upload_id).offset == 0  # starts again from 0
    # The right bytes under the same key complete it.
    for offset in range(0, len(data), 1 << 20):
        last = service.ingest.append(
            kiosk.row, upload_id, key, offset, data[offset : offset + (1 << 20)]
        )
    assert last.complete and last.official_code
    assert service.envelope(last.official_code) == data


def test_a_resume_after_a_center_restart_is_checked_from_the_stored_bytes(
    database_url: str, tmp_path: Path
) -> None:
    settings = CenterSettings(database_url=database_url, blob_dir=tmp_path / "blobs")
    first = CenterService(settings)
    kiosk = enrolled(first, "K1")
    good_code, bad_code = new_code("K1"), new_code("K1")
    good, bad = four_segments(kiosk, good_code), four_segments(kiosk, bad_code)
    half = len(good) // 2
    replies = {}
    for code, data in ((good_code, good), (bad_code, bad)):
        replies[code] = first.ingest.start(
            kiosk.row, idem(), code=code, length=len(data), digest=digest(data), first=data[:half]
        )
    first.close()
    # While the center is down, the staged bytes of one upload are damaged on its disk.
    staged = tmp_path / "blobs" / "staging" / f"{replies[bad_code].upload_id}.part"
    raw = bytearray(staged.read_bytes())
    raw[len(raw) // 3] ^= 0x01
    staged.write_bytes(bytes(raw))
    again = CenterService(
        CenterSettings(
            database_url=database_url, blob_dir=tmp_path / "blobs", sealing_key=first.sealing_key
        )
    )
    try:
        row = again.kiosk("K1")
        assert row is not None
        done = again.ingest.append(
            row,
            replies[good_code].upload_id,
            _key_of(again, replies[good_code].upload_id),
            half,
            good[half:],
        )
        assert done.complete and again.envelope(done.official_code or "") == good
        with pytest.raises(Refusal) as refused:
            again.ingest.append(
                row,
                replies[bad_code].upload_id,
                _key_of(again, replies[bad_code].upload_id),
                half,
                bad[half:],
            )
        assert (refused.value.status, refused.value.code) == (422, "seal_invalid")
        assert again.ingest.state(row, replies[bad_code].upload_id).offset == 0
        assert again.dossier_count() == 1
    finally:
        again.close()


def _key_of(service: CenterService, upload_id: str) -> str:
    with service.ingest.db.transaction() as tx:
        row = uploads.find(tx, upload_id)
    assert row is not None
    return row.idempotency_key
