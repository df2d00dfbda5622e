"""HTTP plumbing shared by the routes: JSON replies, error replies, bounded bodies, auth.

Every error reply is an :class:`~center.protocol.ErrorReply`; a
:class:`~center.errors.Refusal` raised anywhere in a handler becomes one, and a
:class:`~center.errors.StorageFault` becomes 503 (the kiosk retries later).
Blocking work (the database, opening seals) runs in the thread pool so a slow
request never stalls the others.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from center import throttle as budget
from center.errors import Refusal, StorageFault
from center.protocol import AUTH_KIOSK, RETRY_AFTER, ErrorReply, Problem
from center.refusals import REFUSALS
from center.service import CenterService
from center.store import KioskRow
from center.unseal import EnvelopeDigests

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
Handler = Callable[[Request], Awaitable[Response]]


def json_reply(model: BaseModel, status_code: int = 200) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"), status_code=status_code)


def error_reply(
    status_code: int,
    error: str,
    message: str,
    problems: list[Problem] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    reply = ErrorReply(error=error, message=message, problems=problems or [])
    return JSONResponse(reply.model_dump(mode="json"), status_code=status_code, headers=headers)


def handled(handler: Handler) -> Handler:
    """Turn refusals and storage faults raised by ``handler`` into error replies."""

    @functools.wraps(handler)
    async def wrapper(request: Request) -> Response:
        try:
            return await handler(request)
        except Refusal as exc:
            log_refusal(request, exc.code)
            headers = dict(exc.headers)
            if exc.retry_after_s is not None:
                headers[RETRY_AFTER] = str(exc.retry_after_s)
            return error_reply(exc.status, exc.code, exc.message, exc.problems, headers)
        except ClientDisconnect:
            # The kiosk gave up (timeout, cut link) before sending the whole body;
            # nothing was stored and nobody is there to read a reply.
            return error_reply(400, "client_disconnected", "The client went away")
        except StorageFault as exc:
            log_refusal(request, "storage_unavailable")
            logger.error("storage fault: %s", exc.message)
            return error_reply(
                503, "storage_unavailable", f"{exc.message}", headers={RETRY_AFTER: "30"}
            )

    return wrapper


def log_refusal(request: Request, reason: str) -> None:
    """One rate-limited line per refusal: the route, why, the claimed kiosk, the client."""
    route = request.scope.get("route")
    path = getattr(route, "path", None) or request.url.path  # the template: no codes
    client = f"{request.client.host}:{request.client.port}" if request.client else None
    kiosk = request.headers.get(AUTH_KIOSK) or request.path_params.get("kiosk_id")
    REFUSALS.refused(f"{request.method} {path}", reason, kiosk_id=kiosk, client=client)


STATUS_PER_KIOSK_PER_MINUTE = 120
"""Dossier status look-ups one kiosk may make a minute (a kiosk asks once per dossier)."""


async def throttle(request: Request, route: str, kiosk_id: str, limit: int) -> None:
    """Refuse with 429 once ``kiosk_id`` has made ``limit`` requests to ``route`` this minute."""
    service = service_of(request)
    now_s = int(service.settings.clock().timestamp())
    wait_s = await blocking(budget.wait_s, service.db, route, kiosk_id, limit, now_s)
    if wait_s is not None:
        raise Refusal(
            429,
            "too_many_requests",
            f"Kiosk {kiosk_id!r} asked too often; try again later",
            retry_after_s=wait_s,
        )


async def blocking(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``function`` in the thread pool (database and crypto work)."""
    return await run_in_threadpool(function, *args, **kwargs)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past ``limit`` bytes (before reading it all)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refusal(413, "too_large", f"The body is over {limit} bytes")
    parts: list[bytes] = []
    size = 0
    async for part in request.stream():
        parts.append(part)
        size += len(part)
        if size > limit:
            raise Refusal(413, "too_large", f"The body is over {limit} bytes")
    return b"".join(parts)  # one copy, at the end


def parse(model: type[M], body: bytes, what: str) -> M:
    """Validate a JSON body; a 422 names each bad field."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        problems = [_problem(error) for error in exc.errors(include_url=False)]
        summary = "; ".join(f"{p.field}: {p.problem}" for p in problems)
        raise Refusal(
            422, f"invalid_{what}", f"Invalid {what}: {summary}", problems=problems
        ) from exc


def _problem(error: ErrorDetails) -> Problem:
    where = ".".join(str(part) for part in error["loc"]) or "body"
    return Problem(field=where, problem=error["msg"])


def path_and_query(request: Request) -> str:
    """The path as the kiosk signed it (raw, with the query)."""
    raw = request.scope.get("raw_path")
    path = raw.decode("ascii") if isinstance(raw, bytes) else request.url.path
    query = request.scope.get("query_string", b"")
    return f"{path}?{query.decode('ascii')}" if query else path


async def authenticate(
    service: CenterService, request: Request, body: bytes | EnvelopeDigests
) -> KioskRow:
    """The kiosk that signed this request, or a 401/403 refusal.

    ``body`` may be given as its :class:`EnvelopeDigests` (computed once for a
    dossier upload, whose body is hashed for the seal check too).
    """
    headers = {name.lower(): value for name, value in request.headers.items()}
    digest = body.full if isinstance(body, EnvelopeDigests) else hashlib.sha256(body).hexdigest()
    return await blocking(
        service.verifier.verify, request.method, path_and_query(request), headers, digest
    )


def service_of(request: Request) -> CenterService:
    service: CenterService = request.app.state.service
    return service
