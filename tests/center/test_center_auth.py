"""Only enrolled, unrevoked kiosks get in; a changed, stale or replayed request does not."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from center_samples import digest, enrolled, envelope, idem, new_code
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from center import store
from center.protocol import (
    AUTH_SIGNATURE,
    DOSSIER_CODE,
    ENVELOPE_DIGEST,
    IDEMPOTENCY_KEY,
    UPLOAD_LENGTH,
    UploadReply,
)
from center.server import EmbeddedCenter
from center.service import CenterSettings
from offline_queue.auth import KioskSigner

NOW = [1_764_000_000.0]


@pytest.fixture
def center() -> Iterator[EmbeddedCenter]:
    settings = CenterSettings(anonymous_heartbeats=False, auth_time=lambda: NOW[0])
    with EmbeddedCenter(settings) as running:
        yield running


def client(center: EmbeddedCenter, signer: httpx.Auth | None) -> httpx.Client:
    return httpx.Client(base_url=f"{center.url}/api/v1", trust_env=False, auth=signer)


def upload_request(kiosk, code: str) -> tuple[dict[str, str], bytes]:
    data = envelope(kiosk, code)
    headers = {
        IDEMPOTENCY_KEY: idem(),
        DOSSIER_CODE: code,
        UPLOAD_LENGTH: str(len(data)),
        ENVELOPE_DIGEST: digest(data),
    }
    return headers, data


def test_a_signed_upload_is_accepted(center: EmbeddedCenter) -> None:
    kiosk = enrolled(center.service, "K1")
    headers, data = upload_request(kiosk, new_code("K1"))
    with client(center, KioskSigner("K1", kiosk.key, lambda: NOW[0])) as http:
        reply = http.post("/dossiers", headers=headers, content=data)
        assert reply.status_code == 200, reply.text
        done = UploadReply.model_validate_json(reply.content)
        assert done.complete
        status = http.get(f"/dossiers/status/{done.official_code}")
        assert status.json()["provisional_code"] == headers[DOSSIER_CODE]
        assert http.get("/dossiers/status/NOPE-251124-0001").status_code == 404


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("unsigned", 401, "unsigned_request"),
        ("unknown", 401, "unknown_kiosk"),
        ("other key", 401, "bad_signature"),
        ("revoked", 403, "kiosk_revoked"),
        ("clock off", 401, "stale_request"),
    ],
)
def test_refused_callers(center: EmbeddedCenter, who: str, status: int, code: str) -> None:
    kiosk = enrolled(center.service, "K1")
    signer: httpx.Auth | None = KioskSigner("K1", kiosk.key, lambda: NOW[0])
    if who == "unsigned":
        signer = None
    elif who == "unknown":
        signer = KioskSigner("K-NEVER", kiosk.key, lambda: NOW[0])
    elif who == "other key":
        signer = KioskSigner("K1", Ed25519PrivateKey.generate(), lambda: NOW[0])
    elif who == "revoked":
        assert center.service.revoke("K1")
    else:
        signer = KioskSigner("K1", kiosk.key, lambda: NOW[0] - 3600)
    headers, data = upload_request(kiosk, new_code("K1"))
    with client(center, signer) as http:
        reply = http.post("/dossiers", headers=headers, content=data)
    assert (reply.status_code, reply.json()["error"]) == (status, code)
    assert center.service.dossier_count() == 0
    if who == "clock off":
        assert "NTP" in reply.json()["message"]


def test_a_changed_body_or_header_breaks_the_signature(center: EmbeddedCenter) -> None:
    kiosk = enrolled(center.service, "K1")
    headers, data = upload_request(kiosk, new_code("K1"))
    signer = KioskSigner("K1", kiosk.key, lambda: NOW[0])
    with client(center, None) as http:
        request = http.build_request("POST", "/dossiers", headers=headers, content=data)
        signed = next(signer.auth_flow(request))
        tampered = http.build_request(
            "POST", "/dossiers", headers={**signed.headers, UPLOAD_LENGTH: "1"}, content=data
        )
        assert http.send(tampered).json()["error"] == "bad_signature"
        swapped = http.build_request(
            "POST", "/dossiers", headers=dict(signed.headers), content=data[:-1] + b"x"
        )
        assert http.send(swapped).json()["error"] == "bad_signature"


def test_a_replayed_request_is_refused(center: EmbeddedCenter) -> None:
    kiosk = enrolled(center.service, "K1")
    signer = KioskSigner("K1", kiosk.key, lambda: NOW[0])
    with client(center, None) as http:
        request = http.build_request("GET", "/dossiers/status/A-251124-0001")
        signed = next(signer.auth_flow(request))
        assert AUTH_SIGNATURE in signed.headers
        assert http.send(signed).status_code == 404  # accepted, nothing there
        again = http.build_request("GET", "/dossiers/status/A-251124-0001", headers=signed.headers)
        replay = http.send(again)
    assert (replay.status_code, replay.json()["error"]) == (401, "replayed_request")


def test_heartbeats_must_be_signed_by_their_own_kiosk(center: EmbeddedCenter) -> None:
    kiosk = enrolled(center.service, "K1")
    beat = {"kiosk_id": "K1", "status": {"queued": 2}}
    with client(center, None) as anonymous:
        assert anonymous.post("/heartbeat", json=beat).status_code == 401
    with client(center, KioskSigner("K1", kiosk.key, lambda: NOW[0])) as http:
        assert http.post("/heartbeat", json=beat).status_code == 200
        assert http.post("/heartbeat", json={**beat, "kiosk_id": "K2"}).status_code == 403
        record = http.get("/kiosks/K1").json()
        assert record["heartbeat"]["status"] == {"queued": 2}
        assert http.get("/kiosks/K2").status_code == 403


def test_enrollment_over_http(center: EmbeddedCenter) -> None:
    token = center.service.issue_token("K9", "000.00.31.H29")
    public = "A" * 43 + "="
    with client(center, None) as http:
        reply = http.post("/enroll", json={"token": token, "kiosk_id": "K9", "public_key": public})
        assert reply.status_code == 200
        body = reply.json()
        assert body["sealing_key_id"] == center.service.sealing_key.key_id.hex()
        again = http.post("/enroll", json={"token": token, "kiosk_id": "K9", "public_key": public})
        assert (again.status_code, again.json()["error"]) == (401, "bad_token")
        bad = http.post("/enroll", json={"token": "t" * 20, "kiosk_id": "bad id"})
        assert bad.status_code == 422


def test_an_enrollment_token_never_starts_like_an_option(
    center: EmbeddedCenter, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = iter(["-looks-like-an-option", "--also", "fine-token"])
    monkeypatch.setattr(store.secrets, "token_urlsafe", lambda _: next(drawn))
    assert center.service.issue_token("K9", "000.00.31.H29") == "fine-token"
