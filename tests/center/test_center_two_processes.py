"""A province's scale-out: two ``kiosk center serve`` processes on one PostgreSQL.

Twenty kiosks upload at once, every request of every kiosk going to the other
process than the one before (chunked uploads too), as a load balancer may
send them. Nothing a request needs may live in one process's memory: a
replayed request is refused by the other process, no dossier is stored
twice, and the agency's official codes of the day run 1..N without a gap or
a repeat.
"""

from __future__ import annotations

import itertools
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from center_pg import PgCluster

from center.keys import load_or_create
from center.protocol import API_PREFIX
from center.service import CenterService, CenterSettings
from offline_queue.auth import KioskSigner
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import enroll
from offline_queue.keys import KeyPaths, load_kiosk_key
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker

# The kiosk's sample dossiers live beside the outbox's tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queue"))
from queue_samples import make_dossier

pytestmark = pytest.mark.realparts

AGENCY = "000.00.31.H29"
KIOSKS = 20
DOSSIERS_EACH = 4
PAPER = bytes(range(256)) * 400  # 100 KB: a chunked upload at 32 KB a chunk


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(data: Path, db: str, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """One ``kiosk center serve`` process, once it answers /health."""
    port = free_port()
    command = [
        sys.executable, "-m", "kiosk", "--log-level", "WARNING", "center", "serve",
        "--data", str(data), "--db", db, "--port", str(port),
    ]  # fmt: skip
    with log.open("ab") as sink:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{API_PREFIX}/health", timeout=1).is_success:
                return process, port
        except httpx.HTTPError:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"the center on port {port} did not start: {log.read_text()}")


class Alternating(httpx.BaseTransport):
    """Sends each request to the next of the center processes, in turn (a balancer)."""

    def __init__(self, ports: list[int]) -> None:
        self._ports = itertools.cycle(ports)
        self._transport = httpx.HTTPTransport()
        self._lock = threading.Lock()
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            port = next(self._ports)
            self.sent += 1
        request.url = request.url.copy_with(port=port)
        return self._transport.handle_request(request)

    def close(self) -> None:
        self._transport.close()


class BalancedLink(CenterLink):
    """A kiosk's signed link whose every request alternates between the processes."""

    def __init__(self, ports: list[int], kiosk_id: str, transport: Alternating, key: object):
        super().__init__(f"http://127.0.0.1:{ports[0]}", kiosk_id, 10.0, key=key)  # type: ignore[arg-type]
        self.transport = transport

    def client(
        self, timeout_s: float | None = None, *, connections: int | None = None
    ) -> httpx.Client:
        assert self.key is not None
        return httpx.Client(
            base_url=self.base_url + API_PREFIX,
            timeout=timeout_s or 10.0,
            trust_env=False,
            transport=self.transport,
            auth=KioskSigner(self.kiosk_id, self.key),
        )


@pytest.fixture
def two_centers(tmp_path: Path, pg_cluster: PgCluster) -> Iterator[tuple[list[int], str, Path]]:
    db = pg_cluster.new_database()
    data = tmp_path / "center"  # the sealing key and the envelopes: one shared folder
    data.mkdir(mode=0o700)
    load_or_create(data)  # made once, before two processes could race to make it
    processes = []
    try:
        for name in ("a", "b"):  # one after the other: the first runs the migrations
            processes.append(serve(data, db, tmp_path / f"serve-{name}.log"))
        yield [port for _, port in processes], db, data
    finally:
        for process, _ in processes:
            process.terminate()
        for process, _ in processes:
            process.wait(timeout=20)


def test_two_processes_share_replay_protection_and_the_daily_sequence(
    two_centers: tuple[list[int], str, Path], tmp_path: Path
) -> None:
    ports, db, data = two_centers
    settings = CenterSettings(
        database_url=db, sealing_key=load_or_create(data), blob_dir=data / "envelopes"
    )
    operator = CenterService(settings)
    try:
        transports: list[Alternating] = []
        workers: list[SyncWorker] = []
        outboxes: list[Outbox] = []
        for number in range(KIOSKS):
            kiosk_id = f"KIOSK-SCALE-{number:02d}"
            bare = CenterLink(f"http://127.0.0.1:{ports[number % 2]}", kiosk_id, 10.0)
            identity = enroll(
                bare,
                operator.issue_token(kiosk_id, AGENCY),
                KeyPaths.in_dir(tmp_path / kiosk_id / "keys"),
            )
            transport = Alternating(ports)
            transports.append(transport)
            link = BalancedLink(ports, kiosk_id, transport, identity.signing_key)
            outbox = Outbox(tmp_path / kiosk_id, identity.sealer())
            outboxes.append(outbox)
            for _ in range(DOSSIERS_EACH):
                outbox.enqueue(*make_dossier(kiosk_id, [PAPER]))
            workers.append(SyncWorker(outbox, link, chunk_bytes=32 * 1024))
        failures: list[BaseException] = []

        def deliver(worker: SyncWorker) -> None:
            try:
                assert worker.run_until_idle(max_rounds=200)
            except BaseException as exc:  # reported below, with the others
                failures.append(exc)

        threads = [threading.Thread(target=deliver, args=(w,)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
        assert not failures, failures
        total = KIOSKS * DOSSIERS_EACH
        assert operator.dossier_count() == total
        with operator.db.transaction() as tx:
            codes = [str(row[0]) for row in tx.execute("SELECT official_code FROM dossiers")]
        sequences = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
        assert sequences == list(range(1, total + 1)), "gaps or repeats in the daily sequence"
        for outbox in outboxes:
            assert outbox.next_to_send() is None
            outbox.close()
        requests = sum(t.sent for t in transports)
        assert requests >= total * 3  # each dossier took several requests, across both
        print(f"{total} dossiers from {KIOSKS} kiosks in {requests} requests over 2 processes")
        replay_is_refused_by_the_other_process(ports, tmp_path)
    finally:
        operator.close()


def replay_is_refused_by_the_other_process(ports: list[int], tmp_path: Path) -> None:
    """A signed heartbeat accepted by process A is refused when replayed to process B."""
    keys = KeyPaths.in_dir(tmp_path / "KIOSK-SCALE-00" / "keys")
    signer = KioskSigner("KIOSK-SCALE-00", load_kiosk_key(keys.kiosk_key))
    seen: list[httpx.Request] = []
    with httpx.Client(
        base_url=f"http://127.0.0.1:{ports[0]}{API_PREFIX}",
        auth=signer,
        trust_env=False,
        event_hooks={"request": [seen.append]},
    ) as client:
        first = client.get("/kiosks/KIOSK-SCALE-00")
    assert first.status_code == 404, first.text  # signed and accepted: no heartbeat yet
    sent = seen[0]
    with httpx.Client(trust_env=False) as raw:
        again = raw.send(
            raw.build_request(
                sent.method,
                sent.url.copy_with(port=ports[1]),
                headers=sent.headers,
                content=sent.content,
            )
        )
    assert again.status_code == 401
    assert again.json()["error"] == "replayed_request"
