"""Stateless signed session cookies and CSRF tokens for the console.

A session cookie holds ``{user, epoch, issued, seen}`` signed with HMAC-SHA256
under the center's ``session`` secret (in the database, so every center
process accepts every other's cookies). It is HttpOnly, SameSite=Strict,
Secure over HTTPS. A cookie idle for :data:`IDLE` or older than
:data:`LIFETIME` is refused; each request re-issues it with a fresh ``seen``.
Logging out raises the account's epoch (:mod:`center.officers`), which ends
every cookie issued before, in every process.

CSRF: every visitor gets a random ``console_csrf`` cookie (HttpOnly,
SameSite=Strict); each form carries HMAC(secret, that value) and a POST whose
field does not match is refused. SameSite=Strict already keeps the cookies off
cross-site requests; the token is the second lock, as OWASP advises.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "console_session"
CSRF_COOKIE = "console_csrf"
IDLE = 15 * 60
LIFETIME = 12 * 60 * 60


@dataclass(frozen=True)
class SessionClaims:
    user: str
    epoch: int
    issued: int
    seen: int


class Signer:
    """Signs and checks session cookies and CSRF tokens with one secret."""

    def __init__(self, secret: bytes) -> None:
        self._key = hashlib.sha256(b"console session\n" + secret).digest()
        self._csrf_key = hashlib.sha256(b"console csrf\n" + secret).digest()

    def _mac(self, payload: bytes) -> str:
        digest = hmac.new(self._key, payload, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def seal(self, claims: SessionClaims) -> str:
        body = json.dumps(
            {"u": claims.user, "e": claims.epoch, "i": claims.issued, "s": claims.seen},
            separators=(",", ":"),
        ).encode()
        payload = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return f"{payload}.{self._mac(payload.encode())}"

    def open(self, cookie: str, now: int) -> SessionClaims | None:
        """The claims of a genuine, live cookie; None otherwise."""
        payload, _, mac = cookie.partition(".")
        if (
            not mac
            or len(cookie) > 1024
            or not hmac.compare_digest(mac, self._mac(payload.encode()))
        ):
            return None
        try:
            raw = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            claims = SessionClaims(str(raw["u"]), int(raw["e"]), int(raw["i"]), int(raw["s"]))
        except (ValueError, KeyError, TypeError):
            return None
        if now - claims.seen > IDLE or now - claims.issued > LIFETIME or claims.seen > now + 60:
            return None
        return claims

    def csrf_token(self, cookie_value: str) -> str:
        digest = hmac.new(self._csrf_key, cookie_value.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def csrf_ok(self, cookie_value: str, field: str) -> bool:
        return bool(cookie_value) and hmac.compare_digest(self.csrf_token(cookie_value), field)


def csrf_cookie(request: Request) -> tuple[str, bool]:
    """The visitor's CSRF cookie value, and whether it is new (must be set on the reply)."""
    value = request.cookies.get(CSRF_COOKIE, "")
    if 20 <= len(value) <= 64:
        return value, False
    return secrets.token_urlsafe(24), True


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
