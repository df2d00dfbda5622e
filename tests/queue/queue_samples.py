"""Synthetic dossiers for the outbox tests: a made-up citizen, made-up papers."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.dossier import (
    Appointment,
    Consent,
    Dossier,
    Identity,
    IdentitySource,
    PaperRef,
    new_lookup_token,
    new_provisional_code,
)

SYNTHETIC_NAME = "Trần Thị Thử Nghiệm"
SYNTHETIC_ID = "001099012345"
RECEIVED = datetime(2025, 11, 24, 2, 15, tzinfo=UTC)  # 09:15 in Hà Nội


def make_dossier(
    kiosk_id: str,
    papers: list[bytes] | None = None,
    received: datetime = RECEIVED,
    code_bits: int | None = None,
) -> tuple[Dossier, list[bytes]]:
    """A dossier of the synthetic citizen with ``papers`` (one small one by default)."""
    papers = [b"%PDF-1.7 synthetic " + os.urandom(64)] if papers is None else papers
    refs = tuple(
        PaperRef(
            requirement_id=f"paper-{index + 1}",
            title_vi="Tờ khai",
            pages=1,
            sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
        )
        for index, data in enumerate(papers)
    )
    dossier = Dossier(
        provisional_code=new_provisional_code(kiosk_id, received.date(), code_bits),
        kiosk_id=kiosk_id,
        procedure_code="1.001234",
        procedure_name_vi="Cấp bản sao trích lục hộ tịch",
        catalog_version="2025.11",
        identity=Identity(
            id_number=SYNTHETIC_ID,
            full_name=SYNTHETIC_NAME,
            date_of_birth=date(1990, 5, 17),
            sex="Nữ",
            place_of_residence="Số 1 Phố Thử, Phường Nghiệm, Hà Nội",
            source=IdentitySource.CHIP,
        ),
        answers={"purpose": "Bổ sung hồ sơ", "copies": 2},
        papers=refs,
        consent=Consent(
            notice_version="2025-01",
            notice_sha256="0" * 64,
            language="vi",
            accepted_at=received,
        ),
        received_at=received,
        appointment=Appointment(
            ready_at=received + timedelta(days=3), rule="3 working days", collect_at="Quầy 2"
        ),
        fee_vnd=8000,
        lookup_token=new_lookup_token(),
    )
    return dossier, papers


def kiosk_cli(*argv: str) -> int:
    """Run ``kiosk --log-level ERROR ARGV...`` in this process (logs kept off stdout)."""
    from kiosk.cli import main

    return main(["--log-level", "ERROR", *argv])


@contextmanager
def mounted_tmpfs(folder: Path, size_mb: int) -> Iterator[Path]:
    """A real ``size_mb`` MB tmpfs at ``folder`` for one test (skipped if it cannot be mounted)."""
    folder.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip() or 'not root'})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
