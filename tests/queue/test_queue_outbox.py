"""The outbox: one durable step, a clear index without personal data, recovery at start."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from queue_samples import SYNTHETIC_ID, SYNTHETIC_NAME, make_dossier

from offline_queue.enrollment import KioskIdentity
from offline_queue.errors import OutboxError
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxState
from offline_queue.schema import MIGRATIONS, SCHEMA_VERSION


def test_enqueue_is_durable_and_idempotent(
    outbox: Outbox, state_dir: Path, identity: KioskIdentity
) -> None:
    dossier, papers = make_dossier(identity.kiosk_id)
    entry = outbox.enqueue(dossier, papers)
    assert entry.state is OutboxState.QUEUED
    assert entry.provisional_code == dossier.provisional_code
    sealed = outbox.envelope_path(entry)
    assert hashlib.sha256(sealed.read_bytes()).hexdigest() == entry.envelope_sha256
    assert sealed.stat().st_size == entry.envelope_size
    assert outbox.enqueue(dossier, papers) == entry
    outbox.close()
    with Outbox(state_dir, identity.sealer()) as again:
        assert again.entry(dossier.provisional_code) == entry
        assert again.counts()[OutboxState.QUEUED] == 1


def test_the_state_directory_holds_no_personal_data_in_clear(
    outbox: Outbox, state_dir: Path, identity: KioskIdentity
) -> None:
    for _ in range(3):
        dossier, papers = make_dossier(identity.kiosk_id, [b"scan of the ID card " * 50])
        outbox.enqueue(dossier, papers)
    needles = [
        SYNTHETIC_NAME.encode("utf-8"),
        SYNTHETIC_ID.encode("ascii"),
        "Phố Thử".encode(),
        b"scan of the ID card",
        SYNTHETIC_NAME.encode("utf-16-le"),
    ]
    files = [p for p in state_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".seal" for p in files)
    assert any(p.name.endswith("-wal") or p.name == "outbox.db" for p in files)
    for path in files:
        content = path.read_bytes()
        for needle in needles:
            assert needle not in content, f"{needle!r} found in clear in {path}"


def test_the_index_has_what_a_receipt_reprint_needs(
    outbox: Outbox, identity: KioskIdentity
) -> None:
    dossier, papers = make_dossier(identity.kiosk_id)
    outbox.enqueue(dossier, papers)
    entry = outbox.entry(dossier.provisional_code)
    assert entry is not None
    assert entry.procedure_code == dossier.procedure_code
    assert entry.procedure_name == dossier.procedure_name_vi
    assert entry.ready_at == dossier.appointment.ready_at
    assert entry.collect_at == "Quầy 2"
    assert entry.papers == 1
    outbox.mark_acknowledged(entry.provisional_code, "000.00.31.H29-251124-0001")
    by_official = outbox.entry("000.00.31.H29-251124-0001")
    assert by_official is not None and by_official.code == "000.00.31.H29-251124-0001"
    assert by_official.acknowledged_at is not None


def test_papers_must_match_the_dossier(outbox: Outbox, identity: KioskIdentity) -> None:
    dossier, papers = make_dossier(identity.kiosk_id, [b"one", b"two"])
    with pytest.raises(OutboxError, match="2 papers but 1"):
        outbox.enqueue(dossier, papers[:1])
    with pytest.raises(OutboxError, match="has 4 bytes"):
        outbox.enqueue(dossier, [b"one", b"twoo"])
    assert sum(outbox.counts().values()) == 0
    assert list(outbox.sealed_dir.iterdir()) == []


def test_a_dossier_of_another_kiosk_or_without_keys_is_refused(
    outbox: Outbox, state_dir: Path, identity: KioskIdentity
) -> None:
    other, papers = make_dossier("KIOSK-ELSEWHERE")
    with pytest.raises(OutboxError, match="KIOSK-ELSEWHERE"):
        outbox.enqueue(other, papers)
    outbox.close()
    with Outbox(state_dir) as keyless:
        dossier, papers = make_dossier(identity.kiosk_id)
        with pytest.raises(OutboxError, match="without the keys"):
            keyless.enqueue(dossier, papers)


def test_only_one_owner_sweeps_leftovers_of_a_crash(
    outbox: Outbox, state_dir: Path, identity: KioskIdentity
) -> None:
    dossier, papers = make_dossier(identity.kiosk_id)
    kept = outbox.enqueue(dossier, papers)
    temp = outbox.sealed_dir / ".tmp-deadbeef"
    orphan = outbox.sealed_dir / ("ab" * 32 + ".seal")
    temp.write_bytes(b"half")
    orphan.write_bytes(b"sealed but never committed")
    assert outbox.is_owner
    with Outbox(state_dir) as second:
        assert not second.is_owner
        assert temp.exists() and orphan.exists()
    outbox.close()
    with Outbox(state_dir) as owner:
        assert owner.is_owner
        assert not temp.exists() and not orphan.exists()
        assert owner.envelope_path(kept).exists()


def test_an_interrupted_upload_is_resumed_first(
    outbox: Outbox, state_dir: Path, identity: KioskIdentity
) -> None:
    codes = []
    for _ in range(3):
        dossier, papers = make_dossier(identity.kiosk_id)
        codes.append(outbox.enqueue(dossier, papers).provisional_code)
    outbox.mark_uploading(codes[2], "upload-1", 100)
    outbox.close()
    with Outbox(state_dir, identity.sealer()) as reopened:
        first = reopened.next_to_send()
        assert first is not None
        assert first.provisional_code == codes[2]
        assert first.state is OutboxState.UPLOADING
        assert (first.upload_id, first.uploaded_bytes) == ("upload-1", 100)


def test_a_missing_sealed_file_is_held_not_lost_silently(
    outbox: Outbox, state_dir: Path, identity: KioskIdentity
) -> None:
    dossier, papers = make_dossier(identity.kiosk_id)
    entry = outbox.enqueue(dossier, papers)
    outbox.envelope_path(entry).unlink()
    outbox.close()
    with Outbox(state_dir) as reopened:
        held = reopened.entry(entry.provisional_code)
        assert held is not None and held.state is OutboxState.HELD
        assert "missing" in (held.last_error or "")
        assert reopened.retry() == 1
        assert reopened.count(OutboxState.QUEUED) == 1


def test_purge_keeps_the_index_and_only_touches_old_acknowledged(
    state_dir: Path, identity: KioskIdentity
) -> None:
    now = [datetime(2025, 11, 24, tzinfo=UTC)]
    with Outbox(state_dir, identity.sealer(), clock=lambda: now[0]) as outbox:
        entries = []
        for _ in range(3):
            dossier, papers = make_dossier(identity.kiosk_id)
            entries.append(outbox.enqueue(dossier, papers))
        outbox.mark_acknowledged(entries[0].provisional_code, "A-251124-0001")
        now[0] += timedelta(days=20)
        outbox.mark_acknowledged(entries[1].provisional_code, "A-251124-0002")
        now[0] += timedelta(days=15)
        assert outbox.purge() == 1
        purged = outbox.entry("A-251124-0001")
        assert purged is not None and purged.state is OutboxState.PURGED
        assert purged.ready_at == entries[0].ready_at
        assert not outbox.envelope_path(entries[0]).exists()
        assert outbox.envelope_path(entries[1]).exists()
        assert outbox.envelope_path(entries[2]).exists()
        assert outbox.purge(timedelta(0)) == 1
        assert outbox.count(OutboxState.QUEUED) == 1


def test_a_version_1_outbox_is_migrated(state_dir: Path) -> None:
    folder = state_dir / "outbox"
    folder.mkdir(parents=True)
    db = sqlite3.connect(folder / "outbox.db")
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute(
        "INSERT INTO dossiers (provisional_code, idempotency_key, procedure_code, "
        "procedure_name, received_at, ready_at, papers, envelope_sha256, envelope_size, state, "
        "queued_at, official_code, acknowledged_at) VALUES ('K-A-251124-00000000', "
        "'k0123456789abcdef', '1.001234', 'x', '2025-11-24T00:00:00+00:00', "
        "'2025-11-27T00:00:00+00:00', 0, 'ff', 1, 'acknowledged', '2025-11-24T00:00:00+00:00', "
        "'A-251124-0001', '2025-11-24T00:00:00+00:00')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Outbox(state_dir) as outbox:
        entry = outbox.entry("A-251124-0001")
        assert entry is not None and entry.held_at is None
        assert outbox.sync_meta().last_sync_at is None
    check = sqlite3.connect(folder / "outbox.db")
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.close()


def test_an_outbox_from_a_newer_kiosk_is_refused_in_words(state_dir: Path) -> None:
    folder = state_dir / "outbox"
    folder.mkdir(parents=True)
    db = sqlite3.connect(folder / "outbox.db")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(OutboxError, match="newer kiosk") as refused:
        Outbox(state_dir)
    assert "do not delete" in refused.value.fix


def test_sync_outcomes_are_recorded_for_the_cli(outbox: Outbox) -> None:
    outbox.record_sync("The center at https://c cannot be reached")
    outbox.record_sync(None)
    meta = outbox.sync_meta()
    assert meta.last_sync_at is not None
    assert meta.last_error is not None and "cannot be reached" in meta.last_error
