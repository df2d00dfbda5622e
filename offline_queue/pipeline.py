"""A bounded window of dossiers on their way to the center at once, over one client.

One upload at a time leaves the link idle while the center checks, stores and
commits each dossier; with two or three in flight, one is sent while another
is committed. Each dossier keeps its own idempotency key, so the center's
exactly-once rule holds whatever the order the replies come back in; the
window only bounds how many envelopes are being read and sent at once (each is
streamed from its file, never loaded whole), and a dossier is never in it twice.

``width`` 1 sends in the calling thread (no extra thread): the one-at-a-time
worker as it always was. Wider windows send from a small thread pool that
exists only while something is in flight; the caller settles the outcomes, in
the order the deliveries finish, on its own thread.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from kiosk.errors import CenterError, KioskError
from offline_queue.errors import OutboxError
from offline_queue.records import OutboxEntry
from offline_queue.transfer import Transfer

_SETTLED = (CenterError, OutboxError)
"""Failures the worker records against a dossier; anything else is a bug and propagates."""

MAX_WIDTH = 8
"""More uploads at once only contend for the same link and the center's disk."""


@dataclass(frozen=True)
class Outcome:
    """How one delivery ended: the official code, or the typed error that stopped it."""

    entry: OutboxEntry
    official_code: str | None = None
    error: KioskError | None = None


class Pipeline:
    """Up to ``width`` deliveries over ``transfer``'s client at once."""

    def __init__(self, transfer: Transfer, width: int = 1) -> None:
        if not 1 <= width <= MAX_WIDTH:
            raise ValueError(f"uploads in flight must be 1 to {MAX_WIDTH}, not {width}")
        self.transfer = transfer
        self.width = width
        self._waiting: list[OutboxEntry] = []  # width 1: delivered when asked for
        self._running: dict[Future[str], OutboxEntry] = {}
        self._pool: ThreadPoolExecutor | None = None

    def __len__(self) -> int:
        return len(self._waiting) + len(self._running)

    @property
    def room(self) -> int:
        return self.width - len(self)

    @property
    def codes(self) -> frozenset[str]:
        """Provisional codes in flight (never to be picked again until settled)."""
        entries = [*self._waiting, *self._running.values()]
        return frozenset(entry.provisional_code for entry in entries)

    def any_finished(self) -> bool:
        """Whether a delivery has ended and waits to be settled (its news may be bad)."""
        return any(future.done() for future in self._running)

    def submit(self, entry: OutboxEntry) -> None:
        if self.room <= 0 or entry.provisional_code in self.codes:
            raise ValueError(f"{entry.provisional_code} cannot join the uploads in flight")
        if self.width == 1:
            self._waiting.append(entry)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.width, thread_name_prefix="outbox-upload")
        self._running[self._pool.submit(self.transfer.deliver, entry)] = entry

    def next_done(self) -> Outcome:
        """Wait for the first delivery to end (the oldest, if several have)."""
        if self._waiting:
            entry = self._waiting.pop(0)
            try:
                return Outcome(entry, self.transfer.deliver(entry))
            except _SETTLED as exc:
                return Outcome(entry, error=exc)
        if not self._running:
            raise LookupError("no delivery in flight")
        done, _ = wait(self._running, return_when=FIRST_COMPLETED)
        future = next(f for f in self._running if f in done)  # submission order
        return self._outcome(future)

    def drain(self) -> list[Outcome]:
        """Wait for every delivery in flight; their outcomes in submission order."""
        outcomes = []
        while self:
            outcomes.append(self.next_done())
        self.close()
        return outcomes

    def close(self) -> None:
        """Release the threads (waiting for any delivery still under way)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)

    def _outcome(self, future: Future[str]) -> Outcome:
        entry = self._running.pop(future)
        if not self._running:
            self.close()  # idle: no thread kept between bursts
        try:
            return Outcome(entry, future.result())
        except _SETTLED as exc:
            return Outcome(entry, error=exc)
