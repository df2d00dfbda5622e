"""What reaches the center from outside: request bodies and headers, envelopes, bundles.

Called directly (no HTTP): the JSON request models through the routes' own
``center.replies.parse``, the seal header, ``open_envelope`` and
``StreamingCheck`` over envelopes sealed by the kiosk's ``Sealer``, the request
signature check of ``center.auth.Verifier``, and ``kiosk center import`` over a
bundle laid out as ``kiosk queue export`` writes it.
"""

# ruff: noqa: S311 - seeded, reproducible inputs; nothing here is a secret

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import random
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fuzz_targets.base import Target
from fuzz_targets.mutators import (
    Mutator,
    mutate_bytes,
    mutate_json,
    tar_mutator,
    text_mutator,
)

from center.connections import ConnectionLimits
from center.errors import Refusal
from center.importer import BundleError, import_bundle
from center.protocol import (
    AUTH_KIOSK,
    AUTH_NONCE,
    AUTH_SIGNATURE,
    AUTH_TIMESTAMP,
    BUNDLE_MANIFEST,
    SEAL_SIGNATURE_BYTES,
    BundleEntry,
    BundleManifest,
    EnrollReply,
    EnrollRequest,
    Heartbeat,
    SealedManifest,
    SealHeader,
    check_agency_code,
    check_center_url,
    check_kiosk_id,
    seal_signed_message,
    signing_input,
)
from center.replies import parse
from center.service import CenterService, CenterSettings
from center.unseal import StreamingCheck, open_envelope
from offline_queue.keys import CenterKey
from offline_queue.seal import Sealer

KIOSK = "KIOSK-FUZZ-01"
NOW = 1_764_900_000
MAX_HEAD_BYTES = ConnectionLimits().max_head_bytes
SCRATCH = Path(tempfile.mkdtemp(prefix="fuzz-center-", dir="/dev/shm"))


class _Center:
    """One in-memory center with one enrolled kiosk, and that kiosk's sealer."""

    def __init__(self) -> None:
        self.service = CenterService(
            CenterSettings(blob_dir=SCRATCH / "blobs", auth_time=lambda: float(NOW))
        )
        self.key = Ed25519PrivateKey.generate()
        public = base64.b64encode(self.key.public_key().public_bytes_raw()).decode()
        token = self.service.issue_token(KIOSK, "000.00.31.H29")
        reply: EnrollReply = self.service.enroll(
            EnrollRequest(token=token, kiosk_id=KIOSK, public_key=public)
        )
        self.sealer = Sealer(KIOSK, self.key, CenterKey.from_reply(reply), segment_size=1024)
        self.keys = {self.service.sealing_key.key_id: self.service.sealing_key}
        self.signer = self.key.public_key()

    def seal(self, manifest_json: bytes, papers: list[bytes]) -> bytes:
        out = _Memory()
        self.sealer.seal_into(out, manifest_json, papers)  # type: ignore[arg-type]
        return bytes(out.data)


class _Memory:
    """What ``Sealer.seal_into`` writes to, in memory (an ``AtomicFile`` fsyncs: 4 ms)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, chunk: bytes | memoryview) -> None:
        self.data += chunk

    @property
    def size(self) -> int:
        return len(self.data)


_PAPERS = [b"%PDF-1.4 synthetic " * 100, b"", b"\x89PNG synthetic" * 10]


def _manifest(code: str = "K-KIOSK-FUZZ-01-251124-0000000A") -> bytes:
    return json.dumps(
        {
            "provisional_code": code,
            "kiosk_id": KIOSK,
            "procedure_code": "1.001234",
            "received_at": "2025-11-24T02:15:00+00:00",
            "papers": [
                {
                    "requirement_id": f"p{i}",
                    "sha256": hashlib.sha256(p).hexdigest(),
                    "size_bytes": len(p),
                }
                for i, p in enumerate(_PAPERS)
            ],
            "identity": {"full_name": "Trần Thị Thử Nghiệm", "id_number": "001099012345"},
        },
        ensure_ascii=False,
    ).encode("utf-8")


def _open_both(center: _Center, envelope: bytes) -> None:
    """``open_envelope`` whole, then ``StreamingCheck`` fed in pieces of varied size."""
    with contextlib.suppress(Refusal):
        open_envelope(envelope, center.keys, center.signer)
    check = StreamingCheck(len(envelope), center.keys)
    pieces = random.Random(len(envelope))
    at = 0
    while at < len(envelope):
        size = pieces.choice((1, 7, 64, 500, 1040, 4096))
        check.feed(envelope[at : at + size])
        at += size
    check.finish(center.signer)


def _resign(center: _Center, envelope: bytes) -> bytes:
    """The kiosk's signature made right over whatever the body now is."""
    body = envelope[:-SEAL_SIGNATURE_BYTES] if len(envelope) > SEAL_SIGNATURE_BYTES else envelope
    signature = center.key.sign(seal_signed_message(hashlib.sha256(body).digest()))
    return body + signature


def _models(data: bytes) -> None:
    for model, what in ((Heartbeat, "heartbeat"), (EnrollRequest, "enrollment")):
        with contextlib.suppress(Refusal):
            parse(model, data, what)
    for other in (SealedManifest, BundleManifest):
        with contextlib.suppress(Refusal):
            parse(other, data, "document")


def _checks(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    for check in (check_kiosk_id, check_agency_code, check_center_url):
        with contextlib.suppress(ValueError):
            check(text)


def _headers(center: _Center, data: bytes, resign: bool) -> None:
    """A JSON object of request headers (values as an HTTP server hands them: latin-1)."""
    if len(data) > 6 * MAX_HEAD_BYTES:  # even all-escaped, more than the server's head limit
        return
    try:
        raw: Any = json.loads(data)
    except (ValueError, RecursionError):  # the bench's own decoding, not the center's
        return
    if not isinstance(raw, dict):
        return
    headers = {
        str(name).lower(): str(value).encode("utf-8", "surrogatepass").decode("latin-1")
        for name, value in raw.items()
    }
    if sum(len(name) + len(value) for name, value in headers.items()) > MAX_HEAD_BYTES:
        return  # the server refuses a request head this large before the center sees it
    body_sha256 = hashlib.sha256(b"").hexdigest()
    path = "/api/v1/heartbeat"
    if resign:
        message = signing_input(
            "POST",
            path,
            kiosk_id=headers.get(AUTH_KIOSK.lower(), ""),
            timestamp=headers.get(AUTH_TIMESTAMP.lower(), ""),
            nonce=headers.get(AUTH_NONCE.lower(), ""),
            body_sha256=body_sha256,
            headers=headers,
        )
        headers[AUTH_SIGNATURE.lower()] = base64.b64encode(center.key.sign(message)).decode()
    center.service.verifier.plausible(headers)
    center.service.verifier.verify("POST", path, headers, body_sha256)


def _header_seed(center: _Center, nonce: str) -> bytes:
    headers = {
        AUTH_KIOSK: KIOSK,
        AUTH_TIMESTAMP: str(NOW),
        AUTH_NONCE: nonce,
        "Idempotency-Key": "a" * 32,
        "Envelope-Digest": "0" * 64,
    }
    message = signing_input(
        "POST",
        "/api/v1/heartbeat",
        kiosk_id=KIOSK,
        timestamp=str(NOW),
        nonce=nonce,
        body_sha256=hashlib.sha256(b"").hexdigest(),
        headers=headers,
    )
    headers[AUTH_SIGNATURE] = base64.b64encode(center.key.sign(message)).decode()
    return json.dumps(headers).encode()


def _bundle(center: _Center) -> bytes:
    """A bundle laid out as ``offline_queue.bundle.export_bundle`` writes it."""
    envelopes = [
        center.seal(_manifest(f"K-KIOSK-FUZZ-01-251124-0000000{n}"), _PAPERS) for n in "AB"
    ]
    entries = [
        BundleEntry(
            provisional_code=f"K-KIOSK-FUZZ-01-251124-0000000{n}",
            idempotency_key=f"{'b' * 31}{n}",
            envelope_sha256=hashlib.sha256(envelope).hexdigest(),
            size=len(envelope),
            file=f"sealed/{hashlib.sha256(envelope).hexdigest()}.seal",
        )
        for n, envelope in zip("AB", envelopes, strict=True)
    ]
    manifest = BundleManifest(kiosk_id=KIOSK, created_at=datetime.now(UTC), entries=entries)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        members = [(BUNDLE_MANIFEST, manifest.model_dump_json(indent=2).encode())]
        members += [
            (entry.file, envelope) for entry, envelope in zip(entries, envelopes, strict=True)
        ]
        for name, content in members:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


def _import(center: _Center, data: bytes) -> None:
    path = SCRATCH / "bundle.tar"
    path.write_bytes(data)
    import_bundle(center.service, path)


def _bundle_member_mutator(name: str) -> Mutator:
    return mutate_json if name.endswith(".json") else mutate_bytes


def targets() -> list[Target]:
    center = _Center()
    manifest = _manifest()
    envelope = center.seal(manifest, _PAPERS)
    small = center.seal(manifest, [])
    header = SealHeader.decode(envelope)[0].encode()
    heartbeat = json.dumps(
        {
            "kiosk_id": KIOSK,
            "status": {"queue": 3, "version": "1.0"},
            "devices": [{"device": "printer", "state": "ready"}],
            "sent_at": "2025-11-24T02:15:00Z",
        }
    ).encode()
    enroll = json.dumps({"token": "t" * 32, "kiosk_id": KIOSK, "public_key": "A" * 44}).encode()

    def seal_plaintext(data: bytes) -> None:
        _open_both(center, center.seal(data, _PAPERS))

    return [
        Target(
            "center_models",
            [
                heartbeat,
                enroll,
                manifest,
                json.dumps(
                    {
                        "format": 1,
                        "kiosk_id": KIOSK,
                        "created_at": "2025-11-24T02:15:00Z",
                        "entries": [],
                    }
                ).encode(),
            ],
            _models,
            (),
            mutate_json,
        ),
        Target(
            "protocol_checks",
            [KIOSK.encode(), b"000.00.31.H29", b"https://center.example.vn/"],
            _checks,
            (),
            text_mutator("."),
        ),
        Target("seal_header", [header], SealHeader.decode, (ValueError,), mutate_bytes),
        Target(
            "envelope", [envelope, small], lambda d: _open_both(center, d), (Refusal,), mutate_bytes
        ),
        Target(
            "envelope_resigned",
            [envelope, small],
            lambda d: _open_both(center, _resign(center, d)),
            (Refusal,),
            mutate_bytes,
        ),
        Target("envelope_plaintext", [manifest], seal_plaintext, (Refusal,), mutate_json),
        Target(
            "auth_headers",
            [_header_seed(center, "n" * 22)],
            lambda d: _headers(center, d, resign=False),
            (Refusal,),
            mutate_json,
        ),
        Target(
            "auth_headers_resigned",
            [_header_seed(center, "m" * 22)],
            lambda d: _headers(center, d, resign=True),
            (Refusal,),
            mutate_json,
        ),
        Target(
            "bundle",
            [_bundle(center)],
            lambda d: _import(center, d),
            (BundleError,),
            tar_mutator(_bundle_member_mutator),
        ),
    ]
