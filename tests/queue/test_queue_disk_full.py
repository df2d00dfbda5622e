"""A full disk during enqueue: the citizen is not told "received", nothing half-written stays.

Simulated (ENOSPC injected at each write step) and real (a 3 MB tmpfs mounted
for the test; skipped with the reason when this machine refuses the mount).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from queue_samples import make_dossier, mounted_tmpfs

from kiosk.dossier import Dossier
from offline_queue import durable, index
from offline_queue.enrollment import KioskIdentity
from offline_queue.errors import OutboxError, OutboxFull
from offline_queue.outbox import Outbox


def receive(outbox: Outbox, dossier: Dossier, papers: list[bytes], told: list[str]) -> str:
    """What the intake flow does: tell the citizen only after the outbox returned."""
    try:
        entry = outbox.enqueue(dossier, papers)
    except OutboxError as exc:
        return str(exc)
    told.append(entry.provisional_code)
    return "received"


def leftovers(outbox: Outbox) -> list[str]:
    return sorted(p.name for p in outbox.sealed_dir.iterdir())


def no_space(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def failing_after(real: Callable[..., int], calls: int) -> Callable[..., int]:
    count = [0]

    def write(fd: int, data: bytes) -> int:
        count[0] += 1
        if count[0] > calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    return write


@pytest.mark.parametrize("fail_at", ["first write", "later write", "fsync", "free space check"])
def test_enospc_while_sealing_tells_nothing_and_leaves_nothing(
    outbox: Outbox, identity: KioskIdentity, monkeypatch: pytest.MonkeyPatch, fail_at: str
) -> None:
    dossier, papers = make_dossier(identity.kiosk_id, [os.urandom(600_000)])
    if fail_at == "first write":
        monkeypatch.setattr(durable.os, "write", failing_after(os.write, 0))
    elif fail_at == "later write":
        monkeypatch.setattr(durable.os, "write", failing_after(os.write, 1))
    elif fail_at == "fsync":
        monkeypatch.setattr(durable.os, "fsync", no_space)
    else:
        monkeypatch.setattr(
            durable.os, "statvfs", lambda _: os.statvfs_result((4096,) * 2 + (1,) * 8)
        )
    told: list[str] = []
    said = receive(outbox, dossier, papers, told)
    assert told == []
    assert "disk is full" in said and "NOT received" in said
    monkeypatch.undo()
    assert leftovers(outbox) == []
    assert sum(outbox.counts().values()) == 0
    # Once there is room again, the same dossier goes through.
    assert receive(outbox, dossier, papers, told) == "received"


def test_a_full_database_removes_the_sealed_file(
    outbox: Outbox, identity: KioskIdentity, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> None:
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(index, "insert", full)
    dossier, papers = make_dossier(identity.kiosk_id)
    with pytest.raises(OutboxFull, match="disk is full"):
        outbox.enqueue(dossier, papers)
    assert leftovers(outbox) == []


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs mounted for this test (needs root and CAP_SYS_ADMIN)."""
    with mounted_tmpfs(tmp_path / "small", 3) as mount_point:
        yield mount_point


@pytest.mark.parametrize("precheck", [True, False], ids=["free-space check", "kernel ENOSPC"])
def test_a_really_full_disk(
    small_tmpfs: Path, identity: KioskIdentity, monkeypatch: pytest.MonkeyPatch, precheck: bool
) -> None:
    if not precheck:
        # Let the write itself meet the full disk, as when another process filled it.
        monkeypatch.setattr("offline_queue.outbox.ensure_free_space", lambda *_: None)
    told: list[str] = []
    answers = []
    with Outbox(small_tmpfs, identity.sealer()) as outbox:
        for _ in range(20):
            dossier, papers = make_dossier(identity.kiosk_id, [os.urandom(400_000)])
            answers.append(receive(outbox, dossier, papers, told))
            if answers[-1] != "received":
                break
        assert answers[-1] != "received", "the 3 MB disk never filled up"
        assert "disk is full" in answers[-1]
        assert 1 <= len(told) < 20
        assert [e.provisional_code for e in outbox.entries()] == told
        names = set(leftovers(outbox))
        assert names == {e.envelope_file for e in outbox.entries()}
    # The queue reopens cleanly on the full disk and still holds every told dossier.
    with Outbox(small_tmpfs, identity.sealer()) as reopened:
        assert [e.provisional_code for e in reopened.entries()] == told
        for entry in reopened.entries():
            assert reopened.envelope_path(entry).stat().st_size == entry.envelope_size
