"""Enrolled kiosks and sealed envelopes for the center's tests, made with the kiosk's code."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from center.officers import PasswordCost
from center.protocol import EnrollReply, EnrollRequest
from center.service import CenterService
from center.store import KioskRow
from offline_queue.durable import AtomicFile
from offline_queue.keys import CenterKey
from offline_queue.seal import Sealer

RECEIVED = datetime(2025, 11, 24, 2, 15, tzinfo=UTC)
# Argon2id at its lowest cost: the tests make and check hundreds of passwords. The
# production default is exercised by the CLI's tests (tests/center/test_center_users_cli.py).
QUICK_PASSWORDS = PasswordCost(time_cost=1, memory_kib=1024, parallelism=1)


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
    return sealed(kiosk, manifest, papers)


def sealed(kiosk: TestKiosk, dossier: dict[str, object], papers: list[bytes]) -> bytes:
    """The envelope bytes the kiosk's outbox would store for ``dossier`` and ``papers``."""
    folder = Path(tempfile.mkdtemp(prefix="center-seal-"))
    with AtomicFile(folder) as out:
        kiosk.sealer.seal_into(out, json.dumps(dossier).encode(), papers)
        path = out.commit("envelope.seal")
    data = path.read_bytes()
    path.unlink()
    folder.rmdir()
    return data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def idem() -> str:
    return secrets.token_urlsafe(24)


SYNTHETIC_ID = "001099012345"  # a made-up citizen: the lookup form takes "2345"
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def received_dossier(
    service: CenterService,
    agency: str = "000.00.31.H29",
    procedure: str = "1.001234",
    *,
    kiosk_id: str | None = None,
    received_at: datetime = RECEIVED,
    due_days: int = 10,
    papers: list[bytes] | None = None,
) -> tuple[str, str]:
    """A dossier as a kiosk seals it, received by ``service``: (official code, lookup token).

    The dossier JSON has the shape of the kiosk's :class:`kiosk.dossier.Dossier`
    (the center reads it without importing the kiosk).
    """
    kiosk_id = kiosk_id or f"KIOSK-{agency.replace('.', '')}"
    kiosk = _kiosk_of(service, kiosk_id, agency)
    code = new_code(kiosk_id)
    papers = [SAMPLE_PDF] if papers is None else papers
    token = secrets.token_urlsafe(16)
    dossier = {
        "provisional_code": code,
        "kiosk_id": kiosk_id,
        "procedure_code": procedure,
        "procedure_name_vi": "Cấp Phiếu lý lịch tư pháp",
        "catalog_version": "test",
        "identity": {
            "id_number": SYNTHETIC_ID,
            "full_name": "Trần Thị Thử Nghiệm",
            "date_of_birth": "1990-05-17",
            "source": "chip",
            "verdict": "genuine",
        },
        "answers": {"purpose": "Đi làm", "copies": 2},
        "papers": [
            {
                "requirement_id": f"paper-{i + 1}",
                "title_vi": f"Giấy tờ {i + 1}",
                "pages": 1,
                "sha256": hashlib.sha256(p).hexdigest(),
                "size_bytes": len(p),
            }
            for i, p in enumerate(papers)
        ],
        "received_at": received_at.isoformat(),
        "appointment": {
            "ready_at": (received_at + timedelta(days=due_days)).isoformat(),
            "rule": f"{due_days} ngày",
            "collect_at": "Quầy 3",
        },
        "fee_vnd": 200000,
        "lookup_token": token,
    }
    reply = service.ingest.receive_whole(kiosk.row, idem(), code, sealed(kiosk, dossier, papers))
    assert reply.official_code is not None
    return reply.official_code, token


_KIOSKS: dict[tuple[int, str], TestKiosk] = {}


def _kiosk_of(service: CenterService, kiosk_id: str, agency: str) -> TestKiosk:
    """One enrolled kiosk per (service, id), so many dossiers can come from it."""
    key = (id(service), kiosk_id)
    known = _KIOSKS.get(key)
    if known is None or service.kiosk(kiosk_id) is None:
        known = _KIOSKS[key] = enrolled(service, kiosk_id, agency)
    return known
