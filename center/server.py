"""Running the center: embedded in a background thread, or in the foreground.

:class:`EmbeddedCenter` is what ``kiosk demo`` and the tests use: uvicorn on
``127.0.0.1`` with a port the system picked, ready (answering ``/health``)
when ``start()`` returns, and stopped cleanly by ``stop()``; with ``tls`` it
serves HTTPS with those files, with ``faults`` it injects them. :func:`serve`
is the foreground server behind ``kiosk center serve``.

Connections are guarded (:mod:`center.connections`): a deadline for the TLS
handshake and one for the request head, an idle limit for bodies and
keep-alive, and a cap on how many are open; ``limits`` changes them. uvicorn
runs with websockets off and its own logging configuration off, so it neither
imports the websockets library (deprecation warnings) nor replaces the
application's logging.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp

from center.app import CenterSettings, create_app
from center.connections import ConnectionLimits, GuardedH11Protocol, HandshakeDeadlineLoop
from center.faults import FaultInjector, FaultPlan
from center.protocol import API_PREFIX, HealthReply
from center.service import CenterService
from center.tls import TlsFiles

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
LOCAL_PROXIES = ("127.0.0.1", "::1")
"""Who may say, in X-Forwarded-For/-Proto, which client and scheme a request came
from: by default only a reverse proxy on this machine. Anyone else's header is
ignored, or a client could pick its own address and escape the rate limits."""


def trusted_proxies(addresses: Sequence[str]) -> tuple[str, ...]:
    """The proxies' addresses or networks, checked; a typo is an error, not a silent trust."""
    for address in addresses:
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            raise ValueError(
                f"'{address}' is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)"
            ) from None
    return tuple(addresses)


class _GuardedConfig(uvicorn.Config):
    """uvicorn's configuration, running the server on a loop with a TLS handshake deadline."""

    def __init__(self, *args: Any, limits: ConnectionLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits

    def get_loop_factory(self) -> Callable[[], asyncio.AbstractEventLoop] | None:
        return HandshakeDeadlineLoop.factory(self.limits)


def _config(
    app: ASGIApp,
    host: str,
    port: int,
    tls: TlsFiles | None = None,
    limits: ConnectionLimits | None = None,
    *,
    proxies: Sequence[str] = LOCAL_PROXIES,
) -> uvicorn.Config:
    limits = limits or ConnectionLimits()
    return _GuardedConfig(
        app,
        limits=limits,
        # Behind a load balancer every request comes from the balancer: without
        # its forwarded headers, one address would share every citizen's lookup
        # budget and every officer's sign-in budget, and cookies would lose Secure.
        proxy_headers=True,
        forwarded_allow_ips=list(proxies),
        host=host,
        port=port,
        http=GuardedH11Protocol.with_limits(limits),
        timeout_keep_alive=max(1, round(limits.keep_alive_s)),
        h11_max_incomplete_event_size=limits.max_head_bytes,
        ws="none",
        loop="asyncio",
        lifespan="on",
        log_config=None,
        access_log=False,
        server_header=False,
        ssl_certfile=str(tls.cert) if tls else None,
        ssl_keyfile=str(tls.key) if tls else None,
    )


class EmbeddedCenter:
    """The center on ``127.0.0.1:<free port>`` in a background thread."""

    def __init__(
        self,
        settings: CenterSettings | None = None,
        startup_timeout: float = 10.0,
        *,
        tls: TlsFiles | None = None,
        faults: FaultPlan | None = None,
        limits: ConnectionLimits | None = None,
        proxies: Sequence[str] = LOCAL_PROXIES,
    ) -> None:
        self.settings = settings
        self.proxies = trusted_proxies(proxies)
        self.app = create_app(settings)
        self.tls = tls
        self.limits = limits
        self.faults = faults
        self._served: ASGIApp = FaultInjector(self.app, faults) if faults else self.app
        self._startup_timeout = startup_timeout
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._last_port = 0

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the embedded center is not started")
        port: int = self._socket.getsockname()[1]
        return port

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:41234`` (API under ``/api/v1``)."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{LOOPBACK}:{self.port}"

    @property
    def service(self) -> CenterService:
        """The center's operations (tokens, revocation, publication, counts)."""
        service: CenterService = self.app.state.service
        return service

    def start(self) -> EmbeddedCenter:
        """Serve, and return once ``/health`` answers."""
        if self._thread is not None:
            return self
        if self._last_port:
            # Stopping closed the application's database (its lifespan ended): a
            # restarted center opens it again, as a restarted server process would.
            self.app = create_app(self.settings)
            self._served = FaultInjector(self.app, self.faults) if self.faults else self.app
        # proto=IPPROTO_TCP, not 0: asyncio only sets TCP_NODELAY on sockets that
        # say they are TCP, and without it every reply waits ~40 ms for a delayed ACK.
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        # Started again after stop(): the same port, so kiosks already pointed at
        # it reach it again (a center back from an outage keeps its address).
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((LOOPBACK, self._last_port))
        self._last_port = self.port
        self._server = uvicorn.Server(
            _config(self._served, LOOPBACK, self.port, self.tls, self.limits, proxies=self.proxies)
        )
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name="embedded-center",
            daemon=True,
        )
        self._thread.start()
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        logger.info("embedded center serving at %s", self.url)
        return self

    def stop(self) -> None:
        """Ask uvicorn to finish, wait for its thread and free the port."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = None
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(timeout=5)
            if thread.is_alive():
                logger.warning("embedded center slow to stop; forcing")
                server.force_exit = True
                thread.join(timeout=5)
        if sock is not None:
            sock.close()
            self._socket = None

    def __enter__(self) -> EmbeddedCenter:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _wait_until_healthy(self) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + self._startup_timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the embedded center stopped while starting (see the log)")
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the embedded center did not start in {self._startup_timeout} s"
                )
            time.sleep(0.01)
        try:
            verify: ssl.SSLContext | bool = True
            if self.tls is not None:
                verify = ssl.create_default_context(cafile=str(self.tls.ca))
            with httpx.Client(
                base_url=self.url, trust_env=False, timeout=2.0, verify=verify
            ) as client:
                reply = client.get(f"{API_PREFIX}/health")
                reply.raise_for_status()
                HealthReply.model_validate_json(reply.content)
        except (httpx.HTTPError, ValueError) as exc:
            raise RuntimeError(f"the embedded center at {self.url} is not healthy: {exc}") from exc


def serve(
    host: str = LOOPBACK,
    port: int = 8600,
    settings: CenterSettings | None = None,
    tls: TlsFiles | None = None,
    limits: ConnectionLimits | None = None,
    *,
    proxies: Sequence[str] = LOCAL_PROXIES,
) -> None:
    """Run the center in the foreground until SIGINT/SIGTERM."""
    scheme = "https" if tls else "http"
    logger.info("center serving on %s://%s:%d", scheme, host, port)
    app: Starlette = create_app(settings)
    uvicorn.Server(_config(app, host, port, tls, limits, proxies=trusted_proxies(proxies))).run()
