"""Deadlines and a cap on the center's connections, which uvicorn alone does not give.

uvicorn's h11 server times out only an idle keep-alive connection *after* a
response: a client that connects and says nothing, or sends one header line
every few seconds, or stops half-way through a body, holds its connection
(and a file descriptor) forever, and there is no limit on how many it opens.
:class:`GuardedH11Protocol` adds, per connection:

- a deadline for the whole request head, from the connection (or the end of the
  previous response) to the last header line: a slow-header client is cut,
  however often it trickles a byte;
- an idle limit while a body is expected (time without a byte, not counted
  while the center itself has paused reading);
- a cap on open connections: one past it is answered 503 and closed at once.

Over TLS the protocol only sees a connection once its handshake is done, so a
client that opens TCP and never sends a ClientHello is out of its reach:
:class:`HandshakeDeadlineLoop` gives asyncio's TLS servers a handshake deadline
(uvicorn does not pass one, and asyncio's own default is a minute).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from center.refusals import REFUSALS


@dataclass(frozen=True)
class ConnectionLimits:
    """How long a client may take and how many may be connected at once."""

    header_timeout_s: float = 10.0
    body_idle_s: float = 30.0
    keep_alive_s: float = 5.0
    max_connections: int = 256
    max_head_bytes: int = 16 * 1024
    tls_handshake_s: float = 10.0


_REPLY_503 = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
)
_REPLY_408 = b"HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a head deadline, a body idle limit and a connection cap."""

    limits: ClassVar[ConnectionLimits] = ConnectionLimits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for = "head"

    @classmethod
    def with_limits(cls, limits: ConnectionLimits) -> type[GuardedH11Protocol]:
        """A protocol class bound to ``limits`` (uvicorn builds it with no extra arguments)."""
        return type("GuardedH11Protocol", (cls,), {"limits": limits})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            REFUSALS.refused("(connection)", "too_many_connections", client=self._peer())
            transport.write(_REPLY_503)
            transport.close()
            return
        self._expect_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._expect_head()
            self._follow()  # a pipelined request may already be in

    def _expect_head(self) -> None:
        self._waiting_for = "head"
        self._arm(self.limits.header_timeout_s)

    def _follow(self) -> None:
        """Move the deadline along with what the client is sending now."""
        if self.transport.is_closing():
            self._disarm()
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            return  # still the head: its deadline runs on, data or not
        if state is h11.SEND_BODY:
            self._waiting_for = "body"
            self._arm(self.limits.body_idle_s)  # re-armed by every piece of body
            return
        self._waiting_for = "reply"
        self._disarm()  # the request is in; the application has it

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._waiting_for == "body" and self.flow.read_paused:
            self._arm(self.limits.body_idle_s)  # we stopped reading, not the client
            return
        reason = "request_head_timeout" if self._waiting_for == "head" else "request_body_idle"
        REFUSALS.refused("(connection)", reason, client=self._peer())
        if self._waiting_for == "head" and self.conn.our_state is h11.IDLE:
            self.transport.write(_REPLY_408)
        self.transport.close()

    def _peer(self) -> str | None:
        return f"{self.client[0]}:{self.client[1]}" if self.client else None


class HandshakeDeadlineLoop(asyncio.SelectorEventLoop):
    """An event loop whose TLS servers cut a client that has not finished its handshake in time.

    uvicorn creates its servers with ``loop.create_server(..., ssl=...)`` and no
    ``ssl_handshake_timeout``; this loop fills it in.
    """

    handshake_timeout_s: ClassVar[float] = ConnectionLimits.tls_handshake_s

    @classmethod
    def factory(cls, limits: ConnectionLimits) -> Callable[[], asyncio.AbstractEventLoop]:
        """A loop class bound to ``limits.tls_handshake_s`` (asyncio.Runner calls it bare)."""
        return type(
            "HandshakeDeadlineLoop", (cls,), {"handshake_timeout_s": limits.tls_handshake_s}
        )

    async def create_server(self, *args: Any, **kwargs: Any) -> asyncio.Server:
        if kwargs.get("ssl") is not None:
            kwargs.setdefault("ssl_handshake_timeout", self.handshake_timeout_s)
        return await super().create_server(*args, **kwargs)
