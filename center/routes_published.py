"""Routes of the documents the center publishes: the catalog and the calendar notices.

Reading is open to every kiosk (no personal data; ``ETag`` is the version, so
``If-None-Match`` answers 304). Publishing needs the operator's bearer token
(``CenterSettings.operator_token``), or ``kiosk center publish`` on the center.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from center.documents import parse_document
from center.errors import Refusal
from center.protocol import API_PREFIX, MAX_CHUNK_BYTES
from center.replies import blocking, handled, json_reply, read_body, service_of


@handled
async def read_published(request: Request) -> Response:
    service = service_of(request)
    document = await blocking(service.published, request.path_params["kind"])
    if document is None:
        raise Refusal(404, "not_published", "Nothing of this kind is published yet")
    etag = f'"{document.version}"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    reply = json_reply(document)
    reply.headers["ETag"] = etag
    return reply


@handled
async def publish(request: Request) -> Response:
    service = service_of(request)
    token = service.settings.operator_token
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if token is None or not hmac.compare_digest(given.encode(), token.encode()):
        raise Refusal(403, "operator_only", "Publishing needs the center operator's token")
    version = request.query_params.get("version", "")
    if not version or len(version) > 64:
        raise Refusal(400, "missing_version", "Give ?version=... (1 to 64 characters)")
    body = await read_body(request, MAX_CHUNK_BYTES)
    try:
        document = parse_document(body)
    except ValueError as exc:
        raise Refusal(422, "invalid_document", f"The document is {exc}") from None
    published = await blocking(service.publish, request.path_params["kind"], version, document)
    return json_reply(published, 201)


ROUTES = [
    Route(f"{API_PREFIX}/published/{{kind}}", read_published, methods=["GET"]),
    Route(f"{API_PREFIX}/published/{{kind}}", publish, methods=["PUT"]),
]
