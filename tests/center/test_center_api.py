"""The reference center over real HTTP on 127.0.0.1."""

from __future__ import annotations

import socket
from datetime import datetime

import httpx
import pytest

from center.app import CenterSettings
from center.protocol import DeviceReport, ErrorReply, HealthReply, Heartbeat, KioskRecord
from center.server import EmbeddedCenter

FIXED = "2025-11-23T09:30:00Z"


def test_health(center_client: httpx.Client) -> None:
    reply = center_client.get("/health")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "version": "9.8.7-test", "time": FIXED}
    health = HealthReply.model_validate_json(reply.content)
    assert health.time == datetime.fromisoformat(FIXED)


def test_heartbeat_round_trip(center_client: httpx.Client) -> None:
    beat = {"kiosk_id": "KIOSK-01", "status": {"outbox": 3, "version": "0.1.0"}}
    reply = center_client.post("/heartbeat", json=beat)
    assert reply.status_code == 200
    assert reply.json() == {"kiosk_id": "KIOSK-01", "received_at": FIXED}
    record = KioskRecord.model_validate_json(center_client.get("/kiosks/KIOSK-01").content)
    assert record.heartbeat.status == beat["status"]
    assert record.received_at == datetime.fromisoformat(FIXED)


def test_heartbeat_with_device_lines_replaces_the_last(center_client: httpx.Client) -> None:
    center_client.post("/heartbeat", json={"kiosk_id": "K2", "status": {"n": 1}})
    typed = Heartbeat(
        kiosk_id="K2",
        devices=[DeviceReport(device="receipt printer", state="needs attention", detail="Paper")],
    )
    center_client.post("/heartbeat", content=typed.model_dump_json()).raise_for_status()
    record = KioskRecord.model_validate(center_client.get("/kiosks/K2").json())
    assert record.heartbeat == typed


def test_unknown_kiosk_is_404(center_client: httpx.Client) -> None:
    reply = center_client.get("/kiosks/NEVER-SEEN")
    assert reply.status_code == 404
    assert "NEVER-SEEN" in ErrorReply.model_validate_json(reply.content).message


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": {}}, "kiosk_id"),
        ({"kiosk_id": "K1", "status": "fine"}, "status"),
        ({"kiosk_id": "bad id with spaces", "status": {}}, "kiosk_id"),
        ({"kiosk_id": 42, "status": {}}, "kiosk_id"),
    ],
)
def test_invalid_heartbeat_is_422_with_a_message(
    center_client: httpx.Client, body: dict[str, object], field: str
) -> None:
    reply = center_client.post("/heartbeat", json=body)
    assert reply.status_code == 422
    error = ErrorReply.model_validate_json(reply.content)
    assert error.error == "invalid_heartbeat"
    assert error.message.startswith("Invalid heartbeat: ")
    assert field in error.message
    assert [problem.field for problem in error.problems] == [field]
    assert center_client.get("/kiosks/K1").status_code == 404


def test_body_that_is_not_json_is_422(center_client: httpx.Client) -> None:
    reply = center_client.post("/heartbeat", content=b"{not json")
    assert reply.status_code == 422
    assert "Invalid JSON" in reply.json()["message"]


def test_oversized_heartbeat_is_413(center_client: httpx.Client) -> None:
    big = {"kiosk_id": "K1", "status": {"pad": "x" * 70_000}}
    assert center_client.post("/heartbeat", json=big).status_code == 413


def test_unknown_route_answers_json(center_client: httpx.Client) -> None:
    reply = center_client.get("/nothing-here")
    assert reply.status_code == 404
    assert reply.json()["error"] == "not_found"


def test_each_center_has_its_own_memory(center_settings: CenterSettings) -> None:
    with EmbeddedCenter(center_settings) as first, EmbeddedCenter(center_settings) as second:
        assert first.port != second.port
        with httpx.Client(trust_env=False) as client:
            beat = {"kiosk_id": "K1", "status": {}}
            client.post(f"{first.url}/api/v1/heartbeat", json=beat).raise_for_status()
            assert client.get(f"{second.url}/api/v1/kiosks/K1").status_code == 404


def test_server_stops_and_frees_its_port(center_settings: CenterSettings) -> None:
    center = EmbeddedCenter(center_settings).start()
    url, port = center.url, center.port
    assert url == f"http://127.0.0.1:{port}"
    with httpx.Client(trust_env=False) as client:
        client.get(f"{url}/api/v1/health").raise_for_status()
    center.stop()
    with pytest.raises(httpx.ConnectError), httpx.Client(trust_env=False) as client:
        client.get(f"{url}/api/v1/health")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))
        again.listen()
    center.stop()  # stopping twice is harmless
