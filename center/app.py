"""The reference center as a Starlette application (API v1, stub protocol).

Heartbeats live in memory for now; the dossier sync protocol and its storage
grow here later. Every error reply is an :class:`~center.protocol.ErrorReply`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from center.protocol import (
    API_PREFIX,
    MAX_BODY_BYTES,
    ErrorReply,
    HealthReply,
    Heartbeat,
    HeartbeatAck,
    KioskRecord,
    Problem,
)

logger = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _installed_version() -> str:
    try:
        return metadata.version("kiosk")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class CenterSettings:
    """How one center runs; the defaults suit the embedded demo center."""

    version: str = field(default_factory=_installed_version)
    clock: Callable[[], datetime] = _utc_now


class HeartbeatStore:
    """The last heartbeat of every kiosk, in memory (lost at restart)."""

    def __init__(self) -> None:
        self._last: dict[str, KioskRecord] = {}

    def record(self, beat: Heartbeat, received_at: datetime) -> KioskRecord:
        entry = KioskRecord(heartbeat=beat, received_at=received_at)
        self._last[beat.kiosk_id] = entry
        return entry

    def last(self, kiosk_id: str) -> KioskRecord | None:
        return self._last.get(kiosk_id)


def create_app(settings: CenterSettings | None = None) -> Starlette:
    """A fresh center application with its own (empty) heartbeat store."""
    settings = settings or CenterSettings()
    store = HeartbeatStore()

    async def health(request: Request) -> Response:
        return _json(HealthReply(version=settings.version, time=settings.clock()))

    async def heartbeat(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _error(413, "too_large", f"Heartbeat is over {MAX_BODY_BYTES} bytes")
        try:
            beat = Heartbeat.model_validate_json(body)
        except ValidationError as exc:
            problems = [_problem(error) for error in exc.errors(include_url=False)]
            summary = "; ".join(f"{p.field}: {p.problem}" for p in problems)
            logger.info("refused heartbeat: %s", summary)
            return _error(422, "invalid_heartbeat", f"Invalid heartbeat: {summary}", problems)
        entry = store.record(beat, settings.clock())
        logger.info("heartbeat from %s (%d devices)", beat.kiosk_id, len(beat.devices))
        return _json(HeartbeatAck(kiosk_id=beat.kiosk_id, received_at=entry.received_at))

    async def kiosk(request: Request) -> Response:
        kiosk_id = request.path_params["kiosk_id"]
        entry = store.last(kiosk_id)
        if entry is None:
            return _error(404, "unknown_kiosk", f"No heartbeat received from kiosk {kiosk_id!r}")
        return _json(entry)

    routes = [
        Route(f"{API_PREFIX}/health", health, methods=["GET"]),
        Route(f"{API_PREFIX}/heartbeat", heartbeat, methods=["POST"]),
        Route(f"{API_PREFIX}/kiosks/{{kiosk_id}}", kiosk, methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    app.state.heartbeats = store
    return app


def _json(model: BaseModel, status_code: int = 200) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"), status_code=status_code)


def _error(
    status_code: int, error: str, message: str, problems: list[Problem] | None = None
) -> JSONResponse:
    reply = ErrorReply(error=error, message=message, problems=problems or [])
    return _json(reply, status_code)


def _problem(error: ErrorDetails) -> Problem:
    where = ".".join(str(part) for part in error["loc"]) or "body"
    return Problem(field=where, problem=error["msg"])


async def _http_error(request: Request, exc: Exception) -> Response:
    status_code = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Internal error"
    code = {404: "not_found", 405: "method_not_allowed"}.get(status_code, "http_error")
    return _error(status_code, code, f"{detail}: {request.method} {request.url.path}")
