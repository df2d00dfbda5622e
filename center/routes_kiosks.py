"""Routes about kiosks: health, enrollment, heartbeats and the last record of a kiosk."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from center.errors import Refusal
from center.protocol import (
    API_PREFIX,
    AUTH_SIGNATURE,
    MAX_BODY_BYTES,
    EnrollRequest,
    HealthReply,
    Heartbeat,
    HeartbeatAck,
)
from center.replies import (
    STATUS_PER_KIOSK_PER_MINUTE,
    authenticate,
    blocking,
    error_reply,
    handled,
    json_reply,
    parse,
    read_body,
    service_of,
    throttle,
)

logger = logging.getLogger(__name__)


@handled
async def health(request: Request) -> Response:
    settings = service_of(request).settings
    return json_reply(HealthReply(version=settings.version, time=settings.clock()))


@handled
async def enroll(request: Request) -> Response:
    service = service_of(request)
    body = await read_body(request, MAX_BODY_BYTES)
    enrollment = parse(EnrollRequest, body, "enrollment")
    reply = await blocking(service.enroll, enrollment)
    logger.info("kiosk %s enrolled", enrollment.kiosk_id)
    return json_reply(reply)


@handled
async def heartbeat(request: Request) -> Response:
    service = service_of(request)
    body = await read_body(request, MAX_BODY_BYTES)
    signed = AUTH_SIGNATURE in request.headers
    kiosk = await authenticate(service, request, body) if signed else None
    if kiosk is None and not service.settings.anonymous_heartbeats:
        raise Refusal(401, "unsigned_request", "Heartbeats must be signed by an enrolled kiosk")
    beat = parse(Heartbeat, body, "heartbeat")
    if kiosk is not None and kiosk.kiosk_id != beat.kiosk_id:
        raise Refusal(403, "wrong_kiosk", "A kiosk may only send its own heartbeat")
    received_at = await blocking(service.record_heartbeat, beat)
    logger.info("heartbeat from %s (%d devices)", beat.kiosk_id, len(beat.devices))
    return json_reply(HeartbeatAck(kiosk_id=beat.kiosk_id, received_at=received_at))


@handled
async def kiosk_record(request: Request) -> Response:
    service = service_of(request)
    kiosk_id = request.path_params["kiosk_id"]
    if not service.settings.anonymous_heartbeats:
        signer = await authenticate(service, request, b"")
        if signer.kiosk_id != kiosk_id:
            raise Refusal(403, "wrong_kiosk", "A kiosk may only read its own record")
    await throttle(request, "kiosk_record", kiosk_id, STATUS_PER_KIOSK_PER_MINUTE)
    record = await blocking(service.kiosk_record, kiosk_id)
    if record is None:
        return error_reply(404, "unknown_kiosk", f"No heartbeat received from kiosk {kiosk_id!r}")
    return json_reply(record)


ROUTES = [
    Route(f"{API_PREFIX}/health", health, methods=["GET"]),
    Route(f"{API_PREFIX}/enroll", enroll, methods=["POST"]),
    Route(f"{API_PREFIX}/heartbeat", heartbeat, methods=["POST"]),
    Route(f"{API_PREFIX}/kiosks/{{kiosk_id}}", kiosk_record, methods=["GET"]),
]
