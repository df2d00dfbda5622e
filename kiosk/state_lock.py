"""One kiosk process per state folder: ``kiosk run`` and ``kiosk queue sync`` take its lock.

Two processes on one outbox would both upload, both sweep and both own the
printer's state. The lock is ``flock`` on ``kiosk.lock`` in the state folder:
the kernel drops it when the process dies, however it dies, so a stale lock
never blocks a restart. The file holds the owner's pid, for the message.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from kiosk.errors import KioskError

LOCK_NAME = "kiosk.lock"


class StateBusy(KioskError):
    """Another process holds the state folder."""


class StateLock:
    """The exclusive lock of a state folder, held from :meth:`acquire` to :meth:`release`."""

    def __init__(self, state_dir: Path, purpose: str = "kiosk run") -> None:
        self.path = state_dir / LOCK_NAME
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> StateLock:
        """Take the lock, or raise :class:`StateBusy` naming the process that has it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise StateBusy(
                f"Another kiosk process (pid {owner}) is using {self.path.parent}",
                f"stop it first (systemctl stop kiosk) before {self.purpose}",
            ) from None
        except OSError:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> StateLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
