"""What crosses the wire between a kiosk and the center (API v1).

This is the one module the kiosk side (``offline_queue/``) imports from
``center/``. Models ignore fields they do not know, so a newer kiosk can talk
to an older center and the other way round; required fields and types are
checked, and a bad request is answered 422 with an :class:`ErrorReply`.

======  =========================  ==================  ==================
method  path                       body                reply
======  =========================  ==================  ==================
GET     /api/v1/health             -                   HealthReply
POST    /api/v1/heartbeat          Heartbeat           HeartbeatAck
GET     /api/v1/kiosks/{kiosk_id}  -                   KioskRecord (404)
======  =========================  ==================  ==================
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, JsonValue

API_PREFIX = "/api/v1"

KIOSK_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"

KioskId = Annotated[str, Field(pattern=KIOSK_ID_PATTERN)]
"""Letters, digits, ``.``, ``_`` and ``-``; 1 to 64 characters (as in kiosk.toml)."""

MAX_BODY_BYTES = 64 * 1024
"""Largest heartbeat the center reads; a bigger body is refused with 413."""


class HealthReply(BaseModel):
    """``GET /health``: the center is up."""

    status: Literal["ok"] = "ok"
    version: str
    time: datetime


class DeviceReport(BaseModel):
    """One device line of a heartbeat, as the kiosk's diagnostics show it."""

    device: Annotated[str, Field(min_length=1, max_length=64)]
    state: Annotated[str, Field(min_length=1, max_length=32)]
    detail: Annotated[str, Field(max_length=500)] = ""


class Heartbeat(BaseModel):
    """``POST /heartbeat``: a kiosk says it is alive. Never carries citizen data.

    ``devices`` are the device lines; ``status`` holds other kiosk-level facts
    (software version, outbox depth...) as plain JSON.
    """

    kiosk_id: KioskId
    status: dict[str, JsonValue] = Field(default_factory=dict)
    devices: list[DeviceReport] = Field(default_factory=list, max_length=32)
    sent_at: datetime | None = None


class HeartbeatAck(BaseModel):
    """Reply to a heartbeat: when the center recorded it."""

    kiosk_id: str
    received_at: datetime


class KioskRecord(BaseModel):
    """``GET /kiosks/{kiosk_id}``: the last heartbeat the center has from that kiosk."""

    heartbeat: Heartbeat
    received_at: datetime


class Problem(BaseModel):
    """One thing wrong with a request: where, and what."""

    field: str
    problem: str


class ErrorReply(BaseModel):
    """Body of every 4xx/5xx reply: a code for programs, a sentence for people."""

    error: str
    message: str
    problems: list[Problem] = Field(default_factory=list)
