"""Files that are either whole on disk or absent, and OS errors in words.

A file is written under a temporary name, fsynced, renamed into place, and the
directory is fsynced, so that after a power cut it is either complete under
its final name or not there at all (a leftover ``.tmp-*`` is swept at start).

Large writes also start the disk's writeback as they go (Linux
``sync_file_range``), so the final fsync waits for the tail only: what a
database does, and most of what keeps a sealed 5 MB dossier near the cost of a
plain write+fsync.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from offline_queue.errors import OutboxError, OutboxFull

TEMP_PREFIX = ".tmp-"
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_WRITEBACK_FROM = 256 * 1024
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


def start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask the kernel to start writing this range out now (best effort, no waiting).

    It changes nothing about durability (only fsync promises that); it makes
    the later fsync shorter by overlapping the disk with our CPU work.
    """
    if _sync_file_range is not None and length >= _WRITEBACK_FROM:
        _sync_file_range(fd, offset, length, _SYNC_FILE_RANGE_WRITE)


def no_space(exc: OSError) -> bool:
    """Whether ``exc`` says the disk (or the user's quota, or the file size limit) is full."""
    return exc.errno in _NO_SPACE


def storage_error(exc: OSError, what: str) -> OutboxError:
    """Translate an OS error met while storing ``what`` into an outbox error in words."""
    if no_space(exc):
        return OutboxFull(
            f"The kiosk's disk is full: {what} could not be stored",
            "call a technician to free space (kiosk queue purge) and sync to the center",
        )
    if exc.errno == errno.EROFS:
        return OutboxError(
            f"The kiosk's disk is read-only: {what} could not be stored",
            "the disk may be failing: call a technician (kiosk doctor)",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return OutboxError(
            f"The kiosk may not write its state directory: {what} could not be stored",
            "check the owner and mode of the state directory (kiosk doctor)",
        )
    return OutboxError(
        f"Writing {what} failed ({errno.errorcode.get(exc.errno or 0, 'I/O error')})",
        "the disk may be failing: call a technician (kiosk doctor)",
    )


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_free_space(path: Path, needed: int, what: str) -> None:
    """Refuse early, with words, when ``path``'s filesystem cannot take ``needed`` bytes."""
    try:
        stats = os.statvfs(path)
    except OSError as exc:
        raise storage_error(exc, what) from exc
    if stats.f_bavail * stats.f_frsize < needed:
        raise storage_error(OSError(errno.ENOSPC, "no space"), what)


class AtomicFile:
    """Write a new file that appears under its final name only when complete.

    ``with AtomicFile(folder) as f: f.write(...); f.commit(name)``. Leaving the
    block without ``commit`` (or with an error) removes the temporary file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
        self._fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        self.size = 0
        self.final: Path | None = None

    def write(self, data: bytes | memoryview) -> None:
        """Write all of ``data`` (``os.write`` may write less than asked)."""
        view = memoryview(data)
        start = self.size
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
            self.size += written
        start_writeback(self._fd, start, self.size - start)

    def sync(self) -> None:
        """Flush what was written so far to the disk."""
        os.fsync(self._fd)

    def commit(self, name: str) -> Path:
        """fsync, close, rename to ``name`` and fsync the directory."""
        os.fsync(self._fd)
        os.close(self._fd)
        self._fd = -1
        final = self.folder / name
        os.replace(self.temp, final)
        fsync_dir(self.folder)
        self.final = final
        return final

    def discard(self) -> None:
        """Close and remove the temporary file (idempotent)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self.final is None:
            self.temp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()


def sweep_temporary(folder: Path) -> int:
    """Remove temporary files a crash left behind; return how many."""
    removed = 0
    for leftover in folder.glob(f"{TEMP_PREFIX}*"):
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed
