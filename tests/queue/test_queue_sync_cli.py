"""``kiosk queue sync`` flushes the outbox from the shell; status and list tell the truth."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest
from queue_samples import kiosk_cli, make_dossier

from center.server import EmbeddedCenter
from center.tls import TlsFiles
from kiosk.config import parse_config
from kiosk.errors import ConfigError
from kiosk.state_lock import StateLock
from offline_queue.enrollment import KioskIdentity
from offline_queue.outbox import Outbox


def write_config(
    tmp_path: Path, identity: KioskIdentity, state_dir: Path, url: str, ca: Path
) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[kiosk]\nid = "{identity.kiosk_id}"\n'
        f'[center]\nurl = "{url}"\nca_file = "{ca}"\ntimeout_s = 2\n'
        f'[paths]\nstate_dir = "{state_dir}"\n'
    )
    return path


def queue_up(state_dir: Path, identity: KioskIdentity, count: int) -> list[str]:
    """``count`` dossiers in the outbox, which is closed again (the CLI must own it)."""
    with Outbox(state_dir, identity.sealer()) as outbox:
        return [
            outbox.enqueue(*make_dossier(identity.kiosk_id)).provisional_code for _ in range(count)
        ]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sync_uploads_what_is_queued_with_progress_on_a_terminal(
    center: EmbeddedCenter,
    pki: TlsFiles,
    identity: KioskIdentity,
    state_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue_up(state_dir, identity, 3)
    config = write_config(tmp_path, identity, state_dir, center.url, pki.ca)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert kiosk_cli("queue", "sync", "--config", str(config)) == 0
    captured = capsys.readouterr()
    assert "3 dossier(s) sent, 0 waiting" in captured.out
    assert "\rsent 3 of 3" in captured.err
    assert center.service.dossier_count() == 3
    assert kiosk_cli("queue", "sync", "--config", str(config), "--json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "sent": 0,
        "queued": 0,
        "held": 0,
        "ok": True,
        "error": None,
    }


def test_sync_says_why_when_the_center_cannot_be_reached(
    pki: TlsFiles,
    identity: KioskIdentity,
    state_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    queue_up(state_dir, identity, 2)
    url = f"https://127.0.0.1:{closed_port()}"
    config = write_config(tmp_path, identity, state_dir, url, pki.ca)
    assert kiosk_cli("queue", "sync", "--config", str(config)) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk: 2 dossier(s) not sent (0 sent)") and "cannot be reached" in err
    assert len(err.strip().splitlines()) == 1


def test_sync_refuses_while_the_kiosk_runs(
    center: EmbeddedCenter,
    pki: TlsFiles,
    identity: KioskIdentity,
    state_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    queue_up(state_dir, identity, 1)
    config = write_config(tmp_path, identity, state_dir, center.url, pki.ca)
    with StateLock(state_dir):  # what `kiosk run` holds
        assert kiosk_cli("queue", "sync", "--config", str(config)) == 1
    err = capsys.readouterr().err
    assert "Another kiosk process" in err and "syncs by itself" in err
    assert center.service.dossier_count() == 0


def test_status_hides_an_error_older_than_the_last_success(
    identity: KioskIdentity,
    state_dir: Path,
    tmp_path: Path,
    pki: TlsFiles,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path, identity, state_dir, "https://center.example", pki.ca)
    with Outbox(state_dir, identity.sealer()) as outbox:
        outbox.record_sync("The center at https://x cannot be reached")
        outbox.record_sync(None)
    assert kiosk_cli("queue", "status", "--config", str(config), "--json") == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["last_sync_at"] is not None and facts["last_error"] is None
    assert kiosk_cli("queue", "status", "--config", str(config)) == 0
    assert "last error" not in capsys.readouterr().out
    with Outbox(state_dir, identity.sealer()) as outbox:
        outbox.record_sync("The center at https://x cannot be reached")
    assert kiosk_cli("queue", "status", "--config", str(config)) == 0
    assert "last error" in capsys.readouterr().out


def test_list_says_when_it_cut_the_list(
    identity: KioskIdentity,
    state_dir: Path,
    tmp_path: Path,
    pki: TlsFiles,
    capsys: pytest.CaptureFixture[str],
) -> None:
    codes = queue_up(state_dir, identity, 3)
    config = write_config(tmp_path, identity, state_dir, "https://center.example", pki.ca)
    assert kiosk_cli("queue", "list", "--config", str(config), "--limit", "2") == 0
    out = capsys.readouterr().out
    assert codes[2] not in out and "the first 2 of 3 dossiers" in out
    assert kiosk_cli("queue", "list", "--config", str(config), "--limit", "2", "--json") == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 2 and "the first 2 of 3" in captured.err
    assert kiosk_cli("queue", "list", "--config", str(config)) == 0
    assert "the first" not in capsys.readouterr().out


@pytest.mark.parametrize("url", ["http://10.0.0.5:8600", "http://center.example", "ftp://x"])
def test_a_plain_http_center_is_refused_outside_loopback(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f'[center]\nurl = "{url}"\n')
    assert caught.value.key == "center.url"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8600", "http://localhost:1", "http://[::1]:2"])
def test_plain_http_on_loopback_is_allowed(url: str) -> None:
    assert parse_config(f'[center]\nurl = "{url}"\n').center.url == url


def test_enrolling_over_plain_http_elsewhere_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert kiosk_cli("center", "enroll", "--token", "t" * 20, "--url", "http://10.0.0.5") == 2
    assert "center.url" in capsys.readouterr().err
