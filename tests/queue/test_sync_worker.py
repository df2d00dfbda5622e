"""The sync worker against the real center over TLS: delivery, resume, holds, status."""

from __future__ import annotations

import os
import threading
import time

import pytest
from queue_samples import make_dossier

from center.faults import FaultPlan
from center.server import EmbeddedCenter
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxState
from offline_queue.sync import SyncStatus, SyncWorker
from offline_queue.transfer import Transfer

FAST = Backoff(base_s=0.01, cap_s=0.05)


@pytest.fixture
def fault_plan(request: pytest.FixtureRequest) -> FaultPlan | None:
    """Each test here may name its faults with ``@pytest.mark.parametrize(..., indirect)``."""
    return getattr(request, "param", None)


def deliver_all(worker: SyncWorker, rounds: int = 50) -> None:
    for _ in range(rounds):
        if worker.run_until_idle():
            return
        time.sleep(0.01)
    raise AssertionError("the outbox was not delivered")


def test_the_worker_delivers_in_the_background_and_reports(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    seen: list[tuple[str, SyncStatus]] = []
    done = threading.Event()

    def on_status(status: SyncStatus) -> None:
        seen.append((threading.current_thread().name, status))
        if status.acknowledged == 5 and status.queued == 0:
            done.set()

    worker = SyncWorker(outbox, link, backoff=FAST, idle_s=5)
    worker.add_listener(on_status)
    worker.start()
    try:
        for _ in range(5):
            outbox.enqueue(*make_dossier(identity.kiosk_id))
        assert done.wait(20), seen[-1:] if seen else "no status at all"
    finally:
        worker.stop()
    status = worker.status()
    assert (status.queued, status.acknowledged, status.held) == (0, 5, 0)
    assert status.online is True and status.last_error is None
    assert status.last_sync_at is not None and not status.running
    assert {name for name, _ in seen} <= {"outbox-sync", threading.current_thread().name}
    assert any(name == "outbox-sync" for name, _ in seen)
    assert center.service.dossier_count() == 5
    for entry in outbox.entries():
        remote = link.dossier_status(entry.provisional_code)
        assert remote is not None and remote.official_code == entry.official_code


@pytest.mark.parametrize("fault_plan", [FaultPlan(script={4: "lost_ack"})], indirect=True)
def test_a_cut_upload_resumes_from_the_centers_offset(
    outbox: Outbox,
    link: CenterLink,
    identity: KioskIdentity,
    center: EmbeddedCenter,
    fault_plan: FaultPlan,
) -> None:
    chunk = 128 * 1024
    entry = outbox.enqueue(*make_dossier(identity.kiosk_id, [os.urandom(1_000_000)]))
    worker = SyncWorker(outbox, link, chunk_bytes=chunk, backoff=FAST)
    assert not worker.run_until_idle()  # the lost reply of chunk 4 stops the first round
    midway = outbox.entry(entry.provisional_code)
    assert midway is not None and midway.state is OutboxState.UPLOADING
    deliver_all(worker)
    assert fault_plan.counts["lost_ack"] == 1
    # Chunk 4 reached the center although its reply was lost: nothing is sent twice
    # but the empty "where are we" request.
    assert fault_plan.body_bytes == entry.envelope_size
    assert center.service.dossier_count() == 1


@pytest.mark.parametrize("fault_plan", [FaultPlan(script={2: "lost_ack"})], indirect=True)
def test_a_lost_acknowledgement_costs_nothing(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    first = outbox.enqueue(*make_dossier(identity.kiosk_id))
    second = outbox.enqueue(*make_dossier(identity.kiosk_id))
    worker = SyncWorker(outbox, link, backoff=FAST)
    deliver_all(worker)
    assert center.service.dossier_count() == 2
    codes = {outbox.entry(e.provisional_code).official_code for e in (first, second)}  # type: ignore[union-attr]
    assert codes == {"000.00.31.H29-251124-0001", "000.00.31.H29-251124-0002"}


@pytest.mark.parametrize(
    "fault_plan", [FaultPlan(script={1: "busy"}, retry_after_s=3)], indirect=True
)
def test_retry_after_is_honoured(outbox: Outbox, link: CenterLink, identity: KioskIdentity) -> None:
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    worker = SyncWorker(outbox, link, backoff=Backoff(base_s=0.01, cap_s=0.02))
    with link.client() as client:
        delay = worker.step(Transfer(client, outbox))
        assert delay is not None and delay >= 3
        status = worker.status()
        assert status.online is True
        assert status.last_error is not None and "injected_busy" in status.last_error
        assert status.next_attempt_at is not None
        assert worker.step(Transfer(client, outbox)) is None
    assert outbox.count(OutboxState.ACKNOWLEDGED) == 1


def test_a_dossier_the_center_refuses_is_held_and_the_rest_go_on(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    bad = outbox.enqueue(*make_dossier(identity.kiosk_id))
    good = outbox.enqueue(*make_dossier(identity.kiosk_id))
    path = outbox.envelope_path(bad)
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF  # the disk rotted one byte
    path.write_bytes(bytes(data))
    worker = SyncWorker(outbox, link, backoff=FAST)
    deliver_all(worker)
    held = outbox.entry(bad.provisional_code)
    assert held is not None and held.state is OutboxState.HELD
    assert "damaged on the kiosk's disk" in (held.last_error or "")
    delivered = outbox.entry(good.provisional_code)
    assert delivered is not None and delivered.state is OutboxState.ACKNOWLEDGED
    assert worker.status().held == 1
    assert center.service.dossier_count() == 1


def test_a_revoked_kiosk_keeps_its_dossiers_and_says_why(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    assert center.service.revoke(identity.kiosk_id)
    worker = SyncWorker(outbox, link, backoff=FAST)
    assert not worker.run_until_idle()
    status = worker.status()
    assert status.last_error is not None and "revoked" in status.last_error
    assert outbox.count(OutboxState.QUEUED) == 1
    assert outbox.sync_meta().last_error == status.last_error


def test_an_unreachable_center_backs_off_and_stop_is_prompt(
    outbox: Outbox, identity: KioskIdentity, pki
) -> None:
    dead = CenterLink(
        "https://127.0.0.1:9", identity.kiosk_id, 1.0, key=identity.signing_key, ca_file=pki.ca
    )
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    worker = SyncWorker(outbox, dead, backoff=Backoff(base_s=30, cap_s=60)).start()
    deadline = time.monotonic() + 10
    while worker.status().last_error is None and time.monotonic() < deadline:
        time.sleep(0.02)
    status = worker.status()
    assert status.online is False
    assert status.last_error is not None and "cannot be reached" in status.last_error
    started = time.monotonic()
    worker.stop()
    assert time.monotonic() - started < 2
    entry = outbox.entries()[0]
    assert entry.attempts >= 1 and entry.state is OutboxState.QUEUED
