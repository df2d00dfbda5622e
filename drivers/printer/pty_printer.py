"""A serial receipt printer made of software: a pseudo-terminal pair and the simulated firmware.

The kiosk opens the terminal side with pyserial exactly as it opens
``/dev/ttyUSB0``; this printer sits on the other side, answers ``DLE EOT`` and
records jobs. It is reached through a symbolic link, as udev's
``/dev/serial/by-id/…`` links reach real adapters, so that it can be
*unplugged* (condition ``offline``: the pty is closed, the link removed and the
open port fails with EIO) and plugged in again at the same path.

``silent`` is a printer that says nothing: a model without ``DLE EOT``, or an
RS-232 printer switched off behind a port that stays.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pty
import selectors
import threading
import time
import tty
from pathlib import Path
from types import TracebackType

from PIL import Image

from drivers.printer.escpos_paper import render
from drivers.printer.escpos_stream import split_jobs
from drivers.printer.firmware import Firmware, SimulatedCondition

logger = logging.getLogger(__name__)


class PtyPrinter:
    """An ESC/POS printer behind a pty, reached at ``link_path``."""

    def __init__(
        self,
        link_path: Path,
        width_dots: int = 576,
        condition: SimulatedCondition | str = SimulatedCondition.READY,
    ) -> None:
        self.link_path = link_path
        self.width_dots = width_dots
        self._condition = SimulatedCondition(condition)
        self._lock = threading.Lock()
        self._sessions: list[tuple[Firmware, bool]] = []  # (firmware, unplugged) per plug-in
        self._master: int | None = None
        self._slave: int | None = None
        self._wake_in, self._wake_out = os.pipe()
        self._selector = selectors.DefaultSelector()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._applied = threading.Event()

    # -- life cycle ---------------------------------------------------------

    def start(self) -> PtyPrinter:
        """Plug in (unless offline) and serve in a background thread."""
        if self._thread is not None:
            return self
        self._selector.register(self._wake_in, selectors.EVENT_READ, None)
        self._thread = threading.Thread(target=self._run, name="pty-printer", daemon=True)
        self._thread.start()
        self._apply()
        return self

    def close(self) -> None:
        """Stop serving and unplug."""
        if self._thread is not None:
            self._stopping = True
            os.write(self._wake_out, b"x")
            self._thread.join(timeout=5)
            self._thread = None
        self._unplug()
        self._selector.close()
        os.close(self._wake_in)
        os.close(self._wake_out)

    def __enter__(self) -> PtyPrinter:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- what tests look at -------------------------------------------------

    @property
    def uri(self) -> str:
        """The address a kiosk would configure."""
        return f"serial://{self.link_path}"

    @property
    def condition(self) -> SimulatedCondition:
        with self._lock:
            return self._condition

    def set_condition(self, condition: SimulatedCondition | str) -> None:
        """Change the condition; ``offline`` unplugs, any other plugs in again."""
        with self._lock:
            self._condition = SimulatedCondition(condition)
        if self._thread is not None:
            self._apply()

    @property
    def jobs(self) -> list[bytes]:
        """Print jobs received so far, oldest first (all plug-ins together)."""
        with self._lock:
            snapshot = [(bytes(firmware.data), unplugged) for firmware, unplugged in self._sessions]
        return [job for data, final in snapshot for job in split_jobs(data, final=final)]

    def wait_for_jobs(self, count: int = 1, timeout: float = 2.0) -> list[bytes]:
        """Wait until ``count`` jobs have arrived; ``TimeoutError`` otherwise."""
        deadline = time.monotonic() + timeout
        while len(jobs := self.jobs) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"pty printer got {len(jobs)} job(s), expected {count}")
            time.sleep(0.01)
        return jobs

    def receipt(self, index: int = -1) -> Image.Image:
        """The paper strip printed by job ``index``."""
        return render(self.jobs[index], self.width_dots)

    # -- the serving thread -------------------------------------------------

    def _apply(self) -> None:
        self._applied.clear()
        os.write(self._wake_out, b"c")
        if not self._applied.wait(timeout=5):
            raise RuntimeError("the pty printer thread did not answer")

    def _run(self) -> None:
        while not self._stopping:
            for key, _events in self._selector.select():
                if key.fd == self._wake_in:
                    self._on_wake()
                else:
                    self._receive()

    def _on_wake(self) -> None:
        os.read(self._wake_in, 64)
        if self._stopping:
            return
        offline = self.condition is SimulatedCondition.OFFLINE
        if offline and self._master is not None:
            self._unplug()
        elif not offline and self._master is None:
            self._plug()
        self._applied.set()

    def _plug(self) -> None:
        master, slave = pty.openpty()
        tty.setraw(slave)  # no echo, no line editing: bytes pass as they are
        # Holding the terminal side open keeps the master readable only for real data.
        self._master, self._slave = master, slave
        with self._lock:
            self._sessions.append((Firmware(), False))
        with contextlib.suppress(FileNotFoundError):
            self.link_path.unlink()
        self.link_path.symlink_to(os.ttyname(slave))
        self._selector.register(master, selectors.EVENT_READ, None)
        logger.info("pty printer plugged in at %s", self.link_path)

    def _unplug(self) -> None:
        master, self._master = self._master, None
        slave, self._slave = self._slave, None
        if master is None:
            return
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(master)
        with self._lock:
            firmware, _ = self._sessions[-1]
            self._sessions[-1] = (firmware, True)
        with contextlib.suppress(FileNotFoundError):
            self.link_path.unlink()
        os.close(master)
        if slave is not None:
            os.close(slave)
        logger.info("pty printer unplugged from %s", self.link_path)

    def _receive(self) -> None:
        if self._master is None:
            return
        try:
            chunk = os.read(self._master, 65536)
        except OSError:
            return
        with self._lock:
            firmware, _ = self._sessions[-1]
            replies = firmware.receive(chunk, self._condition)
        if replies:
            os.write(self._master, replies)
