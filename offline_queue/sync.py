"""The sync worker: a background thread that delivers the outbox to the center.

Never the GUI thread. It keeps up to ``in_flight`` dossiers on their way at
once over one keep-alive connection pool (:mod:`offline_queue.pipeline`;
picked oldest first, an interrupted upload before anything else), records
each official code as its dossier is acknowledged, holds a dossier the center
refuses for good, and once a day purges the sealed files of dossiers
acknowledged longer ago than the retention.

A failure of the link or the center itself (unreachable, 5xx, 429, a revoked
kiosk) stops it taking more: the uploads already in flight end (each settled
for what it is), then it backs off with jitter once, not once per dossier, and
starts again with one upload; the window widens by one with each delivery (a
center that is still down costs one attempt, not ``in_flight``).
With more than one in flight the center may number a kiosk's dossiers in the
order they arrive rather than the order they were queued (as it numbers
dossiers of several kiosks); each is still stored once, under its own key.

For a Qt application:

- ``start()`` and ``stop()`` may be called any number of times, from any
  thread; ``stop()`` returns promptly, cutting a backoff or idle wait short
  (an upload under way finishes first, bounded by the link's timeout);
- ``status()`` is a :class:`SyncStatus` snapshot, cheap enough for a timer;
- listeners added with ``add_listener`` are called **on the worker thread**
  after every change (and once on the thread that calls ``stop()``); a Qt UI
  re-posts them to its own thread (``ui/handoff.py`` ``GuiCallback``, or a
  queued signal) and never touches widgets from the callback itself. A
  listener that raises is logged and does not stop the worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from kiosk.errors import KioskError
from kiosk.logs import fields
from offline_queue.backoff import Backoff
from offline_queue.center_link import CenterLink
from offline_queue.errors import CenterRefused, KioskRevoked, OutboxError
from offline_queue.outbox import Outbox
from offline_queue.pipeline import MAX_WIDTH, Outcome, Pipeline
from offline_queue.records import OutboxEntry, OutboxState
from offline_queue.transfer import DEFAULT_CHUNK_BYTES, Transfer

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(days=1)
"""How often the worker looks for sealed files past their retention."""

DEFAULT_IN_FLIGHT = 3
"""Uploads at once: enough to overlap one dossier's sending with another's commit."""


@dataclass(frozen=True)
class SyncStatus:
    """What the UI shows about the sync: a value, safe to pass between threads.

    ``queued``: dossiers still to send (queued or mid-upload); ``held``: waiting
    for a technician (``kiosk queue retry``); ``acknowledged``: delivered ever;
    ``last_sync_at``: the last dossier the center acknowledged (UTC);
    ``last_error``: the last failure in a technician's words (what happened —
    what to do), ``None`` after a success; ``online``: the center answered the
    last attempt (``None``: not tried yet); ``running``: the worker thread is up.
    """

    queued: int = 0
    held: int = 0
    acknowledged: int = 0
    last_sync_at: datetime | None = None
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    online: bool | None = None
    running: bool = False
    last_purge_at: datetime | None = None


StatusCallback = Callable[[SyncStatus], None]


class SyncWorker:
    """Delivers the outbox in a background thread; ``start()``, ``wake()``, ``stop()``.

    ``retention``: how long the sealed file of an acknowledged dossier is kept
    (``None``: the outbox's own retention); ``purge_every``: how often the
    worker purges (at its first idle moment, then once per period);
    ``in_flight``: how many dossiers may be on their way at once (1 to 8).
    """

    def __init__(
        self,
        outbox: Outbox,
        link: CenterLink,
        *,
        chunk_bytes: int = DEFAULT_CHUNK_BYTES,
        backoff: Backoff | None = None,
        idle_s: float = 60.0,
        timeout_s: float | None = None,
        retention: timedelta | None = None,
        purge_every: timedelta = PURGE_EVERY,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        in_flight: int = DEFAULT_IN_FLIGHT,
    ) -> None:
        if not 1 <= in_flight <= MAX_WIDTH:
            raise ValueError(f"uploads in flight must be 1 to {MAX_WIDTH}, not {in_flight}")
        self.outbox = outbox
        self.in_flight = in_flight
        self.link = link
        self.chunk_bytes = chunk_bytes
        self.backoff = backoff or Backoff()
        self.idle_s = idle_s
        self.timeout_s = timeout_s
        self.retention = retention
        self.purge_every = purge_every
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._control = threading.Lock()  # start/stop from any thread
        self._thread: threading.Thread | None = None
        self._listeners: list[StatusCallback] = []
        self._status_lock = threading.Lock()
        self._status = self._initial_status()
        self._pipeline: Pipeline | None = None  # only the delivering thread touches it
        self._window = 1  # uploads allowed now: widens by one a delivery, up to in_flight
        outbox.add_listener(self.wake)

    def _initial_status(self) -> SyncStatus:
        """Counts and the last outcome as the outbox remembers them (before any attempt)."""
        try:
            meta = self.outbox.sync_meta()
        except OutboxError:
            return self._counted(SyncStatus())
        error = meta.last_error
        if meta.last_error_at is not None and meta.last_sync_at is not None:
            error = error if meta.last_error_at > meta.last_sync_at else None
        return self._counted(SyncStatus(last_sync_at=meta.last_sync_at, last_error=error))

    # --- control ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive() and not self._stop.is_set()

    def start(self) -> SyncWorker:
        """Start the worker thread (no-op if it runs); returns ``self``."""
        with self._control:
            if self.running:
                return self
            previous = self._thread if self._thread and self._thread.is_alive() else None
            self._stop = threading.Event()  # each run has its own: an old one stays stopped
            self._thread = threading.Thread(
                target=self._run, args=(self._stop, previous), name="outbox-sync", daemon=True
            )
            self._thread.start()
        return self

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the worker (no-op if stopped) and wait up to ``timeout_s`` for it.

        A backoff or idle wait is cut short at once; an upload under way is
        let finish (the link's timeout bounds it), so nothing is left half-recorded.
        """
        with self._control:
            self._stop.set()
            self._wake.set()
            thread = self._thread
        # Joined outside the lock: a listener on the worker thread may call stop() too.
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
            with self._control:
                if self._thread is thread and not thread.is_alive():
                    self._thread = None
        self._publish(running=False)

    def wake(self) -> None:
        """Try now (a dossier was queued, or the network came back)."""
        self._wake.set()

    def add_listener(self, callback: StatusCallback) -> None:
        """``callback(status)`` after every change, **on the worker thread** (see the module)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: StatusCallback) -> None:
        """Stop calling ``callback`` (no error if it was not added)."""
        if callback in self._listeners:
            self._listeners.remove(callback)

    def status(self) -> SyncStatus:
        """The latest snapshot; cheap, from any thread."""
        with self._status_lock:
            return self._status

    # --- the loop ----------------------------------------------------------------------

    def _run(self, stop: threading.Event, previous: threading.Thread | None) -> None:
        if previous is not None:
            # Started again after a stop() that timed out: that upload ends first.
            previous.join()
        self._publish(running=True)
        try:
            with self.link.client(self.timeout_s, connections=self.in_flight) as client:
                transfer = Transfer(client, self.outbox, self.chunk_bytes)
                try:
                    while not stop.is_set():
                        delay = self.step(transfer)
                        if delay is not None and not stop.is_set():
                            self._wait(delay, stop)
                finally:
                    self.settle()  # uploads under way end and are recorded first
        except Exception:
            log.exception("sync worker stopped by an unexpected error")
            self._publish(running=False, last_error=_UNEXPECTED)
            raise

    def run_until_idle(
        self, max_rounds: int = 1_000_000, *, transfer: Transfer | None = None
    ) -> bool:
        """Deliver in the calling thread until nothing is pending or a failure; True if idle.

        For the CLI, tests and benchmarks, not while the worker thread runs.
        ``transfer``: deliver over its connection (kept across calls, as the
        thread keeps its own); otherwise a connection is made for this call.
        """
        if self.running:
            raise RuntimeError("the sync worker thread is running: wake() it instead")
        if transfer is not None:
            return self._until_idle(transfer, max_rounds)
        with self.link.client(self.timeout_s, connections=self.in_flight) as client:
            return self._until_idle(Transfer(client, self.outbox, self.chunk_bytes), max_rounds)

    def _until_idle(self, transfer: Transfer, max_rounds: int) -> bool:
        try:
            for _ in range(max_rounds):
                delay = self.step(transfer)
                if delay is not None:
                    return self.outbox.next_to_send() is None
            return False
        finally:
            self.settle()

    def step(self, transfer: Transfer) -> float | None:
        """Fill the window, settle the next delivery to end; how long to wait (None: go on).

        Dossiers still in flight when it returns are settled by the next step
        or by :meth:`settle` (the worker thread and ``run_until_idle`` call it).
        """
        pipeline = self._pipeline_for(transfer)
        if not pipeline.any_finished():  # an ended upload may say the link failed: hear it first
            for entry in self._next_entries(pipeline):
                pipeline.submit(entry)
        if not pipeline:
            purged_at = self._purge_if_due()
            changes: dict[str, object] = {"next_attempt_at": None}
            if purged_at is not None:
                changes["last_purge_at"] = purged_at
            self._publish(**changes)
            return self.idle_s
        outcomes = [pipeline.next_done()]
        if outcomes[0].error is not None and not _holds(outcomes[0].error):
            outcomes += pipeline.drain()  # the link or the center failed: take no more
        return self._settled(outcomes)

    def settle(self) -> None:
        """Wait for the uploads in flight and record how each ended (no backoff wait)."""
        pipeline, self._pipeline = self._pipeline, None
        if pipeline is not None:
            self._settled(pipeline.drain())

    def _pipeline_for(self, transfer: Transfer) -> Pipeline:
        if self._pipeline is not None and self._pipeline.transfer is not transfer:
            self.settle()  # another connection: finish what went over the old one
        if self._pipeline is None:
            self._pipeline = Pipeline(transfer, self.in_flight)
        return self._pipeline

    def _next_entries(self, pipeline: Pipeline) -> list[OutboxEntry]:
        """Up to the window's room: interrupted uploads first, then the oldest queued."""
        room = min(pipeline.room, self._window - len(pipeline))
        if room <= 0:
            return []
        if pipeline.width == 1:
            entry = self.outbox.next_to_send()
            return [entry] if entry is not None else []
        busy = pipeline.codes
        uploading = self.outbox.entries(frozenset({OutboxState.UPLOADING}))
        queued = self.outbox.entries(frozenset({OutboxState.QUEUED}), room + len(busy))
        free = [e for e in (*uploading, *queued) if e.provisional_code not in busy]
        return free[:room]

    def _settled(self, outcomes: list[Outcome]) -> float | None:
        """Record each outcome, deliveries before failures; the backoff delay if any failed so.

        Deliveries first, so the outbox's last error stays newer than its last success.
        """
        for outcome in outcomes:
            if outcome.error is None and outcome.official_code is not None:
                self._delivered(outcome.entry, outcome.official_code)
        delay: float | None = None
        for outcome in outcomes:
            if outcome.error is not None:
                waited = self._failed(outcome.entry, outcome.error, first=delay is None)
                delay = waited if delay is None else delay
        return delay

    def _delivered(self, entry: OutboxEntry, official: str) -> None:
        self.outbox.mark_acknowledged(entry.provisional_code, official)
        self._window = min(self.in_flight, self._window + 1)
        self.backoff.reset()
        self.outbox.record_sync(None)
        self._publish(online=True, last_sync_at=self.clock(), last_error=None)

    def _failed(self, entry: OutboxEntry, exc: KioskError, *, first: bool) -> float | None:
        """Hold ``entry`` or count the attempt; a delay to back off only for the ``first``."""
        message = str(exc)
        self.outbox.record_sync(message)
        if _holds(exc):
            self.outbox.hold(entry.provisional_code, message)
            self._publish(last_error=message)
            return None
        self.outbox.mark_failed(entry.provisional_code, message)
        self._window = 1  # after a failure of the link, one probe before several
        if not first:  # the same failure seen by another upload in flight: one backoff
            self._publish(online=isinstance(exc, CenterRefused), last_error=message)
            return None
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

    def _purge_if_due(self) -> datetime | None:
        """Purge past the retention at most once per ``purge_every``; when it did, the time."""
        now = self.clock()
        last = self.status().last_purge_at
        if last is not None and now - last < self.purge_every:
            return None
        try:
            self.outbox.purge(self.retention)
        except OutboxError as exc:
            log.warning("outbox purge failed", extra=fields(error=exc.message))
        return now  # a failed purge is tried again in a period, not at every idle step

    def _wait(self, seconds: float, stop: threading.Event) -> None:
        if self.backoff.failures:
            # Backing off (maybe at the center's request): only stop() cuts it short,
            # not every new dossier.
            stop.wait(seconds)
            return
        self._wake.wait(seconds)
        self._wake.clear()

    def _counted(self, status: SyncStatus) -> SyncStatus:
        try:
            counts = self.outbox.counts()
        except OutboxError:
            return status  # the outbox is closed or failing: keep the last counts
        return replace(
            status,
            queued=counts[OutboxState.QUEUED] + counts[OutboxState.UPLOADING],
            held=counts[OutboxState.HELD],
            acknowledged=counts[OutboxState.ACKNOWLEDGED] + counts[OutboxState.PURGED],
        )

    def _publish(self, **changes: object) -> None:
        with self._status_lock:
            changed = replace(self._status, **changes)  # type: ignore[arg-type]  # field names
            self._status = self._counted(changed)
            status = self._status
        for callback in list(self._listeners):
            try:
                callback(status)
            except Exception:
                log.exception("a sync status listener failed")


def _holds(exc: KioskError) -> bool:
    """Whether a failure is the dossier's own (held for a person) rather than the link's.

    Refused for its content (400/413/422) or unreadable on the kiosk's disk:
    held, and the others go on. Anything else (unreachable, 5xx, 429, 401/403
    for a revoked kiosk) is the link's or the center's: back off.
    """
    if isinstance(exc, KioskRevoked):
        return False
    if isinstance(exc, CenterRefused):
        return exc.permanent
    return isinstance(exc, OutboxError)


_UNEXPECTED = (
    "The sync stopped on an unexpected error — restart the kiosk service; "
    "if it happens again, send its log to the maintainers"
)
