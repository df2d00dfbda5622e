"""Slow, idle and too many clients are cut by the center, on loopback, within bounded time."""

from __future__ import annotations

import logging
import select
import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from center.app import CenterSettings
from center.connections import ConnectionLimits
from center.server import LOOPBACK, EmbeddedCenter
from center.tls import make_pki

LIMITS = ConnectionLimits(
    header_timeout_s=1.0, body_idle_s=1.0, keep_alive_s=1.0, max_connections=6
)
GIVE_UP_S = 6.0  # without the guard every one of these clients would still be connected here


@pytest.fixture
def center() -> Iterator[EmbeddedCenter]:
    with EmbeddedCenter(CenterSettings(), limits=LIMITS) as served:
        yield served


_OPENED: list[socket.socket] = []


@pytest.fixture(autouse=True)
def _close_sockets() -> Iterator[None]:
    yield
    while _OPENED:
        _OPENED.pop().close()


def _connect(center: EmbeddedCenter) -> socket.socket:
    sock = socket.create_connection((LOOPBACK, center.port), timeout=2.0)
    sock.setblocking(False)
    _OPENED.append(sock)
    return sock


def _closed(sock: socket.socket) -> tuple[bool, bytes]:
    """Whether the center closed ``sock``, and what it said before."""
    said = b""
    while select.select([sock], [], [], 0)[0]:
        try:
            chunk = sock.recv(4096)
        except ConnectionResetError:
            return True, said
        if not chunk:
            return True, said
        said += chunk
    return False, said


def _cut_after(socks: list[socket.socket], trickle: bytes = b"", every_s: float = 0.25) -> float:
    """Seconds until the center has closed every socket, each trickling ``trickle``."""
    start = time.monotonic()
    open_ = list(socks)
    while open_ and time.monotonic() - start < GIVE_UP_S:
        for sock in list(open_):
            closed, _ = _closed(sock)
            if not closed and trickle:
                try:
                    sock.send(trickle)
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
            if closed:
                open_.remove(sock)
        time.sleep(every_s)
    assert not open_, f"{len(open_)} slow client(s) still connected after {GIVE_UP_S} s"
    return time.monotonic() - start


def _health(center: EmbeddedCenter) -> int:
    with httpx.Client(base_url=center.url, trust_env=False, timeout=2.0) as client:
        return client.get("/api/v1/health").status_code


def test_slow_header_clients_are_cut_and_others_still_served(center: EmbeddedCenter) -> None:
    slow = [_connect(center) for _ in range(3)]
    for sock in slow:
        sock.send(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
    assert _health(center) == 200  # served while the slow ones hang on
    seconds = _cut_after(slow, trickle=b"X-Slow: 1\r\n")
    assert seconds < 1.0 + 2.0  # the head deadline, not "whenever they stop"


def test_a_silent_connection_is_closed(center: EmbeddedCenter) -> None:
    sock = _connect(center)
    assert _cut_after([sock]) < 3.0


def test_a_stalled_body_is_cut(center: EmbeddedCenter) -> None:
    sock = _connect(center)
    sock.send(
        b"POST /api/v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"kiosk_id": '
    )
    assert _cut_after([sock]) < 3.0


def test_a_keep_alive_connection_is_closed_when_idle(center: EmbeddedCenter) -> None:
    sock = _connect(center)
    sock.send(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.3)
    closed, said = _closed(sock)
    assert not closed and said.startswith(b"HTTP/1.1 200")
    assert _cut_after([sock]) < 3.0


def test_connections_past_the_cap_are_refused_and_logged(
    center: EmbeddedCenter, caplog: pytest.LogCaptureFixture
) -> None:
    held = [_connect(center) for _ in range(LIMITS.max_connections)]
    time.sleep(0.2)
    extra = _connect(center)
    with caplog.at_level(logging.WARNING, logger="center.refusals"):
        deadline = time.monotonic() + 0.8  # well before the head deadline
        closed, said = False, b""
        while not closed and time.monotonic() < deadline:
            closed, said = _closed(extra)
            time.sleep(0.05)
    assert closed and said.startswith(b"HTTP/1.1 503")
    assert any("too_many_connections" in r.getMessage() for r in caplog.records)
    for sock in [*held, extra]:
        sock.close()
    time.sleep(0.2)
    assert _health(center) == 200  # room again once they are gone


def test_a_tls_client_that_never_says_hello_is_cut(tmp_path: Path) -> None:
    """TCP opened, no ClientHello: the handshake deadline frees the connection."""
    tls = make_pki(tmp_path / "pki")
    limits = ConnectionLimits(tls_handshake_s=1.0, header_timeout_s=30.0, keep_alive_s=30.0)
    with EmbeddedCenter(CenterSettings(), tls=tls, limits=limits) as served:
        mute = _connect(served)
        seconds = _cut_after([mute])
        assert seconds < 1.0 + 2.0  # the handshake deadline, not asyncio's minute
        verify = ssl.create_default_context(cafile=str(tls.ca))
        with httpx.Client(base_url=served.url, trust_env=False, verify=verify) as client:
            assert client.get("/api/v1/health").status_code == 200  # a real client still is
