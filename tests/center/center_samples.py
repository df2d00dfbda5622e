"""Enrolled kiosks and sealed envelopes for the center's tests, made with the kiosk's code."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from center.protocol import EnrollReply, EnrollRequest
from center.service import CenterService
from center.store import KioskRow
from offline_queue.durable import AtomicFile
from offline_queue.keys import CenterKey
from offline_queue.seal import Sealer

RECEIVED = datetime(2025, 11, 24, 2, 15, tzinfo=UTC)


@dataclass(frozen=True)
class TestKiosk:
    """An enrolled kiosk: its row at the center and what it seals with."""

    row: KioskRow
    key: Ed25519PrivateKey
    sealer: Sealer

    @property
    def kiosk_id(self) -> str:
        return self.row.kiosk_id


def enrolled(service: CenterService, kiosk_id: str, agency: str = "000.00.31.H29") -> TestKiosk:
    token = service.issue_token(kiosk_id, agency)
    key = Ed25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    reply: EnrollReply = service.enroll(
        EnrollRequest(token=token, kiosk_id=kiosk_id, public_key=public)
    )
    row = service.kiosk(kiosk_id)
    assert row is not None
    return TestKiosk(row, key, Sealer(kiosk_id, key, CenterKey.from_reply(reply)))


def new_code(kiosk_id: str) -> str:
    return f"K-{kiosk_id}-251124-{secrets.token_hex(4).upper().replace('I', 'J')[:8]}"


def envelope(
    kiosk: TestKiosk,
    code: str,
    received_at: datetime = RECEIVED,
    papers: list[bytes] | None = None,
    declared: list[bytes] | None = None,
) -> bytes:
    """A sealed dossier exactly as a kiosk's outbox would store it.

    ``declared``: the papers the dossier lists (their SHA-256s and sizes), if
    not ``papers`` themselves: a kiosk that sealed other bytes than it signed for.
    """
    papers = [b"%PDF synthetic"] if papers is None else papers
    declared = papers if declared is None else declared
    manifest = {
        "provisional_code": code,
        "kiosk_id": kiosk.kiosk_id,
        "procedure_code": "1.001234",
        "received_at": received_at.isoformat(),
        "papers": [
            {
                "requirement_id": f"p{i}",
                "sha256": hashlib.sha256(p).hexdigest(),
                "size_bytes": len(p),
            }
            for i, p in enumerate(declared)
        ],
        "identity": {"full_name": "Trần Thị Thử Nghiệm", "id_number": "001099012345"},
    }
    folder = Path(tempfile.mkdtemp(prefix="center-seal-"))
    with AtomicFile(folder) as out:
        kiosk.sealer.seal_into(out, json.dumps(manifest).encode(), papers)
        path = out.commit("envelope.seal")
    data = path.read_bytes()
    path.unlink()
    folder.rmdir()
    return data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def idem() -> str:
    return secrets.token_urlsafe(24)
