"""What crosses the wire between a kiosk and the center (API v1).

This is the one module the kiosk side (``offline_queue/``) imports from
``center/``: the JSON models, the header names, the canonical text a kiosk
signs for every request, the byte layout of a sealed dossier (``SEAL_*``,
:class:`SealHeader`) and of an export bundle (``BUNDLE_*``). Models
ignore fields they do not know, so a newer kiosk can talk to an older center
and the other way round; a bad request is answered 4xx with an :class:`ErrorReply`.

======  =====================================  ==============  =====================
method  path                                   body            reply
======  =====================================  ==============  =====================
GET     /api/v1/health                         -               HealthReply
GET     /api/v1/openapi.json                   -               the OpenAPI document
POST    /api/v1/enroll                         EnrollRequest   EnrollReply
POST    /api/v1/heartbeat                      Heartbeat       HeartbeatAck
GET     /api/v1/kiosks/{kiosk_id}              -               KioskRecord (404)
POST    /api/v1/dossiers                       envelope bytes  UploadReply (signed)
PATCH   /api/v1/dossiers/uploads/{upload_id}   envelope bytes  UploadReply (signed)
GET     /api/v1/dossiers/uploads/{upload_id}   -               UploadReply (signed)
GET     /api/v1/dossiers/status/{code}         -               DossierStatus (signed)
GET     /api/v1/published/{kind}               -               PublishedDocument
PUT     /api/v1/published/{kind}               JSON document   PublishedDocument (op.)
======  =====================================  ==============  =====================

"signed": the request carries the kiosk's Ed25519 signature over
:func:`signing_input` in the ``Kiosk-*`` headers. "op.": an operator bearer token.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import struct
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, JsonValue

API_PREFIX = "/api/v1"

KIOSK_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"

KioskId = Annotated[str, Field(pattern=KIOSK_ID_PATTERN)]
"""Letters, digits, ``.``, ``_`` and ``-``; 1 to 64 characters (as in kiosk.toml)."""

AGENCY_CODE_PATTERN = r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$"
"""The receiving agency's code, the prefix of official dossier codes.

Circular 01/2018/TT-VPCP, Art. 19: ``V1V2V3.Z1Z2.Y1Y2.MX1X2`` (e.g.
``000.00.31.H29``): three groups of digits, then a letter and two digits.
Unverified (checked 2026-12-04): which letters ``M`` may be; any capital is accepted.
"""

AgencyCode = Annotated[str, Field(pattern=AGENCY_CODE_PATTERN)]


def check_kiosk_id(value: str) -> str:
    """``value`` if it is a kiosk id, else a :class:`ValueError` saying what one looks like."""
    if not re.fullmatch(KIOSK_ID_PATTERN, value):
        raise ValueError(
            f"{value[:80]!r} is not a kiosk id: 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return value


def check_center_url(url: str) -> str:
    """``url`` if a kiosk may talk to a center there, else a :class:`ValueError` in words.

    Enrollment and uploads go over TLS: ``https://`` with a host. Plain
    ``http://`` only to this machine (the demo's embedded center, a local tunnel).
    """
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return url
    if parts.scheme == "http":
        raise ValueError(
            "must be https:// (plain http:// is allowed only to this machine, 127.0.0.1)"
        )
    raise ValueError("must be an https:// address of the center")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_agency_code(value: str) -> str:
    """``value`` if it is an agency code, else a :class:`ValueError` showing the form."""
    if not re.fullmatch(AGENCY_CODE_PATTERN, value):
        raise ValueError(
            f"{value[:80]!r} is not an agency code of Circular 01/2018/TT-VPCP: "
            "the form is 000.00.31.H29 (digits, a capital letter, digits)"
        )
    return value

MAX_BODY_BYTES = 64 * 1024
"""Largest JSON body the center reads (heartbeat, enrollment); bigger is refused with 413."""

MAX_CHUNK_BYTES = 16 * 1024 * 1024
"""Largest piece of a sealed dossier in one request; bigger is refused with 413."""

MAX_ENVELOPE_BYTES = 512 * 1024 * 1024
"""Largest sealed dossier the center accepts (``Upload-Length``)."""

# --- headers ------------------------------------------------------------------

IDEMPOTENCY_KEY = "Idempotency-Key"
UPLOAD_OFFSET = "Upload-Offset"
UPLOAD_LENGTH = "Upload-Length"
DOSSIER_CODE = "Dossier-Code"
ENVELOPE_DIGEST = "Envelope-Digest"
AUTH_KIOSK = "Kiosk-Id"
AUTH_TIMESTAMP = "Kiosk-Timestamp"
AUTH_NONCE = "Kiosk-Nonce"
AUTH_SIGNATURE = "Kiosk-Signature"
RETRY_AFTER = "Retry-After"

SIGNED_HEADERS = (IDEMPOTENCY_KEY, UPLOAD_OFFSET, UPLOAD_LENGTH, DOSSIER_CODE, ENVELOPE_DIGEST)
"""Headers whose values the request signature covers (an absent one counts as empty)."""

AUTH_CLOCK_SKEW_S = 300
"""A signed request more than this far from the center's clock is refused (replay window)."""

IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


def signing_input(
    method: str,
    path_and_query: str,
    *,
    kiosk_id: str,
    timestamp: str,
    nonce: str,
    body_sha256: str,
    headers: dict[str, str],
) -> bytes:
    """The exact bytes a kiosk signs for one request (version 1).

    One field a line: a tag, the method, the path with its query, who, when,
    a single-use nonce, the SHA-256 of the body (hex) and the signed headers.
    ``headers`` is looked up case-insensitively.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    lines = [
        "KIOSK-AUTH-V1",
        method.upper(),
        path_and_query,
        kiosk_id,
        timestamp,
        nonce,
        body_sha256,
        *(f"{name.lower()}:{lowered.get(name.lower(), '')}" for name in SIGNED_HEADERS),
    ]
    return "\n".join(lines).encode("utf-8")


# --- JSON models ----------------------------------------------------------------


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


class EnrollRequest(BaseModel):
    """``POST /enroll``: a kiosk presents a one-time token and its signing key."""

    token: Annotated[str, Field(min_length=16, max_length=128)]
    kiosk_id: KioskId
    public_key: Annotated[str, Field(description="Ed25519 public key, 32 bytes, base64")]


class EnrollReply(BaseModel):
    """What an enrolled kiosk keeps: the key its dossiers are sealed to."""

    kiosk_id: str
    agency_code: AgencyCode
    sealing_public_key: Annotated[str, Field(description="X25519 public key, 32 bytes, base64")]
    sealing_key_id: Annotated[str, Field(description="hex of the key id in seal headers")]


class UploadReply(BaseModel):
    """Where the upload of one sealed dossier stands.

    ``offset`` is the number of envelope bytes the center holds durably: the
    kiosk resumes from there. ``complete`` with an ``official_code``: received.
    """

    upload_id: str
    provisional_code: str
    offset: int
    length: int
    complete: bool = False
    official_code: str | None = None


class DossierStatus(BaseModel):
    """``GET /dossiers/status/{code}``: a received dossier, by provisional or official code."""

    provisional_code: str
    official_code: str
    kiosk_id: str
    procedure_code: str
    received_at: datetime
    state: str


class PublishedDocument(BaseModel):
    """A document the center publishes (catalog, calendar notices): opaque JSON, versioned."""

    kind: str
    version: Annotated[str, Field(min_length=1, max_length=64)]
    published_at: datetime
    document: JsonValue


PUBLISHED_KINDS = ("catalog", "calendar-notices")


class PaperDigest(BaseModel):
    """A paper as the center checks it after opening the seal."""

    requirement_id: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size_bytes: Annotated[int, Field(ge=0)]


class SealedManifest(BaseModel):
    """The center's view of the dossier JSON inside a seal (the rest it keeps unread)."""

    provisional_code: str
    kiosk_id: str
    procedure_code: str
    received_at: datetime
    papers: list[PaperDigest] = Field(default_factory=list)


# --- the sealed envelope, format 1 ------------------------------------------------

SEAL_MAGIC = b"KSEAL"
SEAL_VERSION = 1
SEAL_SUITE = 1
"""Suite 1: X25519 + HKDF-SHA256 -> AES-256-GCM in STREAM segments; Ed25519 signature."""
SEAL_TAG_BYTES = 16
SEAL_SIGNATURE_BYTES = 64
SEAL_SEGMENT_BYTES = 1024 * 1024
SEAL_HKDF_INFO = b"kiosk-seal/v1 key"
SEAL_SIGNATURE_CONTEXT = b"kiosk-seal/v1 signature\n"
_FIXED = struct.Struct(">5sBBI8s32s16sB")


@dataclass(frozen=True)
class SealHeader:
    """The clear header of a sealed dossier; every segment authenticates it as AAD.

    ``magic | version | suite | segment size | recipient key id (8) |
    ephemeral X25519 key (32) | HKDF salt (16) | kiosk id length | kiosk id``.
    """

    segment_size: int
    recipient_key_id: bytes
    ephemeral_public: bytes
    salt: bytes
    kiosk_id: str

    def encode(self) -> bytes:
        kiosk = self.kiosk_id.encode("ascii")
        fixed = _FIXED.pack(
            SEAL_MAGIC,
            SEAL_VERSION,
            SEAL_SUITE,
            self.segment_size,
            self.recipient_key_id,
            self.ephemeral_public,
            self.salt,
            len(kiosk),
        )
        return fixed + kiosk

    @classmethod
    def decode(cls, data: bytes) -> tuple[SealHeader, int]:
        """Parse the header at the start of ``data``; return it and its length."""
        if len(data) < _FIXED.size:
            raise ValueError("too short to be a sealed dossier")
        magic, version, suite, segment, key_id, ephemeral, salt, n = _FIXED.unpack_from(data)
        if magic != SEAL_MAGIC:
            raise ValueError("not a sealed dossier (bad magic)")
        if version != SEAL_VERSION or suite != SEAL_SUITE:
            raise ValueError(f"sealed with format {version}/suite {suite}, this center reads 1/1")
        if not 1024 <= segment <= MAX_CHUNK_BYTES:
            raise ValueError("implausible segment size")
        end = _FIXED.size + n
        kiosk = data[_FIXED.size : end].decode("ascii")
        return cls(segment, key_id, ephemeral, salt, kiosk), end


def seal_key_id(sealing_public_key: bytes) -> bytes:
    """The 8-byte id of a center sealing key (lets the center rotate keys)."""
    return hashlib.sha256(b"kiosk-seal key id\n" + sealing_public_key).digest()[:8]


def seal_hkdf_info(ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    """HKDF ``info``: binds the derived key to both public keys."""
    return SEAL_HKDF_INFO + ephemeral_public + recipient_public


def seal_nonce(index: int, last: bool) -> bytes:
    """STREAM nonce: an 11-byte segment counter and a last-segment flag (as in age)."""
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def seal_signed_message(header_and_segments_sha256: bytes) -> bytes:
    """What the kiosk's Ed25519 key signs: a context string and the digest."""
    return SEAL_SIGNATURE_CONTEXT + header_and_segments_sha256


def seal_plaintext_prefix(manifest_json: bytes) -> bytes:
    """Inside the seal: a 4-byte length, the dossier JSON, then each paper's bytes in order."""
    return struct.pack(">I", len(manifest_json)) + manifest_json


def split_plaintext(plaintext: bytes) -> tuple[bytes, bytes]:
    """The dossier JSON and the concatenated papers of an opened seal.

    (The center reads the same layout segment by segment: ``center.unseal``.)
    """
    if len(plaintext) < 4:
        raise ValueError("sealed content too short")
    (length,) = struct.unpack_from(">I", plaintext)
    if 4 + length > len(plaintext):
        raise ValueError("sealed content truncated")
    return plaintext[4 : 4 + length], plaintext[4 + length :]


# --- the export bundle (sealed dossiers carried on a USB stick) ---------------------

BUNDLE_MANIFEST = "bundle.json"
BUNDLE_FORMAT: Literal[1] = 1


class BundleEntry(BaseModel):
    """One sealed dossier in a bundle; ``file`` is ``sealed/<envelope sha256>.seal``."""

    provisional_code: str
    idempotency_key: Annotated[str, Field(pattern=IDEMPOTENCY_KEY_PATTERN)]
    envelope_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size: Annotated[int, Field(ge=1, le=MAX_ENVELOPE_BYTES)]
    file: str


class BundleManifest(BaseModel):
    """``bundle.json`` at the root of an export tar: who exported what, when."""

    format: Literal[1] = BUNDLE_FORMAT
    kiosk_id: KioskId
    created_at: datetime
    entries: list[BundleEntry]
