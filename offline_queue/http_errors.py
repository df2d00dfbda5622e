"""httpx failures and center error replies, translated into kiosk errors with words.

Nothing above ``offline_queue/`` sees an httpx type: a transport failure
becomes :class:`~kiosk.errors.CenterError`, an error reply becomes
:class:`~offline_queue.errors.CenterRefused` (or :class:`KioskRevoked`),
carrying the status, the center's error code and any ``Retry-After``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from pydantic import ValidationError

from center.protocol import RETRY_AFTER, ErrorReply
from kiosk.errors import CenterError
from offline_queue.errors import CenterRefused, KioskRevoked

# By the center's error code first: a 403 is a revocation only when it says so.
_CODE_FIXES = {
    "unknown_kiosk": "the center does not know this kiosk's key: enroll it again "
    "(kiosk center enroll)",
    "kiosk_revoked": "the center has revoked this kiosk: ask its operators, then enroll it again",
    "bad_token": "ask the center's operators for a new enrollment token issued for this "
    "kiosk's id ([kiosk] id in kiosk.toml)",
    "wrong_kiosk": "the request named another kiosk than the one that signed it: check "
    "[kiosk] id in kiosk.toml against the enrolled identity",
}
_FIXES = {
    401: "the center did not accept this kiosk's signature: check the kiosk's clock, "
    "or enroll it again (kiosk center enroll)",
    403: "the center does not allow this kiosk to do that: tell its operators what the "
    "message says",
    409: "the center is still busy with this request; the kiosk tries again by itself",
    413: "the request was too large for the center: tell its operators",
    422: "the center refused the content: the dossier is held for a technician",
    429: "the center asked the kiosk to slow down; it tries again by itself",
}


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def refusal(response: httpx.Response, base_url: str) -> CenterRefused:
    """The error reply ``response`` as a :class:`CenterRefused` in words."""
    status = response.status_code
    try:
        reply = ErrorReply.model_validate_json(response.content)
        code, said = reply.error, reply.message
    except ValidationError:
        code, said = "http_error", f"HTTP {status}"
    message = f"The center at {base_url} refused the request: {said}"
    fix = _CODE_FIXES.get(code) or _FIXES.get(
        status,
        "the center has a fault: the kiosk keeps the dossiers and tries again"
        if status >= 500
        else "tell the center's operators what the message says",
    )
    retry = retry_after_seconds(response.headers.get(RETRY_AFTER))
    kind = KioskRevoked if status in (401, 403) and code in _REVOKED_CODES else CenterRefused
    return kind(status, code, message, fix, retry)


_REVOKED_CODES = frozenset({"unknown_kiosk", "kiosk_revoked"})


def unreachable(exc: httpx.HTTPError, base_url: str) -> CenterError:
    """A transport failure (no route, reset, timeout, TLS) as a :class:`CenterError`."""
    if isinstance(exc, httpx.TimeoutException):
        what = "did not answer in time"
    elif isinstance(exc, httpx.ConnectError) and "CERTIFICATE" in str(exc).upper():
        return CenterError(
            f"The center at {base_url} presented a certificate the kiosk does not trust",
            "check kiosk.toml [center] url and the center's CA file",
        )
    elif isinstance(exc, httpx.ConnectError):
        what = "cannot be reached"
    else:
        what = f"broke off the exchange ({type(exc).__name__})"
    return CenterError(
        f"The center at {base_url} {what}",
        "check the network; the kiosk keeps the dossiers and tries again by itself",
    )


def check(response: httpx.Response, base_url: str) -> httpx.Response:
    """Return ``response`` if it is a success, else raise its refusal."""
    if response.is_success:
        return response
    raise refusal(response, base_url)
