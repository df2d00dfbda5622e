"""Several uploads in flight at once, against the real center over TLS on loopback.

Each dossier still arrives exactly once (one copy, one official code, the
daily sequence without gap or repeat) when the center answers 500 for one of
the uploads in flight, loses an acknowledgement, or the connection of one is
cut mid-body; a failure of the link or the kiosk's key stops the worker
taking more and backs off once, not once per upload.
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
from center.tls import TlsFiles
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.pipeline import Pipeline
from offline_queue.records import OutboxEntry, OutboxState
from offline_queue.sync import SyncWorker
from offline_queue.transfer import Transfer

WIDTH = 3
DOSSIERS = 9
PAPER_BYTES = 300_000  # five blocks or so through the proxy: a cut lands mid-body
SLOW = {"slow_rate": 1.0, "slow_s": 0.1}  # every reply late: the uploads overlap


@pytest.fixture
def fault_plan(request: pytest.FixtureRequest) -> FaultPlan | None:
    """Each test names its faults with ``@pytest.mark.parametrize(..., indirect)``."""
    return getattr(request, "param", None)


class CountingTransfer(Transfer):
    """A transfer that remembers how many deliveries ran at once, at most."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def deliver(self, entry: OutboxEntry) -> str:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return super().deliver(entry)
        finally:
            with self._lock:
                self.running -= 1


class CutOnce(ResetProxy):
    """Resets the one connection that carries the ``cut_at``-th block the kiosk sends."""

    def __init__(self, upstream_port: int, cut_at: int) -> None:
        super().__init__(upstream_port)
        self.cut_at = cut_at
        self.blocks = 0

    def _cut_now(self) -> bool:
        with self._lock:
            self.blocks += 1
            return self.blocks == self.cut_at


def queue(outbox: Outbox, kiosk_id: str, count: int = DOSSIERS) -> None:
    for _ in range(count):
        outbox.enqueue(*make_dossier(kiosk_id, [os.urandom(PAPER_BYTES)]))


def worker_of(outbox: Outbox, link: CenterLink) -> SyncWorker:
    return SyncWorker(outbox, link, backoff=Backoff(base_s=0.01, cap_s=0.05), in_flight=WIDTH)


def deliver_all(worker: SyncWorker, transfer: Transfer, rounds: int = 40) -> int:
    """Rounds until the outbox is delivered (each failed round backs off a little)."""
    for number in range(1, rounds + 1):
        if worker.run_until_idle(transfer=transfer):
            return number
        time.sleep(0.02)
    raise AssertionError("the outbox was not delivered")


def assert_each_arrived_once(outbox: Outbox, center: EmbeddedCenter) -> None:
    entries = outbox.entries()
    assert {e.state for e in entries} == {OutboxState.ACKNOWLEDGED}
    assert center.service.dossier_count() == len(entries)
    numbers = []
    for entry in entries:
        remote = center.service.dossier_status(entry.provisional_code)
        assert remote is not None and remote.official_code == entry.official_code
        numbers.append(int(remote.official_code.rsplit("-", 1)[1]))
    assert sorted(numbers) == list(range(1, len(entries) + 1))


@pytest.mark.parametrize("fault_plan", [FaultPlan(**SLOW)], indirect=True)  # type: ignore[arg-type]
def test_uploads_overlap_up_to_the_window_and_each_arrives_once(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    queue(outbox, identity.kiosk_id)
    worker = worker_of(outbox, link)
    with link.client(connections=WIDTH) as client:
        transfer = CountingTransfer(client, outbox)
        assert deliver_all(worker, transfer) == 1
    assert transfer.most == WIDTH  # three at once, never four
    assert worker.status().acknowledged == DOSSIERS and worker.status().queued == 0
    assert_each_arrived_once(outbox, center)


@pytest.mark.parametrize(
    "fault_plan",
    [FaultPlan(script={2: "error"}, **SLOW), FaultPlan(script={2: "lost_ack"}, **SLOW)],  # type: ignore[arg-type]
    ids=["500 before the work", "500 after the work"],
    indirect=True,
)
def test_a_500_for_one_upload_in_flight_settles_the_others_then_retries_it(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    queue(outbox, identity.kiosk_id)
    worker = worker_of(outbox, link)
    with link.client(connections=WIDTH) as client:
        transfer = Transfer(client, outbox)
        assert not worker.run_until_idle(transfer=transfer)  # stopped by the 500
        first = outbox.entries()
        failed = [e for e in first if e.last_error]
        assert len(failed) == 1 and "center has a fault" in str(failed[0].last_error)
        assert worker.backoff.failures == 1
        # Nothing is left half-way: the uploads beside the failed one were recorded.
        assert {e.state for e in first} <= {OutboxState.ACKNOWLEDGED, OutboxState.QUEUED}
        assert outbox.count(OutboxState.ACKNOWLEDGED) >= WIDTH - 1
        deliver_all(worker, transfer)
    assert_each_arrived_once(outbox, center)


def test_a_connection_cut_mid_body_costs_only_that_upload(
    outbox: Outbox, identity: KioskIdentity, center: EmbeddedCenter, pki: TlsFiles
) -> None:
    queue(outbox, identity.kiosk_id)
    with CutOnce(center.port, cut_at=12) as proxy:
        link = CenterLink(
            proxy.url(), identity.kiosk_id, 5.0, key=identity.signing_key, ca_file=pki.ca
        )
        worker = worker_of(outbox, link)
        with link.client(connections=WIDTH) as client:
            transfer = CountingTransfer(client, outbox)
            assert deliver_all(worker, transfer) == 2  # the cut one waits for the next round
        assert proxy.resets == 1
    assert transfer.most == WIDTH
    assert_each_arrived_once(outbox, center)


def test_a_center_that_cannot_be_reached_stops_the_window_and_backs_off_once(
    outbox: Outbox, identity: KioskIdentity, center: EmbeddedCenter, pki: TlsFiles
) -> None:
    queue(outbox, identity.kiosk_id)
    with ResetProxy(center.port, reset_rate=1.0) as proxy:  # every connection cut at once
        link = CenterLink(
            proxy.url(), identity.kiosk_id, 5.0, key=identity.signing_key, ca_file=pki.ca
        )
        worker = worker_of(outbox, link)
        assert not worker.run_until_idle()
    tried = [e for e in outbox.entries() if e.attempts]
    assert len(tried) == 1  # one probe: no more taken once the link failed
    assert worker.backoff.failures == 1
    assert outbox.count(OutboxState.QUEUED) == DOSSIERS
    assert worker.status().online is False
    assert center.service.dossier_count() == 0


def test_a_revoked_kiosk_holds_nothing_and_takes_no_more(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    queue(outbox, identity.kiosk_id)
    center.service.revoke(identity.kiosk_id)
    worker = worker_of(outbox, link)
    assert not worker.run_until_idle()
    tried = [e for e in outbox.entries() if e.attempts]
    assert len(tried) == 1
    assert outbox.count(OutboxState.HELD) == 0  # the kiosk is the problem, not the dossiers
    assert worker.backoff.failures == 1


def test_a_window_outside_1_to_8_is_refused_at_once(outbox: Outbox, link: CenterLink) -> None:
    for width in (0, 9):
        with pytest.raises(ValueError, match="1 to 8"):
            SyncWorker(outbox, link, in_flight=width)


def test_a_dossier_is_never_in_the_window_twice(outbox: Outbox, identity: KioskIdentity) -> None:
    queue(outbox, identity.kiosk_id, 1)
    (entry,) = outbox.entries()
    pipeline = Pipeline(Transfer.__new__(Transfer), width=2)
    pipeline.submit(entry)
    with pytest.raises(ValueError, match="cannot join"):
        pipeline.submit(entry)
    with pytest.raises(ValueError, match="1 to 8"):
        Pipeline(Transfer.__new__(Transfer), width=0)
