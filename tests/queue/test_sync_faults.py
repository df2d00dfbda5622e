"""Acceptance: thousands of dossiers through 500s, resets, timeouts, slowness and lost replies.

The kiosk talks TLS through a proxy that resets connections mid-stream, to a
center that answers 500 before or after doing the work (a lost
acknowledgement), 503 with Retry-After, late, or after the kiosk gave up.
At the end the center holds exactly one copy of each dossier, its daily
sequence has no gap and no repeat, and the kiosk has every official code.
"""

from __future__ import annotations

import os
import threading
import time

import pytest
from queue_samples import make_dossier
from sync_proxy import ResetProxy

from center.faults import FaultPlan
from center.server import EmbeddedCenter
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxState
from offline_queue.sync import SyncStatus, SyncWorker

DOSSIERS = 2000
LARGE_EVERY = 25  # every 25th dossier carries a 200 kB scan, sent in 64 kB chunks
BUDGET_S = 60


@pytest.fixture
def fault_plan() -> FaultPlan:
    return FaultPlan(
        error_rate=0.03,
        lost_ack_rate=0.03,
        busy_rate=0.02,
        slow_rate=0.03,
        stall_rate=0.004,
        slow_s=0.05,
        stall_s=0.8,
        retry_after_s=0,
        seed=2025,
    )


def test_thousands_of_dossiers_arrive_exactly_once_through_faults(
    outbox: Outbox,
    identity: KioskIdentity,
    center: EmbeddedCenter,
    fault_plan: FaultPlan,
    pki,
) -> None:
    started = time.monotonic()
    done = threading.Event()

    def on_status(status: SyncStatus) -> None:
        if status.acknowledged == DOSSIERS:
            done.set()

    with ResetProxy(center.port, reset_rate=0.01) as proxy:
        link = CenterLink(proxy.url(), identity.kiosk_id, key=identity.signing_key, ca_file=pki.ca)
        worker = SyncWorker(
            outbox,
            link,
            chunk_bytes=64 * 1024,
            backoff=Backoff(base_s=0.005, cap_s=0.1),
            timeout_s=0.4,
            idle_s=0.5,
        )
        worker.add_listener(on_status)
        worker.start()
        try:
            for number in range(DOSSIERS):
                papers = [os.urandom(200_000)] if number % LARGE_EVERY == 0 else None
                outbox.enqueue(*make_dossier(identity.kiosk_id, papers))
            finished = done.wait(BUDGET_S - (time.monotonic() - started))
        finally:
            worker.stop()
        resets = proxy.resets
    elapsed = time.monotonic() - started
    counts = outbox.counts()
    assert finished, f"after {elapsed:.0f} s: {counts}, faults {dict(fault_plan.counts)}"
    assert counts[OutboxState.ACKNOWLEDGED] == DOSSIERS

    service = center.service
    assert service.dossier_count() == DOSSIERS
    sequences = []
    for entry in outbox.entries():
        remote = service.dossier_status(entry.provisional_code)
        assert remote is not None and remote.official_code == entry.official_code
        sequences.append(int(remote.official_code.rsplit("-", 1)[1]))
    assert sorted(sequences) == list(range(1, DOSSIERS + 1))

    for fault in ("error", "lost_ack", "busy", "slow", "stall"):
        assert fault_plan.counts[fault] > 0, f"no {fault} was injected"
    assert resets > 0
    assert elapsed < BUDGET_S
