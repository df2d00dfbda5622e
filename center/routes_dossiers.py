"""Routes of the dossier upload (signed by the kiosk) and the status look-up."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

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
    SEAL_SIGNATURE_BYTES,
    SEAL_TAG_BYTES,
    UPLOAD_LENGTH,
    UPLOAD_OFFSET,
    UploadReply,
)
from center.receiving import Receiver
from center.replies import (
    STATUS_PER_KIOSK_PER_MINUTE,
    authenticate,
    blocking,
    handled,
    json_reply,
    path_and_query,
    read_body,
    service_of,
    throttle,
)
from center.service import CenterService
from center.store import KioskRow
from center.unseal import EnvelopeDigests


def _header(headers: Mapping[str, str], name: str) -> str:
    """A required header; ``headers`` has lower-case names."""
    value = headers.get(name.lower(), "").strip()
    if not value:
        raise Refusal(400, "missing_header", f"The {name} header is required")
    return value


def _number(headers: Mapping[str, str], name: str) -> int:
    value = _header(headers, name)
    if not value.isdigit():
        raise Refusal(400, "bad_header", f"The {name} header must be a whole number")
    return int(value)


@dataclass(frozen=True)
class _Signed:
    """What the signature check needs of a request, off the event loop."""

    method: str
    target: str
    headers: dict[str, str]  # lower-case names

    @classmethod
    def of(cls, request: Request) -> _Signed:
        headers = {name.lower(): value for name, value in request.headers.items()}
        return cls(request.method, path_and_query(request), headers)

    def kiosk(self, service: CenterService, body_sha256: str) -> KioskRow:
        return service.verifier.verify(self.method, self.target, self.headers, body_sha256)


def _receive_start(service: CenterService, signed: _Signed, body: bytes) -> UploadReply:
    """Everything after the body is in, in one worker-thread hop (each hop is a round trip).

    A whole envelope starts being written to disk first, while it is
    authenticated and checked: the write (fsync included) is the longest step
    of a receipt, and it then runs beside the hashing, the signature, the
    idempotency look-up and the seal check instead of after them. It is begun
    only for a request signed in the name of a known, active kiosk, and a
    refused request deletes it.
    """
    headers = signed.headers
    early = None
    whole = bool(body) and headers.get(UPLOAD_LENGTH.lower(), "").strip() == str(len(body))
    if whole and service.verifier.plausible(headers):
        early = service.blobs.begin_store(body)
    try:
        # One pass over the body serves the request signature and, when the body
        # is the whole envelope, the digest and seal checks.
        digests = EnvelopeDigests.of(body)
        kiosk = signed.kiosk(service, digests.full)
        return service.ingest.start(
            kiosk,
            _header(headers, IDEMPOTENCY_KEY),
            code=_header(headers, DOSSIER_CODE),
            length=_number(headers, UPLOAD_LENGTH),
            digest=_header(headers, ENVELOPE_DIGEST),
            first=body,
            first_digests=digests,
            first_blob=early,
        )
    finally:
        if early is not None:
            early.abandon()  # refused, or not needed (a retry); a no-op once stored


def _whole_length(headers: Mapping[str, str]) -> int | None:
    """The body's length when it declares itself the whole envelope (streamable), else None."""
    declared = headers.get("content-length", "").strip()
    if declared != headers.get(UPLOAD_LENGTH.lower(), "").strip() or not declared.isdigit():
        return None
    length = int(declared)
    return length if SEAL_TAG_BYTES + SEAL_SIGNATURE_BYTES <= length <= MAX_CHUNK_BYTES else None


def _receive_streamed(service: CenterService, signed: _Signed, receiver: Receiver) -> UploadReply:
    """:func:`_receive_start` for a body already written and checked as it arrived."""
    headers = signed.headers
    try:
        kiosk = signed.kiosk(service, receiver.check.digests.full)
        return service.ingest.start(
            kiosk,
            _header(headers, IDEMPOTENCY_KEY),
            code=_header(headers, DOSSIER_CODE),
            length=_number(headers, UPLOAD_LENGTH),
            digest=_header(headers, ENVELOPE_DIGEST),
            first=b"",  # in the file already; no copy of 5 MB in memory
            first_digests=receiver.check.digests,
            first_blob=receiver.blob,
            first_check=receiver.check,
        )
    finally:
        receiver.blob.abandon()  # refused, or not needed (a retry); a no-op once stored


async def _stream_start(
    service: CenterService, signed: _Signed, request: Request, length: int
) -> UploadReply:
    """Receive a whole envelope while a worker thread writes and checks it (see receiving)."""
    receiver = Receiver(
        length, service.ingest.sealing_keys, service.blobs.begin_stream(), service.blobs.receivers
    )
    size = 0
    try:
        async for part in request.stream():
            size += len(part)
            if size > length:
                raise Refusal(413, "beyond_length", "The body is longer than Upload-Length")
            receiver.add(part)
    except BaseException:
        receiver.cancel()
        raise
    receiver.close()
    try:
        await asyncio.wrap_future(receiver.digested)
    except BaseException:
        receiver.blob.abandon()
        raise
    return await blocking(_receive_streamed, service, signed, receiver)


@handled
async def start_upload(request: Request) -> Response:
    service = service_of(request)
    signed = _Signed.of(request)
    length = _whole_length(signed.headers)
    # Only for a request in the name of a known, active kiosk: nobody else gets
    # a file written or a seal looked at before the request signature is checked.
    if length is not None and await blocking(service.verifier.plausible, signed.headers):
        reply = await _stream_start(service, signed, request, length)
    else:
        body = await read_body(request, MAX_CHUNK_BYTES)
        reply = await blocking(_receive_start, service, signed, body)
    return json_reply(reply, 200 if reply.complete else 201)


def _receive_chunk(
    service: CenterService, signed: _Signed, upload_id: str, body: bytes
) -> UploadReply:
    """Authenticate and append a chunk in one worker-thread hop (hashing off the event loop)."""
    kiosk = signed.kiosk(service, hashlib.sha256(body).hexdigest())
    return service.ingest.append(
        kiosk,
        upload_id,
        _header(signed.headers, IDEMPOTENCY_KEY),
        _number(signed.headers, UPLOAD_OFFSET),
        body,
    )


@handled
async def append_upload(request: Request) -> Response:
    service = service_of(request)
    body = await read_body(request, MAX_CHUNK_BYTES)
    reply = await blocking(
        _receive_chunk, service, _Signed.of(request), request.path_params["upload_id"], body
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
    kiosk = await authenticate(service, request, b"")
    await throttle(request, "dossier_status", kiosk.kiosk_id, STATUS_PER_KIOSK_PER_MINUTE)
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
