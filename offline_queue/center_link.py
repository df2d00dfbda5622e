"""The kiosk's side of the link to the central system: reachability and heartbeats.

The dossier sync protocol (sealed upload, idempotency, resume) grows here from
the outbox issue; for now the kiosk can tell whether the center answers and
report its devices' state to it. httpx errors never leave this module: they
become :class:`~kiosk.errors.CenterError` or a :class:`DeviceStatus` in words.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx

from center.protocol import API_PREFIX, DeviceReport, HealthReply, Heartbeat, KioskRecord
from drivers.status import DeviceState, DeviceStatus
from kiosk.errors import CenterError
from kiosk.logs import fields

log = logging.getLogger(__name__)

DEVICE_NAME = "center"


class CenterLink:
    """HTTP client of the center for one kiosk."""

    def __init__(self, base_url: str, kiosk_id: str, timeout_s: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self._timeout = httpx.Timeout(timeout_s)

    def _client(self) -> httpx.Client:
        # No proxy from the environment: the center's address is configured
        # explicitly, and loopback traffic must never leave the machine.
        return httpx.Client(
            base_url=self.base_url + API_PREFIX, timeout=self._timeout, trust_env=False
        )

    def health(self) -> HealthReply:
        """Ask the center whether it is up; raise :class:`CenterError` if not."""
        try:
            with self._client() as client:
                reply = client.get("/health")
                reply.raise_for_status()
                return HealthReply.model_validate_json(reply.content)
        except httpx.HTTPStatusError as exc:
            raise CenterError(
                f"The center answered HTTP {exc.response.status_code} at {self.base_url}",
                "the center has a fault: tell its operators; the kiosk keeps dossiers until then",
            ) from exc
        except httpx.HTTPError as exc:
            raise CenterError(
                f"The center at {self.base_url} cannot be reached ({type(exc).__name__})",
                "check the network cable and kiosk.toml [center] url; "
                "the kiosk keeps working offline meanwhile",
            ) from exc
        except ValueError as exc:
            raise CenterError(
                f"The server at {self.base_url} does not speak the center protocol",
                "check kiosk.toml [center] url",
            ) from exc

    def status(self) -> DeviceStatus:
        """The center's reachability as a device line; never raises."""
        try:
            reply = self.health()
        except CenterError as exc:
            return DeviceStatus(DEVICE_NAME, DeviceState.ABSENT, exc.message, exc.fix)
        return DeviceStatus(
            DEVICE_NAME, DeviceState.READY, f"{self.base_url} answers (version {reply.version})"
        )

    def heartbeat(self, statuses: list[DeviceStatus]) -> None:
        """Report the kiosk's device states (no citizen data) to the center."""
        beat = Heartbeat(
            kiosk_id=self.kiosk_id,
            sent_at=datetime.now(UTC),
            devices=[
                DeviceReport(device=s.device, state=s.state.value, detail=s.detail)
                for s in statuses
            ],
        )
        try:
            with self._client() as client:
                client.post("/heartbeat", content=beat.model_dump_json()).raise_for_status()
        except httpx.HTTPError as exc:
            raise CenterError(
                f"Heartbeat to {self.base_url} failed ({type(exc).__name__})",
                "the kiosk retries on its next heartbeat",
            ) from exc
        log.info("heartbeat sent", extra=fields(count=len(statuses)))

    def kiosk_record(self) -> KioskRecord | None:
        """What the center last heard from this kiosk (``None`` if nothing yet)."""
        try:
            with self._client() as client:
                reply = client.get(f"/kiosks/{self.kiosk_id}")
                if reply.status_code == 404:
                    return None
                reply.raise_for_status()
                return KioskRecord.model_validate_json(reply.content)
        except (httpx.HTTPError, ValueError) as exc:
            raise CenterError(
                f"The center at {self.base_url} did not return this kiosk's record",
                "check that the center is up: kiosk doctor",
            ) from exc
