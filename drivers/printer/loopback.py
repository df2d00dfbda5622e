"""A receipt printer made of software: ESC/POS over TCP on 127.0.0.1.

It records every byte, answers ``DLE EOT 1..4`` as a real printer would in
its current condition, and draws what it was sent back into a picture of the
paper strip, so tests and the demo can look at the receipt.

Conditions (:meth:`LoopbackPrinter.set_condition`):

- ``ready``, ``paper_near_end``, ``paper_out``, ``cover_open``, ``error``:
  status bytes as an Epson printer sends them in that state.
- ``offline``: the printer is switched off. The listening socket is closed
  and open connections are dropped, so connecting is *refused*; the same port
  is listened on again when the condition changes back.
- ``silent``: connections are accepted and recorded but status queries are
  never answered (a model that does not support ``DLE EOT``).

A job ends at a paper cut, or when the client disconnects.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from PIL import Image

from drivers.printer.escpos_paper import render
from drivers.printer.escpos_stream import split_jobs
from drivers.printer.firmware import STATUS_REPLIES, Firmware, SimulatedCondition

__all__ = ["HOST", "STATUS_REPLIES", "LoopbackCondition", "LoopbackPrinter"]

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"


LoopbackCondition = SimulatedCondition
"""The loopback's conditions (the name the tests and the demo know)."""


@dataclass(eq=False)
class _Client:
    sock: socket.socket
    firmware: Firmware = field(default_factory=Firmware)
    closed: bool = False


class LoopbackPrinter:
    """An ESC/POS printer on ``127.0.0.1:port`` that records and draws what it gets."""

    host = HOST

    def __init__(
        self,
        width_dots: int = 576,
        condition: LoopbackCondition | str = LoopbackCondition.READY,
    ) -> None:
        self.width_dots = width_dots
        self._condition = LoopbackCondition(condition)
        self._lock = threading.Lock()
        self._clients: list[_Client] = []
        self._selector = selectors.DefaultSelector()
        self._listener: socket.socket | None = None
        self._wake_in, self._wake_out = socket.socketpair()
        self._port = 0
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._applied = threading.Event()
        self._apply_error: OSError | None = None

    # -- life cycle ---------------------------------------------------------

    def start(self) -> LoopbackPrinter:
        """Listen on a free port and serve in a background thread."""
        if self._thread is not None:
            return self
        self._listen()
        self._selector.register(self._wake_in, selectors.EVENT_READ, self._on_wake)
        self._thread = threading.Thread(target=self._run, name="loopback-printer", daemon=True)
        self._thread.start()
        self._apply(wait=True)
        logger.info("loopback printer listening on %s:%d", HOST, self._port)
        return self

    def close(self) -> None:
        """Stop serving, drop every connection and free the port."""
        if self._thread is not None:
            self._stopping = True
            self._wake_out.send(b"x")
            self._thread.join(timeout=5)
            self._thread = None
        self._unlisten()
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            self._disconnect(client)
        self._selector.close()
        self._wake_in.close()
        self._wake_out.close()

    def __enter__(self) -> LoopbackPrinter:
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
    def port(self) -> int:
        """The TCP port (chosen free at start, kept while offline)."""
        return self._port

    @property
    def condition(self) -> LoopbackCondition:
        with self._lock:
            return self._condition

    def set_condition(self, condition: LoopbackCondition | str) -> None:
        """Change the condition; returns once connections see the change."""
        new = LoopbackCondition(condition)
        with self._lock:
            self._condition = new
        logger.info("loopback printer is now %s", new)
        if self._thread is not None:
            self._apply(wait=True)

    @property
    def connections(self) -> list[bytes]:
        """Every byte received, one entry per connection, in connection order."""
        with self._lock:
            return [bytes(client.firmware.data) for client in self._clients]

    @property
    def received(self) -> bytes:
        """Every byte received on every connection, status queries included."""
        return b"".join(self.connections)

    @property
    def jobs(self) -> list[bytes]:
        """Print jobs received so far (status queries left out), oldest first."""
        with self._lock:
            snapshot = [(bytes(client.firmware.data), client.closed) for client in self._clients]
        return [job for data, closed in snapshot for job in split_jobs(data, final=closed)]

    def wait_for_jobs(self, count: int = 1, timeout: float = 2.0) -> list[bytes]:
        """Wait until ``count`` jobs have arrived; ``TimeoutError`` otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            jobs = self.jobs
            if len(jobs) >= count:
                return jobs
            if time.monotonic() > deadline:
                raise TimeoutError(f"loopback printer got {len(jobs)} job(s), expected {count}")
            time.sleep(0.01)

    def receipt(self, index: int = -1) -> Image.Image:
        """The paper strip printed by job ``index`` (the last one by default)."""
        jobs = self.jobs
        if not jobs:
            raise LookupError("the loopback printer has received no complete job")
        return render(jobs[index], self.width_dots)

    def last_receipt_png(self, path: str | Path) -> Path:
        """Save the last receipt as a PNG; returns its path."""
        target = Path(path)
        self.receipt().save(target, "PNG")
        return target

    # -- the serving thread -------------------------------------------------

    def _run(self) -> None:
        while not self._stopping:
            for key, _events in self._selector.select():
                handler: Callable[[], None] = key.data
                handler()

    def _apply(self, wait: bool) -> None:
        self._applied.clear()
        self._wake_out.send(b"c")
        if wait and not self._applied.wait(timeout=5):
            raise RuntimeError("the loopback printer thread did not answer")
        error, self._apply_error = self._apply_error, None
        if error is not None:
            raise error

    def _on_wake(self) -> None:
        self._wake_in.recv(64)
        if self._stopping:
            return
        try:
            if self.condition is LoopbackCondition.OFFLINE:
                self._power_off()
            elif self._listener is None:
                self._listen()
        except OSError as exc:
            logger.error("loopback printer cannot listen on port %d again: %s", self._port, exc)
            self._apply_error = exc
        self._applied.set()

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((HOST, self._port))
            listener.listen(8)
        except OSError:
            listener.close()
            raise
        listener.setblocking(False)
        self._port = listener.getsockname()[1]
        self._listener = listener
        self._selector.register(listener, selectors.EVENT_READ, self._accept)

    def _unlisten(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            self._selector.unregister(listener)
            listener.close()

    def _power_off(self) -> None:
        self._unlisten()
        with self._lock:
            clients = [client for client in self._clients if not client.closed]
        for client in clients:
            self._disconnect(client)

    def _accept(self) -> None:
        if self._listener is None:
            return
        try:
            sock, peer = self._listener.accept()
        except BlockingIOError:
            return
        sock.setblocking(False)
        client = _Client(sock)
        with self._lock:
            self._clients.append(client)
        self._selector.register(
            sock, selectors.EVENT_READ, functools.partial(self._receive, client)
        )
        logger.debug("loopback printer: connection from %s:%d", *peer)

    def _receive(self, client: _Client) -> None:
        try:
            chunk = client.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._disconnect(client)
            return
        with self._lock:
            replies = client.firmware.receive(chunk, self._condition)
        if replies and not client.closed:
            try:
                client.sock.send(replies)
            except OSError:
                self._disconnect(client)

    def _disconnect(self, client: _Client) -> None:
        with self._lock:
            if client.closed:
                return
            client.closed = True
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(client.sock)
        client.sock.close()
