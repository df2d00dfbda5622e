"""The back office's page times with a province's worth of dossiers in the database.

    .venv/bin/python bench/bench_console.py [--dossiers 100000] [--rounds 30] [--db sqlite]

Fills the center's database (a private PostgreSQL cluster by default, as a
province runs; ``--db sqlite`` for one box) with N dossier index rows spread
over 200 days, 40 kiosks and 4 agencies, plus one dossier a kiosk really
sealed and uploaded; then times, over HTTP on loopback with a signed-in
officer's cookie:

- the inbox's first page (goal: median <= 100 ms on PostgreSQL at 100k),
  a filtered one (status + procedure), a deep page (page 40) and a search by code;
- the dossier page (the envelope opened, seal and signature checked again);
- the public lookup page by token;

and reports how many lookups one client gets before HTTP 429. Medians and
95th percentiles; nothing is timed inside the tests.
"""

from __future__ import annotations

import argparse
import re
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "center"))

from center_pg import PgCluster, why_unavailable  # noqa: E402
from center_samples import received_dossier  # noqa: E402

from center.server import EmbeddedCenter  # noqa: E402
from center.service import CenterSettings  # noqa: E402

AGENCIES = ("000.00.31.H29", "000.00.31.H30", "000.00.32.H31", "000.00.33.H32")
PROCEDURES = ("2.000488", "2.000884", "1.001234", "2.001023", "1.000656")
STATES = ("received", "accepted", "in_processing", "result_ready", "returned", "refused")
PASSWORD = secrets.token_urlsafe(16)  # a throwaway account of a throwaway center


def fill(center: EmbeddedCenter, count: int) -> None:
    """``count`` index rows (their envelopes are not needed to list them)."""
    start = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)
    batch: list[tuple[object, ...]] = []
    sequence: dict[tuple[str, str], int] = {}
    for number in range(count):
        agency = AGENCIES[number % len(AGENCIES)]
        received = start + timedelta(minutes=3 * number)
        day = received.strftime("%y%m%d")
        sequence[(agency, day)] = sequence.get((agency, day), 0) + 1
        official = f"{agency}-{day}-{sequence[(agency, day)]:04d}"
        batch.append(
            (
                f"K-BENCH-{number % 40:02d}-{day}-{number:08X}",
                official,
                f"KIOSK-BENCH-{number % 40:02d}",
                agency,
                PROCEDURES[number % len(PROCEDURES)],
                received.isoformat(),
                "0" * 64,
                "bench",
                received.isoformat(),
                STATES[number % len(STATES)],
                "Thủ tục mẫu",
                (received + timedelta(days=10)).isoformat(),
                2,
            )
        )
        if len(batch) == 5000 or number == count - 1:
            with center.service.db.transaction() as tx:
                for row in batch:
                    tx.execute(
                        "INSERT INTO dossiers (provisional_code, official_code, kiosk_id, "
                        "agency_code, procedure_code, received_at, envelope_sha256, source, "
                        "stored_at, state, procedure_name, due_at, paper_count) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        row,
                    )
            batch = []
    if center.service.db.dialect == "postgresql":
        with center.service.db.transaction() as tx:
            tx.execute("ANALYZE dossiers")


def signed_in(center: EmbeddedCenter) -> httpx.Client:
    client = httpx.Client(base_url=center.url, trust_env=False, timeout=30)
    page = client.get("/login")
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match is not None
    form = {"username": "bench.officer", "password": PASSWORD, "csrf": match.group(1)}
    reply = client.post("/login", data=form)
    assert reply.status_code == 303, reply.text
    return client


def timed(client: httpx.Client, path: str, rounds: int) -> tuple[float, float]:
    """Median and 95th percentile (ms) of GET ``path`` after one untimed warm-up."""
    client.get(path).raise_for_status()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        reply = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        reply.raise_for_status()
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    args = parser.parse_args()
    cluster = None
    if args.db == "postgresql":
        reason = why_unavailable()
        if reason is not None:
            print(f"PostgreSQL unavailable: {reason}")
            return 1
        cluster = PgCluster().start()
        url = cluster.new_database()
    else:
        folder = Path(__import__("tempfile").mkdtemp(prefix="bench-console-"))
        url = f"sqlite:///{folder / 'center.db'}"
    try:
        with EmbeddedCenter(CenterSettings(database_url=url)) as center:
            started = time.perf_counter()
            fill(center, args.dossiers)
            code, token = received_dossier(center.service, AGENCIES[0])
            filled = time.perf_counter() - started
            print(f"{args.dossiers} dossiers on {args.db}, filled in {filled:.0f} s")
            center.service.add_user("bench.officer", PASSWORD, "officer", [AGENCIES[0]])
            client = signed_in(center)
            try:
                pages = {
                    "inbox, first page": "/dossiers",
                    "inbox, status + procedure": "/dossiers?status=accepted&procedure=2.000488",
                    "inbox, page 40": "/dossiers?page=40",
                    "inbox, search by code": f"/dossiers?q={code}",
                    "dossier page (opened)": f"/dossiers/{code}",
                    "lookup page by token": f"/tra-cuu/{token}",
                }
                print(f"{'page':32} {'median ms':>10} {'p95 ms':>8}")
                for name, path in pages.items():
                    median, p95 = timed(client, path, args.rounds)
                    print(f"{name:32} {median:10.1f} {p95:8.1f}")
            finally:
                client.close()
            with httpx.Client(base_url=center.url, trust_env=False) as anonymous:
                allowed = 0
                for _ in range(200):
                    reply = anonymous.post(
                        "/tra-cuu",
                        data={"code": code, "id_last4": f"{secrets.randbelow(10_000):04d}"},
                    )
                    if reply.status_code == 429:
                        break
                    allowed += 1
                print(f"lookup by code + 4 digits: {allowed} tries per client before HTTP 429")
    finally:
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
