"""The reference center as a Starlette application (API v1).

``create_app(settings)`` builds one center: its :class:`CenterService`
(database, sealing key, verifier, ingest) in ``app.state.service`` and the
routes of ``routes_*.py``. Every error reply is an
:class:`~center.protocol.ErrorReply`. ``faults`` wraps the application in the
fault injector (tests and benches only).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from center import routes_dossiers, routes_kiosks, routes_published
from center.openapi import openapi_document
from center.protocol import API_PREFIX
from center.replies import error_reply, log_refusal
from center.service import CenterService, CenterSettings
from center.web import web_routes

__all__ = ["CenterService", "CenterSettings", "create_app"]

logger = logging.getLogger(__name__)


def create_app(settings: CenterSettings | None = None) -> Starlette:
    """A fresh center application with its own database (in memory by default)."""
    service = CenterService(settings or CenterSettings())

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document(service.settings.version))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        service.close()

    routes = [
        *routes_kiosks.ROUTES,
        *routes_dossiers.ROUTES,
        *routes_published.ROUTES,
        Route(f"{API_PREFIX}/openapi.json", openapi, methods=["GET"]),
        *web_routes(service),
    ]
    app = Starlette(
        routes=routes, exception_handlers={HTTPException: _http_error}, lifespan=lifespan
    )
    app.state.service = service
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    status_code = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Internal error"
    code = {404: "not_found", 405: "method_not_allowed"}.get(status_code, "http_error")
    log_refusal(request, code)
    return error_reply(status_code, code, f"{detail}: {request.method} {request.url.path}")
