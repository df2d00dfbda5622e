"""A fault-injecting wrapper around the center, for tests and benches only.

It stands in front of the application and, at random (seeded), answers 500
before doing anything, does the work and then answers 500 (a lost
acknowledgement), answers 503 with ``Retry-After``, delays the reply, or
holds it longer than the kiosk's timeout. The request body is read in full
first, so a request the client gave up on is still processed, as a real
server would after a slow network. Connection resets are a TCP matter: see
the proxy in the tests.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from center.protocol import API_PREFIX, ErrorReply


@dataclass
class FaultPlan:
    """How often each fault strikes (per request to ``paths``), and how hard."""

    error_rate: float = 0.0
    lost_ack_rate: float = 0.0
    busy_rate: float = 0.0
    slow_rate: float = 0.0
    stall_rate: float = 0.0
    slow_s: float = 0.05
    stall_s: float = 1.0
    retry_after_s: int = 0
    paths: tuple[str, ...] = (f"{API_PREFIX}/dossiers",)
    seed: int = 7
    script: dict[int, str] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    body_bytes: int = 0
    requests: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - a reproducible fault schedule

    def draw(self) -> str:
        """Which fault (or ``"none"``) strikes the next request.

        ``script`` names the fault of given request numbers (1-based) exactly;
        the rates decide the others.
        """
        self.requests += 1
        if self.requests in self.script:
            fault = self.script[self.requests]
            self.counts[fault] += 1
            return fault
        roll = self._rng.random()
        for name, rate in (
            ("error", self.error_rate),
            ("lost_ack", self.lost_ack_rate),
            ("busy", self.busy_rate),
            ("slow", self.slow_rate),
            ("stall", self.stall_rate),
        ):
            if roll < rate:
                self.counts[name] += 1
                return name
            roll -= rate
        self.counts["none"] += 1
        return "none"


def _error_message(status: int, code: str, retry_after: int | None) -> list[Message]:
    body = ErrorReply(error=code, message=f"injected fault: {code}").model_dump_json().encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body},
    ]


class FaultInjector:
    """ASGI middleware applying a :class:`FaultPlan`."""

    def __init__(self, app: ASGIApp, plan: FaultPlan) -> None:
        self.app = app
        self.plan = plan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(self.plan.paths):
            await self.app(scope, receive, send)
            return
        messages = await _read_all(receive)
        self.plan.body_bytes += sum(len(m.get("body", b"")) for m in messages)
        fault = self.plan.draw()
        if fault == "error":
            await _send_all(send, _error_message(500, "injected_error", None))
            return
        if fault == "busy":
            await _send_all(send, _error_message(503, "injected_busy", self.plan.retry_after_s))
            return
        if fault in ("slow", "stall"):
            await asyncio.sleep(self.plan.slow_s if fault == "slow" else self.plan.stall_s)
        replay = _replayer(messages)
        if fault == "lost_ack":

            async def swallow(message: Message) -> None:
                return None

            await self.app(scope, replay, swallow)
            await _send_all(send, _error_message(500, "injected_lost_ack", None))
            return
        await self.app(scope, replay, send)


async def _read_all(receive: Receive) -> list[Message]:
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replayer(messages: list[Message]) -> Receive:
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        # After the body: behave like a client that waits (no disconnect yet).
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    return receive


async def _send_all(send: Send, messages: list[Message]) -> None:
    for message in messages:
        await send(message)
