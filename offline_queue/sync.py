"""The sync worker: a background thread that delivers the outbox to the center.

Never the GUI thread. It sends one dossier at a time (oldest first, an
interrupted upload before anything else), records the center's official code,
backs off with jitter when the center is unreachable or busy, holds a dossier
the center refuses for good, and purges acknowledged dossiers past their
retention. The UI reads :meth:`SyncWorker.status` (a plain snapshot) or
registers a callback; callbacks run on the worker thread, so a Qt UI bridges
them to its own thread (``ui/handoff.py``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from kiosk.errors import CenterError, KioskError
from kiosk.logs import fields
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.errors import CenterRefused, KioskRevoked, OutboxError
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxEntry, OutboxState
from offline_queue.transfer import DEFAULT_CHUNK_BYTES, Transfer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    """What the UI shows about the sync: a value, safe to pass between threads."""

    queued: int = 0
    held: int = 0
    acknowledged: int = 0
    last_sync_at: datetime | None = None
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    online: bool | None = None
    running: bool = False


StatusCallback = Callable[[SyncStatus], None]


class SyncWorker:
    """Delivers the outbox in a background thread; ``start()``, ``wake()``, ``stop()``."""

    def __init__(
        self,
        outbox: Outbox,
        link: CenterLink,
        *,
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
        backoff: Backoff | None = None,
        idle_s: float = 60.0,
        timeout_s: float | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.outbox = outbox
        self.link = link
        self.chunk_bytes = chunk_bytes
        self.backoff = backoff or Backoff()
        self.idle_s = idle_s
        self.timeout_s = timeout_s
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listeners: list[StatusCallback] = []
        self._status_lock = threading.Lock()
        self._status = SyncStatus()
        outbox.add_listener(self.wake)

    # --- control ---------------------------------------------------------------------

    def start(self) -> SyncWorker:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="outbox-sync", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask the worker to finish the current request and wait for it."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
        self._publish(running=False)

    def wake(self) -> None:
        """Try now (a dossier was queued, or the network came back)."""
        self._wake.set()

    def add_listener(self, callback: StatusCallback) -> None:
        """``callback(status)`` after every change, on the worker thread."""
        self._listeners.append(callback)

    def status(self) -> SyncStatus:
        with self._status_lock:
            return self._status

    # --- the loop ----------------------------------------------------------------------

    def _run(self) -> None:
        self._publish(running=True)
        try:
            with self.link.client(self.timeout_s) as client:
                transfer = Transfer(client, self.outbox, self.chunk_bytes)
                while not self._stop.is_set():
                    delay = self.step(transfer)
                    if delay is not None:
                        self._wait(delay)
        except Exception:
            log.exception("sync worker stopped by an unexpected error")
            raise

    def run_until_idle(self, max_rounds: int = 1_000_000) -> bool:
        """Deliver in the calling thread until nothing is pending or a failure; True if idle."""
        with self.link.client(self.timeout_s) as client:
            transfer = Transfer(client, self.outbox, self.chunk_bytes)
            for _ in range(max_rounds):
                delay = self.step(transfer)
                if delay is not None:
                    return self.outbox.next_to_send() is None
        return False

    def step(self, transfer: Transfer) -> float | None:
        """Send the next dossier; return how long to wait before the next step (None: go on)."""
        entry = self.outbox.next_to_send()
        if entry is None:
            self._purge()
            self._publish(next_attempt_at=None)
            return self.idle_s
        try:
            official = transfer.deliver(entry)
        except KioskRevoked as exc:
            return self._failed(entry, exc, hold=False)
        except CenterRefused as exc:
            return self._failed(entry, exc, hold=exc.permanent)
        except CenterError as exc:
            return self._failed(entry, exc, hold=False)
        except OutboxError as exc:
            return self._failed(entry, exc, hold=True)
        self.outbox.mark_acknowledged(entry.provisional_code, official)
        self.backoff.reset()
        self.outbox.record_sync(None)
        self._publish(online=True, last_sync_at=self.clock(), last_error=None)
        return None

    def _failed(self, entry: OutboxEntry, exc: KioskError, *, hold: bool) -> float | None:
        message = str(exc)
        self.outbox.record_sync(message)
        if hold:
            self.outbox.hold(entry.provisional_code, message)
            self._publish(last_error=message)
            return None
        self.outbox.mark_failed(entry.provisional_code, message)
        retry_after = exc.retry_after_s if isinstance(exc, CenterRefused) else None
        delay = self.backoff.next_delay(retry_after)
        online = isinstance(exc, CenterRefused)
        log.info(
            "sync attempt failed",
            extra=fields(
                code=entry.provisional_code,
                error=type(exc).__name__,
                attempt=self.backoff.failures,
                duration_ms=int(delay * 1000),
            ),
        )
        self._publish(
            online=online,
            last_error=message,
            next_attempt_at=self.clock() + timedelta(seconds=delay),
        )
        return delay

    def _purge(self) -> None:
        try:
            self.outbox.purge()
        except OutboxError as exc:
            log.warning("outbox purge failed", extra=fields(error=exc.message))

    def _wait(self, seconds: float) -> None:
        if self.backoff.failures:
            # Backing off (maybe at the center's request): only stop() cuts it short,
            # not every new dossier.
            self._stop.wait(seconds)
            return
        self._wake.wait(seconds)
        self._wake.clear()

    def _publish(self, **changes: object) -> None:
        counts = self.outbox.counts()
        with self._status_lock:
            self._status = replace(
                self._status,
                queued=counts[OutboxState.QUEUED] + counts[OutboxState.UPLOADING],
                held=counts[OutboxState.HELD],
                acknowledged=counts[OutboxState.ACKNOWLEDGED] + counts[OutboxState.PURGED],
                **changes,  # type: ignore[arg-type]  # the keyword names are fields
            )
            status = self._status
        for callback in self._listeners:
            callback(status)
