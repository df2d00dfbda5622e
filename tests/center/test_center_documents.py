"""A hostile document to publish is refused in words: no 500, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from center.documents import MAX_DOCUMENT_DEPTH, parse_document
from center.server import EmbeddedCenter
from center.service import CenterSettings
from kiosk.cli import main

TOKEN = "operator-secret-token-123"
HOSTILE = {
    "deep": "[" * 100_000 + "]" * 100_000,
    "deep under the recursion limit": "[" * 600 + "]" * 600,
    "long number": '{"fee": ' + "9" * 5000 + "}",
}


@pytest.mark.parametrize("depth", [MAX_DOCUMENT_DEPTH, MAX_DOCUMENT_DEPTH + 1])
def test_depth_limit_is_exact(depth: int) -> None:
    text = "[" * depth + "]" * depth
    if depth <= MAX_DOCUMENT_DEPTH:
        assert parse_document(text) is not None
    else:
        with pytest.raises(ValueError, match="nested deeper"):
            parse_document(text)


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with (
        EmbeddedCenter(CenterSettings(operator_token=TOKEN)) as center,
        httpx.Client(base_url=f"{center.url}/api/v1", trust_env=False) as client,
    ):
        yield client


def test_put_published_refuses_hostile_json_with_422(http: httpx.Client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for number, body in enumerate(HOSTILE.values()):
        reply = http.put(f"/published/catalog?version=v{number}", content=body, headers=auth)
        assert (reply.status_code, reply.json()["error"]) == (422, "invalid_document")
    assert http.get("/published/catalog").status_code == 404


pytestmark = pytest.mark.usefixtures("keep_logging")  # tests/conftest.py


@pytest.mark.parametrize("name", list(HOSTILE))
def test_publish_command_refuses_hostile_json_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    document = tmp_path / "catalog.json"
    document.write_text(HOSTILE[name])
    data = str(tmp_path / "center")
    argv = ["center", "publish", "catalog", str(document), "--version", "v1", "--data", data]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: ") and "cannot be read as JSON" in err
    assert len(err.strip().splitlines()) == 1
