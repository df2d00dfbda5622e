"""Outbox and sync figures, each against a baseline measured in the same run.

    .venv/bin/python bench/bench_queue.py [--rounds N] [--scan-mb 5] [--sync-rounds N]

1. Durable enqueue of a dossier with 5 MB of scans (seal, sign, write, fsync,
   rename, directory fsync, SQLite commit) against a raw write+fsync of the
   same 5 MB into a new file on the same filesystem. Goal: <= 1.5x.
2. Sync throughput (the sync worker: signed, idempotent upload over TLS, the
   center checking the signature, the seal and the papers, storing the
   envelope and assigning its code) against a raw HTTPS POST of the same
   sealed bytes to a route on the same server that stores them (write+fsync),
   the least a receiver that keeps what it acknowledges must do. Goal: >= 80 %.
   Both keep their TLS connections across rounds (the worker thread keeps its
   own for its life); the three take turns going first. Run at 1 upload at a
   time and at N (``--in-flight``, the worker's default 3): at N the worker
   keeps N dossiers in flight over one keep-alive pool of N connections, and
   the raw baselines get the same: N threads posting the same sealed bodies
   over one client's pool of N TLS connections (same payloads, same TLS, same
   concurrency; the center speaks HTTP/1.1 only, so no HTTP/2 for either). The goal is checked
   on the median of each round's sync/raw ratio (the load of a shared
   machine drifts between rounds; within a round both see the same). A route
   that discards the bytes is shown too, for the transport's ceiling.
   The center writes and checks an envelope while it arrives, which that
   baseline does not do; so the sync is also put against a raw POST that
   streams to disk as it arrives (each piece written, one fsync at the end),
   in rounds of its own (no goal: what the protocol costs against a receiver
   that streams too). Separate rounds keep section 2 as it always was.
   Each of the two starts with one untimed round of every run. Without it,
   round 0 timed a cold process: each side's first POST opened its TLS
   connection, the first sync started the center's worker threads, and the
   server's event-loop thread took 2,000-4,600 page faults per 5 MB body for
   its first eight or so (its malloc arena growing), then almost none; a
   streamed raw POST ran at 190-250 MB/s then, 290-350 once warm. That was
   the "raw baseline speeds up after a sync run in the same process": once
   warm, a raw run after a sync run and one after a raw run differ by no more
   than the noise (medians over 6 runs each way, both directions).
3. Center ingest rate of small dossiers: over HTTPS with one kiosk's worker
   (1 and N in flight), and straight into the center's service (no HTTP).
4. A WAN's round trip (``--rtt-ms``, 40 by default) through a loopback proxy
   that delays each block each way (bench/delay_link.py): dossiers of 300 kB
   by the sync worker and by raw POSTs of the same bodies, at 1 and N in
   flight (the raw side at the same concurrency). Loopback hides the round
   trips one upload at a time waits for; a kiosk's real link does not.

Medians over the rounds. Everything runs on 127.0.0.1 in a temporary folder.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import socket
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import httpx
from delay_link import DelayLink  # bench/, this script's folder
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from center.keys import SealingKey
from center.protocol import EnrollRequest
from center.server import EmbeddedCenter
from center.service import CenterService, CenterSettings
from center.tls import make_pki
from kiosk.dossier import (
    Appointment,
    Consent,
    Dossier,
    Identity,
    IdentitySource,
    PaperRef,
    new_provisional_code,
)
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity, enroll
from offline_queue.keys import KeyPaths
from offline_queue.outbox import Outbox
from offline_queue.sync import DEFAULT_IN_FLIGHT, SyncWorker
from offline_queue.transfer import Transfer

KIOSK = "KIOSK-BENCH"
AGENCY = "000.00.31.H29"
NOW = datetime(2025, 11, 24, 2, 15, tzinfo=UTC)


def dossier(papers: list[bytes]) -> Dossier:
    refs = tuple(
        PaperRef(
            requirement_id=f"p{i}",
            title_vi="Bản quét",
            pages=10,
            sha256=hashlib.sha256(p).hexdigest(),
            size_bytes=len(p),
        )
        for i, p in enumerate(papers)
    )
    return Dossier(
        provisional_code=new_provisional_code(KIOSK, NOW.date()),
        kiosk_id=KIOSK,
        procedure_code="1.001234",
        procedure_name_vi="Cấp bản sao trích lục hộ tịch",
        catalog_version="bench",
        identity=Identity(
            id_number="001099012345",
            full_name="Người Thử Hiệu Năng",
            date_of_birth=NOW.date().replace(year=1990),
            source=IdentitySource.TYPED,
        ),
        papers=refs,
        consent=Consent(notice_version="1", notice_sha256="0" * 64, language="vi", accepted_at=NOW),
        received_at=NOW,
        appointment=Appointment(ready_at=NOW + timedelta(days=3), rule="3 working days"),
    )


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def raw_write_fsync(folder: Path, data: bytes) -> float:
    """A new file written and fsynced: the least any durable store must do."""
    path = folder / f"raw-{os.urandom(4).hex()}"

    def write() -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)

    # Kept until the end, as the outbox keeps its files: both allocate fresh blocks.
    return timed(write)


def bench_enqueue(outbox: Outbox, folder: Path, rounds: int, scan_bytes: int) -> None:
    enqueue, raw = [], []
    for _ in range(rounds):
        scans = [os.urandom(scan_bytes)]
        item = dossier(scans)
        raw.append(raw_write_fsync(folder, scans[0]))
        enqueue.append(timed(lambda: outbox.enqueue(item, scans)))  # noqa: B023
    ratio = statistics.median(enqueue) / statistics.median(raw)
    verdict = "OK" if ratio <= 1.5 else "over the goal"
    print(f"1. durable enqueue, {scan_bytes / 1e6:.0f} MB of scans (median of {rounds})")
    print(f"   raw write+fsync      {median_ms(raw):8.2f} ms")
    print(f"   Outbox.enqueue       {median_ms(enqueue):8.2f} ms")
    print(f"   ratio                {ratio:8.2f} x   (goal <= 1.5 x: {verdict})")


def paired_rounds(
    *,
    outbox: Outbox,
    link: CenterLink,
    center: EmbeddedCenter,
    ca: Path,
    rounds: int,
    scan_bytes: int,
    per_round: int,
    raw_routes: dict[str, str],
    width: int,
) -> dict[str, list[float]]:
    """Bytes per second of each run, per round: the sync worker and raw POSTs to ``raw_routes``.

    Each round enqueues fresh dossiers, then times every run on the same envelopes,
    in a different order each round: no side always runs first (or after a warm-up).
    One untimed round comes first (see the module's docstring: a cold process).
    """
    speeds: dict[str, list[float]] = {name: [] for name in (*raw_routes, "sync")}
    verify = ssl.create_default_context(cafile=str(ca))
    transport = httpx.HTTPTransport(
        verify=verify,
        socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        limits=httpx.Limits(max_connections=width, max_keepalive_connections=width),
    )
    worker = SyncWorker(outbox, link, backoff=Backoff(base_s=0.01, cap_s=0.1), in_flight=width)
    # Both sides keep their connections across rounds, as the worker thread does.
    with (
        httpx.Client(base_url=center.url, transport=transport, trust_env=False) as http,
        link.client(connections=width) as client,
    ):
        transfer = Transfer(client, outbox)
        for index in range(-1, rounds):  # -1: the warm-up round, not kept
            entries = []
            for _ in range(per_round):
                scans = [os.urandom(scan_bytes)]
                entries.append(outbox.enqueue(dossier(scans), scans))
            size = sum(e.envelope_size for e in entries)
            bodies = [outbox.envelope_path(e).read_bytes() for e in entries]
            runs: dict[str, Callable[[], object]] = {
                name: partial(_post_all, http, route, bodies, width)
                for name, route in raw_routes.items()
            }
            runs["sync"] = partial(worker.run_until_idle, transfer=transfer)
            names = list(runs)
            order = names[index % len(names) :] + names[: index % len(names)]
            for name in order:
                speed = size / timed(runs[name])
                if index >= 0:
                    speeds[name].append(speed)
    return speeds


def _post_all(http: httpx.Client, route: str, bodies: list[bytes], width: int) -> None:
    """Every body posted, ``width`` at a time over the client's pool."""
    if width == 1:
        for body in bodies:
            http.post(route, content=body).raise_for_status()
        return
    with ThreadPoolExecutor(width) as pool:
        for reply in pool.map(lambda body: http.post(route, content=body), bodies):
            reply.raise_for_status()


def per_round_ratio(synced: list[float], baseline: list[float]) -> float:
    """Median of each round's sync against the same round's baseline: the machine's
    load drifts between rounds, and a paired ratio cancels that drift."""
    return statistics.median(s / r for s, r in zip(synced, baseline, strict=True))


def bench_sync(
    *,
    width: int,
    outbox: Outbox,
    link: CenterLink,
    center: EmbeddedCenter,
    ca: Path,
    rounds: int,
    scan_bytes: int,
    per_round: int,
) -> None:
    speeds = paired_rounds(
        rounds=rounds,
        scan_bytes=scan_bytes,
        per_round=per_round,
        raw_routes={"raw": "/bench/store", "discard": "/bench/discard"},
        width=width,
        outbox=outbox,
        link=link,
        center=center,
        ca=ca,
    )
    synced, raw, discard = speeds["sync"], speeds["raw"], speeds["discard"]
    ratio = per_round_ratio(synced, raw)
    verdict = "OK" if ratio >= 0.8 else "under the goal"
    print(
        f"2. sync throughput, {width} upload(s) in flight, dossiers of {scan_bytes / 1e6:.0f} MB "
        f"over TLS (median of {rounds} rounds of {per_round})"
    )
    print(f"   raw POST, discarded  {statistics.median(discard) / 1e6:8.1f} MB/s (ceiling)")
    print(f"   raw POST, stored     {statistics.median(raw) / 1e6:8.1f} MB/s (baseline)")
    print(f"   sync worker          {statistics.median(synced) / 1e6:8.1f} MB/s")
    print(
        f"   ratio of medians     {statistics.median(synced) / statistics.median(raw) * 100:8.1f} %"
    )
    print(f"   ratio, per round     {ratio * 100:8.1f} %   (median; goal >= 80 %: {verdict})")


def bench_sync_streamed(
    *,
    width: int,
    outbox: Outbox,
    link: CenterLink,
    center: EmbeddedCenter,
    ca: Path,
    rounds: int,
    scan_bytes: int,
    per_round: int,
) -> None:
    speeds = paired_rounds(
        rounds=rounds,
        scan_bytes=scan_bytes,
        per_round=per_round,
        raw_routes={"streamed": "/bench/stream"},
        width=width,
        outbox=outbox,
        link=link,
        center=center,
        ca=ca,
    )
    synced, streamed = speeds["sync"], speeds["streamed"]
    ratio = per_round_ratio(synced, streamed)
    print(
        f"2b. sync against a raw POST streamed to disk, {width} in flight "
        f"({rounds} rounds of {per_round})"
    )
    print(f"   raw POST, streamed   {statistics.median(streamed) / 1e6:8.1f} MB/s")
    print(f"   sync worker          {statistics.median(synced) / 1e6:8.1f} MB/s")
    print(f"   ratio, per round     {ratio * 100:8.1f} %   (median; no goal)")


def bench_latency(
    *,
    widths: list[int],
    outbox: Outbox,
    link: CenterLink,
    center: EmbeddedCenter,
    ca: Path,
    rtt_ms: float,
    count: int = 24,
    paper_bytes: int = 300_000,
) -> None:
    """Sync and raw POSTs through a link with a round trip, at each width."""
    print(
        f"4. over a link with a {rtt_ms:.0f} ms round trip (loopback proxy), "
        f"{count} dossiers of {paper_bytes / 1e3:.0f} kB"
    )
    verify = ssl.create_default_context(cafile=str(ca))
    with DelayLink(center.port, rtt_ms / 2000) as wan:
        far = CenterLink(wan.url, link.kiosk_id, 30.0, key=link.key, ca_file=link.ca_file)
        for width in widths:
            worker = SyncWorker(outbox, far, backoff=Backoff(0.01, 0.1), in_flight=width)
            limits = httpx.Limits(max_connections=width, max_keepalive_connections=width)
            transport = httpx.HTTPTransport(verify=verify, limits=limits)
            with (
                far.client(connections=width) as client,
                httpx.Client(base_url=wan.url, transport=transport, trust_env=False) as http,
            ):
                transfer = Transfer(client, outbox)
                timings: dict[str, float] = {}
                for timed_round in (False, True):  # the first opens the connections
                    entries = []
                    for _ in range(count if timed_round else 2 * width):
                        scans = [os.urandom(paper_bytes)]
                        entries.append(outbox.enqueue(dossier(scans), scans))
                    bodies = [outbox.envelope_path(e).read_bytes() for e in entries]
                    raw = timed(partial(_post_all, http, "/bench/store", bodies, width))
                    sync = timed(partial(worker.run_until_idle, transfer=transfer))
                    timings = {"raw": raw, "sync": sync}
            print(
                f"   {width} in flight: raw POST {count / timings['raw']:6.1f} dossiers/s, "
                f"sync {count / timings['sync']:6.1f} dossiers/s, "
                f"sync/raw {timings['raw'] / timings['sync'] * 100:5.1f} %"
            )


def bench_ingest(
    *,
    outbox: Outbox,
    link: CenterLink,
    identity: KioskIdentity,
    sealing_key: SealingKey,
    folder: Path,
    widths: list[int],
    count: int = 200,
    rounds: int = 3,
) -> None:
    http_rates: dict[int, list[float]] = {width: [] for width in widths}
    for width in widths:
        worker = SyncWorker(outbox, link, backoff=Backoff(base_s=0.01, cap_s=0.1), in_flight=width)
        with link.client(connections=width) as client:
            transfer = Transfer(client, outbox)
            for _ in range(rounds):
                for _ in range(count):
                    scans = [os.urandom(2000)]
                    outbox.enqueue(dossier(scans), scans)
                run = partial(worker.run_until_idle, transfer=transfer)
                http_rates[width].append(count / timed(run))
    service = CenterService(
        CenterSettings(
            database_url=f"sqlite:///{folder / 'direct.db'}",
            sealing_key=sealing_key,
            blob_dir=folder / "direct-envelopes",
        )
    )
    token = service.issue_token(KIOSK, AGENCY)
    public = base64.b64encode(identity.signing_key.public_key().public_bytes_raw()).decode()
    service.enroll(EnrollRequest(token=token, kiosk_id=KIOSK, public_key=public))
    row = service.kiosk(KIOSK)
    assert row is not None
    direct_rates = []
    for _ in range(rounds):
        bodies = []
        for _ in range(count):
            scans = [os.urandom(2000)]
            item = dossier(scans)
            entry = outbox.enqueue(item, scans)
            bodies.append((entry, outbox.envelope_path(entry).read_bytes()))
        outbox.purge(timedelta(0))

        def ingest() -> None:
            for entry, body in bodies:  # noqa: B023
                service.ingest.start(
                    row,
                    entry.idempotency_key,
                    code=entry.provisional_code,
                    length=len(body),
                    digest=entry.envelope_sha256,
                    first=body,
                )

        direct_rates.append(count / timed(ingest))
    service.close()
    print(f"3. center ingest, small dossiers (median of {rounds} rounds of {count})")
    for width, rates in http_rates.items():
        print(
            f"   over HTTPS, one kiosk  {statistics.median(rates):8.0f} dossiers/s "
            f"({width} in flight)"
        )
    print(
        f"   service, no HTTP       {statistics.median(direct_rates):8.0f} dossiers/s "
        "(seal checked, envelope fsynced, SQLite index synchronous=FULL)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--scan-mb", type=float, default=5.0)
    parser.add_argument("--sync-rounds", type=int, default=9, help="rounds of --per-round")
    parser.add_argument("--per-round", type=int, default=6, help="dossiers a sync round")
    parser.add_argument("--in-flight", type=int, default=DEFAULT_IN_FLIGHT, help="N uploads")
    parser.add_argument("--rtt-ms", type=float, default=40.0, help="round trip of section 4")
    args = parser.parse_args()
    scan_bytes = int(args.scan_mb * 1_000_000)
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        folder = Path(tmp)
        pki = make_pki(folder / "pki")
        settings = CenterSettings(
            database_url=f"sqlite:///{folder / 'center.db'}", blob_dir=folder / "envelopes"
        )
        center = EmbeddedCenter(settings, tls=pki)

        async def discard(request: Request) -> Response:
            async for _ in request.stream():
                pass
            return Response(status_code=204)

        async def store(request: Request) -> Response:
            body = await request.body()
            await run_in_threadpool(raw_write_fsync, folder, body)
            return Response(status_code=204)

        async def stream(request: Request) -> Response:
            # Each piece written as it arrives (page cache), one fsync at the end.
            path = folder / f"raw-{os.urandom(4).hex()}"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                async for piece in request.stream():
                    view = memoryview(piece)
                    while view:
                        view = view[os.write(fd, view) :]
                await run_in_threadpool(os.fsync, fd)
            finally:
                os.close(fd)
            return Response(status_code=204)

        center.app.add_route("/bench/discard", discard, methods=["POST"])
        center.app.add_route("/bench/stream", stream, methods=["POST"])
        center.app.add_route("/bench/store", store, methods=["POST"])
        with center:
            token = center.service.issue_token(KIOSK, AGENCY)
            bare = CenterLink(center.url, KIOSK, 30.0, ca_file=pki.ca)
            identity: KioskIdentity = enroll(bare, token, KeyPaths.in_dir(folder / "keys"))
            link = bare.with_key(identity.signing_key)
            print(
                f"bench_queue: {os.cpu_count()} cores, state on {folder} "
                f"(python {sys.version.split()[0]})"
            )
            with Outbox(folder / "state", identity.sealer()) as outbox:
                bench_enqueue(outbox, folder, args.rounds, scan_bytes)
                for width in sorted({1, args.in_flight}):
                    bench_sync(
                        width=width,
                        outbox=outbox,
                        link=link,
                        center=center,
                        ca=pki.ca,
                        rounds=args.sync_rounds,
                        scan_bytes=scan_bytes,
                        per_round=args.per_round,
                    )
                for width in sorted({1, args.in_flight}):
                    bench_sync_streamed(
                        width=width,
                        outbox=outbox,
                        link=link,
                        center=center,
                        ca=pki.ca,
                        rounds=args.sync_rounds,
                        scan_bytes=scan_bytes,
                        per_round=args.per_round,
                    )
                bench_ingest(
                    widths=sorted({1, args.in_flight}),
                    outbox=outbox,
                    link=link,
                    identity=identity,
                    sealing_key=center.service.sealing_key,
                    folder=folder,
                )
                bench_latency(
                    widths=sorted({1, args.in_flight}),
                    outbox=outbox,
                    link=link,
                    center=center,
                    ca=pki.ca,
                    rtt_ms=args.rtt_ms,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
