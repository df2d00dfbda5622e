"""A fault-injecting TCP proxy on loopback: connection resets in the middle of a stream.

It sits between the kiosk and the center and forwards bytes both ways; for
every block the kiosk sends it may, at a seeded random rate, reset both
connections (SO_LINGER 0: an RST, as a dropped mobile link looks). TLS runs
through it untouched, so the kiosk sees what a real cut looks like mid-upload.
"""

from __future__ import annotations

import contextlib
import random
import selectors
import socket
import struct
import threading
from types import TracebackType


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class ResetProxy:
    """``127.0.0.1:<port>`` -> ``upstream``; ``reset_rate`` per block sent upstream."""

    def __init__(self, upstream_port: int, reset_rate: float = 0.0, seed: int = 11) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.reset_rate = reset_rate
        self.resets = 0
        self.connections = 0
        self._rng = random.Random(seed)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def url(self, scheme: str = "https") -> str:
        return f"{scheme}://127.0.0.1:{self.port}"

    def __enter__(self) -> ResetProxy:
        self._listener.settimeout(0.1)
        thread = threading.Thread(target=self._accept, name="reset-proxy", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._pump, args=(client,), daemon=True)
            thread.start()
            with self._lock:
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(thread)

    def _cut_now(self) -> bool:
        with self._lock:
            return self._rng.random() < self.reset_rate

    def _pump(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _reset(client)
            return
        for sock in (client, server):
            # No Nagle: a forwarded small write must not wait for a delayed ACK.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        peers = {client: server, server: client}
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ)
            selector.register(server, selectors.EVENT_READ)
            while not self._stop.is_set():
                for key, _ in selector.select(timeout=0.1):
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    try:
                        data = source.recv(65536)
                    except OSError:
                        data = b""
                    if not data:
                        client.close()
                        server.close()
                        return
                    if source is client and self._cut_now():
                        self.resets += 1
                        # Forward part of the block first: the cut lands mid-request.
                        with contextlib.suppress(OSError):
                            server.sendall(data[: len(data) // 2])
                        _reset(client)
                        _reset(server)
                        return
                    try:
                        peers[source].sendall(data)
                    except OSError:
                        client.close()
                        server.close()
                        return
        client.close()
        server.close()
