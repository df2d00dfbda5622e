"""The catalog and calendar notices: opaque versioned JSON, published by the operator."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from center.server import EmbeddedCenter
from center.service import CenterSettings

TOKEN = "operator-secret-token-123"


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with (
        EmbeddedCenter(CenterSettings(operator_token=TOKEN)) as center,
        httpx.Client(base_url=f"{center.url}/api/v1", trust_env=False) as client,
    ):
        yield client


def test_publish_then_read_with_etag(http: httpx.Client) -> None:
    assert http.get("/published/catalog").status_code == 404
    document = {"procedures": [{"code": "1.001234", "name_vi": "Cấp bản sao"}]}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    put = http.put("/published/catalog?version=2025.11", json=document, headers=auth)
    assert put.status_code == 201
    reply = http.get("/published/catalog")
    assert reply.json()["document"] == document and reply.json()["version"] == "2025.11"
    etag = reply.headers["ETag"]
    assert http.get("/published/catalog", headers={"If-None-Match": etag}).status_code == 304
    again = http.put("/published/catalog?version=2025.11", json={}, headers=auth)
    assert (again.status_code, again.json()["error"]) == (409, "version_exists")
    http.put("/published/catalog?version=2025.12", json={"procedures": []}, headers=auth)
    assert http.get("/published/catalog").json()["version"] == "2025.12"
    notices = {"notices": [{"id": "9441/TB-BNV", "off": ["2026-08-31"]}]}
    assert (
        http.put(
            "/published/calendar-notices?version=2026-1", json=notices, headers=auth
        ).status_code
        == 201
    )
    assert http.get("/published/calendar-notices").json()["document"] == notices


def test_only_the_operator_publishes(http: httpx.Client) -> None:
    body = {"procedures": []}
    assert http.put("/published/catalog?version=1", json=body).status_code == 403
    wrong = {"Authorization": "Bearer nope"}
    assert http.put("/published/catalog?version=1", json=body, headers=wrong).status_code == 403
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert http.put("/published/catalog", json=body, headers=auth).status_code == 400
    assert http.put("/published/recipes?version=1", json=body, headers=auth).status_code == 404
    not_json = http.put("/published/catalog?version=1", content=b"{", headers=auth)
    assert not_json.status_code == 422
