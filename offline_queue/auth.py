"""Every request to the center is signed with the kiosk's enrolled Ed25519 key.

The signature covers the method, the path and query, the kiosk id, a timestamp,
a single-use nonce, the SHA-256 of the body and the upload headers
(:func:`center.protocol.signing_input`), so the center can refuse an unknown
or revoked kiosk, a changed request, and a replayed one.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Callable, Generator

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from center.protocol import (
    AUTH_KIOSK,
    AUTH_NONCE,
    AUTH_SIGNATURE,
    AUTH_TIMESTAMP,
    signing_input,
)

BODY_SHA256_HINT = "kiosk_body_sha256"
"""Request extension: the body's SHA-256 (hex), when the caller already knows it."""


class KioskSigner(httpx.Auth):
    """httpx authentication that signs each request as it is sent (retries re-sign)."""

    # False: a streamed upload body is sent as it is read; its SHA-256 comes
    # from the hint, and any other body is read here before it is hashed.
    requires_request_body = False

    def __init__(
        self, kiosk_id: str, key: Ed25519PrivateKey, clock: Callable[[], float] = time.time
    ) -> None:
        self.kiosk_id = kiosk_id
        self._key = key
        self._clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        timestamp = str(int(self._clock()))
        nonce = secrets.token_hex(16)
        # The transfer passes the envelope's known SHA-256 when the body is the
        # whole envelope: hashing 5 MB again would cost as much as sending it.
        hint = request.extensions.get(BODY_SHA256_HINT)
        known = hint if isinstance(hint, str) else None
        body_sha256 = known or hashlib.sha256(request.read()).hexdigest()
        message = signing_input(
            request.method,
            request.url.raw_path.decode("ascii"),
            kiosk_id=self.kiosk_id,
            timestamp=timestamp,
            nonce=nonce,
            body_sha256=body_sha256,
            headers=dict(request.headers),
        )
        request.headers[AUTH_KIOSK] = self.kiosk_id
        request.headers[AUTH_TIMESTAMP] = timestamp
        request.headers[AUTH_NONCE] = nonce
        request.headers[AUTH_SIGNATURE] = base64.b64encode(self._key.sign(message)).decode()
        yield request
