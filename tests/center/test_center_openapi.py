"""The OpenAPI document describes exactly the routes the center serves."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.routing import Route

from center.protocol import API_PREFIX
from center.server import EmbeddedCenter


def resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


def test_the_document_matches_the_routes(
    embedded_center: EmbeddedCenter, center_client: httpx.Client
) -> None:
    reply = center_client.get("/openapi.json")
    assert reply.status_code == 200
    document = reply.json()
    assert document["openapi"] == "3.1.0"
    assert document["info"]["version"] == "9.8.7-test"
    documented = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    # The document describes the kiosks' API; the console's HTML pages are not an API.
    served = {
        (method, route.path)
        for route in embedded_center.app.routes
        if isinstance(route, Route) and route.path.startswith(API_PREFIX)
        for method in (route.methods or set()) - {"HEAD"}
    }
    assert documented == served
    for ref in refs(document):
        assert isinstance(resolve(document, ref), dict), ref
    ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    upload = document["paths"]["/api/v1/dossiers"]["post"]
    headers = {p["name"] for p in upload["parameters"] if p["in"] == "header"}
    assert {"Idempotency-Key", "Kiosk-Signature", "Upload-Length"} <= headers
    assert upload["security"] == [{"kioskSignature": []}]
    for status in ("409", "422"):
        assert upload["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorReply"
        }
