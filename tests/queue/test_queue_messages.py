"""Errors that say what really happened: no "revoked", no "NOT received" where it is not so."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from queue_samples import make_dossier, mounted_tmpfs

from center.server import EmbeddedCenter
from center.tls import TlsFiles
from offline_queue import durable, schema
from offline_queue.bundle import export_bundle
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity, enroll
from offline_queue.errors import CenterRefused, OutboxError, OutboxFull
from offline_queue.keys import KeyPaths
from offline_queue.outbox import Outbox

AGENCY = "000.00.31.H29"


def test_a_token_for_another_kiosk_is_not_called_a_revocation(
    center: EmbeddedCenter, pki: TlsFiles, tmp_path: Path
) -> None:
    token = center.service.issue_token("KIOSK-OTHER", AGENCY)
    link = CenterLink(center.url, "KIOSK-MINE", 5.0, ca_file=pki.ca)
    with pytest.raises(CenterRefused) as caught:
        enroll(link, token, KeyPaths.in_dir(tmp_path / "keys"))
    said = str(caught.value)
    assert "revoked" not in said
    assert "not for kiosk 'KIOSK-MINE'" in said and "new enrollment token" in said


def test_a_revoked_kiosk_is_still_called_revoked(
    center: EmbeddedCenter, pki: TlsFiles, link: CenterLink, identity: KioskIdentity
) -> None:
    assert center.service.revoke(identity.kiosk_id)
    with pytest.raises(CenterRefused, match="revoked this kiosk"):
        link.heartbeat([], {})


def _failing_writes(real: Callable[[int, bytes], int]) -> Callable[[int, bytes], int]:
    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


def test_export_onto_a_full_stick_does_not_say_the_dossier_was_not_received(
    outbox: Outbox, identity: KioskIdentity, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier, papers = make_dossier(identity.kiosk_id, [os.urandom(50_000)])
    outbox.enqueue(dossier, papers)
    monkeypatch.setattr(durable.os, "write", _failing_writes(os.write))
    with pytest.raises(OutboxError) as caught:
        export_bundle(outbox, identity.kiosk_id, tmp_path / "usb" / "bundle.tar")
    said = str(caught.value)
    assert "NOT received" not in said
    assert "does not fit" in said and "outbox is unchanged" in said
    monkeypatch.undo()
    assert outbox.entry(dossier.provisional_code) is not None


def test_a_full_disk_while_enqueueing_still_says_not_received(
    outbox: Outbox, identity: KioskIdentity, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier, papers = make_dossier(identity.kiosk_id, [os.urandom(50_000)])
    monkeypatch.setattr(durable.os, "write", _failing_writes(os.write))
    with pytest.raises(OutboxFull, match="NOT received"):
        outbox.enqueue(dossier, papers)


def _sqlite_error(code: int, name: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("code", "name"), [(4874, "SQLITE_IOERR_SHMSIZE"), (14, "SQLITE_CANTOPEN"), (1, "SQLITE_ERROR")]
)
def test_sqlite_errors_on_a_full_disk_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, name: str
) -> None:
    full = os.statvfs_result((4096, 4096, 1000, 0, 0, 100, 0, 0, 0, 255))
    monkeypatch.setattr(schema.os, "statvfs", lambda _: full)
    said = schema.database_error(_sqlite_error(code, name), "recording the sync outcome", tmp_path)
    assert isinstance(said, OutboxFull) and "disk is full" in str(said)
    assert "NOT received" not in str(said)
    monkeypatch.undo()
    # With room on the disk, the same error is not blamed on space.
    said = schema.database_error(_sqlite_error(code, name), "recording the sync outcome", tmp_path)
    assert not isinstance(said, OutboxFull)


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs mounted for this test (needs root and CAP_SYS_ADMIN)."""
    with mounted_tmpfs(tmp_path / "tiny", 1) as mount_point:
        yield mount_point


def test_a_really_full_disk_under_the_outbox_database(
    tiny_tmpfs: Path, identity: KioskIdentity
) -> None:
    Outbox(tiny_tmpfs, identity.sealer()).close()
    (tiny_tmpfs / "outbox" / "outbox.db-shm").unlink(missing_ok=True)
    with (tiny_tmpfs / "filler").open("wb") as filler, pytest.raises(OSError, match="No space"):
        while True:
            filler.write(b"\0" * 65536)
            filler.flush()
    with pytest.raises(OutboxError) as caught, Outbox(tiny_tmpfs, identity.sealer()) as outbox:
        outbox.record_sync("the center cannot be reached")
    assert isinstance(caught.value, OutboxFull) and "disk is full" in str(caught.value)
