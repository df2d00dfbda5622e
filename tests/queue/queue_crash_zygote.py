"""The process the crash test kills: enqueue and sync until SIGKILL, hundreds of times.

Run as ``python queue_crash_zygote.py CONFIG.json``. It imports everything once,
starts no thread, and then for each round forks a kiosk child, lets it work
for a random moment and kills it with SIGKILL. A child opens the outbox
(recovering what the last one left), starts the sync worker and enqueues
dossiers in a loop; after each enqueue returns it appends the code to the
"told" file (what the citizen was told: received), fsynced.

Forking from a thread-free parent is what makes hundreds of kills fit in a
minute: a fresh interpreter costs ~0.5 s of imports, a fork a millisecond.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from queue_samples import make_dossier

from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.enrollment import KioskIdentity, load_identity
from offline_queue.keys import KeyPaths
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker


def child(config: dict[str, object], identity: KioskIdentity) -> None:
    state = Path(str(config["state_dir"]))
    told = os.open(str(config["told"]), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    link = CenterLink(
        str(config["url"]),
        identity.kiosk_id,
        2.0,
        key=identity.signing_key,
        ca_file=Path(str(config["ca"])),
    )
    outbox = Outbox(state, identity.sealer())
    SyncWorker(
        outbox, link, chunk_bytes=16 * 1024, backoff=Backoff(base_s=0.005, cap_s=0.05), idle_s=0.05
    ).start()
    rng = random.Random()
    while True:
        papers = [os.urandom(rng.choice((100, 5_000, 80_000)))]
        entry = outbox.enqueue(*make_dossier(identity.kiosk_id, papers))
        os.write(told, (entry.provisional_code + "\n").encode())
        os.fsync(told)


def main() -> int:
    config = json.loads(Path(sys.argv[1]).read_text())
    identity = load_identity(str(config["kiosk_id"]), KeyPaths.in_dir(Path(config["keys"])))
    rng = random.Random(int(config["seed"]))
    low, high = float(config["min_life_s"]), float(config["max_life_s"])
    early_exits = 0
    for _ in range(int(config["kills"])):
        pid = os.fork()
        if pid == 0:
            try:
                child(config, identity)
            finally:
                os._exit(3)
        time.sleep(rng.uniform(low, high))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            early_exits += 1
    print(json.dumps({"early_exits": early_exits}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
