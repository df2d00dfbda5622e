"""The kiosk's side of the link to the central system.

One :class:`CenterLink` per kiosk knows the center's URL, the CA that vouches
for its TLS certificate and the kiosk's signing key; every request it makes is
signed once the kiosk is enrolled (:mod:`offline_queue.auth`). It offers
reachability, heartbeats, enrollment, status look-ups and published documents;
the dossier upload itself is :mod:`offline_queue.transfer`, driven by the
sync worker on a long-lived :meth:`CenterLink.client`.

httpx errors never leave this package: they become
:class:`~kiosk.errors.CenterError` (or a :class:`DeviceStatus` in words).
"""

from __future__ import annotations

import logging
import socket
import ssl
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ValidationError

from center.protocol import (
    API_PREFIX,
    DeviceReport,
    DossierStatus,
    EnrollReply,
    EnrollRequest,
    HealthReply,
    Heartbeat,
    HeartbeatAck,
    KioskRecord,
    PublishedDocument,
    check_center_url,
)
from drivers.status import DeviceState, DeviceStatus
from kiosk.errors import CenterError, ConfigError
from kiosk.logs import fields
from offline_queue.auth import KioskSigner
from offline_queue.http_errors import check, unreachable
from offline_queue.keys import public_key_b64

log = logging.getLogger(__name__)

DEVICE_NAME = "center"

_M = TypeVar("_M", bound=BaseModel)
_NO_DELAY = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
_DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)  # httpx's own


def _not_the_protocol(base_url: str, exc: Exception) -> CenterError:
    return CenterError(
        f"The server at {base_url} does not speak the center protocol ({type(exc).__name__})",
        "check kiosk.toml [center] url",
    )


class CenterLink:
    """HTTP client of the center for one kiosk.

    ``key``: the kiosk's enrolled signing key (unsigned requests before
    enrollment); ``ca_file``: the PEM bundle that vouches for the center's TLS
    certificate (the system's trust store when ``None``).
    """

    def __init__(
        self,
        base_url: str,
        kiosk_id: str,
        timeout_s: float = 10.0,
        *,
        key: Ed25519PrivateKey | None = None,
        ca_file: Path | None = None,
    ) -> None:
        try:
            check_center_url(base_url)
        except ValueError as exc:
            raise ConfigError(
                "center.url", f"{base_url[:200]} {exc}", "give the center's https:// address"
            ) from None
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self.key = key
        self.ca_file = ca_file
        self._timeout = httpx.Timeout(timeout_s)

    def with_key(self, key: Ed25519PrivateKey) -> CenterLink:
        """The same link, signing with ``key`` (after enrollment)."""
        return CenterLink(
            self.base_url,
            self.kiosk_id,
            self._timeout.read or 10.0,
            key=key,
            ca_file=self.ca_file,
        )

    def client(
        self, timeout_s: float | None = None, *, connections: int | None = None
    ) -> httpx.Client:
        """A client of ``/api/v1`` with TLS trust and signing set up; the caller closes it.

        ``connections``: at most this many connections, all kept alive (the sync
        worker's uploads in flight); ``None``: httpx's own pool limits.
        """
        verify: ssl.SSLContext | bool = True
        if self.ca_file is not None:
            verify = ssl.create_default_context(cafile=str(self.ca_file))
        # No proxy from the environment: the center's address is configured
        # explicitly, and loopback traffic must never leave the machine.
        # TCP_NODELAY: httpx writes headers and body separately; with Nagle the
        # body would wait for the center's delayed ACK (~40 ms a request).
        # The center speaks HTTP/1.1 only (uvicorn): concurrent uploads need a
        # connection each, kept alive across dossiers.
        limits = _DEFAULT_LIMITS
        if connections is not None:
            limits = httpx.Limits(
                max_connections=connections, max_keepalive_connections=connections
            )
        transport = httpx.HTTPTransport(verify=verify, socket_options=_NO_DELAY, limits=limits)
        return httpx.Client(
            base_url=self.base_url + API_PREFIX,
            timeout=self._timeout if timeout_s is None else httpx.Timeout(timeout_s),
            trust_env=False,
            transport=transport,
            auth=KioskSigner(self.kiosk_id, self.key) if self.key is not None else None,
        )

    def _call(
        self, method: str, path: str, model: type[_M], content: bytes | None = None
    ) -> _M | None:
        """One request; ``None`` on 404; the reply parsed as ``model``."""
        try:
            with self.client() as client:
                reply = client.request(method, path, content=content)
                if reply.status_code == 404:
                    return None
                return model.model_validate_json(check(reply, self.base_url).content)
        except httpx.HTTPError as exc:
            raise unreachable(exc, self.base_url) from exc
        except ValidationError as exc:
            raise _not_the_protocol(self.base_url, exc) from exc

    def health(self) -> HealthReply:
        """Ask the center whether it is up; raise :class:`CenterError` if not."""
        reply = self._call("GET", "/health", HealthReply)
        if reply is None:
            raise _not_the_protocol(self.base_url, LookupError("no /health"))
        return reply

    def status(self) -> DeviceStatus:
        """The center's reachability as a device line; never raises."""
        try:
            reply = self.health()
        except CenterError as exc:
            return DeviceStatus(DEVICE_NAME, DeviceState.ABSENT, exc.message, exc.fix)
        return DeviceStatus(
            DEVICE_NAME, DeviceState.READY, f"{self.base_url} answers (version {reply.version})"
        )

    def heartbeat(
        self, statuses: list[DeviceStatus], status: dict[str, object] | None = None
    ) -> None:
        """Report the kiosk's device states and outbox depth (no citizen data) to the center."""
        beat = Heartbeat.model_validate(
            {
                "kiosk_id": self.kiosk_id,
                "sent_at": datetime.now(UTC),
                "status": status or {},
                "devices": [
                    DeviceReport(device=s.device, state=s.state.value, detail=s.detail)
                    for s in statuses
                ],
            }
        )
        self._call("POST", "/heartbeat", HeartbeatAck, beat.model_dump_json().encode())
        log.info("heartbeat sent", extra=fields(count=len(statuses)))

    def kiosk_record(self) -> KioskRecord | None:
        """What the center last heard from this kiosk (``None`` if nothing yet)."""
        return self._call("GET", f"/kiosks/{self.kiosk_id}", KioskRecord)

    def enroll(self, token: str, key: Ed25519PrivateKey) -> EnrollReply:
        """Register ``key`` as this kiosk's key with a one-time token; get the sealing key."""
        request = EnrollRequest(token=token, kiosk_id=self.kiosk_id, public_key=public_key_b64(key))
        reply = self._call("POST", "/enroll", EnrollReply, request.model_dump_json().encode())
        if reply is None:
            raise CenterError(
                f"The server at {self.base_url} offers no enrollment",
                "check kiosk.toml [center] url",
            )
        log.info("kiosk enrolled", extra=fields(kiosk_id=self.kiosk_id))
        return reply

    def dossier_status(self, code: str) -> DossierStatus | None:
        """The center's record of a dossier by provisional or official code (``None``: unknown)."""
        return self._call("GET", f"/dossiers/status/{code}", DossierStatus)

    def published(self, kind: str) -> PublishedDocument | None:
        """The latest catalog or calendar notices the center publishes (``None``: none yet)."""
        return self._call("GET", f"/published/{kind}", PublishedDocument)
