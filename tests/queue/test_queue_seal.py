"""The seal: what the kiosk writes, only the center opens, and any change is caught."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from center.errors import Refusal
from center.keys import SealingKey
from center.protocol import (
    SEAL_SIGNATURE_BYTES,
    EnrollReply,
    SealedManifest,
    SealHeader,
    split_plaintext,
)
from center.unseal import open_envelope
from offline_queue.durable import AtomicFile
from offline_queue.keys import CenterKey
from offline_queue.seal import Sealer, sealed_size

KIOSK = "KIOSK-S1"


def center_key_for(sealing: SealingKey) -> CenterKey:
    reply = EnrollReply(
        kiosk_id=KIOSK,
        agency_code="000.00.31.H29",
        sealing_public_key=sealing.public_b64,
        sealing_key_id=sealing.key_id.hex(),
    )
    return CenterKey.from_reply(reply)


def manifest(papers: list[bytes]) -> bytes:
    return json.dumps(
        {
            "provisional_code": "K-KIOSK-S1-251124-0000000A",
            "kiosk_id": KIOSK,
            "procedure_code": "1.001234",
            "received_at": "2025-11-24T02:15:00Z",
            "papers": [
                {
                    "requirement_id": f"p{i}",
                    "sha256": hashlib.sha256(p).hexdigest(),
                    "size_bytes": len(p),
                }
                for i, p in enumerate(papers)
            ],
            "identity": {"full_name": "secret"},
        }
    ).encode()


def seal(tmp: Path, sealer: Sealer, papers: list[bytes]) -> bytes:
    with AtomicFile(tmp) as out:
        sealed = sealer.seal_into(out, manifest(papers), papers)
        path = out.commit(f"{sealed.sha256}.seal")
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == sealed.sha256
    assert len(data) == sealed.size
    path.unlink()
    return data


@pytest.fixture
def parties() -> tuple[Sealer, SealingKey, Ed25519PrivateKey]:
    sealing = SealingKey.generate()
    kiosk_key = Ed25519PrivateKey.generate()
    return Sealer(KIOSK, kiosk_key, center_key_for(sealing)), sealing, kiosk_key


def test_round_trip_opens_at_the_center(tmp_path: Path, parties) -> None:
    sealer, sealing, kiosk_key = parties
    papers = [b"%PDF first", b"%PDF second" * 1000]
    envelope = seal(tmp_path, sealer, papers)
    opened = open_envelope(envelope, {sealing.key_id: sealing}, kiosk_key.public_key())
    assert opened.header.kiosk_id == KIOSK
    assert isinstance(opened.manifest, SealedManifest)
    assert [p.size_bytes for p in opened.manifest.papers] == [len(p) for p in papers]
    assert b"secret" in opened.dossier_json
    assert b"secret" not in envelope


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sizes=st.lists(st.integers(0, 5000), max_size=4))
def test_any_paper_sizes_round_trip_across_segment_seams(tmp_path: Path, sizes: list[int]) -> None:
    sealing = SealingKey.generate()
    kiosk_key = Ed25519PrivateKey.generate()
    # A tiny segment size puts seams everywhere, including exactly at the end.
    sealer = Sealer(KIOSK, kiosk_key, center_key_for(sealing), segment_size=1024)
    papers = [bytes([i % 251]) * n for i, n in enumerate(sizes)]
    envelope = seal(tmp_path, sealer, papers)
    plaintext_size = 4 + len(manifest(papers)) + sum(sizes)
    assert len(envelope) == sealed_size(plaintext_size, 1024, sealer.header_size())
    opened = open_envelope(envelope, {sealing.key_id: sealing}, kiosk_key.public_key())
    assert opened.dossier_json == manifest(papers)


def flip(data: bytes, index: int) -> bytes:
    changed = bytearray(data)
    changed[index] ^= 0x01
    return bytes(changed)


@pytest.mark.parametrize("where", ["header", "ciphertext", "signature"])
def test_a_changed_byte_is_refused(tmp_path: Path, parties, where: str) -> None:
    sealer, sealing, kiosk_key = parties
    envelope = seal(tmp_path, sealer, [b"x" * 3000])
    _, header_end = SealHeader.decode(envelope)
    index = {
        "header": header_end - 3,
        "ciphertext": header_end + 10,
        "signature": len(envelope) - 5,
    }[where]
    with pytest.raises(Refusal) as refused:
        open_envelope(flip(envelope, index), {sealing.key_id: sealing}, kiosk_key.public_key())
    assert refused.value.status == 422


def test_truncation_and_a_dropped_segment_are_refused(tmp_path: Path) -> None:
    sealing = SealingKey.generate()
    kiosk_key = Ed25519PrivateKey.generate()
    sealer = Sealer(KIOSK, kiosk_key, center_key_for(sealing), segment_size=1024)
    envelope = seal(tmp_path, sealer, [b"y" * 5000])
    keys = {sealing.key_id: sealing}
    _, start = SealHeader.decode(envelope)
    without_first_segment = envelope[:start] + envelope[start + 1024 + 16 :]
    for damaged in (envelope[:-1], envelope[: len(envelope) // 2], without_first_segment):
        with pytest.raises(Refusal):
            open_envelope(damaged, keys, kiosk_key.public_key())


def test_another_kiosk_key_or_center_key_cannot_pass(tmp_path: Path, parties) -> None:
    sealer, sealing, kiosk_key = parties
    envelope = seal(tmp_path, sealer, [])
    with pytest.raises(Refusal, match="signature"):
        open_envelope(
            envelope, {sealing.key_id: sealing}, Ed25519PrivateKey.generate().public_key()
        )
    other = SealingKey.generate()
    with pytest.raises(Refusal, match="does not hold"):
        open_envelope(envelope, {other.key_id: other}, kiosk_key.public_key())


def test_a_paper_that_does_not_match_its_digest_is_refused(tmp_path: Path, parties) -> None:
    sealer, sealing, kiosk_key = parties
    with AtomicFile(tmp_path) as out:
        sealer.seal_into(out, manifest([b"declared"]), [b"replaced"])
        envelope = out.commit("x.seal").read_bytes()
    with pytest.raises(Refusal, match="SHA-256"):
        open_envelope(envelope, {sealing.key_id: sealing}, kiosk_key.public_key())


def test_header_format_is_versioned() -> None:
    header = SealHeader(1 << 20, b"12345678", b"e" * 32, b"s" * 16, KIOSK)
    data = header.encode()
    assert data.startswith(b"KSEAL\x01\x01")
    assert SealHeader.decode(data + b"rest") == (header, len(data))
    with pytest.raises(ValueError, match="format 2"):
        SealHeader.decode(data[:5] + b"\x02" + data[6:])
    with pytest.raises(ValueError, match="magic"):
        SealHeader.decode(b"NOPE!" + data[5:])
    assert split_plaintext(b"\x00\x00\x00\x02{}rest") == (b"{}", b"rest")
    assert SEAL_SIGNATURE_BYTES == 64


def test_the_center_reads_the_plaintext_one_segment_at_a_time(tmp_path: Path) -> None:
    """A dossier JSON spanning segments, empty papers, papers across seams: all checked."""
    sealing = SealingKey.generate()
    kiosk_key = Ed25519PrivateKey.generate()
    sealer = Sealer(KIOSK, kiosk_key, center_key_for(sealing), segment_size=1024)
    keys = {sealing.key_id: sealing}
    papers = [b"", b"a" * 3000, b"", b"b" * 1500]
    big = json.loads(manifest(papers))
    big["identity"]["full_name"] = "x" * 5000  # the JSON alone spans five segments
    body = json.dumps(big).encode()
    with AtomicFile(tmp_path) as out:
        sealer.seal_into(out, body, papers)
        envelope = out.commit("big.seal").read_bytes()
    opened = open_envelope(envelope, keys, kiosk_key.public_key())
    assert opened.dossier_json == body
    assert [p.size_bytes for p in opened.manifest.papers] == [0, 3000, 0, 1500]

    def sealed(declared: list[bytes], sent: list[bytes], name: str) -> bytes:
        with AtomicFile(tmp_path) as out:
            sealer.seal_into(out, manifest(declared), sent)
            return out.commit(name).read_bytes()

    more = sealed([b"a" * 100], [b"a" * 100, b"extra"], "more.seal")
    fewer = sealed([b"a" * 100, b"b" * 100], [b"a" * 100], "fewer.seal")
    for envelope in (more, fewer):
        with pytest.raises(Refusal, match="sizes do not add up"):
            open_envelope(envelope, keys, kiosk_key.public_key())
    with AtomicFile(tmp_path) as out:
        sealer.seal_into(out, b"{not json", [])
        garbage = out.commit("garbage.seal").read_bytes()
    with pytest.raises(Refusal, match="cannot be read"):
        open_envelope(garbage, keys, kiosk_key.public_key())
