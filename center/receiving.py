"""Checking and storing a whole envelope while its request body is still arriving.

The event loop hands the body to three worker threads in batches as it comes
in: one writes each batch to the envelope's file (starting the disk's
writeback); one feeds it to the running SHA-256 of the envelope
(:meth:`center.unseal.StreamingCheck.hash`); one decrypts each AES-GCM segment
as its bytes come, hashes the papers' plaintext and authenticates the segment
once its last byte is in (:meth:`~center.unseal.StreamingCheck.open`). The two
hashes (5 MB each) run side by side, on two cores when the machine has them
free: once the last byte is in, what is left is the last batch, the signatures,
the database and the fsync of the last few hundred kilobytes, instead of a
second pass over 5 MB.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future

from center.blobs import StreamedBlob
from center.errors import Refusal
from center.keys import SealingKey
from center.unseal import EnvelopeDigests, StreamingCheck

BATCH_BYTES = 256 * 1024
"""Bytes handed to the workers at once: fewer thread wake-ups, a short tail at the end."""

_Batches = queue.SimpleQueue[list[bytes] | None]


class Receiver:
    """One envelope streamed into its file and its check; the event loop only queues bytes.

    Three worker threads: one writes (its ``sync_file_range`` can stall on a
    busy disk), two check (CPU): none waits for another.
    """

    def __init__(
        self,
        length: int,
        keys: dict[bytes, SealingKey],
        blob: StreamedBlob,
        executor: Executor,
    ) -> None:
        self.check = StreamingCheck(length, keys)
        self.blob = blob
        self.digested: Future[EnvelopeDigests] = Future()
        self._to_write: _Batches = queue.SimpleQueue()
        self._to_hash: _Batches = queue.SimpleQueue()
        self._to_open: _Batches = queue.SimpleQueue()
        self._batch: list[bytes] = []
        self._batched = 0
        self._cancelled = False
        self._lock = threading.Lock()
        self._checking = 2  # the hashing and the opening threads still at work
        self._error: BaseException | None = None
        executor.submit(self._write)
        executor.submit(self._run_check, self._to_hash, self.check.hash)
        executor.submit(self._run_check, self._to_open, self.check.open)

    def add(self, part: bytes) -> None:
        """Queue ``part`` (the event loop; never blocks)."""
        self._batch.append(part)
        self._batched += len(part)
        if self._batched >= BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            # Batches, not pieces: few thread wake-ups; and no copy on the event
            # loop (the writer hands the pieces to one writev).
            for batches in (self._to_write, self._to_hash, self._to_open):
                batches.put(self._batch)
            self._batch, self._batched = [], 0

    def close(self) -> None:
        """The body is all in: the workers finish, and ``digested`` gets the digests."""
        self._flush()
        self._stop()

    def cancel(self) -> None:
        """The body will not come whole: drop the file."""
        self._cancelled = True
        self._batch = []
        self._stop()

    def _stop(self) -> None:
        for batches in (self._to_write, self._to_hash, self._to_open):
            batches.put(None)

    def _write(self) -> None:
        try:
            while (batch := self._to_write.get()) is not None:
                if self.check.failed is None and not self._cancelled:
                    self.blob.write_all(batch)
        finally:
            if self._cancelled or self.check.failed is not None:
                self.blob.close_unsynced()
            else:
                self.blob.sync()  # ``commit`` waits for it, on the request's thread

    def _run_check(self, batches: _Batches, step: Callable[[bytes], None]) -> None:
        """Feed every batch to one half of the check; the last half done sets ``digested``."""
        error: BaseException | None = None
        try:
            while (batch := batches.get()) is not None:
                for part in batch:
                    try:
                        step(part)
                    except Refusal:
                        # Refused with the bytes that brought it; the rest is only
                        # hashed (the request signature needs the body's digest).
                        continue
        except BaseException as exc:
            error = exc
        self._settle(error)
        if error is not None and not isinstance(error, Exception):
            raise error

    def _settle(self, error: BaseException | None) -> None:
        with self._lock:
            self._error = self._error or error
            self._checking -= 1
            if self._checking:
                return
        try:
            if self._error is not None:
                raise self._error
            self.digested.set_result(self.check.digests)
        except BaseException as exc:
            self.digested.set_exception(exc)
