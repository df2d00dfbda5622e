"""A loopback TCP proxy that delays every byte by a fixed time each way: a WAN on one machine.

Loopback has no round trip to speak of, so one upload at a time loses
nothing there; a kiosk's real link to its center has tens of milliseconds.
The proxy forwards blocks in order, each after ``one_way_s``; bandwidth is
not limited. TLS runs through it untouched.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from types import TracebackType


class DelayLink:
    """``127.0.0.1:<port>`` -> ``127.0.0.1:upstream_port``, ``one_way_s`` late each way."""

    def __init__(self, upstream_port: int, one_way_s: float) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.one_way_s = one_way_s
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> DelayLink:
        self._spawn(self._accept)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._listener.close()

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for source, sink in ((client, server), (server, client)):
                late: queue.Queue[tuple[float, bytes]] = queue.Queue()
                self._spawn(self._read, source, late)
                self._spawn(self._write, sink, late)

    def _read(self, source: socket.socket, late: queue.Queue[tuple[float, bytes]]) -> None:
        while True:
            try:
                data = source.recv(1 << 16)
            except OSError:
                data = b""
            late.put((time.monotonic() + self.one_way_s, data))
            if not data:
                return

    def _write(self, sink: socket.socket, late: queue.Queue[tuple[float, bytes]]) -> None:
        while True:
            due, data = late.get()
            time.sleep(max(0.0, due - time.monotonic()))
            try:
                if not data:
                    sink.shutdown(socket.SHUT_WR)
                    return
                sink.sendall(data)
            except OSError:
                with contextlib.suppress(OSError):
                    sink.close()
                return
