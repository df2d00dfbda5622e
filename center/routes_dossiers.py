"""Routes of the dossier upload (signed by the kiosk) and the status look-up."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from center.errors import Refusal
from center.protocol import (
    API_PREFIX,
    DOSSIER_CODE,
    ENVELOPE_DIGEST,
    IDEMPOTENCY_KEY,
    MAX_CHUNK_BYTES,
    UPLOAD_LENGTH,
    UPLOAD_OFFSET,
)
from center.replies import authenticate, blocking, handled, json_reply, read_body, service_of
from center.unseal import EnvelopeDigests


def _header(request: Request, name: str) -> str:
    value = request.headers.get(name, "").strip()
    if not value:
        raise Refusal(400, "missing_header", f"The {name} header is required")
    return value


def _number(request: Request, name: str) -> int:
    value = _header(request, name)
    if not value.isdigit():
        raise Refusal(400, "bad_header", f"The {name} header must be a whole number")
    return int(value)


@handled
async def start_upload(request: Request) -> Response:
    service = service_of(request)
    body = await read_body(request, MAX_CHUNK_BYTES)
    # One pass over the body serves the request signature and, when the body is
    # the whole envelope, the digest and seal checks.
    digests = await blocking(EnvelopeDigests.of, body)
    kiosk = await authenticate(service, request, digests)
    reply = await blocking(
        service.ingest.start,
        kiosk,
        _header(request, IDEMPOTENCY_KEY),
        code=_header(request, DOSSIER_CODE),
        length=_number(request, UPLOAD_LENGTH),
        digest=_header(request, ENVELOPE_DIGEST),
        first=body,
        first_digests=digests,
    )
    return json_reply(reply, 200 if reply.complete else 201)


@handled
async def append_upload(request: Request) -> Response:
    service = service_of(request)
    body = await read_body(request, MAX_CHUNK_BYTES)
    kiosk = await authenticate(service, request, body)
    reply = await blocking(
        service.ingest.append,
        kiosk,
        request.path_params["upload_id"],
        _header(request, IDEMPOTENCY_KEY),
        _number(request, UPLOAD_OFFSET),
        body,
    )
    return json_reply(reply)


@handled
async def upload_state(request: Request) -> Response:
    service = service_of(request)
    kiosk = await authenticate(service, request, b"")
    reply = await blocking(service.ingest.state, kiosk, request.path_params["upload_id"])
    return json_reply(reply)


@handled
async def dossier_status(request: Request) -> Response:
    service = service_of(request)
    await authenticate(service, request, b"")
    code = request.path_params["code"]
    status = await blocking(service.dossier_status, code)
    if status is None:
        raise Refusal(404, "unknown_dossier", f"The center holds no dossier {code!r}")
    return json_reply(status)


ROUTES = [
    Route(f"{API_PREFIX}/dossiers", start_upload, methods=["POST"]),
    Route(f"{API_PREFIX}/dossiers/uploads/{{upload_id}}", append_upload, methods=["PATCH"]),
    Route(f"{API_PREFIX}/dossiers/uploads/{{upload_id}}", upload_state, methods=["GET"]),
    Route(f"{API_PREFIX}/dossiers/status/{{code}}", dossier_status, methods=["GET"]),
]
