"""``kiosk center serve|token|revoke|publish`` as an operator runs them."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from center.tls import make_pki
from kiosk.cli import main

pytestmark = pytest.mark.usefixtures("keep_logging")


def cli(*argv: str) -> int:
    return main(["--log-level", "ERROR", *argv])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_token_revoke_publish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "center"
    assert cli("center", "token", "KIOSK-9", "--agency", "000.00.31.H29", "--data", str(data)) == 0
    token = capsys.readouterr().out.strip()
    assert len(token) >= 16
    assert (data / "center-sealing.pem").stat().st_mode & 0o777 == 0o600
    assert cli("center", "revoke", "KIOSK-9", "--data", str(data)) == 1
    assert "not enrolled" in capsys.readouterr().err
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"procedures": []}))
    args = ("center", "publish", "catalog", str(catalog), "--version", "v1", "--data", str(data))
    assert cli(*args) == 0
    assert cli(*args) == 1
    assert "already published" in capsys.readouterr().err
    catalog.write_text("{not json")
    assert (
        cli("center", "publish", "catalog", str(catalog), "--version", "v2", "--data", str(data))
        == 1
    )
    assert "cannot be read as JSON" in capsys.readouterr().err


def test_serve_answers_over_tls_and_stops(tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "kiosk",
        "--log-level",
        "WARNING",
        "center",
        "serve",
        "--data",
        str(tmp_path / "center"),
        "--port",
        str(port),
        "--tls-cert",
        str(pki.cert),
        "--tls-key",
        str(pki.key),
    ]
    log = tmp_path / "serve.log"
    trust = ssl.create_default_context(cafile=str(pki.ca))
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)
    try:
        deadline = time.monotonic() + 20
        reply = None
        while time.monotonic() < deadline and reply is None:
            try:
                with httpx.Client(verify=trust, trust_env=False, timeout=1) as client:
                    reply = client.get(f"https://127.0.0.1:{port}/api/v1/health")
            except httpx.HTTPError:
                assert server.poll() is None, log.read_text()
                time.sleep(0.1)
        assert reply is not None and reply.json()["status"] == "ok"
        with httpx.Client(verify=trust, trust_env=False) as client:
            beat = client.post(
                f"https://127.0.0.1:{port}/api/v1/heartbeat", json={"kiosk_id": "K1"}
            )
        assert beat.status_code == 401  # a production center takes only signed heartbeats
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert (tmp_path / "center" / "center.db").exists()
