"""Sealed envelopes on the center's disk, named by SHA-256, and uploads in progress.

The database (SQLite or PostgreSQL) keeps the index; the envelopes themselves
are files, as an object store would keep them: a 5 MB blob through a database
costs several times its write (WAL, checkpoint, page overhead). Layout::

    <folder>/sealed/<sha256>.seal     received envelopes (written, fsynced, renamed;
                                      a whole one is written as its body arrives)
    <folder>/staging/<upload id>.part uploads in progress (each chunk fsynced)

The database's ``uploads.received`` is the truth about an upload's offset; a
staging file longer than that (a crash between the write and the commit) is
cut back before the next chunk. ``folder=None`` keeps everything in a
temporary folder removed at close (the demo and the tests).
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from center.errors import StorageFault

WRITERS = 4
"""Envelopes written to disk at once (each mostly waits for its fsync)."""
RECEIVERS = 24
"""Threads writing and checking envelopes as their bodies arrive (three per envelope)."""
STALE_TEMP_S = 3600.0
"""A temporary envelope this old is a crash's leftover (several center processes may share
the folder, so a younger one may be another process's write in progress)."""


_SYNC_FILE_RANGE_WRITE = 2


def _find_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    """libc's ``sync_file_range`` (Linux), or ``None`` where there is none."""
    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    function.restype = ctypes.c_int
    started: Callable[[int, int, int, int], int] = function
    return started


_sync_file_range = _find_sync_file_range()


def _start_writeback(fd: int, offset: int, length: int) -> None:
    """Start the disk writing this range now (no wait; only fsync makes it durable)."""
    if _sync_file_range is not None and length:
        _sync_file_range(fd, offset, length, _SYNC_FILE_RANGE_WRITE)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fault(exc: OSError, what: str) -> StorageFault:
    return StorageFault(
        f"The center could not {what} ({exc.strerror or type(exc).__name__})",
        "check the free space and the owner of the center's data folder",
    )


def _name_sealed(temp: Path, sha256: str, error: OSError | None) -> None:
    """Rename the written ``temp`` to ``<sha256>.seal`` beside it, durably; drop it on failure.

    ``error``: what went wrong while it was written, raised here as the same fault.
    """
    try:
        if error is not None:
            raise error
        os.replace(temp, temp.parent / f"{sha256}.seal")
        _fsync_dir(temp.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _fault(exc, "store a received dossier") from exc


class PendingBlob:
    """An envelope being written under a temporary name (see :meth:`BlobStore.begin_store`).

    ``commit`` names it; ``abandon`` drops it without waiting for the disk (the
    writer deletes its file when it is done). Either may be called more than
    once, and ``abandon`` after ``commit`` does nothing.
    """

    def __init__(self, folder: Path, envelope: bytes, writers: Executor) -> None:
        self.folder = folder
        self.temp = folder / f".tmp-{secrets.token_hex(8)}"
        self.size = len(envelope)
        self._error: OSError | None = None
        self._lock = threading.Lock()
        self._settled = False  # committed or abandoned: the temporary name is no one's
        self._written = False
        self._done = writers.submit(self._write, envelope)

    def _write(self, envelope: bytes) -> None:
        try:
            fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            try:
                view = memoryview(envelope)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            self._error = exc
        with self._lock:
            self._written = True
            if self._settled:  # abandoned meanwhile: nobody else will delete it
                self.temp.unlink(missing_ok=True)

    def commit(self, sha256: str) -> None:
        """Wait for the write, then rename it to ``<sha256>.seal`` durably."""
        self._done.result()
        with self._lock:
            if self._settled:
                raise RuntimeError("this pending envelope was already committed or abandoned")
            self._settled = True
        _name_sealed(self.temp, sha256, self._error)

    def abandon(self) -> None:
        """Drop the envelope; returns at once (a write under way deletes it when done)."""
        with self._lock:
            if self._settled:
                return
            self._settled = True
            if self._written:
                self.temp.unlink(missing_ok=True)

    def wait(self) -> None:
        """Wait until the writer is done (tests, shutdown)."""
        self._done.result()


class StoringBlob(Protocol):
    """An envelope on its way to the store: named once verified, or dropped."""

    def commit(self, sha256: str) -> None: ...

    def abandon(self) -> None: ...


class StreamedBlob:
    """An envelope written under a temporary name as its bytes arrive (one writer thread).

    ``write_all`` and ``sync`` run on the thread that receives the body, while the
    request is still coming in: the disk works during the transfer, and once the
    last byte is in only the tail is left to fsync. ``commit`` waits for
    ``sync`` (from any thread), then names it; ``abandon`` drops it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.temp = folder / f".tmp-{secrets.token_hex(8)}"
        self.size = 0
        self._synced: Future[None] = Future()
        self._lock = threading.Lock()
        self._settled = False
        self._fd: int | None = None
        self._error: OSError | None = None
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
            self._fd = os.open(self.temp, flags, 0o600)
        except OSError as exc:
            self._error = exc

    def write_all(self, parts: list[bytes]) -> None:
        """Append ``parts`` in one ``writev`` (no joined copy), then start their writeback."""
        if self._fd is None or self._error is not None:
            return
        try:
            start = self.size
            written = os.writev(self._fd, parts)
            self.size += written
            if written < sum(len(part) for part in parts):  # short write: the rest one by one
                rest = memoryview(b"".join(parts))[written:]
                while rest:
                    step = os.write(self._fd, rest)
                    rest = rest[step:]
                    self.size += step
            _start_writeback(self._fd, start, self.size - start)
        except OSError as exc:
            self._error = exc

    def sync(self) -> None:
        """Make the bytes written durable and close the file; ``commit`` may then name it."""
        try:
            if self._fd is not None and self._error is None:
                os.fsync(self._fd)
        except OSError as exc:
            self._error = exc
        finally:
            self._close()
            self._synced.set_result(None)

    def _close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def commit(self, sha256: str) -> None:
        """Wait for ``sync``, then rename to ``<sha256>.seal`` durably."""
        self._synced.result()
        with self._lock:
            if self._settled:
                raise RuntimeError("this streamed envelope was already committed or abandoned")
            self._settled = True
        _name_sealed(self.temp, sha256, self._error)

    def abandon(self) -> None:
        """Drop the envelope (any thread; the writer stops writing into a deleted file)."""
        with self._lock:
            if self._settled:
                return
            self._settled = True
        self.temp.unlink(missing_ok=True)

    def close_unsynced(self) -> None:
        """The body never came whole: close and drop the file (the writer thread)."""
        self._close()
        self.abandon()
        if not self._synced.done():
            self._synced.set_result(None)


class BlobStore:
    """Content-addressed envelope files and per-upload staging files."""

    def __init__(self, folder: Path | None = None) -> None:
        self._temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="center-blobs-")) if folder is None else folder
        self.sealed = self.folder / "sealed"
        self.staging = self.folder / "staging"
        try:
            self.sealed.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.staging.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise _fault(exc, f"make its envelope folders under {self.folder}") from exc
        self._sweep()
        # Long-lived writer threads: a thread started per envelope costs a
        # scheduling round trip on every receipt.
        self._writers = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="blob-writer")
        self.receivers = ThreadPoolExecutor(max_workers=RECEIVERS, thread_name_prefix="receiver")
        """Threads that write and check envelopes as they arrive (center.receiving)."""

    def _sweep(self) -> None:
        """Remove envelopes a crash left half-written (old enough to be no one's write)."""
        cutoff = time.time() - STALE_TEMP_S
        for temp in self.sealed.glob(".tmp-*"):
            try:
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()
            except OSError:
                continue  # another process removed it, or it cannot be: not ours to fail on

    def close(self) -> None:
        """Finish the writes under way, then (temporary folder) remove everything."""
        self.receivers.shutdown(wait=True)
        self._writers.shutdown(wait=True)
        if self._temporary:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _part(self, upload_id: str) -> Path:
        return self.staging / f"{upload_id}.part"

    def append(self, upload_id: str, offset: int, data: bytes) -> None:
        """Write ``data`` at ``offset`` of the upload's staging file, durably."""
        try:
            fd = os.open(self._part(upload_id), os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                if os.fstat(fd).st_size < offset:
                    raise StorageFault(
                        "An upload's staging file is shorter than the database says",
                        "the kiosk will be asked to start this dossier again",
                    )
                os.ftruncate(fd, offset)
                os.pwrite(fd, data, offset)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise _fault(exc, "store a chunk") from exc

    def staged(self, upload_id: str, length: int) -> bytes:
        """The first ``length`` bytes received for an upload."""
        try:
            with open(self._part(upload_id), "rb") as file:
                data = file.read(length)
        except OSError as exc:
            raise _fault(exc, "read an upload in progress") from exc
        if len(data) != length:
            raise StorageFault("An upload's staging file is short", "the kiosk will resend it")
        return data

    def discard(self, upload_id: str) -> None:
        self._part(upload_id).unlink(missing_ok=True)

    def begin_store(self, envelope: bytes) -> PendingBlob:
        """Start writing ``envelope`` (temporary name, fsync) on another thread.

        The center checks the request and the seal meanwhile: the disk and the
        CPU work at once. ``commit(sha256)`` names it once verified;
        ``abandon()`` drops it. A crash leaves a ``.tmp-*`` file that nothing
        refers to; the next :class:`BlobStore` to open the folder removes it.
        """
        return PendingBlob(self.sealed, envelope, self._writers)

    def begin_stream(self) -> StreamedBlob:
        """A new envelope file to write as the body arrives (see :class:`StreamedBlob`)."""
        return StreamedBlob(self.sealed)

    def store(self, sha256: str, envelope: bytes) -> None:
        """Keep a verified envelope under its content address (idempotent)."""
        self.begin_store(envelope).commit(sha256)

    def read(self, sha256: str) -> bytes | None:
        try:
            return (self.sealed / f"{sha256}.seal").read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _fault(exc, "read a stored dossier") from exc
