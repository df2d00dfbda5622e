"""Checking and storing a whole envelope while its request body is still arriving.

The event loop hands the body to two worker threads in batches as it comes
in: one writes each batch to the envelope's file (starting the disk's
writeback); another feeds it to the running hash and authenticates every AES-GCM
segment whose bytes are all in (:class:`center.unseal.StreamingCheck`). Once
the last byte is in, what is left is the tail segment, the signatures, the
database and the fsync of the last few hundred kilobytes: the acknowledgement
follows the last byte instead of a second pass over 5 MB.
"""

from __future__ import annotations

import queue
from concurrent.futures import Executor, Future

from center.blobs import StreamedBlob
from center.errors import Refusal
from center.keys import SealingKey
from center.unseal import EnvelopeDigests, StreamingCheck

BATCH_BYTES = 256 * 1024
"""Bytes handed to the worker at once: fewer thread wake-ups, a short tail at the end."""


class Receiver:
    """One envelope streamed into its file and its check; the event loop only queues bytes.

    Two worker threads: one writes (its ``sync_file_range`` can stall on a busy
    disk), one checks (CPU): neither waits for the other.
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
        self._to_write: queue.SimpleQueue[list[bytes] | None] = queue.SimpleQueue()
        self._to_check: queue.SimpleQueue[list[bytes] | None] = queue.SimpleQueue()
        self._batch: list[bytes] = []
        self._batched = 0
        self._cancelled = False
        executor.submit(self._write)
        executor.submit(self._check)

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
            self._to_write.put(self._batch)
            self._to_check.put(self._batch)
            self._batch, self._batched = [], 0

    def close(self) -> None:
        """The body is all in: the workers finish, and ``digested`` gets the digests."""
        self._flush()
        self._to_write.put(None)
        self._to_check.put(None)

    def cancel(self) -> None:
        """The body will not come whole: drop the file."""
        self._cancelled = True
        self._batch = []
        self._to_write.put(None)
        self._to_check.put(None)

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

    def _check(self) -> None:
        try:
            while (batch := self._to_check.get()) is not None:
                for part in batch:
                    try:
                        self.check.feed(part)
                    except Refusal:
                        # Refused with the bytes that brought it; the rest is only
                        # hashed (the request signature needs the body's digest).
                        continue
            self.digested.set_result(self.check.digests)
        except BaseException as exc:
            self.digested.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
