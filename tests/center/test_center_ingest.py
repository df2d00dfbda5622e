"""The center receives each dossier exactly once, on SQLite and on PostgreSQL.

Idempotency keys (same key: the same answer; same key, other dossier: 422; a
request still in progress: 409), resumable uploads, deduplication by
provisional code, official codes from an atomic per-agency daily sequence.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from center_samples import RECEIVED, digest, enrolled, envelope, idem, new_code

from center.errors import Refusal
from center.service import CenterService, CenterSettings
from kiosk.dossier import OFFICIAL_CODE, official_code


@pytest.fixture
def service(database_url: str) -> Iterator[CenterService]:
    opened = CenterService(CenterSettings(database_url=database_url))
    yield opened
    opened.close()


def upload_whole(service: CenterService, kiosk, data: bytes, code: str, key: str | None = None):
    return service.ingest.start(
        kiosk.row, key or idem(), code=code, length=len(data), digest=digest(data), first=data
    )


def test_one_request_upload_gets_the_circular_01_code(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    code = new_code("K1")
    reply = upload_whole(service, kiosk, envelope(kiosk, code), code)
    assert reply.complete and reply.offset == reply.length
    assert reply.official_code == official_code("000.00.31.H29", RECEIVED.date(), 1)
    assert OFFICIAL_CODE.match(reply.official_code)
    status = service.dossier_status(reply.official_code)
    assert status is not None and status.provisional_code == code
    assert service.dossier_status(code) == status


def test_a_chunked_upload_resumes_and_retries_get_the_same_answer(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    code, key = new_code("K1"), idem()
    data = envelope(kiosk, code, papers=[bytes(300_000)])
    first = service.ingest.start(
        kiosk.row, key, code=code, length=len(data), digest=digest(data), first=data[:100_000]
    )
    assert (first.offset, first.complete) == (100_000, False)
    again = service.ingest.start(
        kiosk.row, key, code=code, length=len(data), digest=digest(data), first=b""
    )
    assert again == first
    with pytest.raises(Refusal) as stale:
        service.ingest.append(kiosk.row, first.upload_id, key, 0, data[:100_000])
    assert (stale.value.status, stale.value.code) == (409, "offset_mismatch")
    assert stale.value.headers["Upload-Offset"] == "100000"
    middle = service.ingest.append(kiosk.row, first.upload_id, key, 100_000, data[100_000:200_000])
    assert middle.offset == 200_000
    last = service.ingest.append(kiosk.row, first.upload_id, key, 200_000, data[200_000:])
    assert last.complete and last.official_code
    # The acknowledgement was lost: every way of asking again gives the same code.
    assert service.ingest.append(kiosk.row, first.upload_id, key, 200_000, data[200_000:]) == last
    restart = service.ingest.start(
        kiosk.row, key, code=code, length=len(data), digest=digest(data), first=data
    )
    assert restart.official_code == last.official_code
    assert service.dossier_count() == 1


def test_same_key_other_dossier_is_422(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    key = idem()
    one, two = new_code("K1"), new_code("K1")
    upload_whole(service, kiosk, envelope(kiosk, one), one, key)
    with pytest.raises(Refusal) as reused:
        upload_whole(service, kiosk, envelope(kiosk, two), two, key)
    assert (reused.value.status, reused.value.code) == (422, "idempotency_key_reused")
    assert service.dossier_count() == 1


def test_a_request_in_progress_is_409_with_retry_after(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    key, code = idem(), new_code("K1")
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with service.ingest.exclusive(kiosk.kiosk_id, key):
            inside.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(5)
    try:
        with pytest.raises(Refusal) as busy:
            upload_whole(service, kiosk, envelope(kiosk, code), code, key)
        assert (busy.value.status, busy.value.code) == (409, "request_in_progress")
        assert busy.value.retry_after_s == 1
    finally:
        release.set()
        holder.join()
    assert upload_whole(service, kiosk, envelope(kiosk, code), code, key).complete


def test_a_dossier_already_held_is_never_stored_twice(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    code = new_code("K1")
    data = envelope(kiosk, code)
    first = upload_whole(service, kiosk, data, code)
    other_key = upload_whole(service, kiosk, data, code)  # e.g. imported from a bundle first
    assert other_key.official_code == first.official_code
    resealed = envelope(kiosk, code)  # same code, other bytes: not the same dossier
    with pytest.raises(Refusal) as conflict:
        upload_whole(service, kiosk, resealed, code)
    assert (conflict.value.status, conflict.value.code) == (409, "code_conflict")
    assert service.dossier_count() == 1


def test_damaged_or_foreign_envelopes_are_refused_and_reset(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    other = enrolled(service, "K2")
    code, key = new_code("K1"), idem()
    data = envelope(kiosk, code)
    damaged = data[:-70] + bytes([data[-70] ^ 1]) + data[-69:]
    with pytest.raises(Refusal) as bad_digest:
        service.ingest.start(
            kiosk.row, key, code=code, length=len(data), digest=digest(data), first=damaged
        )
    assert bad_digest.value.code == "digest_mismatch"
    # The upload was reset: the kiosk can send the right bytes under the same key.
    retry = service.ingest.start(
        kiosk.row, key, code=code, length=len(data), digest=digest(data), first=data
    )
    assert retry.complete
    code2 = new_code("K2")
    foreign = envelope(other, code2)
    with pytest.raises(Refusal) as wrong_signer:
        upload_whole(service, kiosk, foreign, code2)
    assert wrong_signer.value.code == "seal_invalid"
    with pytest.raises(Refusal) as wrong_code:
        upload_whole(service, kiosk, envelope(kiosk, new_code("K1")), new_code("K1"))
    assert "another provisional code" in wrong_code.value.message
    assert service.dossier_count() == 1


def test_sequences_are_per_agency_and_per_vietnam_day(service: CenterService) -> None:
    north = enrolled(service, "K-N", agency="000.00.31.H29")
    south = enrolled(service, "K-S", agency="000.00.79.H58")
    late_evening = datetime(2025, 11, 23, 16, 59, tzinfo=UTC)  # 23:59 on the 23rd in VN
    after_midnight = datetime(2025, 11, 23, 17, 1, tzinfo=UTC)  # 00:01 on the 24th in VN
    codes = []
    for kiosk, when in [
        (north, late_evening),
        (north, after_midnight),
        (south, after_midnight),
        (north, after_midnight),
        (south, after_midnight + timedelta(hours=3)),
    ]:
        code = new_code(kiosk.kiosk_id)
        codes.append(upload_whole(service, kiosk, envelope(kiosk, code, when), code).official_code)
    assert codes == [
        "000.00.31.H29-251123-0001",
        "000.00.31.H29-251124-0001",
        "000.00.79.H58-251124-0001",
        "000.00.31.H29-251124-0002",
        "000.00.79.H58-251124-0002",
    ]


def test_concurrent_uploads_take_distinct_gap_free_numbers(service: CenterService) -> None:
    kiosks = [enrolled(service, f"K{n}") for n in range(4)]
    jobs = []
    for kiosk in kiosks:
        for _ in range(12):
            code = new_code(kiosk.kiosk_id)
            jobs.append((kiosk, code, envelope(kiosk, code)))

    def send(job) -> str:
        kiosk, code, data = job
        reply = upload_whole(service, kiosk, data, code)
        assert reply.official_code is not None
        return reply.official_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(send, jobs))
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, len(jobs) + 1))


def test_the_data_survives_a_restart(database_url: str, tmp_path: Path) -> None:
    settings = CenterSettings(database_url=database_url, blob_dir=tmp_path / "blobs")
    first = CenterService(settings)
    kiosk = enrolled(first, "K1")
    code = new_code("K1")
    data = envelope(kiosk, code)
    official = upload_whole(first, kiosk, data, code).official_code
    first.close()
    again = CenterService(
        CenterSettings(
            database_url=database_url, blob_dir=tmp_path / "blobs", sealing_key=first.sealing_key
        )
    )
    try:
        status = again.dossier_status(code)
        assert status is not None and status.official_code == official
        assert again.kiosk("K1") is not None
        assert again.envelope(official) == data
        assert not list((tmp_path / "blobs" / "staging").iterdir())
    finally:
        again.close()


def test_enrollment_tokens_are_one_time_bound_and_expire(service: CenterService) -> None:
    from center.protocol import EnrollRequest

    public = "A" * 43 + "="
    token = service.issue_token("K1", "000.00.31.H29")
    with pytest.raises(Refusal, match="not for kiosk"):
        service.enroll(EnrollRequest(token=token, kiosk_id="K2", public_key=public))
    service.enroll(EnrollRequest(token=token, kiosk_id="K1", public_key=public))
    with pytest.raises(Refusal, match="already been used"):
        service.enroll(EnrollRequest(token=token, kiosk_id="K1", public_key=public))
    expired = service.issue_token("K1", "000.00.31.H29", timedelta(seconds=-1))
    with pytest.raises(Refusal, match="expired"):
        service.enroll(EnrollRequest(token=expired, kiosk_id="K1", public_key=public))
    with pytest.raises(Refusal, match="not known"):
        service.enroll(EnrollRequest(token="x" * 32, kiosk_id="K1", public_key=public))
    assert service.revoke("K1")
    row = service.kiosk("K1")
    assert row is not None and row.revoked
    renewed = service.issue_token("K1", "000.00.31.H29")
    service.enroll(EnrollRequest(token=renewed, kiosk_id="K1", public_key=public))
    row = service.kiosk("K1")
    assert row is not None and not row.revoked


def test_the_back_office_opens_a_received_dossier_by_either_code(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    code = new_code("K1")
    data = envelope(kiosk, code)
    reply = upload_whole(service, kiosk, data, code)
    assert reply.official_code is not None
    for asked in (code, reply.official_code):
        opened = service.open_dossier(asked)
        assert opened is not None
        dossier = json.loads(opened.dossier_json)
        assert dossier["provisional_code"] == code
        assert dossier["identity"]["full_name"] == "Trần Thị Thử Nghiệm"
    assert service.open_dossier(new_code("K1")) is None  # never received


def test_an_envelope_altered_at_rest_is_refused_when_opened(service: CenterService) -> None:
    kiosk = enrolled(service, "K1")
    code = new_code("K1")
    data = envelope(kiosk, code)
    upload_whole(service, kiosk, data, code)
    stored = service.blobs.sealed / f"{digest(data)}.seal"
    altered = bytearray(stored.read_bytes())
    altered[len(altered) // 2] ^= 0x01
    stored.write_bytes(bytes(altered))
    with pytest.raises(Refusal) as refused:
        service.open_dossier(code)
    assert refused.value.status == 422
    stored.unlink()
    with pytest.raises(Refusal) as missing:
        service.open_dossier(code)
    assert missing.value.code == "envelope_missing"
