"""The sync worker as a Qt application drives it: start/stop, status, listeners, retention."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from queue_samples import RECEIVED, make_dossier

from center.server import EmbeddedCenter
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxState
from offline_queue.sync import SyncStatus, SyncWorker
from offline_queue.transfer import Transfer

FAST = Backoff(base_s=0.01, cap_s=0.05)


class FakeClock:
    """One clock for the outbox and the worker, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def wait_for(condition: object, seconds: float = 20.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_start_and_stop_are_idempotent_and_the_worker_can_start_again(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    worker = SyncWorker(outbox, link, backoff=FAST, idle_s=60)
    worker.stop()  # never started: nothing to do
    assert worker.start() is worker
    worker.start()
    sync_threads = [t for t in threading.enumerate() if t.name == "outbox-sync"]
    assert len(sync_threads) == 1
    assert worker.status().running
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    wait_for(lambda: worker.status().acknowledged == 1)
    started = time.monotonic()
    worker.stop()  # idle for 60 s: stop() wakes it
    worker.stop()
    assert time.monotonic() - started < 2
    assert not worker.status().running
    assert not [t for t in threading.enumerate() if t.name == "outbox-sync"]
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    worker.start()
    try:
        wait_for(lambda: worker.status().acknowledged == 2)
    finally:
        worker.stop()
    assert center.service.dossier_count() == 2


def test_status_before_start_shows_the_queue_and_the_last_outcome(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity
) -> None:
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    outbox.record_sync("The center at X cannot be reached — check the network")
    status = SyncWorker(outbox, link).status()
    assert (status.queued, status.held, status.acknowledged) == (2, 0, 0)
    assert status.last_error == "The center at X cannot be reached — check the network"
    assert not status.running
    SyncWorker(outbox, link, backoff=FAST).run_until_idle()
    after = SyncWorker(outbox, link).status()  # a restart: the outbox remembers
    assert after.last_sync_at is not None and after.last_error is None
    assert (after.queued, after.acknowledged) == (0, 2)


def test_listeners_run_on_the_worker_thread_and_one_that_fails_stops_nothing(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity
) -> None:
    threads: list[str] = []
    removed: list[SyncStatus] = []

    def failing(status: SyncStatus) -> None:
        threads.append(threading.current_thread().name)
        raise RuntimeError("a listener bug")

    worker = SyncWorker(outbox, link, backoff=FAST, idle_s=60)
    worker.add_listener(failing)
    worker.add_listener(removed.append)
    worker.remove_listener(removed.append)
    worker.remove_listener(removed.append)  # not there any more: no error
    worker.start()
    try:
        for _ in range(3):
            outbox.enqueue(*make_dossier(identity.kiosk_id))
        wait_for(lambda: worker.status().acknowledged == 3)
        with pytest.raises(RuntimeError, match="wake"):
            worker.run_until_idle()
    finally:
        worker.stop()
    assert "outbox-sync" in threads
    assert set(threads) <= {"outbox-sync", threading.current_thread().name}
    assert removed == []


def test_stop_from_a_listener_on_the_worker_thread_does_not_hang(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity
) -> None:
    worker = SyncWorker(outbox, link, backoff=FAST, idle_s=60)
    stopped = threading.Event()

    def stop_after_first(status: SyncStatus) -> None:
        if status.acknowledged >= 1 and not stopped.is_set():
            stopped.set()
            worker.stop()

    worker.add_listener(stop_after_first)
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    worker.start()
    assert stopped.wait(20)
    wait_for(lambda: not [t for t in threading.enumerate() if t.name == "outbox-sync"], 5)
    worker.stop()
    assert not worker.status().running


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(RECEIVED)


@pytest.fixture
def timed_outbox(state_dir: Path, identity: KioskIdentity, clock: FakeClock) -> Iterator[Outbox]:
    with Outbox(state_dir, identity.sealer(), clock=clock) as opened:
        yield opened


def test_the_worker_purges_past_the_retention_once_a_day(
    timed_outbox: Outbox, link: CenterLink, identity: KioskIdentity, clock: FakeClock
) -> None:
    outbox = timed_outbox
    worker = SyncWorker(
        outbox, link, backoff=FAST, retention=timedelta(days=7), clock=clock, idle_s=60
    )
    old = outbox.enqueue(*make_dossier(identity.kiosk_id))
    assert worker.run_until_idle()  # delivered; the idle step purges nothing yet
    assert worker.status().last_purge_at == RECEIVED
    clock.now = RECEIVED + timedelta(days=6)
    young = outbox.enqueue(*make_dossier(identity.kiosk_id))
    assert worker.run_until_idle()
    assert outbox.envelope_path(old).exists() and outbox.envelope_path(young).exists()

    clock.now = RECEIVED + timedelta(days=7, hours=1)
    assert worker.run_until_idle()
    purged = outbox.entry(old.provisional_code)
    assert purged is not None and purged.state is OutboxState.PURGED
    assert purged.official_code is not None  # the row stays: a receipt can be reprinted
    assert not outbox.envelope_path(old).exists()
    assert outbox.envelope_path(young).exists()
    assert worker.status().last_purge_at == clock.now

    clock.now = RECEIVED + timedelta(days=12, hours=23)  # a day later: a purge, of nothing
    assert worker.run_until_idle()
    assert worker.status().last_purge_at == clock.now
    # Past its own retention now, but the worker purged less than a day ago.
    clock.now = RECEIVED + timedelta(days=13, hours=12)
    assert worker.run_until_idle()
    assert outbox.envelope_path(young).exists()
    clock.now = RECEIVED + timedelta(days=14)
    assert worker.run_until_idle()
    assert not outbox.envelope_path(young).exists()
    assert worker.status().acknowledged == 2


def test_a_sealed_file_cut_short_is_held_and_the_next_one_still_goes(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity, center: EmbeddedCenter
) -> None:
    """The envelope is streamed from its file as it is sent: a short file stops mid-body."""
    short = outbox.enqueue(*make_dossier(identity.kiosk_id, [os.urandom(300_000)]))
    good = outbox.enqueue(*make_dossier(identity.kiosk_id, [os.urandom(300_000)]))
    path = outbox.envelope_path(short)
    path.write_bytes(path.read_bytes()[:100_000])
    worker = SyncWorker(outbox, link, backoff=FAST)
    with link.client() as client:
        transfer = Transfer(client, outbox)
        assert worker.run_until_idle(transfer=transfer)
    held = outbox.entry(short.provisional_code)
    assert held is not None and held.state is OutboxState.HELD
    assert "shorter than its record" in (held.last_error or "")
    delivered = outbox.entry(good.provisional_code)
    assert delivered is not None and delivered.state is OutboxState.ACKNOWLEDGED
    assert center.service.dossier_count() == 1


def test_start_after_a_stop_that_timed_out_returns_at_once(
    outbox: Outbox, link: CenterLink, identity: KioskIdentity
) -> None:
    """The old thread (its upload still under way) ends before the new one begins."""
    gate = threading.Event()

    def busy(status: SyncStatus) -> None:
        if threading.current_thread().name == "outbox-sync":
            gate.wait(10)  # the worker thread is held, as by a slow upload

    worker = SyncWorker(outbox, link, backoff=FAST, idle_s=60)
    worker.add_listener(busy)
    worker.start()
    started = time.monotonic()
    worker.stop(timeout_s=0.1)
    worker.start()
    assert time.monotonic() - started < 2
    assert len([t for t in threading.enumerate() if t.name == "outbox-sync"]) == 2
    gate.set()
    outbox.enqueue(*make_dossier(identity.kiosk_id))
    wait_for(lambda: worker.status().acknowledged == 1)
    wait_for(lambda: len([t for t in threading.enumerate() if t.name == "outbox-sync"]) == 1)
    worker.stop()
    assert not [t for t in threading.enumerate() if t.name == "outbox-sync"]
