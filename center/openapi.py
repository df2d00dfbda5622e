"""The OpenAPI 3.1 document of API v1, built from the protocol models.

Served at ``/api/v1/openapi.json``; a test checks that every route of the
application is described here and every description has a route, so the
document cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from center.protocol import (
    API_PREFIX,
    AUTH_KIOSK,
    AUTH_NONCE,
    AUTH_SIGNATURE,
    AUTH_TIMESTAMP,
    DOSSIER_CODE,
    ENVELOPE_DIGEST,
    IDEMPOTENCY_KEY,
    UPLOAD_LENGTH,
    UPLOAD_OFFSET,
    DossierStatus,
    EnrollReply,
    EnrollRequest,
    ErrorReply,
    HealthReply,
    Heartbeat,
    HeartbeatAck,
    KioskRecord,
    PublishedDocument,
    UploadReply,
)

BINARY = "binary"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    reply: type[BaseModel] | None
    body: type[BaseModel] | str | None = None
    signed: bool = False
    headers: tuple[str, ...] = ()
    errors: tuple[int, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


OPERATIONS = (
    Operation("get", "/health", "The center is up", HealthReply),
    Operation("get", "/openapi.json", "This document", None),
    Operation(
        "post",
        "/enroll",
        "Register a kiosk key with a one-time token",
        EnrollReply,
        EnrollRequest,
        errors=(401, 403, 422),
    ),
    Operation(
        "post",
        "/heartbeat",
        "A kiosk says it is alive (no citizen data)",
        HeartbeatAck,
        Heartbeat,
        errors=(401, 403, 413, 422),
    ),
    Operation(
        "get", "/kiosks/{kiosk_id}", "The last heartbeat of a kiosk", KioskRecord, errors=(404,)
    ),
    Operation(
        "post",
        "/dossiers",
        "Start (or find again) the upload of a sealed dossier",
        UploadReply,
        BINARY,
        signed=True,
        headers=(IDEMPOTENCY_KEY, DOSSIER_CODE, UPLOAD_LENGTH, ENVELOPE_DIGEST),
        errors=(400, 401, 403, 409, 413, 422),
    ),
    Operation(
        "patch",
        "/dossiers/uploads/{upload_id}",
        "Append the next chunk at Upload-Offset",
        UploadReply,
        BINARY,
        signed=True,
        headers=(IDEMPOTENCY_KEY, UPLOAD_OFFSET),
        errors=(400, 401, 403, 404, 409, 413, 422),
    ),
    Operation(
        "get",
        "/dossiers/uploads/{upload_id}",
        "Where an upload stands (offset to resume from)",
        UploadReply,
        signed=True,
        errors=(401, 403, 404),
    ),
    Operation(
        "get",
        "/dossiers/status/{code}",
        "A received dossier by provisional or official code",
        DossierStatus,
        signed=True,
        errors=(401, 403, 404),
    ),
    Operation(
        "get",
        "/published/{kind}",
        "The latest catalog or calendar notices (ETag: version)",
        PublishedDocument,
        errors=(404,),
    ),
    Operation(
        "put",
        "/published/{kind}",
        "Publish a new version (operator bearer token, ?version=)",
        PublishedDocument,
        "json",
        errors=(400, 403, 409, 422),
    ),
)

_MODELS: tuple[type[BaseModel], ...] = (
    HealthReply,
    EnrollRequest,
    EnrollReply,
    Heartbeat,
    HeartbeatAck,
    KioskRecord,
    UploadReply,
    DossierStatus,
    PublishedDocument,
    ErrorReply,
)


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for model in _MODELS:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def _parameters(op: Operation) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": part[1:-1], "in": "path", "required": True, "schema": {"type": "string"}}
        for part in op.path.split("/")
        if part.startswith("{")
    ]
    names = list(op.headers)
    if op.signed:
        names += [AUTH_KIOSK, AUTH_TIMESTAMP, AUTH_NONCE, AUTH_SIGNATURE]
    params += [
        {"name": name, "in": "header", "required": True, "schema": {"type": "string"}}
        for name in names
    ]
    return params


def _operation_id(op: Operation) -> str:
    words = op.path.strip("/").replace(".", "_").replace("{", "").replace("}", "")
    return f"{op.method}_{words.replace('/', '_')}"


def _operation(op: Operation) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "OK"}
    if op.reply is not None:
        ok["content"] = {"application/json": {"schema": _ref(op.reply)}}
    else:
        ok["content"] = {"application/json": {"schema": {"type": "object"}}}
    responses: dict[str, Any] = {"200": ok}
    error = {"application/json": {"schema": _ref(ErrorReply)}}
    for status in (*op.errors, 500, 503):
        responses[str(status)] = {"description": "refused", "content": error}
    document: dict[str, Any] = {
        "summary": op.summary,
        "operationId": _operation_id(op),
        "parameters": _parameters(op),
        "responses": responses,
    }
    if op.body == BINARY:
        document["requestBody"] = {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    elif op.body == "json":
        document["requestBody"] = {"required": True, "content": {"application/json": {}}}
    elif isinstance(op.body, type):
        document["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body)}},
        }
    if op.signed:
        document["security"] = [{"kioskSignature": []}]
    return document


def openapi_document(version: str) -> dict[str, Any]:
    """The whole document for a center of ``version``."""
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        paths.setdefault(API_PREFIX + op.path, {})[op.method] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kiosk center API",
            "version": version,
            "description": "The protocol between record-reception kiosks and their center "
            "(see center/protocol.py).",
        },
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {
                "kioskSignature": {
                    "type": "apiKey",
                    "in": "header",
                    "name": AUTH_SIGNATURE,
                    "description": "Ed25519 over center.protocol.signing_input (KIOSK-AUTH-V1)",
                }
            },
        },
    }
