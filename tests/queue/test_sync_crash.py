"""Acceptance: SIGKILL a kiosk at random points of enqueue and sync, hundreds of times.

Every dossier the citizen was told about is in the outbox, the outbox reopens
cleanly after every kill (each child starts by reopening it), no half-written
file survives, and once synced the center holds each dossier exactly once with
a gap-free daily sequence.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from center.server import EmbeddedCenter
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxState
from offline_queue.sync import SyncWorker

KILLS = 200
BUDGET_S = 90
ZYGOTE = Path(__file__).with_name("queue_crash_zygote.py")


def test_sigkill_at_random_points_loses_and_duplicates_nothing(
    tmp_path: Path,
    state_dir: Path,
    identity: KioskIdentity,
    center: EmbeddedCenter,
    link: CenterLink,
    pki,
) -> None:
    told_file = tmp_path / "told.txt"
    config = {
        "state_dir": str(state_dir),
        "keys": str(state_dir / "keys"),
        "kiosk_id": identity.kiosk_id,
        "url": center.url,
        "ca": str(pki.ca),
        "told": str(told_file),
        "kills": KILLS,
        "seed": 4242,
        "min_life_s": 0.02,
        "max_life_s": 0.25,
    }
    config_file = tmp_path / "crash.json"
    config_file.write_text(json.dumps(config))
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, str(ZYGOTE), str(config_file)],
        capture_output=True,
        text=True,
        timeout=BUDGET_S,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {"early_exits": 0}, run.stderr[-3000:]
    synced_while_killing = center.service.dossier_count()

    lines = told_file.read_text().split("\n")
    told = [line for line in lines[:-1] if line]  # the last piece may be cut mid-write
    assert len(told) > KILLS // 4, "too few enqueues happened between kills"
    assert synced_while_killing > 0, "no sync happened between kills"

    with Outbox(state_dir, identity.sealer()) as outbox:
        assert outbox.is_owner
        entries = {entry.provisional_code: entry for entry in outbox.entries()}
        missing = [code for code in told if code not in entries]
        assert not missing, f"{len(missing)} dossiers told 'received' were lost"
        on_disk = {p.name for p in outbox.sealed_dir.iterdir()}
        assert on_disk == {e.envelope_file for e in entries.values()}
        worker = SyncWorker(outbox, link, backoff=Backoff(base_s=0.01, cap_s=0.05))
        for _ in range(20):
            if worker.run_until_idle():
                break
        counts = outbox.counts()
        assert counts[OutboxState.ACKNOWLEDGED] == len(entries), counts
        final = outbox.entries()

    assert center.service.dossier_count() == len(entries)
    sequences = []
    for entry in final:
        remote = center.service.dossier_status(entry.provisional_code)
        assert remote is not None and remote.official_code == entry.official_code
        sequences.append(int(remote.official_code.rsplit("-", 1)[1]))
    assert sorted(sequences) == list(range(1, len(entries) + 1))
    assert time.monotonic() - started < BUDGET_S
